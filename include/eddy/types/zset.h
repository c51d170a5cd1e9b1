// ZSet: the value of a sorted-set key — (member, score) pairs ordered by score, then by
// member bytes.
//
// Commands (ZADD/ZINCRBY/ZREM/ZSCORE/ZRANK/ZRANGE* /ZCOUNT/ZLEXCOUNT/ZREMRANGEBY*/ZPOP*/
// BZPOP*/ZRANDMEMBER/ZSCAN and the set-algebra commands) call it; it returns data and
// status enums, never reply text. Scores are doubles and callers reject NaN input (the
// only NaN this type reports is one produced by ZADD INCR / ZINCRBY: +inf + -inf).
//
//   listpack: [m1][s1][m2][s2]...    sorted pairs; a score is an integer entry when it is
//                                    integral and |s| < 2^53, else its 8 raw IEEE bytes
//   skiplist: Big* -> SkipList (order, rank via spans) + HashTable member -> same ZNode
//
//     ht bucket --> ZNode{hnext | backward | score | len,level | fwd[] | span[] | member}
//                     ^ one allocation serves both indexes
//
// The packed form holds at most `zset-max-listpack-entries` members of at most
// `zset-max-listpack-value` bytes; adding past either converts to the skiplist. Like Redis
// 7.0, removals never convert back, but compact_if_fits() lets the *STORE commands
// (ZRANGESTORE, ZUNIONSTORE, ...) produce a listpack for small results, as the oracle does.
// A listpack keeps -0 as 0 (Redis's listpack does the same); the skiplist keeps -0.
//
// Memory: a skiplist member costs one node (32 + 12 per level + member bytes, 1.33 levels
// on average) and a bucket slot, against Redis's dictEntry + zskiplistNode + sds.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "eddy/core/hash.h"
#include "eddy/core/hash_table.h"
#include "eddy/core/listpack.h"
#include "eddy/core/skiplist.h"
#include "eddy/keyspace/value.h"
#include "eddy/types/limits.h"

namespace eddy {

struct ZNodeTraits {
  static uint64_t hash(const ZNode& n) { return hash_key(n.member()); }
  static bool equal(const ZNode& n, std::string_view k) { return n.member() == k; }
};

class ZSet final : public Object {
 public:
  // ZADD option bits.
  enum AddFlags : unsigned { kNone = 0, kNX = 1, kXX = 2, kGT = 4, kLT = 8, kIncr = 16 };
  // Added / Updated: the member was created / its score changed. Unchanged: it exists and
  // the score is the same (ZADD INCR still replies with it). Skipped: NX/XX/GT/LT said no
  // (ZADD INCR replies nil). NotANumber: INCR produced NaN (nothing changed).
  enum class AddResult { Added, Updated, Unchanged, Skipped, NotANumber };
  using EntryFn = FnRef<void(const ElemRef& member, double score)>;

  ZSet() = default;
  ~ZSet() override;
  ZSet(const ZSet&) = delete;
  ZSet& operator=(const ZSet&) = delete;

  Encoding encoding() const override { return big_ ? Encoding::Skiplist : Encoding::Listpack; }
  std::unique_ptr<Object> clone() const override;
  size_t memory_usage() const override;

  size_t size() const;
  bool empty() const { return size() == 0; }

  // ZADD / ZINCRBY for one member. *new_score receives the resulting score unless the
  // result is Skipped or NotANumber.
  AddResult add(std::string_view member, double score, unsigned flags,
                const CollectionLimits& limits, double* new_score = nullptr);
  std::optional<double> score(std::string_view member) const;
  bool remove(std::string_view member);
  // 0-based rank, ascending (or descending when reverse).
  std::optional<size_t> rank(std::string_view member, bool reverse) const;

  size_t count(const ScoreRange& r) const;
  size_t count(const LexRange& r) const;

