// Config: one table of directives serving the conf file, the command line
// (`--name value`), CONFIG GET/SET/REWRITE and the typed settings the server reads.
//
// Each row (config_table.cc) names a directive and its old alias, its type, default,
// bounds, flags (immutable, protected, multi-argument...) and whether Eddy implements it,
// will implement it (planned) or only accepts it. Every row validates exactly as Redis 7.0
// does, with Redis's error texts, whatever its status: a redis.conf that Redis loads loads
// here, and CONFIG GET/SET behave the same. docs/configuration.md lists every row.
//
// Values are kept in their canonical text (what CONFIG GET prints) and mirrored into the
// typed `settings()` that hot paths read. Callers:
//   - app.cc: load_text() of the conf file + command-line options at start-up;
//   - CONFIG (commands/config_commands.cc): get_many(), set_many(), rewrite();
//   - the server and network layers: settings(), on_change() observers and apply hooks
//     (a rebind when `port` or `bind` changes, for example).
//
//   conf file / --options ──load_text──┐
//                                      ├─▶ parse_value(row) ─▶ values_[row] ─▶ refresh ─▶ Settings
//   CONFIG SET name value ... ─set_many┘        (Redis's checks and error texts)
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "eddy/types/limits.h"

namespace eddy {

enum class ConfigType : uint8_t {
  Bool,     // yes/no
  Int,      // integer (strict parse), bounds checked
  Memory,   // integer with memory units (1k, 1kb, 1mb, 1gb...), bounds checked
  String,   // free text, optionally validated by a hook
  Enum,     // one of `choices`
  Flags,    // several of `choices` separated by spaces (shutdown-on-sigint)
  Special,  // parsed and printed by a hook (save, bind, client-output-buffer-limit...)
};

// Row flags, named after Redis's config flags.
enum ConfigFlag : uint32_t {
  kCfgImmutable = 1 << 0,     // start-up only: CONFIG SET says "can't set immutable config"
  kCfgProtected = 1 << 1,     // CONFIG SET only if enable-protected-configs allows it
  kCfgMultiArg = 1 << 2,      // several arguments in the file; CONFIG SET splits on spaces
  kCfgUnsigned = 1 << 3,      // numeric value is unsigned 64-bit (min/max are bit patterns)
  kCfgPercent = 1 << 4,       // memory value may be "N%" (stored negative)
  kCfgNullIfEmpty = 1 << 5,   // empty string means "unset": CONFIG REWRITE drops the line
  kCfgAlwaysRewrite = 1 << 6, // CONFIG REWRITE writes it even at its default
  kCfgSensitive = 1 << 7,     // secret (requirepass, masterauth...)
  kCfgHidden = 1 << 8,        // debugging knob: CONFIG GET by exact name only
};

// What Eddy does with a directive (docs/configuration.md "status" column).
enum class ConfigStatus : uint8_t {
  Implemented,  // Eddy honours it
  Planned,      // validated and stored; the subsystem that honours it is being built
  Accepted,     // validated and stored; no effect in Eddy (the note says why)
};

// Value hooks for Special rows and validated strings (config.cc implements each).
enum class ConfigHook : uint8_t {
  None,
  Save, ClientOutputBufferLimit, NotifyKeyspaceEvents, Bind, OomScoreAdjValues,
  LatencyPercentiles, ReplicaOf, UnixSocketPerm, Dir,
  DbFilename, AppendFilename, AppendDirname, Hostname, ProcTitleTemplate,
  Hz, ActiveDefrag, MaxClients, Port, ReplBacklogSize,
};

struct ConfigSpec {
  std::string_view name;
  std::string_view alias;  // old name Redis still accepts ("slaveof"), "" if none
  ConfigType type = ConfigType::String;
  std::string_view default_value;
  int64_t min = 0;  // numeric bounds (bit patterns of uint64 with kCfgUnsigned)
  int64_t max = 0;
  uint32_t flags = 0;  // ConfigFlag bits
  // Enum/Flags names separated by spaces; "relative=yes" prints as the name "yes".
  std::string_view choices = {};
  ConfigHook hook = ConfigHook::None;
  ConfigStatus status = ConfigStatus::Accepted;
  std::string_view note = {};  // docs: one line on what Eddy does with it

