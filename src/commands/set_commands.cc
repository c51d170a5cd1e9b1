// Set commands: SADD SREM SISMEMBER SMISMEMBER SMEMBERS SCARD SPOP SRANDMEMBER SMOVE SINTER
// SINTERCARD SINTERSTORE SUNION SUNIONSTORE SDIFF SDIFFSTORE SSCAN.
//
// Data logic (intset/hashtable encodings, random picks) lives in types/set.h. Here: argument
// checks in Redis 7.0's order, replies (SMEMBERS, SINTER, SUNION, SDIFF and SPOP with a
// count are sets in RESP3; SRANDMEMBER with a count and SMISMEMBER are arrays), and the write
// path through ctx.key_modified() with Redis's event names ("sadd", "srem", "spop",
// "sinterstore", "sunionstore", "sdiffstore", then "del" when a set empties and its key goes).
//
// Set algebra checks the type of every key before computing anything (a missing key among
// them only makes the result empty). SINTER walks the smallest set (ties keep argument
// order, as Redis's stable sort does) and replies in that set's order; SUNION and SDIFF
// build their result as a fresh set (an intset while it can be one) and reply in its order,
// so integer results come out ascending, as in Redis. The *STORE forms store that fresh set,
// so the destination's encoding is what SADD of the result members would give.
//
// Propagation: SPOP is rewritten to what it did: `SREM key member` for one member, one
// `SREM key member` per popped member for a count (the server wraps them in MULTI/EXEC), or
// `DEL key` when the count took the whole set, as Redis 7.0 writes its AOF.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
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
#include "eddy/types/set.h"

namespace eddy {
namespace {

constexpr std::string_view kNotPositive = "ERR value is out of range, must be positive";
constexpr std::string_view kValueOutOfRange = "ERR value is out of range";
constexpr std::string_view kCountOutOfRange =
    "ERR value is out of range, value must between -9223372036854775807 and "
    "9223372036854775807";
constexpr std::string_view kNumkeysNotPositive = "ERR numkeys should be greater than 0";
constexpr std::string_view kTooManyKeys =
    "ERR Number of keys can't be greater than number of args";
constexpr std::string_view kLimitNegative = "ERR LIMIT can't be negative";

// SRANDMEMBER with a negative count repeats picks, so the reply grows with |count| whatever
// the size of the set. Redis 7.0 tries to build any such reply and dies of memory
// exhaustion on absurd counts; Eddy refuses a repeat count beyond this bound with a range
// error (the reply would be gigabytes long).
constexpr int64_t kMaxRepeatedPicks = int64_t{1} << 28;

TypeRng& random_source() {
  static TypeRng rng{std::random_device{}()};
  return rng;
}

const CollectionLimits& limits(CommandContext& ctx) { return ctx.server().settings().limits; }

// The outcome of looking a key up as a set: `set` is null when the key is missing or holds
// another type (`wrong_type`).
struct SetLookup {
  Set* set = nullptr;
  bool wrong_type = false;
};

SetLookup as_set(Entry* e) {
  if (!e) return {};
  if (e->val.type() != ValueType::Set) return {nullptr, true};
  return {e->val.as<Set>(), false};
}

SetLookup read_set(CommandContext& ctx, std::string_view key) {
  return as_set(lookup_read(ctx, key));
}

SetLookup write_set(CommandContext& ctx, std::string_view key) {
  return as_set(lookup_write(ctx, key));
}

Set* create_set(CommandContext& ctx, std::string_view key) {
  auto s = std::make_unique<Set>();
  Set* raw = s.get();
  ctx.db().add(key, Value::object(ValueType::Set, std::move(s)));
  return raw;
}

// One write to `key`: the event, WATCH, tracking and `dirty` changes (Redis counts one per
// member added or removed).
void set_written(CommandContext& ctx, std::string_view key, std::string_view event,
                 int64_t dirty) {
  ctx.key_modified(key, kNotifySet, event);
  if (dirty != 1) ctx.add_dirty(dirty - 1);
}

// Removes the key of a set that has become empty, with Redis's "del" event (the members
// removed were already counted as changes).
void delete_if_empty(CommandContext& ctx, std::string_view key, const Set* s) {
  if (!s->empty()) return;
  ctx.db().erase(key);
  ctx.key_modified(key, kNotifyGeneric, "del");
  ctx.add_dirty(-1);
}

// Replies every member of `s` as a RESP3 set (an array in RESP2).
void reply_members(ReplyWriter& w, const Set& s) {
  w.set(s.size());
  s.for_each([&](const ElemRef& m) { w.bulk(m.view()); });
}

// ---------------------------------------------------------------------------------------
// Handlers

// SADD key member [member ...]
void sadd_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  SetLookup l = write_set(ctx, key);
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  Set* s = l.set ? l.set : create_set(ctx, key);
  int64_t added = 0;
  for (size_t i = 2; i < ctx.argc(); ++i) {
    if (s->add(ctx.arg(i), limits(ctx))) ++added;
  }
  if (added) set_written(ctx, key, "sadd", added);
  ctx.reply().integer(added);
}

// SREM key member [member ...]
void srem_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  SetLookup l = write_set(ctx, key);
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  if (!l.set) return ctx.reply().integer(0);
  int64_t removed = 0;
  for (size_t i = 2; i < ctx.argc() && !l.set->empty(); ++i) {
    if (l.set->remove(ctx.arg(i))) ++removed;
  }
  if (removed) {
    set_written(ctx, key, "srem", removed);
    delete_if_empty(ctx, key, l.set);
  }
  ctx.reply().integer(removed);
}

