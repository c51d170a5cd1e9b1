// StreamNode: a run of consecutive stream entries packed in one Listpack (core/listpack.h).
//
// The stream type (types/stream.h) keeps its nodes in a Rax keyed by the node's master ID,
// the ID of the first entry ever appended to it. Entry IDs are stored as deltas from the
// master ID, and the field names of the first entry form a "master entry": later entries
// with exactly those fields (same names, same order) store only their values.
//
//   master: | field_1 ... field_n |                (count, deleted, n live in the object)
//   entry:  | flags | ms-delta | seq-delta | value_1 ... value_n                | lp-count |
//           | flags | ms-delta | seq-delta | m | field_1 value_1 ... f_m v_m     | lp-count |
//   flags:  kDeleted (1) | kSameFields (2); lp-count = elements of the entry before it,
//           so entries can be walked backwards from the end.
//
// Deleting an entry only sets kDeleted (same width, nothing moves) and moves one unit from
// `count` to `deleted`; the stream removes a node once count reaches 0. Nodes are
// append-only otherwise, so an entry's position stays valid until the node is freed.
//
// compat_bytes() is the size Redis 7.0's listpack encoding of its node would have (which
// also holds count, deleted, n and a terminator in the master entry). The stream closes a node by `stream-node-max-bytes` on that figure, so node
// boundaries (XINFO radix-tree-keys, and therefore what `XTRIM ~` removes) match the
// oracle's exactly, while the bytes actually held are our own Listpack's.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "eddy/core/listpack.h"
#include "eddy/core/stream_id.h"

namespace eddy {

class StreamNode {
 public:
  using Pos = Listpack::Pos;
  static constexpr int64_t kDeleted = 1;
  static constexpr int64_t kSameFields = 2;

  struct Entry {
    StreamID id;
    int64_t flags = 0;
    uint32_t nfields = 0;
    Pos pos = 0;      // the entry's flags element
    Pos fields = 0;   // its first field (or value, for kSameFields)
    bool deleted() const { return flags & kDeleted; }
  };

  // A node whose master entry takes the field names of `fv` (field, value, field, ...).
  explicit StreamNode(std::span<const std::string_view> fv);
  StreamNode(const StreamNode&) = delete;
  StreamNode& operator=(const StreamNode&) = delete;
  StreamNode(StreamNode&&) noexcept = default;
  StreamNode clone() const;

  // Appends an entry (fv: field, value, ...); `master` is this node's master ID.
  void append(StreamID master, StreamID id, std::span<const std::string_view> fv);

  size_t count() const { return count_; }      // live entries
  size_t deleted() const { return deleted_; }  // entries flagged deleted
  size_t compat_bytes() const { return compat_bytes_; }
  size_t memory_usage() const { return sizeof(*this) + lp_.bytes(); }
  uint32_t master_fields() const { return nmaster_; }

  // Entries, deleted ones included, in ID order. end() marks the end.
  Pos first() const { return first_entry_; }
  Pos end() const { return lp_.end(); }
  Pos next(Pos p) const;
  Pos last() const { return first_entry_ == lp_.end() ? lp_.end() : prev(lp_.end()); }
  // The entry before p; end() when p is the first.
  Pos prev(Pos p) const;
  Entry read(StreamID master, Pos p) const;
  // Calls fn(field, value) for each pair of the entry.
  template <typename Fn>
  void for_each_field(const Entry& e, Fn&& fn) const {
    Pos p = e.fields;
    if (e.flags & kSameFields) {
      Pos mf = master_fields_pos();
      for (uint32_t i = 0; i < e.nfields; ++i) {
        fn(lp_.get(mf), lp_.get(p));
        mf = lp_.next(mf);
        p = lp_.next(p);
      }
      return;
    }
    for (uint32_t i = 0; i < e.nfields; ++i) {
      Pos v = lp_.next(p);
      fn(lp_.get(p), lp_.get(v));
      p = lp_.next(v);
    }
  }
  // Calls fn(ElemRef) for each field name of the master entry.
  template <typename Fn>
  void for_each_master_field(Fn&& fn) const {
    Pos p = master_fields_pos();
    for (uint32_t i = 0; i < nmaster_; ++i, p = lp_.next(p)) fn(lp_.get(p));
  }
  // Flags the entry at p (not already deleted) as deleted.
  void mark_deleted(Pos p);

  // Size of one element in Redis 7.0's listpack encoding.
  static size_t redis_int_size(int64_t v);
  static size_t redis_string_size(std::string_view s);

 private:
  StreamNode() = default;
  Pos master_fields_pos() const { return lp_.begin(); }
  int64_t int_at(Pos p) const;
  // Changes a counter of the (virtual) master entry, keeping compat_bytes_ in step.
  void set_counter(uint32_t* c, uint32_t v);
  void push_int(int64_t v);
  void push_str(std::string_view s);

  Listpack lp_;
  uint32_t count_ = 0;
  uint32_t deleted_ = 0;
  uint32_t compat_bytes_ = 0;
  uint32_t nmaster_ = 0;
  Pos first_entry_ = 0;
};

}  // namespace eddy
