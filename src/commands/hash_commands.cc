// Hash commands: HSET HSETNX HMSET HGET HMGET HGETALL HKEYS HVALS HDEL HEXISTS HLEN HSTRLEN
// HINCRBY HINCRBYFLOAT HRANDFIELD HSCAN.
//
// Data logic (listpack/hashtable encodings, conversion thresholds, increments) lives in
// types/hash.h; this file parses arguments, checks them in the order Redis 7.0 does (so the
// same error wins when several apply), replies, and reports writes through
// ctx.key_modified() with Redis's event names: "hset" (HSET, HMSET, HSETNX), "hdel",
// "hincrby", "hincrbyfloat", then "del" when the last field goes and the key is removed.
// The dirty counter grows as Redis's does (one per pair written or field deleted).
//
// Propagation: HINCRBYFLOAT is rewritten to `HSET key field <result>`, so float formatting
// never differs on replay; everything else is deterministic and propagates as sent.
// HRANDFIELD is random but read-only.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "eddy/commands/collection_scan.h"
#include "eddy/commands/command_table.h"
#include "eddy/commands/lookup.h"
#include "eddy/keyspace/database.h"
#include "eddy/server/server.h"
#include "eddy/types/hash.h"

namespace eddy {
namespace {

constexpr std::string_view kHashNotInteger = "ERR hash value is not an integer";
constexpr std::string_view kHashNotFloat = "ERR hash value is not a float";
constexpr std::string_view kIncrNotFinite = "ERR value is NaN or Infinity";
constexpr std::string_view kValueOutOfRange = "ERR value is out of range";
constexpr std::string_view kCountOutOfRange =
    "ERR value is out of range, value must between -9223372036854775807 and "
    "9223372036854775807";

// A negative HRANDFIELD count repeats picks, so its reply grows with |count| whatever the
// size of the hash. Redis 7.0 tries to build any such reply and dies of memory exhaustion
// on absurd counts; Eddy refuses a repeat count beyond this bound with Redis's own range
// error (the reply would be gigabytes long).
constexpr int64_t kMaxRepeatedPicks = int64_t{1} << 28;

TypeRng& random_source() {
  static TypeRng rng{std::random_device{}()};
  return rng;
}

const CollectionLimits& limits(CommandContext& ctx) { return ctx.server().settings().limits; }

// The outcome of looking a key up as a hash: `hash` is null when the key is missing or
// holds another type (`wrong_type`).
struct HashLookup {
  Hash* hash = nullptr;
  bool wrong_type = false;
};

HashLookup as_hash(Entry* e) {
  if (!e) return {};
  if (e->val.type() != ValueType::Hash) return {nullptr, true};
  return {e->val.as<Hash>(), false};
}

HashLookup read_hash(CommandContext& ctx, std::string_view key) {
  return as_hash(lookup_read(ctx, key));
}

HashLookup write_hash(CommandContext& ctx, std::string_view key) {
  return as_hash(lookup_write(ctx, key));
}

Hash* create_hash(CommandContext& ctx, std::string_view key) {
  auto h = std::make_unique<Hash>();
  Hash* raw = h.get();
  ctx.db().add(key, Value::object(ValueType::Hash, std::move(h)));
  return raw;
}

// One write to `key`: the event, WATCH, tracking and `dirty` changes (Redis counts some
// writes as several changes, e.g. one per HSET pair).
void hash_written(CommandContext& ctx, std::string_view key, std::string_view event,
                  int64_t dirty) {
  ctx.key_modified(key, kNotifyHash, event);
  if (dirty != 1) ctx.add_dirty(dirty - 1);
}

// Removes the key of a hash that has become empty, with Redis's "del" event (no extra
// change is counted: the fields removed were).
void delete_if_empty(CommandContext& ctx, std::string_view key, const Hash* h) {
  if (!h->empty()) return;
  ctx.db().erase(key);
  ctx.key_modified(key, kNotifyGeneric, "del");
  ctx.add_dirty(-1);
}

// HRANDFIELD WITHVALUES: RESP2 replies a flat field/value array, RESP3 an array of
// [field, value] pairs (as Redis 7.0 does, like ZRANGE WITHSCORES). ReplyWriter has no
// shape for that, so these two helpers are the one place the family looks at the protocol.
void pairs_header(ReplyWriter& w, size_t n) { w.array(w.resp() >= 3 ? n : 2 * n); }
void pair_header(ReplyWriter& w) {
  if (w.resp() >= 3) w.array(2);
}

// ---------------------------------------------------------------------------------------
// Handlers

// HSET key field value [field value ...]  /  HMSET key field value [field value ...]
// An odd number of field/value arguments is an arity error, checked before the key.
void hset_generic(CommandContext& ctx, bool hmset) {
  if (ctx.argc() % 2 == 1) return ctx.reply_error(err::wrong_arity(ctx.command()->fullname));
  std::string_view key = ctx.arg(1);
  HashLookup l = write_hash(ctx, key);
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  Hash* h = l.hash ? l.hash : create_hash(ctx, key);
  int64_t created = 0;
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    if (h->set(ctx.arg(i), ctx.arg(i + 1), limits(ctx))) ++created;
  }
  hash_written(ctx, key, "hset", static_cast<int64_t>((ctx.argc() - 2) / 2));
  if (hmset) return ctx.reply().ok();
  ctx.reply().integer(created);
}

void hset_command(CommandContext& ctx) { hset_generic(ctx, false); }
void hmset_command(CommandContext& ctx) { hset_generic(ctx, true); }

// HSETNX key field value
void hsetnx_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1), field = ctx.arg(2);
  HashLookup l = write_hash(ctx, key);
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  if (l.hash && l.hash->contains(field)) return ctx.reply().integer(0);
  Hash* h = l.hash ? l.hash : create_hash(ctx, key);
  h->set(field, ctx.arg(3), limits(ctx));
  hash_written(ctx, key, "hset", 1);
  ctx.reply().integer(1);
}

