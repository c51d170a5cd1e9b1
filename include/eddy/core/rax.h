// Rax: an ordered map from byte strings to pointers, as a path-compressed radix tree.
//
// Streams keep their packed entry nodes in one, keyed by the 16-byte big-endian entry ID
// (so byte order is ID order); consumer groups keep their pending-entry lists (PEL) and
// consumer/group names in others. Any ordered byte-keyed index with cheap seeks fits.
//
//   root "" ──┬── 'a' ─▶ node "bc" [value] ──┬── 'd' ─▶ (leaf value)        keys: "abc"
//             │                               └── 'x' ─▶ node "yz" [value]       "abcd"
//             └── 'q' ─▶ (leaf value)                                            "abcxyz"
//                                                                                "q"
//   node (one malloc): plen:u32 nchild:u16 has_value:u8 pad | [value 8B] | prefix[plen]
//                      | labels[nchild] (sorted) | pad to 8 | slots[nchild] (8 B each)
//
// A node owns a compressed edge (its prefix); its key is the path from the root (the
// prefixes and labels above it) followed by its prefix. It may hold a value for that key
// and has children sorted by their first byte (the label). A child slot either points at
// a node or, with its low bit set, holds a leaf value directly: a key that ends right
// after the label costs one label byte and one slot, no allocation. Dense keys such as
// consecutive stream IDs thus cost ~9 bytes each in the node above them.
//
// Invariants (kept by insert/erase): labels of a node are strictly increasing; a non-root
// node has a value or at least two children (otherwise it is merged into its parent's
// edge or child); a non-root node with a value, no children and an empty prefix is stored
// as a leaf slot instead. The root may be anything, including empty (no value, no child).
// Values must be pointers with the low bit clear (any malloc'd or aligned object, or
// nullptr); the tree never owns them: clear(fn)/destructor callbacks free them.
//
// Iterators walk keys in byte order in both directions and seek (>=, >, <=, <, first,
// last). Any insert or erase invalidates every iterator of the tree (seek again).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace eddy {

class Rax {
 public:
  Rax();
  ~Rax();
  Rax(const Rax&) = delete;
  Rax& operator=(const Rax&) = delete;
  Rax(Rax&& o) noexcept;
  Rax& operator=(Rax&& o) noexcept;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Allocated tree nodes (leaf slots are not nodes) and their bytes.
  size_t node_count() const { return nodes_; }
  size_t memory_usage() const { return bytes_; }

  // Inserts key -> value. Returns true if the key was new; otherwise, when `overwrite`,
  // replaces the value (the previous one goes to *old) and returns false.
  bool insert(std::string_view key, void* value, bool overwrite = true, void** old = nullptr);
  // The value of `key`, or false when absent.
  bool find(std::string_view key, void** value = nullptr) const;
  void* get(std::string_view key) const {
    void* v = nullptr;
    return find(key, &v) ? v : nullptr;
  }
  // Removes `key`; its value goes to *old. False when absent.
  bool erase(std::string_view key, void** old = nullptr);
  // Removes every key, calling free_value on each value first.
  void clear(void (*free_value)(void*));
  void clear();
  // A structural copy whose values are clone_value(original value).
  Rax clone(void* (*clone_value)(void*)) const;

  class Iterator;
  struct Node;  // opaque, defined in rax.cc

 private:
  friend class Iterator;
  static Node* build(const uint8_t* prefix, uint32_t plen, bool has_value, void* value,
                     const uint8_t* labels, const uintptr_t* slots, uint32_t nchild,
                     Rax* owner);
  void free_node(Node* n);
  Node* with_child(Node* n, int idx, uint8_t label, uintptr_t slot);
  Node* without_child(Node* n, int idx);
  void free_tree(uintptr_t slot, void (*free_value)(void*));
  uintptr_t clone_tree(uintptr_t slot, void* (*clone_value)(void*), Rax* into) const;
  uintptr_t leaf_or_node(const uint8_t* rest, size_t len, void* value);
  uintptr_t lower_part(Node* n, uint32_t from);
  // Restores the invariants of the node held in *slot after it lost a value or a child
  // (is_root: the slot is the root's).
  void fix(uintptr_t* slot, bool is_root);

  uintptr_t root_;
  size_t size_ = 0;
  size_t nodes_ = 0;
  size_t bytes_ = 0;
};

class Rax::Iterator {
 public:
  explicit Iterator(const Rax& rax) : rax_(&rax) {}

  bool seek_first();
  bool seek_last();
  bool seek_ge(std::string_view key);
  bool seek_gt(std::string_view key);
  bool seek_le(std::string_view key);
  bool seek_lt(std::string_view key);
  // Move to the next / previous key; false (and invalid) past either end.
  bool next();
  bool prev();

  bool valid() const { return valid_; }
  std::string_view key() const { return key_; }
  void* value() const;

 private:
  struct Frame {
    Node* node;
    int idx;          // -1: at the node's own value; >= 0: in child idx
    uint32_t keylen;  // key length at the end of this node's prefix
  };
  void push(Node* n, size_t keylen_before);
  bool enter_child();  // enters child back().idx; true when it is a leaf (positioned)
  bool descend_first();
  bool descend_last();
  bool advance_from(int cur);
  bool retreat_from(int cur);
  bool invalidate();

  const Rax* rax_;
  std::vector<Frame> stack_;
  std::string key_;
  bool on_leaf_ = false;
  bool valid_ = false;
};

}  // namespace eddy
