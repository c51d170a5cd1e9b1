#include "eddy/server/server.h"

#include <algorithm>
#include <random>
#include <malloc.h>

#include <spdlog/spdlog.h>

#include "eddy/base/clock.h"
#include "eddy/protocol/errors.h"
#include "eddy/commands/client_state.h"
#include "eddy/pubsub/pubsub.h"
#include "eddy/server/blocking.h"
#include "eddy/server/info.h"
#include "eddy/server/persistence.h"
#include "eddy/server/aof.h"
#include "eddy/server/tracking.h"

#ifdef EDDY_HAVE_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace eddy {

Server::Server(Config config) : config_(std::move(config)) {
  stats_.start_time_ms = now_ms();
  for (int i = 0; i < settings().databases; ++i) {
    dbs_.push_back(std::make_unique<Database>(i));
    dbs_.back()->set_sink(this);
  }
  std::random_device rd;
  static const char* hex = "0123456789abcdef";
  for (int i = 0; i < 40; ++i) run_id_ += hex[rd() % 16];
  for (int i = 0; i < 40; ++i) master_replid += hex[rd() % 16];
  stats_.lastsave = stats_.start_time_ms / 1000;
  stats_.used_memory_startup = stats_.used_memory_peak = used_memory();
  tracking_ = std::make_unique<Tracking>(*this);
  blocking_ = std::make_unique<Blocking>(*this);
  pubsub_ = std::make_unique<PubSub>(*this);
  persistence_ = std::make_unique<Persistence>(*this);
  aof_ = std::make_unique<Aof>(*this);
  notifier_ = pubsub_.get();
  info_counters["clients_in_timeout_table"] = [this] {
    return static_cast<int64_t>(blocking_->in_timeout_table());
  };
  info_counters["pubsub_channels"] = [this] {
    return static_cast<int64_t>(pubsub_->channel_count());
  };
  info_counters["pubsub_patterns"] = [this] {
    return static_cast<int64_t>(pubsub_->pattern_count());
  };
  info_counters["pubsubshard_channels"] = [this] {
    return static_cast<int64_t>(pubsub_->shard_channel_count());
  };
}

Server::~Server() {
  for (auto& [id, c] : clients_) {
    c->conn = nullptr;
    blocking_->forget(*c);
  }
}

Client* Server::create_client(Connection* conn) {
  auto c = std::make_unique<Client>(next_client_id_++);
  c->conn = conn;
  c->ctime_ms = c->last_interaction_ms = now_ms();
  c->authenticated = !auth_required();
  c->writer.set_error_sink(this);
  Client* raw = c.get();
  clients_[raw->id] = std::move(c);
  ++stats_.total_connections_received;
  return raw;
}

void Server::free_client(Client* c) {
  if (!c) return;
  blocking_->forget(*c);
  pubsub_->forget(*c);
  monitors_.erase(std::remove(monitors_.begin(), monitors_.end(), c), monitors_.end());
  if (c->has(kClientTracking)) tracking_->disable(*c);
  unwatch_all(*c);
  paused_clients_.erase(std::remove(paused_clients_.begin(), paused_clients_.end(), c),
                        paused_clients_.end());
  if (current_client_ == c) current_client_ = nullptr;
  clients_.erase(c->id);
}

Client* Server::find_client(uint64_t id) {
  auto it = clients_.find(id);
  return it == clients_.end() ? nullptr : it->second.get();
}

