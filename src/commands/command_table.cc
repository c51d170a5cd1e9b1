#include "eddy/commands/command_table.h"

#include "eddy/core/hash.h"

namespace eddy {

const char* group_name(CommandGroup g) {
  switch (g) {
    case CommandGroup::Generic: return "generic";
    case CommandGroup::String: return "string";
    case CommandGroup::List: return "list";
    case CommandGroup::Set: return "set";
    case CommandGroup::SortedSet: return "sorted-set";
    case CommandGroup::Hash: return "hash";
    case CommandGroup::PubSub: return "pubsub";
    case CommandGroup::Transactions: return "transactions";
    case CommandGroup::Connection: return "connection";
    case CommandGroup::Server: return "server";
    case CommandGroup::Scripting: return "scripting";
    case CommandGroup::HyperLogLog: return "hyperloglog";
    case CommandGroup::Cluster: return "cluster";
    case CommandGroup::Sentinel: return "sentinel";
    case CommandGroup::Geo: return "geo";
    case CommandGroup::Stream: return "stream";
    case CommandGroup::Bitmap: return "bitmap";
  }
  return "generic";
}

size_t CommandTable::NoCaseHash::operator()(std::string_view s) const {
  return static_cast<size_t>(hash_key_nocase(s));
}

const CommandEntry* CommandEntry::find_sub(std::string_view name) const {
  for (auto& s : subs)
    if (iequals(s->spec->name, name)) return s.get();
  return nullptr;
}

CommandTable::CommandTable() {
  register_connection_commands(*this);
  register_client_commands(*this);
  register_server_commands(*this);
  register_string_commands(*this);
  register_keyspace_commands(*this);
  register_transaction_commands(*this);
  register_introspection_commands(*this);
  register_config_commands(*this);
  register_list_commands(*this);
  register_hash_commands(*this);
  register_set_commands(*this);
  register_zset_commands(*this);
  register_sort_commands(*this);
  register_pubsub_commands(*this);
  register_persistence_commands(*this);
  register_stream_commands(*this);
}

void CommandTable::add(std::span<const CommandSpec> rows) {
  for (const CommandSpec& row : rows) {
    auto e = std::make_unique<CommandEntry>();
    e->spec = &row;
    e->fullname = std::string(row.name);
    for (const CommandSpec& sub : row.subcommands) {
      auto s = std::make_unique<CommandEntry>();
      s->spec = &sub;
      s->fullname = std::string(row.name) + "|" + std::string(sub.name);
      s->parent = e.get();
      e->subs.push_back(std::move(s));
    }
    by_name_[e->spec->name] = e.get();
    entries_.push_back(std::move(e));
  }
}

const CommandEntry* CommandTable::find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

void CommandTable::reset_stats() {
  for (auto& e : entries_) {
    e->stats = {};
    for (auto& s : e->subs) s->stats = {};
  }
}

}  // namespace eddy