// SISMEMBER key member
void sismember_command(CommandContext& ctx) {
  SetLookup l = read_set(ctx, ctx.arg(1));
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  ctx.reply().integer(l.set && l.set->contains(ctx.arg(2)) ? 1 : 0);
}

// SMISMEMBER key member [member ...]
void smismember_command(CommandContext& ctx) {
  SetLookup l = read_set(ctx, ctx.arg(1));
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  ctx.reply().array(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    ctx.reply().integer(l.set && l.set->contains(ctx.arg(i)) ? 1 : 0);
  }
}

// SCARD key
void scard_command(CommandContext& ctx) {
  SetLookup l = read_set(ctx, ctx.arg(1));
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  ctx.reply().integer(l.set ? static_cast<int64_t>(l.set->size()) : 0);
}

// SMEMBERS key
void smembers_command(CommandContext& ctx) {
  SetLookup l = read_set(ctx, ctx.arg(1));
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  if (!l.set) return ctx.reply().set(0);
  reply_members(ctx.reply(), *l.set);
}

// SMOVE source destination member
// A missing source answers 0 before any type is checked; source == destination only
// reports membership.
void smove_command(CommandContext& ctx) {
  std::string_view src = ctx.arg(1), dst = ctx.arg(2), member = ctx.arg(3);
  SetLookup from = write_set(ctx, src);
  SetLookup to = write_set(ctx, dst);
  if (!from.set && !from.wrong_type) return ctx.reply().integer(0);
  if (from.wrong_type || to.wrong_type) return ctx.reply_error(err::kWrongType);
  if (src == dst) return ctx.reply().integer(from.set->contains(member) ? 1 : 0);
  if (!from.set->remove(member)) return ctx.reply().integer(0);
  set_written(ctx, src, "srem", 1);
  delete_if_empty(ctx, src, from.set);
  Set* target = to.set ? to.set : create_set(ctx, dst);
  if (target->add(member, limits(ctx))) set_written(ctx, dst, "sadd", 1);
  ctx.reply().integer(1);
}