// HGET key field
void hget_command(CommandContext& ctx) {
  HashLookup l = read_hash(ctx, ctx.arg(1));
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  if (!l.hash) return ctx.reply().null();
  std::optional<ElemRef> v = l.hash->get(ctx.arg(2));
  if (!v) return ctx.reply().null();
  ctx.reply().bulk(v->view());
}

// HMGET key field [field ...]
void hmget_command(CommandContext& ctx) {
  HashLookup l = read_hash(ctx, ctx.arg(1));
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  ctx.reply().array(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    std::optional<ElemRef> v = l.hash ? l.hash->get(ctx.arg(i)) : std::nullopt;
    if (v) {
      ctx.reply().bulk(v->view());
    } else {
      ctx.reply().null();
    }
  }
}

// HDEL key field [field ...]
void hdel_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  HashLookup l = write_hash(ctx, key);
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  if (!l.hash) return ctx.reply().integer(0);
  int64_t deleted = 0;
  for (size_t i = 2; i < ctx.argc() && !l.hash->empty(); ++i) {
    if (l.hash->erase(ctx.arg(i))) ++deleted;
  }
  if (deleted) {
    hash_written(ctx, key, "hdel", deleted);
    delete_if_empty(ctx, key, l.hash);
  }
  ctx.reply().integer(deleted);
}

// HEXISTS key field
void hexists_command(CommandContext& ctx) {
  HashLookup l = read_hash(ctx, ctx.arg(1));
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  ctx.reply().integer(l.hash && l.hash->contains(ctx.arg(2)) ? 1 : 0);
}

// HLEN key
void hlen_command(CommandContext& ctx) {
  HashLookup l = read_hash(ctx, ctx.arg(1));
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  ctx.reply().integer(l.hash ? static_cast<int64_t>(l.hash->size()) : 0);
}

// HSTRLEN key field
void hstrlen_command(CommandContext& ctx) {
  HashLookup l = read_hash(ctx, ctx.arg(1));
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  std::optional<ElemRef> v = l.hash ? l.hash->get(ctx.arg(2)) : std::nullopt;
  ctx.reply().integer(v ? static_cast<int64_t>(v->size()) : 0);
}

// HKEYS / HVALS / HGETALL key. HGETALL is a map in RESP3, the others arrays.
enum GetAllParts : int { kFields = 1, kValues = 2 };

