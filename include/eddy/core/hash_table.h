// Intrusive chained hash table with incremental rehashing and a stateless SCAN cursor.
//
// Used by the keyspace (keys and expires) and by the large encodings of collections.
// Nodes are owned by the caller; each carries an `hnext` pointer. Traits supply
// `hash(const Node&)` and `equal(const Node&, const Key&)`.
//
//   t[0]: [b0]->n->n  [b1]  [b2]->n ...        (always present)
//   t[1]: [b0] [b1] ... (2x or 1/2x size)     (only while rehashing)
//           ^ rehash_idx_: buckets of t[0] below it have been moved to t[1]
//
// Invariants: while rehashing, buckets of t[0] with index < rehash_idx_ are empty; every
// operation moves at most a few buckets (no stop-the-world rehash). scan() returns every
// node present for the whole scan at least once, even if the table grows or shrinks
// between calls (reverse-binary cursor increment, as Redis guarantees).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <utility>

namespace eddy {

template <typename Node, typename Traits>
class HashTable {
 public:
  HashTable() = default;
  HashTable(const HashTable&) = delete;
  HashTable& operator=(const HashTable&) = delete;
  HashTable(HashTable&& o) noexcept { swap(o); }
  HashTable& operator=(HashTable&& o) noexcept {
    swap(o);
    return *this;
  }
  ~HashTable() {
    std::free(t_[0].b);
    std::free(t_[1].b);
  }