void Server::process_input(Client& c) {
  while (c.qpos < c.qbuf.size()) {
    if (c.has(kClientCloseAfterReply | kClientCloseAsap | kClientBlocked)) break;
    if (c.has(kClientPendingCommand)) break;
    c.parser.set_authenticated(c.authenticated || !auth_required());
    c.parser.set_max_bulk_len(settings().proto_max_bulk_len);
    size_t cmd_start = c.qpos;
    auto st = c.parser.parse(c.qbuf, &c.qpos, &c.argv);
    if (st == RequestParser::Status::NeedMore) break;
    if (st == RequestParser::Status::Empty) continue;
    if (st == RequestParser::Status::Error) {
      c.writer.set_muted(false);
      c.writer.error("ERR " + c.parser.error());
      c.set(kClientCloseAfterReply);
      c.qbuf.clear();
      c.qpos = 0;
      c.parser.reset();
      break;
    }
    // CLIENT PAUSE: leave the command in the buffer and resume when unpaused.
    if (pause_kind_ != PauseKind::None) {
      const CommandEntry* cmd = commands_.find(c.argv[0]);
      if (cmd && cmd->is_container() && c.argv.size() >= 2) {
        if (const CommandEntry* sub = cmd->find_sub(c.argv[1])) cmd = sub;
      }
      if (command_paused(c, cmd)) {
        // Rewind: the command is parsed again when clients are unpaused.
        c.qpos = cmd_start;
        c.set(kClientPendingCommand);
        paused_clients_.push_back(&c);
        break;
      }
    }
    execute(c, c.argv);
  }
  if (c.qpos > 0) {
    size_t n = c.qpos;
    if (n == c.qbuf.size()) {
      c.qbuf.clear();
    } else {
      c.qbuf.erase(0, n);
    }
    c.parser.shift(n);
    c.qpos = 0;
  }
  tracking_->flush_broadcast();
  if (!enforce_output_limits(c)) c.write_ready();
}

void Server::reject(Client& c, const CommandEntry* cmd, std::string_view err) {
  if (cmd) ++cmd->stats.rejected_calls;
  if (c.has(kClientMulti)) c.set(kClientDirtyExec);
  if (cmd && !cmd->parent && cmd->spec->name == "exec") {
    // A rejected EXEC aborts the transaction (Redis words it so, without "ERR ") and is
    // still shown to monitors.
    std::string_view text = err.substr(0, 4) == "ERR " ? err.substr(4) : err;
    c.writer.error("EXECABORT Transaction discarded because of: " + std::string(text));
    c.multi_queue.clear();
    c.clear(kClientMulti | kClientDirtyExec | kClientDirtyCas);
    unwatch_all(c);
    if (!monitors_.empty()) feed_monitors(c, cmd, c.argv);
    return;
  }
  c.writer.error(err);
}

void Server::remove_monitor(Client& c) {
  c.clear(kClientMonitor);
  monitors_.erase(std::remove(monitors_.begin(), monitors_.end(), &c), monitors_.end());
}

namespace {
bool is_multi_control(std::string_view name) {
  return name == "exec" || name == "discard" || name == "multi" || name == "watch" ||
         name == "quit" || name == "reset";
}
bool allowed_in_resp2_pubsub(std::string_view name) {
  return name == "subscribe" || name == "ssubscribe" || name == "unsubscribe" ||
         name == "sunsubscribe" || name == "psubscribe" || name == "punsubscribe" ||
         name == "ping" || name == "quit" || name == "reset";
}
}  // namespace

// Protected commands (DEBUG, MODULE) run only as enable-<name>-command allows: "yes",
// "local" (unix socket, 127.0.0.1, ::1; in-process clients count as local) or "no".
bool Server::protected_command_allowed(const Client& c, const CommandEntry* cmd) const {
  std::string name(cmd->parent ? cmd->parent->spec->name : cmd->spec->name);
  std::string mode = config_.get("enable-" + name + "-command").value_or("no");
  if (mode == "yes") return true;
  if (mode != "local") return false;
  return c.has(kClientUnixSocket) || c.addr.empty() || c.addr.rfind("127.0.0.1:", 0) == 0 ||
         c.addr.rfind("::1:", 0) == 0;
}