void getall_generic(CommandContext& ctx, int parts) {
  HashLookup l = read_hash(ctx, ctx.arg(1));
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  ReplyWriter& w = ctx.reply();
  const size_t n = l.hash ? l.hash->size() : 0;
  if (parts == (kFields | kValues)) {
    w.map(n);
  } else {
    w.array(n);
  }
  if (!l.hash) return;
  l.hash->for_each([&](const ElemRef& f, const ElemRef& v) {
    if (parts & kFields) w.bulk(f.view());
    if (parts & kValues) w.bulk(v.view());
  });
}

void hkeys_command(CommandContext& ctx) { getall_generic(ctx, kFields); }
void hvals_command(CommandContext& ctx) { getall_generic(ctx, kValues); }
void hgetall_command(CommandContext& ctx) { getall_generic(ctx, kFields | kValues); }

// HINCRBY key field increment
// A missing key or field counts as 0; the stored value must be a strict integer.
void hincrby_command(CommandContext& ctx) {
  int64_t by = 0;
  if (!string_to_ll(ctx.arg(3), &by)) return ctx.reply_error(err::kNotInteger);
  std::string_view key = ctx.arg(1);
  HashLookup l = write_hash(ctx, key);
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  Hash* h = l.hash ? l.hash : create_hash(ctx, key);
  int64_t result = 0;
  switch (h->incr_by(ctx.arg(2), by, limits(ctx), &result)) {
    case Hash::IncrStatus::Ok: break;
    case Hash::IncrStatus::Overflow: return ctx.reply_error(err::kOverflow);
    default: return ctx.reply_error(kHashNotInteger);
  }
  hash_written(ctx, key, "hincrby", 1);
  ctx.reply().integer(result);
}

// HINCRBYFLOAT key field increment
// The increment must be finite ("value is NaN or Infinity" before the key is looked at);
// the stored value must parse as a long double, and the sum must stay finite.
void hincrbyfloat_command(CommandContext& ctx) {
  long double by = 0;
  if (!string_to_long_double(ctx.arg(3), &by)) return ctx.reply_error(err::kNotFloat);
  if (std::isnan(by) || std::isinf(by)) return ctx.reply_error(kIncrNotFinite);
  std::string_view key = ctx.arg(1), field = ctx.arg(2);
  HashLookup l = write_hash(ctx, key);
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  Hash* h = l.hash ? l.hash : create_hash(ctx, key);
  std::string result;
  Hash::IncrStatus st = h->incr_by_float(field, by, limits(ctx), &result);
  if (st != Hash::IncrStatus::Ok) {
    // Only an existing field can fail, so a hash created above is never left empty.
    return ctx.reply_error(st == Hash::IncrStatus::NotFloat ? kHashNotFloat
                                                            : err::kIncrNanOrInf);
  }
  hash_written(ctx, key, "hincrbyfloat", 1);
  ctx.reply().bulk(result);
  ctx.propagate_as({"HSET", std::string(key), std::string(field), result});
}

// HRANDFIELD key [count [WITHVALUES]]
// Argument errors come first (count, then syntax, then the WITHVALUES range), then the key.
// count > 0: distinct fields, the whole hash when count >= size; count < 0: |count| picks
// with repeats; 0: empty.
void hrandfield_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  if (ctx.argc() == 2) {
    HashLookup l = read_hash(ctx, key);
    if (l.wrong_type) return ctx.reply_error(err::kWrongType);
    if (!l.hash) return ctx.reply().null();
    ctx.reply().bulk(l.hash->random_pair(random_source()).first.view());
    return;
  }
  int64_t count = 0;
  if (!string_to_ll(ctx.arg(2), &count)) return ctx.reply_error(err::kNotInteger);
  if (count == std::numeric_limits<int64_t>::min()) return ctx.reply_error(kCountOutOfRange);
  bool withvalues = false;
  if (ctx.argc() > 4 || (ctx.argc() == 4 && !iequals(ctx.arg(3), "withvalues"))) {
    return ctx.reply_error(err::kSyntax);
  }
  if (ctx.argc() == 4) {
    withvalues = true;
    // Twice the count must fit in a reply length.
    constexpr int64_t kHalf = std::numeric_limits<int64_t>::max() / 2;
    if (count > kHalf || count < -kHalf) return ctx.reply_error(kValueOutOfRange);
  }

  HashLookup l = read_hash(ctx, key);
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  ReplyWriter& w = ctx.reply();
  if (!l.hash || count == 0) return w.empty_array();
  if (count < -kMaxRepeatedPicks) return ctx.reply_error(kValueOutOfRange);
  Hash* h = l.hash;

  auto reply_pair = [&](const ElemRef& f, const ElemRef& v) {
    if (withvalues) {
      pair_header(w);
      w.bulk(f.view());
      w.bulk(v.view());
    } else {
      w.bulk(f.view());
    }
  };
  auto header = [&](size_t n) {
    if (withvalues) {
      pairs_header(w, n);
    } else {
      w.array(n);
    }
  };

  if (count < 0) {
    const auto n = static_cast<size_t>(-count);
    header(n);
    h->random_pairs(n, random_source(), reply_pair);
    return;
  }
  const auto n = static_cast<size_t>(count);
  if (n >= h->size()) {
    header(h->size());
    h->for_each(reply_pair);
    return;
  }
  std::vector<std::pair<std::string, std::string>> picked = h->random_distinct(n, random_source());
  header(picked.size());
  for (const auto& [f, v] : picked) reply_pair(ElemRef::of_string(f), ElemRef::of_string(v));
}

