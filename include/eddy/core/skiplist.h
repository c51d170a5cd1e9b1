// SkipList: the ordered index of large sorted sets, with spans for O(log n) rank.
//
// ZSet (types/zset.h) owns one together with a member -> node hash table; every node is
// both a skiplist node and that table's chain node (`hnext`), so a member costs a single
// allocation holding its score, links and bytes. Order is (score, member bytes).
//
//   level 2: head ------------------------------> [c] ----------------> nil
//   level 1: head ---------> [a] --------------> [c] ------> [d] ----> nil
//   level 0: head --> [x] -> [a] -> [b] --------> [c] -> [z] -> [d] --> nil
//                      <-----  <----  <-----------  <---  <----  backward (level 0 only)
//   span[i] of a link = how many level-0 steps it jumps (rank = sum of spans on the path)
//
//   node (one malloc): hnext | backward | score | len:u32 level:u8 | fwd[level] | span[level]
//                      (u32 each) | member bytes
//
// Levels are random with p = 1/4, at most kMaxLevel. Spans are 32-bit: a sorted set holds
// fewer than 2^32 members. The head node is a full-height node without a member; the first
// node's backward pointer is null.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace eddy {

// Score interval with optional exclusive ends ("(1.5" in ZRANGEBYSCORE).
struct ScoreRange {
  double min = 0, max = 0;
  bool min_ex = false, max_ex = false;

  bool gte_min(double v) const { return min_ex ? v > min : v >= min; }
  bool lte_max(double v) const { return max_ex ? v < max : v <= max; }
  bool contains(double v) const { return gte_min(v) && lte_max(v); }
  bool empty() const { return min > max || (min == max && (min_ex || max_ex)); }
};

// One end of a ZRANGEBYLEX interval: "-", "+", "[value" or "(value".
struct LexBound {
  enum class Kind : uint8_t { NegInf, PosInf, Inclusive, Exclusive };
  Kind kind = Kind::NegInf;
  std::string value;
};

struct LexRange {
  LexBound min, max;

  bool gte_min(std::string_view s) const;
  bool lte_max(std::string_view s) const;
  bool contains(std::string_view s) const { return gte_min(s) && lte_max(s); }
  bool empty() const;
};

struct ZNode {
  ZNode* hnext;     // chain of the owner's member hash table
  ZNode* backward;  // previous node at level 0 (null for the first)
  double score;
  uint32_t len;     // member length
  uint8_t level;

  ZNode** fwd() { return reinterpret_cast<ZNode**>(this + 1); }
  ZNode* const* fwd() const { return reinterpret_cast<ZNode* const*>(this + 1); }
  uint32_t* span() { return reinterpret_cast<uint32_t*>(fwd() + level); }
  const uint32_t* span() const { return reinterpret_cast<const uint32_t*>(fwd() + level); }
  std::string_view member() const {
    return {reinterpret_cast<const char*>(span() + level), len};
  }
  ZNode* next() const { return fwd()[0]; }
  ZNode* prev() const { return backward; }
  size_t alloc_size() const { return alloc_size_for(level, len); }
  static size_t alloc_size_for(int level, size_t len) {
    return sizeof(ZNode) + static_cast<size_t>(level) * (sizeof(ZNode*) + sizeof(uint32_t)) + len;
  }
};
static_assert(sizeof(ZNode) == 32);

class SkipList {
 public:
  static constexpr int kMaxLevel = 32;
  // Called for each node removed by a range erase, before the node is freed.
  using EraseHook = void (*)(void* ctx, ZNode* node);

  SkipList();
  ~SkipList();
  SkipList(const SkipList&) = delete;
  SkipList& operator=(const SkipList&) = delete;

  size_t size() const { return length_; }
  // Bytes of every node including the head (MEMORY USAGE).
  size_t bytes() const { return bytes_; }
  ZNode* first() const { return head_->fwd()[0]; }
  ZNode* last() const { return tail_; }

  // Inserts a member that is known to be absent; returns its node.
  ZNode* insert(double score, std::string_view member);
  // Unlinks and frees a node.
  void erase(ZNode* node);
  // Moves a node to its place for a new score; the node (and so its address) is kept.
  void update_score(ZNode* node, double score);

  // 1-based rank of a node in ascending order.
  size_t rank(const ZNode* node) const;
  // Node at a 1-based rank, or null when out of range.
  ZNode* at_rank(size_t rank) const;

  ZNode* first_in(const ScoreRange& r) const;
  ZNode* last_in(const ScoreRange& r) const;
  // Lex lookups assume every member has the same score (as ZRANGEBYLEX requires).
  ZNode* first_in(const LexRange& r) const;
  ZNode* last_in(const LexRange& r) const;

  // Range erases; each returns how many nodes were removed. `hook` sees each node first.
  size_t erase_range(const ScoreRange& r, EraseHook hook, void* ctx);
  size_t erase_range(const LexRange& r, EraseHook hook, void* ctx);
  // Ranks are 1-based and inclusive.
  size_t erase_rank_range(size_t start, size_t end, EraseHook hook, void* ctx);

 private:
  static ZNode* make_node(int level, double score, std::string_view member);
  static int random_level();
  void link(ZNode* x);
  void unlink(ZNode* x, ZNode** update);
  // Fills update[] with the last node before (score, member) on every level.
  void find_update(double score, std::string_view member, ZNode** update) const;
  void free_node(ZNode* x);

  ZNode* head_;
  ZNode* tail_ = nullptr;
  size_t length_ = 0;
  size_t bytes_ = 0;
  int level_ = 1;
};

}  // namespace eddy
