#include "eddy/types/set.h"

#include <cstddef>
#include <limits>
#include <unordered_set>
#include <vector>

#include "eddy/base/strutil.h"

namespace eddy {
namespace {

uint8_t width_for(int64_t v) {
  if (v >= std::numeric_limits<int16_t>::min() && v <= std::numeric_limits<int16_t>::max())
    return 2;
  if (v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max())
    return 4;
  return 8;
}

bool as_int(std::string_view s, int64_t* v) {
  return !s.empty() && s.size() <= 20 && string_to_ll(s, v);
}

}  // namespace

// --- IntSet ------------------------------------------------------------------------------

IntSet IntSet::clone() const {
  IntSet c;
  if (buf_) {
    c.buf_ = static_cast<uint8_t*>(std::malloc(bytes()));
    if (!c.buf_) std::abort();
    std::memcpy(c.buf_, buf_, bytes());
  }
  return c;
}

int64_t IntSet::at(size_t i) const {
  const uint8_t* p = buf_ + kHeader;
  switch (width()) {
    case 2: {
      int16_t v;
      std::memcpy(&v, p + i * 2, 2);
      return v;
    }
    case 4: {
      int32_t v;
      std::memcpy(&v, p + i * 4, 4);
      return v;
    }
    default: {
      int64_t v;
      std::memcpy(&v, p + i * 8, 8);
      return v;
    }
  }
}

void IntSet::store(size_t i, int64_t v) {
  uint8_t* p = buf_ + kHeader;
  switch (width()) {
    case 2: {
      auto x = static_cast<int16_t>(v);
      std::memcpy(p + i * 2, &x, 2);
      break;
    }
    case 4: {
      auto x = static_cast<int32_t>(v);
      std::memcpy(p + i * 4, &x, 4);
      break;
    }
    default: std::memcpy(p + i * 8, &v, 8);
  }
}

void IntSet::resize(size_t n, uint8_t w) {
  auto* nb = static_cast<uint8_t*>(std::realloc(buf_, kHeader + n * w));
  if (!nb) std::abort();
  if (!buf_) std::memset(nb, 0, kHeader);
  buf_ = nb;
  buf_[4] = w;
}

bool IntSet::find(int64_t v, size_t* pos) const {
  size_t n = size();
  if (n == 0 || width_for(v) > width()) {
    *pos = (n == 0 || v < 0) ? 0 : n;
    return false;
  }
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int64_t x = at(mid);
    if (x == v) {
      *pos = mid;
      return true;
    }
    if (x < v)
      lo = mid + 1;
    else
      hi = mid;
  }
  *pos = lo;
  return false;
}

bool IntSet::insert(int64_t v) {
  uint8_t need = width_for(v);
  size_t n = size();
  if (n == 0) {
    resize(1, need);
    set_count(1);
    store(0, v);
    return true;
  }
  if (need > width()) {
    // v lies outside every current value's range: it becomes the new minimum or maximum.
    std::vector<int64_t> vals(n);
    for (size_t i = 0; i < n; ++i) vals[i] = at(i);
    resize(n + 1, need);
    size_t shift = v < 0 ? 1 : 0;
    for (size_t i = 0; i < n; ++i) store(i + shift, vals[i]);
    store(v < 0 ? 0 : n, v);
    set_count(static_cast<uint32_t>(n + 1));
    return true;
  }
  size_t pos;
  if (find(v, &pos)) return false;
  uint8_t w = width();
  resize(n + 1, w);
  std::memmove(buf_ + kHeader + (pos + 1) * w, buf_ + kHeader + pos * w, (n - pos) * w);
  store(pos, v);
  set_count(static_cast<uint32_t>(n + 1));
  return true;
}

void IntSet::erase_at(size_t i) {
  size_t n = size();
  if (n == 1) {
    clear();
    return;
  }
  uint8_t w = width();
  std::memmove(buf_ + kHeader + i * w, buf_ + kHeader + (i + 1) * w, (n - i - 1) * w);
  set_count(static_cast<uint32_t>(n - 1));
  resize(n - 1, w);
}

bool IntSet::erase(int64_t v) {
  size_t pos;
  if (!find(v, &pos)) return false;
  erase_at(pos);
  return true;
}

// --- SetNode -----------------------------------------------------------------------------

SetNode* SetNode::create(std::string_view m, size_t* alloc_bytes) {
  size_t size = offsetof(SetNode, data) + varint::size(m.size()) + m.size();
  auto* n = static_cast<SetNode*>(std::malloc(size));
  if (!n) std::abort();
  n->hnext = nullptr;
  size_t h = varint::put(n->data, m.size());
  if (!m.empty()) std::memcpy(n->data + h, m.data(), m.size());
  *alloc_bytes = size;
  return n;
}

void SetNode::destroy(SetNode* n) { std::free(n); }

// --- Set ---------------------------------------------------------------------------------

namespace {
size_t node_alloc_size(const SetNode* n) {
  size_t len = n->member().size();
  return offsetof(SetNode, data) + varint::size(len) + len;
}
}  // namespace