void Server::execute(Client& c, std::span<const std::string_view> argv) {
  c.last_interaction_ms = now_ms_coarse();
  // Reply mode: SKIP applies to exactly one command.
  bool skip_this = false;
  if (c.has(kClientReplySkipNext)) {
    c.clear(kClientReplySkipNext);
    c.set(kClientReplySkip);
  } else if (c.has(kClientReplySkip)) {
    c.clear(kClientReplySkip);
  }
  skip_this = c.has(kClientReplySkip) || c.has(kClientReplyOff);
  c.writer.set_muted(skip_this);

  const CommandEntry* cmd = commands_.find(argv[0]);
  if (!cmd) {
    reject(c, nullptr, err::unknown_command(argv[0], argv.data() + 1, argv.size() - 1));
    return;
  }
  if (cmd->is_container() && argv.size() >= 2) {
    const CommandEntry* sub = cmd->find_sub(argv[1]);
    if (!sub) {
      reject(c, nullptr, err::unknown_subcommand(cmd->fullname, argv[1]));
      return;
    }
    cmd = sub;
  }
  int arity = cmd->spec->arity;
  int argc = static_cast<int>(argv.size());
  if ((arity > 0 && arity != argc) || (argc < -arity)) {
    reject(c, cmd, err::wrong_arity(cmd->fullname));
    return;
  }
  if ((cmd->spec->flags & kCmdProtected) && !protected_command_allowed(c, cmd)) {
    std::string name(cmd->parent ? cmd->parent->spec->name : cmd->spec->name);
    std::string upper;
    for (char ch : name) upper += static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
    reject(c, cmd,
           "ERR " + upper + " command not allowed. If the enable-" + name +
               "-command option is set to \"local\", you can run it from a local connection, "
               "otherwise you need to set this option in the configuration file, and then "
               "restart the server.");
    return;
  }
  if (!c.authenticated && auth_required() && !(cmd->spec->flags & kCmdNoAuth)) {
    reject(c, cmd, err::kNoAuth);
    return;
  }
  if (c.has(kClientMulti) && (cmd->spec->flags & kCmdNoMulti)) {
    reject(c, cmd, "ERR Command not allowed inside a transaction");
    return;
  }
  std::string_view top = cmd->parent ? cmd->parent->spec->name : cmd->spec->name;
  if (c.writer.resp() == 2 && (c.sub_channels + c.sub_patterns + c.sub_shard) > 0 &&
      !allowed_in_resp2_pubsub(top)) {
    reject(c, cmd,
           "ERR Can't execute '" + cmd->fullname +
               "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in "
               "this context");
    return;
  }
  // stop-writes-on-bgsave-error: after a failed save, writes (and PING) are refused.
  if ((cmd->spec->flags & kCmdWrite || top == "ping") && persistence_->writes_refused()) {
    reject(c, cmd,
           "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to "
           "persist to disk. Commands that may modify the data set are disabled, because this "
           "instance is configured to report errors during writes if RDB snapshotting fails "
           "(stop-writes-on-bgsave-error option). Please check the Redis logs for details "
           "about the RDB error.");
    return;
  }
  if ((cmd->spec->flags & kCmdWrite || top == "ping") && aof_->writes_refused()) {
    reject(c, cmd, "MISCONF Errors writing to the AOF file: " + aof_->write_error());
    return;
  }
  // A MONITOR connection may not touch the keyspace (Redis treats it as a replica).
  if (c.has(kClientMonitor) && (cmd->spec->flags & (kCmdWrite | kCmdReadOnly | kCmdMayReplicate))) {
    reject(c, cmd, "ERR Replica can't interact with the keyspace");
    return;
  }
  if (c.has(kClientMulti) && !is_multi_control(top)) {
    queue_multi(c, cmd, argv);
    return;
  }
  call(c, cmd, argv);
  tracking_->command_done(c, top == "client");
  blocking_->serve();
  if (resume_paused_ && !current_client_) resume_paused_clients();
}

void Server::queue_multi(Client& c, const CommandEntry* cmd,
                         std::span<const std::string_view> argv) {
  QueuedCommand q;
  q.cmd = cmd;
  q.argv.reserve(argv.size());
  for (auto a : argv) q.argv.emplace_back(a);
  c.multi_queue.push_back(std::move(q));
  c.writer.simple("QUEUED");
}

