// Server: the single-threaded heart of Eddy. Owns config, databases, clients, the command
// table and statistics; runs the dispatcher (DESIGN.md §2) and the cron.
//
// It does not include asio: the network layer (server/network.h) feeds bytes in with
// Client::qbuf + process_input(), and drains Client::out in its before-sleep step. The
// in-process test harness drives the same Server directly.
//
// Request path: process_input() parses every complete command in the query buffer and
// calls execute(): lookup -> subcommand -> arity -> auth -> RESP2 pub/sub context ->
// MULTI queueing -> call() (handler, stats, propagation) -> serve blocked clients.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eddy/commands/command_table.h"
#include "eddy/keyspace/database.h"
#include "eddy/server/client.h"
#include "eddy/server/config.h"

namespace eddy {

struct ServerStats {
  int64_t start_time_ms = 0;
  uint64_t total_connections_received = 0;
  uint64_t total_commands_processed = 0;
  uint64_t rejected_connections = 0;
  uint64_t expired_keys = 0;
  uint64_t evicted_keys = 0;
  uint64_t keyspace_hits = 0;
  uint64_t keyspace_misses = 0;
  uint64_t net_input_bytes = 0;
  uint64_t net_output_bytes = 0;
  uint64_t total_error_replies = 0;
  uint64_t unexpected_error_replies = 0;
  uint64_t client_qbuf_limit_disconnections = 0;
  uint64_t client_outbuf_limit_disconnections = 0;
  uint64_t expired_stale_perc = 0;
  uint64_t expire_cycle_cpu_milliseconds = 0;
  uint64_t total_reads_processed = 0;
  uint64_t total_writes_processed = 0;
  std::map<std::string, uint64_t> error_codes;  // INFO errorstats
  int64_t dirty = 0;                             // changes since last save
  uint64_t ops_window[16] = {};                  // instantaneous ops/sec samples
  uint64_t ops_last_count = 0;
  int64_t ops_last_ms = 0;
  int ops_idx = 0;
  // Network throughput samples (bytes/sec), taken with the ops samples (INFO *_kbps).
  uint64_t net_in_window[16] = {};
  uint64_t net_out_window[16] = {};
  uint64_t net_in_last = 0;
  uint64_t net_out_last = 0;
  uint64_t used_memory_startup = 0;  // allocator bytes once the server was built
  uint64_t used_memory_peak = 0;     // highest used_memory seen (cron, INFO, MEMORY STATS)
  // Unix seconds of the last successful save (LASTSAVE, rdb_last_save_time). Until
  // persistence saves, the start time, as Redis reports before its first save.
  int64_t lastsave = 0;
};

// Receives keyspace events (pub/sub layer implements it).
class KeyspaceNotifier {
 public:
  virtual ~KeyspaceNotifier() = default;
  virtual void notify_keyspace_event(uint32_t cls, std::string_view event, std::string_view key,
                                     int db) = 0;
};

// Receives propagated commands (AOF, MONITOR feed for replication-like consumers).
class Propagator {
 public:
  virtual ~Propagator() = default;
  virtual void propagate(int db, const std::vector<std::string>& argv) = 0;
  // False while nothing would be recorded (AOF off): the dispatcher then skips building
  // the propagated forms.
  virtual bool active() const { return true; }
};

class Tracking;  // server/tracking.h
class Blocking;  // server/blocking.h
class PubSub;    // pubsub/pubsub.h
class Persistence;  // server/persistence.h
class Aof;          // server/aof.h

class Server : public KeyEventSink, public ErrorStatsSink {
 public:
  explicit Server(Config config = Config());
  ~Server() override;

  Config& config() { return config_; }
  const Settings& settings() const { return config_.settings(); }
  Database& db(int i) { return *dbs_[static_cast<size_t>(i)]; }
  int db_count() const { return static_cast<int>(dbs_.size()); }
  CommandTable& commands() { return commands_; }
  ServerStats& stats() { return stats_; }

