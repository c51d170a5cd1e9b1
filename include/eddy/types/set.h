// Set: the value of a set key — an intset while every member is an integer and there are
// at most `set-max-intset-entries` of them, a hash table of members otherwise.
//
// Commands (SADD/SREM/SISMEMBER/SMEMBERS/SPOP/SRANDMEMBER/SINTER.../SSCAN) call it; it never
// builds replies. As in Redis 7.0 the conversion is one way: a set never goes back to an
// intset (set-algebra *STORE commands build fresh sets, which start as intsets again).
// Redis 7.0 has no listpack encoding for sets (7.2 added it), so `SADD s a` is a hashtable.
//
//   intset:    IntSet -> [count:u32 | width:u8 | pad | v0 < v1 < v2 ...]   width 2/4/8 bytes
//   hashtable: Table*  -> HashTable buckets -> SetNode{hnext | varint len | bytes}
//
// Memory: an intset costs width bytes per member (the width grows to 4 or 8 only when a
// member needs it). A table member is one allocation of 8 + 1 + len bytes (a 7-byte member
// fits jemalloc's 16-byte class, a 20-byte one the 32-byte class) plus its 8-byte bucket
// slot — against Redis's 24-byte dictEntry + sds + bucket.
//
// Invariants: intset values are strictly ascending (SMEMBERS on an intset is sorted, as in
// Redis); every integer member is stored as its canonical decimal text in the table form.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/core/hash.h"
#include "eddy/core/hash_table.h"
#include "eddy/core/listpack.h"
#include "eddy/keyspace/value.h"
#include "eddy/types/limits.h"

namespace eddy {

// Sorted array of distinct int64 values stored at the narrowest width (2, 4 or 8 bytes)
// that holds all of them, in one allocation; an empty IntSet owns nothing.
class IntSet {
 public:
  IntSet() = default;
  ~IntSet() { std::free(buf_); }
  IntSet(const IntSet&) = delete;
  IntSet& operator=(const IntSet&) = delete;
  IntSet(IntSet&& o) noexcept : buf_(o.buf_) { o.buf_ = nullptr; }
  IntSet& operator=(IntSet&& o) noexcept {
    std::swap(buf_, o.buf_);
    return *this;
  }
  IntSet clone() const;
  void clear() {
    std::free(buf_);
    buf_ = nullptr;
  }

  size_t size() const { return buf_ ? count() : 0; }
  uint8_t width() const { return buf_ ? buf_[4] : 2; }
  size_t bytes() const { return buf_ ? kHeader + size() * width() : 0; }
  int64_t at(size_t i) const;
  // Index of v if present (true), else the index where it would be inserted (false).
  bool find(int64_t v, size_t* pos) const;
  bool contains(int64_t v) const {
    size_t pos;
    return find(v, &pos);
  }
  bool insert(int64_t v);
  bool erase(int64_t v);
  void erase_at(size_t i);

 private:
  static constexpr size_t kHeader = 8;
  uint32_t count() const {
    uint32_t n;
    std::memcpy(&n, buf_, 4);
    return n;
  }
  void set_count(uint32_t n) { std::memcpy(buf_, &n, 4); }
  void store(size_t i, int64_t v);
  void resize(size_t n, uint8_t width);

  uint8_t* buf_ = nullptr;
};

// A member of the table form: one allocation holding the member bytes.
struct SetNode {
  SetNode* hnext;
  uint8_t data[1];  // varint length, then the bytes

  std::string_view member() const {
    uint64_t len;
    size_t n = varint::get(data, &len);
    return {reinterpret_cast<const char*>(data + n), static_cast<size_t>(len)};
  }
  static SetNode* create(std::string_view m, size_t* alloc_bytes);
  static void destroy(SetNode* n);
};

struct SetNodeTraits {
  static uint64_t hash(const SetNode& n) { return hash_key(n.member()); }
  static bool equal(const SetNode& n, std::string_view k) { return n.member() == k; }
};

class Set final : public Object {
 public:
  Set() = default;
  ~Set() override;
  Set(const Set&) = delete;
  Set& operator=(const Set&) = delete;

  Encoding encoding() const override { return table_ ? Encoding::Hashtable : Encoding::Intset; }
  std::unique_ptr<Object> clone() const override;
  size_t memory_usage() const override;

  size_t size() const;
  bool empty() const { return size() == 0; }
  bool contains(std::string_view m) const;
  // Adds m; true if it was not there. Converts to the table form when m is not an integer
  // or the intset would exceed limits.set_max_intset_entries.
  bool add(std::string_view m, const CollectionLimits& limits);
  bool remove(std::string_view m);

  // Every member; ascending for an intset, table order otherwise.
  void for_each(FnRef<void(const ElemRef&)> fn) const;
  // SSCAN step: an intset is returned whole with cursor 0, a table one cursor step at a
  // time (Redis's reverse-binary cursor guarantees).
  uint64_t scan(uint64_t cursor, FnRef<void(const ElemRef&)> fn) const;

  // Random member (the set must not be empty). O(1) for an intset; for a table a random
  // non-empty bucket, then a random node of its chain (as Redis does).
  ElemRef random_member(TypeRng& rng) const;
  // Removes and returns a random member (the set must not be empty).
  std::string pop_random(TypeRng& rng);
  // Up to `count` distinct random members (every member when count >= size()), each once.
  // O(count) when count is small against the size (random picks), one pass otherwise.
  std::vector<std::string> random_distinct(size_t count, TypeRng& rng) const;

  // Forces the table form (used when a caller knows non-integers are coming).
  void convert_to_table();

 private:
  struct Table {
    HashTable<SetNode, SetNodeTraits> ht;
    size_t node_bytes = 0;
  };
  bool table_add(std::string_view m);

  IntSet ints_;             // the intset form (used while table_ is null)
  Table* table_ = nullptr;  // the table form
};

}  // namespace eddy
