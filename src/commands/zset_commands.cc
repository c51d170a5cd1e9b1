// Sorted-set commands: ZADD ZINCRBY ZREM ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK ZCOUNT ZLEXCOUNT
// ZRANGE ZRANGESTORE ZRANGEBYSCORE ZREVRANGEBYSCORE ZRANGEBYLEX ZREVRANGEBYLEX ZREVRANGE
// ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX ZPOPMIN ZPOPMAX ZMPOP ZRANDMEMBER ZUNION ZINTER
// ZDIFF ZUNIONSTORE ZINTERSTORE ZDIFFSTORE ZINTERCARD ZSCAN. The blocking pops use the pop path
// declared in commands/zset_pop.h.
//
// Order of checks, as redis-server 7.0 does them: options and numbers are parsed before the
// key is looked up (so `ZADD str x m` is "not a valid float", not WRONGTYPE), except in the
// set-algebra commands and ZSCAN, which read their keys first.
//
// Replies: scores are RESP3 doubles (bulk strings in RESP2, `inf`/`-inf`, %.17g). Every
// WITHSCORES reply is a flat member/score array in RESP2 and an array of [member, score]
// pairs in RESP3 — ZRANGE*, ZPOPMIN/ZPOPMAX with a count, ZRANDMEMBER, ZUNION/ZINTER/ZDIFF —
// while ZPOPMIN without a count and ZSCAN stay flat in both; ZMPOP always nests.
//
// Writes: one ctx.key_modified() per command with Redis's event name; the dirty counter
// grows by the number of elements changed (ZADD, ZREM, pops, ZREMRANGEBY*) or by one (the
// *STORE commands), as in Redis. A sorted set that becomes empty is deleted and a "del"
// event follows the command's own. A *STORE with an empty result deletes the destination
// (event "del", only if it existed) instead of storing an empty set.
//
// Encodings of stored results follow Redis: ZUNIONSTORE/ZINTERSTORE/ZDIFFSTORE build a
// skiplist and compact it to a listpack when it fits the limits; ZRANGESTORE starts as a
// listpack (a skiplist when a rank range is known to exceed zset-max-listpack-entries) and
// converts while filling. The difference is visible only in a -0 score, which a listpack
// keeps as 0.
//
// Propagation: commands are propagated as they came, but ZMPOP (and the blocking pops), see
// zset_pop.h. ZADD INCR / ZINCRBY replay to the same score, so they need no rewrite.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "eddy/commands/command_table.h"
#include "eddy/commands/lookup.h"
#include "eddy/commands/zset_pop.h"
#include "eddy/keyspace/database.h"
#include "eddy/server/server.h"
#include "eddy/types/set.h"
#include "eddy/types/zset.h"

namespace eddy {
namespace {

constexpr std::string_view kXxNx = "ERR XX and NX options at the same time are not compatible";
constexpr std::string_view kGtLtNx =
    "ERR GT, LT, and/or NX options at the same time are not compatible";
constexpr std::string_view kIncrPair = "ERR INCR option supports a single increment-element pair";
constexpr std::string_view kScoreNaN = "ERR resulting score is not a number (NaN)";
constexpr std::string_view kWeightNotFloat = "ERR weight value is not a float";
constexpr std::string_view kLimitNeedsRange =
    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
constexpr std::string_view kWithScoresByLex =
    "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
constexpr std::string_view kPopCountRange = "ERR value is out of range, must be positive";
constexpr std::string_view kNumkeysPositive = "ERR numkeys should be greater than 0";
constexpr std::string_view kCountPositive = "ERR count should be greater than 0";
constexpr std::string_view kLimitNegative = "ERR LIMIT can't be negative";
constexpr std::string_view kValueOutOfRange = "ERR value is out of range";
constexpr std::string_view kRandCountRange =
    "ERR value is out of range, value must between -9223372036854775807 and "
    "9223372036854775807";
constexpr std::string_view kInvalidCursor = "ERR invalid cursor";

// ZRANDMEMBER with a negative count repeats picks, so its reply is not bounded by the set.
// Redis starts writing whatever is asked (and runs out of memory on absurd counts); Eddy
// refuses replies of more than this many elements with "value is out of range".
constexpr uint64_t kMaxRandomReplyElements = 100'000'000;

std::string need_input_key(std::string_view cmd) {
  return "ERR at least 1 input key is needed for '" + std::string(cmd) + "' command";
}

const CollectionLimits& limits_of(CommandContext& ctx) {
  return ctx.server().settings().limits;
}

// Random source of ZRANDMEMBER (one loop thread, so one generator).
TypeRng& rng() {
  static TypeRng r{std::random_device{}()};
  return r;
}

// ---------------------------------------------------------------------------------------
// Lookups and write bookkeeping

bool is_zset(const Entry* e) { return e->val.type() == ValueType::ZSet; }

// The sorted set at `key` for reading: null when missing; *wrong when the key holds another
// type (the caller replies WRONGTYPE).
ZSet* read_zset(CommandContext& ctx, std::string_view key, bool* wrong) {
  Entry* e = lookup_read(ctx, key);
  *wrong = e && !is_zset(e);
  return e && !*wrong ? e->val.as<ZSet>() : nullptr;
}

Entry* write_zset(CommandContext& ctx, std::string_view key, bool* wrong) {
  Entry* e = lookup_write(ctx, key);
  *wrong = e && !is_zset(e);
  return *wrong ? nullptr : e;
}

// `n` elements of the sorted set at `key` changed: one event, dirty grows by n.
void zset_changed(CommandContext& ctx, Database& db, std::string_view key,
                  std::string_view event, size_t n) {
  ctx.key_modified(db, key, kNotifyZSet, event);
  if (n > 1) ctx.add_dirty(static_cast<int64_t>(n - 1));
}

// Removes a sorted set that became empty; the "del" event follows the command's own.
void delete_if_empty(CommandContext& ctx, Database& db, std::string_view key, const ZSet* z) {
  if (!z->empty()) return;
  std::string k(key);  // `key` may view the entry being freed
  db.erase(k);
  ctx.notify(kNotifyGeneric, "del", k, db.id());
}

// ---------------------------------------------------------------------------------------
// Reply helpers

// Writes entries either as bare members or with their scores: flat in RESP2, one
// [member, score] pair per entry in RESP3 (Redis 7.0's shape for WITHSCORES replies).
class EntryWriter {
 public:
  EntryWriter(ReplyWriter& r, bool with_scores)
      : r_(r), scores_(with_scores), nested_(with_scores && r.resp() >= 3) {}
  void header(size_t n) { r_.array(elements(n)); }
  ReplyWriter::Deferred begin() { return r_.begin_array(); }
  void end(ReplyWriter::Deferred d, size_t n) { r_.end(d, elements(n)); }
  void entry(std::string_view member, double score) {
    if (nested_) r_.array(2);
    r_.bulk(member);
    if (scores_) r_.dbl(score);
  }