// HSCAN key cursor [MATCH pattern] [COUNT count]
// A listpack hash is returned whole with cursor 0. A table is walked bucket by bucket until
// `count` replies are gathered (a field and its value count as two, as in Redis) or
// 10*count buckets were visited; MATCH filters fields afterwards.
void hscan_command(CommandContext& ctx) {
  uint64_t cursor = 0;
  if (!parse_collection_cursor(ctx.arg(2), &cursor)) return ctx.reply_error(kInvalidCursor);
  HashLookup l = read_hash(ctx, ctx.arg(1));
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  ReplyWriter& w = ctx.reply();
  if (!l.hash) {
    w.array(2);
    w.bulk("0");
    return w.empty_array();
  }
  CollectionScanArgs args;
  std::string_view error = parse_collection_scan_args(ctx.args(), 3, &args);
  if (!error.empty()) return ctx.reply_error(error);

  std::vector<std::pair<std::string, std::string>> items;
  auto take = [&](const ElemRef& f, const ElemRef& v) {
    if (args.use_pattern && !glob_match(args.pattern, f.view())) return;
    items.emplace_back(f.str(), v.str());
  };
  const Hash* h = l.hash;
  if (h->encoding() == Encoding::Listpack) {
    cursor = h->scan(cursor, take);
  } else {
    int64_t budget = args.count > std::numeric_limits<int64_t>::max() / 10
                         ? std::numeric_limits<int64_t>::max()
                         : args.count * 10;
    // Gathered replies, before MATCH (which Redis applies after the walk).
    uint64_t gathered = 0;
    do {
      cursor = h->scan(cursor, [&](const ElemRef& f, const ElemRef& v) {
        gathered += 2;
        take(f, v);
      });
    } while (cursor && budget-- && gathered < static_cast<uint64_t>(args.count));
  }
  w.array(2);
  w.bulk(cursor_text(cursor));
  w.array(items.size() * 2);
  for (const auto& [f, v] : items) {
    w.bulk(f);
    w.bulk(v);
  }
}

// ---------------------------------------------------------------------------------------
// Command table rows (arity, flags and key positions as redis-server 7.0 COMMAND INFO).

constexpr uint64_t kRead = kCmdReadOnly;
constexpr uint64_t kReadFast = kCmdReadOnly | kCmdFast;
constexpr uint64_t kWriteOomFast = kCmdWrite | kCmdDenyOom | kCmdFast;
constexpr uint64_t kWriteFast = kCmdWrite | kCmdFast;

