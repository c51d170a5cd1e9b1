// INFO: the text of INFO's sections, built from the server's state, plus the memory figures
// and per-command latency histograms that INFO shares with MEMORY STATS/DOCTOR.
//
// Called by the INFO and MEMORY commands (commands/server_commands.cc); Server::call feeds
// the latency histograms. Section names, field names and their order are Redis 7.0's
// (tests/commands/golden/info_fields.txt holds the oracle's list, checked by a test).
// Values are Eddy's own measurements; for a feature Eddy does not have (replicas, fork,
// Lua, modules, cluster) the field shows what Redis shows without it (0, -1, "ok").
//
// Text shape, byte for byte as Redis: each section is "# Name\r\n" followed by
// "field:value\r\n" lines; sections after the first are preceded by one "\r\n". A section
// with no lines (Modules, an empty Keyspace) is just its header.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace eddy {

class Server;

enum InfoSection : uint32_t {
  kInfoServer = 1u << 0,
  kInfoClients = 1u << 1,
  kInfoMemory = 1u << 2,
  kInfoPersistence = 1u << 3,
  kInfoStats = 1u << 4,
  kInfoReplication = 1u << 5,
  kInfoCpu = 1u << 6,
  kInfoModules = 1u << 7,
  kInfoCommandStats = 1u << 8,
  kInfoErrorStats = 1u << 9,
  kInfoLatencyStats = 1u << 10,
  kInfoCluster = 1u << 11,
  kInfoKeyspace = 1u << 12,
};
// INFO with no argument, or "default": everything but the per-command sections.
inline constexpr uint32_t kInfoDefault = kInfoServer | kInfoClients | kInfoMemory |
                                         kInfoPersistence | kInfoStats | kInfoReplication |
                                         kInfoCpu | kInfoModules | kInfoErrorStats |
                                         kInfoCluster | kInfoKeyspace;
// "all" and "everything" (the latter would add module-defined sections; Eddy has none).
inline constexpr uint32_t kInfoAll = kInfoDefault | kInfoCommandStats | kInfoLatencyStats;

// The sections INFO's arguments select: none means default; names are case-insensitive;
// unknown names select nothing (INFO foo replies an empty string). Output order is always
// the fixed section order above, whatever the argument order.
uint32_t info_sections_from_args(std::span<const std::string_view> args);

// The full INFO text for the selected sections.
std::string build_info(Server& server, uint32_t sections);

// Allocator and process memory, as INFO memory and MEMORY STATS report them.
struct MemoryFigures {
  uint64_t used = 0;       // bytes allocated through the allocator (used_memory)
  uint64_t peak = 0;       // highest `used` seen
  uint64_t startup = 0;    // `used` once the server was built
  uint64_t rss = 0;        // resident set size (/proc/self/statm)
  uint64_t clients_normal = 0;  // client query/output buffers and Client objects
  uint64_t db_overhead = 0;     // hash table buckets and expire nodes of every database
  uint64_t overhead = 0;        // startup + clients + db_overhead
  uint64_t dataset = 0;         // used - overhead
  uint64_t keys = 0;            // keys in every database
  uint64_t allocator_allocated = 0;
  uint64_t allocator_active = 0;
  uint64_t allocator_resident = 0;
};
// Measures now (and raises the server's recorded peak if `used` exceeds it).
MemoryFigures memory_figures(Server& server);

// "jemalloc-5.3.0" when Eddy runs on jemalloc, "libc" otherwise.
std::string allocator_name();
// Bytes the allocator really hands out for a request of n bytes (its size class).
size_t allocation_size(size_t n);
// Returns unused dirty pages to the OS (MEMORY PURGE, after a synchronous FLUSHALL).
void purge_allocator();
// The allocator's own statistics report (MEMORY MALLOC-STATS).
std::string allocator_stats_text();

// Per-command latency, as Redis 7.0 keeps it for INFO latencystats: an HDR histogram of
// nanoseconds with two significant digits over [1 ns, 1 s]. Percentiles report the
// highest value equivalent to the bucket they fall in, so the numbers have the same
// granularity as Redis's (a 7 us call reads "7.007").
class LatencyHistogram {
 public:
  void record(int64_t nanos);
  // Value (ns) at a percentile in [0, 100]; 0 when nothing was recorded.
  int64_t value_at_percentile(double p) const;
  uint64_t total() const { return total_; }

  static constexpr int kSubBucketHalfMagnitude = 7;  // 2 significant digits -> 256
  static constexpr int64_t kSubBucketCount = 256;
  static constexpr int64_t kSubBucketHalf = 128;
  static constexpr int kBucketCount = 23;  // enough for 1e9
  static constexpr int kCountsLen = (kBucketCount + 1) * kSubBucketHalf;
  static constexpr int64_t kMin = 1;
  static constexpr int64_t kMax = 1000000000;

  static int counts_index(int64_t v);
  static int64_t value_from_index(int i);
  static int64_t highest_equivalent(int64_t v);

 private:
  uint64_t counts_[kCountsLen] = {};
  uint64_t total_ = 0;
};

// Records one call's duration for a command (Server::call).
struct CommandStats;
void record_command_latency(CommandStats& stats, int64_t usec);

}  // namespace eddy