  bool is_mutable() const { return !(flags & kCfgImmutable); }
  bool implemented() const { return status == ConfigStatus::Implemented; }
};

// Typed copies of the directives the server consults on hot paths.
struct Settings {
  int64_t port = 6379;
  std::vector<std::string> bind = {"*", "-::*"};
  bool protected_mode = true;
  int64_t tcp_backlog = 511;
  int64_t tcp_keepalive = 300;
  int64_t timeout = 0;
  std::string unixsocket;
  int64_t unixsocketperm = 0;
  int64_t databases = 16;
  int64_t hz = 10;
  bool dynamic_hz = true;
  int64_t maxclients = 10000;
  int64_t proto_max_bulk_len = 512LL * 1024 * 1024;
  int64_t client_query_buffer_limit = 1024LL * 1024 * 1024;
  std::string requirepass;
  std::string loglevel = "notice";
  std::string logfile;
  bool daemonize = false;
  std::string pidfile;
  std::string supervised = "no";
  std::string dir;
  bool active_expire_enabled = true;  // DEBUG SET-ACTIVE-EXPIRE, not a directive
  int64_t active_expire_effort = 1;
  bool lazyfree_lazy_user_del = false;
  bool lazyfree_lazy_user_flush = false;
  std::string notify_keyspace_events;  // canonical flags text
  uint32_t notify_flags = 0;           // NotifyClass bits (commands/command.h)
  // client-output-buffer-limit: normal, replica, pubsub — hard, soft, soft seconds
  struct ObufLimit {
    int64_t hard = 0, soft = 0, soft_seconds = 0;
  } obuf_limits[3] = {{0, 0, 0}, {256LL << 20, 64LL << 20, 60}, {32LL << 20, 8LL << 20, 60}};
  int64_t maxmemory = 0;  // bytes (an unsigned value above INT64_MAX reads negative)
  std::string maxmemory_policy = "noeviction";
  int64_t maxmemory_samples = 5;
  // Collection encodings (hash-max-listpack-*, list-max-listpack-size, ...).
  CollectionLimits limits;
  int64_t list_compress_depth = 0;
  int64_t stream_node_max_bytes = 4096;
  int64_t stream_node_max_entries = 100;
  int64_t hll_sparse_max_bytes = 3000;
  // Persistence.
  std::vector<std::pair<int64_t, int64_t>> save_params = {{3600, 1}, {300, 100}, {60, 10000}};
  std::string dbfilename = "dump.rdb";
  bool rdbcompression = true;
  bool rdbchecksum = true;
  bool appendonly = false;
  std::string appendfsync = "everysec";
  std::string appendfilename = "appendonly.aof";
  std::string appenddirname = "appendonlydir";
  bool aof_use_rdb_preamble = true;
  bool aof_load_truncated = true;
  bool no_appendfsync_on_rewrite = false;
  bool aof_disable_auto_gc = false;
  int64_t auto_aof_rewrite_percentage = 100;
  int64_t auto_aof_rewrite_min_size = 64LL << 20;
  bool stop_writes_on_bgsave_error = true;
  int64_t rdb_key_save_delay_us = 0;  // rdb-key-save-delay: sleep per key while saving (tests)
  // Introspection.
  int64_t slowlog_log_slower_than = 10000;
  int64_t slowlog_max_len = 128;
  int64_t latency_monitor_threshold = 0;
  bool latency_tracking = true;
  std::vector<double> latency_tracking_info_percentiles = {50.0, 99.0, 99.9};
  int64_t tracking_table_max_keys = 1000000;
  int64_t busy_reply_threshold = 5000;
  std::string shutdown_on_sigint = "default";
  std::string shutdown_on_sigterm = "default";
  int64_t shutdown_timeout = 10;
};

// Turns jemalloc's background purging threads on or off (no-op without jemalloc).
void set_allocator_background_thread(bool on);

class Config {
 public:
  Config();

  // Loads a redis.conf-style file. On error returns the text to print: a Redis fatal
  // block ("\n*** FATAL CONFIG FILE ERROR ...") for a bad line, or a one-line message
  // ("Fatal error, can't open config file ...") that callers print as a log line.
  std::optional<std::string> load_file(const std::string& path);
  // Applies directives from text (file content plus command-line options), Redis style:
  // line numbers in errors count lines of `text`. Same error convention as load_file.
  std::optional<std::string> load_text(const std::string& text, const std::string& origin = {});
  // One directive with its arguments (file/command line). Returns error text or nullopt.
  std::optional<std::string> apply_directive(const std::vector<std::string>& argv);

