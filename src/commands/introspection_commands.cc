// COMMAND and its subcommands: COUNT, LIST, INFO, DOCS, GETKEYS, GETKEYSANDFLAGS, HELP.
//
// Everything is derived from the CommandSpec rows of the table (DESIGN.md §3): flag names
// and ACL categories (introspection.h), key specifications from the `keys` range, and the
// COMMAND DOCS argument tree from the `args` syntax line (arg_grammar.h). redis-cli 7.0
// builds its input hints from COMMAND DOCS, so those trees are what users see while typing.
//
// Where Eddy reports less than Redis: key specifications are derived (one "range" spec from
// `keys`, plus one "unknown" spec for rows with movable keys) with flags guessed from the
// command flags (write: RW access update; read-only: RO access), without Redis's
// hand-written notes; COMMAND DOCS has no per-argument "since", no "history" and no
// "doc_flags", and names of alternative groups are derived ("nx_xx" for "condition").
#include <algorithm>

#include "eddy/commands/arg_grammar.h"
#include "eddy/commands/command_table.h"
#include "eddy/commands/introspection.h"
#include "eddy/server/server.h"

namespace eddy {

// ---------------------------------------------------------------------------------------
// Row-derived metadata (introspection.h)

namespace {

constexpr std::string_view kAclNames[kAclCategoryCount] = {
    "keyspace", "read",  "write",      "set",     "sortedset",  "list",        "hash",
    "string",   "bitmap", "hyperloglog", "geo",   "stream",     "pubsub",      "admin",
    "fast",     "slow",  "blocking",   "dangerous", "connection", "transaction", "scripting",
};

// Categories a command family implies; naming one in `acl` replaces the group's default.
constexpr uint32_t kDataCategories = kAclKeyspace | kAclSet | kAclSortedSet | kAclList |
                                     kAclHash | kAclString | kAclBitmap | kAclHyperLogLog |
                                     kAclGeo | kAclStream | kAclConnection | kAclTransaction |
                                     kAclScripting;

uint32_t group_category(CommandGroup g) {
  switch (g) {
    case CommandGroup::Generic: return kAclKeyspace;
    case CommandGroup::String: return kAclString;
    case CommandGroup::List: return kAclList;
    case CommandGroup::Set: return kAclSet;
    case CommandGroup::SortedSet: return kAclSortedSet;
    case CommandGroup::Hash: return kAclHash;
    case CommandGroup::Transactions: return kAclTransaction;
    case CommandGroup::Connection: return kAclConnection;
    case CommandGroup::Scripting: return kAclScripting;
    case CommandGroup::HyperLogLog: return kAclHyperLogLog;
    case CommandGroup::Geo: return kAclGeo;
    case CommandGroup::Stream: return kAclStream;
    case CommandGroup::Bitmap: return kAclBitmap;
    // Pub/sub commands get @pubsub from their flag; server, cluster and sentinel
    // commands have no data category.
    case CommandGroup::PubSub:
    case CommandGroup::Server:
    case CommandGroup::Cluster:
    case CommandGroup::Sentinel: return 0;
  }
  return 0;
}

// COMMAND INFO flag names in Redis's order. may_replicate, sentinel, only_sentinel and
// protected exist as flags but Redis does not list them.
struct FlagName {
  uint64_t bit;
  std::string_view name;
};
constexpr FlagName kFlagNames[] = {
    {kCmdWrite, "write"},
    {kCmdReadOnly, "readonly"},
    {kCmdDenyOom, "denyoom"},
    {kCmdModule, "module"},
    {kCmdAdmin, "admin"},
    {kCmdPubSub, "pubsub"},
    {kCmdNoScript, "noscript"},
    {kCmdBlocking, "blocking"},
    {kCmdLoading, "loading"},
    {kCmdStale, "stale"},
    {kCmdSkipMonitor, "skip_monitor"},
    {kCmdSkipSlowlog, "skip_slowlog"},
    {kCmdAsking, "asking"},
    {kCmdFast, "fast"},
    {kCmdNoAuth, "no_auth"},
    {kCmdNoMandatoryKeys, "no_mandatory_keys"},
    {kCmdNoAsyncLoading, "no_async_loading"},
    {kCmdNoMulti, "no_multi"},
    {kCmdMovableKeys, "movablekeys"},
    {kCmdAllowBusy, "allow_busy"},
};

}  // namespace

std::string_view acl_category_name(int bit) {
  return bit >= 0 && bit < kAclCategoryCount ? kAclNames[bit] : std::string_view{};
}

uint32_t acl_category_from_name(std::string_view name) {
  if (name.starts_with('@')) name.remove_prefix(1);
  for (int i = 0; i < kAclCategoryCount; ++i)
    if (iequals(kAclNames[i], name)) return 1u << i;
  return 0;
}

bool parse_acl_field(std::string_view field, uint32_t* out) {
  *out = 0;
  size_t i = 0;
  while (i < field.size()) {
    if (field[i] == ' ') {
      ++i;
      continue;
    }
    size_t j = field.find(' ', i);
    if (j == std::string_view::npos) j = field.size();
    std::string_view word = field.substr(i, j - i);
    uint32_t bit = word.starts_with('@') ? acl_category_from_name(word) : 0;
    if (!bit) return false;
    *out |= bit;
    i = j;
  }
  return true;
}

uint32_t command_acl_categories(const CommandSpec& row) {
  uint32_t extra = 0;
  parse_acl_field(row.acl, &extra);
  uint32_t c = extra;
  if (row.subcommands.empty() && !(extra & kDataCategories)) c |= group_category(row.group);
  if (row.flags & kCmdWrite) c |= kAclWrite;
  if ((row.flags & kCmdReadOnly) && !(c & kAclScripting)) c |= kAclRead;
  if (row.flags & kCmdAdmin) c |= kAclAdmin | kAclDangerous;
  if (row.flags & kCmdPubSub) c |= kAclPubSub;
  if (row.flags & kCmdFast) c |= kAclFast;
  if (row.flags & kCmdBlocking) c |= kAclBlocking;
  if (!(c & kAclFast)) c |= kAclSlow;
  return c;
}

std::vector<std::string_view> command_flag_names(const CommandSpec& row) {
  uint64_t flags = row.flags;
  if (row.movable_keys) flags |= kCmdMovableKeys;
  std::vector<std::string_view> names;
  for (const FlagName& f : kFlagNames)
    if (flags & f.bit) names.push_back(f.name);
  return names;
}

bool command_has_keys(const CommandSpec& row) {
  return row.keys.first > 0 || row.movable_keys != nullptr;
}

bool command_key_positions(const CommandSpec& row, std::span<const std::string_view> argv,
                           std::vector<int>* out) {
  const int argc = static_cast<int>(argv.size());
  if (row.movable_keys) {
    std::vector<int> found;
    if (row.movable_keys(argv, &found) < 0) return false;
    for (int pos : found)
      if (pos > 0 && pos < argc) out->push_back(pos);
    return true;
  }
  if (row.keys.first <= 0) return true;
  int last = row.keys.last < 0 ? argc + row.keys.last : row.keys.last;
  int step = row.keys.step > 0 ? row.keys.step : 1;
  for (int i = row.keys.first; i <= last && i < argc; i += step) out->push_back(i);
  return true;
}

// ---------------------------------------------------------------------------------------
// COMMAND replies

namespace {

const char* const kHelpLines[] = {
    "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "(no subcommand)",
    "    Return details about all Redis commands.",
    "COUNT",
    "    Return the total number of commands in this Redis server.",
    "LIST",
    "    Return a list of all commands in this Redis server.",
    "INFO [<command-name> ...]",
    "    Return details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "DOCS [<command-name> ...]",
    "    Return documentation details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "GETKEYS <full-command>",
    "    Return the keys from a full Redis command.",
    "GETKEYSANDFLAGS <full-command>",
    "    Return the keys and the access flags from a full Redis command.",
    "HELP",
    "    Prints this help.",
};

// A derived key specification (see the file comment).
struct KeySpec {
  bool range = false;  // false: begin_search and find_keys are "unknown"
  int index = 0;
  int lastkey = 0;
  int keystep = 1;
};

std::vector<KeySpec> key_specs(const CommandSpec& row) {
  std::vector<KeySpec> specs;
  if (row.keys.first > 0) {
    KeySpec s;
    s.range = true;
    s.index = row.keys.first;
    s.lastkey = row.keys.last < 0 ? row.keys.last : row.keys.last - row.keys.first;
    s.keystep = row.keys.step > 0 ? row.keys.step : 1;
    specs.push_back(s);
  }
  if (row.movable_keys) specs.push_back(KeySpec{});
  return specs;
}

std::vector<std::string_view> key_spec_flags(const CommandSpec& row) {
  // Shard channels (SSUBSCRIBE, SPUBLISH ...) sit in key positions for cluster routing but
  // are flagged as no keys, so COMMAND GETKEYS skips them.
  if (row.group == CommandGroup::PubSub) return {"not_key"};
  if (row.flags & kCmdWrite) return {"RW", "access", "update"};
  if (row.flags & kCmdReadOnly) return {"RO", "access"};
  return {"RO"};
}

void reply_simple_set(ReplyWriter& w, const std::vector<std::string_view>& items) {
  w.set(items.size());
  for (std::string_view s : items) w.simple(s);
}

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ') {
      ++i;
      continue;
    }
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    words.push_back(s.substr(i, j - i));
    i = j;
  }
  return words;
}