 private:
  size_t elements(size_t n) const { return scores_ && !nested_ ? 2 * n : n; }
  ReplyWriter& r_;
  bool scores_;
  bool nested_;
};

using Entries = std::vector<std::pair<std::string, double>>;

// A score as a listpack-encoded set stores it, which is what ZSCAN returns for such a set:
// integral values within +-2^62 as integer text, anything else as %.17g.
std::string packed_score_text(double d) {
  constexpr double kLimit = 4611686018427387904.0;  // (double)(LLONG_MAX / 2)
  if (d >= -kLimit && d <= kLimit) {
    auto ll = static_cast<int64_t>(d);
    if (static_cast<double>(ll) == d) return ll_to_string(ll);
  }
  return double_to_string(d);
}

// ---------------------------------------------------------------------------------------
// ZADD / ZINCRBY

// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
// ZINCRBY key increment member arrives here with INCR preset; like Redis it still reads
// option words at argv[2], so `ZINCRBY k nx m` is a syntax error.
void zadd_generic(CommandContext& ctx, unsigned preset) {
  unsigned flags = preset;
  bool ch = false;
  size_t idx = 2;
  for (; idx < ctx.argc(); ++idx) {
    std::string_view opt = ctx.arg(idx);
    if (iequals(opt, "nx")) {
      flags |= ZSet::kNX;
    } else if (iequals(opt, "xx")) {
      flags |= ZSet::kXX;
    } else if (iequals(opt, "gt")) {
      flags |= ZSet::kGT;
    } else if (iequals(opt, "lt")) {
      flags |= ZSet::kLT;
    } else if (iequals(opt, "ch")) {
      ch = true;
    } else if (iequals(opt, "incr")) {
      flags |= ZSet::kIncr;
    } else {
      break;
    }
  }
  const size_t elements = ctx.argc() - idx;
  if (elements == 0 || elements % 2 != 0) return ctx.reply_error(err::kSyntax);
  const bool nx = flags & ZSet::kNX, xx = flags & ZSet::kXX, gt = flags & ZSet::kGT,
             lt = flags & ZSet::kLT, incr = flags & ZSet::kIncr;
  if (nx && xx) return ctx.reply_error(kXxNx);
  if ((gt && nx) || (lt && nx) || (gt && lt)) return ctx.reply_error(kGtLtNx);
  if (incr && elements > 2) return ctx.reply_error(kIncrPair);

  const size_t pairs = elements / 2;
  std::vector<double> scores(pairs);
  for (size_t i = 0; i < pairs; ++i) {
    if (!string_to_double(ctx.arg(idx + 2 * i), &scores[i])) {
      return ctx.reply_error(err::kNotFloat);
    }
  }

  std::string_view key = ctx.arg(1);
  bool wrong;
  Entry* e = write_zset(ctx, key, &wrong);
  if (wrong) return ctx.reply_error(err::kWrongType);
  if (!e) {
    if (xx) return incr ? ctx.reply().null() : ctx.reply().integer(0);
    e = ctx.db().add(key, Value::object(ValueType::ZSet, std::make_unique<ZSet>()));
  }
  ZSet* z = e->val.as<ZSet>();
  const CollectionLimits& limits = limits_of(ctx);
  size_t added = 0, updated = 0;
  bool processed = false;
  double result = 0;
  for (size_t i = 0; i < pairs; ++i) {
    double out = 0;
    switch (z->add(ctx.arg(idx + 2 * i + 1), scores[i], flags, limits, &out)) {
      case ZSet::AddResult::Added:
        ++added;
        processed = true;
        break;
      case ZSet::AddResult::Updated:
        ++updated;
        processed = true;
        break;
      case ZSet::AddResult::Unchanged:
        processed = true;
        break;
      case ZSet::AddResult::Skipped:
        continue;
      case ZSet::AddResult::NotANumber:
        // Only INCR gets here, with a single pair on an existing member: nothing changed.
        return ctx.reply_error(kScoreNaN);
    }
    result = out;
  }
  if (added + updated) zset_changed(ctx, ctx.db(), key, incr ? "zincr" : "zadd", added + updated);
  if (incr) {
    if (processed) return ctx.reply().dbl(result);
    return ctx.reply().null();
  }
  ctx.reply().integer(static_cast<int64_t>(ch ? added + updated : added));
}

void zadd_command(CommandContext& ctx) { zadd_generic(ctx, ZSet::kNone); }

// ZINCRBY key increment member
void zincrby_command(CommandContext& ctx) { zadd_generic(ctx, ZSet::kIncr); }

// ---------------------------------------------------------------------------------------
// Point reads and ZREM

// ZREM key member [member ...]
void zrem_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  bool wrong;
  Entry* e = write_zset(ctx, key, &wrong);
  if (wrong) return ctx.reply_error(err::kWrongType);
  if (!e) return ctx.reply().integer(0);
  ZSet* z = e->val.as<ZSet>();
  size_t deleted = 0;
  for (size_t i = 2; i < ctx.argc() && !z->empty(); ++i)
    if (z->remove(ctx.arg(i))) ++deleted;
  if (deleted) {
    zset_changed(ctx, ctx.db(), key, "zrem", deleted);
    delete_if_empty(ctx, ctx.db(), key, z);
  }
  ctx.reply().integer(static_cast<int64_t>(deleted));
}

// ZCARD key
void zcard_command(CommandContext& ctx) {
  bool wrong;
  ZSet* z = read_zset(ctx, ctx.arg(1), &wrong);
  if (wrong) return ctx.reply_error(err::kWrongType);
  ctx.reply().integer(z ? static_cast<int64_t>(z->size()) : 0);
}

// ZSCORE key member
void zscore_command(CommandContext& ctx) {
  bool wrong;
  ZSet* z = read_zset(ctx, ctx.arg(1), &wrong);
  if (wrong) return ctx.reply_error(err::kWrongType);
  std::optional<double> s = z ? z->score(ctx.arg(2)) : std::nullopt;
  if (!s) return ctx.reply().null();
  ctx.reply().dbl(*s);
}

// ZMSCORE key member [member ...]
void zmscore_command(CommandContext& ctx) {
  bool wrong;
  ZSet* z = read_zset(ctx, ctx.arg(1), &wrong);
  if (wrong) return ctx.reply_error(err::kWrongType);
  ReplyWriter& r = ctx.reply();
  r.array(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    std::optional<double> s = z ? z->score(ctx.arg(i)) : std::nullopt;
    if (s) {
      r.dbl(*s);
    } else {
      r.null();
    }
  }
}

// ZRANK key member / ZREVRANK key member
void zrank_generic(CommandContext& ctx, bool reverse) {
  bool wrong;
  ZSet* z = read_zset(ctx, ctx.arg(1), &wrong);
  if (wrong) return ctx.reply_error(err::kWrongType);
  std::optional<size_t> rank = z ? z->rank(ctx.arg(2), reverse) : std::nullopt;
  if (!rank) return ctx.reply().null();
  ctx.reply().integer(static_cast<int64_t>(*rank));
}

void zrank_command(CommandContext& ctx) { zrank_generic(ctx, false); }
void zrevrank_command(CommandContext& ctx) { zrank_generic(ctx, true); }

// ---------------------------------------------------------------------------------------
// Ranges: parsing shared by ZRANGE*, ZCOUNT, ZLEXCOUNT and ZREMRANGEBY*

enum class RangeBy : uint8_t { Auto, Rank, Score, Lex };
enum class Direction : uint8_t { Auto, Forward, Reverse };

struct RangeRequest {
  RangeBy by = RangeBy::Rank;
  bool reverse = false;
  bool with_scores = false;
  bool limited = false;
  int64_t offset = 0;
  int64_t count = -1;
  int64_t start = 0, stop = 0;  // RangeBy::Rank
  ScoreRange score;             // RangeBy::Score
  LexRange lex;                 // RangeBy::Lex
};

// Parses `min max` as a range of the given kind, replying Redis's error on failure.
bool parse_range_bounds(CommandContext& ctx, RangeBy by, std::string_view min,
                        std::string_view max, RangeRequest* q) {
  switch (by) {
    case RangeBy::Rank:
      if (!string_to_ll(min, &q->start) || !string_to_ll(max, &q->stop)) {
        ctx.reply_error(err::kNotInteger);
        return false;
      }
      return true;
    case RangeBy::Score:
      if (!ZSet::parse_score_range(min, max, &q->score)) {
        ctx.reply_error(err::kMinMaxNotFloat);
        return false;
      }
      return true;
    case RangeBy::Lex:
      if (!ZSet::parse_lex_range(min, max, &q->lex)) {
        ctx.reply_error(err::kMinMaxNotString);
        return false;
      }
      return true;
    case RangeBy::Auto: break;
  }
  return false;
}

// Visits the entries a range request selects, in reply order.
void visit_range(const ZSet& z, const RangeRequest& q, ZSet::EntryFn fn) {
  if (q.by == RangeBy::Rank) {
    size_t first, last;
    if (z.normalize_rank_range(q.start, q.stop, &first, &last))
      z.range_by_rank(first, last, q.reverse, fn);
    return;
  }
  // A negative offset selects nothing (Redis skips "offset" entries forever).
  if (q.offset < 0) return;
  const auto offset = static_cast<size_t>(q.offset);
  if (q.by == RangeBy::Score) {
    z.range_by_score(q.score, q.reverse, offset, q.count, fn);
  } else {
    z.range_by_lex(q.lex, q.reverse, offset, q.count, fn);
  }
}

// Stores ZRANGESTORE's result at `dst` (or deletes `dst` when it is empty) and replies.
// `known_length` is the result size when a rank range fixed it up front (Redis then picks
// the skiplist at once for a long result); score and lex ranges start as a listpack.
void store_range_result(CommandContext& ctx, std::string_view dst, const Entries& entries,
                        bool known_length) {
  Database& db = ctx.db();
  if (entries.empty()) {
    if (db.erase(dst)) ctx.key_modified(dst, kNotifyGeneric, "del");
    return ctx.reply().integer(0);
  }
  const CollectionLimits& limits = limits_of(ctx);
  auto z = std::make_unique<ZSet>();
  if (known_length && entries.size() > limits.zset_max_listpack_entries) z->convert_to_skiplist();
  for (const auto& [member, score] : entries) z->add(member, score, ZSet::kNone, limits);
  const size_t n = z->size();
  db.set(dst, Value::object(ValueType::ZSet, std::move(z)));
  ctx.key_modified(dst, kNotifyZSet, "zrangestore");
  ctx.reply().integer(static_cast<int64_t>(n));
}

// ZRANGE key start stop [BYSCORE|BYLEX] [REV] [offset_count: LIMIT offset count] [WITHSCORES]
// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [offset_count: LIMIT offset count]
// ZRANGEBYSCORE / ZREVRANGEBYSCORE / ZRANGEBYLEX / ZREVRANGEBYLEX / ZREVRANGE fix the kind
// and direction, so BYSCORE/BYLEX/REV are syntax errors there. `key_index` is where the
// source key sits (1, or 2 after ZRANGESTORE's destination).
void zrange_generic(CommandContext& ctx, size_t key_index, bool store, RangeBy by,
                    Direction dir) {
  RangeRequest q;
  for (size_t j = key_index + 3; j < ctx.argc(); ++j) {
    std::string_view opt = ctx.arg(j);
    const size_t left = ctx.argc() - j - 1;
    if (!store && iequals(opt, "withscores")) {
      q.with_scores = true;
    } else if (iequals(opt, "limit") && left >= 2) {
      if (!string_to_ll(ctx.arg(j + 1), &q.offset) || !string_to_ll(ctx.arg(j + 2), &q.count)) {
        return ctx.reply_error(err::kNotInteger);
      }
      q.limited = true;
      j += 2;
    } else if (dir == Direction::Auto && iequals(opt, "rev")) {
      dir = Direction::Reverse;
    } else if (by == RangeBy::Auto && iequals(opt, "bylex")) {
      by = RangeBy::Lex;
    } else if (by == RangeBy::Auto && iequals(opt, "byscore")) {
      by = RangeBy::Score;
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }
  q.by = by == RangeBy::Auto ? RangeBy::Rank : by;
  q.reverse = dir == Direction::Reverse;
  if (q.limited && q.by == RangeBy::Rank) return ctx.reply_error(kLimitNeedsRange);
  if (q.with_scores && q.by == RangeBy::Lex) return ctx.reply_error(kWithScoresByLex);
  std::string_view min = ctx.arg(key_index + 1), max = ctx.arg(key_index + 2);
  // Score and lex ranges name the end first when reversed (ZREVRANGEBYSCORE k max min).
  if (q.reverse && q.by != RangeBy::Rank) std::swap(min, max);
  if (!parse_range_bounds(ctx, q.by, min, max, &q)) return;

  bool wrong;
  ZSet* z = read_zset(ctx, ctx.arg(key_index), &wrong);
  if (wrong) return ctx.reply_error(err::kWrongType);

  if (store) {
    Entries entries;
    if (z) {
      visit_range(*z, q, [&](const ElemRef& m, double s) { entries.emplace_back(m.str(), s); });
    }
    return store_range_result(ctx, ctx.arg(1), entries, q.by == RangeBy::Rank);
  }
  EntryWriter w(ctx.reply(), q.with_scores);
  if (!z) return w.header(0);
  if (q.by == RangeBy::Rank) {
    size_t first = 0, last = 0;
    if (!z->normalize_rank_range(q.start, q.stop, &first, &last)) return w.header(0);
    w.header(last - first + 1);
    z->range_by_rank(first, last, q.reverse,
                     [&](const ElemRef& m, double s) { w.entry(m.view(), s); });
    return;
  }
  auto d = w.begin();
  size_t n = 0;
  visit_range(*z, q, [&](const ElemRef& m, double s) {
    w.entry(m.view(), s);
    ++n;
  });
  w.end(d, n);
}

void zrange_command(CommandContext& ctx) {
  zrange_generic(ctx, 1, false, RangeBy::Auto, Direction::Auto);
}
void zrangestore_command(CommandContext& ctx) {
  zrange_generic(ctx, 2, true, RangeBy::Auto, Direction::Auto);
}
void zrangebyscore_command(CommandContext& ctx) {
  zrange_generic(ctx, 1, false, RangeBy::Score, Direction::Forward);
}
void zrevrangebyscore_command(CommandContext& ctx) {
  zrange_generic(ctx, 1, false, RangeBy::Score, Direction::Reverse);
}
void zrangebylex_command(CommandContext& ctx) {
  zrange_generic(ctx, 1, false, RangeBy::Lex, Direction::Forward);
}
void zrevrangebylex_command(CommandContext& ctx) {
  zrange_generic(ctx, 1, false, RangeBy::Lex, Direction::Reverse);
}
void zrevrange_command(CommandContext& ctx) {
  zrange_generic(ctx, 1, false, RangeBy::Rank, Direction::Reverse);
}

// ZCOUNT key min max / ZLEXCOUNT key min max
void zcount_generic(CommandContext& ctx, RangeBy by) {
  RangeRequest q;
  if (!parse_range_bounds(ctx, by, ctx.arg(2), ctx.arg(3), &q)) return;
  bool wrong;
  ZSet* z = read_zset(ctx, ctx.arg(1), &wrong);
  if (wrong) return ctx.reply_error(err::kWrongType);
  size_t n = 0;
  if (z) n = by == RangeBy::Score ? z->count(q.score) : z->count(q.lex);
  ctx.reply().integer(static_cast<int64_t>(n));
}

void zcount_command(CommandContext& ctx) { zcount_generic(ctx, RangeBy::Score); }
void zlexcount_command(CommandContext& ctx) { zcount_generic(ctx, RangeBy::Lex); }

// ZREMRANGEBYRANK key start stop / ZREMRANGEBYSCORE key min max / ZREMRANGEBYLEX key min max
void zremrange_generic(CommandContext& ctx, RangeBy by) {
  RangeRequest q;
  if (!parse_range_bounds(ctx, by, ctx.arg(2), ctx.arg(3), &q)) return;
  std::string_view key = ctx.arg(1);
  bool wrong;
  Entry* e = write_zset(ctx, key, &wrong);
  if (wrong) return ctx.reply_error(err::kWrongType);
  if (!e) return ctx.reply().integer(0);
  ZSet* z = e->val.as<ZSet>();
  size_t removed = 0;
  std::string_view event;
  switch (by) {
    case RangeBy::Rank: {
      size_t first, last;
      if (z->normalize_rank_range(q.start, q.stop, &first, &last))
        removed = z->remove_range_by_rank(first, last);
      event = "zremrangebyrank";
      break;
    }
    case RangeBy::Score:
      removed = z->remove_range(q.score);
      event = "zremrangebyscore";
      break;
    default:
      removed = z->remove_range(q.lex);
      event = "zremrangebylex";
      break;
  }
  if (removed) {
    zset_changed(ctx, ctx.db(), key, event, removed);
    delete_if_empty(ctx, ctx.db(), key, z);
  }
  ctx.reply().integer(static_cast<int64_t>(removed));
}

void zremrangebyrank_command(CommandContext& ctx) { zremrange_generic(ctx, RangeBy::Rank); }
void zremrangebyscore_command(CommandContext& ctx) { zremrange_generic(ctx, RangeBy::Score); }
void zremrangebylex_command(CommandContext& ctx) { zremrange_generic(ctx, RangeBy::Lex); }

// ---------------------------------------------------------------------------------------
// Pops

// ZPOPMIN key [count] / ZPOPMAX key [count]
void zpop_generic(CommandContext& ctx, ZPopEnd end) {
  if (ctx.argc() > 3) return ctx.reply_error(err::kSyntax);
  int64_t count = 1;
  const bool counted = ctx.argc() == 3;
  if (counted && (!string_to_ll(ctx.arg(2), &count) || count < 0)) {
    return ctx.reply_error(kPopCountRange);
  }
  std::string_view key = ctx.arg(1);
  bool wrong;
  Entry* e = write_zset(ctx, key, &wrong);
  if (wrong) return ctx.reply_error(err::kWrongType);
  if (!e) return ctx.reply().empty_array();
  zset_pop(ctx, ctx.db(), e, key, end, static_cast<size_t>(count),
           counted ? ZPopForm::Counted : ZPopForm::Single);
}

void zpopmin_command(CommandContext& ctx) { zpop_generic(ctx, ZPopEnd::Min); }
void zpopmax_command(CommandContext& ctx) { zpop_generic(ctx, ZPopEnd::Max); }

// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
void zmpop_command(CommandContext& ctx) {
  ZMPopArgs a;
  if (!parse_zmpop_args(ctx, 1, &a)) return;
  if (zset_pop_first(ctx, a.keys, a.end, a.count, ZPopForm::KeyedPairs) == ZPopOutcome::Empty)
    ctx.reply().null_array();
}

// Blocking pops on the registry (server/blocking.h): serve from the first sorted set among
// `keys` (only the ready key when re-run), else block; inside MULTI/EXEC a null array.
void bzpop_serve_or_block(CommandContext& ctx, std::span<const std::string_view> keys,
                          ZPopEnd end, size_t count, ZPopForm form, int64_t deadline) {
  if (auto ready = ctx.ready_key()) {
    bool wrong = false;
    Entry* e = write_zset(ctx, *ready, &wrong);
    if (e && !wrong) {
      std::string key(*ready);  // the entry (and the view into the argv copy) may go
      zset_pop(ctx, ctx.db(), e, key, end, count, form);
      return;
    }
    return ctx.block(keys, deadline);  // still nothing for this waiter
  }
  if (zset_pop_first(ctx, keys, end, count, form) != ZPopOutcome::Empty) return;
  if (!ctx.may_block()) return ctx.reply().null_array();
  ctx.block(keys, deadline);
}

// BZPOPMIN/BZPOPMAX key [key ...] timeout: [key, member, score], propagated as
// ZPOPMIN/ZPOPMAX key.
void bzpop_generic(CommandContext& ctx, ZPopEnd end) {
  int64_t deadline = 0;
  if (!ctx.parse_block_timeout(ctx.arg(ctx.argc() - 1), CommandContext::TimeoutUnit::Seconds,
                               &deadline))
    return;
  bzpop_serve_or_block(ctx, ctx.args().subspan(1, ctx.argc() - 2), end, 1,
                       ZPopForm::KeyMemberScore, deadline);
}
void bzpopmin_command(CommandContext& ctx) { bzpop_generic(ctx, ZPopEnd::Min); }
void bzpopmax_command(CommandContext& ctx) { bzpop_generic(ctx, ZPopEnd::Max); }

// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
void bzmpop_command(CommandContext& ctx) {
  int64_t deadline = 0;
  if (!ctx.parse_block_timeout(ctx.arg(1), CommandContext::TimeoutUnit::Seconds, &deadline))
    return;
  ZMPopArgs a;
  if (!parse_zmpop_args(ctx, 2, &a)) return;
  bzpop_serve_or_block(ctx, a.keys, a.end, a.count, ZPopForm::KeyedPairs, deadline);
}

// ---------------------------------------------------------------------------------------
// ZRANDMEMBER key [count [WITHSCORES]]

void zrandmember_command(CommandContext& ctx) {
  if (ctx.argc() == 2) {
    bool wrong;
    ZSet* z = read_zset(ctx, ctx.arg(1), &wrong);
    if (wrong) return ctx.reply_error(err::kWrongType);
    if (!z) return ctx.reply().null();
    ctx.reply().bulk(z->random_entry(rng()).first.view());
    return;
  }
  int64_t count = 0;
  if (!string_to_ll(ctx.arg(2), &count)) return ctx.reply_error(err::kNotInteger);
  if (count == std::numeric_limits<int64_t>::min()) return ctx.reply_error(kRandCountRange);
  if (ctx.argc() > 4 || (ctx.argc() == 4 && !iequals(ctx.arg(3), "withscores"))) {
    return ctx.reply_error(err::kSyntax);
  }
  const bool with_scores = ctx.argc() == 4;
  // The reply of a negative count holds 2*|count| elements with scores: that must fit.
  if (with_scores && count < -(std::numeric_limits<int64_t>::max() / 2)) {
    return ctx.reply_error(kValueOutOfRange);
  }
  bool wrong;
  ZSet* z = read_zset(ctx, ctx.arg(1), &wrong);
  if (wrong) return ctx.reply_error(err::kWrongType);
  EntryWriter w(ctx.reply(), with_scores);
  if (!z || count == 0) return w.header(0);

  if (count < 0) {
    const auto n = static_cast<uint64_t>(-count);
    if (n * (with_scores ? 2 : 1) > kMaxRandomReplyElements) {
      return ctx.reply_error(kValueOutOfRange);
    }
    w.header(n);
    z->random_entries(n, rng(), [&](const ElemRef& m, double s) { w.entry(m.view(), s); });
    return;
  }
  const auto n = static_cast<uint64_t>(count);
  if (n >= z->size()) {
    // The whole set, highest first: the order in which Redis's set iterator walks it.
    w.header(z->size());
    z->range_by_rank(0, z->size() - 1, true,
                     [&](const ElemRef& m, double s) { w.entry(m.view(), s); });
    return;
  }
  Entries picked = z->random_distinct(n, rng());
  w.header(picked.size());
  for (const auto& [m, s] : picked) w.entry(m, s);
}

// ---------------------------------------------------------------------------------------
// Set algebra: ZUNION ZINTER ZDIFF (+STORE) and ZINTERCARD

enum class SetOp : uint8_t { Union, Inter, Diff };
enum class Aggregate : uint8_t { Sum, Min, Max };

// One input: a sorted set, a plain set (every member scores 1) or nothing (missing key).
struct OpSource {
  const ZSet* z = nullptr;
  const Set* s = nullptr;
  double weight = 1;

  size_t size() const { return z ? z->size() : s ? s->size() : 0; }
  bool find(std::string_view m, double* score) const {
    if (z) {
      std::optional<double> v = z->score(m);
      if (!v) return false;
      *score = *v;
      return true;
    }
    if (s && s->contains(m)) {
      *score = 1;
      return true;
    }
    return false;
  }
  template <typename F>
  void for_each(F&& f) const {
    if (z) {
      z->for_each([&](const ElemRef& m, double sc) { f(m.view(), sc); });
    } else if (s) {
      s->for_each([&](const ElemRef& m) { f(m.view(), 1.0); });
    }
  }
  // Like for_each while f returns true. A sorted set stops early (it is walked in rank
  // windows); a plain set has no early exit, so the rest of it is only skipped.
  template <typename F>
  void for_each_while(F&& f) const {
    bool go = true;
    if (z) {
      constexpr size_t kWindow = 128;
      for (size_t first = 0; go && first < z->size(); first += kWindow) {
        z->range_by_rank(first, first + kWindow - 1, false, [&](const ElemRef& m, double sc) {
          if (go) go = f(m.view(), sc);
        });
      }
    } else if (s) {
      s->for_each([&](const ElemRef& m) {
        if (go) go = f(m.view(), 1.0);
      });
    }
  }
};

// Parses the numkeys argument at `index` (and checks that many keys follow), replying
// Redis's errors.
bool parse_numkeys(CommandContext& ctx, size_t index, size_t* out) {
  int64_t n = 0;
  if (!string_to_ll(ctx.arg(index), &n)) {
    ctx.reply_error(err::kNotInteger);
    return false;
  }
  if (n < 1) {
    ctx.reply_error(need_input_key(ctx.command()->fullname));
    return false;
  }
  if (static_cast<uint64_t>(n) > ctx.argc() - index - 1) {
    ctx.reply_error(err::kSyntax);
    return false;
  }
  *out = static_cast<size_t>(n);
  return true;
}

// Reads the `n` input keys from argv[first] (read lookups, all of them, before any option
// is parsed). Replies WRONGTYPE for a key that is neither a sorted set nor a set.
bool read_sources(CommandContext& ctx, size_t first, size_t n, std::vector<OpSource>* out) {
  out->assign(n, OpSource{});
  for (size_t i = 0; i < n; ++i) {
    Entry* e = lookup_read(ctx, ctx.arg(first + i));
    if (!e) continue;
    if (e->val.type() == ValueType::ZSet) {
      (*out)[i].z = e->val.as<ZSet>();
    } else if (e->val.type() == ValueType::Set) {
      (*out)[i].s = e->val.as<Set>();
    } else {
      ctx.reply_error(err::kWrongType);
      return false;
    }
  }
  return true;
}

// Smallest input first; ties keep their argument order (Redis's qsort is glibc's stable
// merge sort here). The order matters: it is the order in which scores are summed.
void sort_by_size(std::vector<OpSource>* srcs, size_t from) {
  std::stable_sort(srcs->begin() + static_cast<std::ptrdiff_t>(from), srcs->end(),
                   [](const OpSource& a, const OpSource& b) { return a.size() < b.size(); });
}

void aggregate(Aggregate agg, double* target, double v) {
  switch (agg) {
    case Aggregate::Sum:
      *target += v;
      // +inf + -inf: Redis keeps 0 rather than NaN.
      if (std::isnan(*target)) *target = 0;
      break;
    case Aggregate::Min:
      *target = v < *target ? v : *target;
      break;
    case Aggregate::Max:
      *target = v > *target ? v : *target;
      break;
  }
}

// A weighted input score; inf * 0 counts as 0.
double weighted(const OpSource& src, double score) {
  double v = src.weight * score;
  return std::isnan(v) ? 0 : v;
}

// The result of a set operation, sorted like a sorted set (score, then member bytes).
Entries compute_setop(SetOp op, std::vector<OpSource>& srcs, Aggregate agg) {
  Entries out;
  if (op == SetOp::Diff) {
    const OpSource& first = srcs[0];
    if (first.size() == 0) return out;
    first.for_each([&](std::string_view m, double s) {
      double unused;
      for (size_t j = 1; j < srcs.size(); ++j)
        if (srcs[j].find(m, &unused)) return;
      out.emplace_back(std::string(m), s);
    });
  } else if (op == SetOp::Inter) {
    sort_by_size(&srcs, 0);
    if (srcs[0].size() == 0) return out;
    srcs[0].for_each([&](std::string_view m, double s) {
      double score = weighted(srcs[0], s);
      for (size_t j = 1; j < srcs.size(); ++j) {
        double other;
        if (!srcs[j].find(m, &other)) return;
        // Unlike the first score, a NaN here (inf * 0) reaches the aggregate as is.
        aggregate(agg, &score, srcs[j].weight * other);
      }
      out.emplace_back(std::string(m), score);
    });
  } else {
    sort_by_size(&srcs, 0);
    size_t total = 0;
    for (const OpSource& src : srcs) total = std::max(total, src.size());
    std::unordered_map<std::string, double> acc;
    acc.reserve(total);
    for (const OpSource& src : srcs) {
      src.for_each([&](std::string_view m, double s) {
        double score = weighted(src, s);
        auto [it, inserted] = acc.try_emplace(std::string(m), score);
        if (!inserted) aggregate(agg, &it->second, score);
      });
    }
    out.reserve(acc.size());
    for (auto& [m, s] : acc) out.emplace_back(m, s);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second < b.second;
    return a.first < b.first;
  });
  return out;
}

// ZUNION/ZINTER/ZDIFF numkeys key [key ...] [WEIGHTS w [w ...]] [AGGREGATE SUM|MIN|MAX]
//     [WITHSCORES]
// ZUNIONSTORE/ZINTERSTORE/ZDIFFSTORE destination numkeys key [key ...] [...]
// ZDIFF takes neither WEIGHTS nor AGGREGATE; the *STORE forms take no WITHSCORES.
void zsetop_generic(CommandContext& ctx, SetOp op, bool store) {
  const size_t numkeys_index = store ? 2 : 1;
  size_t n = 0;
  if (!parse_numkeys(ctx, numkeys_index, &n)) return;
  std::vector<OpSource> srcs;
  if (!read_sources(ctx, numkeys_index + 1, n, &srcs)) return;

  Aggregate agg = Aggregate::Sum;
  bool with_scores = false;
  for (size_t j = numkeys_index + 1 + n; j < ctx.argc();) {
    const size_t remaining = ctx.argc() - j;
    std::string_view opt = ctx.arg(j);
    if (op != SetOp::Diff && remaining >= n + 1 && iequals(opt, "weights")) {
      ++j;
      for (size_t i = 0; i < n; ++i, ++j) {
        if (!string_to_double(ctx.arg(j), &srcs[i].weight)) {
          return ctx.reply_error(kWeightNotFloat);
        }
      }
    } else if (op != SetOp::Diff && remaining >= 2 && iequals(opt, "aggregate")) {
      std::string_view how = ctx.arg(j + 1);
      if (iequals(how, "sum")) {
        agg = Aggregate::Sum;
      } else if (iequals(how, "min")) {
        agg = Aggregate::Min;
      } else if (iequals(how, "max")) {
        agg = Aggregate::Max;
      } else {
        return ctx.reply_error(err::kSyntax);
      }
      j += 2;
    } else if (!store && iequals(opt, "withscores")) {
      with_scores = true;
      ++j;
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }

  Entries result = compute_setop(op, srcs, agg);
  if (!store) {
    EntryWriter w(ctx.reply(), with_scores);
    w.header(result.size());
    for (const auto& [m, s] : result) w.entry(m, s);
    return;
  }
  std::string_view dst = ctx.arg(1);
  Database& db = ctx.db();
  if (result.empty()) {
    if (db.erase(dst)) ctx.key_modified(dst, kNotifyGeneric, "del");
    return ctx.reply().integer(0);
  }
  const CollectionLimits& limits = limits_of(ctx);
  auto z = std::make_unique<ZSet>();
  z->convert_to_skiplist();
  for (const auto& [m, s] : result) z->add(m, s, ZSet::kNone, limits);
  z->compact_if_fits(limits);
  db.set(dst, Value::object(ValueType::ZSet, std::move(z)));
  ctx.key_modified(dst, kNotifyZSet,
                   op == SetOp::Union   ? "zunionstore"
                   : op == SetOp::Inter ? "zinterstore"
                                        : "zdiffstore");
  ctx.reply().integer(static_cast<int64_t>(result.size()));
}

void zunion_command(CommandContext& ctx) { zsetop_generic(ctx, SetOp::Union, false); }
void zinter_command(CommandContext& ctx) { zsetop_generic(ctx, SetOp::Inter, false); }
void zdiff_command(CommandContext& ctx) { zsetop_generic(ctx, SetOp::Diff, false); }
void zunionstore_command(CommandContext& ctx) { zsetop_generic(ctx, SetOp::Union, true); }
void zinterstore_command(CommandContext& ctx) { zsetop_generic(ctx, SetOp::Inter, true); }
void zdiffstore_command(CommandContext& ctx) { zsetop_generic(ctx, SetOp::Diff, true); }

// ZINTERCARD numkeys key [key ...] [LIMIT limit]
void zintercard_command(CommandContext& ctx) {
  size_t n = 0;
  if (!parse_numkeys(ctx, 1, &n)) return;
  std::vector<OpSource> srcs;
  if (!read_sources(ctx, 2, n, &srcs)) return;
  int64_t limit = 0;
  for (size_t j = 2 + n; j < ctx.argc(); j += 2) {
    if (ctx.argc() - j >= 2 && iequals(ctx.arg(j), "limit")) {
      if (!string_to_ll(ctx.arg(j + 1), &limit) || limit < 0) {
        return ctx.reply_error(kLimitNegative);
      }
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }
  sort_by_size(&srcs, 0);
  int64_t card = 0;
  if (srcs[0].size() != 0) {
    srcs[0].for_each_while([&](std::string_view m, double) {
      double unused;
      for (size_t j = 1; j < srcs.size(); ++j)
        if (!srcs[j].find(m, &unused)) return true;
      ++card;
      return limit == 0 || card < limit;
    });
  }
  ctx.reply().integer(card);
}

// ---------------------------------------------------------------------------------------
// ZSCAN key cursor [MATCH pattern] [COUNT count]

// A cursor as Redis parses it (strtoul, base 10): no leading space, no trailing bytes, no
// overflow; "", "+5" and "-1" (which wraps) are accepted. Same rules as SCAN's.
bool parse_cursor(std::string_view text, uint64_t* out) {
  std::string buf(text);
  if (!buf.empty() && std::isspace(static_cast<unsigned char>(buf[0]))) return false;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(buf.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE) return false;
  *out = v;
  return true;
}

void zscan_command(CommandContext& ctx) {
  uint64_t cursor = 0;
  if (!parse_cursor(ctx.arg(2), &cursor)) return ctx.reply_error(kInvalidCursor);
  bool wrong;
  ZSet* z = read_zset(ctx, ctx.arg(1), &wrong);
  if (wrong) return ctx.reply_error(err::kWrongType);
  ReplyWriter& r = ctx.reply();
  if (!z) {
    r.array(2);
    r.bulk("0");
    return r.empty_array();
  }
  int64_t count = 10;
  std::string_view pattern;
  bool use_pattern = false;
  for (size_t i = 3; i < ctx.argc(); i += 2) {
    std::string_view opt = ctx.arg(i);
    const bool has_value = ctx.argc() - i >= 2;
    if (has_value && iequals(opt, "count")) {
      if (!string_to_ll(ctx.arg(i + 1), &count)) return ctx.reply_error(err::kNotInteger);
      if (count < 1) return ctx.reply_error(err::kSyntax);
    } else if (has_value && iequals(opt, "match")) {
      pattern = ctx.arg(i + 1);
      use_pattern = pattern != "*";
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }

  const bool packed = z->encoding() == Encoding::Listpack;
  std::vector<std::pair<std::string, std::string>> found;
  auto collect = [&](const ElemRef& m, double s) {
    found.emplace_back(m.str(), packed ? packed_score_text(s) : double_to_string(s));
  };
  if (packed) {
    cursor = z->scan(0, collect);
  } else {
    // Like Redis: visit at most count*10 buckets, until count reply elements (a member and
    // its score are two) are collected.
    int64_t budget = count > std::numeric_limits<int64_t>::max() / 10
                         ? std::numeric_limits<int64_t>::max()
                         : count * 10;
    do {
      cursor = z->scan(cursor, collect);
    } while (cursor && budget-- && found.size() * 2 < static_cast<uint64_t>(count));
  }
  if (use_pattern) {
    std::erase_if(found, [&](const auto& p) { return !glob_match(pattern, p.first); });
  }
  r.array(2);
  r.bulk(std::to_string(cursor));
  r.array(found.size() * 2);
  for (const auto& [m, s] : found) {
    r.bulk(m);
    r.bulk(s);
  }
}

// ---------------------------------------------------------------------------------------
// Key positions for COMMAND GETKEYS (numkeys read with atoi, as Redis's key functions do).

int lenient_int(std::string_view s) {
  std::string buf(s);
  return static_cast<int>(std::strtol(buf.c_str(), nullptr, 10));
}

// numkeys at argv[numkeys_index], keys right after it; `extra_after` arguments must follow
// the keys (ZMPOP's MIN|MAX); an optional destination at argv[1].
int numkeys_positions(std::span<const std::string_view> argv, int numkeys_index, int extra_after,
                      bool destination, std::vector<int>* out) {
  const int argc = static_cast<int>(argv.size());
  if (numkeys_index >= argc) return -1;
  const int n = lenient_int(argv[static_cast<size_t>(numkeys_index)]);
  if (n < 1 || n > argc - numkeys_index - 1 - extra_after) return -1;
  if (destination) out->push_back(1);
  for (int i = 0; i < n; ++i) out->push_back(numkeys_index + 1 + i);
  return n + (destination ? 1 : 0);
}

int zsetop_keys(std::span<const std::string_view> argv, std::vector<int>* out) {
  return numkeys_positions(argv, 1, 0, false, out);
}
int zsetop_store_keys(std::span<const std::string_view> argv, std::vector<int>* out) {
  return numkeys_positions(argv, 2, 0, true, out);
}
int zmpop_keys(std::span<const std::string_view> argv, std::vector<int>* out) {
  return numkeys_positions(argv, 1, 0, false, out);
}
int bzmpop_keys(std::span<const std::string_view> argv, std::vector<int>* out) {
  return numkeys_positions(argv, 2, 0, false, out);
}

// ---------------------------------------------------------------------------------------
// Command table rows (arity, flags and key positions as redis-server 7.0 COMMAND INFO).

constexpr uint64_t kRead = kCmdReadOnly;
constexpr uint64_t kReadFast = kCmdReadOnly | kCmdFast;
constexpr uint64_t kWrite = kCmdWrite;
constexpr uint64_t kWriteFast = kCmdWrite | kCmdFast;
constexpr uint64_t kWriteOom = kCmdWrite | kCmdDenyOom;
constexpr uint64_t kWriteOomFast = kCmdWrite | kCmdDenyOom | kCmdFast;
constexpr CommandGroup kZ = CommandGroup::SortedSet;

constexpr std::string_view kSetOpArgs =
    "numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>] "
    "[WITHSCORES]";
constexpr std::string_view kSetOpStoreArgs =
    "destination numkeys key [key ...] [WEIGHTS weight [weight ...]] "
    "[AGGREGATE <SUM | MIN | MAX>]";

const CommandSpec kRows[] = {
    {.name = "zadd", .arity = -4, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = zadd_command, .group = kZ,
     .summary = "Adds members to a sorted set or updates their scores; creates the key if "
                "needed.",
     .since = "1.2.0",
     .complexity = "O(log(N)) per member added or updated, N being the size of the sorted set.",
     .args = "key [condition: NX | XX] [comparison: GT | LT] [change: CH] [increment: INCR] "
             "score member [score member ...]"},
    {.name = "zincrby", .arity = 4, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = zincrby_command, .group = kZ,
     .summary = "Adds a number to the score of a member; a missing member starts at 0.",
     .since = "1.2.0", .complexity = "O(log(N)), N being the size of the sorted set.",
     .args = "key increment member"},
    {.name = "zrem", .arity = -3, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = zrem_command, .group = kZ,
     .summary = "Removes members from a sorted set; deletes the key when it becomes empty.",
     .since = "1.2.0",
     .complexity = "O(M*log(N)), M members removed from a sorted set of size N.",
     .args = "key member [member ...]"},
    {.name = "zcard", .arity = 2, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = zcard_command, .group = kZ,
     .summary = "Returns the number of members of a sorted set.", .since = "1.2.0",
     .complexity = "O(1)", .args = "key"},
    {.name = "zscore", .arity = 3, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = zscore_command, .group = kZ,
     .summary = "Returns the score of a member of a sorted set.", .since = "1.2.0",
     .complexity = "O(1)", .args = "key member"},
    {.name = "zmscore", .arity = -3, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = zmscore_command, .group = kZ,
     .summary = "Returns the scores of several members of a sorted set.", .since = "6.2.0",
     .complexity = "O(M), M being the number of members asked for.",
     .args = "key member [member ...]"},
    {.name = "zrank", .arity = 3, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = zrank_command, .group = kZ,
     .summary = "Returns the 0-based position of a member, lowest score first.",
     .since = "2.0.0", .complexity = "O(log(N))", .args = "key member"},
    {.name = "zrevrank", .arity = 3, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = zrevrank_command, .group = kZ,
     .summary = "Returns the 0-based position of a member, highest score first.",
     .since = "2.0.0", .complexity = "O(log(N))", .args = "key member"},
    {.name = "zcount", .arity = 4, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = zcount_command, .group = kZ,
     .summary = "Counts the members whose scores lie in a range.", .since = "2.0.0",
     .complexity = "O(log(N)), N being the size of the sorted set.",
     .args = "key min:double max:double"},
    {.name = "zlexcount", .arity = 4, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = zlexcount_command, .group = kZ,
     .summary = "Counts the members between two members in lexicographical order.",
     .since = "2.8.9", .complexity = "O(log(N)), N being the size of the sorted set.",
     .args = "key min max"},
    {.name = "zrange", .arity = -4, .flags = kRead, .keys = {1, 1, 1},
     .handler = zrange_command, .group = kZ,
     .summary = "Returns members of a sorted set in a range of ranks, scores or "
                "lexicographical order.",
     .since = "1.2.0",
     .complexity = "O(log(N)+M), M being the number of members returned.",
     .args = "key start:string stop:string [sortby: BYSCORE | BYLEX] [REV] "
             "[offset_count: LIMIT offset count] [WITHSCORES]"},
    {.name = "zrangestore", .arity = -5, .flags = kWriteOom, .keys = {1, 2, 1},
     .handler = zrangestore_command, .group = kZ,
     .summary = "Stores a range of members of a sorted set in another key.", .since = "6.2.0",
     .complexity = "O(log(N)+M), M being the number of members stored.",
     .args = "dst:key src:key min max [sortby: BYSCORE | BYLEX] [REV] "
             "[offset_count: LIMIT offset count]"},
    {.name = "zrangebyscore", .arity = -4, .flags = kRead, .keys = {1, 1, 1},
     .handler = zrangebyscore_command, .group = kZ,
     .summary = "Returns the members whose scores lie in a range, lowest first.",
     .since = "1.0.5",
     .complexity = "O(log(N)+M), M being the number of members returned.",
     .args = "key min:double max:double [WITHSCORES] [offset_count: LIMIT offset count]"},
    {.name = "zrevrangebyscore", .arity = -4, .flags = kRead, .keys = {1, 1, 1},
     .handler = zrevrangebyscore_command, .group = kZ,
     .summary = "Returns the members whose scores lie in a range, highest first.",
     .since = "2.2.0",
     .complexity = "O(log(N)+M), M being the number of members returned.",
     .args = "key max:double min:double [WITHSCORES] [offset_count: LIMIT offset count]"},
    {.name = "zrangebylex", .arity = -4, .flags = kRead, .keys = {1, 1, 1},
     .handler = zrangebylex_command, .group = kZ,
     .summary = "Returns the members between two members in lexicographical order.",
     .since = "2.8.9",
     .complexity = "O(log(N)+M), M being the number of members returned.",
     .args = "key min max [offset_count: LIMIT offset count]"},
    {.name = "zrevrangebylex", .arity = -4, .flags = kRead, .keys = {1, 1, 1},
     .handler = zrevrangebylex_command, .group = kZ,
     .summary = "Returns the members between two members in reverse lexicographical order.",
     .since = "2.8.9",
     .complexity = "O(log(N)+M), M being the number of members returned.",
     .args = "key max min [offset_count: LIMIT offset count]"},
    {.name = "zrevrange", .arity = -4, .flags = kRead, .keys = {1, 1, 1},
     .handler = zrevrange_command, .group = kZ,
     .summary = "Returns members of a sorted set in a range of ranks, highest score first.",
     .since = "1.2.0",
     .complexity = "O(log(N)+M), M being the number of members returned.",
     .args = "key start stop [WITHSCORES]"},
    {.name = "zremrangebyrank", .arity = 4, .flags = kWrite, .keys = {1, 1, 1},
     .handler = zremrangebyrank_command, .group = kZ,
     .summary = "Removes the members in a range of ranks; deletes the key when it becomes "
                "empty.",
     .since = "2.0.0",
     .complexity = "O(log(N)+M), M being the number of members removed.",
     .args = "key start stop"},
    {.name = "zremrangebyscore", .arity = 4, .flags = kWrite, .keys = {1, 1, 1},
     .handler = zremrangebyscore_command, .group = kZ,
     .summary = "Removes the members whose scores lie in a range; deletes the key when it "
                "becomes empty.",
     .since = "1.2.0",
     .complexity = "O(log(N)+M), M being the number of members removed.",
     .args = "key min:double max:double"},
    {.name = "zremrangebylex", .arity = 4, .flags = kWrite, .keys = {1, 1, 1},
     .handler = zremrangebylex_command, .group = kZ,
     .summary = "Removes the members between two members in lexicographical order; deletes "
                "the key when it becomes empty.",
     .since = "2.8.9",
     .complexity = "O(log(N)+M), M being the number of members removed.",
     .args = "key min max"},
    {.name = "zpopmin", .arity = -2, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = zpopmin_command, .group = kZ,
     .summary = "Removes and returns the members with the lowest scores.", .since = "5.0.0",
     .complexity = "O(log(N)*M), M being the number of members popped.",
     .args = "key [count]"},
    {.name = "zpopmax", .arity = -2, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = zpopmax_command, .group = kZ,
     .summary = "Removes and returns the members with the highest scores.", .since = "5.0.0",
     .complexity = "O(log(N)*M), M being the number of members popped.",
     .args = "key [count]"},
    {.name = "zmpop", .arity = -4, .flags = kWrite, .handler = zmpop_command, .group = kZ,
     .summary = "Removes and returns members with the lowest or highest scores from the first "
                "non-empty sorted set of several keys.",
     .since = "7.0.0",
     .complexity = "O(K) + O(M*log(N)), K keys looked at, M members popped.",
     .args = "numkeys key [key ...] <where: MIN | MAX> [COUNT count]", .movable_keys = zmpop_keys},
    {.name = "bzpopmin", .arity = -3, .flags = kCmdWrite | kCmdBlocking | kCmdFast | kCmdNoScript,
     .keys = {1, -2, 1}, .handler = bzpopmin_command, .group = kZ,
     .summary = "Removes and returns the member with the lowest score from the first non-empty "
                "sorted set, or blocks until one has a member or the timeout passes.",
     .since = "5.0.0", .complexity = "O(log(N)) with N the members of the set popped from.",
     .args = "key [key ...] timeout:double"},
    {.name = "bzpopmax", .arity = -3, .flags = kCmdWrite | kCmdBlocking | kCmdFast | kCmdNoScript,
     .keys = {1, -2, 1}, .handler = bzpopmax_command, .group = kZ,
     .summary = "Removes and returns the member with the highest score from the first "
                "non-empty sorted set, or blocks until one has a member or the timeout passes.",
     .since = "5.0.0", .complexity = "O(log(N)) with N the members of the set popped from.",
     .args = "key [key ...] timeout:double"},
    {.name = "bzmpop", .arity = -5, .flags = kCmdWrite | kCmdBlocking, .handler = bzmpop_command,
     .group = kZ,
     .summary = "Removes and returns members with the lowest or highest scores from the first "
                "non-empty sorted set, or blocks until one has members or the timeout passes.",
     .since = "7.0.0", .complexity = "O(K) + O(M*log(N)), K keys looked at, M members popped.",
     .args = "timeout:double numkeys key [key ...] <where: MIN | MAX> [COUNT count]",
     .movable_keys = bzmpop_keys},
    {.name = "zrandmember", .arity = -2, .flags = kRead, .keys = {1, 1, 1},
     .handler = zrandmember_command, .group = kZ,
     .summary = "Returns random members of a sorted set, distinct or with repeats.",
     .since = "6.2.0",
     .complexity = "O(M*log(N)) for M members returned (O(N) when M is close to N).",
     .args = "key [options: count [WITHSCORES]]", .tips = "nondeterministic_output"},
    {.name = "zunion", .arity = -3, .flags = kRead, .handler = zunion_command, .group = kZ,
     .summary = "Returns the union of sorted sets (plain sets count as score 1).",
     .since = "6.2.0",
     .complexity = "O(N)+O(M*log(M)), N input members in total, M members in the result.",
     .args = kSetOpArgs, .movable_keys = zsetop_keys},
    {.name = "zinter", .arity = -3, .flags = kRead, .handler = zinter_command, .group = kZ,
     .summary = "Returns the intersection of sorted sets (plain sets count as score 1).",
     .since = "6.2.0",
     .complexity = "O(N*K)+O(M*log(M)), N the smallest input, K inputs, M results.",
     .args = kSetOpArgs, .movable_keys = zsetop_keys},
    {.name = "zdiff", .arity = -3, .flags = kRead, .handler = zdiff_command, .group = kZ,
     .summary = "Returns the members of the first sorted set that no other input has.",
     .since = "6.2.0",
     .complexity = "O(N*K)+O(M*log(M)), N the first input, K inputs, M results.",
     .args = "numkeys key [key ...] [WITHSCORES]", .movable_keys = zsetop_keys},
    {.name = "zunionstore", .arity = -4, .flags = kWriteOom, .keys = {1, 1, 1},
     .handler = zunionstore_command, .group = kZ,
     .summary = "Stores the union of sorted sets (plain sets count as score 1) in a key.",
     .since = "2.0.0",
     .complexity = "O(N)+O(M*log(M)), N input members in total, M members in the result.",
     .args = kSetOpStoreArgs, .movable_keys = zsetop_store_keys},
    {.name = "zinterstore", .arity = -4, .flags = kWriteOom, .keys = {1, 1, 1},
     .handler = zinterstore_command, .group = kZ,
     .summary = "Stores the intersection of sorted sets (plain sets count as score 1) in a "
                "key.",
     .since = "2.0.0",
     .complexity = "O(N*K)+O(M*log(M)), N the smallest input, K inputs, M results.",
     .args = kSetOpStoreArgs, .movable_keys = zsetop_store_keys},
    {.name = "zdiffstore", .arity = -4, .flags = kWriteOom, .keys = {1, 1, 1},
     .handler = zdiffstore_command, .group = kZ,
     .summary = "Stores the members of the first sorted set that no other input has in a "
                "key.",
     .since = "6.2.0",
     .complexity = "O(N*K)+O(M*log(M)), N the first input, K inputs, M results.",
     .args = "destination numkeys key [key ...]", .movable_keys = zsetop_store_keys},
    {.name = "zintercard", .arity = -3, .flags = kRead, .handler = zintercard_command,
     .group = kZ,
     .summary = "Counts the members of the intersection of sorted sets, optionally stopping "
                "at a limit.",
     .since = "7.0.0", .complexity = "O(N*K), N the smallest input, K inputs.",
     .args = "numkeys key [key ...] [LIMIT limit]", .movable_keys = zsetop_keys},
    {.name = "zscan", .arity = -3, .flags = kRead, .keys = {1, 1, 1},
     .handler = zscan_command, .group = kZ,
     .summary = "Iterates over the members and scores of a sorted set.", .since = "2.8.0",
     .complexity = "O(1) per call, O(N) for a complete iteration.",
     .args = "key cursor [MATCH pattern] [COUNT count]", .tips = "nondeterministic_output"},
};

}  // namespace

// ---------------------------------------------------------------------------------------
// The pop path (commands/zset_pop.h)

size_t zset_pop(CommandContext& ctx, Database& db, Entry* e, std::string_view key, ZPopEnd end,
                size_t count, ZPopForm form) {
  ZSet* z = e->val.as<ZSet>();
  const bool max = end == ZPopEnd::Max;
  Entries popped = z->pop(max, count);
  ReplyWriter& r = ctx.reply();
  switch (form) {
    case ZPopForm::Single:
      r.array(popped.size() * 2);
      for (const auto& [m, s] : popped) {
        r.bulk(m);
        r.dbl(s);
      }
      break;
    case ZPopForm::Counted: {
      EntryWriter w(r, true);
      w.header(popped.size());
      for (const auto& [m, s] : popped) w.entry(m, s);
      break;
    }
    case ZPopForm::KeyedPairs:
      r.array(2);
      r.bulk(key);
      r.array(popped.size());
      for (const auto& [m, s] : popped) {
        r.array(2);
        r.bulk(m);
        r.dbl(s);
      }
      break;
    case ZPopForm::KeyMemberScore:
      r.array(3);
      r.bulk(key);
      r.bulk(popped.empty() ? std::string_view() : std::string_view(popped[0].first));
      r.dbl(popped.empty() ? 0 : popped[0].second);
      break;
  }
  if (popped.empty()) return 0;
  const char* cmd = max ? "ZPOPMAX" : "ZPOPMIN";
  if (form == ZPopForm::KeyedPairs) {
    ctx.propagate_as({cmd, std::string(key), std::to_string(popped.size())});
  } else if (form == ZPopForm::KeyMemberScore) {
    ctx.propagate_as({cmd, std::string(key)});
  }
  zset_changed(ctx, db, key, max ? "zpopmax" : "zpopmin", popped.size());
  delete_if_empty(ctx, db, key, z);
  return popped.size();
}

ZPopOutcome zset_pop_first(CommandContext& ctx, std::span<const std::string_view> keys,
                           ZPopEnd end, size_t count, ZPopForm form) {
  for (std::string_view key : keys) {
    bool wrong;
    Entry* e = write_zset(ctx, key, &wrong);
    if (wrong) {
      ctx.reply_error(err::kWrongType);
      return ZPopOutcome::WrongType;
    }
    if (!e) continue;
    zset_pop(ctx, ctx.db(), e, key, end, count, form);
    return ZPopOutcome::Popped;
  }
  return ZPopOutcome::Empty;
}

bool parse_zmpop_args(CommandContext& ctx, size_t numkeys_index, ZMPopArgs* out) {
  int64_t numkeys = 0;
  if (!string_to_ll(ctx.arg(numkeys_index), &numkeys) || numkeys < 1) {
    ctx.reply_error(kNumkeysPositive);
    return false;
  }
  // The keys and MIN|MAX must all be there.
  if (static_cast<uint64_t>(numkeys) > ctx.argc() - numkeys_index - 2) {
    ctx.reply_error(err::kSyntax);
    return false;
  }
  const size_t n = static_cast<size_t>(numkeys);
  const size_t where = numkeys_index + 1 + n;
  if (iequals(ctx.arg(where), "min")) {
    out->end = ZPopEnd::Min;
  } else if (iequals(ctx.arg(where), "max")) {
    out->end = ZPopEnd::Max;
  } else {
    ctx.reply_error(err::kSyntax);
    return false;
  }
  out->count = 1;
  bool have_count = false;
  for (size_t j = where + 1; j < ctx.argc(); ++j) {
    if (!have_count && j + 1 < ctx.argc() && iequals(ctx.arg(j), "count")) {
      int64_t c = 0;
      if (!string_to_ll(ctx.arg(j + 1), &c) || c < 1) {
        ctx.reply_error(kCountPositive);
        return false;
      }
      out->count = static_cast<size_t>(c);
      have_count = true;
      ++j;
    } else {
      ctx.reply_error(err::kSyntax);
      return false;
    }
  }
  out->keys = ctx.args().subspan(numkeys_index + 1, n);
  return true;
}

void register_zset_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