  // Clients.
  Client* create_client(Connection* conn = nullptr);
  void free_client(Client* c);
  Client* find_client(uint64_t id);
  const std::map<uint64_t, std::unique_ptr<Client>>& clients() const { return clients_; }
  bool auth_required() const { return !settings().requirepass.empty(); }

  // Parses and executes every complete command in c.qbuf.
  void process_input(Client& c);
  // Executes one command (already split into arguments) for a client.
  void execute(Client& c, std::span<const std::string_view> argv);
  // Runs a looked-up command's handler with stats and propagation (used by EXEC too).
  void call(Client& c, const CommandEntry* cmd, std::span<const std::string_view> argv);

  // Write-path bookkeeping (CommandContext::key_modified lands here).
  void key_modified(int db, std::string_view key, uint32_t cls, std::string_view event);
  void notify(uint32_t cls, std::string_view event, std::string_view key, int db);
  void touch_watched_key(int db, std::string_view key);
  void touch_all_watched_keys_in_db(int db);  // FLUSHDB/FLUSHALL/SWAPDB
  // Before a database is emptied (db < 0: all): invalidates only the watched keys that
  // exist in it, as Redis 7.0 does (WATCH of a missing key survives FLUSHALL).
  void touch_watched_keys_in_flushed_db(int db);
  void watch_key(Client& c, int db, std::string_view key);
  void unwatch_all(Client& c);
  void add_dirty(int64_t n) { stats_.dirty += n; }

  // Propagation of the current call.
  void set_propagate_override(std::vector<std::string> argv);
  void add_also_propagate(std::vector<std::string> argv);
  void set_propagator(Propagator* p) { propagator_ = p; }
  // EXEC brackets its queued commands with these so the AOF sees MULTI ... EXEC.
  void begin_exec_propagation(int db);
  void end_exec_propagation();
  void set_notifier(KeyspaceNotifier* n) { notifier_ = n; }

  // Periodic work at `hz`: active expiry, incremental rehash, client timeouts, stats.
  void cron();
  // Monotonic ms of the last cron (for CLIENT PAUSE end etc.).
  int64_t cron_count() const { return cron_loops_; }

  // KeyEventSink
  void on_key_expired(int db, std::string_view key) override;
  void on_key_added(int db, std::string_view key) override;
  // ErrorStatsSink
  void on_error_reply(std::string_view text) override;

  // Shutdown requests (SHUTDOWN command, signals). The loop polls shutdown_requested().
  enum ShutdownFlags : int { kShutdownNoSave = 1, kShutdownSave = 2, kShutdownNow = 4,
                             kShutdownForce = 8 };
  void request_shutdown(int flags) {
    shutdown_requested_ = true;
    shutdown_flags_ = flags;
  }
  bool shutdown_requested() const { return shutdown_requested_; }
  int shutdown_flags() const { return shutdown_flags_; }
  void cancel_shutdown() { shutdown_requested_ = false; }
  // Prepares for exit (save if configured, remove pidfile...). Returns false to abort.
  std::function<bool(int flags)> shutdown_hook;

  // CLIENT PAUSE state.
  enum class PauseKind { None, Write, All };
  void pause_clients(PauseKind kind, int64_t until_ms);
  void unpause_clients();
  PauseKind pause_kind() const;
  bool command_paused(const Client& c, const CommandEntry* cmd) const;
  std::vector<Client*>& paused_clients() { return paused_clients_; }

  // Network layer callbacks.
  std::function<void(Client*)> on_client_close;  // actually close the socket

  // The currently executing client (nullptr outside commands).
  Client* current_client() const { return current_client_; }

  // Memory in use by the allocator (jemalloc stats when linked).
  static size_t used_memory();