  void swap(HashTable& o) noexcept {
    std::swap(t_[0], o.t_[0]);
    std::swap(t_[1], o.t_[1]);
    std::swap(rehash_idx_, o.rehash_idx_);
    std::swap(size_, o.size_);
    std::swap(pause_rehash_, o.pause_rehash_);
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t bucket_count() const { return t_[0].n + t_[1].n; }
  bool rehashing() const { return rehash_idx_ >= 0; }
  // Bytes used by bucket arrays (for MEMORY USAGE / INFO).
  size_t bucket_bytes() const { return bucket_count() * sizeof(Node*); }

  template <typename Key>
  Node* find(const Key& key, uint64_t h) {
    if (size_ == 0) return nullptr;
    step();
    for (int t = 0; t < 2; ++t) {
      if (t_[t].n == 0) continue;
      for (Node* n = t_[t].b[h & t_[t].mask()]; n; n = n->hnext)
        if (Traits::equal(*n, key)) return n;
      if (!rehashing()) break;
    }
    return nullptr;
  }

  // Cache hints for a caller that knows the hashes of its next operations in advance
  // (RDB loading): bring the bucket slot for `h` into cache, or, once it is there, the
  // first node of its chain. They only touch the main table (a prefetch of an empty slot
  // or a null address is harmless) and are written without conditions around the
  // prefetch because GCC 12 drops __builtin_prefetch under some of them.
  void prefetch_bucket(uint64_t h) const { __builtin_prefetch(t_[0].b + (h & t_[0].mask())); }
  void prefetch_chain(uint64_t h) const {
    if (t_[0].n) __builtin_prefetch(t_[0].b[h & (t_[0].n - 1)]);
  }

  // Makes room for `n` nodes up front (loading a snapshot that states its size): an empty
  // table gets that many buckets at once, a smaller idle one starts growing towards it.
  void reserve(size_t n) {
    if (rehashing() || n <= t_[0].n) return;
    size_t want = kMinBuckets;
    while (want < n) want *= 2;
    if (t_[0].n == 0) {
      t_[0].b = static_cast<Node**>(std::calloc(want, sizeof(Node*)));
      t_[0].n = want;
      return;
    }
    start_rehash(want);
  }

  // Inserts a node whose key is known to be absent.
  void insert(Node* node, uint64_t h) {
    grow_if_needed();
    step();
    Table& t = rehashing() ? t_[1] : t_[0];
    Node** slot = &t.b[h & t.mask()];
    node->hnext = *slot;
    *slot = node;
    ++size_;
  }

  // Unlinks and returns the node with this key, or nullptr.
  template <typename Key>
  Node* remove(const Key& key, uint64_t h) {
    if (size_ == 0) return nullptr;
    step();
    for (int t = 0; t < 2; ++t) {
      if (t_[t].n == 0) continue;
      Node** pp = &t_[t].b[h & t_[t].mask()];
      while (*pp) {
        if (Traits::equal(**pp, key)) {
          Node* n = *pp;
          *pp = n->hnext;
          n->hnext = nullptr;
          --size_;
          return n;
        }
        pp = &(*pp)->hnext;
      }
      if (!rehashing()) break;
    }
    return nullptr;
  }

  // Replaces `old_node` (same key, same hash) with `new_node` in its chain.
  void replace(Node* old_node, Node* new_node, uint64_t h) {
    for (int t = 0; t < 2; ++t) {
      if (t_[t].n == 0) continue;
      Node** pp = &t_[t].b[h & t_[t].mask()];
      while (*pp) {
        if (*pp == old_node) {
          new_node->hnext = old_node->hnext;
          *pp = new_node;
          old_node->hnext = nullptr;
          return;
        }
        pp = &(*pp)->hnext;
      }
    }
  }

  // Calls fn(Node*) for every node; fn may not modify the table.
  template <typename Fn>
  void for_each(Fn&& fn) const {
    for (int t = 0; t < 2; ++t)
      for (size_t i = 0; i < t_[t].n; ++i)
        for (Node* n = t_[t].b[i]; n;) {
          Node* next = n->hnext;
          fn(n);
          n = next;
        }
  }

  // Removes every node, calling del(Node*) on each.
  template <typename Fn>
  void clear(Fn&& del) {
    for (int t = 0; t < 2; ++t) {
      for (size_t i = 0; i < t_[t].n; ++i)
        for (Node* n = t_[t].b[i]; n;) {
          Node* next = n->hnext;
          del(n);
          n = next;
        }
      std::free(t_[t].b);
      t_[t] = Table{};
    }
    rehash_idx_ = -1;
    size_ = 0;
  }

  // Moves up to `buckets` buckets to the new table. Returns true if more work remains.
  bool rehash_step(size_t buckets) {
    if (!rehashing()) return false;
    size_t empty_visits = buckets * 10;
    while (buckets-- && t_[0].used_nodes_left(size_)) {
      while (static_cast<size_t>(rehash_idx_) < t_[0].n && t_[0].b[rehash_idx_] == nullptr) {
        ++rehash_idx_;
        if (--empty_visits == 0) return true;
      }
      if (static_cast<size_t>(rehash_idx_) >= t_[0].n) break;
      Node* n = t_[0].b[rehash_idx_];
      while (n) {
        Node* next = n->hnext;
        uint64_t h = Traits::hash(*n);
        Node** slot = &t_[1].b[h & t_[1].mask()];
        n->hnext = *slot;
        *slot = n;
        n = next;
      }
      t_[0].b[rehash_idx_] = nullptr;
      ++rehash_idx_;
    }
    if (static_cast<size_t>(rehash_idx_) >= t_[0].n || t_[1].n == 0 || all_moved()) {
      finish_rehash();
      return false;
    }
    return true;
  }

  // Shrinks the table when it is mostly empty (called from cron, like Redis's resize).
  void maybe_shrink() {
    if (rehashing() || t_[0].n <= kMinBuckets) return;
    if (size_ * 8 < t_[0].n) start_rehash(next_pow2(size_ < kMinBuckets ? kMinBuckets : size_));
  }

  void pause_rehash(bool p) { pause_rehash_ += p ? 1 : -1; }

  // SCAN: calls fn(Node*) for the nodes of the buckets under `cursor`; returns next cursor.
  template <typename Fn>
  uint64_t scan(uint64_t cursor, Fn&& fn) {
    if (size_ == 0) return 0;
    if (!rehashing()) {
      const Table& t = t_[0];
      uint64_t m = t.mask();
      emit_bucket(t, cursor & m, fn);
      return next_cursor(cursor, m);
    }
    const Table* small = &t_[0];
    const Table* large = &t_[1];
    if (small->n > large->n) std::swap(small, large);
    uint64_t m0 = small->mask(), m1 = large->mask();
    emit_bucket(*small, cursor & m0, fn);
    do {
      emit_bucket(*large, cursor & m1, fn);
      cursor = next_cursor(cursor, m1);
    } while (cursor & (m0 ^ m1));
    return cursor;
  }

  // A random node, or nullptr if empty. Picks a random non-empty bucket then a random node
  // of its chain (good enough for RANDOMKEY and expiry sampling, as in Redis).
  template <typename Rng>
  Node* random_node(Rng& rng) {
    if (size_ == 0) return nullptr;
    if (rehashing()) rehash_step(1);
    Node* head = nullptr;
    for (int tries = 0; !head; ++tries) {
      if (!rehashing()) {
        head = t_[0].b[rng() & t_[0].mask()];
      } else {
        size_t total = t_[0].n + t_[1].n;
        size_t i = static_cast<size_t>(rng() % total);
        head = i < t_[0].n ? t_[0].b[i] : t_[1].b[i - t_[0].n];
      }
      if (tries > 1000000) return first_node();
    }
    size_t len = 0;
    for (Node* n = head; n; n = n->hnext) ++len;
    size_t k = static_cast<size_t>(rng() % len);
    while (k--) head = head->hnext;
    return head;
  }

  // Visits up to `count` nodes starting at a bucket index that advances across calls
  // (used by active expiry sampling). Returns the number of buckets visited.
  template <typename Fn>
  size_t sample_buckets(uint64_t* cursor, size_t count, Fn&& fn) {
    size_t visited = 0, seen = 0;
    if (size_ == 0) return 0;
    while (seen < count && visited < count * 20 + 64) {
      uint64_t before = *cursor;
      *cursor = scan(*cursor, [&](Node* n) {
        fn(n);
        ++seen;
      });
      ++visited;
      if (*cursor == 0 && before != 0) break;
      if (size_ == 0) break;
    }
    return visited;
  }

 private:
  static constexpr size_t kMinBuckets = 4;
  struct Table {
    Node** b = nullptr;
    size_t n = 0;
    uint64_t mask() const { return n ? n - 1 : 0; }
    bool used_nodes_left(size_t) const { return true; }
  };

  static size_t next_pow2(size_t v) {
    size_t p = kMinBuckets;
    while (p < v) p <<= 1;
    return p;
  }
  static uint64_t rev(uint64_t v) { return __builtin_bitreverse64_fallback(v); }
  static uint64_t __builtin_bitreverse64_fallback(uint64_t v) {
    v = ((v >> 1) & 0x5555555555555555ULL) | ((v & 0x5555555555555555ULL) << 1);
    v = ((v >> 2) & 0x3333333333333333ULL) | ((v & 0x3333333333333333ULL) << 2);
    v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((v & 0x0F0F0F0F0F0F0F0FULL) << 4);
    v = ((v >> 8) & 0x00FF00FF00FF00FFULL) | ((v & 0x00FF00FF00FF00FFULL) << 8);
    v = ((v >> 16) & 0x0000FFFF0000FFFFULL) | ((v & 0x0000FFFF0000FFFFULL) << 16);
    return (v >> 32) | (v << 32);
  }
  static uint64_t next_cursor(uint64_t cursor, uint64_t mask) {
    cursor |= ~mask;
    cursor = rev(cursor);
    ++cursor;
    return rev(cursor);
  }
  template <typename Fn>
  static void emit_bucket(const Table& t, uint64_t idx, Fn& fn) {
    for (Node* n = t.b[idx]; n;) {
      Node* next = n->hnext;
      fn(n);
      n = next;
    }
  }

  Node* first_node() {
    for (int t = 0; t < 2; ++t)
      for (size_t i = 0; i < t_[t].n; ++i)
        if (t_[t].b[i]) return t_[t].b[i];
    return nullptr;
  }

  bool all_moved() const { return false; }

  void step() {
    if (rehashing() && pause_rehash_ == 0) rehash_step(1);
  }

  void grow_if_needed() {
    if (rehashing()) return;
    if (t_[0].n == 0) {
      t_[0].b = static_cast<Node**>(std::calloc(kMinBuckets, sizeof(Node*)));
      t_[0].n = kMinBuckets;
      return;
    }
    if (size_ >= t_[0].n) start_rehash(t_[0].n * 2);
  }

  void start_rehash(size_t n) {
    t_[1].b = static_cast<Node**>(std::calloc(n, sizeof(Node*)));
    t_[1].n = n;
    rehash_idx_ = 0;
  }

  void finish_rehash() {
    std::free(t_[0].b);
    t_[0] = t_[1];
    t_[1] = Table{};
    rehash_idx_ = -1;
  }

  Table t_[2];
  int64_t rehash_idx_ = -1;
  size_t size_ = 0;
  int pause_rehash_ = 0;
};

}  // namespace eddy