  // CONFIG SET of one name/value, as at runtime but ignoring protection; returns the bare
  // reason (without "ERR ") or nullopt.
  std::optional<std::string> set(std::string_view name, std::string_view value);
  // CONFIG SET name value [name value ...], atomically. `local_client` says whether the
  // caller may change protected configs under enable-protected-configs=local. Returns the
  // complete error reply ("ERR CONFIG SET failed (possibly related to argument 'x') - ...")
  // or nullopt.
  std::optional<std::string> set_many(std::span<const std::pair<std::string, std::string>> pairs,
                                      bool local_client = true);
  // Sets a value from inside the server, bypassing mutability (e.g. the default pidfile
  // a daemonized server writes). The value must be valid.
  void force_set(std::string_view name, std::string_view value);

  // Is `name` a known config (or alias)?
  bool known(std::string_view name) const;
  bool is_mutable(std::string_view name) const;
  // Canonical current value, as CONFIG GET prints it.
  std::optional<std::string> get(std::string_view name) const;
  // CONFIG GET pattern [pattern ...]: (name, value) pairs, each config at most once. An
  // exact name is echoed as the client typed it; glob patterns match names and aliases.
  std::vector<std::pair<std::string, std::string>> get_many(
      std::span<const std::string> patterns) const;
  std::vector<std::pair<std::string, std::string>> get_matching(std::string_view pattern) const;
  // CONFIG REWRITE: rewrites the loaded file. Returns the error reply text (with "ERR ")
  // or nullopt.
  std::optional<std::string> rewrite();

  const Settings& settings() const { return settings_; }
  // DEBUG SET-ACTIVE-EXPIRE: a runtime switch that is not a directive (as in Redis).
  void set_active_expire_enabled(bool on) { settings_.active_expire_enabled = on; }
  const std::string& config_file() const { return config_file_; }
  void set_config_file(std::string path) { config_file_ = std::move(path); }

  // Observers called after a directive changed (e.g. the server re-reads hz).
  void on_change(std::function<void(std::string_view name)> fn) {
    observers_.push_back(std::move(fn));
  }
  // Runtime effect of a CONFIG SET that can fail (rebinding `port`/`bind`): called once the
  // new values are stored; an error restores every value of the same CONFIG SET.
  using ApplyHook = std::function<std::optional<std::string>(const Config&)>;
  void add_apply_hook(std::string_view name, ApplyHook fn);

  // Directives that are not configs but are kept (rename-command, user): file order.
  const std::vector<std::vector<std::string>>& kept_directives() const { return kept_; }

  // Row access for documentation/tests.
  static const std::vector<ConfigSpec>& specs();
  static const ConfigSpec* find_spec(std::string_view name);

 private:
  size_t index_of(const ConfigSpec* s) const { return static_cast<size_t>(s - specs().data()); }
  std::optional<std::string> parse_value(const ConfigSpec& spec,
                                         std::span<const std::string> args, bool loading,
                                         std::string* canonical) const;
  std::optional<std::string> apply_runtime(const ConfigSpec& spec);
  bool tls_enabled() const;
  std::string current(const ConfigSpec& spec) const;
  void store(const ConfigSpec& spec, std::string canonical);
  void refresh(const ConfigSpec& spec);
  std::optional<std::string> load_text_depth(const std::string& text, int depth);
  std::optional<std::string> load_file_depth(const std::string& path, int depth);
  std::optional<std::string> apply_directive_at_load(const std::vector<std::string>& argv,
                                                     int depth);

  std::vector<std::string> values_;  // by row index: canonical text
  Settings settings_;
  std::string config_file_;
  bool save_loaded_ = false;  // a `save` line was read: later lines accumulate
  std::vector<std::string> pending_module_configs_;
  std::vector<std::vector<std::string>> kept_;
  std::vector<std::function<void(std::string_view)>> observers_;
  std::multimap<std::string, ApplyHook, std::less<>> apply_hooks_;
};

}  // namespace eddy
