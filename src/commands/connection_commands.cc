// Connection commands: PING ECHO QUIT SELECT SWAPDB AUTH HELLO RESET.
//
// The connection's own state (protocol version, selected db, authentication, name) lives
// on Client; the CLIENT container is in client_commands.cc and shares the helpers of
// commands/client_state.h (credentials, names, RESET).
#include <algorithm>

#include "eddy/commands/client_state.h"
#include "eddy/commands/command_table.h"
#include "eddy/pubsub/pubsub.h"
#include "eddy/server/blocking.h"
#include "eddy/server/server.h"
#include "eddy/server/tracking.h"

namespace eddy {

namespace {

constexpr std::string_view kHelloNoAuth =
    "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
    "AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
    "protocol version at the same time";
constexpr std::string_view kBadProtover = "ERR Protocol version is not an integer or out of range";

// Compares without an early exit, so the time taken does not reveal how much matched.
bool same_secret(std::string_view a, std::string_view b) {
  unsigned diff = a.size() == b.size() ? 0 : 1;
  size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= x ^ y;
  }
  return diff == 0;
}

}  // namespace

bool user_exists(const Server&, std::string_view user) { return user == "default"; }

bool authenticate_client(Server& server, Client& c, std::string_view user,
                         std::string_view password) {
  if (!user_exists(server, user)) return false;
  const std::string& required = server.settings().requirepass;
  if (!required.empty() && !same_secret(password, required)) return false;
  c.user = std::string(user);
  c.authenticated = true;
  return true;
}

