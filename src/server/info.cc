#include "eddy/server/info.h"

#include <malloc.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

#include <fmt/format.h>

#include "eddy/base/clock.h"
#include "eddy/base/strutil.h"
#include "eddy/keyspace/database.h"
#include "eddy/server/app.h"
#include "eddy/server/lazyfree.h"
#include "eddy/server/server.h"
#include "eddy/server/persistence.h"
#include "eddy/server/aof.h"

#ifdef EDDY_HAVE_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace eddy {
namespace {

// Accumulates INFO text in Redis's shape (see the header).
class InfoText {
 public:
  void section(std::string_view name) {
    if (!out_.empty()) out_ += "\r\n";
    out_ += "# ";
    out_ += name;
    out_ += "\r\n";
  }
  template <typename T>
  void field(std::string_view name, const T& value) {
    fmt::format_to(std::back_inserter(out_), "{}:{}\r\n", name, value);
  }
  // A double with two decimals ("1.08"), as Redis prints ratios and rates.
  void fixed2(std::string_view name, double value) {
    fmt::format_to(std::back_inserter(out_), "{}:{:.2f}\r\n", name, value);
  }
  void line(std::string_view text) {
    out_ += text;
    out_ += "\r\n";
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

int64_t counter(Server& server, std::string_view name) {
  auto it = server.info_counters.find(name);
  return it == server.info_counters.end() || !it->second ? 0 : it->second();
}

uint64_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

uint64_t total_system_memory() {
  long pages = ::sysconf(_SC_PHYS_PAGES);
  long page = ::sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page) : 0;
}

#ifdef EDDY_HAVE_JEMALLOC
uint64_t jemalloc_stat(const char* name) {
  size_t value = 0;
  size_t sz = sizeof(value);
  if (mallctl(name, &value, &sz, nullptr, 0) != 0) return 0;
  return value;
}
#endif

std::string executable_path() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

std::string build_id() {
  // A stable identifier of this build (Redis hashes its build environment the same way).
  std::string_view stamp = __DATE__ " " __TIME__;
  uint64_t h = 1469598103934665603ULL;
  for (char c : stamp) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  for (const char* p = kEddyVersion; *p; ++p) h = (h ^ static_cast<unsigned char>(*p)) * 1099511628211ULL;
  return fmt::format("{:x}", h);
}

std::string supervised_mode(const Settings& st) {
  if (st.supervised == "systemd" || st.supervised == "upstart") return st.supervised;
  if (st.supervised == "auto") {
    if (std::getenv("UPSTART_JOB")) return "upstart";
    if (std::getenv("NOTIFY_SOCKET")) return "systemd";
  }
  return "no";
}

uint64_t window_average(const uint64_t (&window)[16]) {
  uint64_t sum = 0;
  for (uint64_t v : window) sum += v;
  return sum / 16;
}

std::string rusage_time(const timeval& tv) {
  return fmt::format("{}.{:06}", static_cast<long>(tv.tv_sec), static_cast<long>(tv.tv_usec));
}

// "99.9" for 99.9, "50" for 50: the %f text with trailing zeros (and the dot) trimmed.
std::string percentile_label(double p) {
  std::string s = fmt::format("{:f}", p);
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  return s;
}

void server_section(Server& server, InfoText& out) {
  const Settings& st = server.settings();
  utsname un{};
  ::uname(&un);
  int64_t now = now_us();
  int64_t uptime = (now / 1000 - server.stats().start_time_ms) / 1000;
  out.section("Server");
  out.field("redis_version", kRedisCompatVersion);
  out.field("redis_git_sha1", "00000000");
  out.field("redis_git_dirty", 0);
  out.field("redis_build_id", build_id());
  out.field("redis_mode", "standalone");
  out.field("os", fmt::format("{} {} {}", un.sysname, un.release, un.machine));
  out.field("arch_bits", sizeof(void*) * 8);
  out.field("monotonic_clock", "POSIX clock_gettime");
  out.field("multiplexing_api", "epoll");
  out.field("atomicvar_api", "c11-builtin");
#ifdef __GNUC__
  out.field("gcc_version", fmt::format("{}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__));
#else
  out.field("gcc_version", "0.0.0");
#endif
  out.field("process_id", ::getpid());
  out.field("process_supervised", supervised_mode(st));
  out.field("run_id", server.run_id());
  out.field("tcp_port", server.tcp_port ? server.tcp_port : st.port);
  out.field("server_time_usec", now);
  out.field("uptime_in_seconds", uptime);
  out.field("uptime_in_days", uptime / 86400);
  out.field("hz", st.hz);
  out.field("configured_hz", st.hz);
  out.field("lru_clock", lru_clock());
  out.field("executable", executable_path());
  out.field("config_file", server.config().config_file());
  out.field("io_threads_active", 0);
}

void clients_section(Server& server, InfoText& out) {
  size_t max_in = 0, max_out = 0, blocked = 0, tracking = 0;
  for (auto& [id, c] : server.clients()) {
    max_in = std::max(max_in, c->qbuf.capacity());
    max_out = std::max(max_out, c->out.list_memory());
    if (c->has(kClientBlocked)) ++blocked;
    if (c->has(kClientTracking)) ++tracking;
  }
  out.section("Clients");
  out.field("connected_clients", server.clients().size());
  out.field("cluster_connections", 0);
  out.field("maxclients", server.settings().maxclients);
  out.field("client_recent_max_input_buffer", max_in);
  out.field("client_recent_max_output_buffer", max_out);
  out.field("blocked_clients", blocked);
  out.field("tracking_clients", tracking);
  out.field("clients_in_timeout_table", counter(server, "clients_in_timeout_table"));
}

double ratio(uint64_t a, uint64_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0; }
int64_t diff(uint64_t a, uint64_t b) { return static_cast<int64_t>(a) - static_cast<int64_t>(b); }

void memory_section(Server& server, InfoText& out) {
  MemoryFigures m = memory_figures(server);
  const Settings& st = server.settings();
  uint64_t net = m.used > m.startup ? m.used - m.startup : 1;
  out.section("Memory");
  out.field("used_memory", m.used);
  out.field("used_memory_human", bytes_to_human(m.used));
  out.field("used_memory_rss", m.rss);
  out.field("used_memory_rss_human", bytes_to_human(m.rss));
  out.field("used_memory_peak", m.peak);
  out.field("used_memory_peak_human", bytes_to_human(m.peak));
  out.field("used_memory_peak_perc", fmt::format("{:.2f}%", ratio(m.used, m.peak) * 100));
  out.field("used_memory_overhead", m.overhead);
  out.field("used_memory_startup", m.startup);
  out.field("used_memory_dataset", m.dataset);
  out.field("used_memory_dataset_perc",
            fmt::format("{:.2f}%", static_cast<double>(m.dataset) * 100 / static_cast<double>(net)));
  out.field("allocator_allocated", m.allocator_allocated);
  out.field("allocator_active", m.allocator_active);
  out.field("allocator_resident", m.allocator_resident);
  uint64_t system = total_system_memory();
  out.field("total_system_memory", system);
  out.field("total_system_memory_human", bytes_to_human(system));
  // No Lua VM and no functions engine in Eddy: their memory is zero.
  for (const char* name : {"used_memory_lua", "used_memory_vm_eval"}) out.field(name, 0);
  out.field("used_memory_lua_human", bytes_to_human(0));
  for (const char* name : {"used_memory_scripts_eval", "number_of_cached_scripts",
                           "number_of_functions", "number_of_libraries",
                           "used_memory_vm_functions", "used_memory_vm_total"})
    out.field(name, counter(server, name));
  out.field("used_memory_vm_total_human", bytes_to_human(static_cast<uint64_t>(
                                              counter(server, "used_memory_vm_total"))));
  out.field("used_memory_functions", counter(server, "used_memory_functions"));
  out.field("used_memory_scripts", counter(server, "used_memory_scripts"));
  out.field("used_memory_scripts_human",
            bytes_to_human(static_cast<uint64_t>(counter(server, "used_memory_scripts"))));
  out.field("maxmemory", st.maxmemory);
  out.field("maxmemory_human", bytes_to_human(static_cast<uint64_t>(st.maxmemory)));
  out.field("maxmemory_policy", st.maxmemory_policy);
  out.fixed2("allocator_frag_ratio", ratio(m.allocator_active, m.allocator_allocated));
  out.field("allocator_frag_bytes", diff(m.allocator_active, m.allocator_allocated));
  out.fixed2("allocator_rss_ratio", ratio(m.allocator_resident, m.allocator_active));
  out.field("allocator_rss_bytes", diff(m.allocator_resident, m.allocator_active));
  out.fixed2("rss_overhead_ratio", ratio(m.rss, m.allocator_resident));
  out.field("rss_overhead_bytes", diff(m.rss, m.allocator_resident));
  out.fixed2("mem_fragmentation_ratio", ratio(m.rss, m.used));
  out.field("mem_fragmentation_bytes", diff(m.rss, m.used));
  out.field("mem_not_counted_for_evict", 0);
  out.field("mem_replication_backlog", 0);
  out.field("mem_total_replication_buffers", 0);
  out.field("mem_clients_slaves", 0);
  out.field("mem_clients_normal", m.clients_normal);
  out.field("mem_cluster_links", 0);
  out.field("mem_aof_buffer", counter(server, "mem_aof_buffer"));
  out.field("mem_allocator", allocator_name());
  out.field("active_defrag_running", 0);
  out.field("lazyfree_pending_objects", lazyfree::pending_objects());
  out.field("lazyfreed_objects", lazyfree::freed_objects());
}

// Until persistence/ exists these are the values Redis reports with no save ever made
// (rdb_last_save_time: the start time); the dirty counter is real.
void persistence_section(Server& server, InfoText& out) {
  const ServerStats& s = server.stats();
  out.section("Persistence");
  for (const char* name : {"loading", "async_loading", "current_cow_peak", "current_cow_size",
                           "current_cow_size_age"})
    out.field(name, 0);
  out.field("current_fork_perc", "0.00");
  out.field("current_save_keys_processed", 0);
  out.field("current_save_keys_total", 0);
  const Persistence& p = server.persistence();
  out.field("rdb_changes_since_last_save", s.dirty);
  out.field("rdb_bgsave_in_progress", p.bgsave_in_progress() ? 1 : 0);
  out.field("rdb_last_save_time", s.lastsave);
  out.field("rdb_last_bgsave_status", p.last_bgsave_ok() ? "ok" : "err");
  out.field("rdb_last_bgsave_time_sec", p.last_bgsave_time_sec());
  out.field("rdb_current_bgsave_time_sec", p.current_bgsave_time_sec());
  out.field("rdb_saves", p.saves());
  out.field("rdb_last_cow_size", 0);
  out.field("rdb_last_load_keys_expired", p.last_load_keys_expired());
  out.field("rdb_last_load_keys_loaded", p.last_load_keys_loaded());
  const Aof& a = server.aof();
  out.field("aof_enabled", a.enabled() ? 1 : 0);
  out.field("aof_rewrite_in_progress", a.rewrite_in_progress() ? 1 : 0);
  out.field("aof_rewrite_scheduled", a.rewrite_scheduled() ? 1 : 0);
  out.field("aof_last_rewrite_time_sec", a.last_rewrite_time_sec());
  out.field("aof_current_rewrite_time_sec", a.current_rewrite_time_sec());
  out.field("aof_last_bgrewrite_status", a.last_rewrite_ok() ? "ok" : "err");
  out.field("aof_rewrites", a.rewrites());
  out.field("aof_rewrites_consecutive_failures", a.consecutive_failures());
  out.field("aof_last_write_status", a.last_write_ok() ? "ok" : "err");
  out.field("aof_last_cow_size", 0);
  out.field("module_fork_in_progress", 0);
  out.field("module_fork_last_cow_size", 0);
  if (a.enabled()) {
    out.field("aof_current_size", a.current_size());
    out.field("aof_base_size", a.base_size());
    out.field("aof_pending_rewrite", a.rewrite_scheduled() ? 1 : 0);
    out.field("aof_buffer_length", static_cast<int64_t>(a.buffer_length()));
    out.field("aof_pending_bio_fsync", a.pending_fsync());
    out.field("aof_delayed_fsync", a.delayed_fsync());
  }
}

void stats_section(Server& server, InfoText& out) {
  const ServerStats& s = server.stats();
  out.section("Stats");
  out.field("total_connections_received", s.total_connections_received);
  out.field("total_commands_processed", s.total_commands_processed);
  out.field("instantaneous_ops_per_sec", window_average(s.ops_window));
  out.field("total_net_input_bytes", s.net_input_bytes);
  out.field("total_net_output_bytes", s.net_output_bytes);
  out.field("total_net_repl_input_bytes", 0);
  out.field("total_net_repl_output_bytes", 0);
  out.fixed2("instantaneous_input_kbps", static_cast<double>(window_average(s.net_in_window)) / 1024);
  out.fixed2("instantaneous_output_kbps", static_cast<double>(window_average(s.net_out_window)) / 1024);
  out.fixed2("instantaneous_input_repl_kbps", 0);
  out.fixed2("instantaneous_output_repl_kbps", 0);
  out.field("rejected_connections", s.rejected_connections);
  out.field("sync_full", 0);
  out.field("sync_partial_ok", 0);
  out.field("sync_partial_err", 0);
  out.field("expired_keys", s.expired_keys);
  out.fixed2("expired_stale_perc", static_cast<double>(s.expired_stale_perc));
  out.field("expired_time_cap_reached_count", counter(server, "expired_time_cap_reached_count"));
  out.field("expire_cycle_cpu_milliseconds", s.expire_cycle_cpu_milliseconds);
  out.field("evicted_keys", s.evicted_keys);
  out.field("evicted_clients", 0);
  out.field("total_eviction_exceeded_time", 0);
  out.field("current_eviction_exceeded_time", 0);
  out.field("keyspace_hits", s.keyspace_hits);
  out.field("keyspace_misses", s.keyspace_misses);
  out.field("pubsub_channels", counter(server, "pubsub_channels"));
  out.field("pubsub_patterns", counter(server, "pubsub_patterns"));
  out.field("pubsubshard_channels", counter(server, "pubsubshard_channels"));
  for (const char* name : {"latest_fork_usec", "total_forks"}) out.field(name, counter(server, name));
  for (const char* name : {"migrate_cached_sockets", "slave_expires_tracked_keys",
                           "active_defrag_hits", "active_defrag_misses", "active_defrag_key_hits",
                           "active_defrag_key_misses", "total_active_defrag_time",
                           "current_active_defrag_time"})
    out.field(name, 0);
  for (const char* name : {"tracking_total_keys", "tracking_total_items", "tracking_total_prefixes"})
    out.field(name, counter(server, name));
  out.field("unexpected_error_replies", s.unexpected_error_replies);
  out.field("total_error_replies", s.total_error_replies);
  out.field("dump_payload_sanitizations", counter(server, "dump_payload_sanitizations"));
  out.field("total_reads_processed", s.total_reads_processed);
  out.field("total_writes_processed", s.total_writes_processed);
  for (const char* name : {"io_threaded_reads_processed", "io_threaded_writes_processed",
                           "reply_buffer_shrinks", "reply_buffer_expands"})
    out.field(name, 0);
}

void replication_section(Server& server, InfoText& out) {
  out.section("Replication");
  out.field("role", "master");
  out.field("connected_slaves", 0);
  out.field("master_failover_state", "no-failover");
  out.field("master_replid", server.master_replid);
  out.field("master_replid2", std::string(40, '0'));
  out.field("master_repl_offset", 0);
  out.field("second_repl_offset", -1);
  out.field("repl_backlog_active", 0);
  out.field("repl_backlog_size", server.config().get("repl-backlog-size").value_or("1048576"));
  out.field("repl_backlog_first_byte_offset", 0);
  out.field("repl_backlog_histlen", 0);
}

void cpu_section(InfoText& out) {
  rusage self{}, children{}, thread{};
  ::getrusage(RUSAGE_SELF, &self);
  ::getrusage(RUSAGE_CHILDREN, &children);
  ::getrusage(RUSAGE_THREAD, &thread);
  out.section("CPU");
  out.field("used_cpu_sys", rusage_time(self.ru_stime));
  out.field("used_cpu_user", rusage_time(self.ru_utime));
  out.field("used_cpu_sys_children", rusage_time(children.ru_stime));
  out.field("used_cpu_user_children", rusage_time(children.ru_utime));
  out.field("used_cpu_sys_main_thread", rusage_time(thread.ru_stime));
  out.field("used_cpu_user_main_thread", rusage_time(thread.ru_utime));
}

// Every command entry in table order, each container followed by its subcommands.
template <typename Fn>
void for_each_command(Server& server, Fn&& fn) {
  for (auto& e : server.commands().all()) {
    fn(*e);
    for (auto& sub : e->subs) fn(*sub);
  }
}

void commandstats_section(Server& server, InfoText& out) {
  out.section("Commandstats");
  for_each_command(server, [&](const CommandEntry& e) {
    const CommandStats& s = e.stats;
    if (!s.calls && !s.failed_calls && !s.rejected_calls) return;
    double per_call = s.calls ? static_cast<double>(s.usec) / static_cast<double>(s.calls) : 0;
    out.line(fmt::format("cmdstat_{}:calls={},usec={},usec_per_call={:.2f},rejected_calls={},"
                         "failed_calls={}",
                         e.fullname, s.calls, s.usec, per_call, s.rejected_calls,
                         s.failed_calls));
  });
}

void errorstats_section(Server& server, InfoText& out) {
  out.section("Errorstats");
  for (auto& [code, count] : server.stats().error_codes)
    out.line(fmt::format("errorstat_{}:count={}", code, count));
}

void latencystats_section(Server& server, InfoText& out) {
  out.section("Latencystats");
  const std::vector<double>& percentiles = server.settings().latency_tracking_info_percentiles;
  for_each_command(server, [&](const CommandEntry& e) {
    const LatencyHistogram* h = e.stats.latency.get();
    if (!h || h->total() == 0) return;
    std::string text = fmt::format("latency_percentiles_usec_{}:", e.fullname);
    for (size_t i = 0; i < percentiles.size(); ++i) {
      if (i) text += ',';
      fmt::format_to(std::back_inserter(text), "p{}={:.3f}", percentile_label(percentiles[i]),
                     static_cast<double>(h->value_at_percentile(percentiles[i])) / 1000.0);
    }
    out.line(text);
  });
}

void keyspace_section(Server& server, InfoText& out) {
  out.section("Keyspace");
  for (int i = 0; i < server.db_count(); ++i) {
    Database& db = server.db(i);
    if (db.size() == 0 && db.expires_size() == 0) continue;
    out.line(fmt::format("db{}:keys={},expires={},avg_ttl={}", i, db.size(), db.expires_size(),
                         db.avg_ttl_ms()));
  }
}

}  // namespace

uint32_t info_sections_from_args(std::span<const std::string_view> args) {
  if (args.empty()) return kInfoDefault;
  static constexpr std::pair<std::string_view, uint32_t> kNames[] = {
      {"server", kInfoServer},           {"clients", kInfoClients},
      {"memory", kInfoMemory},           {"persistence", kInfoPersistence},
      {"stats", kInfoStats},             {"replication", kInfoReplication},
      {"cpu", kInfoCpu},                 {"modules", kInfoModules},
      {"commandstats", kInfoCommandStats}, {"errorstats", kInfoErrorStats},
      {"latencystats", kInfoLatencyStats}, {"cluster", kInfoCluster},
      {"keyspace", kInfoKeyspace},       {"default", kInfoDefault},
      {"all", kInfoAll},                 {"everything", kInfoAll},
  };
  uint32_t mask = 0;
  for (std::string_view a : args)
    for (auto& [name, bits] : kNames)
      if (iequals(a, name)) mask |= bits;
  return mask;
}

std::string build_info(Server& server, uint32_t sections) {
  InfoText out;
  if (sections & kInfoServer) server_section(server, out);
  if (sections & kInfoClients) clients_section(server, out);
  if (sections & kInfoMemory) memory_section(server, out);
  if (sections & kInfoPersistence) persistence_section(server, out);
  if (sections & kInfoStats) stats_section(server, out);
  if (sections & kInfoReplication) replication_section(server, out);
  if (sections & kInfoCpu) cpu_section(out);
  if (sections & kInfoModules) out.section("Modules");
  if (sections & kInfoCommandStats) commandstats_section(server, out);
  if (sections & kInfoErrorStats) errorstats_section(server, out);
  if (sections & kInfoLatencyStats) latencystats_section(server, out);
  if (sections & kInfoCluster) {
    out.section("Cluster");
    out.field("cluster_enabled", 0);
  }
  if (sections & kInfoKeyspace) keyspace_section(server, out);
  return out.take();
}

MemoryFigures memory_figures(Server& server) {
  MemoryFigures m;
  ServerStats& s = server.stats();
  m.used = Server::used_memory();
  s.used_memory_peak = std::max<uint64_t>(s.used_memory_peak, m.used);
  m.peak = s.used_memory_peak;
  m.startup = s.used_memory_startup;
  m.rss = rss_bytes();
  for (auto& [id, c] : server.clients())
    m.clients_normal += sizeof(Client) + c->qbuf.capacity() + c->out.memory();
  for (int i = 0; i < server.db_count(); ++i) {
    m.db_overhead += server.db(i).memory_overhead();
    m.keys += server.db(i).size();
  }
  m.overhead = m.startup + m.clients_normal + m.db_overhead;
  m.dataset = m.used > m.overhead ? m.used - m.overhead : 0;
#ifdef EDDY_HAVE_JEMALLOC
  // Server::used_memory() refreshed jemalloc's stats epoch just above.
  m.allocator_allocated = jemalloc_stat("stats.allocated");
  m.allocator_active = jemalloc_stat("stats.active");
  m.allocator_resident = jemalloc_stat("stats.resident");
#else
  struct mallinfo2 mi = mallinfo2();
  m.allocator_allocated = mi.uordblks + mi.hblkhd;
  m.allocator_active = mi.arena + mi.hblkhd;
  m.allocator_resident = m.rss;
#endif
  return m;
}

std::string allocator_name() {
#ifdef EDDY_HAVE_JEMALLOC
  const char* version = nullptr;
  size_t sz = sizeof(version);
  if (mallctl("version", &version, &sz, nullptr, 0) == 0 && version) {
    std::string v(version);
    return "jemalloc-" + v.substr(0, v.find('-'));
  }
  return "jemalloc";
#else
  return "libc";
#endif
}

size_t allocation_size(size_t n) {
  if (n == 0) return 0;
#ifdef EDDY_HAVE_JEMALLOC
  return nallocx(n, 0);
#else
  // jemalloc's classes (16-byte quantum, four classes per doubling): what glibc's bins
  // approximate closely enough for MEMORY USAGE.
  if (n <= 8) return 8;
  if (n <= 16) return 16;
  size_t group = std::bit_width(n - 1) - 1;  // floor(log2(n - 1))
  size_t delta = std::max<size_t>(16, size_t{1} << (group - 2));
  return (n + delta - 1) / delta * delta;
#endif
}

void purge_allocator() {
#ifdef EDDY_HAVE_JEMALLOC
  // "arena.<MALLCTL_ARENAS_ALL>.purge"
  mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
#else
  ::malloc_trim(0);
#endif
}

std::string allocator_stats_text() {
#ifdef EDDY_HAVE_JEMALLOC
  std::string text;
  malloc_stats_print(
      [](void* opaque, const char* s) { static_cast<std::string*>(opaque)->append(s); }, &text,
      nullptr);
  return text;
#else
  return "Stats not supported for the current allocator";
#endif
}

// --- LatencyHistogram ---------------------------------------------------------------------
//
// Layout of HdrHistogram with unit magnitude 0: bucket 0 holds values [0, 256) at
// resolution 1, bucket b >= 1 holds [128 << b, 256 << b) at resolution 1 << b, each bucket
// after the first contributing its upper half (128 slots) to the counts array.

int LatencyHistogram::counts_index(int64_t v) {
  uint64_t u = static_cast<uint64_t>(v);
  int bucket = 64 - std::countl_zero(u | static_cast<uint64_t>(kSubBucketCount - 1)) -
               (kSubBucketHalfMagnitude + 1);
  int64_t sub = static_cast<int64_t>(u >> bucket);
  return ((bucket + 1) << kSubBucketHalfMagnitude) + static_cast<int>(sub - kSubBucketHalf);
}

int64_t LatencyHistogram::value_from_index(int i) {
  int bucket = (i >> kSubBucketHalfMagnitude) - 1;
  int64_t sub = (i & (kSubBucketHalf - 1)) + kSubBucketHalf;
  if (bucket < 0) {
    sub -= kSubBucketHalf;
    bucket = 0;
  }
  return sub << bucket;
}

int64_t LatencyHistogram::highest_equivalent(int64_t v) {
  uint64_t u = static_cast<uint64_t>(v);
  int bucket = 64 - std::countl_zero(u | static_cast<uint64_t>(kSubBucketCount - 1)) -
               (kSubBucketHalfMagnitude + 1);
  int64_t sub = static_cast<int64_t>(u >> bucket);
  int64_t lowest = sub << bucket;
  int range_shift = sub >= kSubBucketCount ? bucket + 1 : bucket;
  return lowest + (int64_t{1} << range_shift) - 1;
}

void LatencyHistogram::record(int64_t nanos) {
  nanos = std::clamp(nanos, kMin, kMax);
  ++counts_[counts_index(nanos)];
  ++total_;
}

int64_t LatencyHistogram::value_at_percentile(double p) const {
  if (total_ == 0) return 0;
  p = std::min(p, 100.0);
  auto target = static_cast<uint64_t>(p / 100 * static_cast<double>(total_) + 0.5);
  if (target < 1) target = 1;
  uint64_t seen = 0;
  for (int i = 0; i < kCountsLen; ++i) {
    seen += counts_[i];
    if (seen >= target) {
      int64_t v = value_from_index(i);
      return p == 0.0 ? v : highest_equivalent(v);
    }
  }
  return 0;
}

void record_command_latency(CommandStats& stats, int64_t usec) {
  if (!stats.latency) stats.latency = std::make_shared<LatencyHistogram>();
  stats.latency->record(usec * 1000);
}

}  // namespace eddy
