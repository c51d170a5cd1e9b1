#include "eddy/types/hash.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <unordered_set>

#include "eddy/base/strutil.h"

namespace eddy {

// --- HashNode ----------------------------------------------------------------------------

std::string_view HashNode::field() const {
  uint64_t flen, vlen;
  size_t n = varint::get(data, &flen);
  n += varint::get(data + n, &vlen);
  return {reinterpret_cast<const char*>(data + n), static_cast<size_t>(flen)};
}

std::string_view HashNode::value() const {
  uint64_t flen, vlen;
  size_t n = varint::get(data, &flen);
  n += varint::get(data + n, &vlen);
  return {reinterpret_cast<const char*>(data + n + flen), static_cast<size_t>(vlen)};
}

size_t HashNode::alloc_size(size_t flen, size_t vlen) {
  return offsetof(HashNode, data) + varint::size(flen) + varint::size(vlen) + flen + vlen;
}

HashNode* HashNode::create(std::string_view field, std::string_view value) {
  auto* n = static_cast<HashNode*>(std::malloc(alloc_size(field.size(), value.size())));
  if (!n) std::abort();
  n->hnext = nullptr;
  size_t off = varint::put(n->data, field.size());
  off += varint::put(n->data + off, value.size());
  if (!field.empty()) std::memcpy(n->data + off, field.data(), field.size());
  if (!value.empty()) std::memcpy(n->data + off + field.size(), value.data(), value.size());
  return n;
}

// --- Hash --------------------------------------------------------------------------------

Hash::~Hash() {
  if (Table* t = table()) {
    t->ht.clear([](HashNode* n) { HashNode::destroy(n); });
    delete t;
  } else {
    lp_.~Listpack();
  }
}

std::unique_ptr<Object> Hash::clone() const {
  auto c = std::make_unique<Hash>();
  if (table()) {
    c->set_table(new Table());
    bool created;
    for_each([&](const ElemRef& f, const ElemRef& v) { c->table_set(f.view(), v.view(), &created); });
  } else {
    c->lp_ = lp_.clone();
  }
  return c;
}

size_t Hash::memory_usage() const {
  if (!table()) return sizeof(Hash) + lp_.bytes();
  return sizeof(Hash) + sizeof(Table) + table()->ht.bucket_bytes() + table()->node_bytes;
}

size_t Hash::size() const { return table() ? table()->ht.size() : lp_.size() / 2; }

std::optional<ElemRef> Hash::get(std::string_view field) const {
  if (table()) {
    HashNode* n = table()->ht.find(field, hash_key(field));
    if (!n) return std::nullopt;
    return ElemRef::of_string(n->value());
  }
  auto p = lp_.find(PackNeedle(field), lp_.begin(), 1);
  if (p == lp_.end()) return std::nullopt;
  return lp_.get(lp_.next(p));
}

bool Hash::contains(std::string_view field) const {
  if (table()) return table()->ht.find(field, hash_key(field)) != nullptr;
  return lp_.find(PackNeedle(field), lp_.begin(), 1) != lp_.end();
}

void Hash::table_set(std::string_view field, std::string_view value, bool* created) {
  uint64_t h = hash_key(field);
  HashNode* old = table()->ht.find(field, h);
  if (old) {
    *created = false;
    if (old->value().size() == value.size()) {
      std::memmove(const_cast<char*>(old->value().data()), value.data(), value.size());
      return;
    }
    HashNode* n = HashNode::create(field, value);
    table()->ht.replace(old, n, h);
    table()->node_bytes += HashNode::alloc_size(field.size(), value.size());
    table()->node_bytes -= HashNode::alloc_size(field.size(), old->value().size());
    HashNode::destroy(old);
    return;
  }
  *created = true;
  table()->ht.insert(HashNode::create(field, value), h);
  table()->node_bytes += HashNode::alloc_size(field.size(), value.size());
}

bool Hash::set(std::string_view field, std::string_view value, const CollectionLimits& limits) {
  if (!table() && (field.size() > limits.hash_max_listpack_value ||
                  value.size() > limits.hash_max_listpack_value))
    convert_to_table();
  bool created;
  if (table()) {
    table_set(field, value, &created);
    return created;
  }
  auto p = lp_.find(PackNeedle(field), lp_.begin(), 1);
  if (p != lp_.end()) {
    lp_.replace(lp_.next(p), value);
    return false;
  }
  lp_.push_back(field);
  lp_.push_back(value);
  if (size() > limits.hash_max_listpack_entries) convert_to_table();
  return true;
}

bool Hash::erase(std::string_view field) {
  if (table()) {
    HashNode* n = table()->ht.remove(field, hash_key(field));
    if (!n) return false;
    table()->node_bytes -= HashNode::alloc_size(n->field().size(), n->value().size());
    HashNode::destroy(n);
    table()->ht.maybe_shrink();
    return true;
  }
  auto p = lp_.find(PackNeedle(field), lp_.begin(), 1);
  if (p == lp_.end()) return false;
  lp_.erase_n(p, 2);
  return true;
}

Hash::IncrStatus Hash::incr_by(std::string_view field, int64_t delta,
                               const CollectionLimits& limits, int64_t* result) {
  int64_t cur = 0;
  if (auto v = get(field)) {
    if (v->is_int())
      cur = v->int_value();
    else if (!string_to_ll(v->view(), &cur))
      return IncrStatus::NotInteger;
  }
  if ((delta < 0 && cur < 0 && delta < std::numeric_limits<int64_t>::min() - cur) ||
      (delta > 0 && cur > 0 && delta > std::numeric_limits<int64_t>::max() - cur))
    return IncrStatus::Overflow;
  cur += delta;
  char buf[24];
  int len = ll_to_chars(cur, buf);
  set(field, std::string_view(buf, static_cast<size_t>(len)), limits);
  *result = cur;
  return IncrStatus::Ok;
}

Hash::IncrStatus Hash::incr_by_float(std::string_view field, long double delta,
                                     const CollectionLimits& limits, std::string* result) {
  long double cur = 0;
  if (auto v = get(field)) {
    if (!string_to_long_double(v->view(), &cur)) return IncrStatus::NotFloat;
  }
  cur += delta;
  if (std::isnan(cur) || std::isinf(cur)) return IncrStatus::NanOrInf;
  *result = long_double_to_string(cur);
  set(field, *result, limits);
  return IncrStatus::Ok;
}

void Hash::convert_to_table() {
  if (table()) return;
  // Build the table from the packed entries, then free the listpack and switch forms.
  Listpack packed = std::move(lp_);
  set_table(new Table());
  bool created;
  for (auto p = packed.begin(); p != packed.end();) {
    ElemRef f = packed.get(p);
    p = packed.next(p);
    ElemRef v = packed.get(p);
    p = packed.next(p);
    table_set(f.view(), v.view(), &created);
  }
}

void Hash::for_each(PairFn fn) const {
  if (table()) {
    table()->ht.for_each([&](HashNode* n) {
      fn(ElemRef::of_string(n->field()), ElemRef::of_string(n->value()));
    });
    return;
  }
  for (auto p = lp_.begin(); p != lp_.end();) {
    ElemRef f = lp_.get(p);
    p = lp_.next(p);
    ElemRef v = lp_.get(p);
    p = lp_.next(p);
    fn(f, v);
  }
}

uint64_t Hash::scan(uint64_t cursor, PairFn fn) const {
  if (!table()) {
    for_each(fn);
    return 0;
  }
  return table()->ht.scan(cursor, [&](HashNode* n) {
    fn(ElemRef::of_string(n->field()), ElemRef::of_string(n->value()));
  });
}

std::pair<ElemRef, ElemRef> Hash::random_pair(TypeRng& rng) const {
  if (table()) {
    HashNode* n = table()->ht.random_node(rng);
    return {ElemRef::of_string(n->field()), ElemRef::of_string(n->value())};
  }
  auto p = lp_.seek(static_cast<int64_t>(2 * (rng() % size())));
  return {lp_.get(p), lp_.get(lp_.next(p))};
}

void Hash::random_pairs(size_t count, TypeRng& rng, PairFn fn) const {
  if (count == 0 || empty()) return;
  if (table()) {
    while (count--) {
      HashNode* n = table()->ht.random_node(rng);
      fn(ElemRef::of_string(n->field()), ElemRef::of_string(n->value()));
    }
    return;
  }
  // Batches of picks: sort the picked indexes, resolve them in one walk, then hand them
  // out in the order they were drawn.
  constexpr size_t kBatch = 512;
  size_t n = size();
  std::vector<std::pair<size_t, size_t>> picks;  // (pair index, draw order)
  std::vector<Listpack::Pos> pos(kBatch);
  while (count) {
    size_t b = std::min(count, kBatch);
    picks.clear();
    for (size_t i = 0; i < b; ++i) picks.emplace_back(rng() % n, i);
    std::sort(picks.begin(), picks.end());
    auto p = lp_.begin();
    size_t at = 0;
    for (const auto& [idx, order] : picks) {
      while (at < idx) {
        p = lp_.next(lp_.next(p));
        ++at;
      }
      pos[order] = p;
    }
    for (size_t i = 0; i < b; ++i) fn(lp_.get(pos[i]), lp_.get(lp_.next(pos[i])));
    count -= b;
  }
}

std::vector<std::pair<std::string, std::string>> Hash::random_distinct(size_t count,
                                                                       TypeRng& rng) const {
  std::vector<std::pair<std::string, std::string>> out;
  size_t n = size();
  auto take = [&](const ElemRef& f, const ElemRef& v) { out.emplace_back(f.str(), v.str()); };
  if (count >= n) {
    out.reserve(n);
    for_each(take);
    return out;
  }
  out.reserve(count);
  if (!table() || count * 3 > n) {
    size_t needed = count, remaining = n;
    for_each([&](const ElemRef& f, const ElemRef& v) {
      if (needed && rng() % remaining < needed) {
        take(f, v);
        --needed;
      }
      --remaining;
    });
    return out;
  }
  std::unordered_set<const HashNode*> seen;
  while (out.size() < count) {
    const HashNode* node = table()->ht.random_node(rng);
    if (seen.insert(node).second) out.emplace_back(node->field(), node->value());
  }
  return out;
}

}  // namespace eddy