Set::~Set() {
  if (table_) {
    table_->ht.clear([](SetNode* n) { SetNode::destroy(n); });
    delete table_;
  }
}

std::unique_ptr<Object> Set::clone() const {
  auto c = std::make_unique<Set>();
  if (table_) {
    c->table_ = new Table();
    for_each([&](const ElemRef& e) { c->table_add(e.view()); });
  } else {
    c->ints_ = ints_.clone();
  }
  return c;
}

size_t Set::memory_usage() const {
  if (!table_) return sizeof(Set) + ints_.bytes();
  return sizeof(Set) + sizeof(Table) + table_->ht.bucket_bytes() + table_->node_bytes;
}

size_t Set::size() const { return table_ ? table_->ht.size() : ints_.size(); }

bool Set::contains(std::string_view m) const {
  if (table_) return table_->ht.find(m, hash_key(m)) != nullptr;
  int64_t v;
  return as_int(m, &v) && ints_.contains(v);
}

bool Set::table_add(std::string_view m) {
  uint64_t h = hash_key(m);
  if (table_->ht.find(m, h)) return false;
  size_t bytes;
  SetNode* n = SetNode::create(m, &bytes);
  table_->ht.insert(n, h);
  table_->node_bytes += bytes;
  return true;
}

bool Set::add(std::string_view m, const CollectionLimits& limits) {
  if (!table_) {
    int64_t v;
    if (as_int(m, &v)) {
      if (!ints_.insert(v)) return false;
      if (ints_.size() > limits.set_max_intset_entries) convert_to_table();
      return true;
    }
    convert_to_table();
  }
  return table_add(m);
}

bool Set::remove(std::string_view m) {
  if (!table_) {
    int64_t v;
    return as_int(m, &v) && ints_.erase(v);
  }
  SetNode* n = table_->ht.remove(m, hash_key(m));
  if (!n) return false;
  table_->node_bytes -= node_alloc_size(n);
  SetNode::destroy(n);
  table_->ht.maybe_shrink();
  return true;
}

void Set::convert_to_table() {
  if (table_) return;
  table_ = new Table();
  char buf[24];
  for (size_t i = 0; i < ints_.size(); ++i) {
    int len = ll_to_chars(ints_.at(i), buf);
    table_add(std::string_view(buf, static_cast<size_t>(len)));
  }
  ints_.clear();
}

void Set::for_each(FnRef<void(const ElemRef&)> fn) const {
  if (!table_) {
    for (size_t i = 0; i < ints_.size(); ++i) fn(ElemRef::of_int(ints_.at(i)));
    return;
  }
  table_->ht.for_each([&](SetNode* n) { fn(ElemRef::of_string(n->member())); });
}

uint64_t Set::scan(uint64_t cursor, FnRef<void(const ElemRef&)> fn) const {
  if (!table_) {
    for_each(fn);
    return 0;
  }
  return table_->ht.scan(cursor, [&](SetNode* n) { fn(ElemRef::of_string(n->member())); });
}

ElemRef Set::random_member(TypeRng& rng) const {
  if (!table_) return ElemRef::of_int(ints_.at(rng() % ints_.size()));
  return ElemRef::of_string(table_->ht.random_node(rng)->member());
}

std::string Set::pop_random(TypeRng& rng) {
  if (!table_) {
    size_t i = rng() % ints_.size();
    int64_t v = ints_.at(i);
    ints_.erase_at(i);
    return ll_to_string(v);
  }
  SetNode* n = table_->ht.random_node(rng);
  std::string out(n->member());
  table_->ht.remove(std::string_view(out), hash_key(out));
  table_->node_bytes -= node_alloc_size(n);
  SetNode::destroy(n);
  table_->ht.maybe_shrink();
  return out;
}

std::vector<std::string> Set::random_distinct(size_t count, TypeRng& rng) const {
  std::vector<std::string> out;
  size_t n = size();
  if (count >= n) {
    out.reserve(n);
    for_each([&](const ElemRef& e) { out.push_back(e.str()); });
    return out;
  }
  out.reserve(count);
  if (!table_ && count * 3 <= n) {
    // Few members of a large intset: random positions, skipping repeats (O(count), where a
    // pass over the intset would be O(size) for every SRANDMEMBER call).
    std::unordered_set<size_t> seen;
    while (out.size() < count) {
      size_t i = static_cast<size_t>(rng() % n);
      if (seen.insert(i).second) out.push_back(ll_to_string(ints_.at(i)));
    }
    return out;
  }
  if (count * 3 > n) {
    // Selection sampling: one pass, each member taken with probability needed/remaining.
    size_t needed = count, remaining = n;
    for_each([&](const ElemRef& e) {
      if (needed && rng() % remaining < needed) {
        out.push_back(e.str());
        --needed;
      }
      --remaining;
    });
    return out;
  }
  // Few members of a large table: random picks, skipping repeats.
  std::unordered_set<const SetNode*> seen;
  while (out.size() < count) {
    const SetNode* node = table_->ht.random_node(rng);
    if (seen.insert(node).second) out.emplace_back(node->member());
  }
  return out;
}

}  // namespace eddy
