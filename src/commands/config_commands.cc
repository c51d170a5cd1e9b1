// CONFIG GET / SET / RESETSTAT / REWRITE / HELP.
//
// The directive table, its validation and the rewrite algorithm live in server/config.h;
// these handlers only shape arguments and replies. CONFIG SET is atomic: Config::set_many
// checks every name first (unknown, immutable, protected, duplicate), then every value, and
// restores all of them if a runtime effect (a rebind, the descriptor limit) fails.
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "eddy/commands/command_table.h"
#include "eddy/server/server.h"

namespace eddy {
namespace {

// enable-protected-configs=local admits unix-socket and loopback connections (in-process
// clients, which have no address, count as local).
bool is_local_client(const Client& c) {
  return c.has(kClientUnixSocket) || c.addr.empty() || c.addr.rfind("127.0.0.1:", 0) == 0 ||
         c.addr.rfind("::1:", 0) == 0;
}

// CONFIG GET parameter [parameter ...]
void config_get_command(CommandContext& ctx) {
  std::vector<std::string> patterns;
  for (size_t i = 2; i < ctx.argc(); ++i) patterns.emplace_back(ctx.arg(i));
  auto pairs = ctx.server().config().get_many(patterns);
  ctx.reply().map(pairs.size());
  for (const auto& [name, value] : pairs) {
    ctx.reply().bulk(name);
    ctx.reply().bulk(value);
  }
}

// CONFIG SET parameter value [parameter value ...]
void config_set_command(CommandContext& ctx) {
  if (ctx.argc() % 2 != 0) return ctx.reply_error(err::kSyntax);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t i = 2; i + 1 < ctx.argc(); i += 2)
    pairs.emplace_back(std::string(ctx.arg(i)), std::string(ctx.arg(i + 1)));
  if (auto e = ctx.server().config().set_many(pairs, is_local_client(ctx.client())))
    return ctx.reply_error(*e);
  ctx.reply().ok();
}

// Zeroes what INFO counts, as Redis's CONFIG RESETSTAT does; the dirty counter, start
// time and last save time are state, not statistics, and stay.
void reset_server_stats(Server& server) {
  ServerStats& s = server.stats();
  s.total_connections_received = 0;
  s.total_commands_processed = 0;
  s.rejected_connections = 0;
  s.expired_keys = 0;
  s.evicted_keys = 0;
  s.keyspace_hits = 0;
  s.keyspace_misses = 0;
  s.net_input_bytes = 0;
  s.net_output_bytes = 0;
  s.total_error_replies = 0;
  s.unexpected_error_replies = 0;
  s.client_qbuf_limit_disconnections = 0;
  s.client_outbuf_limit_disconnections = 0;
  s.expired_stale_perc = 0;
  s.expire_cycle_cpu_milliseconds = 0;
  s.total_reads_processed = 0;
  s.total_writes_processed = 0;
  s.error_codes.clear();
  std::fill(std::begin(s.ops_window), std::end(s.ops_window), 0);
  std::fill(std::begin(s.net_in_window), std::end(s.net_in_window), 0);
  std::fill(std::begin(s.net_out_window), std::end(s.net_out_window), 0);
  s.ops_last_count = 0;
  s.net_in_last = 0;
  s.net_out_last = 0;
  s.used_memory_peak = Server::used_memory();
  server.commands().reset_stats();
}

// CONFIG RESETSTAT
void config_resetstat_command(CommandContext& ctx) {
  reset_server_stats(ctx.server());
  ctx.reply().ok();
}

// CONFIG REWRITE
void config_rewrite_command(CommandContext& ctx) {
  if (auto e = ctx.server().config().rewrite()) return ctx.reply_error(*e);
  ctx.reply().ok();
}

constexpr std::array<std::string_view, 11> kHelp = {
    "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "GET <pattern>",
    "    Return parameters matching the glob-like <pattern> and their values.",
    "SET <directive> <value>",
    "    Set the configuration <directive> to <value>.",
    "RESETSTAT",
    "    Reset statistics reported by the INFO command.",
    "REWRITE",
    "    Rewrite the configuration file.",
    "HELP",
    "    Prints this help.",
};

// CONFIG HELP
void config_help_command(CommandContext& ctx) {
  ctx.reply().array(kHelp.size());
  for (std::string_view line : kHelp) ctx.reply().simple(line);
}

constexpr uint64_t kConfigFlags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale;

const CommandSpec kConfigSubcommands[] = {
    {.name = "get", .arity = -3, .flags = kConfigFlags, .handler = config_get_command,
     .group = CommandGroup::Server,
     .summary = "Returns the values of the configuration parameters matching the patterns.",
     .since = "2.0.0",
     .complexity = "O(N) when N is the number of configuration parameters provided",
     .args = "parameter [parameter ...]"},
    {.name = "help", .arity = 2, .flags = kCmdLoading | kCmdStale,
     .handler = config_help_command, .group = CommandGroup::Server,
     .summary = "Lists the CONFIG subcommands.", .since = "5.0.0", .complexity = "O(1)"},
    {.name = "resetstat", .arity = 2, .flags = kConfigFlags,
     .handler = config_resetstat_command, .group = CommandGroup::Server,
     .summary = "Zeroes the statistics INFO reports (commandstats, errorstats, counters).",
     .since = "2.0.0", .complexity = "O(1)"},
    {.name = "rewrite", .arity = 2, .flags = kConfigFlags, .handler = config_rewrite_command,
     .group = CommandGroup::Server,
     .summary = "Writes the running configuration back into the loaded configuration file.",
     .since = "2.8.0", .complexity = "O(1)"},
    {.name = "set", .arity = -4, .flags = kConfigFlags, .handler = config_set_command,
     .group = CommandGroup::Server,
     .summary = "Changes configuration parameters at runtime, all of them or none.",
     .since = "2.0.0",
     .complexity = "O(N) when N is the number of configuration parameters provided",
     .args = "parameter value [parameter value ...]",
     .tips = "request_policy:all_nodes response_policy:all_succeeded"},
};

const CommandSpec kRows[] = {
    {.name = "config", .arity = -2, .group = CommandGroup::Server,
     .summary = "Commands about the server configuration.", .since = "2.0.0",
     .complexity = "Depends on subcommand.", .subcommands = kConfigSubcommands},
};

}  // namespace

void register_config_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
