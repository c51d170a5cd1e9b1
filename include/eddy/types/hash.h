// Hash: the value of a hash key — field/value pairs in a Listpack while small, a hash table
// of one-allocation nodes once it grows.
//
// Commands (HSET/HGET/HDEL/HINCRBY/HINCRBYFLOAT/HGETALL/HRANDFIELD/HSCAN...) call it; it
// returns data and status enums, never reply text.
//
//   listpack:  [f1][v1][f2][v2][f3][v3]      pairs in insertion order (HGETALL order, as in
//                                            Redis); overwriting a value keeps its position
//   hashtable: Table* -> HashTable buckets -> HashNode{hnext | varint flen | varint vlen |
//                                                      field bytes | value bytes}
//
// The packed form holds at most `hash-max-listpack-entries` pairs whose field and value are
// at most `hash-max-listpack-value` bytes; the first write that breaks either limit converts
// the hash for good (Redis 7.0 never converts back). That includes values produced by
// HINCRBYFLOAT and fields created by HINCRBY, as the oracle does.
//
// Memory: a table entry is one allocation of 8 + 2 + len(field) + len(value) bytes (a
// 12-byte field with a 10-byte value fits jemalloc's 32-byte class) plus an 8-byte bucket
// slot, against Redis's dictEntry (24 -> 32 B class) + two sds strings + bucket (~72 B).
//
// Invariants: exactly one form is live (table() == nullptr means the listpack); fields are
// unique.
#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "eddy/core/hash.h"
#include "eddy/core/hash_table.h"
#include "eddy/core/listpack.h"
#include "eddy/keyspace/value.h"
#include "eddy/types/limits.h"

namespace eddy {

// One field/value pair of the table form, in a single allocation.
struct HashNode {
  HashNode* hnext;
  uint8_t data[1];  // varint field length, varint value length, field bytes, value bytes

  std::string_view field() const;
  std::string_view value() const;
  static size_t alloc_size(size_t flen, size_t vlen);
  static HashNode* create(std::string_view field, std::string_view value);
  static void destroy(HashNode* n) { std::free(n); }
};

struct HashNodeTraits {
  static uint64_t hash(const HashNode& n) { return hash_key(n.field()); }
  static bool equal(const HashNode& n, std::string_view k) { return n.field() == k; }
};

class Hash final : public Object {
 public:
  // Outcome of HINCRBY / HINCRBYFLOAT. The commands layer maps these to Redis's errors:
  // NotInteger "ERR hash value is not an integer", Overflow "ERR increment or decrement
  // would overflow", NotFloat "ERR hash value is not a float", NanOrInf "ERR increment
  // would produce NaN or Infinity".
  enum class IncrStatus { Ok, NotInteger, Overflow, NotFloat, NanOrInf };
  using PairFn = FnRef<void(const ElemRef& field, const ElemRef& value)>;

  Hash() : lp_() {}
  ~Hash() override;
  Hash(const Hash&) = delete;
  Hash& operator=(const Hash&) = delete;

  Encoding encoding() const override { return table() ? Encoding::Hashtable : Encoding::Listpack; }
  std::unique_ptr<Object> clone() const override;
  size_t memory_usage() const override;

  size_t size() const;
  bool empty() const { return size() == 0; }
  std::optional<ElemRef> get(std::string_view field) const;
  bool contains(std::string_view field) const;
  // HSET one pair: true if the field was created, false if its value was overwritten.
  bool set(std::string_view field, std::string_view value, const CollectionLimits& limits);
  bool erase(std::string_view field);
  // HINCRBY: *result receives the new value (a missing field counts as 0).
  IncrStatus incr_by(std::string_view field, int64_t delta, const CollectionLimits& limits,
                     int64_t* result);
  // HINCRBYFLOAT: *result receives the stored text of the new value.
  IncrStatus incr_by_float(std::string_view field, long double delta,
                           const CollectionLimits& limits, std::string* result);

  // Every pair, in insertion order for the listpack, table order otherwise.
  void for_each(PairFn fn) const;
  // HSCAN step: a listpack is returned whole with cursor 0, a table one cursor step at a time.
  uint64_t scan(uint64_t cursor, PairFn fn) const;

  // One random pair (the hash must not be empty).
  std::pair<ElemRef, ElemRef> random_pair(TypeRng& rng) const;
  // `count` independent random picks (repeats allowed; HRANDFIELD with a negative count).
  // On a listpack each batch of picks costs one walk, not one walk per pick.
  void random_pairs(size_t count, TypeRng& rng, PairFn fn) const;
  // Up to `count` distinct random pairs (all of them when count >= size()).
  std::vector<std::pair<std::string, std::string>> random_distinct(size_t count,
                                                                   TypeRng& rng) const;

  void convert_to_table();

 private:
  struct Table {
    HashTable<HashNode, HashNodeTraits> ht;
    size_t node_bytes = 0;
  };
  void table_set(std::string_view field, std::string_view value, bool* created);

  // One word holds either form, so a small hash object is 16 bytes (a jemalloc class of
  // its own) instead of 32: the listpack's buffer pointer, or the Table pointer with its
  // low bit set (allocations are aligned, so a buffer pointer never has it).
  union {
    Listpack lp_;  // the packed form (while there is no table)
    uintptr_t tagged_table_;
  };
  Table* table() const {
    uintptr_t w;
    std::memcpy(&w, static_cast<const void*>(&lp_), sizeof(w));
    return (w & 1) ? reinterpret_cast<Table*>(w & ~uintptr_t{1}) : nullptr;
  }
  // Switches to the table form; the listpack must already be freed (empty, no buffer).
  void set_table(Table* t) {
    lp_.~Listpack();
    tagged_table_ = reinterpret_cast<uintptr_t>(t) | 1;
  }
};
static_assert(sizeof(Listpack) == sizeof(uintptr_t), "Hash packs its forms into one word");

}  // namespace eddy