void reply_key_specs(ReplyWriter& w, const CommandSpec& row) {
  std::vector<KeySpec> specs = key_specs(row);
  std::vector<std::string_view> flags = key_spec_flags(row);
  w.set(specs.size());
  for (const KeySpec& s : specs) {
    w.map(3);
    w.bulk("flags");
    reply_simple_set(w, flags);
    w.bulk("begin_search");
    w.map(2);
    w.bulk("type");
    if (s.range) {
      w.bulk("index");
      w.bulk("spec");
      w.map(1);
      w.bulk("index");
      w.integer(s.index);
    } else {
      w.bulk("unknown");
      w.bulk("spec");
      w.map(0);
    }
    w.bulk("find_keys");
    w.map(2);
    w.bulk("type");
    if (s.range) {
      w.bulk("range");
      w.bulk("spec");
      w.map(3);
      w.bulk("lastkey");
      w.integer(s.lastkey);
      w.bulk("keystep");
      w.integer(s.keystep);
      w.bulk("limit");
      w.integer(0);
    } else {
      w.bulk("unknown");
      w.bulk("spec");
      w.map(0);
    }
  }
}

void reply_command_info(ReplyWriter& w, const CommandEntry& cmd) {
  const CommandSpec& row = *cmd.spec;
  w.array(10);
  w.bulk(cmd.fullname);
  w.integer(row.arity);
  reply_simple_set(w, command_flag_names(row));
  w.integer(row.keys.first);
  w.integer(row.keys.last);
  w.integer(row.keys.step);
  uint32_t cats = command_acl_categories(row);
  std::vector<std::string> cat_names;
  for (int i = 0; i < kAclCategoryCount; ++i)
    if (cats & (1u << i)) cat_names.push_back("@" + std::string(kAclNames[i]));
  w.set(cat_names.size());
  for (const std::string& c : cat_names) w.simple(c);
  std::vector<std::string_view> tips = split_words(row.tips);
  w.set(tips.size());
  for (std::string_view t : tips) w.bulk(t);
  reply_key_specs(w, row);
  if (cmd.subs.empty()) {
    w.set(0);
  } else {
    w.array(cmd.subs.size());
    for (const auto& sub : cmd.subs) reply_command_info(w, *sub);
  }
}

