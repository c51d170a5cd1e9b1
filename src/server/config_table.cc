// The directive table: every config Redis 7.0.15 has (CONFIG GET * lists 192 names, 18 of
// them old aliases), with Redis's types, defaults, bounds and flags, and what Eddy does
// with each (docs/configuration.md is checked against these rows by a unit test).
#include "eddy/server/config.h"

#include <cstdint>
#include <limits>

namespace eddy {
namespace {

constexpr int64_t kIntMax = std::numeric_limits<int32_t>::max();
constexpr int64_t kIntMin = std::numeric_limits<int32_t>::min();
constexpr int64_t kLongMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kUIntMax = std::numeric_limits<uint32_t>::max();
constexpr int64_t kULongMax = -1;  // bit pattern of UINT64_MAX (with kCfgUnsigned)

using S = ConfigStatus;
constexpr S kImpl = S::Implemented;
constexpr S kPlanned = S::Planned;
constexpr S kAccepted = S::Accepted;

constexpr ConfigSpec Bool(std::string_view name, std::string_view def, S status,
                          std::string_view note, uint32_t flags = 0,
                          std::string_view alias = {}, ConfigHook hook = ConfigHook::None) {
  return {.name = name, .alias = alias, .type = ConfigType::Bool, .default_value = def,
          .flags = flags, .hook = hook, .status = status, .note = note};
}
constexpr ConfigSpec Int(std::string_view name, std::string_view def, int64_t min, int64_t max,
                         S status, std::string_view note, uint32_t flags = 0,
                         std::string_view alias = {}, ConfigHook hook = ConfigHook::None) {
  return {.name = name, .alias = alias, .type = ConfigType::Int, .default_value = def,
          .min = min, .max = max, .flags = flags, .hook = hook, .status = status, .note = note};
}
constexpr ConfigSpec Mem(std::string_view name, std::string_view def, int64_t min, int64_t max,
                         S status, std::string_view note, uint32_t flags = 0,
                         std::string_view alias = {}, ConfigHook hook = ConfigHook::None) {
  return {.name = name, .alias = alias, .type = ConfigType::Memory, .default_value = def,
          .min = min, .max = max, .flags = flags, .hook = hook, .status = status, .note = note};
}
constexpr ConfigSpec Str(std::string_view name, std::string_view def, S status,
                         std::string_view note, uint32_t flags = 0,
                         ConfigHook hook = ConfigHook::None, std::string_view alias = {}) {
  return {.name = name, .alias = alias, .type = ConfigType::String, .default_value = def,
          .flags = flags, .hook = hook, .status = status, .note = note};
}
constexpr ConfigSpec Enum(std::string_view name, std::string_view def, std::string_view choices,
                          S status, std::string_view note, uint32_t flags = 0) {
  return {.name = name, .alias = {}, .type = ConfigType::Enum, .default_value = def, .flags = flags,
          .choices = choices, .status = status, .note = note};
}
constexpr ConfigSpec Flags(std::string_view name, std::string_view def, std::string_view choices,
                           S status, std::string_view note) {
  return {.name = name, .alias = {}, .type = ConfigType::Flags, .default_value = def,
          .flags = kCfgMultiArg, .choices = choices, .status = status, .note = note};
}
constexpr ConfigSpec Special(std::string_view name, std::string_view def, ConfigHook hook,
                             S status, std::string_view note, uint32_t flags = 0,
                             std::string_view alias = {}) {
  return {.name = name, .alias = alias, .type = ConfigType::Special, .default_value = def,
          .flags = flags, .hook = hook, .status = status, .note = note};
}

constexpr uint32_t kImm = kCfgImmutable;
constexpr uint32_t kNull = kCfgNullIfEmpty;
constexpr uint32_t kU = kCfgUnsigned;

constexpr std::string_view kNoCluster = "cluster mode is not supported";
constexpr std::string_view kNoRepl = "replication is not supported";
constexpr std::string_view kNoTls = "TLS is not supported; put a TLS proxy in front";
constexpr std::string_view kNoDefrag = "no active defragmentation";
constexpr std::string_view kNoThreads = "Eddy has a single thread";
constexpr std::string_view kNoCpuList = "no CPU affinity for background threads";
constexpr std::string_view kNoLua = "scripting is not supported";

const std::vector<ConfigSpec> kRows = {
    // --- Network ----------------------------------------------------------------------
    Special("bind", "* -::*", ConfigHook::Bind, kImpl, "addresses to listen on", kCfgMultiArg),
    Str("bind-source-addr", "", kAccepted, kNoRepl, kNull),
    Int("port", "6379", 0, 65535, kImpl, "TCP port (0: no TCP listener)", 0, {},
        ConfigHook::Port),
    Bool("protected-mode", "yes", kImpl, "refuse non-loopback clients without a password"),
    Int("tcp-backlog", "511", 0, kIntMax, kImpl, "listen() backlog", kImm),
    Int("tcp-keepalive", "300", 0, kIntMax, kImpl, "SO_KEEPALIVE interval of client sockets"),
    Int("timeout", "0", 0, kIntMax, kImpl, "close idle clients after N seconds"),
    Str("unixsocket", "", kImpl, "unix socket path", kImm | kNull),
    Special("unixsocketperm", "0", ConfigHook::UnixSocketPerm, kImpl,
            "unix socket permissions (octal)", kImm),
    Int("socket-mark-id", "0", 0, kUIntMax, kAccepted, "no SO_MARK on sockets", kImm | kU),
    Int("maxclients", "10000", 1, kUIntMax, kImpl, "connections beyond it are refused", kU, {},
        ConfigHook::MaxClients),
    Mem("proto-max-bulk-len", "512mb", 1024 * 1024, kLongMax, kImpl, "largest bulk string"),
    Mem("client-query-buffer-limit", "1gb", 1024 * 1024, kLongMax, kImpl,
        "largest query buffer of one client"),
    Special("client-output-buffer-limit",
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
            ConfigHook::ClientOutputBufferLimit, kImpl, "output buffer limits per client class",
            kCfgMultiArg),
    Mem("maxmemory-clients", "0", 0, kLongMax, kAccepted, "no client eviction", kCfgPercent),
    // --- Process ----------------------------------------------------------------------
    Bool("daemonize", "no", kImpl, "fork into the background", kImm),
    Enum("supervised", "no", "upstart systemd auto no", kImpl,
         "systemd readiness notification", kImm),
    Str("pidfile", "", kImpl, "file to write the pid to", kImm | kNull),
    Enum("loglevel", "notice", "debug verbose notice warning", kImpl, "log verbosity"),
    Str("logfile", "", kImpl, "log file (empty: standard output)", kImm),
    Bool("syslog-enabled", "no", kAccepted, "no syslog output", kImm),
    Str("syslog-ident", "redis", kAccepted, "no syslog output", kImm),
    Enum("syslog-facility", "local0",
         "user local0 local1 local2 local3 local4 local5 local6 local7", kAccepted,
         "no syslog output", kImm),
    Bool("crash-log-enabled", "yes", kAccepted, "no crash report"),
    Bool("crash-memcheck-enabled", "yes", kAccepted, "no crash report"),
    Bool("always-show-logo", "no", kAccepted, "no ASCII-art logo", kImm),
    Bool("set-proc-title", "yes", kAccepted, "the process title is not changed", kImm),
    Str("proc-title-template", "{title} {listen-addr} {server-mode}", kAccepted,
        "the process title is not changed", 0, ConfigHook::ProcTitleTemplate),
    Int("databases", "16", 1, kIntMax, kImpl, "number of databases", kImm),
    Str("dir", ".", kImpl, "working directory (chdir), where files are written",
        kCfgProtected | kCfgAlwaysRewrite, ConfigHook::Dir),
    Int("hz", "10", 0, kIntMax, kImpl, "cron frequency (clamped to 1..500)", 0, {},
        ConfigHook::Hz),
    Bool("dynamic-hz", "yes", kAccepted, "the cron runs at hz, whatever the client count"),
    Enum("oom-score-adj", "no", "no yes relative=yes absolute", kAccepted,
         "the OOM score is not adjusted"),
    Special("oom-score-adj-values", "0 200 800", ConfigHook::OomScoreAdjValues, kAccepted,
            "the OOM score is not adjusted", kCfgMultiArg),
    Bool("disable-thp", "yes", kAccepted, "transparent huge pages are left as they are", kImm),
    Bool("jemalloc-bg-thread", "yes", kImpl, "jemalloc background threads purge freed pages"),
    Str("ignore-warnings", "", kAccepted, "Eddy prints no such warnings"),
    Flags("shutdown-on-sigint", "default", "default save nosave now force", kPlanned,
          "SIGINT handling (planned with persistence)"),
    Flags("shutdown-on-sigterm", "default", "default save nosave now force", kPlanned,
          "SIGTERM handling (planned with persistence)"),
    Int("shutdown-timeout", "10", 0, kIntMax, kAccepted, "no replicas to wait for"),
    Enum("enable-protected-configs", "no", "no yes local", kImpl,
         "allows CONFIG SET of dir and dbfilename", kImm),
    Enum("enable-debug-command", "no", "no yes local", kImpl, "allows DEBUG", kImm),
    Enum("enable-module-command", "no", "no yes local", kAccepted, "modules are not supported",
         kImm),
    Enum("propagation-error-behavior", "ignore", "ignore panic panic-on-replicas", kAccepted,
         kNoRepl),
    Enum("sanitize-dump-payload", "no", "no yes clients", kPlanned,
         "RESTORE payload checks (planned)"),
    // --- Security ---------------------------------------------------------------------
    Str("requirepass", "", kImpl, "password of the default user", kNull | kCfgSensitive),
    Str("aclfile", "", kAccepted, "ACL users are not supported", kImm),
    Int("acllog-max-len", "128", 0, kLongMax, kAccepted, "ACL users are not supported"),
    Enum("acl-pubsub-default", "resetchannels", "allchannels resetchannels", kAccepted,
         "ACL users are not supported"),
    // --- Memory -----------------------------------------------------------------------
    Mem("maxmemory", "0", 0, kULongMax, kPlanned, "memory limit (eviction planned)", kU),
    Enum("maxmemory-policy", "noeviction",
         "volatile-lru volatile-lfu volatile-random volatile-ttl allkeys-lru allkeys-lfu "
         "allkeys-random noeviction",
         kPlanned, "eviction policy (OBJECT FREQ/IDLETIME follow it; eviction planned)"),
    Int("maxmemory-samples", "5", 1, kIntMax, kPlanned, "eviction sample size (planned)"),
    Int("maxmemory-eviction-tenacity", "10", 0, 100, kPlanned, "eviction effort (planned)"),
    Bool("replica-ignore-maxmemory", "yes", kAccepted, kNoRepl, 0, "slave-ignore-maxmemory"),
    Int("lfu-log-factor", "10", 0, kIntMax, kPlanned, "LFU counter growth (planned)"),
    Int("lfu-decay-time", "1", 0, kIntMax, kPlanned, "LFU counter decay (planned)"),
    Int("active-expire-effort", "1", 1, 10, kImpl, "effort of the active expiry cycle"),
    Bool("lazyfree-lazy-eviction", "no", kAccepted, "no eviction yet"),
    Bool("lazyfree-lazy-expire", "no", kAccepted, "expired keys are freed inline"),
    Bool("lazyfree-lazy-server-del", "no", kAccepted, "implicit deletes are freed inline"),
    Bool("lazyfree-lazy-user-del", "no", kImpl, "DEL behaves as UNLINK"),
    Bool("lazyfree-lazy-user-flush", "no", kImpl, "FLUSHALL/FLUSHDB default to ASYNC"),
    Bool("replica-lazy-flush", "no", kAccepted, kNoRepl, 0, "slave-lazy-flush"),
    Bool("activerehashing", "yes", kAccepted, "the keyspace always rehashes incrementally"),
    Bool("activedefrag", "no", kAccepted, kNoDefrag, 0, {}, ConfigHook::ActiveDefrag),
    Mem("active-defrag-ignore-bytes", "100mb", 1, kLongMax, kAccepted, kNoDefrag),
    Int("active-defrag-threshold-lower", "10", 0, 1000, kAccepted, kNoDefrag),
    Int("active-defrag-threshold-upper", "100", 0, 1000, kAccepted, kNoDefrag),
    Int("active-defrag-cycle-min", "1", 1, 99, kAccepted, kNoDefrag),
    Int("active-defrag-cycle-max", "25", 1, 99, kAccepted, kNoDefrag),
    Int("active-defrag-max-scan-fields", "1000", 1, kLongMax, kAccepted, kNoDefrag),
    // --- Encodings --------------------------------------------------------------------
    Int("hash-max-listpack-entries", "512", 0, kLongMax, kImpl,
        "a hash with more fields becomes a hashtable", kU, "hash-max-ziplist-entries"),
    Mem("hash-max-listpack-value", "64", 0, kLongMax, kImpl,
        "a hash with a longer field or value becomes a hashtable", kU,
        "hash-max-ziplist-value"),
    Int("list-max-listpack-size", "-2", kIntMin, kIntMax, kImpl,
        "list node size: entries (> 0) or 4/8/16/32/64 KiB (-1..-5), for lists created "
        "after a change", 0, "list-max-ziplist-size"),
    Int("list-compress-depth", "0", 0, kIntMax, kAccepted,
        "list nodes are never compressed"),
    Int("set-max-intset-entries", "512", 0, kLongMax, kImpl,
        "an integer set with more members becomes a hashtable", kU),
    Int("zset-max-listpack-entries", "128", 0, kLongMax, kImpl,
        "a sorted set with more members becomes a skiplist", kU, "zset-max-ziplist-entries"),
    Mem("zset-max-listpack-value", "64", 0, kLongMax, kImpl,
        "a sorted set with a longer member becomes a skiplist", kU,
        "zset-max-ziplist-value"),
    Mem("hll-sparse-max-bytes", "3000", 0, kLongMax, kPlanned,
        "HyperLogLog sparse encoding limit (planned)", kU),
    Mem("stream-node-max-bytes", "4096", 0, kLongMax, kImpl,
        "a stream node closes at this size (Redis's listpack bytes; 0: 1 GiB)", kU),
    Int("stream-node-max-entries", "100", 0, kLongMax, kImpl,
        "a stream node closes at this many entries (0: no limit)"),
    // --- Persistence ------------------------------------------------------------------
    Special("save", "3600 1 300 100 60 10000", ConfigHook::Save, kImpl,
            "RDB snapshot points: BGSAVE after <seconds> if <changes>", kCfgMultiArg | kCfgAlwaysRewrite),
    Str("dbfilename", "dump.rdb", kImpl, "RDB file name (in `dir`)", kCfgProtected,
        ConfigHook::DbFilename),
    Bool("rdbcompression", "yes", kImpl, "LZF-compress strings over 20 bytes in RDB files"),
    Bool("rdbchecksum", "yes", kImpl, "CRC-64 at the end of RDB files", kImm),
    Bool("rdb-del-sync-files", "no", kAccepted, kNoRepl),
    Bool("rdb-save-incremental-fsync", "yes", kAccepted, "Eddy fsyncs the finished file once"),
    Bool("stop-writes-on-bgsave-error", "yes", kImpl, "refuse writes (MISCONF) after a failed BGSAVE"),
    Bool("appendonly", "no", kImpl, "multi-part AOF in appenddirname; CONFIG SET starts/stops it"),
    Str("appendfilename", "appendonly.aof", kImpl, "AOF file name prefix", kImm, ConfigHook::AppendFilename),
    Str("appenddirname", "appendonlydir", kImpl, "AOF directory (in `dir`)", kImm, ConfigHook::AppendDirname),
    Enum("appendfsync", "everysec", "everysec always no", kImpl, "when the AOF is fsynced"),
    Bool("no-appendfsync-on-rewrite", "no", kImpl, "skip AOF fsyncs while a child is saving"),
    Int("auto-aof-rewrite-percentage", "100", 0, kIntMax, kImpl, "rewrite when the AOF grew this much (0: never)"),
    Mem("auto-aof-rewrite-min-size", "64mb", 0, kLongMax, kImpl, "no automatic rewrite below this size"),
    Bool("aof-load-truncated", "yes", kImpl, "load a truncated AOF tail (and cut it) instead of exiting"),
    Bool("aof-use-rdb-preamble", "yes", kImpl, "AOF base in RDB format (else commands)"),
    Bool("aof-rewrite-incremental-fsync", "yes", kAccepted, "Eddy fsyncs the rewritten base once"),
    Bool("aof-timestamp-enabled", "no", kAccepted, "Eddy writes no #TS annotations (it skips them when loading)"),
    Bool("aof-disable-auto-gc", "no", kImpl, "keep history AOF files after a rewrite"),
    Str("server_cpulist", "", kAccepted, kNoCpuList, kImm | kNull),
    Str("bio_cpulist", "", kAccepted, kNoCpuList, kImm | kNull),
    Str("aof_rewrite_cpulist", "", kAccepted, kNoCpuList, kImm | kNull),
    Str("bgsave_cpulist", "", kAccepted, kNoCpuList, kImm | kNull),
    // --- Introspection ----------------------------------------------------------------
    Int("slowlog-log-slower-than", "10000", -1, kLongMax, kPlanned, "SLOWLOG (planned)"),
    Int("slowlog-max-len", "128", 0, kLongMax, kPlanned, "SLOWLOG (planned)", kU),
    Int("latency-monitor-threshold", "0", 0, kLongMax, kPlanned, "LATENCY (planned)"),
    Bool("latency-tracking", "yes", kPlanned, "INFO latencystats (planned)"),
    Special("latency-tracking-info-percentiles", "50 99 99.9", ConfigHook::LatencyPercentiles,
            kPlanned, "INFO latencystats (planned)", kCfgMultiArg | kCfgAlwaysRewrite),
    Int("tracking-table-max-keys", "1000000", 0, kLongMax, kPlanned,
        "size limit of the client-side caching table (planned)", kU),
    Int("busy-reply-threshold", "5000", 0, kLongMax, kAccepted, kNoLua, 0, "lua-time-limit"),
    Special("notify-keyspace-events", "", ConfigHook::NotifyKeyspaceEvents, kImpl,
            "keyspace notification classes"),
    // --- Replication ------------------------------------------------------------------
    Special("replicaof", "", ConfigHook::ReplicaOf, kAccepted, kNoRepl, kImm | kCfgMultiArg,
            "slaveof"),
    Str("masterauth", "", kAccepted, kNoRepl, kNull | kCfgSensitive),
    Str("masteruser", "", kAccepted, kNoRepl, kNull),
    Bool("replica-serve-stale-data", "yes", kAccepted, kNoRepl, 0, "slave-serve-stale-data"),
    Bool("replica-read-only", "yes", kAccepted, kNoRepl, 0, "slave-read-only"),
    Bool("repl-diskless-sync", "yes", kAccepted, kNoRepl),
    Int("repl-diskless-sync-delay", "5", 0, kIntMax, kAccepted, kNoRepl),
    Int("repl-diskless-sync-max-replicas", "0", 0, kIntMax, kAccepted, kNoRepl),
    Enum("repl-diskless-load", "disabled", "disabled on-empty-db swapdb", kAccepted, kNoRepl),
    Int("repl-ping-replica-period", "10", 1, kIntMax, kAccepted, kNoRepl, 0,
        "repl-ping-slave-period"),
    Int("repl-timeout", "60", 1, kIntMax, kAccepted, kNoRepl),
    Bool("repl-disable-tcp-nodelay", "no", kAccepted, kNoRepl),
    Mem("repl-backlog-size", "1mb", 1, kLongMax, kAccepted, kNoRepl, 0, {},
        ConfigHook::ReplBacklogSize),
    Int("repl-backlog-ttl", "3600", 0, kLongMax, kAccepted, kNoRepl),
    Int("replica-priority", "100", 0, kIntMax, kAccepted, kNoRepl, 0, "slave-priority"),
    Str("replica-announce-ip", "", kAccepted, kNoRepl, kNull, ConfigHook::None,
        "slave-announce-ip"),
    Int("replica-announce-port", "0", 0, 65535, kAccepted, kNoRepl, 0, "slave-announce-port"),
    Bool("replica-announced", "yes", kAccepted, kNoRepl),
    Bool("replica-ignore-disk-write-errors", "no", kAccepted, kNoRepl),
    Int("min-replicas-to-write", "0", 0, kIntMax, kAccepted, kNoRepl, 0, "min-slaves-to-write"),
    Int("min-replicas-max-lag", "10", 0, kIntMax, kAccepted, kNoRepl, 0, "min-slaves-max-lag"),
    // --- Cluster ----------------------------------------------------------------------
    Bool("cluster-enabled", "no", kAccepted, kNoCluster, kImm),
    Str("cluster-config-file", "nodes.conf", kAccepted, kNoCluster, kImm),
    Int("cluster-port", "0", 0, 65535, kAccepted, kNoCluster, kImm),
    Int("cluster-node-timeout", "15000", 0, kLongMax, kAccepted, kNoCluster),
    Int("cluster-replica-validity-factor", "10", 0, kIntMax, kAccepted, kNoCluster, 0,
        "cluster-slave-validity-factor"),
    Int("cluster-migration-barrier", "1", 0, kIntMax, kAccepted, kNoCluster),
    Bool("cluster-allow-replica-migration", "yes", kAccepted, kNoCluster),
    Bool("cluster-require-full-coverage", "yes", kAccepted, kNoCluster),
    Bool("cluster-replica-no-failover", "no", kAccepted, kNoCluster, 0,
         "cluster-slave-no-failover"),
    Bool("cluster-allow-reads-when-down", "no", kAccepted, kNoCluster),
    Bool("cluster-allow-pubsubshard-when-down", "yes", kAccepted, kNoCluster),
    Str("cluster-announce-ip", "", kAccepted, kNoCluster, kNull),
    Str("cluster-announce-hostname", "", kAccepted, kNoCluster, kNull, ConfigHook::Hostname),
    Int("cluster-announce-port", "0", 0, 65535, kAccepted, kNoCluster),
    Int("cluster-announce-bus-port", "0", 0, 65535, kAccepted, kNoCluster),
    Int("cluster-announce-tls-port", "0", 0, 65535, kAccepted, kNoCluster),
    Enum("cluster-preferred-endpoint-type", "ip", "ip hostname unknown-endpoint", kAccepted,
         kNoCluster),
    Mem("cluster-link-sendbuf-limit", "0", 0, kULongMax, kAccepted, kNoCluster, kU),
    // --- Threads ----------------------------------------------------------------------
    Int("io-threads", "1", 1, 128, kAccepted, kNoThreads, kImm),
    Bool("io-threads-do-reads", "no", kAccepted, kNoThreads, kImm),
    // --- TLS --------------------------------------------------------------------------
    Int("tls-port", "0", 0, 65535, kAccepted, kNoTls),
    Str("tls-cert-file", "", kAccepted, kNoTls, kNull),
    Str("tls-key-file", "", kAccepted, kNoTls, kNull),
    Str("tls-key-file-pass", "", kAccepted, kNoTls, kNull | kCfgSensitive),
    Str("tls-client-cert-file", "", kAccepted, kNoTls, kNull),
    Str("tls-client-key-file", "", kAccepted, kNoTls, kNull),
    Str("tls-client-key-file-pass", "", kAccepted, kNoTls, kNull | kCfgSensitive),
    Str("tls-dh-params-file", "", kAccepted, kNoTls, kNull),
    Str("tls-ca-cert-file", "", kAccepted, kNoTls, kNull),
    Str("tls-ca-cert-dir", "", kAccepted, kNoTls, kNull),
    Str("tls-protocols", "", kAccepted, kNoTls, kNull),
    Str("tls-ciphers", "", kAccepted, kNoTls, kNull),
    Str("tls-ciphersuites", "", kAccepted, kNoTls, kNull),
    Bool("tls-prefer-server-ciphers", "no", kAccepted, kNoTls),
    Bool("tls-session-caching", "yes", kAccepted, kNoTls),
    Int("tls-session-cache-size", "20480", 0, kIntMax, kAccepted, kNoTls),
    Int("tls-session-cache-timeout", "300", 0, kIntMax, kAccepted, kNoTls),
    Enum("tls-auth-clients", "yes", "no yes optional", kAccepted, kNoTls),
    Bool("tls-replication", "no", kAccepted, kNoTls),
    Bool("tls-cluster", "no", kAccepted, kNoTls),
    // --- Hidden debugging knobs (CONFIG GET * does not list them) ------------------------
    Int("key-load-delay", "0", kIntMin, kIntMax, kAccepted, "Redis test-suite knob",
        kCfgHidden),
    Int("rdb-key-save-delay", "0", kIntMin, kIntMax, kImpl,
        "microseconds to sleep per key while saving (Redis's test knob)", kCfgHidden),
    Int("loading-process-events-interval-bytes", "2097152", 1024, kIntMax, kAccepted,
        "Redis test-suite knob", kCfgHidden),
};

}  // namespace

const std::vector<ConfigSpec>& Config::specs() { return kRows; }

}  // namespace eddy
