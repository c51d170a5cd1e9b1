// Transactions: MULTI EXEC DISCARD WATCH UNWATCH.
//
// Queueing itself happens in the dispatcher (Server::execute); these handlers manage the
// state. EXEC runs the queue through Server::call so every queued command gets the same
// stats, propagation (wrapped in MULTI/EXEC) and key_modified bookkeeping.
#include "eddy/commands/command_table.h"
#include "eddy/server/server.h"

namespace eddy {
namespace {

void discard_transaction(Server& server, Client& c) {
  c.multi_queue.clear();
  c.clear(kClientMulti | kClientDirtyExec);
  server.unwatch_all(c);
}

// MULTI
void multi_command(CommandContext& ctx) {
  Client& c = ctx.client();
  if (c.has(kClientMulti)) return ctx.reply_error(err::kMultiNested);
  c.set(kClientMulti);
  ctx.reply().ok();
}

// EXEC
void exec_command(CommandContext& ctx) {
  Client& c = ctx.client();
  Server& server = ctx.server();
  if (!c.has(kClientMulti)) return ctx.reply_error(err::kExecWithoutMulti);
  if (c.has(kClientDirtyExec)) {
    discard_transaction(server, c);
    return ctx.reply_error(err::kExecAbort);
  }
  // A WATCHed key that expired since WATCH counts as modified.
  for (auto& [dbi, key] : c.watched) {
    Entry* e = server.db(dbi).find(key);
    if (e && server.db(dbi).is_expired(e)) c.set(kClientDirtyCas);
  }
  if (c.has(kClientDirtyCas)) {
    discard_transaction(server, c);
    return ctx.reply().null_array();
  }
  auto queue = std::move(c.multi_queue);
  c.multi_queue.clear();
  server.unwatch_all(c);
  c.clear(kClientMulti);
  c.set(kClientExecuting);
  ctx.reply().array(queue.size());
  server.begin_exec_propagation(c.db);
  std::vector<std::string_view> argv;
  for (auto& q : queue) {
    argv.assign(q.argv.begin(), q.argv.end());
    server.call(c, q.cmd, argv);
    if (c.has(kClientCloseAfterReply)) break;
  }
  server.end_exec_propagation();
  c.clear(kClientExecuting);
}

// DISCARD
void discard_command(CommandContext& ctx) {
  Client& c = ctx.client();
  if (!c.has(kClientMulti)) return ctx.reply_error(err::kDiscardWithoutMulti);
  discard_transaction(ctx.server(), c);
  ctx.reply().ok();
}

// WATCH key [key ...]
void watch_command(CommandContext& ctx) {
  Client& c = ctx.client();
  if (c.has(kClientMulti)) return ctx.reply_error(err::kWatchInMulti);
  for (size_t i = 1; i < ctx.argc(); ++i) ctx.server().watch_key(c, c.db, ctx.arg(i));
  ctx.reply().ok();
}

// UNWATCH
void unwatch_command(CommandContext& ctx) {
  ctx.server().unwatch_all(ctx.client());
  ctx.reply().ok();
}

constexpr uint64_t kTxFlags = kCmdNoScript | kCmdLoading | kCmdStale | kCmdFast | kCmdAllowBusy;

const CommandSpec kRows[] = {
    {.name = "multi", .arity = 1, .flags = kTxFlags, .handler = multi_command,
     .group = CommandGroup::Transactions, .summary = "Starts a transaction.", .since = "1.2.0",
     .complexity = "O(1)"},
    {.name = "exec", .arity = 1, .flags = kCmdNoScript | kCmdLoading | kCmdStale | kCmdSkipSlowlog,
     .handler = exec_command, .group = CommandGroup::Transactions,
     .summary = "Executes all commands in a transaction.", .since = "1.2.0",
     .complexity = "Depends on commands in the transaction"},
    {.name = "discard", .arity = 1, .flags = kTxFlags, .handler = discard_command,
     .group = CommandGroup::Transactions, .summary = "Discards a transaction.",
     .since = "2.0.0", .complexity = "O(N), when N is the number of queued commands"},
    {.name = "watch", .arity = -2, .flags = kTxFlags, .keys = {1, -1, 1},
     .handler = watch_command, .group = CommandGroup::Transactions,
     .summary = "Monitors changes to keys to determine the execution of a transaction.",
     .since = "2.2.0", .complexity = "O(1) for every key.", .args = "key [key ...]"},
    {.name = "unwatch", .arity = 1, .flags = kTxFlags, .handler = unwatch_command,
     .group = CommandGroup::Transactions,
     .summary = "Forgets about watched keys of a transaction.", .since = "2.2.0",
     .complexity = "O(1)"},
};

}  // namespace

void register_transaction_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