// Key arguments point at the derived key specs: the first at spec 0, later ones at the
// last spec (the "unknown" spec of movable keys when there is one).
void reply_arg_nodes(ReplyWriter& w, const std::vector<ArgNode>& nodes, int nspecs,
                     int* keys_seen) {
  w.array(nodes.size());
  for (const ArgNode& n : nodes) {
    bool has_children = n.type == ArgType::OneOf || n.type == ArgType::Block;
    int key_spec = -1;
    if (n.type == ArgType::Key && nspecs > 0) key_spec = std::min((*keys_seen)++, nspecs - 1);
    std::vector<std::string_view> flags;
    if (n.flags & kArgOptional) flags.push_back("optional");
    if (n.flags & kArgMultiple) flags.push_back("multiple");
    if (n.flags & kArgMultipleToken) flags.push_back("multiple_token");
    w.map(2 + (key_spec >= 0) + !n.token.empty() + !flags.empty() + has_children);
    w.bulk("name");
    w.bulk(n.name);
    w.bulk("type");
    w.bulk(arg_type_name(n.type));
    if (key_spec >= 0) {
      w.bulk("key_spec_index");
      w.integer(key_spec);
    }
    if (!n.token.empty()) {
      w.bulk("token");
      w.bulk(n.token);
    }
    if (!flags.empty()) {
      w.bulk("flags");
      reply_simple_set(w, flags);
    }
    if (has_children) {
      w.bulk("arguments");
      reply_arg_nodes(w, n.children, nspecs, keys_seen);
    }
  }
}

