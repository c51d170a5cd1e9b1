// Generic key commands: DEL UNLINK EXISTS TYPE RENAME RENAMENX KEYS SCAN RANDOMKEY,
// the EXPIRE family, TTL PTTL EXPIRETIME PEXPIRETIME PERSIST, COPY MOVE TOUCH and OBJECT.
//
// Lookups go through commands/lookup.h so hits/misses and LRU touches match Redis. Writes
// report through ctx.key_modified() with Redis's generic event names. Relative expires are
// propagated as absolute PEXPIREAT (options kept), and an expire already in the past as the
// DEL it performed, so an AOF replayed later yields the same dataset.
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "eddy/base/clock.h"
#include "eddy/commands/command_table.h"
#include "eddy/commands/lookup.h"
#include "eddy/keyspace/database.h"
#include "eddy/server/server.h"

namespace eddy {
namespace {

// Redis's refcount for its shared integer objects (OBJ_SHARED_REFCOUNT).
constexpr int64_t kSharedRefcount = 2147483647;
// Integers 0..9999 are shared objects in Redis unless an LRU/LFU policy needs per-key clocks.
constexpr int64_t kSharedIntegers = 10000;

constexpr std::string_view kLfuNotSelected =
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
    "that when switching between policies at runtime LRU and LFU data will take some time to "
    "adjust.";
constexpr std::string_view kLfuSelected =
    "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
    "switching between policies at runtime LRU and LFU data will take some time to adjust.";

bool lfu_policy(const Settings& s) {
  return s.maxmemory_policy.find("lfu") != std::string::npos;
}

// Parses a DB index as Redis's getIntFromObjectOrReply + selectDb. Replies on failure.
bool parse_db_index(CommandContext& ctx, std::string_view text, int* out) {
  int64_t v = 0;
  if (!string_to_ll(text, &v)) {
    ctx.reply_error(err::kNotInteger);
    return false;
  }
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
    ctx.reply_error("ERR value is out of range, value must between -2147483648 and 2147483647");
    return false;
  }
  if (v < 0 || v >= ctx.server().db_count()) {
    ctx.reply_error(err::kDbIndexOutOfRange);
    return false;
  }
  *out = static_cast<int>(v);
  return true;
}

// DEL key [key ...] / UNLINK key [key ...]
// Values are freed synchronously in both cases; UNLINK differs only in its table row.
void del_generic(CommandContext& ctx) {
  Database& db = ctx.db();
  int64_t deleted = 0;
  for (size_t i = 1; i < ctx.argc(); ++i) {
    std::string_view key = ctx.arg(i);
    if (!db.lookup(key)) continue;  // an expired key is removed here and not counted
    db.erase(key);
    ctx.key_modified(key, kNotifyGeneric, "del");
    ++deleted;
  }
  ctx.reply().integer(deleted);
}

void del_command(CommandContext& ctx) { del_generic(ctx); }
void unlink_command(CommandContext& ctx) { del_generic(ctx); }

// EXISTS key [key ...]
void exists_command(CommandContext& ctx) {
  int64_t n = 0;
  for (size_t i = 1; i < ctx.argc(); ++i)
    if (lookup_read(ctx, ctx.arg(i), kLookupNoTouch)) ++n;
  ctx.reply().integer(n);
}

// TYPE key
void type_command(CommandContext& ctx) {
  Entry* e = lookup_read(ctx, ctx.arg(1), kLookupNoTouch);
  ctx.reply().simple(e ? type_name(e->val.type()) : "none");
}

// RENAME key newkey / RENAMENX key newkey
void rename_generic(CommandContext& ctx, bool nx) {
  Database& db = ctx.db();
  std::string_view key = ctx.arg(1), newkey = ctx.arg(2);
  Entry* e = lookup_write(ctx, key);
  if (!e) return ctx.reply_error(err::kNoSuchKey);
  // Renaming a key to itself changes nothing: no event, no propagation.
  if (key == newkey) return nx ? ctx.reply().integer(0) : ctx.reply().ok();
  int64_t when = db.expire_of(e);
  if (lookup_write(ctx, newkey)) {
    if (nx) return ctx.reply().integer(0);
    db.erase(newkey);
  }
  Value v = db.take(key);
  Entry* moved = db.add(newkey, std::move(v));
  if (when != -1) db.set_expire(moved, when);
  ctx.key_modified(key, kNotifyGeneric, "rename_from");
  ctx.key_modified(newkey, kNotifyGeneric, "rename_to");
  ctx.add_dirty(-1);  // two events, one change (Redis counts a rename once)
  if (nx) {
    ctx.reply().integer(1);
  } else {
    ctx.reply().ok();
  }
}

void rename_command(CommandContext& ctx) { rename_generic(ctx, false); }
void renamenx_command(CommandContext& ctx) { rename_generic(ctx, true); }

// KEYS pattern
// Expired keys are left out of the reply but not deleted (Redis 7.0 does the same).
void keys_command(CommandContext& ctx) {
  Database& db = ctx.db();
  std::string_view pattern = ctx.arg(1);
  bool all = pattern == "*";
  std::vector<std::string_view> out;
  db.for_each([&](const Entry* e) {
    std::string_view k = e->key();
    if ((all || glob_match(pattern, k)) && !db.is_expired(e)) out.push_back(k);
  });
  ctx.reply().array(out.size());
  for (std::string_view k : out) ctx.reply().bulk(k);
}

// Parses a SCAN cursor the way Redis does (strtoul, base 10): a leading space, trailing
// garbage or overflow are errors, but "", "+5", "007" and "-1" (which wraps) are accepted.
bool parse_scan_cursor(std::string_view text, uint64_t* out) {
  std::string buf(text);
  if (!buf.empty() && std::isspace(static_cast<unsigned char>(buf[0]))) return false;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(buf.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE) return false;
  *out = v;
  return true;
}

// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
void scan_command(CommandContext& ctx) {
  uint64_t cursor = 0;
  if (!parse_scan_cursor(ctx.arg(1), &cursor)) return ctx.reply_error("ERR invalid cursor");
  int64_t count = 10;
  std::string_view pattern, type;
  bool use_pattern = false, use_type = false;
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    size_t left = ctx.argc() - i;
    std::string_view opt = ctx.arg(i);
    if (iequals(opt, "count") && left >= 2) {
      if (!string_to_ll(ctx.arg(i + 1), &count)) return ctx.reply_error(err::kNotInteger);
      if (count < 1) return ctx.reply_error(err::kSyntax);
    } else if (iequals(opt, "match") && left >= 2) {
      pattern = ctx.arg(i + 1);
      use_pattern = pattern != "*";
    } else if (iequals(opt, "type") && left >= 2) {
      type = ctx.arg(i + 1);
      use_type = true;
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }

  Database& db = ctx.db();
  std::vector<std::string> keys;
  // Like Redis, visit at most count*10 buckets looking for `count` keys.
  int64_t budget = count > std::numeric_limits<int64_t>::max() / 10
                       ? std::numeric_limits<int64_t>::max()
                       : count * 10;
  do {
    cursor = db.scan(cursor, [&](Entry* e) { keys.emplace_back(e->key()); });
  } while (cursor && budget-- && keys.size() < static_cast<uint64_t>(count));

  // Filters, in Redis's order: pattern, then type (a counted read lookup, which also expires
  // the key lazily), then expiry (an expired key met here is deleted).
  size_t kept = 0;
  for (std::string& k : keys) {
    if (use_pattern && !glob_match(pattern, k)) continue;
    if (use_type) {
      Entry* e = lookup_read(ctx, db, k, kLookupNoTouch);
      if (!iequals(type, e ? type_name(e->val.type()) : "none")) continue;
    }
    Entry* e = db.find(k);
    if (e && db.is_expired(e)) {
      db.lookup(k);
      continue;
    }
    if (&keys[kept] != &k) keys[kept] = std::move(k);
    ++kept;
  }
  keys.resize(kept);

  ctx.reply().array(2);
  char buf[24];
  ctx.reply().bulk(std::string_view(buf, static_cast<size_t>(std::snprintf(
                                             buf, sizeof(buf), "%llu",
                                             static_cast<unsigned long long>(cursor)))));
  ctx.reply().array(keys.size());
  for (const std::string& k : keys) ctx.reply().bulk(k);
}

// RANDOMKEY
void randomkey_command(CommandContext& ctx) {
  Entry* e = ctx.db().random_entry();
  if (!e) return ctx.reply().null();
  ctx.reply().bulk(e->key());
}

enum ExpireFlag : int { kExpireNx = 1, kExpireXx = 2, kExpireGt = 4, kExpireLt = 8 };

// EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT key time [NX|XX] [GT|LT]
// `basetime` is now for the relative forms and 0 for the absolute ones.
void expire_generic(CommandContext& ctx, int64_t basetime, bool seconds) {
  std::string_view key = ctx.arg(1);
  int flags = 0;
  for (size_t i = 3; i < ctx.argc(); ++i) {
    std::string_view opt = ctx.arg(i);
    if (iequals(opt, "nx")) {
      flags |= kExpireNx;
    } else if (iequals(opt, "xx")) {
      flags |= kExpireXx;
    } else if (iequals(opt, "gt")) {
      flags |= kExpireGt;
    } else if (iequals(opt, "lt")) {
      flags |= kExpireLt;
    } else {
      return ctx.reply_error("ERR Unsupported option " + std::string(opt));
    }
  }
  if ((flags & kExpireNx) && (flags & (kExpireXx | kExpireGt | kExpireLt)))
    return ctx.reply_error("ERR NX and XX, GT or LT options at the same time are not compatible");
  if ((flags & kExpireGt) && (flags & kExpireLt))
    return ctx.reply_error("ERR GT and LT options at the same time are not compatible");

  int64_t when = 0;
  if (!string_to_ll(ctx.arg(2), &when)) return ctx.reply_error(err::kNotInteger);
  const std::string& name = ctx.command()->fullname;
  // Negative times are allowed (they delete the key); overflow of the unit conversion or of
  // the addition of the base time is an error.
  if (seconds) {
    if (when > std::numeric_limits<int64_t>::max() / 1000 ||
        when < std::numeric_limits<int64_t>::min() / 1000)
      return ctx.reply_error(err::invalid_expire(name));
    when *= 1000;
  }
  if (when > std::numeric_limits<int64_t>::max() - basetime)
    return ctx.reply_error(err::invalid_expire(name));
  when += basetime;

  Database& db = ctx.db();
  Entry* e = lookup_write(ctx, key);
  if (!e) return ctx.reply().integer(0);

  if (flags) {
    int64_t current = db.expire_of(e);
    // A key without a TTL counts as having an infinite one for GT and LT.
    if ((flags & kExpireNx) && current != -1) return ctx.reply().integer(0);
    if ((flags & kExpireXx) && current == -1) return ctx.reply().integer(0);
    if ((flags & kExpireGt) && (current == -1 || when <= current))
      return ctx.reply().integer(0);
    if ((flags & kExpireLt) && current != -1 && when >= current) return ctx.reply().integer(0);
  }

  if (when <= now_ms()) {
    db.erase(key);
    ctx.key_modified(key, kNotifyGeneric, "del");
    ctx.propagate_as({"DEL", std::string(key)});
    return ctx.reply().integer(1);
  }
  db.set_expire(e, when);
  ctx.key_modified(key, kNotifyGeneric, "expire");
  if (basetime != 0 || seconds) {
    std::vector<std::string> argv;
    argv.reserve(ctx.argc());
    argv.emplace_back("PEXPIREAT");
    argv.emplace_back(key);
    argv.push_back(ll_to_string(when));
    for (size_t i = 3; i < ctx.argc(); ++i) argv.emplace_back(ctx.arg(i));
    ctx.propagate_as(std::move(argv));
  }
  ctx.reply().integer(1);
}

void expire_command(CommandContext& ctx) { expire_generic(ctx, now_ms(), true); }
void pexpire_command(CommandContext& ctx) { expire_generic(ctx, now_ms(), false); }
void expireat_command(CommandContext& ctx) { expire_generic(ctx, 0, true); }
void pexpireat_command(CommandContext& ctx) { expire_generic(ctx, 0, false); }

// TTL / PTTL / EXPIRETIME / PEXPIRETIME key
// -2 when the key is missing, -1 when it has no TTL; seconds are rounded to nearest.
void ttl_generic(CommandContext& ctx, bool ms, bool absolute) {
  Database& db = ctx.db();
  Entry* e = lookup_read(ctx, ctx.arg(1), kLookupNoTouch);
  if (!e) return ctx.reply().integer(-2);
  int64_t when = db.expire_of(e);
  if (when == -1) return ctx.reply().integer(-1);
  int64_t t = absolute ? when : when - now_ms();
  if (t < 0) t = 0;
  // t / 1000 rounded half up, without overflowing near INT64_MAX.
  ctx.reply().integer(ms ? t : t / 1000 + (t % 1000 >= 500 ? 1 : 0));
}

void ttl_command(CommandContext& ctx) { ttl_generic(ctx, false, false); }
void pttl_command(CommandContext& ctx) { ttl_generic(ctx, true, false); }
void expiretime_command(CommandContext& ctx) { ttl_generic(ctx, false, true); }
void pexpiretime_command(CommandContext& ctx) { ttl_generic(ctx, true, true); }

// PERSIST key
void persist_command(CommandContext& ctx) {
  Database& db = ctx.db();
  Entry* e = lookup_write(ctx, ctx.arg(1));
  if (!e || !db.persist(e)) return ctx.reply().integer(0);
  ctx.key_modified(ctx.arg(1), kNotifyGeneric, "persist");
  ctx.reply().integer(1);
}

// COPY source destination [DB destination-db] [REPLACE]
void copy_command(CommandContext& ctx) {
  int src_id = ctx.db_index(), dst_id = src_id;
  bool replace = false;
  for (size_t i = 3; i < ctx.argc(); ++i) {
    std::string_view opt = ctx.arg(i);
    if (iequals(opt, "replace")) {
      replace = true;
    } else if (iequals(opt, "db") && i + 1 < ctx.argc()) {
      if (!parse_db_index(ctx, ctx.arg(i + 1), &dst_id)) return;
      ++i;
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }
  std::string_view key = ctx.arg(1), newkey = ctx.arg(2);
  if (src_id == dst_id && key == newkey) return ctx.reply_error(err::kSameObject);

  Database& src = ctx.db();
  Database& dst = ctx.server().db(dst_id);
  Entry* e = lookup_read(ctx, src, key);
  if (!e) return ctx.reply().integer(0);
  int64_t when = src.expire_of(e);
  Value copy = e->val.clone();
  if (lookup_write(ctx, dst, newkey)) {
    if (!replace) return ctx.reply().integer(0);
    dst.erase(newkey);
  }
  Entry* added = dst.add(newkey, std::move(copy));
  if (when != -1) dst.set_expire(added, when);
  ctx.key_modified(dst, newkey, kNotifyGeneric, "copy_to");
  ctx.reply().integer(1);
}

// MOVE key db
void move_command(CommandContext& ctx) {
  int dst_id = 0;
  if (!parse_db_index(ctx, ctx.arg(2), &dst_id)) return;
  if (dst_id == ctx.db_index()) return ctx.reply_error(err::kSameObject);
  std::string_view key = ctx.arg(1);
  Database& src = ctx.db();
  Database& dst = ctx.server().db(dst_id);
  Entry* e = lookup_write(ctx, key);
  if (!e) return ctx.reply().integer(0);
  int64_t when = src.expire_of(e);
  if (lookup_write(ctx, dst, key)) return ctx.reply().integer(0);
  Entry* moved = dst.add(key, src.take(key));
  if (when != -1) dst.set_expire(moved, when);
  ctx.key_modified(src, key, kNotifyGeneric, "move_from");
  ctx.key_modified(dst, key, kNotifyGeneric, "move_to");
  ctx.add_dirty(-1);  // two events, one change (Redis counts a move once)
  ctx.reply().integer(1);
}

// TOUCH key [key ...]
void touch_command(CommandContext& ctx) {
  int64_t n = 0;
  for (size_t i = 1; i < ctx.argc(); ++i)
    if (lookup_read(ctx, ctx.arg(i))) ++n;
  ctx.reply().integer(n);
}

// OBJECT's lookups neither touch the key nor emit "keymiss", but they count as reads.
Entry* object_lookup(CommandContext& ctx) {
  return lookup_read(ctx, ctx.arg(2), kLookupNoTouch | kLookupNoNotify);
}

// OBJECT ENCODING key
void object_encoding_command(CommandContext& ctx) {
  Entry* e = object_lookup(ctx);
  if (!e) return ctx.reply().null();
  ctx.reply().bulk(encoding_name(e->val.encoding()));
}

// OBJECT REFCOUNT key
// Redis shares the objects of the integers 0..9999 (refcount INT_MAX) unless maxmemory is
// set with an LRU/LFU policy; every other value has a single reference.
void object_refcount_command(CommandContext& ctx) {
  Entry* e = object_lookup(ctx);
  if (!e) return ctx.reply().null();
  const Settings& s = ctx.server().settings();
  bool sharing = s.maxmemory == 0 || (s.maxmemory_policy.find("lru") == std::string::npos &&
                                      s.maxmemory_policy.find("lfu") == std::string::npos);
  const Value& v = e->val;
  bool shared = sharing && v.is_int() && v.int_value() >= 0 && v.int_value() < kSharedIntegers;
  ctx.reply().integer(shared ? kSharedRefcount : 1);
}

// OBJECT IDLETIME key
void object_idletime_command(CommandContext& ctx) {
  Entry* e = object_lookup(ctx);
  if (!e) return ctx.reply().null();
  if (lfu_policy(ctx.server().settings())) return ctx.reply_error(kLfuSelected);
  ctx.reply().integer(entry_idle_seconds(e));
}

// OBJECT FREQ key
// Eddy keeps LRU clocks only, so access frequency exists only under an LFU policy, where
// the counter is reported as a never-accessed key's initial value.
void object_freq_command(CommandContext& ctx) {
  Entry* e = object_lookup(ctx);
  if (!e) return ctx.reply().null();
  if (!lfu_policy(ctx.server().settings())) return ctx.reply_error(kLfuNotSelected);
  ctx.reply().integer(0);
}

// OBJECT HELP
void object_help_command(CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "ENCODING <key>",
      "    Return the kind of internal representation used in order to store the value",
      "    associated with a <key>.",
      "FREQ <key>",
      "    Return the access frequency index of the <key>. The returned integer is",
      "    proportional to the logarithm of the recent access frequency of the key.",
      "IDLETIME <key>",
      "    Return the idle time of the <key>, that is the approximated number of",
      "    seconds elapsed since the last access to the key.",
      "REFCOUNT <key>",
      "    Return the number of references of the value associated with the specified",
      "    <key>.",
      "HELP",
      "    Prints this help.",
  };
  ctx.reply().array(std::size(kLines));
  for (std::string_view line : kLines) ctx.reply().simple(line);
}

constexpr uint64_t kReadFast = kCmdReadOnly | kCmdFast;
constexpr uint64_t kWriteFast = kCmdWrite | kCmdFast;
constexpr std::string_view kMultiShardSum = "request_policy:multi_shard response_policy:agg_sum";

const CommandSpec kObjectRows[] = {
    {.name = "encoding", .arity = 3, .flags = kCmdReadOnly, .keys = {2, 2, 1},
     .handler = object_encoding_command, .summary = "Returns the internal encoding of an object.",
     .since = "2.2.3", .complexity = "O(1)", .args = "key", .tips = "nondeterministic_output"},
    {.name = "freq", .arity = 3, .flags = kCmdReadOnly, .keys = {2, 2, 1},
     .handler = object_freq_command,
     .summary = "Returns the logarithmic access frequency counter of an object.",
     .since = "4.0.0", .complexity = "O(1)", .args = "key", .tips = "nondeterministic_output"},
    {.name = "help", .arity = 2, .flags = kCmdLoading | kCmdStale,
     .handler = object_help_command, .summary = "Shows helpful text about the different subcommands.",
     .since = "6.2.0", .complexity = "O(1)"},
    {.name = "idletime", .arity = 3, .flags = kCmdReadOnly, .keys = {2, 2, 1},
     .handler = object_idletime_command,
     .summary = "Returns the time since the last access to an object.", .since = "2.2.3",
     .complexity = "O(1)", .args = "key", .tips = "nondeterministic_output"},
    {.name = "refcount", .arity = 3, .flags = kCmdReadOnly, .keys = {2, 2, 1},
     .handler = object_refcount_command,
     .summary = "Returns the reference count of a value of a key.", .since = "2.2.3",
     .complexity = "O(1)", .args = "key", .tips = "nondeterministic_output"},
};

const CommandSpec kRows[] = {
    {.name = "del", .arity = -2, .flags = kCmdWrite, .keys = {1, -1, 1}, .handler = del_command,
     .summary = "Deletes one or more keys.", .since = "1.0.0",
     .complexity = "O(N) where N is the number of keys that will be removed. Removing a single "
                   "key that holds a string value is O(1); a list, set, sorted set or hash "
                   "costs O(M) in its number of elements.",
     .args = "key [key ...]", .tips = kMultiShardSum},
    {.name = "unlink", .arity = -2, .flags = kWriteFast, .keys = {1, -1, 1},
     .handler = unlink_command,
     .summary = "Asynchronously deletes one or more keys.", .since = "4.0.0",
     .complexity = "O(1) for each key removed regardless of its size; the memory is reclaimed "
                   "in O(N) afterwards, N being the number of allocations it held.",
     .args = "key [key ...]", .tips = kMultiShardSum},
    {.name = "exists", .arity = -2, .flags = kReadFast, .keys = {1, -1, 1},
     .handler = exists_command, .summary = "Determines whether one or more keys exist.",
     .since = "1.0.0", .complexity = "O(N) where N is the number of keys to check.",
     .args = "key [key ...]", .tips = kMultiShardSum},
    {.name = "type", .arity = 2, .flags = kReadFast, .keys = {1, 1, 1}, .handler = type_command,
     .summary = "Determines the type of value stored at a key.", .since = "1.0.0",
     .complexity = "O(1)", .args = "key"},
    {.name = "rename", .arity = 3, .flags = kCmdWrite, .keys = {1, 2, 1},
     .handler = rename_command, .summary = "Renames a key and overwrites the destination.",
     .since = "1.0.0", .complexity = "O(1)", .args = "key newkey"},
    {.name = "renamenx", .arity = 3, .flags = kWriteFast, .keys = {1, 2, 1},
     .handler = renamenx_command,
     .summary = "Renames a key only when the target key name doesn't exist.", .since = "1.0.0",
     .complexity = "O(1)", .args = "key newkey"},
    {.name = "keys", .arity = 2, .flags = kCmdReadOnly, .handler = keys_command,
     .summary = "Returns all key names that match a pattern.", .since = "1.0.0",
     .complexity = "O(N) with N being the number of keys in the database, under the "
                   "assumption that the key names in the database and the given pattern have "
                   "limited length.",
     .args = "pattern", .acl = "@dangerous",
     .tips = "request_policy:all_shards nondeterministic_output_order"},
    {.name = "scan", .arity = -2, .flags = kCmdReadOnly, .handler = scan_command,
     .summary = "Iterates over the key names in the database.", .since = "2.8.0",
     .complexity = "O(1) for every call. O(N) for a complete iteration, including enough "
                   "command calls for the cursor to return back to 0. N is the number of "
                   "elements inside the collection.",
     .args = "cursor [MATCH pattern] [COUNT count] [TYPE type]",
     .tips = "nondeterministic_output request_policy:special"},
    {.name = "randomkey", .arity = 1, .flags = kCmdReadOnly, .handler = randomkey_command,
     .summary = "Returns a random key name from the database.", .since = "1.0.0",
     .complexity = "O(1)", .tips = "request_policy:all_shards nondeterministic_output"},
    {.name = "expire", .arity = -3, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = expire_command,
     .summary = "Sets the expiration time of a key in seconds.", .since = "1.0.0",
     .complexity = "O(1)", .args = "key seconds [NX|XX|GT|LT]"},
    {.name = "pexpire", .arity = -3, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = pexpire_command,
     .summary = "Sets the expiration time of a key in milliseconds.", .since = "2.6.0",
     .complexity = "O(1)", .args = "key milliseconds [NX|XX|GT|LT]"},
    {.name = "expireat", .arity = -3, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = expireat_command,
     .summary = "Sets the expiration time of a key to a Unix timestamp.", .since = "1.2.0",
     .complexity = "O(1)", .args = "key unix-time-seconds [NX|XX|GT|LT]"},
    {.name = "pexpireat", .arity = -3, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = pexpireat_command,
     .summary = "Sets the expiration time of a key to a Unix milliseconds timestamp.",
     .since = "2.6.0", .complexity = "O(1)", .args = "key unix-time-milliseconds [NX|XX|GT|LT]"},
    {.name = "ttl", .arity = 2, .flags = kReadFast, .keys = {1, 1, 1}, .handler = ttl_command,
     .summary = "Returns the expiration time in seconds of a key.", .since = "1.0.0",
     .complexity = "O(1)", .args = "key", .tips = "nondeterministic_output"},
    {.name = "pttl", .arity = 2, .flags = kReadFast, .keys = {1, 1, 1}, .handler = pttl_command,
     .summary = "Returns the expiration time in milliseconds of a key.", .since = "2.6.0",
     .complexity = "O(1)", .args = "key", .tips = "nondeterministic_output"},
    {.name = "expiretime", .arity = 2, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = expiretime_command,
     .summary = "Returns the expiration time of a key as a Unix timestamp.", .since = "7.0.0",
     .complexity = "O(1)", .args = "key"},
    {.name = "pexpiretime", .arity = 2, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = pexpiretime_command,
     .summary = "Returns the expiration time of a key as a Unix milliseconds timestamp.",
     .since = "7.0.0", .complexity = "O(1)", .args = "key"},
    {.name = "persist", .arity = 2, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = persist_command, .summary = "Removes the expiration time of a key.",
     .since = "2.2.0", .complexity = "O(1)", .args = "key"},
    {.name = "copy", .arity = -3, .flags = kCmdWrite | kCmdDenyOom, .keys = {1, 2, 1},
     .handler = copy_command, .summary = "Copies the value of a key to a new key.",
     .since = "6.2.0",
     .complexity = "O(N) worst case for collections, where N is the number of nested items. "
                   "O(1) for string values.",
     .args = "source destination [DB destination-db] [REPLACE]"},
    {.name = "move", .arity = 3, .flags = kWriteFast, .keys = {1, 1, 1}, .handler = move_command,
     .summary = "Moves a key to another database.", .since = "1.0.0", .complexity = "O(1)",
     .args = "key db"},
    {.name = "touch", .arity = -2, .flags = kReadFast, .keys = {1, -1, 1},
     .handler = touch_command,
     .summary = "Returns the number of existing keys out of those specified after updating "
                "the time they were last accessed.",
     .since = "3.2.1", .complexity = "O(N) where N is the number of keys that will be touched.",
     .args = "key [key ...]", .tips = kMultiShardSum},
    {.name = "object", .arity = -2, .summary = "A container for object introspection commands.",
     .since = "2.2.3", .complexity = "Depends on subcommand.", .subcommands = kObjectRows},
};

}  // namespace

void register_keyspace_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