// SPOP key [count]
void spop_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  if (ctx.argc() > 3) return ctx.reply_error(err::kSyntax);
  if (ctx.argc() == 2) {
    SetLookup l = write_set(ctx, key);
    if (l.wrong_type) return ctx.reply_error(err::kWrongType);
    if (!l.set) return ctx.reply().null();
    std::string member = l.set->pop_random(random_source());
    set_written(ctx, key, "spop", 1);
    ctx.propagate_as({"SREM", std::string(key), member});
    delete_if_empty(ctx, key, l.set);
    ctx.reply().bulk(member);
    return;
  }
  int64_t count = 0;
  if (!string_to_ll(ctx.arg(2), &count) || count < 0) return ctx.reply_error(kNotPositive);
  SetLookup l = write_set(ctx, key);
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  ReplyWriter& w = ctx.reply();
  if (!l.set || count == 0) return w.set(0);
  Set* s = l.set;
  const size_t size = s->size();
  if (static_cast<uint64_t>(count) >= size) {
    // The whole set: reply it, delete the key, propagate a DEL.
    reply_members(w, *s);
    set_written(ctx, key, "spop", static_cast<int64_t>(size));
    ctx.db().erase(key);
    ctx.key_modified(key, kNotifyGeneric, "del");
    ctx.add_dirty(-1);
    ctx.propagate_as({"DEL", std::string(key)});
    return;
  }
  const auto n = static_cast<size_t>(count);
  w.set(n);
  ctx.propagate_as({});
  for (size_t i = 0; i < n; ++i) {
    std::string member = s->pop_random(random_source());
    w.bulk(member);
    ctx.also_propagate({"SREM", std::string(key), std::move(member)});
  }
  set_written(ctx, key, "spop", static_cast<int64_t>(n));
}

// SRANDMEMBER key [count]
// count > 0: distinct members, the whole set when count >= size; count < 0: |count| picks
// with repeats; 0: empty. Always an array (not a RESP3 set: repeats are possible).
void srandmember_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  if (ctx.argc() > 3) return ctx.reply_error(err::kSyntax);
  if (ctx.argc() == 2) {
    SetLookup l = read_set(ctx, key);
    if (l.wrong_type) return ctx.reply_error(err::kWrongType);
    if (!l.set) return ctx.reply().null();
    ctx.reply().bulk(l.set->random_member(random_source()).view());
    return;
  }
  int64_t count = 0;
  if (!string_to_ll(ctx.arg(2), &count)) return ctx.reply_error(err::kNotInteger);
  if (count == std::numeric_limits<int64_t>::min()) return ctx.reply_error(kCountOutOfRange);
  SetLookup l = read_set(ctx, key);
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  ReplyWriter& w = ctx.reply();
  if (!l.set || count == 0) return w.empty_array();
  const Set* s = l.set;
  if (count < 0) {
    if (count < -kMaxRepeatedPicks) return ctx.reply_error(kValueOutOfRange);
    const auto n = static_cast<size_t>(-count);
    w.array(n);
    for (size_t i = 0; i < n; ++i) w.bulk(s->random_member(random_source()).view());
    return;
  }
  if (static_cast<uint64_t>(count) >= s->size()) {
    w.array(s->size());
    s->for_each([&](const ElemRef& m) { w.bulk(m.view()); });
    return;
  }
  std::vector<std::string> picked = s->random_distinct(static_cast<size_t>(count),
                                                       random_source());
  w.array(picked.size());
  for (const std::string& m : picked) w.bulk(m);
}

// The sets named by keys[...], every type checked first. `missing` tells whether some key
// does not exist (its slot is null). False when a key holds another type (already replied).
// The sources are counted reads even for the *STORE forms, as in Redis.
bool load_sets(CommandContext& ctx, std::span<const std::string_view> keys,
               std::vector<const Set*>* sets, bool* missing) {
  *missing = false;
  sets->clear();
  sets->reserve(keys.size());
  for (std::string_view key : keys) {
    SetLookup l = read_set(ctx, key);
    if (l.wrong_type) {
      ctx.reply_error(err::kWrongType);
      return false;
    }
    if (!l.set) *missing = true;
    sets->push_back(l.set);
  }
  return true;
}