void Server::call(Client& c, const CommandEntry* cmd, std::span<const std::string_view> argv) {
  Client* prev = current_client_;
  current_client_ = &c;
  int64_t dirty_before = stats_.dirty;
  uint64_t errors_before = stats_.total_error_replies;
  prop_frames_.emplace_back();
  int db_before = c.db;
  int64_t start = monotonic_us();
  // A blocked command re-run for a ready key was already counted when it first ran.
  const bool rerun = c.blocked && c.blocked->reprocessing;
  CommandContext ctx(*this, c, argv, cmd);
  cmd->spec->handler(ctx);
  if ((cmd->spec->flags & kCmdReadOnly) && c.has(kClientTracking))
    tracking_->remember_keys(c, *cmd->spec, argv);
  int64_t dur = monotonic_us() - start;
  cmd->stats.usec += static_cast<uint64_t>(dur);
  if (stats_.total_error_replies != errors_before) ++cmd->stats.failed_calls;
  if (!rerun) {
    ++cmd->stats.calls;
    if (settings().latency_tracking) record_command_latency(cmd->stats, dur);
    ++stats_.total_commands_processed;
    ++c.commands_processed;
    c.last_cmd = cmd->fullname;
  }
  if (!rerun && !monitors_.empty() && !(cmd->spec->flags & (kCmdSkipMonitor | kCmdAdmin)))
    feed_monitors(c, cmd, argv);
  PropFrame frame = std::move(prop_frames_.back());
  prop_frames_.pop_back();
  bool is_exec = cmd->spec->name == "exec" && !cmd->parent;
  if (propagator_ && propagator_->active() && !is_exec) {
    std::vector<std::string> own;
    if (stats_.dirty != dirty_before) {
      if (frame.override_set) {
        own = std::move(frame.override_argv);
      } else {
        own.assign(argv.begin(), argv.end());
      }
    }
    // A call that propagates several commands (XREADGROUP's XCLAIMs, ...) is replayed as
    // one transaction, as Redis 7.0 wraps them; inside EXEC the EXEC's MULTI already does.
    const size_t n = (own.empty() ? 0 : 1) + frame.also.size();
    const bool wrap = n > 1 && !exec_wrapping_;
    if (wrap) propagator_->propagate(db_before, {"MULTI"});
    if (!own.empty()) emit_propagation(db_before, own);
    for (auto& extra : frame.also) emit_propagation(db_before, extra);
    if (wrap) propagator_->propagate(db_before, {"EXEC"});
  }
  current_client_ = prev;
  // Invalidations for the client's own writes follow its reply, never land inside it.
  if (!prev) tracking_->flush_deferred();
}

void Server::emit_propagation(int db, const std::vector<std::string>& argv) {
  if (exec_wrapping_ && !exec_multi_emitted_) {
    exec_multi_emitted_ = true;
    propagator_->propagate(exec_db_, {"MULTI"});
  }
  propagator_->propagate(db, argv);
}

void Server::begin_exec_propagation(int db) {
  exec_wrapping_ = true;
  exec_multi_emitted_ = false;
  exec_db_ = db;
}

void Server::end_exec_propagation() {
  if (exec_wrapping_ && exec_multi_emitted_ && propagator_) propagator_->propagate(exec_db_, {"EXEC"});
  exec_wrapping_ = false;
  exec_multi_emitted_ = false;
}

void Server::set_propagate_override(std::vector<std::string> argv) {
  // Nothing records propagation (AOF off): drop the form at once instead of holding, e.g.,
  // one XCLAIM per entry of a 50,000-entry XREADGROUP until the call ends.
  if (prop_frames_.empty() || !propagator_ || !propagator_->active()) return;
  prop_frames_.back().override_set = true;
  prop_frames_.back().override_argv = std::move(argv);
}
void Server::add_also_propagate(std::vector<std::string> argv) {
  if (prop_frames_.empty() || !propagator_ || !propagator_->active()) return;
  prop_frames_.back().also.push_back(std::move(argv));
}

void Server::key_modified(int db, std::string_view key, uint32_t cls, std::string_view event) {
  ++stats_.dirty;
  touch_watched_key(db, key);
  tracking_->invalidate_key(key);
  if (!event.empty()) notify(cls, event, key, db);
  blocking_->signal_key(db, key);
}

