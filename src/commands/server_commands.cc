// Server commands: DBSIZE FLUSHDB FLUSHALL TIME LASTSAVE SHUTDOWN INFO DEBUG MEMORY.
//
// INFO's text and the memory figures come from server/info.h; asynchronous flushes hand
// the detached keyspace to server/lazyfree.h. SHUTDOWN only records the request: the event
// loop runs Server::shutdown_hook and exits after the current turn, so the caller never
// gets a reply, exactly as a client of redis-server sees its connection close.
#include <time.h>

#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "eddy/base/clock.h"
#include "eddy/commands/command_table.h"
#include "eddy/keyspace/database.h"
#include "eddy/server/blocking.h"
#include "eddy/server/info.h"
#include "eddy/server/lazyfree.h"
#include "eddy/server/persistence.h"
#include "eddy/server/aof.h"
#include "eddy/server/server.h"
#include "eddy/server/tracking.h"

namespace eddy {
namespace {

constexpr std::string_view kAllShardsAllSucceeded =
    "request_policy:all_shards response_policy:all_succeeded";
constexpr std::string_view kAllShardsSpecial =
    "nondeterministic_output request_policy:all_shards response_policy:special";

// --- DBSIZE / FLUSHDB / FLUSHALL --------------------------------------------------------

// DBSIZE
void dbsize_command(CommandContext& ctx) {
  // Keys whose TTL passed but that no lookup or expiry cycle removed yet still count, as
  // in Redis (the size of the main dictionary).
  ctx.reply().integer(static_cast<int64_t>(ctx.db().size()));
}

// [ASYNC|SYNC] of FLUSHDB/FLUSHALL; without it, lazyfree-lazy-user-flush decides.
bool parse_flush_mode(CommandContext& ctx, bool* async) {
  if (ctx.argc() > 2) return false;
  if (ctx.argc() == 1) {
    *async = ctx.server().settings().lazyfree_lazy_user_flush;
    return true;
  }
  if (iequals(ctx.arg(1), "sync")) {
    *async = false;
  } else if (iequals(ctx.arg(1), "async")) {
    *async = true;
  } else {
    return false;
  }
  return true;
}

// Empties database `index` (every database when index < 0) and returns the number of keys
// removed. ASYNC swaps each non-empty keyspace into a detached Database that the lazyfree
// thread destroys; the live one is empty before this returns either way.
int64_t empty_databases(Server& server, int index, bool async) {
  // WATCH is invalidated before emptying: only keys that exist count (Redis 7.0).
  server.touch_watched_keys_in_flushed_db(index);
  // Client-side caching: every tracking client gets a null invalidation, whichever database
  // is flushed and even if it is empty (Redis signals the flush unconditionally).
  server.tracking().invalidate_all();
  int64_t removed = 0;
  for (int i = 0; i < server.db_count(); ++i) {
    if (index >= 0 && i != index) continue;
    Database& db = server.db(i);
    size_t n = db.size();
    if (n == 0 && db.expires_size() == 0) continue;
    removed += static_cast<int64_t>(n);
    if (async) {
      auto detached = std::make_unique<Database>(i);
      db.swap_contents(*detached);
      lazyfree::free_database(std::move(detached));
    } else {
      db.clear();
    }
  }
  // A synchronous flush already blocked for as long as the dataset was big: give the freed
  // pages back to the OS now rather than leave them dirty in the allocator (as Redis does).
  if (!async && removed > 0) purge_allocator();
  return removed;
}

void flush_generic(CommandContext& ctx, int index) {
  bool async = false;
  if (!parse_flush_mode(ctx, &async)) return ctx.reply_error(err::kSyntax);
  int64_t removed = empty_databases(ctx.server(), index, async);
  // Blocked readers of flushed streams are answered (XREADGROUP: -UNBLOCKED); the others
  // find nothing and keep waiting.
  for (int i = 0; i < ctx.server().db_count(); ++i)
    if (index < 0 || i == index) ctx.server().blocking().signal_db(i);
  // The dirty counter grows by the keys removed. A flush of an empty keyspace changes
  // nothing but is still propagated (Redis forces it), so replicas/AOF always see it.
  ctx.add_dirty(removed);
  if (removed == 0) {
    ctx.also_propagate(std::vector<std::string>(ctx.args().begin(), ctx.args().end()));
  }
  // FLUSHALL in Redis also saves an RDB when save points are configured; that belongs to
  // persistence/ and is not done here.
  ctx.reply().ok();
}

// FLUSHDB [ASYNC|SYNC]
void flushdb_command(CommandContext& ctx) { flush_generic(ctx, ctx.db_index()); }

// FLUSHALL [ASYNC|SYNC]
void flushall_command(CommandContext& ctx) { flush_generic(ctx, -1); }

// --- TIME / LASTSAVE ----------------------------------------------------------------------

// TIME
void time_command(CommandContext& ctx) {
  int64_t us = now_us();
  ctx.reply().array(2);
  ctx.reply().bulk(us / 1000000);
  ctx.reply().bulk(us % 1000000);
}

// LASTSAVE
void lastsave_command(CommandContext& ctx) {
  // ServerStats::lastsave holds the server's start time until persistence records a
  // save: Redis reports its start time too before its first save.
  ctx.reply().integer(ctx.server().stats().lastsave);
}

// --- SHUTDOWN -----------------------------------------------------------------------------

// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]
void shutdown_command(CommandContext& ctx) {
  int flags = 0;
  bool abort = false;
  for (size_t i = 1; i < ctx.argc(); ++i) {
    std::string_view a = ctx.arg(i);
    if (iequals(a, "nosave")) {
      flags |= Server::kShutdownNoSave;
    } else if (iequals(a, "save")) {
      flags |= Server::kShutdownSave;
    } else if (iequals(a, "now")) {
      flags |= Server::kShutdownNow;
    } else if (iequals(a, "force")) {
      flags |= Server::kShutdownForce;
    } else if (iequals(a, "abort")) {
      abort = true;
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }
  if ((abort && flags != 0) ||
      ((flags & Server::kShutdownNoSave) && (flags & Server::kShutdownSave))) {
    return ctx.reply_error(err::kSyntax);
  }
  Server& server = ctx.server();
  if (abort) {
    // Redis can abort a shutdown that waits for lagging replicas; Eddy's only pending
    // shutdown is one requested earlier in this loop turn (e.g. by a signal).
    if (!server.shutdown_requested()) return ctx.reply_error("ERR No shutdown in progress.");
    server.cancel_shutdown();
    return ctx.reply().ok();
  }
  if (server.aof().refuses_shutdown(flags & Server::kShutdownForce))
    return ctx.reply_error("ERR Errors trying to SHUTDOWN. Check logs.");
  // Save now (so a failure can be answered), unless NOSAVE: SAVE asks for it, and save
  // points configured make it the default, as in Redis. A running BGSAVE is abandoned.
  const bool want_save = !(flags & Server::kShutdownNoSave) &&
                         ((flags & Server::kShutdownSave) || !server.settings().save_params.empty());
  if (want_save) {
    server.persistence().kill_child();
    spdlog::info("Saving the final RDB snapshot before exiting.");
    if (!server.persistence().save() && !(flags & Server::kShutdownForce)) {
      spdlog::warn("Error trying to save the DB, can't exit.");
      return ctx.reply_error("ERR Errors trying to SHUTDOWN. Check logs.");
    }
  }
  flags |= Server::kShutdownNoSave;  // done (or not wanted): the exit path must not save again
  server.request_shutdown(flags);
  // No reply: the connection closes (now, or when the process exits). Nothing after
  // SHUTDOWN in this client's pipeline runs.
  Client& c = ctx.client();
  if (c.conn) {
    c.conn->request_close();
  } else {
    c.set(kClientCloseAsap);
  }
}

// --- INFO ---------------------------------------------------------------------------------

// INFO [section [section ...]]
void info_command(CommandContext& ctx) {
  uint32_t sections = info_sections_from_args(ctx.args().subspan(1));
  ctx.reply().verbatim(build_info(ctx.server(), sections));
}

// --- DEBUG --------------------------------------------------------------------------------

// Help lines in Redis's HELP reply shape (status strings; usage line first).
void reply_help(CommandContext& ctx, std::string_view command,
                std::initializer_list<std::string_view> lines) {
  ReplyWriter& r = ctx.reply();
  r.array(lines.size() + 3);
  r.simple(fmt::format("{} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", command));
  for (std::string_view l : lines) r.simple(l);
  r.simple("HELP");
  r.simple("    Print this help.");
}

// Bytes of an RDB length prefix.
size_t rdb_length_bytes(uint64_t len) {
  if (len < 64) return 1;
  if (len < 16384) return 2;
  if (len <= UINT32_MAX) return 5;
  return 9;
}

// Bytes of the RDB integer encoding of v (type byte + int8/16/32), 0 if it does not fit.
size_t rdb_int_bytes(int64_t v) {
  if (v >= INT8_MIN && v <= INT8_MAX) return 2;
  if (v >= INT16_MIN && v <= INT16_MAX) return 3;
  if (v >= INT32_MIN && v <= INT32_MAX) return 5;
  return 0;
}

// Bytes the value takes in an RDB file (DEBUG OBJECT serializedlength). Strings follow
// the RDB string rules: integer encoding for short integer-looking strings, else a length
// prefix and the bytes. Eddy has no LZF yet, so strings over 20 bytes are counted
// uncompressed where Redis (rdbcompression yes) may count them compressed. Collections
// report 0 until persistence/ provides their RDB encoder.
size_t serialized_length(const Value& v) {
  if (!v.is_string()) return 0;
  if (v.is_int()) {
    if (size_t n = rdb_int_bytes(v.int_value())) return n;
  }
  char scratch[32];
  std::string_view s = v.str(scratch);
  int64_t iv = 0;
  if (s.size() <= 11 && string_to_ll(s, &iv)) {
    if (size_t n = rdb_int_bytes(iv)) return n;
  }
  return rdb_length_bytes(s.size()) + s.size();
}

// DEBUG OBJECT key
void debug_object(CommandContext& ctx) {
  // The raw dictionary lookup: no lazy expiry, no stats, no LRU touch (as Redis).
  Entry* e = ctx.db().find(ctx.arg(2));
  if (!e) return ctx.reply_error(err::kNoSuchKey);
  // Eddy's values are never shared between keys, hence refcount 1 where Redis shows its
  // shared-integer refcount for small integers.
  ctx.reply().simple(fmt::format(
      "Value at:{} refcount:1 encoding:{} serializedlength:{} lru:{} lru_seconds_idle:{}",
      static_cast<const void*>(&e->val), encoding_name(e->val.encoding()),
      serialized_length(e->val), static_cast<uint32_t>(e->lru), entry_idle_seconds(e)));
}

// DEBUG SLEEP seconds: blocks the whole server, like Redis (a test tool for timeouts).
void debug_sleep(CommandContext& ctx) {
  // The argument is read like strtod: a numeric prefix counts, anything else is 0; values
  // that are not a positive finite number of microseconds do not sleep.
  std::string text(ctx.arg(2));
  double seconds = std::strtod(text.c_str(), nullptr);
  double usec = seconds * 1e6;
  if (std::isfinite(usec) && usec >= 1 && usec < 9.2e18) {
    auto total = static_cast<int64_t>(usec);
    timespec ts{static_cast<time_t>(total / 1000000), static_cast<long>(total % 1000000) * 1000};
    while (::nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
  }
  ctx.reply().ok();
}

// DEBUG <subcommand> [arg ...]: OBJECT, SLEEP, SET-ACTIVE-EXPIRE, RELOAD, HELP.
// The dispatcher has already checked enable-debug-command (DEBUG is a protected command).
void debug_command(CommandContext& ctx) {
  std::string_view sub = ctx.arg(1);
  size_t argc = ctx.argc();
  if (argc == 2 && iequals(sub, "help")) {
    return reply_help(ctx, "DEBUG",
                      {"OBJECT <key>",
                       "    Show low-level details of the value stored at <key>: encoding,",
                       "    RDB size, LRU clock and idle seconds.",
                       "RELOAD [MERGE] [NOFLUSH] [NOSAVE]",
                       "    Save the RDB on disk and reload it back to memory.",
                       "SET-ACTIVE-EXPIRE <0|1>",
                       "    Switch the periodic expiry of keys with a TTL off (0) or on (1).",
                       "SLEEP <seconds>",
                       "    Block the server for <seconds> (fractions allowed)."});
  }
  if (argc == 3 && iequals(sub, "object")) return debug_object(ctx);
  if (argc == 3 && iequals(sub, "sleep")) return debug_sleep(ctx);
  if (argc == 3 && iequals(sub, "set-active-expire")) {
    // atoi semantics: any non-zero number enables, anything else disables.
    std::string text(ctx.arg(2));
    ctx.server().config().set_active_expire_enabled(std::atoi(text.c_str()) != 0);
    return ctx.reply().ok();
  }
  if (iequals(sub, "reload")) {
    // DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save the RDB, empty the dataset, load it.
    bool merge = false, noflush = false, nosave = false;
    for (size_t i = 2; i < argc; ++i) {
      if (iequals(ctx.arg(i), "merge")) merge = true;
      else if (iequals(ctx.arg(i), "noflush")) noflush = true;
      else if (iequals(ctx.arg(i), "nosave")) nosave = true;
      else return ctx.reply_error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
    }
    Server& server = ctx.server();
    if (!nosave && !server.persistence().save())
      return ctx.reply_error("ERR Error trying to save the DB");
    if (!noflush)
      for (int i = 0; i < server.db_count(); ++i) server.db(i).clear();
    if (auto err = server.persistence().load(merge))
      return ctx.reply_error("ERR Error trying to load the RDB dump, check server logs.");
    spdlog::info("DB reloaded by DEBUG RELOAD");
    return ctx.reply().ok();
  }
  ctx.reply_error(fmt::format(
      "ERR unknown subcommand or wrong number of arguments for '{}'. Try DEBUG HELP.", sub));
}

// --- MEMORY -------------------------------------------------------------------------------

// Bytes a key costs: its Entry allocation (key bytes inline), its expire node if it has a
// TTL, and what the value owns, each rounded up to the allocator's size class.
size_t key_memory_usage(const Entry* e) {
  size_t entry = offsetof(Entry, kdata) + e->klen;
  size_t bytes = allocation_size(entry < sizeof(Entry) ? sizeof(Entry) : entry);
  if (e->has_expire()) bytes += allocation_size(sizeof(ExpireNode));
  const Value& v = e->val;
  if (!v.is_string()) return bytes + v.obj()->memory_usage();
  switch (v.encoding()) {
    case Encoding::Int:
      return bytes;  // inline in the Value
    case Encoding::Embstr:
      return bytes + allocation_size(v.string_length());
    default: {
      // A heap std::string: the object plus its buffer once it outgrows the inline one
      // (Value::memory_usage() reports sizeof(std::string) + capacity + 1).
      size_t cap = v.memory_usage() - sizeof(std::string) - 1;
      bytes += allocation_size(sizeof(std::string));
      if (cap > 15) bytes += allocation_size(cap + 1);
      return bytes;
    }
  }
}

// MEMORY USAGE key [SAMPLES count]
void memory_usage_command(CommandContext& ctx) {
  for (size_t i = 3; i < ctx.argc(); ++i) {
    if (iequals(ctx.arg(i), "samples") && i + 1 < ctx.argc()) {
      int64_t samples = 0;
      if (!string_to_ll(ctx.arg(i + 1), &samples)) return ctx.reply_error(err::kNotInteger);
      if (samples < 0) return ctx.reply_error(err::kSyntax);
      // Collections report the size they account for exactly, so there is nothing to
      // sample: the count is validated and otherwise unused.
      ++i;
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }
  // The raw dictionary lookup, as Redis: no expiry, no keyspace stats.
  Entry* e = ctx.db().find(ctx.arg(2));
  if (!e) return ctx.reply().null();
  ctx.reply().integer(static_cast<int64_t>(key_memory_usage(e)));
}

// Redis keeps these figures as floats; the replies show a float's digits.
double as_float(double d) { return static_cast<double>(static_cast<float>(d)); }

// MEMORY STATS
void memory_stats_command(CommandContext& ctx) {
  Server& server = ctx.server();
  MemoryFigures m = memory_figures(server);
  ReplyWriter& r = ctx.reply();
  auto deferred = r.begin_map();
  size_t pairs = 0;
  auto entry = [&](std::string_view name, int64_t v) {
    r.bulk(name);
    r.integer(v);
    ++pairs;
  };
  auto real = [&](std::string_view name, double v) {
    r.bulk(name);
    r.dbl(as_float(v));
    ++pairs;
  };
  auto u = [](uint64_t v) { return static_cast<int64_t>(v); };
  auto ratio = [](uint64_t a, uint64_t b) {
    return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
  };
  entry("peak.allocated", u(m.peak));
  entry("total.allocated", u(m.used));
  entry("startup.allocated", u(m.startup));
  entry("replication.backlog", 0);
  entry("clients.slaves", 0);
  entry("clients.normal", u(m.clients_normal));
  entry("cluster.links", 0);
  entry("aof.buffer", 0);
  entry("lua.caches", 0);
  entry("functions.caches", 0);
  for (int i = 0; i < server.db_count(); ++i) {
    Database& db = server.db(i);
    if (db.size() == 0) continue;
    // Database reports one figure for its tables; the expire part is its nodes.
    size_t total = db.memory_overhead();
    size_t expires = std::min(total, db.expires_size() * allocation_size(sizeof(ExpireNode)));
    r.bulk(fmt::format("db.{}", i));
    r.map(3);
    r.bulk("overhead.hashtable.main");
    r.integer(static_cast<int64_t>(total - expires));
    r.bulk("overhead.hashtable.expires");
    r.integer(static_cast<int64_t>(expires));
    r.bulk("overhead.hashtable.slot-to-keys");
    r.integer(0);
    ++pairs;
  }
  uint64_t net = m.used > m.startup ? m.used - m.startup : 1;
  entry("overhead.total", u(m.overhead));
  entry("keys.count", u(m.keys));
  entry("keys.bytes-per-key", m.keys ? u(net / m.keys) : 0);
  entry("dataset.bytes", u(m.dataset));
  real("dataset.percentage", static_cast<double>(m.dataset) * 100 / static_cast<double>(net));
  real("peak.percentage", ratio(m.used, m.peak) * 100);
  entry("allocator.allocated", u(m.allocator_allocated));
  entry("allocator.active", u(m.allocator_active));
  entry("allocator.resident", u(m.allocator_resident));
  real("allocator-fragmentation.ratio", ratio(m.allocator_active, m.allocator_allocated));
  entry("allocator-fragmentation.bytes", u(m.allocator_active) - u(m.allocator_allocated));
  real("allocator-rss.ratio", ratio(m.allocator_resident, m.allocator_active));
  entry("allocator-rss.bytes", u(m.allocator_resident) - u(m.allocator_active));
  real("rss-overhead.ratio", ratio(m.rss, m.allocator_resident));
  entry("rss-overhead.bytes", u(m.rss) - u(m.allocator_resident));
  real("fragmentation", ratio(m.rss, m.used));
  entry("fragmentation.bytes", u(m.rss) - u(m.used));
  r.end(deferred, pairs);
}

// MEMORY DOCTOR
void memory_doctor_command(CommandContext& ctx) {
  Server& server = ctx.server();
  MemoryFigures m = memory_figures(server);
  constexpr uint64_t kMb = 1024 * 1024;
  std::string report;
  if (m.used < 5 * kMb) {
    report =
        "Eddy's memory doctor: this instance is empty or holds very little data (under "
        "5 MB), so there is nothing to diagnose yet. Come back once it stores something.\n";
  } else {
    std::string issues;
    if (m.peak > m.used * 3 / 2)
      issues += fmt::format(
          " * Peak memory: the peak ({}) is more than 150% of the memory in use now ({}). "
          "Freed memory may still be held by the allocator; MEMORY PURGE returns what it "
          "can to the OS.\n",
          bytes_to_human(m.peak), bytes_to_human(m.used));
    if (m.rss > m.used * 14 / 10 && m.rss - m.used > 10 * kMb)
      issues += fmt::format(
          " * High fragmentation: the process holds {} of RAM for {} of data (ratio "
          "{:.2f}).\n",
          bytes_to_human(m.rss), bytes_to_human(m.used),
          static_cast<double>(m.rss) / static_cast<double>(m.used));
    size_t clients = server.clients().size();
    if (clients > 0 && m.clients_normal / clients > 200 * 1024)
      issues += fmt::format(
          " * Big client buffers: {} clients use {} on average in query/output buffers.\n",
          clients, bytes_to_human(m.clients_normal / clients));
    report = issues.empty()
                 ? "Eddy's memory doctor: no memory problems detected.\n"
                 : "Eddy's memory doctor found the following:\n\n" + issues;
  }
  ctx.reply().verbatim(report);
}

// MEMORY MALLOC-STATS
void memory_malloc_stats_command(CommandContext& ctx) {
  ctx.reply().verbatim(allocator_stats_text());
}

// MEMORY PURGE
void memory_purge_command(CommandContext& ctx) {
  purge_allocator();
  ctx.reply().ok();
}

// MEMORY HELP
void memory_help_command(CommandContext& ctx) {
  reply_help(ctx, "MEMORY",
             {"DOCTOR",
              "    Report memory problems found in this instance, if any.",
              "MALLOC-STATS",
              "    Show the memory allocator's own statistics.",
              "PURGE",
              "    Ask the allocator to return unused dirty pages to the OS.",
              "STATS",
              "    Show a breakdown of the server's memory use.",
              "USAGE <key> [SAMPLES <count>]",
              "    Show the bytes used by <key> and its value (SAMPLES is accepted for",
              "    compatibility; Eddy measures values exactly)."});
}

// --- Rows ---------------------------------------------------------------------------------

const CommandSpec kMemorySubcommands[] = {
    {.name = "doctor", .arity = 2, .handler = memory_doctor_command,
     .group = CommandGroup::Server, .summary = "Reports memory problems of the instance.",
     .since = "4.0.0", .complexity = "O(1)", .tips = kAllShardsSpecial},
    {.name = "help", .arity = 2, .flags = kCmdLoading | kCmdStale,
     .handler = memory_help_command, .group = CommandGroup::Server,
     .summary = "Lists the MEMORY subcommands.", .since = "4.0.0", .complexity = "O(1)"},
    {.name = "malloc-stats", .arity = 2, .handler = memory_malloc_stats_command,
     .group = CommandGroup::Server, .summary = "Returns the allocator's statistics report.",
     .since = "4.0.0",
     .complexity = "Depends on how much memory is allocated, could be slow",
     .tips = kAllShardsSpecial},
    {.name = "purge", .arity = 2, .handler = memory_purge_command,
     .group = CommandGroup::Server,
     .summary = "Asks the allocator to release unused memory to the OS.", .since = "4.0.0",
     .complexity = "Depends on how much memory is allocated, could be slow",
     .tips = kAllShardsAllSucceeded},
    {.name = "stats", .arity = 2, .handler = memory_stats_command,
     .group = CommandGroup::Server, .summary = "Returns a breakdown of memory use.",
     .since = "4.0.0", .complexity = "O(1)", .tips = kAllShardsSpecial},
    {.name = "usage", .arity = -3, .flags = kCmdReadOnly, .keys = {2, 2, 1},
     .handler = memory_usage_command, .group = CommandGroup::Server,
     .summary = "Returns the bytes a key and its value take in memory.", .since = "4.0.0",
     .complexity = "O(N) where N is the number of samples.", .args = "key [SAMPLES count]"},
};

// MONITOR
// From now on the client receives every command the server executes (admin commands
// excepted). A client already monitoring gets no reply; inside EXEC it cannot start.
void monitor_command(CommandContext& ctx) {
  Client& c = ctx.client();
  if (c.has(kClientExecuting))
    return ctx.reply_error("ERR MONITOR isn't allowed for DENY BLOCKING client");
  if (c.has(kClientMonitor)) return;
  ctx.server().add_monitor(c);
  ctx.reply().ok();
}

const CommandSpec kRows[] = {
    {.name = "monitor", .arity = 1, .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
     .handler = monitor_command, .group = CommandGroup::Server,
     .summary = "Streams every command the server executes, as it runs it.",
     .since = "1.0.0", .complexity = "O(1) to start; each command then costs O(M) for the "
     "M monitors"},
    {.name = "dbsize", .arity = 1, .flags = kCmdReadOnly | kCmdFast, .handler = dbsize_command,
     .group = CommandGroup::Server, .summary = "Returns the number of keys in the database.",
     .since = "1.0.0", .complexity = "O(1)", .acl = "@keyspace",
     .tips = "request_policy:all_shards response_policy:agg_sum"},
    {.name = "flushdb", .arity = -1, .flags = kCmdWrite, .handler = flushdb_command,
     .group = CommandGroup::Server, .summary = "Removes every key of the current database.",
     .since = "1.0.0",
     .complexity = "O(N) where N is the number of keys in the selected database",
     .args = "[ASYNC|SYNC]", .acl = "@keyspace @dangerous", .tips = kAllShardsAllSucceeded},
    {.name = "flushall", .arity = -1, .flags = kCmdWrite, .handler = flushall_command,
     .group = CommandGroup::Server, .summary = "Removes every key of every database.",
     .since = "1.0.0", .complexity = "O(N) where N is the total number of keys in all databases",
     .args = "[ASYNC|SYNC]", .acl = "@keyspace @dangerous", .tips = kAllShardsAllSucceeded},
    {.name = "time", .arity = 1, .flags = kCmdLoading | kCmdStale | kCmdFast,
     .handler = time_command, .group = CommandGroup::Server,
     .summary = "Returns the server's clock: seconds and microseconds.", .since = "2.6.0",
     .complexity = "O(1)", .tips = "nondeterministic_output"},
    {.name = "lastsave", .arity = 1, .flags = kCmdLoading | kCmdStale | kCmdFast,
     .handler = lastsave_command, .group = CommandGroup::Server,
     .summary = "Returns the Unix time of the last successful save to disk.", .since = "1.0.0",
     .complexity = "O(1)", .acl = "@admin @dangerous", .tips = "nondeterministic_output"},
    {.name = "shutdown", .arity = -1,
     .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale | kCmdNoMulti | kCmdAllowBusy,
     .handler = shutdown_command, .group = CommandGroup::Server,
     .summary = "Stops the server, optionally saving the dataset first.", .since = "1.0.0",
     .complexity = "O(N) when saving, where N is the total number of keys in all databases; "
                   "otherwise O(1)",
     .args = "[NOSAVE|SAVE] [NOW] [FORCE] [ABORT]"},
    {.name = "info", .arity = -1, .flags = kCmdLoading | kCmdStale, .handler = info_command,
     .group = CommandGroup::Server, .summary = "Returns information and statistics about the server.",
     .since = "1.0.0", .complexity = "O(1)", .args = "[section [section ...]]",
     .acl = "@dangerous", .tips = kAllShardsSpecial},
    {.name = "debug", .arity = -2, .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale |
                                           kCmdProtected,
     .handler = debug_command, .group = CommandGroup::Server,
     .summary = "Debugging helpers (object details, sleeping, expiry switch).",
     .since = "1.0.0", .complexity = "Depends on subcommand."},
    {.name = "memory", .arity = -2, .group = CommandGroup::Server,
     .summary = "Memory introspection: usage, stats, doctor, allocator.", .since = "4.0.0",
     .complexity = "Depends on subcommand.", .subcommands = kMemorySubcommands},
};

}  // namespace

void register_server_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