// Calls fn(member) for each member of the intersection, walking the smallest set; stops
// when fn returns false (SINTERCARD's LIMIT), so a table is walked by cursor steps, which
// can stop, rather than by for_each.
template <typename Fn>
void for_each_common(std::vector<const Set*> sets, Fn&& fn) {
  std::stable_sort(sets.begin(), sets.end(),
                   [](const Set* a, const Set* b) { return a->size() < b->size(); });
  const Set* first = sets[0];
  bool go_on = true;
  auto visit = [&](const ElemRef& m) {
    if (!go_on) return;
    std::string_view v = m.view();
    for (size_t i = 1; i < sets.size(); ++i) {
      if (sets[i] != first && !sets[i]->contains(v)) return;
    }
    go_on = fn(m);
  };
  if (first->encoding() == Encoding::Intset) return first->for_each(visit);
  uint64_t cursor = 0;
  do {
    cursor = first->scan(cursor, visit);
  } while (cursor != 0 && go_on);
}

// Stores `result` at `dst` (or deletes `dst` when the result is empty) and replies its size.
void store_set(CommandContext& ctx, std::string_view dst, std::unique_ptr<Set> result,
               std::string_view event) {
  const auto n = static_cast<int64_t>(result->size());
  if (n > 0) {
    ctx.db().set(dst, Value::object(ValueType::Set, std::move(result)));
    ctx.key_modified(dst, kNotifySet, event);
  } else if (ctx.db().erase(dst)) {
    ctx.key_modified(dst, kNotifyGeneric, "del");
  }
  ctx.reply().integer(n);
}

// SINTER key [key ...] / SINTERSTORE destination key [key ...]
void sinter_generic(CommandContext& ctx, std::string_view dst, size_t first_key) {
  const bool store = first_key == 2;
  std::vector<const Set*> sets;
  bool missing = false;
  if (!load_sets(ctx, ctx.args().subspan(first_key), &sets, &missing)) return;
  if (!store) {
    ReplyWriter& w = ctx.reply();
    if (missing) return w.set(0);
    ReplyWriter::Deferred d = w.begin_set();
    size_t n = 0;
    for_each_common(sets, [&](const ElemRef& m) {
      w.bulk(m.view());
      ++n;
      return true;
    });
    w.end(d, n);
    return;
  }
  auto result = std::make_unique<Set>();
  if (!missing) {
    const CollectionLimits& lim = limits(ctx);
    for_each_common(sets, [&](const ElemRef& m) {
      result->add(m.view(), lim);
      return true;
    });
  }
  store_set(ctx, dst, std::move(result), "sinterstore");
}

void sinter_command(CommandContext& ctx) { sinter_generic(ctx, {}, 1); }
void sinterstore_command(CommandContext& ctx) { sinter_generic(ctx, ctx.arg(1), 2); }