void Server::notify(uint32_t cls, std::string_view event, std::string_view key, int db) {
  if (notifier_) notifier_->notify_keyspace_event(cls, event, key, db);
}

void Server::touch_watched_key(int db, std::string_view key) {
  if (watched_keys_.empty()) return;
  auto it = watched_keys_.find({db, std::string(key)});
  if (it == watched_keys_.end()) return;
  for (Client* w : it->second) w->set(kClientDirtyCas);
}

void Server::touch_all_watched_keys_in_db(int db) {
  for (auto& [k, clients] : watched_keys_)
    if (k.first == db || db < 0)
      for (Client* w : clients) w->set(kClientDirtyCas);
}

void Server::touch_watched_keys_in_flushed_db(int db) {
  for (auto& [k, clients] : watched_keys_) {
    if (db >= 0 && k.first != db) continue;
    if (!dbs_[static_cast<size_t>(k.first)]->find(k.second)) continue;
    for (Client* w : clients) w->set(kClientDirtyCas);
  }
}

void Server::watch_key(Client& c, int db, std::string_view key) {
  for (auto& w : c.watched)
    if (w.first == db && w.second == key) return;
  c.watched.emplace_back(db, std::string(key));
  watched_keys_[{db, std::string(key)}].push_back(&c);
}

void Server::unwatch_all(Client& c) {
  for (auto& w : c.watched) {
    auto it = watched_keys_.find(w);
    if (it == watched_keys_.end()) continue;
    auto& v = it->second;
    v.erase(std::remove(v.begin(), v.end(), &c), v.end());
    if (v.empty()) watched_keys_.erase(it);
  }
  c.watched.clear();
  c.clear(kClientDirtyCas);
}

void Server::on_key_expired(int db, std::string_view key) {
  ++stats_.expired_keys;
  touch_watched_key(db, key);
  tracking_->invalidate_key(key);
  notify(kNotifyExpired, "expired", key, db);
  if (propagator_ && propagator_->active()) propagator_->propagate(db, {"DEL", std::string(key)});
  // Clients blocked on a deleted stream learn it (XREADGROUP gets -UNBLOCKED).
  blocking_->signal_key(db, key);
}

void Server::on_key_added(int db, std::string_view key) { notify(kNotifyNew, "new", key, db); }

bool Server::enforce_output_limits(Client& c) {
  if (c.has(kClientCloseAsap)) return true;
  // Monitors count as normal clients, as in Redis; there are no replicas.
  const Settings::ObufLimit& lim = settings().obuf_limits[c.has(kClientPubSub) ? 2 : 0];
  // Like Redis, the first 16 KiB of pending output (its static reply buffer) do not count.
  const int64_t pending = static_cast<int64_t>(c.out.size());
  const int64_t used = pending > 16384 ? pending - 16384 : 0;
  bool hard = lim.hard > 0 && used >= lim.hard;
  bool soft = lim.soft > 0 && used >= lim.soft;
  if (soft) {
    // Over the soft limit for longer than soft seconds (whole seconds, as Redis counts).
    int64_t now_s = now_ms() / 1000;
    if (c.obuf_soft_limit_since_ms == 0) {
      c.obuf_soft_limit_since_ms = now_s * 1000;
      soft = false;
    } else if (now_s - c.obuf_soft_limit_since_ms / 1000 <= lim.soft_seconds) {
      soft = false;
    }
  } else {
    c.obuf_soft_limit_since_ms = 0;
  }
  if (!hard && !soft) return false;
  spdlog::warn("Client {} scheduled to be closed ASAP for overcoming of output buffer limits.",
               client_info_line(*this, c));
  ++stats_.client_outbuf_limit_disconnections;
  // Free the output now: the point is to bound memory while the peer does not read.
  c.out.clear();
  c.set(kClientCloseAsap);
  if (c.conn) c.conn->request_close();
  return true;
}

void Server::add_monitor(Client& c) {
  c.set(kClientMonitor);
  monitors_.push_back(&c);
}

