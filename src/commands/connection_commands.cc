// Connection commands: PING ECHO QUIT SELECT (more in this family: HELLO AUTH RESET ...).
#include "eddy/commands/command_table.h"
#include "eddy/server/server.h"

namespace eddy {
namespace {

// PING [message]
void ping_command(CommandContext& ctx) {
  Client& c = ctx.client();
  if (ctx.argc() > 2) return ctx.reply_error(err::wrong_arity("ping"));
  if (c.writer.resp() == 2 && c.sub_channels + c.sub_patterns + c.sub_shard > 0) {
    ctx.reply().array(2);
    ctx.reply().bulk("pong");
    ctx.reply().bulk(ctx.argc() == 2 ? ctx.arg(1) : "");
    return;
  }
  if (ctx.argc() == 2) return ctx.reply().bulk(ctx.arg(1));
  ctx.reply().simple("PONG");
}

// ECHO message
void echo_command(CommandContext& ctx) { ctx.reply().bulk(ctx.arg(1)); }

// QUIT
void quit_command(CommandContext& ctx) {
  ctx.client().set(kClientCloseAfterReply);
  ctx.client().writer.set_muted(false);
  ctx.reply().ok();
}

// SELECT index
void select_command(CommandContext& ctx) {
  int64_t id;
  if (!string_to_ll(ctx.arg(1), &id)) return ctx.reply_error(err::kNotInteger);
  if (id < 0 || id >= ctx.server().db_count()) return ctx.reply_error(err::kDbIndexOutOfRange);
  ctx.client().db = static_cast<int>(id);
  ctx.reply().ok();
}

const CommandSpec kRows[] = {
    {.name = "ping", .arity = -1, .flags = kCmdFast | kCmdSentinel, .handler = ping_command,
     .group = CommandGroup::Connection, .summary = "Returns the server's liveliness response.",
     .since = "1.0.0", .complexity = "O(1)", .args = "[message]"},
    {.name = "echo", .arity = 2, .flags = kCmdFast, .handler = echo_command,
     .group = CommandGroup::Connection, .summary = "Returns the given string.", .since = "1.0.0",
     .complexity = "O(1)", .args = "message"},
    {.name = "quit", .arity = -1,
     .flags = kCmdAllowBusy | kCmdNoScript | kCmdLoading | kCmdStale | kCmdFast | kCmdNoAuth,
     .handler = quit_command, .group = CommandGroup::Connection,
     .summary = "Closes the connection.", .since = "1.0.0", .complexity = "O(1)"},
    {.name = "select", .arity = 2, .flags = kCmdLoading | kCmdStale | kCmdFast,
     .handler = select_command, .group = CommandGroup::Connection,
     .summary = "Changes the selected database.", .since = "1.0.0", .complexity = "O(1)",
     .args = "index"},
};

}  // namespace

void register_connection_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