const CommandSpec kRows[] = {
    {.name = "hset", .arity = -4, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = hset_command, .group = CommandGroup::Hash,
     .summary = "Sets one or more fields of a hash, creating the hash if needed.",
     .since = "2.0.0",
     .complexity = "O(1) for each field/value pair added, so O(N) for N pairs.",
     .args = "key field value [field value ...]"},
    {.name = "hsetnx", .arity = 4, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = hsetnx_command, .group = CommandGroup::Hash,
     .summary = "Sets a field of a hash only when the field does not exist yet.",
     .since = "2.0.0", .complexity = "O(1)", .args = "key field value"},
    {.name = "hmset", .arity = -4, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = hmset_command, .group = CommandGroup::Hash,
     .summary = "Sets one or more fields of a hash (older form of HSET, replies OK).",
     .since = "2.0.0", .complexity = "O(N), N being the number of fields set.",
     .args = "key field value [field value ...]"},
    {.name = "hget", .arity = 3, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = hget_command, .group = CommandGroup::Hash,
     .summary = "Returns the value of one field of a hash.", .since = "2.0.0",
     .complexity = "O(1)", .args = "key field"},
    {.name = "hmget", .arity = -3, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = hmget_command, .group = CommandGroup::Hash,
     .summary = "Returns the values of several fields of a hash.", .since = "2.0.0",
     .complexity = "O(N), N being the number of fields asked for.",
     .args = "key field [field ...]"},
    {.name = "hgetall", .arity = 2, .flags = kRead, .keys = {1, 1, 1},
     .handler = hgetall_command, .group = CommandGroup::Hash,
     .summary = "Returns every field and value of a hash.", .since = "2.0.0",
     .complexity = "O(N), N being the size of the hash.", .args = "key",
     .tips = "nondeterministic_output_order"},
    {.name = "hkeys", .arity = 2, .flags = kRead, .keys = {1, 1, 1},
     .handler = hkeys_command, .group = CommandGroup::Hash,
     .summary = "Returns every field name of a hash.", .since = "2.0.0",
     .complexity = "O(N), N being the size of the hash.", .args = "key",
     .tips = "nondeterministic_output_order"},
    {.name = "hvals", .arity = 2, .flags = kRead, .keys = {1, 1, 1},
     .handler = hvals_command, .group = CommandGroup::Hash,
     .summary = "Returns every value of a hash.", .since = "2.0.0",
     .complexity = "O(N), N being the size of the hash.", .args = "key",
     .tips = "nondeterministic_output_order"},
    {.name = "hdel", .arity = -3, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = hdel_command, .group = CommandGroup::Hash,
     .summary = "Removes fields from a hash; the key goes with its last field.",
     .since = "2.0.0", .complexity = "O(N), N being the number of fields removed.",
     .args = "key field [field ...]"},
    {.name = "hexists", .arity = 3, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = hexists_command, .group = CommandGroup::Hash,
     .summary = "Tells whether a field exists in a hash.", .since = "2.0.0",
     .complexity = "O(1)", .args = "key field"},
    {.name = "hlen", .arity = 2, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = hlen_command, .group = CommandGroup::Hash,
     .summary = "Returns the number of fields of a hash.", .since = "2.0.0",
     .complexity = "O(1)", .args = "key"},
    {.name = "hstrlen", .arity = 3, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = hstrlen_command, .group = CommandGroup::Hash,
     .summary = "Returns the length in bytes of the value of a hash field.", .since = "3.2.0",
     .complexity = "O(1)", .args = "key field"},
    {.name = "hincrby", .arity = 4, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = hincrby_command, .group = CommandGroup::Hash,
     .summary = "Adds an integer to the integer value of a hash field; a missing field "
                "counts as 0.",
     .since = "2.0.0", .complexity = "O(1)", .args = "key field increment"},
    {.name = "hincrbyfloat", .arity = 4, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = hincrbyfloat_command, .group = CommandGroup::Hash,
     .summary = "Adds a floating point number to the value of a hash field; a missing "
                "field counts as 0.",
     .since = "2.6.0", .complexity = "O(1)", .args = "key field increment:double"},
    {.name = "hrandfield", .arity = -2, .flags = kRead, .keys = {1, 1, 1},
     .handler = hrandfield_command, .group = CommandGroup::Hash,
     .summary = "Returns one or more random fields of a hash, optionally with their values.",
     .since = "6.2.0",
     .complexity = "O(N), N being the number of fields returned.",
     .args = "key [options: count [WITHVALUES]]", .tips = "nondeterministic_output"},
    {.name = "hscan", .arity = -3, .flags = kRead, .keys = {1, 1, 1},
     .handler = hscan_command, .group = CommandGroup::Hash,
     .summary = "Iterates over the fields and values of a hash.", .since = "2.8.0",
     .complexity = "O(1) per call; O(N) for a full iteration back to cursor 0, N being the "
                   "size of the hash.",
     .args = "key cursor [MATCH pattern] [COUNT count]", .tips = "nondeterministic_output"},
};

}  // namespace

void register_hash_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