namespace {
// Arguments MONITOR shows as "(redacted)": every AUTH argument, HELLO's AUTH pair and
// MIGRATE's AUTH / AUTH2 secrets, as Redis 7.0 hides them.
bool redacted_arg(std::string_view cmd, std::span<const std::string_view> argv, size_t i) {
  if (cmd == "auth") return i >= 1;
  if (cmd == "hello") {
    for (size_t j = 2; j < i; ++j)
      if (iequals(argv[j], "auth") && (i == j + 1 || i == j + 2)) return true;
    return false;
  }
  if (cmd == "migrate") {
    for (size_t j = 6; j < i; ++j) {
      if (iequals(argv[j], "auth") && i == j + 1) return true;
      if (iequals(argv[j], "auth2") && (i == j + 1 || i == j + 2)) return true;
    }
  }
  return false;
}
}  // namespace

// "+<unix seconds>.<micros> [<db> <addr>] "arg" "arg" ..." to every monitor.
void Server::feed_monitors(const Client& c, const CommandEntry* cmd,
                           std::span<const std::string_view> argv) {
  int64_t us = now_us();
  std::string line = "+" + std::to_string(us / 1000000) + ".";
  std::string micros = std::to_string(us % 1000000);
  line.append(6 - micros.size(), '0');
  line += micros;
  line += " [" + std::to_string(c.db) + " ";
  if (c.has(kClientUnixSocket)) {
    line += "unix:" + settings().unixsocket;
  } else {
    line += c.addr;
  }
  line += "]";
  std::string_view name = cmd->parent ? cmd->parent->spec->name : cmd->spec->name;
  for (size_t i = 0; i < argv.size(); ++i) {
    line += ' ';
    line += redacted_arg(name, argv, i) ? "\"(redacted)\"" : repr(argv[i]);
  }
  line += "\r\n";
  for (Client* m : monitors_) {
    if (m->has(kClientCloseAsap)) continue;
    m->out.append(line);
    if (!enforce_output_limits(*m)) m->write_ready();
  }
}

void Server::on_error_reply(std::string_view text) {
  ++stats_.total_error_replies;
  size_t sp = text.find(' ');
  std::string code(text.substr(0, sp));
  // Redis counts only codes that look like codes (upper-case words).
  bool ok = !code.empty() && code.size() <= 128;
  for (char ch : code)
    if (!(ch >= 'A' && ch <= 'Z') && ch != '_' && !(ch >= '0' && ch <= '9')) ok = false;
  if (!ok) code = "ERR";
  if (stats_.error_codes.size() < 128 || stats_.error_codes.count(code)) ++stats_.error_codes[code];
}