// SINTERCARD numkeys key [key ...] [LIMIT limit]
// numkeys must be a positive integer no larger than the arguments that follow it; LIMIT 0
// means no limit, the last LIMIT wins.
void sintercard_command(CommandContext& ctx) {
  int64_t numkeys = 0;
  if (!string_to_ll(ctx.arg(1), &numkeys) || numkeys < 1) {
    return ctx.reply_error(kNumkeysNotPositive);
  }
  if (numkeys > static_cast<int64_t>(ctx.argc() - 2)) return ctx.reply_error(kTooManyKeys);
  const auto nk = static_cast<size_t>(numkeys);
  int64_t limit = 0;
  for (size_t i = 2 + nk; i < ctx.argc(); ++i) {
    if (iequals(ctx.arg(i), "limit") && i + 1 < ctx.argc()) {
      if (!string_to_ll(ctx.arg(i + 1), &limit) || limit < 0) {
        return ctx.reply_error(kLimitNegative);
      }
      ++i;
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }
  std::vector<const Set*> sets;
  bool missing = false;
  if (!load_sets(ctx, ctx.args().subspan(2, nk), &sets, &missing)) return;
  if (missing) return ctx.reply().integer(0);
  int64_t n = 0;
  for_each_common(sets, [&](const ElemRef&) { return ++n != limit; });
  ctx.reply().integer(n);
}

enum class SetOp { Union, Diff };

// The union of `sets`, or the members of the first not in any other (missing sets are
// empty), built as a fresh set.
std::unique_ptr<Set> union_or_diff(const std::vector<const Set*>& sets, SetOp op,
                                   const CollectionLimits& lim) {
  auto result = std::make_unique<Set>();
  if (op == SetOp::Union) {
    for (const Set* s : sets) {
      if (s) s->for_each([&](const ElemRef& m) { result->add(m.view(), lim); });
    }
    return result;
  }
  const Set* first = sets[0];
  if (!first) return result;
  for (size_t i = 1; i < sets.size(); ++i) {
    if (sets[i] == first) return result;  // the same key again: nothing is left
  }
  first->for_each([&](const ElemRef& m) {
    std::string_view v = m.view();
    for (size_t i = 1; i < sets.size(); ++i) {
      if (sets[i] && sets[i]->contains(v)) return;
    }
    result->add(v, lim);
  });
  return result;
}

// SUNION / SDIFF key [key ...], SUNIONSTORE / SDIFFSTORE destination key [key ...]
void union_diff_generic(CommandContext& ctx, SetOp op, bool store) {
  const size_t first_key = store ? 2 : 1;
  std::vector<const Set*> sets;
  bool missing = false;
  if (!load_sets(ctx, ctx.args().subspan(first_key), &sets, &missing)) return;
  std::unique_ptr<Set> result = union_or_diff(sets, op, limits(ctx));
  if (!store) return reply_members(ctx.reply(), *result);
  store_set(ctx, ctx.arg(1), std::move(result), op == SetOp::Union ? "sunionstore" : "sdiffstore");
}

void sunion_command(CommandContext& ctx) { union_diff_generic(ctx, SetOp::Union, false); }
void sunionstore_command(CommandContext& ctx) { union_diff_generic(ctx, SetOp::Union, true); }
void sdiff_command(CommandContext& ctx) { union_diff_generic(ctx, SetOp::Diff, false); }
void sdiffstore_command(CommandContext& ctx) { union_diff_generic(ctx, SetOp::Diff, true); }

// SSCAN key cursor [MATCH pattern] [COUNT count]
// An intset is returned whole with cursor 0; a table is walked bucket by bucket until
// `count` members are gathered or 10*count buckets were visited; MATCH filters afterwards.
void sscan_command(CommandContext& ctx) {
  uint64_t cursor = 0;
  if (!parse_collection_cursor(ctx.arg(2), &cursor)) return ctx.reply_error(kInvalidCursor);
  SetLookup l = read_set(ctx, ctx.arg(1));
  if (l.wrong_type) return ctx.reply_error(err::kWrongType);
  ReplyWriter& w = ctx.reply();
  if (!l.set) {
    w.array(2);
    w.bulk("0");
    return w.empty_array();
  }
  CollectionScanArgs args;
  std::string_view error = parse_collection_scan_args(ctx.args(), 3, &args);
  if (!error.empty()) return ctx.reply_error(error);

  std::vector<std::string> items;
  auto take = [&](const ElemRef& m) {
    if (args.use_pattern && !glob_match(args.pattern, m.view())) return;
    items.push_back(m.str());
  };
  const Set* s = l.set;
  if (s->encoding() == Encoding::Intset) {
    cursor = s->scan(cursor, take);
  } else {
    int64_t budget = args.count > std::numeric_limits<int64_t>::max() / 10
                         ? std::numeric_limits<int64_t>::max()
                         : args.count * 10;
    uint64_t gathered = 0;  // before MATCH, which Redis applies after the walk
    do {
      cursor = s->scan(cursor, [&](const ElemRef& m) {
        ++gathered;
        take(m);
      });
    } while (cursor && budget-- && gathered < static_cast<uint64_t>(args.count));
  }
  w.array(2);
  w.bulk(cursor_text(cursor));
  w.array(items.size());
  for (const std::string& m : items) w.bulk(m);
}

// SINTERCARD's keys: numkeys at argv[1], read as atoi() reads it (as Redis's key
// extraction does: "2x" is 2), then that many keys.
int sintercard_keys(std::span<const std::string_view> argv, std::vector<int>* out) {
  if (argv.size() < 2) return -1;
  std::string text(argv[1]);
  int numkeys = std::atoi(text.c_str());
  if (numkeys < 1 || static_cast<size_t>(numkeys) > argv.size() - 2) return 0;
  for (int i = 0; i < numkeys; ++i) out->push_back(2 + i);
  return numkeys;
}

// ---------------------------------------------------------------------------------------
// Command table rows (arity, flags and key positions as redis-server 7.0 COMMAND INFO).

constexpr uint64_t kRead = kCmdReadOnly;
constexpr uint64_t kReadFast = kCmdReadOnly | kCmdFast;
constexpr uint64_t kWriteOom = kCmdWrite | kCmdDenyOom;
constexpr uint64_t kWriteOomFast = kCmdWrite | kCmdDenyOom | kCmdFast;
constexpr uint64_t kWriteFast = kCmdWrite | kCmdFast;
constexpr std::string_view kUnordered = "nondeterministic_output_order";
constexpr std::string_view kRandom = "nondeterministic_output";

const CommandSpec kRows[] = {
    {.name = "sadd", .arity = -3, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = sadd_command, .group = CommandGroup::Set,
     .summary = "Adds members to a set, creating the set if needed.", .since = "1.0.0",
     .complexity = "O(1) for each member added, so O(N) for N members.",
     .args = "key member [member ...]"},
    {.name = "srem", .arity = -3, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = srem_command, .group = CommandGroup::Set,
     .summary = "Removes members from a set; the key goes with its last member.",
     .since = "1.0.0", .complexity = "O(N), N being the number of members removed.",
     .args = "key member [member ...]"},
    {.name = "sismember", .arity = 3, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = sismember_command, .group = CommandGroup::Set,
     .summary = "Tells whether a value is a member of a set.", .since = "1.0.0",
     .complexity = "O(1)", .args = "key member"},
    {.name = "smismember", .arity = -3, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = smismember_command, .group = CommandGroup::Set,
     .summary = "Tells, for each of several values, whether it is a member of a set.",
     .since = "6.2.0", .complexity = "O(N), N being the number of values checked.",
     .args = "key member [member ...]"},
    {.name = "smembers", .arity = 2, .flags = kRead, .keys = {1, 1, 1},
     .handler = smembers_command, .group = CommandGroup::Set,
     .summary = "Returns every member of a set.", .since = "1.0.0",
     .complexity = "O(N), N being the size of the set.", .args = "key", .tips = kUnordered},
    {.name = "scard", .arity = 2, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = scard_command, .group = CommandGroup::Set,
     .summary = "Returns the number of members of a set.", .since = "1.0.0",
     .complexity = "O(1)", .args = "key"},
    {.name = "spop", .arity = -2, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = spop_command, .group = CommandGroup::Set,
     .summary = "Removes and returns one or more random members of a set.", .since = "1.0.0",
     .complexity = "O(1) without a count, else O(N), N being the count.",
     .args = "key [count]", .tips = kRandom},
    {.name = "srandmember", .arity = -2, .flags = kRead, .keys = {1, 1, 1},
     .handler = srandmember_command, .group = CommandGroup::Set,
     .summary = "Returns one or more random members of a set without removing them.",
     .since = "1.0.0",
     .complexity = "O(1) without a count, else O(N), N being the absolute count.",
     .args = "key [count]", .tips = kRandom},
    {.name = "smove", .arity = 4, .flags = kWriteFast, .keys = {1, 2, 1},
     .handler = smove_command, .group = CommandGroup::Set,
     .summary = "Moves a member from one set to another.", .since = "1.0.0",
     .complexity = "O(1)", .args = "source destination member"},
    {.name = "sinter", .arity = -2, .flags = kRead, .keys = {1, -1, 1},
     .handler = sinter_command, .group = CommandGroup::Set,
     .summary = "Returns the intersection of several sets.", .since = "1.0.0",
     .complexity = "O(N*M) worst case, N being the size of the smallest set and M the "
                   "number of sets.",
     .args = "key [key ...]", .tips = kUnordered},
    {.name = "sintercard", .arity = -3, .flags = kRead, .handler = sintercard_command,
     .group = CommandGroup::Set,
     .summary = "Returns the size of the intersection of several sets, optionally stopping "
                "at a limit.",
     .since = "7.0.0",
     .complexity = "O(N*M) worst case, N being the size of the smallest set and M the "
                   "number of sets.",
     .args = "numkeys key [key ...] [LIMIT limit]", .movable_keys = sintercard_keys},
    {.name = "sinterstore", .arity = -3, .flags = kWriteOom, .keys = {1, -1, 1},
     .handler = sinterstore_command, .group = CommandGroup::Set,
     .summary = "Stores the intersection of several sets in a key.", .since = "1.0.0",
     .complexity = "O(N*M) worst case, N being the size of the smallest set and M the "
                   "number of sets.",
     .args = "destination key [key ...]"},
    {.name = "sunion", .arity = -2, .flags = kRead, .keys = {1, -1, 1},
     .handler = sunion_command, .group = CommandGroup::Set,
     .summary = "Returns the union of several sets.", .since = "1.0.0",
     .complexity = "O(N), N being the total number of members of the sets.",
     .args = "key [key ...]", .tips = kUnordered},
    {.name = "sunionstore", .arity = -3, .flags = kWriteOom, .keys = {1, -1, 1},
     .handler = sunionstore_command, .group = CommandGroup::Set,
     .summary = "Stores the union of several sets in a key.", .since = "1.0.0",
     .complexity = "O(N), N being the total number of members of the sets.",
     .args = "destination key [key ...]"},
    {.name = "sdiff", .arity = -2, .flags = kRead, .keys = {1, -1, 1},
     .handler = sdiff_command, .group = CommandGroup::Set,
     .summary = "Returns the members of the first set that are in none of the others.",
     .since = "1.0.0",
     .complexity = "O(N*M) worst case, N being the size of the first set and M the number "
                   "of sets.",
     .args = "key [key ...]", .tips = kUnordered},
    {.name = "sdiffstore", .arity = -3, .flags = kWriteOom, .keys = {1, -1, 1},
     .handler = sdiffstore_command, .group = CommandGroup::Set,
     .summary = "Stores the difference of the first set and the others in a key.",
     .since = "1.0.0",
     .complexity = "O(N*M) worst case, N being the size of the first set and M the number "
                   "of sets.",
     .args = "destination key [key ...]"},
    {.name = "sscan", .arity = -3, .flags = kRead, .keys = {1, 1, 1},
     .handler = sscan_command, .group = CommandGroup::Set,
     .summary = "Iterates over the members of a set.", .since = "2.8.0",
     .complexity = "O(1) per call; O(N) for a full iteration back to cursor 0, N being the "
                   "size of the set.",
     .args = "key cursor [MATCH pattern] [COUNT count]", .tips = kRandom},
};

}  // namespace

void register_set_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