void reply_command_docs(ReplyWriter& w, const CommandEntry& cmd) {
  const CommandSpec& row = *cmd.spec;
  ArgGrammar grammar = parse_arg_grammar(row.args);
  bool has_args = grammar.ok() && !grammar.args.empty();
  w.map(3 + !row.complexity.empty() + has_args + !cmd.subs.empty());
  w.bulk("summary");
  w.bulk(row.summary);
  w.bulk("since");
  w.bulk(row.since);
  w.bulk("group");
  w.bulk(group_name(row.group));
  if (!row.complexity.empty()) {
    w.bulk("complexity");
    w.bulk(row.complexity);
  }
  if (has_args) {
    w.bulk("arguments");
    int keys_seen = 0;
    reply_arg_nodes(w, grammar.args, static_cast<int>(key_specs(row).size()), &keys_seen);
  }
  if (!cmd.subs.empty()) {
    w.bulk("subcommands");
    w.map(cmd.subs.size());
    for (const auto& sub : cmd.subs) {
      w.bulk(sub->fullname);
      reply_command_docs(w, *sub);
    }
  }
}

// "get", "GET", "config|get": a command or subcommand by its full name.
const CommandEntry* find_by_fullname(const CommandTable& table, std::string_view name) {
  size_t bar = name.find('|');
  if (bar == std::string_view::npos) return table.find(name);
  std::string_view sub = name.substr(bar + 1);
  if (sub.find('|') != std::string_view::npos) return nullptr;
  const CommandEntry* parent = table.find(name.substr(0, bar));
  if (!parent || !parent->is_container()) return nullptr;
  return parent->find_sub(sub);
}

// COMMAND
void command_command(CommandContext& ctx) {
  const auto& all = ctx.server().commands().all();
  ctx.reply().array(all.size());
  for (const auto& e : all) reply_command_info(ctx.reply(), *e);
}

// COMMAND COUNT
void command_count_command(CommandContext& ctx) {
  ctx.reply().integer(static_cast<int64_t>(ctx.server().commands().size()));
}