void reset_client_state(Server& server, Client& c) {
  c.multi_queue.clear();
  c.clear(kClientMulti | kClientDirtyExec);
  server.unwatch_all(c);
  c.db = 0;
  c.writer.set_resp(2);
  c.user = "default";
  c.authenticated = !server.auth_required();
  if (c.has(kClientTracking)) server.tracking().disable(c);
  for (auto& hook : server.client_reset_hooks) hook(c);
  server.pubsub().forget(c);
  server.remove_monitor(c);
  c.name.clear();
  // CLIENT NO-EVICT survives RESET in Redis 7.0; a pending SKIP still mutes this reply.
  c.clear(kClientReplyOff | kClientReplySkipNext);
  c.writer.set_muted(c.has(kClientReplySkip));
}

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
// Under CLIENT REPLY OFF/SKIP the +OK is muted like any other reply, as in Redis.
void quit_command(CommandContext& ctx) {
  ctx.client().set(kClientCloseAfterReply);
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

// SWAPDB index1 index2
void swapdb_command(CommandContext& ctx) {
  Server& server = ctx.server();
  int64_t a, b;
  if (!string_to_ll(ctx.arg(1), &a)) return ctx.reply_error("ERR invalid first DB index");
  if (!string_to_ll(ctx.arg(2), &b)) return ctx.reply_error("ERR invalid second DB index");
  if (a < 0 || a >= server.db_count() || b < 0 || b >= server.db_count())
    return ctx.reply_error(err::kDbIndexOutOfRange);
  if (a != b) {
    Database& da = server.db(static_cast<int>(a));
    Database& dbb = server.db(static_cast<int>(b));
    // A WATCHed key in either database is touched only if it exists in one of the two:
    // swapping two missing keys changes nothing a transaction could see (Redis 7.0).
    for (auto& [id, client] : server.clients()) {
      for (auto& [dbi, key] : client->watched) {
        if (dbi != a && dbi != b) continue;
        if (da.find(key) || dbb.find(key)) client->set(kClientDirtyCas);
      }
    }
    da.swap_contents(dbb);
    // Clients blocked on keys of either database may now find data (Redis re-checks them).
    server.blocking().signal_db(static_cast<int>(a));
    server.blocking().signal_db(static_cast<int>(b));
  }
  ctx.add_dirty(1);
  ctx.reply().ok();
}

// AUTH [username] password
void auth_command(CommandContext& ctx) {
  if (ctx.argc() > 3) return ctx.reply_error(err::kSyntax);
  Server& server = ctx.server();
  std::string_view user = "default";
  std::string_view pass = ctx.arg(1);
  if (ctx.argc() == 3) {
    user = ctx.arg(1);
    pass = ctx.arg(2);
  } else if (!server.auth_required()) {
    return ctx.reply_error(err::kAuthNotConfigured);
  }
  if (!authenticate_client(server, ctx.client(), user, pass))
    return ctx.reply_error(err::kInvalidPassword);
  ctx.reply().ok();
}

// HELLO [protover [AUTH username password] [SETNAME clientname]]
// Options apply in order as they are read: "SETNAME x AUTH u badpass" keeps the name.
void hello_command(CommandContext& ctx) {
  Server& server = ctx.server();
  Client& c = ctx.client();
  int64_t ver = 0;
  size_t next = 1;
  if (ctx.argc() >= 2) {
    if (!string_to_ll(ctx.arg(1), &ver)) return ctx.reply_error(kBadProtover);
    if (ver < 2 || ver > 3) return ctx.reply_error(err::kNoProto);
    next = 2;
  }
  for (size_t j = next; j < ctx.argc(); ++j) {
    size_t more = ctx.argc() - 1 - j;
    std::string_view opt = ctx.arg(j);
    if (iequals(opt, "AUTH") && more >= 2) {
      if (!authenticate_client(server, c, ctx.arg(j + 1), ctx.arg(j + 2)))
        return ctx.reply_error(err::kInvalidPassword);
      j += 2;
    } else if (iequals(opt, "SETNAME") && more >= 1) {
      if (!valid_client_name(ctx.arg(j + 1))) return ctx.reply_error(kBadClientName);
      c.name = std::string(ctx.arg(j + 1));
      j += 1;
    } else {
      return ctx.reply_error("ERR Syntax error in HELLO option '" + std::string(opt) + "'");
    }
  }
  if (!c.authenticated && server.auth_required()) return ctx.reply_error(kHelloNoAuth);
  if (ver) c.writer.set_resp(static_cast<int>(ver));
  // "redis" and 7.0.15: client libraries pick features by these two fields.
  ReplyWriter& r = ctx.reply();
  r.map(7);
  r.bulk("server");
  r.bulk("redis");
  r.bulk("version");
  r.bulk("7.0.15");
  r.bulk("proto");
  r.integer(c.writer.resp());
  r.bulk("id");
  r.integer(static_cast<int64_t>(c.id));
  r.bulk("mode");
  r.bulk("standalone");
  r.bulk("role");
  r.bulk("master");
  r.bulk("modules");
  r.empty_array();
}

// RESET
void reset_command(CommandContext& ctx) {
  reset_client_state(ctx.server(), ctx.client());
  ctx.reply().simple("RESET");
}

constexpr uint64_t kConnFlags =
    kCmdNoScript | kCmdLoading | kCmdStale | kCmdFast | kCmdNoAuth | kCmdAllowBusy;

const CommandSpec kRows[] = {
    {.name = "ping", .arity = -1, .flags = kCmdFast | kCmdSentinel, .handler = ping_command,
     .group = CommandGroup::Connection, .summary = "Returns the server's liveliness response.",
     .since = "1.0.0", .complexity = "O(1)", .args = "[message]",
     .tips = "request_policy:all_shards response_policy:all_succeeded"},
    {.name = "echo", .arity = 2, .flags = kCmdLoading | kCmdStale | kCmdFast,
     .handler = echo_command, .group = CommandGroup::Connection,
     .summary = "Returns the given string.", .since = "1.0.0", .complexity = "O(1)",
     .args = "message"},
    {.name = "quit", .arity = -1, .flags = kConnFlags, .handler = quit_command,
     .group = CommandGroup::Connection, .summary = "Closes the connection.", .since = "1.0.0",
     .complexity = "O(1)"},
    {.name = "select", .arity = 2, .flags = kCmdLoading | kCmdStale | kCmdFast,
     .handler = select_command, .group = CommandGroup::Connection,
     .summary = "Changes the selected database.", .since = "1.0.0", .complexity = "O(1)",
     .args = "index"},
    {.name = "swapdb", .arity = 3, .flags = kCmdWrite | kCmdFast, .handler = swapdb_command,
     .group = CommandGroup::Server, .summary = "Exchanges the contents of two databases.",
     .since = "4.0.0",
     .complexity = "O(N) where N is the count of clients watching or blocking on keys from "
                   "both databases.",
     .args = "index1:integer index2:integer", .acl = "@keyspace @dangerous"},
    {.name = "auth", .arity = -2, .flags = kConnFlags, .handler = auth_command,
     .group = CommandGroup::Connection,
     .summary = "Authenticates the connection as a user.", .since = "1.0.0",
     .complexity = "O(N) where N is the number of passwords defined for the user",
     .args = "[username] password"},
    {.name = "hello", .arity = -1, .flags = kConnFlags, .handler = hello_command,
     .group = CommandGroup::Connection,
     .summary = "Performs the handshake: protocol version, authentication, connection name.",
     .since = "6.0.0", .complexity = "O(1)",
     .args = "[arguments: protover:integer [username_password: AUTH username password] "
             "[SETNAME clientname]]"},
    {.name = "reset", .arity = 1, .flags = kConnFlags, .handler = reset_command,
     .group = CommandGroup::Connection,
     .summary = "Puts the connection back in its initial state.", .since = "6.2.0",
     .complexity = "O(1)"},
};

}  // namespace

void register_connection_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
