#include "eddy/types/list.h"

#include <algorithm>
#include <limits>

namespace eddy {
namespace {

// Node byte caps for fill -1..-5; lower values use the largest.
constexpr size_t kNodeBytes[] = {4096, 8192, 16384, 32768, 65536};
// Count-limited nodes (positive fill) still stop growing past this many bytes.
constexpr size_t kCountNodeSafetyBytes = 8192;

}  // namespace

std::unique_ptr<Object> List::clone() const {
  auto c = std::make_unique<List>(fill_);
  for (size_t n = 0; n < count_; ++n) c->ring_insert(n, slot(n).clone());
  c->length_ = length_;
  return c;
}

size_t List::memory_usage() const {
  size_t total = sizeof(List) + cap_ * sizeof(Listpack);
  for (size_t n = 0; n < count_; ++n) total += slot(n).bytes();
  return total;
}

// --- ring of nodes -----------------------------------------------------------------------

void List::ring_grow() {
  uint32_t ncap = cap_ ? cap_ * 2 : 1;
  auto* ns = new Listpack[ncap];
  for (size_t i = 0; i < count_; ++i) ns[i] = std::move(slot(i));
  delete[] slots_;
  slots_ = ns;
  cap_ = ncap;
  head_ = 0;
}

void List::ring_insert(size_t i, Listpack&& lp) {
  if (count_ == cap_) ring_grow();
  if (i < count_ / 2) {
    head_ = (head_ - 1) & (cap_ - 1);
    for (size_t k = 0; k < i; ++k) slot(k) = std::move(slot(k + 1));
  } else {
    for (size_t k = count_; k > i; --k) slot(k) = std::move(slot(k - 1));
  }
  slot(i) = std::move(lp);
  ++count_;
}

void List::ring_erase(size_t i) {
  slot(i).clear();
  if (i < count_ / 2) {
    for (size_t k = i; k > 0; --k) slot(k) = std::move(slot(k - 1));
    head_ = (head_ + 1) & (cap_ - 1);
  } else {
    for (size_t k = i; k + 1 < count_; ++k) slot(k) = std::move(slot(k + 1));
  }
  --count_;
  if (count_ == 0) head_ = 0;
}

void List::clear() {
  delete[] slots_;
  slots_ = nullptr;
  cap_ = head_ = count_ = 0;
  length_ = 0;
}

// --- node limits -------------------------------------------------------------------------

bool List::fits(size_t bytes, size_t entries) const {
  if (fill_ >= 0) {
    size_t max_entries = fill_ == 0 ? 1 : static_cast<size_t>(fill_);
    return entries <= max_entries && bytes <= kCountNodeSafetyBytes;
  }
  size_t idx = std::min<size_t>(static_cast<size_t>(-static_cast<int64_t>(fill_)) - 1, 4);
  return bytes <= kNodeBytes[idx];
}

bool List::accepts(const Listpack& lp, std::string_view v) const {
  if (lp.empty()) return true;
  return fits(lp.bytes() + Listpack::entry_size(v), lp.size() + 1);
}

void List::locate(size_t* node, size_t* offset) const {
  size_t idx = *offset;
  size_t n;
  if (idx < length_ / 2) {
    n = 0;
    while (idx >= slot(n).size()) idx -= slot(n++).size();
  } else {
    size_t from_end = length_ - idx;  // >= 1
    n = count_ - 1;
    while (from_end > slot(n).size()) from_end -= slot(n--).size();
    idx = slot(n).size() - from_end;
  }
  *node = n;
  *offset = idx;
}

// --- ends --------------------------------------------------------------------------------

void List::push_front(std::string_view v) {
  if (count_ == 0 || !accepts(slot(0), v)) ring_insert(0, new_end_node());
  slot(0).push_front(v);
  ++length_;
}

// A list that already filled a node is a big list: its new end nodes are allocated at the
// node size at once (byte-limited fills only).
Listpack List::new_end_node() const {
  Listpack lp;
  if (count_ > 0 && fill_ < 0) {
    size_t idx = std::min<size_t>(static_cast<size_t>(-static_cast<int64_t>(fill_)) - 1, 4);
    lp.reserve(kNodeBytes[idx]);
  }
  return lp;
}

void List::push_back(std::string_view v) {
  if (count_ == 0 || !accepts(slot(count_ - 1), v)) ring_insert(count_, new_end_node());
  slot(count_ - 1).push_back(v);
  ++length_;
}

std::optional<std::string> List::pop_front() {
  if (length_ == 0) return std::nullopt;
  Listpack& lp = slot(0);
  std::string out = lp.get(lp.begin()).str();
  erase_at(0, lp.begin());
  return out;
}

std::optional<std::string> List::pop_back() {
  if (length_ == 0) return std::nullopt;
  Listpack& lp = slot(count_ - 1);
  Listpack::Pos p = lp.last();
  std::string out = lp.get(p).str();
  erase_at(count_ - 1, p);
  return out;
}

// --- by index ----------------------------------------------------------------------------

std::optional<ElemRef> List::index(int64_t i) const {
  int64_t len = static_cast<int64_t>(length_);
  if (i < 0) i += len;
  if (i < 0 || i >= len) return std::nullopt;
  size_t n, off = static_cast<size_t>(i);
  locate(&n, &off);
  const Listpack& lp = slot(n);
  return lp.get(lp.seek(static_cast<int64_t>(off)));
}

bool List::set(int64_t i, std::string_view v) {
  int64_t len = static_cast<int64_t>(length_);
  if (i < 0) i += len;
  if (i < 0 || i >= len) return false;
  size_t n, off = static_cast<size_t>(i);
  locate(&n, &off);
  Listpack& lp = slot(n);
  Listpack::Pos p = lp.seek(static_cast<int64_t>(off));
  size_t old_size = lp.next(p) - p;
  if (lp.size() == 1 || fits(lp.bytes() - old_size + Listpack::entry_size(v), lp.size())) {
    lp.replace(p, v);
    return true;
  }
  // The node would overflow: take the element out and insert the new one where it was
  // (which may split the node), then let small neighbours merge back.
  std::string copy(v);
  erase_at(n, p);
  size_t at = static_cast<size_t>(i);
  if (at == length_) {
    push_back(copy);
    return true;
  }
  size_t m, moff = at;
  locate(&m, &moff);
  insert_at(m, slot(m).seek(static_cast<int64_t>(moff)), copy);
  merge_around(m);
  return true;
}

void List::insert_at(size_t n, Listpack::Pos p, std::string_view v) {
  ++length_;
  if (accepts(slot(n), v)) {
    slot(n).insert(p, v);
    return;
  }
  bool at_head = p == slot(n).begin();
  bool at_tail = p == slot(n).end();
  if (at_tail && n + 1 < count_ && accepts(slot(n + 1), v)) {
    slot(n + 1).push_front(v);
  } else if (at_head && n > 0 && accepts(slot(n - 1), v)) {
    slot(n - 1).push_back(v);
  } else if (at_tail) {
    ring_insert(n + 1, Listpack());
    slot(n + 1).push_back(v);
  } else if (at_head) {
    ring_insert(n, Listpack());
    slot(n).push_back(v);
  } else {
    ring_insert(n + 1, slot(n).split(p));
    if (accepts(slot(n), v)) {
      slot(n).push_back(v);
    } else if (accepts(slot(n + 1), v)) {
      slot(n + 1).push_front(v);
    } else {
      ring_insert(n + 1, Listpack());
      slot(n + 1).push_back(v);
    }
  }
}

bool List::erase_at(size_t n, Listpack::Pos p) {
  Listpack& lp = slot(n);
  lp.erase(p);
  --length_;
  if (lp.empty()) {
    ring_erase(n);
    return true;
  }
  return false;
}

void List::merge_around(size_t n) {
  auto try_merge = [&](size_t a) {  // merges node a+1 into node a
    if (a + 1 >= count_) return false;
    Listpack& x = slot(a);
    Listpack& y = slot(a + 1);
    if (!fits(x.bytes() + y.bytes() - Listpack::kHeaderSize, x.size() + y.size())) return false;
    x.append(std::move(y));
    ring_erase(a + 1);
    return true;
  };
  if (n >= count_) n = count_ ? count_ - 1 : 0;
  if (count_ < 2) return;
  if (n > 0 && try_merge(n - 1)) --n;
  try_merge(n);
}

void List::compact() {
  for (size_t n = 0; n + 1 < count_;) {
    Listpack& x = slot(n);
    Listpack& y = slot(n + 1);
    if (fits(x.bytes() + y.bytes() - Listpack::kHeaderSize, x.size() + y.size())) {
      x.append(std::move(y));
      ring_erase(n + 1);
    } else {
      ++n;
    }
  }
}

// --- search and bulk edits ---------------------------------------------------------------

bool List::insert(std::string_view pivot, std::string_view v, Where where) {
  PackNeedle needle(pivot);
  for (size_t n = 0; n < count_; ++n) {
    Listpack& lp = slot(n);
    Listpack::Pos p = lp.find(needle, lp.begin());
    if (p == lp.end()) continue;
    if (where == Where::After) p = lp.next(p);
    insert_at(n, p, v);
    return true;
  }
  return false;
}

size_t List::remove(std::string_view v, int64_t count) {
  PackNeedle needle(v);
  size_t removed = 0;
  if (count >= 0) {
    size_t limit = count == 0 ? std::numeric_limits<size_t>::max() : static_cast<size_t>(count);
    for (size_t n = 0; n < count_ && removed < limit;) {
      Listpack& lp = slot(n);
      Listpack::Pos p = lp.begin();
      while (removed < limit && (p = lp.find(needle, p)) != lp.end()) {
        p = lp.erase(p);
        ++removed;
        --length_;
      }
      if (lp.empty())
        ring_erase(n);
      else
        ++n;
    }
  } else {
    size_t limit = static_cast<size_t>(-(count + 1)) + 1;
    for (size_t n = count_; n-- > 0 && removed < limit;) {
      Listpack& lp = slot(n);
      Listpack::Pos p = lp.end();
      while (removed < limit && p != lp.begin()) {
        p = lp.prev(p);
        if (lp.equals(p, needle)) {
          lp.erase(p);
          ++removed;
          --length_;
        }
      }
      if (lp.empty()) ring_erase(n);
    }
  }
  if (removed) compact();
  return removed;
}

bool List::normalize_range(int64_t start, int64_t stop, size_t* first, size_t* last) const {
  int64_t len = static_cast<int64_t>(length_);
  if (start < 0) start += len;
  if (stop < 0) stop += len;
  if (start < 0) start = 0;
  if (start > stop || start >= len) return false;
  if (stop >= len) stop = len - 1;
  *first = static_cast<size_t>(start);
  *last = static_cast<size_t>(stop);
  return true;
}

void List::erase_range(size_t first, size_t count) {
  if (count == 0) return;
  size_t n, off = first;
  locate(&n, &off);
  while (count && n < count_) {
    Listpack& lp = slot(n);
    size_t k = std::min(count, lp.size() - off);
    if (off == 0 && k == lp.size()) {
      ring_erase(n);
    } else {
      lp.erase_n(lp.seek(static_cast<int64_t>(off)), k);
      ++n;
    }
    count -= k;
    length_ -= k;
    off = 0;
  }
}

void List::trim(int64_t start, int64_t stop) {
  size_t first, last;
  if (!normalize_range(start, stop, &first, &last)) {
    clear();
    return;
  }
  erase_range(last + 1, length_ - last - 1);
  erase_range(0, first);
}

std::vector<int64_t> List::positions(std::string_view v, int64_t rank, int64_t count,
                                     int64_t maxlen) const {
  std::vector<int64_t> out;
  PackNeedle needle(v);
  // Matches to skip before the first reported one.
  uint64_t skip = rank > 0 ? static_cast<uint64_t>(rank - 1)
                : rank < 0 ? static_cast<uint64_t>(-(rank + 1))
                           : 0;
  uint64_t budget = maxlen > 0 ? static_cast<uint64_t>(maxlen) : ~uint64_t{0};
  size_t want = count > 0 ? static_cast<size_t>(count) : std::numeric_limits<size_t>::max();
  auto visit = [&](const Listpack& lp, Listpack::Pos p, int64_t idx) {
    if (!lp.equals(p, needle)) return true;
    if (skip) {
      --skip;
      return true;
    }
    out.push_back(idx);
    return out.size() < want;
  };
  if (rank >= 0) {
    int64_t idx = 0;
    for (size_t n = 0; n < count_; ++n) {
      const Listpack& lp = slot(n);
      for (auto p = lp.begin(); p != lp.end(); p = lp.next(p), ++idx) {
        if (budget-- == 0 || !visit(lp, p, idx)) return out;
      }
    }
  } else {
    int64_t idx = static_cast<int64_t>(length_) - 1;
    for (size_t n = count_; n-- > 0;) {
      const Listpack& lp = slot(n);
      for (auto p = lp.end(); p != lp.begin(); --idx) {
        p = lp.prev(p);
        if (budget-- == 0 || !visit(lp, p, idx)) return out;
      }
    }
  }
  return out;
}

}  // namespace eddy