// COMMAND INFO [command-name [command-name ...]]
void command_info_command(CommandContext& ctx) {
  if (ctx.argc() == 2) return command_command(ctx);
  ctx.reply().array(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    const CommandEntry* cmd = find_by_fullname(ctx.server().commands(), ctx.arg(i));
    if (cmd) {
      reply_command_info(ctx.reply(), *cmd);
    } else {
      ctx.reply().null();
    }
  }
}

// COMMAND DOCS [command-name [command-name ...]]
void command_docs_command(CommandContext& ctx) {
  std::vector<const CommandEntry*> found;
  if (ctx.argc() == 2) {
    for (const auto& e : ctx.server().commands().all()) found.push_back(e.get());
  } else {
    for (size_t i = 2; i < ctx.argc(); ++i)
      if (const CommandEntry* cmd = find_by_fullname(ctx.server().commands(), ctx.arg(i)))
        found.push_back(cmd);
  }
  ctx.reply().map(found.size());
  for (const CommandEntry* cmd : found) {
    ctx.reply().bulk(cmd->fullname);
    reply_command_docs(ctx.reply(), *cmd);
  }
}

// COMMAND LIST [FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>]
void command_list_command(CommandContext& ctx) {
  enum class Filter { None, Module, AclCat, Pattern } filter = Filter::None;
  std::string_view value;
  if (ctx.argc() == 5 && iequals(ctx.arg(2), "filterby")) {
    value = ctx.arg(4);
    if (iequals(ctx.arg(3), "module")) {
      filter = Filter::Module;
    } else if (iequals(ctx.arg(3), "aclcat")) {
      filter = Filter::AclCat;
    } else if (iequals(ctx.arg(3), "pattern")) {
      filter = Filter::Pattern;
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  } else if (ctx.argc() != 2) {
    return ctx.reply_error(err::kSyntax);
  }
  // An unknown category matches nothing, as does any module name (Eddy has no modules).
  uint32_t category = filter == Filter::AclCat ? acl_category_from_name(value) : 0;
  auto matches = [&](const CommandEntry& e) {
    switch (filter) {
      case Filter::None: return true;
      case Filter::Module: return false;
      case Filter::AclCat: return (command_acl_categories(*e.spec) & category) != 0;
      case Filter::Pattern: return glob_match(value, e.fullname, true);
    }
    return false;
  };
  std::vector<std::string_view> names;
  for (const auto& e : ctx.server().commands().all()) {
    if (matches(*e)) names.push_back(e->fullname);
    for (const auto& sub : e->subs)
      if (matches(*sub)) names.push_back(sub->fullname);
  }
  ctx.reply().array(names.size());
  for (std::string_view n : names) ctx.reply().bulk(n);
}

// COMMAND GETKEYS command [arg ...] / COMMAND GETKEYSANDFLAGS command [arg ...]
void getkeys_generic(CommandContext& ctx, bool with_flags) {
  std::span<const std::string_view> argv = ctx.args().subspan(2);
  const CommandEntry* cmd = ctx.server().commands().find(argv[0]);
  if (cmd && cmd->is_container() && argv.size() >= 2) cmd = cmd->find_sub(argv[1]);
  if (!cmd) return ctx.reply_error("ERR Invalid command specified");
  const CommandSpec& row = *cmd->spec;
  if (!command_has_keys(row) || row.group == CommandGroup::PubSub)
    return ctx.reply_error("ERR The command has no key arguments");
  int argc = static_cast<int>(argv.size());
  if ((row.arity > 0 && row.arity != argc) || argc < -row.arity)
    return ctx.reply_error("ERR Invalid number of arguments specified for command");
  std::vector<int> positions;
  bool ok = command_key_positions(row, argv, &positions);
  if (!ok || positions.empty()) {
    if (row.flags & kCmdNoMandatoryKeys) return ctx.reply().empty_array();
    return ctx.reply_error("ERR Invalid arguments specified for command");
  }
  std::vector<std::string_view> flags = key_spec_flags(row);
  ctx.reply().array(positions.size());
  for (int pos : positions) {
    if (with_flags) {
      ctx.reply().array(2);
      ctx.reply().bulk(argv[static_cast<size_t>(pos)]);
      reply_simple_set(ctx.reply(), flags);
    } else {
      ctx.reply().bulk(argv[static_cast<size_t>(pos)]);
    }
  }
}

void command_getkeys_command(CommandContext& ctx) { getkeys_generic(ctx, false); }
void command_getkeysandflags_command(CommandContext& ctx) { getkeys_generic(ctx, true); }

// COMMAND HELP
void command_help_command(CommandContext& ctx) {
  ctx.reply().array(std::size(kHelpLines));
  for (const char* line : kHelpLines) ctx.reply().simple(line);
}

constexpr uint64_t kIntroFlags = kCmdLoading | kCmdStale;

const CommandSpec kCommandSubcommands[] = {
    {.name = "count", .arity = 2, .flags = kIntroFlags, .handler = command_count_command,
     .group = CommandGroup::Server, .summary = "Returns how many commands the server has.",
     .since = "2.8.13", .complexity = "O(1)", .acl = "@connection"},
    {.name = "docs", .arity = -2, .flags = kIntroFlags, .handler = command_docs_command,
     .group = CommandGroup::Server,
     .summary = "Returns the documentation (summary, arguments...) of commands.",
     .since = "7.0.0", .complexity = "O(N) where N is the number of commands to look up",
     .args = "[command-name [command-name ...]]", .acl = "@connection",
     .tips = "nondeterministic_output_order"},
    {.name = "getkeys", .arity = -4, .flags = kIntroFlags, .handler = command_getkeys_command,
     .group = CommandGroup::Server, .summary = "Extracts the key names of a full command.",
     .since = "2.8.13", .complexity = "O(N) where N is the number of arguments to the command",
     .args = "command [arg [arg ...]]", .acl = "@connection"},
    {.name = "getkeysandflags", .arity = -4, .flags = kIntroFlags,
     .handler = command_getkeysandflags_command, .group = CommandGroup::Server,
     .summary = "Extracts the key names of a full command, with their access flags.",
     .since = "7.0.0", .complexity = "O(N) where N is the number of arguments to the command",
     .args = "command [arg [arg ...]]", .acl = "@connection"},
    {.name = "help", .arity = 2, .flags = kIntroFlags, .handler = command_help_command,
     .group = CommandGroup::Server, .summary = "Describes the COMMAND subcommands.",
     .since = "5.0.0", .complexity = "O(1)", .acl = "@connection"},
    {.name = "info", .arity = -2, .flags = kIntroFlags, .handler = command_info_command,
     .group = CommandGroup::Server,
     .summary = "Returns arity, flags, key positions and categories of commands.",
     .since = "2.8.13", .complexity = "O(N) where N is the number of commands to look up",
     .args = "[command-name [command-name ...]]", .acl = "@connection",
     .tips = "nondeterministic_output_order"},
    {.name = "list", .arity = -2, .flags = kIntroFlags, .handler = command_list_command,
     .group = CommandGroup::Server,
     .summary = "Returns the names of commands, optionally filtered.", .since = "7.0.0",
     .complexity = "O(N) where N is the total number of Redis commands",
     .args = "[FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>]",
     .acl = "@connection", .tips = "nondeterministic_output_order"},
};

const CommandSpec kRows[] = {
    {.name = "command", .arity = -1, .flags = kIntroFlags, .handler = command_command,
     .group = CommandGroup::Server, .summary = "Returns details about every command.",
     .since = "2.8.13", .complexity = "O(N) where N is the total number of Redis commands",
     .acl = "@connection", .subcommands = kCommandSubcommands,
     .tips = "nondeterministic_output_order"},
};

}  // namespace

void register_introspection_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