  // Normalises a ZRANGE-style [start, stop] (negative from the end, clamped) against size():
  // false when empty, else *first / *last are valid 0-based inclusive ranks.
  bool normalize_rank_range(int64_t start, int64_t stop, size_t* first, size_t* last) const;
  // Entries with ranks [first, last] (0-based, inclusive, in range), in the rank order of
  // the chosen direction: reverse ranks count from the highest score.
  void range_by_rank(size_t first, size_t last, bool reverse, EntryFn fn) const;
  // Entries inside r, ascending (or descending when reverse), skipping `offset` of them
  // and stopping after `limit` (limit < 0: no limit) — ZRANGEBYSCORE's LIMIT.
  void range_by_score(const ScoreRange& r, bool reverse, size_t offset, int64_t limit,
                      EntryFn fn) const;
  // The same for a lex range, which assumes equal scores. Over mixed scores it follows
  // Redis's walk (first entry in range from the chosen end, offset skipped unchecked, then
  // entries while the far bound holds), so a listpack answers exactly as the oracle does.
  void range_by_lex(const LexRange& r, bool reverse, size_t offset, int64_t limit,
                    EntryFn fn) const;

  // Removals by range; each returns how many members were removed.
  size_t remove_range_by_rank(size_t first, size_t last);
  size_t remove_range(const ScoreRange& r);
  size_t remove_range(const LexRange& r);
  // ZPOPMIN / ZPOPMAX: removes up to count lowest (or highest) entries, in pop order.
  std::vector<std::pair<std::string, double>> pop(bool highest, size_t count);

  // Every entry in ascending order.
  void for_each(EntryFn fn) const { range_by_rank(0, size() ? size() - 1 : 0, false, fn); }
  // ZSCAN step: a listpack is returned whole with cursor 0, a skiplist in hash table steps.
  uint64_t scan(uint64_t cursor, EntryFn fn) const;

  // One random entry (the set must not be empty): uniform, via rank for the skiplist.
  std::pair<ElemRef, double> random_entry(TypeRng& rng) const;
  // `count` independent random picks (repeats allowed; ZRANDMEMBER with negative count).
  void random_entries(size_t count, TypeRng& rng, EntryFn fn) const;
  // Up to `count` distinct random entries (all of them when count >= size()).
  std::vector<std::pair<std::string, double>> random_distinct(size_t count,
                                                              TypeRng& rng) const;

  void convert_to_skiplist();
  // Converts a skiplist back to a listpack when size and member lengths fit the limits.
  void compact_if_fits(const CollectionLimits& limits);

  // ZRANGEBYSCORE bounds as Redis parses them: optional '(' for exclusive, then a whole
  // strtod() number ("inf", "-inf", " 1", "0x10" and even "" are accepted; NaN is not).
  static bool parse_score_range(std::string_view min, std::string_view max, ScoreRange* out);
  // ZRANGEBYLEX bounds: "-", "+", "[value" or "(value".
  static bool parse_lex_range(std::string_view min, std::string_view max, LexRange* out);

 private:
  struct Big {
    SkipList sl;
    HashTable<ZNode, ZNodeTraits> ht;
  };

  // Listpack helpers (pairs: member at p, score at next(p)).
  double lp_score(Listpack::Pos score_pos) const;
  void lp_insert_sorted(std::string_view member, double score);
  Listpack::Pos lp_find(std::string_view member) const;
  // Position of the first pair whose score is inside r (or end()).
  Listpack::Pos lp_first_in(const ScoreRange& r) const;
  Listpack::Pos lp_first_in(const LexRange& r) const;
  Listpack::Pos lp_last_in(const LexRange& r) const;
  bool lp_may_hold(const LexRange& r) const;

  void big_insert(std::string_view member, double score);
  size_t big_count(const ZNode* first, const ZNode* last) const;
  static void unhash_node(void* ctx, ZNode* node);

  Listpack lp_;         // the packed form (used while big_ is null)
  Big* big_ = nullptr;  // the skiplist form
};

}  // namespace eddy
