// CLIENT: connection introspection and control (ID INFO LIST KILL SETNAME GETNAME REPLY
// NO-EVICT PAUSE UNPAUSE UNBLOCK TRACKING CACHING TRACKINGINFO GETREDIR HELP).
//
// Redis 7.0.15 has no CLIENT SETINFO and no CLIENT NO-TOUCH (both came in 7.2), so they are
// unknown subcommands here too. Tracking state lives in server/tracking (Server owns it);
// pausing in the dispatcher (Server::pause_clients); blocking in the blocking layer
// (server/blocking.h), which CLIENT UNBLOCK hands the client to.
#include <algorithm>
#include <limits>

#include "eddy/base/clock.h"
#include "eddy/commands/client_state.h"
#include "eddy/commands/command_table.h"
#include "eddy/server/blocking.h"
#include "eddy/server/server.h"
#include "eddy/server/tracking.h"

namespace eddy {

bool valid_client_name(std::string_view name) {
  return std::all_of(name.begin(), name.end(), [](char ch) { return ch >= '!' && ch <= '~'; });
}

namespace {

enum class ClientType { Normal, Master, Replica, PubSub };

bool parse_client_type(std::string_view s, ClientType* out) {
  if (iequals(s, "normal")) {
    *out = ClientType::Normal;
  } else if (iequals(s, "master")) {
    *out = ClientType::Master;
  } else if (iequals(s, "replica") || iequals(s, "slave")) {
    *out = ClientType::Replica;
  } else if (iequals(s, "pubsub")) {
    *out = ClientType::PubSub;
  } else {
    return false;
  }
  return true;
}

bool in_pubsub_mode(const Client& c) {
  return c.has(kClientPubSub) || c.sub_channels + c.sub_patterns + c.sub_shard > 0;
}

// Replication does not exist yet, so no client is a master or a replica; a MONITOR client
// counts as normal, as in Redis.
ClientType type_of(const Client& c) {
  return in_pubsub_mode(c) ? ClientType::PubSub : ClientType::Normal;
}

std::string unknown_type_error(std::string_view name) {
  return "ERR Unknown client type '" + std::string(name) + "'";
}

// The flag letters of CLIENT LIST, in Redis's order; "N" when none applies.
std::string flag_letters(Server& server, const Client& c) {
  std::string f;
  if (c.has(kClientMonitor)) f += 'O';
  if (in_pubsub_mode(c)) f += 'P';
  if (c.has(kClientMulti)) f += 'x';
  // A command held back by CLIENT PAUSE shows as blocked, as Redis's postponed clients do.
  if (c.has(kClientBlocked) || c.has(kClientPendingCommand)) f += 'b';
  if (const Tracking::ClientState* t = server.tracking().state(c)) {
    f += 't';
    if (t->broken_redirect) f += 'R';
    if (t->bcast) f += 'B';
  }
  if (c.has(kClientDirtyCas)) f += 'd';
  if (c.has(kClientCloseAfterReply)) f += 'c';
  if (c.has(kClientCloseAsap)) f += 'A';
  if (c.has(kClientUnixSocket)) f += 'U';
  if (c.has(kClientNoEvict)) f += 'e';
  if (f.empty()) f = "N";
  return f;
}

size_t argv_bytes(std::span<const std::string_view> argv) {
  size_t n = 0;
  for (auto a : argv) n += a.size();
  return n;
}

size_t multi_bytes(const Client& c) {
  size_t n = 0;
  for (const QueuedCommand& q : c.multi_queue) {
    n += sizeof(QueuedCommand) + q.argv.capacity() * sizeof(std::string);
    for (const std::string& a : q.argv) n += a.size();
  }
  return n;
}

void append_field(std::string& s, std::string_view name, std::string_view value) {
  if (!s.empty()) s += ' ';
  s.append(name);
  s += '=';
  s.append(value);
}
void append_field(std::string& s, std::string_view name, int64_t value) {
  append_field(s, name, std::string_view(ll_to_string(value)));
}

}  // namespace

std::string client_info_line(Server& server, const Client& c,
                             std::span<const std::string_view> current_argv,
                             std::string_view current_cmd) {
  int64_t now = now_ms();
  const Tracking::ClientState* track = server.tracking().state(c);
  // The reply buffer: Eddy's first output chunk plays the part of Redis's static reply
  // buffer (rbs, rbp, obl), later chunks the reply list (oll, omem).
  const OutputBuffer& out = c.out;
  size_t chunk = OutputBuffer::kChunk;
  size_t oll = out.chunk_count() > 1 ? out.chunk_count() - 1 : 0;
  size_t obl = std::min(out.size(), chunk);
  size_t omem = oll ? out.memory() - std::min(out.memory(), chunk) : 0;
  // Arguments exist only while a command runs or waits (paused).
  size_t argv_mem = 0;
  if (!current_cmd.empty()) {
    argv_mem = argv_bytes(current_argv);
  } else if (c.has(kClientPendingCommand)) {
    argv_mem = argv_bytes(c.argv);
  }
  size_t multi_mem = multi_bytes(c);
  size_t tot = sizeof(Client) + c.qbuf.capacity() + out.memory() + argv_mem + multi_mem +
               c.name.capacity() + c.watched.capacity() * sizeof(c.watched[0]);

  std::string s;
  s.reserve(320);
  append_field(s, "id", static_cast<int64_t>(c.id));
  append_field(s, "addr", c.addr);
  append_field(s, "laddr", c.laddr);
  append_field(s, "fd", c.fd);
  append_field(s, "name", c.name);
  append_field(s, "age", (now - c.ctime_ms) / 1000);
  append_field(s, "idle", (now - c.last_interaction_ms) / 1000);
  append_field(s, "flags", flag_letters(server, c));
  append_field(s, "db", c.db);
  append_field(s, "sub", static_cast<int64_t>(c.sub_channels));
  append_field(s, "psub", static_cast<int64_t>(c.sub_patterns));
  append_field(s, "ssub", static_cast<int64_t>(c.sub_shard));
  append_field(s, "multi",
               c.has(kClientMulti) ? static_cast<int64_t>(c.multi_queue.size()) : int64_t{-1});
  append_field(s, "qbuf", static_cast<int64_t>(c.qbuf.size()));
  append_field(s, "qbuf-free", static_cast<int64_t>(c.qbuf.capacity() - c.qbuf.size()));
  append_field(s, "argv-mem", static_cast<int64_t>(argv_mem));
  append_field(s, "multi-mem", static_cast<int64_t>(multi_mem));
  append_field(s, "rbs", static_cast<int64_t>(chunk));
  append_field(s, "rbp", static_cast<int64_t>(obl));
  append_field(s, "obl", static_cast<int64_t>(obl));
  append_field(s, "oll", static_cast<int64_t>(oll));
  append_field(s, "omem", static_cast<int64_t>(omem));
  append_field(s, "tot-mem", static_cast<int64_t>(tot));
  append_field(s, "events", c.conn ? "r" : "");
  append_field(s, "cmd", current_cmd.empty() ? std::string_view(c.last_cmd) : current_cmd);
  append_field(s, "user", c.user);
  append_field(s, "redir", track ? static_cast<int64_t>(track->redirect) : int64_t{-1});
  append_field(s, "resp", c.writer.resp());
  return s;
}

namespace {

std::string info_line_for(CommandContext& ctx, const Client& c) {
  if (&c == &ctx.client()) {
    return client_info_line(ctx.server(), c, ctx.args(), ctx.command()->fullname);
  }
  return client_info_line(ctx.server(), c);
}

// "ERR unknown subcommand or wrong number of arguments for 'pause'. Try CLIENT HELP." The
// subcommand is quoted as the client typed it.
void reply_subcommand_syntax_error(CommandContext& ctx) {
  ctx.reply_error("ERR unknown subcommand or wrong number of arguments for '" +
                  std::string(ctx.arg(1)) + "'. Try CLIENT HELP.");
}

// Closes another client as soon as possible; its unsent output is dropped, as Redis frees a
// killed client at once. The running client is closed after its reply instead.
void kill_client(CommandContext& ctx, Client& target) {
  if (&target == &ctx.client()) {
    target.set(kClientCloseAfterReply);
    return;
  }
  target.set(kClientCloseAsap);
  if (target.conn) {
    target.out.clear();
    target.conn->request_close();
  }
}

// CLIENT ID
void client_id_command(CommandContext& ctx) {
  ctx.reply().integer(static_cast<int64_t>(ctx.client().id));
}

// CLIENT INFO
void client_info_command(CommandContext& ctx) {
  ctx.reply().verbatim(info_line_for(ctx, ctx.client()) + "\n");
}

// CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]]
// Only one of the two filters may be given.
void client_list_command(CommandContext& ctx) {
  Server& server = ctx.server();
  std::string text;
  if (ctx.argc() == 4 && iequals(ctx.arg(2), "type")) {
    ClientType type;
    if (!parse_client_type(ctx.arg(3), &type)) return ctx.reply_error(unknown_type_error(ctx.arg(3)));
    for (auto& [id, c] : server.clients()) {
      if (type_of(*c) != type) continue;
      text += info_line_for(ctx, *c);
      text += '\n';
    }
  } else if (ctx.argc() > 3 && iequals(ctx.arg(2), "id")) {
    std::vector<int64_t> ids;
    for (size_t j = 3; j < ctx.argc(); ++j) {
      int64_t id;
      if (!string_to_ll(ctx.arg(j), &id)) return ctx.reply_error("ERR Invalid client ID");
      ids.push_back(id);
    }
    // In the order given, repeats included, as Redis does.
    for (int64_t id : ids) {
      Client* c = id > 0 ? server.find_client(static_cast<uint64_t>(id)) : nullptr;
      if (!c) continue;
      text += info_line_for(ctx, *c);
      text += '\n';
    }
  } else if (ctx.argc() != 2) {
    return ctx.reply_error(err::kSyntax);
  } else {
    for (auto& [id, c] : server.clients()) {
      text += info_line_for(ctx, *c);
      text += '\n';
    }
  }
  ctx.reply().verbatim(text);
}

// CLIENT KILL ip:port
// CLIENT KILL [ID client-id] [TYPE NORMAL|MASTER|SLAVE|REPLICA|PUBSUB] [USER username]
//             [ADDR ip:port] [LADDR ip:port] [SKIPME yes|no] ...
void client_kill_command(CommandContext& ctx) {
  Server& server = ctx.server();
  Client& self = ctx.client();
  if (ctx.argc() == 3) {
    // The old form: one address, and it may name the caller itself.
    for (auto& [id, c] : server.clients()) {
      if (c->addr != ctx.arg(2)) continue;
      kill_client(ctx, *c);
      return ctx.reply().ok();
    }
    return ctx.reply_error("ERR No such client");
  }
  uint64_t want_id = 0;
  bool by_type = false;
  ClientType type = ClientType::Normal;
  std::string_view user, addr, laddr;
  bool by_user = false, by_addr = false, by_laddr = false;
  bool skipme = true;
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    std::string_view opt = ctx.arg(i);
    if (i + 1 >= ctx.argc()) return ctx.reply_error(err::kSyntax);
    std::string_view val = ctx.arg(i + 1);
    if (iequals(opt, "id")) {
      int64_t id;
      if (!string_to_ll(val, &id) || id <= 0)
        return ctx.reply_error("ERR client-id should be greater than 0");
      want_id = static_cast<uint64_t>(id);
    } else if (iequals(opt, "type")) {
      if (!parse_client_type(val, &type)) return ctx.reply_error(unknown_type_error(val));
      by_type = true;
    } else if (iequals(opt, "addr")) {
      addr = val;
      by_addr = true;
    } else if (iequals(opt, "laddr")) {
      laddr = val;
      by_laddr = true;
    } else if (iequals(opt, "user")) {
      if (!user_exists(server, val))
        return ctx.reply_error("ERR No such user '" + std::string(val) + "'");
      user = val;
      by_user = true;
    } else if (iequals(opt, "skipme")) {
      if (iequals(val, "yes")) {
        skipme = true;
      } else if (iequals(val, "no")) {
        skipme = false;
      } else {
        return ctx.reply_error(err::kSyntax);
      }
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }
  int64_t killed = 0;
  for (auto& [id, c] : server.clients()) {
    if (want_id && c->id != want_id) continue;
    if (by_type && type_of(*c) != type) continue;
    if (by_addr && c->addr != addr) continue;
    if (by_laddr && c->laddr != laddr) continue;
    if (by_user && c->user != user) continue;
    if (skipme && c.get() == &self) continue;
    kill_client(ctx, *c);
    ++killed;
  }
  ctx.reply().integer(killed);
}

// CLIENT SETNAME connection-name
void client_setname_command(CommandContext& ctx) {
  if (!valid_client_name(ctx.arg(2))) return ctx.reply_error(kBadClientName);
  ctx.client().name = std::string(ctx.arg(2));
  ctx.reply().ok();
}

// CLIENT GETNAME
void client_getname_command(CommandContext& ctx) {
  const Client& c = ctx.client();
  if (c.name.empty()) return ctx.reply().null();
  ctx.reply().bulk(c.name);
}

// CLIENT REPLY ON|OFF|SKIP
// OFF and SKIP are themselves silent; ON answers +OK even when replies were off.
void client_reply_command(CommandContext& ctx) {
  Client& c = ctx.client();
  std::string_view mode = ctx.arg(2);
  if (iequals(mode, "on")) {
    c.clear(kClientReplyOff | kClientReplySkip | kClientReplySkipNext);
    c.writer.set_muted(false);
    ctx.reply().ok();
  } else if (iequals(mode, "off")) {
    c.set(kClientReplyOff);
    c.writer.set_muted(true);
  } else if (iequals(mode, "skip")) {
    if (!c.has(kClientReplyOff)) c.set(kClientReplySkipNext);
  } else {
    ctx.reply_error(err::kSyntax);
  }
}

// CLIENT NO-EVICT ON|OFF
void client_no_evict_command(CommandContext& ctx) {
  std::string_view mode = ctx.arg(2);
  if (iequals(mode, "on")) {
    ctx.client().set(kClientNoEvict);
  } else if (iequals(mode, "off")) {
    ctx.client().clear(kClientNoEvict);
  } else {
    return ctx.reply_error(err::kSyntax);
  }
  ctx.reply().ok();
}

// CLIENT PAUSE timeout [WRITE|ALL]
void client_pause_command(CommandContext& ctx) {
  if (ctx.argc() > 4) return reply_subcommand_syntax_error(ctx);
  int64_t timeout;
  if (!string_to_ll(ctx.arg(2), &timeout))
    return ctx.reply_error("ERR timeout is not an integer or out of range");
  if (timeout < 0) return ctx.reply_error("ERR timeout is negative");
  Server::PauseKind kind = Server::PauseKind::All;
  if (ctx.argc() == 4) {
    if (iequals(ctx.arg(3), "write")) {
      kind = Server::PauseKind::Write;
    } else if (!iequals(ctx.arg(3), "all")) {
      return ctx.reply_error("ERR CLIENT PAUSE mode must be WRITE or ALL");
    }
  }
  int64_t now = now_ms();
  // Redis adds the timeout to the clock unchecked; an end time past the int64 range wraps
  // into the past there, so such a pause lasts until the next check, as PAUSE 0 does.
  int64_t until = timeout > std::numeric_limits<int64_t>::max() - now ? now : now + timeout;
  ctx.server().pause_clients(kind, until);
  ctx.reply().ok();
}

// CLIENT UNPAUSE
void client_unpause_command(CommandContext& ctx) {
  ctx.server().unpause_clients();
  ctx.reply().ok();
}

// CLIENT UNBLOCK client-id [TIMEOUT|ERROR]
// Only clients blocked on keys can be unblocked; a client held by CLIENT PAUSE cannot
// (Redis 7.0.15 accepts it and then crashes; 7.2 refuses it, as Eddy does).
void client_unblock_command(CommandContext& ctx) {
  if (ctx.argc() > 4) return reply_subcommand_syntax_error(ctx);
  int64_t id;
  if (!string_to_ll(ctx.arg(2), &id)) return ctx.reply_error(err::kNotInteger);
  bool as_error = false;
  if (ctx.argc() == 4) {
    if (iequals(ctx.arg(3), "error")) {
      as_error = true;
    } else if (!iequals(ctx.arg(3), "timeout")) {
      return ctx.reply_error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
    }
  }
  Server& server = ctx.server();
  Client* target = id > 0 ? server.find_client(static_cast<uint64_t>(id)) : nullptr;
  bool done = target && target->blocked;
  if (done)
    server.blocking().unblock(*target, as_error ? Blocking::Unblock::Error
                                                : Blocking::Unblock::Timeout);
  ctx.reply().integer(done ? 1 : 0);
}

// True if a and b overlap: one is a prefix of the other (equal included).
bool prefixes_overlap(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  return a.substr(0, n) == b.substr(0, n);
}

// CLIENT TRACKING ON|OFF [REDIRECT client-id] [PREFIX prefix [PREFIX prefix ...]] [BCAST]
//                 [OPTIN] [OPTOUT] [NOLOOP]
// The options are read (and REDIRECT checked) before ON/OFF is looked at.
void client_tracking_command(CommandContext& ctx) {
  Server& server = ctx.server();
  Client& c = ctx.client();
  Tracking::Options o;
  bool have_redirect = false;
  for (size_t j = 3; j < ctx.argc(); ++j) {
    std::string_view opt = ctx.arg(j);
    bool more = j + 1 < ctx.argc();
    if (iequals(opt, "redirect") && more) {
      if (have_redirect)
        return ctx.reply_error("ERR A client can only redirect to a single other client");
      int64_t id;
      if (!string_to_ll(ctx.arg(++j), &id)) return ctx.reply_error(err::kNotInteger);
      if (id <= 0 || !server.find_client(static_cast<uint64_t>(id)))
        return ctx.reply_error("ERR The client ID you want redirect to does not exist");
      o.redirect = static_cast<uint64_t>(id);
      have_redirect = true;
    } else if (iequals(opt, "bcast")) {
      o.bcast = true;
    } else if (iequals(opt, "optin")) {
      o.optin = true;
    } else if (iequals(opt, "optout")) {
      o.optout = true;
    } else if (iequals(opt, "noloop")) {
      o.noloop = true;
    } else if (iequals(opt, "prefix") && more) {
      o.prefixes.emplace_back(ctx.arg(++j));
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }
  Tracking& tracking = server.tracking();
  std::string_view onoff = ctx.arg(2);
  if (iequals(onoff, "off")) {
    if (tracking.state(c)) tracking.disable(c);
    return ctx.reply().ok();
  }
  if (!iequals(onoff, "on")) return ctx.reply_error(err::kSyntax);
  const Tracking::ClientState* cur = tracking.state(c);
  if (!o.bcast && !o.prefixes.empty())
    return ctx.reply_error("ERR PREFIX option requires BCAST mode to be enabled");
  if (cur && cur->bcast != o.bcast)
    return ctx.reply_error(
        "ERR You can't switch BCAST mode on/off before disabling tracking for this client, "
        "and then re-enabling it with a different mode.");
  if (o.bcast && (o.optin || o.optout))
    return ctx.reply_error("ERR OPTIN and OPTOUT are not compatible with BCAST");
  if (o.optin && o.optout)
    return ctx.reply_error("ERR You can't specify both OPTIN mode and OPTOUT mode");
  if (cur && ((o.optin && cur->optout) || (o.optout && cur->optin)))
    return ctx.reply_error(
        "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, "
        "and then re-enabling it with a different mode.");
  if (o.bcast) {
    for (size_t i = 0; i < o.prefixes.size(); ++i) {
      if (cur) {
        for (const std::string& have : cur->prefixes) {
          if (prefixes_overlap(have, o.prefixes[i]))
            return ctx.reply_error("ERR Prefix '" + o.prefixes[i] +
                                   "' overlaps with an existing prefix '" + have +
                                   "'. Prefixes for a single client must not overlap.");
        }
      }
      // Redis 7.0.15 answers a clash found here for any prefix but the first with the error
      // and then +OK, enabling every prefix: two replies to one command. Eddy refuses.
      for (size_t j = i + 1; j < o.prefixes.size(); ++j) {
        if (prefixes_overlap(o.prefixes[i], o.prefixes[j]))
          return ctx.reply_error("ERR Prefix '" + o.prefixes[i] +
                                 "' overlaps with another provided prefix '" + o.prefixes[j] +
                                 "'. Prefixes for a single client must not overlap.");
      }
    }
  }
  tracking.enable(c, o);
  ctx.reply().ok();
}

// CLIENT CACHING YES|NO
void client_caching_command(CommandContext& ctx) {
  Tracking::ClientState* t = ctx.server().tracking().state(ctx.client());
  if (!t)
    return ctx.reply_error(
        "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN "
        "or OPTOUT mode enabled");
  std::string_view v = ctx.arg(2);
  if (iequals(v, "yes")) {
    if (!t->optin)
      return ctx.reply_error(
          "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
  } else if (iequals(v, "no")) {
    if (!t->optout)
      return ctx.reply_error(
          "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
  } else {
    return ctx.reply_error(err::kSyntax);
  }
  t->caching = true;
  ctx.reply().ok();
}

// CLIENT TRACKINGINFO
void client_trackinginfo_command(CommandContext& ctx) {
  const Tracking::ClientState* t = ctx.server().tracking().state(ctx.client());
  ReplyWriter& r = ctx.reply();
  r.map(3);
  r.bulk("flags");
  if (!t) {
    r.set(1);
    r.bulk("off");
  } else {
    std::vector<std::string_view> flags = {"on"};
    if (t->bcast) flags.push_back("bcast");
    // A CACHING left over from a previous mode shows only under OPTIN or OPTOUT.
    if (t->optin) flags.push_back("optin");
    if (t->optin && t->caching) flags.push_back("caching-yes");
    if (t->optout) flags.push_back("optout");
    if (t->optout && t->caching) flags.push_back("caching-no");
    if (t->noloop) flags.push_back("noloop");
    if (t->broken_redirect) flags.push_back("broken_redirect");
    r.set(flags.size());
    for (auto f : flags) r.bulk(f);
  }
  r.bulk("redirect");
  r.integer(t ? static_cast<int64_t>(t->redirect) : -1);
  r.bulk("prefixes");
  if (!t) return r.empty_array();
  r.array(t->prefixes.size());
  for (const std::string& p : t->prefixes) r.bulk(p);
}

// CLIENT GETREDIR
void client_getredir_command(CommandContext& ctx) {
  const Tracking::ClientState* t = ctx.server().tracking().state(ctx.client());
  ctx.reply().integer(t ? static_cast<int64_t>(t->redirect) : -1);
}

// The CLIENT HELP text of Redis 7.0, line for line (clients and tests match on it).
constexpr std::string_view kHelp[] = {
    "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CACHING (YES|NO)",
    "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
    "GETREDIR",
    "    Return the client ID we are redirecting to when tracking is enabled.",
    "GETNAME",
    "    Return the name of the current connection.",
    "ID",
    "    Return the ID of the current connection.",
    "INFO",
    "    Return information about the current client connection.",
    "KILL <ip:port>",
    "    Kill connection made from <ip:port>.",
    "KILL <option> <value> [<option> <value> [...]]",
    "    Kill connections. Options are:",
    "    * ADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made from the specified address",
    "    * LADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made to specified local address",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Kill connections by type.",
    "    * USER <username>",
    "      Kill connections authenticated by <username>.",
    "    * SKIPME (YES|NO)",
    "      Skip killing current connection (default: yes).",
    "LIST [options ...]",
    "    Return information about client connections. Options:",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Return clients of specified type.",
    "UNPAUSE",
    "    Stop the current client pause, resuming traffic.",
    "PAUSE <timeout> [WRITE|ALL]",
    "    Suspend all, or just write, clients for <timeout> milliseconds.",
    "REPLY (ON|OFF|SKIP)",
    "    Control the replies sent to the current connection.",
    "SETNAME <name>",
    "    Assign the name <name> to the current connection.",
    "UNBLOCK <clientid> [TIMEOUT|ERROR]",
    "    Unblock the specified blocked client.",
    "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
    "         [OPTIN] [OPTOUT] [NOLOOP]",
    "    Control server assisted client side caching.",
    "TRACKINGINFO",
    "    Report tracking status for the current connection.",
    "NO-EVICT (ON|OFF)",
    "    Protect current client connection from eviction.",
    "HELP",
    "    Prints this help.",
};

// CLIENT HELP
void client_help_command(CommandContext& ctx) {
  ctx.reply().array(std::size(kHelp));
  for (auto line : kHelp) ctx.reply().simple(line);
}

constexpr uint64_t kSubFlags = kCmdNoScript | kCmdLoading | kCmdStale;
constexpr uint64_t kAdminSubFlags = kCmdAdmin | kSubFlags;

const CommandSpec kClientSubcommands[] = {
    {.name = "caching", .arity = 3, .flags = kSubFlags, .handler = client_caching_command,
     .group = CommandGroup::Connection,
     .summary = "Says whether the next command's keys are tracked (OPTIN/OPTOUT modes).",
     .since = "6.0.0", .complexity = "O(1)", .args = "<mode: YES|NO>"},
    {.name = "getname", .arity = 2, .flags = kSubFlags, .handler = client_getname_command,
     .group = CommandGroup::Connection, .summary = "Returns the connection's name.",
     .since = "2.6.9", .complexity = "O(1)"},
    {.name = "getredir", .arity = 2, .flags = kSubFlags, .handler = client_getredir_command,
     .group = CommandGroup::Connection,
     .summary = "Returns the id of the client tracking invalidations are redirected to.",
     .since = "6.0.0", .complexity = "O(1)"},
    {.name = "help", .arity = 2, .flags = kCmdLoading | kCmdStale,
     .handler = client_help_command, .group = CommandGroup::Connection,
     .summary = "Lists the CLIENT subcommands.", .since = "5.0.0", .complexity = "O(1)"},
    {.name = "id", .arity = 2, .flags = kSubFlags, .handler = client_id_command,
     .group = CommandGroup::Connection, .summary = "Returns the connection's unique id.",
     .since = "5.0.0", .complexity = "O(1)"},
    {.name = "info", .arity = 2, .flags = kSubFlags, .handler = client_info_command,
     .group = CommandGroup::Connection,
     .summary = "Describes the current connection in the CLIENT LIST format.",
     .since = "6.2.0", .complexity = "O(1)", .tips = "nondeterministic_output"},
    {.name = "kill", .arity = -3, .flags = kAdminSubFlags, .handler = client_kill_command,
     .group = CommandGroup::Connection,
     .summary = "Closes the connections that match an address or a set of filters.",
     .since = "2.4.0", .complexity = "O(N) where N is the number of client connections",
     .args = "<filter: ip:port | <new-format: [ID client-id:integer] "
             "[normal_master_slave_pubsub: TYPE <NORMAL|MASTER|SLAVE|REPLICA|PUBSUB>] "
             "[USER username] [ADDR ip:port] [LADDR ip:port] [SKIPME yes/no]>>"},
    {.name = "list", .arity = -2, .flags = kAdminSubFlags, .handler = client_list_command,
     .group = CommandGroup::Connection,
     .summary = "Describes every connection, one line each.", .since = "2.4.0",
     .complexity = "O(N) where N is the number of client connections",
     .args = "[normal_master_replica_pubsub: TYPE <NORMAL|MASTER|REPLICA|PUBSUB>] "
             "[id: ID client-id:integer [client-id:integer ...]]",
     .tips = "nondeterministic_output"},
    {.name = "no-evict", .arity = 3, .flags = kAdminSubFlags,
     .handler = client_no_evict_command, .group = CommandGroup::Connection,
     .summary = "Exempts the connection from client eviction, or not.", .since = "7.0.0",
     .complexity = "O(1)", .args = "<enabled: ON|OFF>"},
    {.name = "pause", .arity = -3, .flags = kAdminSubFlags, .handler = client_pause_command,
     .group = CommandGroup::Connection,
     .summary = "Holds back commands of every client, or only writes, for a while.",
     .since = "2.9.50", .complexity = "O(1)", .args = "timeout:integer [mode: WRITE|ALL]"},
    {.name = "reply", .arity = 3, .flags = kSubFlags, .handler = client_reply_command,
     .group = CommandGroup::Connection,
     .summary = "Turns the connection's replies on, off, or off for the next command.",
     .since = "3.2.0", .complexity = "O(1)", .args = "<ON|OFF|SKIP>"},
    {.name = "setname", .arity = 3, .flags = kSubFlags, .handler = client_setname_command,
     .group = CommandGroup::Connection, .summary = "Names the connection.", .since = "2.6.9",
     .complexity = "O(1)", .args = "connection-name"},
    {.name = "tracking", .arity = -3, .flags = kSubFlags, .handler = client_tracking_command,
     .group = CommandGroup::Connection,
     .summary = "Turns server-assisted client-side caching on or off.", .since = "6.0.0",
     .complexity = "O(1). Some options may introduce additional complexity.",
     .args = "<status: ON|OFF> [REDIRECT client-id:integer] [PREFIX prefix [PREFIX prefix ...]] "
             "[BCAST] [OPTIN] [OPTOUT] [NOLOOP]"},
    {.name = "trackinginfo", .arity = 2, .flags = kSubFlags,
     .handler = client_trackinginfo_command, .group = CommandGroup::Connection,
     .summary = "Describes the connection's client-side caching state.", .since = "6.2.0",
     .complexity = "O(1)"},
    {.name = "unblock", .arity = -3, .flags = kAdminSubFlags,
     .handler = client_unblock_command, .group = CommandGroup::Connection,
     .summary = "Wakes a client blocked on keys, as a timeout or with an error.",
     .since = "5.0.0", .complexity = "O(log N) where N is the number of client connections",
     .args = "client-id:integer [timeout_error: TIMEOUT|ERROR]"},
    {.name = "unpause", .arity = 2, .flags = kAdminSubFlags,
     .handler = client_unpause_command, .group = CommandGroup::Connection,
     .summary = "Ends a CLIENT PAUSE and lets held-back commands run.", .since = "6.2.0",
     .complexity = "O(N) Where N is the number of paused clients"},
};

const CommandSpec kRows[] = {
    {.name = "client", .arity = -2, .group = CommandGroup::Connection,
     .summary = "Commands about client connections.", .since = "2.4.0",
     .complexity = "Depends on subcommand.", .subcommands = kClientSubcommands},
};

}  // namespace

void register_client_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