  // Clients blocked on keys (server/blocking.h).
  Blocking& blocking() { return *blocking_; }
  // Channels, patterns, shard channels and keyspace notifications (pubsub/pubsub.h).
  PubSub& pubsub() { return *pubsub_; }
  // RDB snapshots and their state (server/persistence.h).
  Persistence& persistence() { return *persistence_; }
  // The append-only file (server/aof.h); the real server installs it as the Propagator.
  Aof& aof() { return *aof_; }

  // client-output-buffer-limit: after output was appended to `c`, closes it (and drops its
  // pending output) when it is over its class's hard limit, or over the soft limit for
  // longer than the soft seconds. Returns true if the client is being closed.
  bool enforce_output_limits(Client& c);

  // MONITOR: clients that receive every executed command.
  void add_monitor(Client& c);
  void remove_monitor(Client& c);
  size_t monitor_count() const { return monitors_.size(); }
  // RESET: each subsystem drops its per-client state here without replying (pub/sub
  // subscriptions, MONITOR, tracking). Without a pub/sub hook RESET zeroes the counts.
  std::vector<std::function<void(Client&)>> client_reset_hooks;

  // Client-side caching (CLIENT TRACKING): the tracking table and BCAST prefixes.
  Tracking& tracking() { return *tracking_; }

  std::string run_id() const { return run_id_; }
  std::string master_replid;  // INFO replication (random at start, like run_id)
  // Figures owned by optional subsystems (pub/sub channel counts, tracking tables, blocked
  // clients with a timeout...). INFO asks by its field name ("pubsub_channels"); absent: 0.
  std::map<std::string, std::function<int64_t()>, std::less<>> info_counters;
  uint16_t tcp_port = 0;  // actually bound port (0 for in-process)

 private:
  void reset_dirty_flags(Client& c);
  void queue_multi(Client& c, const CommandEntry* cmd, std::span<const std::string_view> argv);
  void reject(Client& c, const CommandEntry* cmd, std::string_view err);
  bool protected_command_allowed(const Client& c, const CommandEntry* cmd) const;

  Config config_;
  std::vector<std::unique_ptr<Database>> dbs_;
  CommandTable commands_;
  ServerStats stats_;
  std::map<uint64_t, std::unique_ptr<Client>> clients_;
  uint64_t next_client_id_ = 1;
  std::map<std::pair<int, std::string>, std::vector<Client*>> watched_keys_;
  KeyspaceNotifier* notifier_ = nullptr;
  Propagator* propagator_ = nullptr;
  Client* current_client_ = nullptr;

  // Propagation state, one frame per (nested) call.
  struct PropFrame {
    bool override_set = false;
    std::vector<std::string> override_argv;
    std::vector<std::vector<std::string>> also;
  };
  std::vector<PropFrame> prop_frames_;
  // MULTI/EXEC wrapping: MULTI is emitted lazily before the first write inside EXEC.
  bool exec_wrapping_ = false;
  bool exec_multi_emitted_ = false;
  int exec_db_ = 0;
  void emit_propagation(int db, const std::vector<std::string>& argv);

  bool shutdown_requested_ = false;
  int shutdown_flags_ = 0;
  int64_t cron_loops_ = 0;

  PauseKind pause_kind_ = PauseKind::None;
  int64_t pause_until_ms_ = 0;
  int64_t last_spare_release_ms_ = 0;  // cron: last OutputBuffer::release_spare() sweep
  std::vector<Client*> paused_clients_;

  std::string run_id_;
  std::unique_ptr<Tracking> tracking_;
  std::unique_ptr<Blocking> blocking_;
  std::unique_ptr<PubSub> pubsub_;
  std::unique_ptr<Persistence> persistence_;
  std::unique_ptr<Aof> aof_;
  std::vector<Client*> monitors_;
  void feed_monitors(const Client& c, const CommandEntry* cmd,
                     std::span<const std::string_view> argv);
  // CLIENT UNPAUSE ran inside a command: resume the held-back clients once it returns.
  bool resume_paused_ = false;
  void resume_paused_clients();
};

}  // namespace eddy
