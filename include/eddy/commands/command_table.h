// CommandTable: every command row, looked up by name without allocating.
//
// Built once at start-up from the explicit register_*_commands() list in command_table.cc.
// Holds per-command runtime statistics (INFO commandstats) next to the static rows.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eddy/commands/command.h"

namespace eddy {

class LatencyHistogram;  // server/info.h

struct CommandStats {
  uint64_t calls = 0;
  uint64_t usec = 0;
  uint64_t rejected_calls = 0;
  uint64_t failed_calls = 0;
  std::shared_ptr<LatencyHistogram> latency;  // INFO latencystats; created on first call
};

struct CommandEntry {
  const CommandSpec* spec = nullptr;
  std::string fullname;  // "get", "config|get"
  const CommandEntry* parent = nullptr;
  std::vector<std::unique_ptr<CommandEntry>> subs;
  mutable CommandStats stats;

  const CommandEntry* find_sub(std::string_view name) const;
  bool is_container() const { return !spec->subcommands.empty(); }
};

class CommandTable {
 public:
  CommandTable();
  void add(std::span<const CommandSpec> rows);
  // Case-insensitive lookup; nullptr if unknown.
  const CommandEntry* find(std::string_view name) const;
  const std::vector<std::unique_ptr<CommandEntry>>& all() const { return entries_; }
  size_t size() const { return entries_.size(); }
  void reset_stats();

 private:
  struct NoCaseHash {
    size_t operator()(std::string_view s) const;
  };
  struct NoCaseEq {
    bool operator()(std::string_view a, std::string_view b) const { return iequals(a, b); }
  };
  std::vector<std::unique_ptr<CommandEntry>> entries_;
  std::unordered_map<std::string_view, CommandEntry*, NoCaseHash, NoCaseEq> by_name_;
};

// Registration functions, one per family file.
void register_connection_commands(CommandTable& t);
void register_client_commands(CommandTable& t);  // CLIENT
void register_server_commands(CommandTable& t);
void register_string_commands(CommandTable& t);
void register_keyspace_commands(CommandTable& t);
void register_transaction_commands(CommandTable& t);
void register_introspection_commands(CommandTable& t);  // COMMAND
void register_config_commands(CommandTable& t);         // CONFIG
void register_list_commands(CommandTable& t);
void register_hash_commands(CommandTable& t);
void register_set_commands(CommandTable& t);
void register_zset_commands(CommandTable& t);
void register_sort_commands(CommandTable& t);  // SORT, SORT_RO
void register_pubsub_commands(CommandTable& t);
void register_persistence_commands(CommandTable& t);  // SAVE BGSAVE DUMP RESTORE
void register_stream_commands(CommandTable& t);

}  // namespace eddy
