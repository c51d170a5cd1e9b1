// List: the value of a list key — a sequence of packed nodes (Redis's "quicklist").
//
// Commands (LPUSH/LPOP/LRANGE/LINSERT/LSET/LREM/LTRIM/LPOS/LMOVE/BLPOP...) call it; it
// knows nothing of replies. Elements live in Listpack nodes; the nodes sit in a ring of
// node handles, so pushes and pops at either end are O(1) and finding an index walks node
// counts, not elements.
//
//   ring_: [ node 0 ][ node 1 ][ node 2 ] ... (circular array of Listpack handles)
//              |         |         |
//           lp: a b c  lp: d e f  lp: g h        length_ = 8
//
// Node size follows `list-max-listpack-size` (fill): -1..-5 cap a node's encoded bytes at
// 4/8/16/32/64 KiB; a positive value caps its entry count (and, as a safety limit, its bytes
// at 8 KiB). An element larger than the limit gets a node of its own.
//
// Invariants: no node is empty; length_ is the sum of node sizes. Middle deletions merge
// neighbours that fit together, so memory stays close to the packed size.
//
// Redis 7.0 reports every list as "quicklist" in OBJECT ENCODING (the "listpack" list
// encoding arrived in 7.2; the oracle answers quicklist even for `RPUSH l a`), so
// encoding() always says Quicklist.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/core/listpack.h"
#include "eddy/keyspace/value.h"

namespace eddy {

class List final : public Object {
 public:
  enum class Where { Before, After };

  explicit List(int fill = -2) : fill_(fill) {}
  ~List() override { delete[] slots_; }
  List(const List&) = delete;
  List& operator=(const List&) = delete;

  Encoding encoding() const override { return Encoding::Quicklist; }
  std::unique_ptr<Object> clone() const override;
  size_t memory_usage() const override;

  size_t length() const { return length_; }
  bool empty() const { return length_ == 0; }
  size_t node_count() const { return count_; }
  // Entries and encoded bytes of node i (introspection and tests).
  size_t node_entries(size_t i) const { return slot(i).size(); }
  size_t node_bytes(size_t i) const { return slot(i).bytes(); }
  int fill() const { return fill_; }
  // Changes the node limit for future inserts (existing nodes are left as they are).
  void set_fill(int fill) { fill_ = fill; }

  void push_front(std::string_view v);
  void push_back(std::string_view v);
  std::optional<std::string> pop_front();
  std::optional<std::string> pop_back();

  // Element at index (negative counts from the tail, -1 = last); nullopt if out of range.
  std::optional<ElemRef> index(int64_t i) const;
  // LSET: replaces the element at index; false if out of range.
  bool set(int64_t i, std::string_view v);
  // LINSERT: inserts v before/after the first element equal to pivot; false if no pivot.
  bool insert(std::string_view pivot, std::string_view v, Where where);
  // LREM: removes elements equal to v — the first `count` from the head (count > 0), the
  // last -count from the tail (count < 0) or all (0). Returns how many were removed.
  size_t remove(std::string_view v, int64_t count);
  // LTRIM: keeps [start, stop] (Redis index rules: negatives from the tail, clamped; an
  // empty range empties the list).
  void trim(int64_t start, int64_t stop);
  // LPOS: 0-based indexes of elements equal to v. rank != 0 picks the rank-th match from the
  // head (rank > 0) or the tail (rank < 0) as the first result; count 0 = every match;
  // maxlen 0 = compare every element, otherwise at most maxlen elements are compared.
  std::vector<int64_t> positions(std::string_view v, int64_t rank, int64_t count,
                                 int64_t maxlen) const;
  // Removes everything.
  void clear();

  // Normalises an LRANGE/LTRIM-style [start, stop] against length(): false when the range
  // is empty, else *first / *last are valid 0-based inclusive indexes.
  bool normalize_range(int64_t start, int64_t stop, size_t* first, size_t* last) const;

  // Calls fn(const ElemRef&) for elements [start, stop] (Redis index rules, as LRANGE).
  template <typename Fn>
  void range(int64_t start, int64_t stop, Fn&& fn) const {
    size_t first, last;
    if (!normalize_range(start, stop, &first, &last)) return;
    size_t left = last - first + 1;
    size_t node = 0, offset = first;
    locate(&node, &offset);
    Listpack::Pos p = slot(node).seek(static_cast<int64_t>(offset));
    while (left) {
      const Listpack& lp = slot(node);
      for (; p != lp.end() && left; p = lp.next(p), --left) fn(lp.get(p));
      if (++node == count_) break;
      p = slot(node).begin();
    }
  }
  template <typename Fn>
  void for_each(Fn&& fn) const {
    range(0, -1, fn);
  }
  // Calls fn(const Listpack&) for each node, head to tail (RDB writes one blob per node).
  template <typename Fn>
  void for_each_node(Fn&& fn) const {
    for (size_t n = 0; n < count_; ++n) fn(slot(n));
  }
  // Tail to head.
  template <typename Fn>
  void for_each_reverse(Fn&& fn) const {
    for (size_t n = count_; n-- > 0;) {
      const Listpack& lp = slot(n);
      for (auto p = lp.end(); p != lp.begin();) {
        p = lp.prev(p);
        fn(lp.get(p));
      }
    }
  }

 private:
  // Ring of node handles.
  Listpack& slot(size_t i) { return slots_[(head_ + i) & (cap_ - 1)]; }
  const Listpack& slot(size_t i) const { return slots_[(head_ + i) & (cap_ - 1)]; }
  void ring_grow();
  void ring_insert(size_t i, Listpack&& lp);
  void ring_erase(size_t i);

  // Converts a global element index into (node, offset in node), walking from the nearer
  // end. *offset is the global index on entry.
  void locate(size_t* node, size_t* offset) const;
  bool fits(size_t bytes, size_t entries) const;
  Listpack new_end_node() const;
  bool accepts(const Listpack& lp, std::string_view v) const;
  // Inserts v at position p of node n (p may be the node's end()).
  void insert_at(size_t n, Listpack::Pos p, std::string_view v);
  // Removes the entry at p of node n; returns true if the node itself was removed.
  bool erase_at(size_t n, Listpack::Pos p);
  // Erases count elements starting at global index first.
  void erase_range(size_t first, size_t count);
  // Merges node n with a neighbour when both fit in one node.
  void merge_around(size_t n);
  void compact();

  Listpack* slots_ = nullptr;
  uint32_t cap_ = 0;
  uint32_t head_ = 0;
  uint32_t count_ = 0;
  int32_t fill_;
  uint64_t length_ = 0;
};

}  // namespace eddy