void Server::cron() {
  ++cron_loops_;
  int64_t now = now_ms();
  // Active expiry: a slice of 25% of a cron period at effort 1, as Redis's slow cycle.
  if (settings().active_expire_enabled) {
    int64_t hz = settings().hz > 0 ? settings().hz : 10;
    int64_t budget_us = (1000000 / hz) * (25 + (settings().active_expire_effort - 1) * 5) / 100;
    int64_t deadline = monotonic_us() + budget_us;
    size_t per_loop = 20 + static_cast<size_t>(settings().active_expire_effort - 1) * 5;
    for (auto& d : dbs_) {
      d->active_expire(per_loop, deadline);
      if (monotonic_us() >= deadline) break;
    }
  }
  for (auto& d : dbs_) d->rehash_tick();
  // Instantaneous ops/sec sample.
  if (now - stats_.ops_last_ms >= 100) {
    uint64_t ops = stats_.total_commands_processed - stats_.ops_last_count;
    int64_t dt = now - stats_.ops_last_ms;
    stats_.ops_window[stats_.ops_idx++ % 16] = dt > 0 ? ops * 1000 / static_cast<uint64_t>(dt) : 0;
    stats_.ops_last_count = stats_.total_commands_processed;
    int idx = (stats_.ops_idx - 1) % 16;
    uint64_t in = stats_.net_input_bytes - stats_.net_in_last;
    uint64_t out = stats_.net_output_bytes - stats_.net_out_last;
    stats_.net_in_window[idx] = dt > 0 ? in * 1000 / static_cast<uint64_t>(dt) : 0;
    stats_.net_out_window[idx] = dt > 0 ? out * 1000 / static_cast<uint64_t>(dt) : 0;
    stats_.net_in_last = stats_.net_input_bytes;
    stats_.net_out_last = stats_.net_output_bytes;
    stats_.ops_last_ms = now;
  }
  stats_.used_memory_peak = std::max<uint64_t>(stats_.used_memory_peak, used_memory());
  // Once a second, output buffers that drained give back the chunk they kept for the
  // next replies (OutputBuffer::consume), so idle clients hold no reply memory.
  if (now - last_spare_release_ms_ >= 1000) {
    last_spare_release_ms_ = now;
    for (auto& [id, c] : clients_) c->out.release_spare();
  }
  // Idle client timeout.
  if (settings().timeout > 0) {
    for (auto& [id, c] : clients_) {
      if (c->has(kClientBlocked) || c->sub_channels + c->sub_patterns + c->sub_shard > 0)
        continue;
      if (now - c->last_interaction_ms > settings().timeout * 1000) {
        c->set(kClientCloseAsap);
        if (c->conn) c->conn->request_close();
      }
    }
  }
  if (pause_kind_ != PauseKind::None && now >= pause_until_ms_) unpause_clients();
  blocking_->handle_timeouts(now);
  persistence_->cron();
  aof_->cron();
  // Keys the active expiry deleted may have blocked readers to answer.
  blocking_->serve();
  tracking_->flush_broadcast();
}

void Server::pause_clients(PauseKind kind, int64_t until_ms) {
  // A later pause never shortens or weakens an active one.
  if (pause_kind_ == PauseKind::All && kind == PauseKind::Write) kind = PauseKind::All;
  pause_kind_ = kind;
  if (until_ms > pause_until_ms_ || kind != PauseKind::None) pause_until_ms_ = std::max(pause_until_ms_, until_ms);
}

void Server::unpause_clients() {
  pause_kind_ = PauseKind::None;
  pause_until_ms_ = 0;
  // From inside a command (CLIENT UNPAUSE) the held-back commands run after it returns, so
  // they are not counted, propagated or replied to as part of it.
  if (current_client_) {
    resume_paused_ = true;
    return;
  }
  resume_paused_clients();
}

void Server::resume_paused_clients() {
  resume_paused_ = false;
  auto waiting = std::move(paused_clients_);
  paused_clients_.clear();
  for (Client* c : waiting) {
    c->clear(kClientPendingCommand);
    process_input(*c);
  }
}

Server::PauseKind Server::pause_kind() const { return pause_kind_; }

bool Server::command_paused(const Client& c, const CommandEntry* cmd) const {
  if (pause_kind_ == PauseKind::None) return false;
  if (pause_kind_ == PauseKind::All) {
    return true;
  }
  if (!cmd) return false;
  constexpr uint64_t kMayWrite = kCmdWrite | kCmdMayReplicate;
  // EXEC waits if its transaction holds a write.
  if (cmd->spec->name == "exec" && !cmd->parent && c.has(kClientMulti)) {
    for (const QueuedCommand& q : c.multi_queue)
      if (q.cmd->spec->flags & kMayWrite) return true;
    return false;
  }
  return cmd->spec->flags & kMayWrite;
}

size_t Server::used_memory() {
#ifdef EDDY_HAVE_JEMALLOC
  uint64_t epoch = 1;
  size_t sz = sizeof(epoch);
  mallctl("epoch", &epoch, &sz, &epoch, sz);
  size_t allocated = 0;
  sz = sizeof(allocated);
  if (mallctl("stats.allocated", &allocated, &sz, nullptr, 0) == 0) return allocated;
#endif
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

void Server::reset_dirty_flags(Client& c) { c.clear(kClientDirtyCas | kClientDirtyExec); }

}  // namespace eddy
