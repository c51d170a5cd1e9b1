#include "eddy/core/rax.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <cstring>
#include <new>

namespace eddy {

struct Rax::Node {
  uint32_t plen;
  uint16_t nchild;
  uint8_t has_value;
  uint8_t pad;
};

namespace {

using Node = Rax::Node;

constexpr size_t align8(size_t n) { return (n + 7) & ~size_t{7}; }

size_t node_size(bool has_value, size_t plen, size_t nchild) {
  return align8(sizeof(Node) + (has_value ? 8 : 0) + plen + nchild) + 8 * nchild;
}
size_t node_size(const Node* n) { return node_size(n->has_value, n->plen, n->nchild); }

uint8_t* prefix(Node* n) {
  return reinterpret_cast<uint8_t*>(n) + sizeof(Node) + (n->has_value ? 8 : 0);
}
uint8_t* labels(Node* n) { return prefix(n) + n->plen; }
uintptr_t* slots(Node* n) {
  return reinterpret_cast<uintptr_t*>(
      reinterpret_cast<char*>(n) +
      align8(sizeof(Node) + (n->has_value ? 8 : 0) + n->plen + n->nchild));
}
void* node_value(Node* n) {
  void* v;
  std::memcpy(&v, reinterpret_cast<char*>(n) + sizeof(Node), sizeof(v));
  return v;
}
void set_node_value(Node* n, void* v) {
  std::memcpy(reinterpret_cast<char*>(n) + sizeof(Node), &v, sizeof(v));
}

bool is_leaf(uintptr_t slot) { return slot & 1; }
void* leaf_value(uintptr_t slot) { return reinterpret_cast<void*>(slot & ~uintptr_t{1}); }
uintptr_t leaf_slot(void* v) {
  uintptr_t s = reinterpret_cast<uintptr_t>(v);
  assert((s & 1) == 0 && "Rax values must have the low bit clear");
  return s | 1;
}
Node* as_node(uintptr_t slot) { return reinterpret_cast<Node*>(slot); }
uintptr_t node_slot(Node* n) { return reinterpret_cast<uintptr_t>(n); }

// Index of the first label >= c.
int lower_bound(Node* n, uint8_t c) {
  const uint8_t* l = labels(n);
  int lo = 0, hi = n->nchild;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (l[mid] < c) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

}  // namespace

Rax::Node* Rax::build(const uint8_t* pre, uint32_t plen, bool has_value, void* value,
                      const uint8_t* labs, const uintptr_t* sl, uint32_t nchild, Rax* owner) {
  size_t sz = node_size(has_value, plen, nchild);
  void* mem = std::malloc(sz);
  if (!mem) throw std::bad_alloc();
  Node* n = static_cast<Node*>(mem);
  n->plen = plen;
  n->nchild = static_cast<uint16_t>(nchild);
  n->has_value = has_value ? 1 : 0;
  n->pad = 0;
  if (has_value) set_node_value(n, value);
  if (plen) std::memmove(prefix(n), pre, plen);
  if (nchild) {
    std::memcpy(labels(n), labs, nchild);
    std::memcpy(slots(n), sl, nchild * sizeof(uintptr_t));
  }
  ++owner->nodes_;
  owner->bytes_ += sz;
  return n;
}

void Rax::free_node(Node* n) {
  --nodes_;
  bytes_ -= node_size(n);
  std::free(n);
}

Rax::Rax() : root_(0) {
  root_ = node_slot(build(nullptr, 0, false, nullptr, nullptr, nullptr, 0, this));
}

// n grown by a child at idx, in place when the allocator can (the node may move).
Rax::Node* Rax::with_child(Node* n, int idx, uint8_t label, uintptr_t slot) {
  const uint32_t nc = n->nchild;
  const size_t head = sizeof(Node) + (n->has_value ? 8 : 0) + n->plen;
  const size_t old_off = align8(head + nc), new_off = align8(head + nc + 1);
  const size_t old_sz = node_size(n), sz = node_size(n->has_value, n->plen, nc + 1);
  void* mem = std::realloc(n, sz);
  if (!mem) throw std::bad_alloc();
  char* base = static_cast<char*>(mem);
  bytes_ += sz - old_sz;
  // Slots first (they move up), then the labels that may grow into their old place.
  std::memmove(base + new_off + (idx + 1) * 8, base + old_off + idx * 8, (nc - idx) * 8);
  std::memmove(base + new_off, base + old_off, idx * 8);
  std::memcpy(base + new_off + idx * 8, &slot, 8);
  uint8_t* labs = reinterpret_cast<uint8_t*>(base + head);
  std::memmove(labs + idx + 1, labs + idx, nc - idx);
  labs[idx] = label;
  Node* m = static_cast<Node*>(mem);
  m->nchild = static_cast<uint16_t>(nc + 1);
  return m;
}

// n without its child idx (the node may move).
Rax::Node* Rax::without_child(Node* n, int idx) {
  const uint32_t nc = n->nchild;
  const size_t head = sizeof(Node) + (n->has_value ? 8 : 0) + n->plen;
  const size_t old_off = align8(head + nc), new_off = align8(head + nc - 1);
  const size_t old_sz = node_size(n), sz = node_size(n->has_value, n->plen, nc - 1);
  char* base = reinterpret_cast<char*>(n);
  // Labels first (they shrink), then the slots that may move down over their old end.
  uint8_t* labs = reinterpret_cast<uint8_t*>(base + head);
  std::memmove(labs + idx, labs + idx + 1, nc - idx - 1);
  std::memmove(base + new_off, base + old_off, idx * 8);
  std::memmove(base + new_off + idx * 8, base + old_off + (idx + 1) * 8, (nc - idx - 1) * 8);
  n->nchild = static_cast<uint16_t>(nc - 1);
  void* mem = std::realloc(n, sz);
  if (!mem) throw std::bad_alloc();
  bytes_ -= old_sz - sz;
  return static_cast<Node*>(mem);
}

Rax::~Rax() {
  if (root_) free_tree(root_, nullptr);
}

Rax::Rax(Rax&& o) noexcept
    : root_(o.root_), size_(o.size_), nodes_(o.nodes_), bytes_(o.bytes_) {
  o.root_ = 0;
  o.size_ = o.nodes_ = o.bytes_ = 0;
}

Rax& Rax::operator=(Rax&& o) noexcept {
  if (this != &o) {
    if (root_) free_tree(root_, nullptr);
    root_ = o.root_;
    size_ = o.size_;
    nodes_ = o.nodes_;
    bytes_ = o.bytes_;
    o.root_ = 0;
    o.size_ = o.nodes_ = o.bytes_ = 0;
  }
  return *this;
}

void Rax::free_tree(uintptr_t slot, void (*free_value)(void*)) {
  if (is_leaf(slot)) {
    if (free_value) free_value(leaf_value(slot));
    return;
  }
  Node* n = as_node(slot);
  if (n->has_value && free_value) free_value(node_value(n));
  for (uint32_t i = 0; i < n->nchild; ++i) free_tree(slots(n)[i], free_value);
  free_node(n);
}

void Rax::clear(void (*free_value)(void*)) {
  if (root_) free_tree(root_, free_value);
  size_ = 0;
  root_ = node_slot(build(nullptr, 0, false, nullptr, nullptr, nullptr, 0, this));
}

void Rax::clear() { clear(nullptr); }

uintptr_t Rax::clone_tree(uintptr_t slot, void* (*clone_value)(void*), Rax* into) const {
  if (is_leaf(slot)) return leaf_slot(clone_value(leaf_value(slot)));
  Node* n = as_node(slot);
  std::vector<uintptr_t> kids(n->nchild);
  for (uint32_t i = 0; i < n->nchild; ++i) kids[i] = clone_tree(slots(n)[i], clone_value, into);
  void* v = n->has_value ? clone_value(node_value(n)) : nullptr;
  return node_slot(
      build(prefix(n), n->plen, n->has_value, v, labels(n), kids.data(), n->nchild, into));
}

Rax Rax::clone(void* (*clone_value)(void*)) const {
  Rax out;
  out.free_tree(out.root_, nullptr);
  out.root_ = clone_tree(root_, clone_value, &out);
  out.size_ = size_;
  return out;
}

// A slot for the key remainder `rest` (after a label) holding `value`.
uintptr_t Rax::leaf_or_node(const uint8_t* rest, size_t len, void* value) {
  if (len == 0) return leaf_slot(value);
  return node_slot(build(rest, static_cast<uint32_t>(len), true, value, nullptr, nullptr, 0,
                         this));
}

// n with its prefix cut to prefix[from..] (n is freed); a leaf slot when nothing is left
// but a value.
uintptr_t Rax::lower_part(Node* n, uint32_t from) {
  uint32_t plen = n->plen - from;
  uintptr_t out;
  if (plen == 0 && n->has_value && n->nchild == 0) {
    out = leaf_slot(node_value(n));
  } else {
    out = node_slot(build(prefix(n) + from, plen, n->has_value,
                          n->has_value ? node_value(n) : nullptr, labels(n), slots(n),
                          n->nchild, this));
  }
  free_node(n);
  return out;
}

bool Rax::insert(std::string_view key_sv, void* value, bool overwrite, void** old) {
  const uint8_t* key = reinterpret_cast<const uint8_t*>(key_sv.data());
  const size_t klen = key_sv.size();
  uintptr_t* slot = &root_;
  Node* n = as_node(root_);
  size_t pos = 0;
  while (true) {
    const uint8_t* pre = prefix(n);
    size_t lim = std::min<size_t>(n->plen, klen - pos);
    size_t i = 0;
    while (i < lim && pre[i] == key[pos + i]) ++i;
    if (i < n->plen) {
      // Split the edge at i: a new upper node keeps prefix[0..i), the old node hangs
      // below it under label prefix[i].
      uint8_t split_label = pre[i];
      std::string upper(reinterpret_cast<const char*>(pre), i);
      uintptr_t lower = lower_part(n, static_cast<uint32_t>(i + 1));
      const uint8_t* up = reinterpret_cast<const uint8_t*>(upper.data());
      Node* top;
      if (pos + i == klen) {
        top = build(up, static_cast<uint32_t>(i), true, value, &split_label, &lower, 1, this);
      } else {
        uint8_t c = key[pos + i];
        uintptr_t added = leaf_or_node(key + pos + i + 1, klen - pos - i - 1, value);
        uint8_t labs[2];
        uintptr_t sl[2];
        if (c < split_label) {
          labs[0] = c, sl[0] = added, labs[1] = split_label, sl[1] = lower;
        } else {
          labs[0] = split_label, sl[0] = lower, labs[1] = c, sl[1] = added;
        }
        top = build(up, static_cast<uint32_t>(i), false, nullptr, labs, sl, 2, this);
      }
      *slot = node_slot(top);
      ++size_;
      return true;
    }
    pos += n->plen;
    if (pos == klen) {
      if (n->has_value) {
        if (old) *old = node_value(n);
        if (overwrite) set_node_value(n, value);
        return false;
      }
      Node* m = build(prefix(n), n->plen, true, value, labels(n), slots(n), n->nchild, this);
      free_node(n);
      *slot = node_slot(m);
      ++size_;
      return true;
    }
    uint8_t c = key[pos];
    int idx = lower_bound(n, c);
    if (idx < n->nchild && labels(n)[idx] == c) {
      uintptr_t* child = &slots(n)[idx];
      if (is_leaf(*child)) {
        if (pos + 1 == klen) {
          if (old) *old = leaf_value(*child);
          if (overwrite) *child = leaf_slot(value);
          return false;
        }
        // The leaf becomes a node (empty prefix, its value) that gets a child next turn.
        *child = node_slot(build(nullptr, 0, true, leaf_value(*child), nullptr, nullptr, 0, this));
      }
      slot = child;
      n = as_node(*child);
      pos += 1;
      continue;
    }
    // A new child at idx.
    uintptr_t added = leaf_or_node(key + pos + 1, klen - pos - 1, value);
    *slot = node_slot(with_child(n, idx, c, added));
    ++size_;
    return true;
  }
}

bool Rax::find(std::string_view key_sv, void** value) const {
  const uint8_t* key = reinterpret_cast<const uint8_t*>(key_sv.data());
  const size_t klen = key_sv.size();
  Node* n = as_node(root_);
  size_t pos = 0;
  while (true) {
    if (klen - pos < n->plen || std::memcmp(prefix(n), key + pos, n->plen) != 0) return false;
    pos += n->plen;
    if (pos == klen) {
      if (!n->has_value) return false;
      if (value) *value = node_value(n);
      return true;
    }
    int idx = lower_bound(n, key[pos]);
    if (idx >= n->nchild || labels(n)[idx] != key[pos]) return false;
    uintptr_t s = slots(n)[idx];
    if (is_leaf(s)) {
      if (pos + 1 != klen) return false;
      if (value) *value = leaf_value(s);
      return true;
    }
    n = as_node(s);
    pos += 1;
  }
}

void Rax::fix(uintptr_t* slot, bool is_root) {
  Node* n = as_node(*slot);
  if (n->has_value && (n->nchild > 0 || n->plen > 0 || is_root)) return;
  if (n->has_value) {
    // Value, no children, empty prefix: a leaf slot.
    *slot = leaf_slot(node_value(n));
    free_node(n);
    return;
  }
  if (n->nchild >= 2) return;
  if (n->nchild == 0) {
    // Only the root can end up empty here.
    if (n->plen > 0) {
      *slot = node_slot(build(nullptr, 0, false, nullptr, nullptr, nullptr, 0, this));
      free_node(n);
    }
    return;
  }
  // No value, one child: merge the child into this edge.
  uint8_t label = labels(n)[0];
  uintptr_t child = slots(n)[0];
  std::string pre(reinterpret_cast<const char*>(prefix(n)), n->plen);
  pre.push_back(static_cast<char>(label));
  Node* m;
  if (is_leaf(child)) {
    m = build(reinterpret_cast<const uint8_t*>(pre.data()), static_cast<uint32_t>(pre.size()),
              true, leaf_value(child), nullptr, nullptr, 0, this);
  } else {
    Node* c = as_node(child);
    pre.append(reinterpret_cast<const char*>(prefix(c)), c->plen);
    m = build(reinterpret_cast<const uint8_t*>(pre.data()), static_cast<uint32_t>(pre.size()),
              c->has_value, c->has_value ? node_value(c) : nullptr, labels(c), slots(c),
              c->nchild, this);
    free_node(c);
  }
  free_node(n);
  *slot = node_slot(m);
}

bool Rax::erase(std::string_view key_sv, void** old) {
  const uint8_t* key = reinterpret_cast<const uint8_t*>(key_sv.data());
  const size_t klen = key_sv.size();
  // Slots on the path from the root to the node that holds the key.
  std::vector<uintptr_t*> path;
  std::vector<int> idxs;  // child index taken at each level below the root
  uintptr_t* slot = &root_;
  Node* n = as_node(root_);
  size_t pos = 0;
  while (true) {
    path.push_back(slot);
    if (klen - pos < n->plen || std::memcmp(prefix(n), key + pos, n->plen) != 0) return false;
    pos += n->plen;
    if (pos == klen) {
      if (!n->has_value) return false;
      if (old) *old = node_value(n);
      --size_;
      const bool is_root = path.size() == 1;
      if (n->nchild == 0 && !is_root) {
        // Drop the node from its parent, then repair the parent.
        free_node(n);
        uintptr_t* pslot = path[path.size() - 2];
        int ci = idxs.back();
        *pslot = node_slot(without_child(as_node(*pslot), ci));
        fix(pslot, path.size() == 2);
        return true;
      }
      Node* m = build(prefix(n), n->plen, false, nullptr, labels(n), slots(n), n->nchild, this);
      free_node(n);
      *slot = node_slot(m);
      fix(slot, is_root);
      return true;
    }
    int idx = lower_bound(n, key[pos]);
    if (idx >= n->nchild || labels(n)[idx] != key[pos]) return false;
    uintptr_t* child = &slots(n)[idx];
    if (is_leaf(*child)) {
      if (pos + 1 != klen) return false;
      if (old) *old = leaf_value(*child);
      --size_;
      *slot = node_slot(without_child(n, idx));
      fix(slot, path.size() == 1);
      return true;
    }
    idxs.push_back(idx);
    slot = child;
    n = as_node(*child);
    pos += 1;
  }
}

// ---------------------------------------------------------------------------------------
// Iterator

void* Rax::Iterator::value() const {
  if (!valid_) return nullptr;
  const Frame& f = stack_.back();
  if (on_leaf_) return leaf_value(slots(f.node)[f.idx]);
  return node_value(f.node);
}

bool Rax::Iterator::invalidate() {
  valid_ = false;
  stack_.clear();
  key_.clear();
  return false;
}

void Rax::Iterator::push(Node* n, size_t keylen_before) {
  key_.resize(keylen_before);
  key_.append(reinterpret_cast<const char*>(prefix(n)), n->plen);
  stack_.push_back({n, -1, static_cast<uint32_t>(key_.size())});
}

bool Rax::Iterator::enter_child() {
  Frame f = stack_.back();
  uintptr_t s = slots(f.node)[f.idx];
  key_.resize(f.keylen);
  key_.push_back(static_cast<char>(labels(f.node)[f.idx]));
  if (is_leaf(s)) {
    on_leaf_ = true;
    valid_ = true;
    return true;
  }
  push(as_node(s), key_.size());
  return false;
}

bool Rax::Iterator::descend_first() {
  while (true) {
    Frame& f = stack_.back();
    if (f.node->has_value) {
      f.idx = -1;
      key_.resize(f.keylen);
      on_leaf_ = false;
      valid_ = true;
      return true;
    }
    if (f.node->nchild == 0) return invalidate();
    f.idx = 0;
    if (enter_child()) return true;
  }
}

bool Rax::Iterator::descend_last() {
  while (true) {
    Frame& f = stack_.back();
    if (f.node->nchild > 0) {
      f.idx = f.node->nchild - 1;
      if (enter_child()) return true;
      continue;
    }
    if (f.node->has_value) {
      f.idx = -1;
      key_.resize(f.keylen);
      on_leaf_ = false;
      valid_ = true;
      return true;
    }
    return invalidate();
  }
}

// `cur` is the element of the top frame we are leaving (-1: the node's value).
bool Rax::Iterator::advance_from(int cur) {
  while (true) {
    Frame& f = stack_.back();
    if (cur + 1 < f.node->nchild) {
      f.idx = cur + 1;
      if (enter_child()) return true;
      return descend_first();
    }
    stack_.pop_back();
    if (stack_.empty()) return invalidate();
    cur = stack_.back().idx;
  }
}

bool Rax::Iterator::retreat_from(int cur) {
  while (true) {
    Frame& f = stack_.back();
    if (cur > 0) {
      f.idx = cur - 1;
      if (enter_child()) return true;
      return descend_last();
    }
    if (cur == 0 && f.node->has_value) {
      f.idx = -1;
      key_.resize(f.keylen);
      on_leaf_ = false;
      valid_ = true;
      return true;
    }
    stack_.pop_back();
    if (stack_.empty()) return invalidate();
    cur = stack_.back().idx;
  }
}

bool Rax::Iterator::next() {
  if (!valid_) return false;
  return advance_from(on_leaf_ ? stack_.back().idx : -1);
}

bool Rax::Iterator::prev() {
  if (!valid_) return false;
  return retreat_from(on_leaf_ ? stack_.back().idx : -1);
}

bool Rax::Iterator::seek_first() {
  stack_.clear();
  push(as_node(rax_->root_), 0);
  return descend_first();
}

bool Rax::Iterator::seek_last() {
  stack_.clear();
  push(as_node(rax_->root_), 0);
  return descend_last();
}

bool Rax::Iterator::seek_ge(std::string_view key_sv) {
  const uint8_t* key = reinterpret_cast<const uint8_t*>(key_sv.data());
  const size_t klen = key_sv.size();
  stack_.clear();
  push(as_node(rax_->root_), 0);
  size_t pos = 0;
  while (true) {
    Node* n = stack_.back().node;
    size_t m = std::min<size_t>(n->plen, klen - pos);
    int cmp = m ? std::memcmp(prefix(n), key + pos, m) : 0;
    if (cmp > 0 || (cmp == 0 && m < n->plen)) return descend_first();  // subtree > key
    if (cmp < 0) {
      // The whole subtree is smaller: continue after it.
      stack_.pop_back();
      if (stack_.empty()) return invalidate();
      return advance_from(stack_.back().idx);
    }
    pos += n->plen;
    if (pos == klen) return descend_first();
    uint8_t c = key[pos];
    int lb = lower_bound(n, c);
    if (lb < n->nchild && labels(n)[lb] == c) {
      stack_.back().idx = lb;
      if (enter_child()) {
        if (pos + 1 == klen) return true;
        return advance_from(lb);  // the leaf is a proper prefix of key: smaller
      }
      pos += 1;
      continue;
    }
    // Children from lb on are greater; the value and the children before are smaller.
    return advance_from(lb - 1);
  }
}

bool Rax::Iterator::seek_gt(std::string_view key) {
  if (!seek_ge(key)) return false;
  if (key_ == key) return next();
  return true;
}

bool Rax::Iterator::seek_le(std::string_view key) {
  if (!seek_ge(key)) return seek_last();
  if (key_ == key) return true;
  return prev();
}

bool Rax::Iterator::seek_lt(std::string_view key) {
  if (!seek_ge(key)) return seek_last();
  return prev();
}

}  // namespace eddy
