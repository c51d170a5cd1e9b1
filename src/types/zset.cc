#include "eddy/types/zset.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_set>

namespace eddy {
namespace {

// Integral scores below 2^53 in magnitude are exact as int64: store them as integer
// entries (1-9 bytes); everything else as the 8 raw bytes of the double.
void put_score(Listpack& lp, Listpack::Pos p, double s) {
  if (std::floor(s) == s && std::fabs(s) < 9007199254740992.0) {
    lp.insert_int(p, static_cast<int64_t>(s));
  } else {
    char b[sizeof(double)];
    std::memcpy(b, &s, sizeof(double));
    lp.insert_bytes(p, std::string_view(b, sizeof(double)));
  }
}

bool parse_score_bound(std::string_view s, double* v, bool* ex) {
  *ex = false;
  if (!s.empty() && s[0] == '(') {
    *ex = true;
    s.remove_prefix(1);
  }
  std::string buf(s);
  char* end = nullptr;
  double d = std::strtod(buf.c_str(), &end);
  if (*end != '\0' || std::isnan(d)) return false;
  *v = d;
  return true;
}

bool parse_lex_bound(std::string_view s, LexBound* b) {
  if (s.empty()) return false;
  switch (s[0]) {
    case '+':
      if (s.size() != 1) return false;
      b->kind = LexBound::Kind::PosInf;
      return true;
    case '-':
      if (s.size() != 1) return false;
      b->kind = LexBound::Kind::NegInf;
      return true;
    case '(':
      b->kind = LexBound::Kind::Exclusive;
      b->value.assign(s.substr(1));
      return true;
    case '[':
      b->kind = LexBound::Kind::Inclusive;
      b->value.assign(s.substr(1));
      return true;
    default: return false;
  }
}

}  // namespace

bool ZSet::parse_score_range(std::string_view min, std::string_view max, ScoreRange* out) {
  return parse_score_bound(min, &out->min, &out->min_ex) &&
         parse_score_bound(max, &out->max, &out->max_ex);
}

bool ZSet::parse_lex_range(std::string_view min, std::string_view max, LexRange* out) {
  return parse_lex_bound(min, &out->min) && parse_lex_bound(max, &out->max);
}

ZSet::~ZSet() { delete big_; }

std::unique_ptr<Object> ZSet::clone() const {
  auto c = std::make_unique<ZSet>();
  if (big_) {
    c->big_ = new Big();
    for (ZNode* n = big_->sl.first(); n; n = n->next()) c->big_insert(n->member(), n->score);
  } else {
    c->lp_ = lp_.clone();
  }
  return c;
}

size_t ZSet::memory_usage() const {
  if (!big_) return sizeof(ZSet) + lp_.bytes();
  return sizeof(ZSet) + sizeof(Big) + big_->sl.bytes() + big_->ht.bucket_bytes();
}

size_t ZSet::size() const { return big_ ? big_->sl.size() : lp_.size() / 2; }

// --- listpack helpers --------------------------------------------------------------------

double ZSet::lp_score(Listpack::Pos p) const {
  int64_t v;
  if (lp_.get_int(p, &v)) return static_cast<double>(v);
  double d;
  std::memcpy(&d, lp_.get_bytes(p).data(), sizeof(double));
  return d;
}

Listpack::Pos ZSet::lp_find(std::string_view member) const {
  return lp_.find(PackNeedle(member), lp_.begin(), 1);
}

void ZSet::lp_insert_sorted(std::string_view member, double score) {
  auto p = lp_.begin();
  while (p != lp_.end()) {
    auto sp = lp_.next(p);
    double s = lp_score(sp);
    if (s > score || (s == score && lp_.get(p).view() > member)) break;
    p = lp_.next(sp);
  }
  p = lp_.insert(p, member);
  put_score(lp_, lp_.next(p), score);
}

Listpack::Pos ZSet::lp_first_in(const ScoreRange& r) const {
  for (auto p = lp_.begin(); p != lp_.end(); p = lp_.next(lp_.next(p))) {
    double s = lp_score(lp_.next(p));
    if (r.gte_min(s)) return r.lte_max(s) ? p : lp_.end();
  }
  return lp_.end();
}

// Lex lookups assume equal scores. With mixed scores Redis still answers deterministically
// from a listpack, and these follow its walk step for step: first a check that the last
// member is >= min and the first <= max, then a scan from the chosen end.
bool ZSet::lp_may_hold(const LexRange& r) const {
  if (r.empty() || lp_.empty()) return false;
  auto last = lp_.prev(lp_.prev(lp_.end()));
  return r.gte_min(lp_.get(last).view()) && r.lte_max(lp_.get(lp_.begin()).view());
}

Listpack::Pos ZSet::lp_first_in(const LexRange& r) const {
  if (!lp_may_hold(r)) return lp_.end();
  for (auto p = lp_.begin(); p != lp_.end(); p = lp_.next(lp_.next(p))) {
    ElemRef m = lp_.get(p);
    if (r.gte_min(m.view())) return r.lte_max(m.view()) ? p : lp_.end();
  }
  return lp_.end();
}

Listpack::Pos ZSet::lp_last_in(const LexRange& r) const {
  if (!lp_may_hold(r)) return lp_.end();
  for (auto p = lp_.prev(lp_.prev(lp_.end()));; p = lp_.prev(lp_.prev(p))) {
    ElemRef m = lp_.get(p);
    if (r.lte_max(m.view())) return r.gte_min(m.view()) ? p : lp_.end();
    if (p == lp_.begin()) return lp_.end();
  }
}

// --- skiplist helpers --------------------------------------------------------------------

void ZSet::big_insert(std::string_view member, double score) {
  ZNode* n = big_->sl.insert(score, member);
  big_->ht.insert(n, hash_key(member));
}

void ZSet::unhash_node(void* ctx, ZNode* node) {
  auto* z = static_cast<ZSet*>(ctx);
  std::string_view m = node->member();
  z->big_->ht.remove(m, hash_key(m));
}

void ZSet::convert_to_skiplist() {
  if (big_) return;
  big_ = new Big();
  for (auto p = lp_.begin(); p != lp_.end();) {
    ElemRef m = lp_.get(p);
    p = lp_.next(p);
    big_insert(m.view(), lp_score(p));
    p = lp_.next(p);
  }
  lp_.clear();
}

void ZSet::compact_if_fits(const CollectionLimits& limits) {
  if (!big_ || size() > limits.zset_max_listpack_entries) return;
  for (ZNode* n = big_->sl.first(); n; n = n->next())
    if (n->len > limits.zset_max_listpack_value) return;
  Listpack lp;
  for (ZNode* n = big_->sl.first(); n; n = n->next()) {
    lp.push_back(n->member());
    put_score(lp, lp.end(), n->score);
  }
  delete big_;
  big_ = nullptr;
  lp_ = std::move(lp);
}

// --- point operations --------------------------------------------------------------------

ZSet::AddResult ZSet::add(std::string_view member, double score, unsigned flags,
                          const CollectionLimits& limits, double* new_score) {
  const bool nx = flags & kNX, xx = flags & kXX, gt = flags & kGT, lt = flags & kLT;
  const bool incr = flags & kIncr;
  Listpack::Pos p = 0;
  ZNode* node = nullptr;
  bool exists;
  double cur = 0;
  if (big_) {
    node = big_->ht.find(member, hash_key(member));
    exists = node != nullptr;
    if (exists) cur = node->score;
  } else {
    p = lp_find(member);
    exists = p != lp_.end();
    if (exists) cur = lp_score(lp_.next(p));
  }

  if (exists) {
    if (nx) return AddResult::Skipped;
    if (incr) {
      score += cur;
      if (std::isnan(score)) return AddResult::NotANumber;
    }
    if ((lt && score >= cur) || (gt && score <= cur)) return AddResult::Skipped;
    if (new_score) *new_score = score;
    if (score == cur) return AddResult::Unchanged;
    if (big_) {
      big_->sl.update_score(node, score);
    } else {
      lp_.erase_n(p, 2);
      lp_insert_sorted(member, score);
    }
    return AddResult::Updated;
  }

  if (xx) return AddResult::Skipped;
  if (!big_ && (size() + 1 > limits.zset_max_listpack_entries ||
                member.size() > limits.zset_max_listpack_value))
    convert_to_skiplist();
  if (big_)
    big_insert(member, score);
  else
    lp_insert_sorted(member, score);
  if (new_score) *new_score = score;
  return AddResult::Added;
}

std::optional<double> ZSet::score(std::string_view member) const {
  if (big_) {
    ZNode* n = big_->ht.find(member, hash_key(member));
    if (!n) return std::nullopt;
    return n->score;
  }
  auto p = lp_find(member);
  if (p == lp_.end()) return std::nullopt;
  return lp_score(lp_.next(p));
}

bool ZSet::remove(std::string_view member) {
  if (big_) {
    ZNode* n = big_->ht.remove(member, hash_key(member));
    if (!n) return false;
    big_->sl.erase(n);
    big_->ht.maybe_shrink();
    return true;
  }
  auto p = lp_find(member);
  if (p == lp_.end()) return false;
  lp_.erase_n(p, 2);
  return true;
}

std::optional<size_t> ZSet::rank(std::string_view member, bool reverse) const {
  size_t r;
  if (big_) {
    ZNode* n = big_->ht.find(member, hash_key(member));
    if (!n) return std::nullopt;
    r = big_->sl.rank(n) - 1;
  } else {
    PackNeedle needle(member);
    r = 0;
    auto p = lp_.begin();
    for (; p != lp_.end(); p = lp_.next(lp_.next(p)), ++r)
      if (lp_.equals(p, needle)) break;
    if (p == lp_.end()) return std::nullopt;
  }
  return reverse ? size() - 1 - r : r;
}

// --- ranges ------------------------------------------------------------------------------

// Members from `first` to `last` by rank. A lex range over members whose scores differ
// (unspecified by Redis) can find a first node but no last one, or a last one ranked before
// the first: count from the first node to the end in the first case, as Redis does, and
// never below zero.
size_t ZSet::big_count(const ZNode* first, const ZNode* last) const {
  if (!first) return 0;
  const size_t from = big_->sl.rank(first);
  const size_t to = last ? big_->sl.rank(last) : big_->sl.size();
  return to >= from ? to - from + 1 : 0;
}

size_t ZSet::count(const ScoreRange& r) const {
  if (big_) return big_count(big_->sl.first_in(r), big_->sl.last_in(r));
  size_t n = 0;
  for (auto p = lp_first_in(r); p != lp_.end(); p = lp_.next(lp_.next(p))) {
    if (!r.lte_max(lp_score(lp_.next(p)))) break;
    ++n;
  }
  return n;
}

size_t ZSet::count(const LexRange& r) const {
  if (big_) return big_count(big_->sl.first_in(r), big_->sl.last_in(r));
  size_t n = 0;
  for (auto p = lp_first_in(r); p != lp_.end(); p = lp_.next(lp_.next(p))) {
    if (!r.lte_max(lp_.get(p).view())) break;
    ++n;
  }
  return n;
}

bool ZSet::normalize_rank_range(int64_t start, int64_t stop, size_t* first, size_t* last) const {
  int64_t len = static_cast<int64_t>(size());
  if (start < 0) start += len;
  if (stop < 0) stop += len;
  if (start < 0) start = 0;
  if (start > stop || start >= len) return false;
  if (stop >= len) stop = len - 1;
  *first = static_cast<size_t>(start);
  *last = static_cast<size_t>(stop);
  return true;
}

void ZSet::range_by_rank(size_t first, size_t last, bool reverse, EntryFn fn) const {
  size_t n = size();
  if (n == 0 || first >= n || first > last) return;
  if (last >= n) last = n - 1;
  size_t k = last - first + 1;
  if (big_) {
    ZNode* x = big_->sl.at_rank(reverse ? n - first : first + 1);
    for (; x && k; --k, x = reverse ? x->prev() : x->next())
      fn(ElemRef::of_string(x->member()), x->score);
    return;
  }
  size_t idx = reverse ? n - 1 - first : first;
  auto p = lp_.seek(static_cast<int64_t>(2 * idx));
  while (k--) {
    fn(lp_.get(p), lp_score(lp_.next(p)));
    if (!k) break;
    p = reverse ? lp_.prev(lp_.prev(p)) : lp_.next(lp_.next(p));
  }
}

void ZSet::range_by_score(const ScoreRange& r, bool reverse, size_t offset, int64_t limit,
                          EntryFn fn) const {
  if (limit == 0 || r.empty()) return;
  auto emit = [&](const ElemRef& m, double s) {  // false when the limit is reached
    if (offset) {
      --offset;
      return true;
    }
    fn(m, s);
    return limit < 0 || --limit > 0;
  };
  if (big_) {
    if (!reverse) {
      for (ZNode* x = big_->sl.first_in(r); x && r.lte_max(x->score); x = x->next())
        if (!emit(ElemRef::of_string(x->member()), x->score)) return;
    } else {
      for (ZNode* x = big_->sl.last_in(r); x && r.gte_min(x->score); x = x->prev())
        if (!emit(ElemRef::of_string(x->member()), x->score)) return;
    }
    return;
  }
  if (!reverse) {
    for (auto p = lp_first_in(r); p != lp_.end(); p = lp_.next(lp_.next(p))) {
      double s = lp_score(lp_.next(p));
      if (!r.lte_max(s) || !emit(lp_.get(p), s)) return;
    }
    return;
  }
  if (lp_.empty()) return;
  for (auto p = lp_.prev(lp_.prev(lp_.end()));; p = lp_.prev(lp_.prev(p))) {
    double s = lp_score(lp_.next(p));
    if (r.lte_max(s)) {
      if (!r.gte_min(s) || !emit(lp_.get(p), s)) return;
    }
    if (p == lp_.begin()) return;
  }
}

void ZSet::range_by_lex(const LexRange& r, bool reverse, size_t offset, int64_t limit,
                        EntryFn fn) const {
  // Like Redis: find the first entry in range from the chosen end, skip `offset` entries
  // without looking at them, then emit while the far bound holds. With equal scores this is
  // simply "the entries in range"; with mixed scores it is what Redis answers.
  if (limit == 0 || r.empty()) return;
  if (big_) {
    ZNode* x = reverse ? big_->sl.last_in(r) : big_->sl.first_in(r);
    for (; x && offset; --offset) x = reverse ? x->prev() : x->next();
    for (; x && limit != 0; x = reverse ? x->prev() : x->next()) {
      if (reverse ? !r.gte_min(x->member()) : !r.lte_max(x->member())) return;
      fn(ElemRef::of_string(x->member()), x->score);
      if (limit > 0) --limit;
    }
    return;
  }
  const Listpack::Pos end = lp_.end();
  Listpack::Pos p = reverse ? lp_last_in(r) : lp_first_in(r);
  // Steps to the next entry in walk order; false past the last one.
  auto step = [&] {
    if (reverse) {
      if (p == lp_.begin()) return false;
      p = lp_.prev(lp_.prev(p));
      return true;
    }
    p = lp_.next(lp_.next(p));
    return p != end;
  };
  if (p == end) return;
  for (; offset; --offset)
    if (!step()) return;
  do {
    ElemRef m = lp_.get(p);
    if (reverse ? !r.gte_min(m.view()) : !r.lte_max(m.view())) return;
    fn(m, lp_score(lp_.next(p)));
    if (limit > 0) --limit;
  } while (limit != 0 && step());
}

size_t ZSet::remove_range_by_rank(size_t first, size_t last) {
  size_t n = size();
  if (n == 0 || first >= n || first > last) return 0;
  if (last >= n) last = n - 1;
  if (big_) {
    size_t removed = big_->sl.erase_rank_range(first + 1, last + 1, &ZSet::unhash_node, this);
    big_->ht.maybe_shrink();
    return removed;
  }
  lp_.erase_n(lp_.seek(static_cast<int64_t>(2 * first)), 2 * (last - first + 1));
  return last - first + 1;
}

size_t ZSet::remove_range(const ScoreRange& r) {
  if (r.empty()) return 0;
  if (big_) {
    size_t removed = big_->sl.erase_range(r, &ZSet::unhash_node, this);
    big_->ht.maybe_shrink();
    return removed;
  }
  auto p = lp_first_in(r);
  size_t k = 0;
  for (auto q = p; q != lp_.end() && r.lte_max(lp_score(lp_.next(q))); q = lp_.next(lp_.next(q)))
    ++k;
  if (k) lp_.erase_n(p, 2 * k);
  return k;
}

size_t ZSet::remove_range(const LexRange& r) {
  if (r.empty()) return 0;
  if (big_) {
    size_t removed = big_->sl.erase_range(r, &ZSet::unhash_node, this);
    big_->ht.maybe_shrink();
    return removed;
  }
  auto p = lp_first_in(r);
  size_t k = 0;
  for (auto q = p; q != lp_.end() && r.lte_max(lp_.get(q).view()); q = lp_.next(lp_.next(q)))
    ++k;
  if (k) lp_.erase_n(p, 2 * k);
  return k;
}

std::vector<std::pair<std::string, double>> ZSet::pop(bool highest, size_t count) {
  std::vector<std::pair<std::string, double>> out;
  while (count-- && !empty()) {
    if (big_) {
      ZNode* x = highest ? big_->sl.last() : big_->sl.first();
      out.emplace_back(std::string(x->member()), x->score);
      big_->ht.remove(x->member(), hash_key(x->member()));
      big_->sl.erase(x);
    } else {
      auto p = highest ? lp_.prev(lp_.prev(lp_.end())) : lp_.begin();
      out.emplace_back(lp_.get(p).str(), lp_score(lp_.next(p)));
      lp_.erase_n(p, 2);
    }
  }
  if (big_) big_->ht.maybe_shrink();
  return out;
}

uint64_t ZSet::scan(uint64_t cursor, EntryFn fn) const {
  if (!big_) {
    for_each(fn);
    return 0;
  }
  return big_->ht.scan(cursor, [&](ZNode* n) { fn(ElemRef::of_string(n->member()), n->score); });
}

// --- random ------------------------------------------------------------------------------

std::pair<ElemRef, double> ZSet::random_entry(TypeRng& rng) const {
  size_t i = rng() % size();
  if (big_) {
    ZNode* x = big_->sl.at_rank(i + 1);
    return {ElemRef::of_string(x->member()), x->score};
  }
  auto p = lp_.seek(static_cast<int64_t>(2 * i));
  return {lp_.get(p), lp_score(lp_.next(p))};
}

void ZSet::random_entries(size_t count, TypeRng& rng, EntryFn fn) const {
  size_t n = size();
  if (count == 0 || n == 0) return;
  if (big_) {
    while (count--) {
      ZNode* x = big_->sl.at_rank(rng() % n + 1);
      fn(ElemRef::of_string(x->member()), x->score);
    }
    return;
  }
  // Batches: sort the drawn indexes, resolve them in one walk, emit in draw order.
  constexpr size_t kBatch = 512;
  std::vector<std::pair<size_t, size_t>> picks;
  std::vector<Listpack::Pos> pos(kBatch);
  while (count) {
    size_t b = std::min(count, kBatch);
    picks.clear();
    for (size_t i = 0; i < b; ++i) picks.emplace_back(rng() % n, i);
    std::sort(picks.begin(), picks.end());
    auto p = lp_.begin();
    size_t at = 0;
    for (const auto& [idx, order] : picks) {
      for (; at < idx; ++at) p = lp_.next(lp_.next(p));
      pos[order] = p;
    }
    for (size_t i = 0; i < b; ++i) fn(lp_.get(pos[i]), lp_score(lp_.next(pos[i])));
    count -= b;
  }
}

std::vector<std::pair<std::string, double>> ZSet::random_distinct(size_t count,
                                                                  TypeRng& rng) const {
  std::vector<std::pair<std::string, double>> out;
  size_t n = size();
  if (count >= n) {
    out.reserve(n);
    for_each([&](const ElemRef& m, double s) { out.emplace_back(m.str(), s); });
    return out;
  }
  out.reserve(count);
  if (!big_ || count * 3 > n) {
    size_t needed = count, remaining = n;
    for_each([&](const ElemRef& m, double s) {
      if (needed && rng() % remaining < needed) {
        out.emplace_back(m.str(), s);
        --needed;
      }
      --remaining;
    });
    return out;
  }
  std::unordered_set<size_t> seen;
  while (out.size() < count) {
    size_t r = rng() % n;
    if (!seen.insert(r).second) continue;
    ZNode* x = big_->sl.at_rank(r + 1);
    out.emplace_back(std::string(x->member()), x->score);
  }
  return out;
}

}  // namespace eddy
