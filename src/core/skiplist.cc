#include "eddy/core/skiplist.h"

#include <cstdlib>
#include <cstring>

namespace eddy {
namespace {

// (node.score, node.member) < (score, member)
inline bool node_before(const ZNode* n, double score, std::string_view member) {
  return n->score < score || (n->score == score && n->member() < member);
}

// (node.score, node.member) <= (score, member)
inline bool node_not_after(const ZNode* n, double score, std::string_view member) {
  return n->score < score || (n->score == score && n->member() <= member);
}

}  // namespace

bool LexRange::gte_min(std::string_view s) const {
  switch (min.kind) {
    case LexBound::Kind::NegInf: return true;
    case LexBound::Kind::PosInf: return false;
    case LexBound::Kind::Inclusive: return s >= min.value;
    case LexBound::Kind::Exclusive: return s > min.value;
  }
  return false;
}

bool LexRange::lte_max(std::string_view s) const {
  switch (max.kind) {
    case LexBound::Kind::NegInf: return false;
    case LexBound::Kind::PosInf: return true;
    case LexBound::Kind::Inclusive: return s <= max.value;
    case LexBound::Kind::Exclusive: return s < max.value;
  }
  return false;
}

bool LexRange::empty() const {
  using K = LexBound::Kind;
  if (min.kind == K::PosInf || max.kind == K::NegInf) return true;
  if (min.kind == K::NegInf || max.kind == K::PosInf) return false;
  int c = min.value.compare(max.value);
  return c > 0 || (c == 0 && (min.kind == K::Exclusive || max.kind == K::Exclusive));
}

ZNode* SkipList::make_node(int level, double score, std::string_view member) {
  size_t size = ZNode::alloc_size_for(level, member.size());
  auto* n = static_cast<ZNode*>(std::malloc(size));
  if (!n) std::abort();
  n->hnext = nullptr;
  n->backward = nullptr;
  n->score = score;
  n->len = static_cast<uint32_t>(member.size());
  n->level = static_cast<uint8_t>(level);
  std::memset(n->fwd(), 0, static_cast<size_t>(level) * (sizeof(ZNode*) + sizeof(uint32_t)));
  if (!member.empty()) std::memcpy(const_cast<char*>(n->member().data()), member.data(), member.size());
  return n;
}

int SkipList::random_level() {
  // xorshift64*: node heights need no quality beyond "p = 1/4 per level".
  static thread_local uint64_t state = 0x9E3779B97F4A7C15ULL;
  int level = 1;
  for (;;) {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    uint64_t r = state * 0x2545F4914F6CDD1DULL;
    for (int k = 0; k < 32 && level < kMaxLevel; ++k, r >>= 2) {
      if ((r & 3) != 0) return level;
      ++level;
    }
    if (level >= kMaxLevel) return kMaxLevel;
  }
}

SkipList::SkipList() : head_(make_node(kMaxLevel, 0, {})) {
  bytes_ = head_->alloc_size();
}

SkipList::~SkipList() {
  for (ZNode* x = first(); x;) {
    ZNode* next = x->next();
    std::free(x);
    x = next;
  }
  std::free(head_);
}

void SkipList::free_node(ZNode* x) {
  bytes_ -= x->alloc_size();
  std::free(x);
}

ZNode* SkipList::insert(double score, std::string_view member) {
  ZNode* x = make_node(random_level(), score, member);
  bytes_ += x->alloc_size();
  link(x);
  return x;
}

void SkipList::link(ZNode* x) {
  ZNode* update[kMaxLevel];
  size_t rank[kMaxLevel];
  std::string_view member = x->member();
  ZNode* n = head_;
  for (int i = level_ - 1; i >= 0; --i) {
    rank[i] = i == level_ - 1 ? 0 : rank[i + 1];
    while (n->fwd()[i] && node_before(n->fwd()[i], x->score, member)) {
      rank[i] += n->span()[i];
      n = n->fwd()[i];
    }
    update[i] = n;
  }
  int lvl = x->level;
  if (lvl > level_) {
    for (int i = level_; i < lvl; ++i) {
      rank[i] = 0;
      update[i] = head_;
      head_->span()[i] = static_cast<uint32_t>(length_);
    }
    level_ = lvl;
  }
  for (int i = 0; i < lvl; ++i) {
    x->fwd()[i] = update[i]->fwd()[i];
    update[i]->fwd()[i] = x;
    x->span()[i] = static_cast<uint32_t>(update[i]->span()[i] - (rank[0] - rank[i]));
    update[i]->span()[i] = static_cast<uint32_t>(rank[0] - rank[i] + 1);
  }
  for (int i = lvl; i < level_; ++i) update[i]->span()[i]++;
  x->backward = update[0] == head_ ? nullptr : update[0];
  if (x->fwd()[0])
    x->fwd()[0]->backward = x;
  else
    tail_ = x;
  ++length_;
}

void SkipList::unlink(ZNode* x, ZNode** update) {
  for (int i = 0; i < level_; ++i) {
    if (update[i]->fwd()[i] == x) {
      update[i]->span()[i] += x->span()[i] - 1;
      update[i]->fwd()[i] = x->fwd()[i];
    } else {
      update[i]->span()[i] -= 1;
    }
  }
  if (x->fwd()[0])
    x->fwd()[0]->backward = x->backward;
  else
    tail_ = x->backward;
  while (level_ > 1 && head_->fwd()[level_ - 1] == nullptr) --level_;
  --length_;
}

void SkipList::find_update(double score, std::string_view member, ZNode** update) const {
  ZNode* n = head_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (n->fwd()[i] && node_before(n->fwd()[i], score, member)) n = n->fwd()[i];
    update[i] = n;
  }
}

void SkipList::erase(ZNode* x) {
  ZNode* update[kMaxLevel];
  find_update(x->score, x->member(), update);
  unlink(x, update);
  free_node(x);
}

void SkipList::update_score(ZNode* x, double score) {
  ZNode* prev = x->backward;
  ZNode* next = x->fwd()[0];
  std::string_view m = x->member();
  bool after_prev = !prev || prev->score < score || (prev->score == score && prev->member() < m);
  bool before_next = !next || next->score > score || (next->score == score && next->member() > m);
  if (after_prev && before_next) {
    x->score = score;
    return;
  }
  ZNode* update[kMaxLevel];
  find_update(x->score, m, update);
  unlink(x, update);
  x->score = score;
  link(x);
}

size_t SkipList::rank(const ZNode* x) const {
  size_t rank = 0;
  const ZNode* n = head_;
  std::string_view m = x->member();
  for (int i = level_ - 1; i >= 0; --i) {
    while (n->fwd()[i] && node_not_after(n->fwd()[i], x->score, m)) {
      rank += n->span()[i];
      n = n->fwd()[i];
    }
    if (n == x) return rank;
  }
  return 0;
}

ZNode* SkipList::at_rank(size_t rank) const {
  if (rank == 0 || rank > length_) return nullptr;
  size_t traversed = 0;
  ZNode* n = head_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (n->fwd()[i] && traversed + n->span()[i] <= rank) {
      traversed += n->span()[i];
      n = n->fwd()[i];
    }
    if (traversed == rank) return n;
  }
  return nullptr;
}

ZNode* SkipList::first_in(const ScoreRange& r) const {
  if (r.empty() || !tail_ || !r.gte_min(tail_->score) || !r.lte_max(first()->score))
    return nullptr;
  ZNode* n = head_;
  for (int i = level_ - 1; i >= 0; --i)
    while (n->fwd()[i] && !r.gte_min(n->fwd()[i]->score)) n = n->fwd()[i];
  n = n->fwd()[0];
  return n && r.lte_max(n->score) ? n : nullptr;
}

ZNode* SkipList::last_in(const ScoreRange& r) const {
  if (r.empty() || !tail_ || !r.gte_min(tail_->score) || !r.lte_max(first()->score))
    return nullptr;
  ZNode* n = head_;
  for (int i = level_ - 1; i >= 0; --i)
    while (n->fwd()[i] && r.lte_max(n->fwd()[i]->score)) n = n->fwd()[i];
  return n != head_ && r.gte_min(n->score) ? n : nullptr;
}

ZNode* SkipList::first_in(const LexRange& r) const {
  if (r.empty() || !tail_ || !r.gte_min(tail_->member()) || !r.lte_max(first()->member()))
    return nullptr;
  ZNode* n = head_;
  for (int i = level_ - 1; i >= 0; --i)
    while (n->fwd()[i] && !r.gte_min(n->fwd()[i]->member())) n = n->fwd()[i];
  n = n->fwd()[0];
  return n && r.lte_max(n->member()) ? n : nullptr;
}

ZNode* SkipList::last_in(const LexRange& r) const {
  if (r.empty() || !tail_ || !r.gte_min(tail_->member()) || !r.lte_max(first()->member()))
    return nullptr;
  ZNode* n = head_;
  for (int i = level_ - 1; i >= 0; --i)
    while (n->fwd()[i] && r.lte_max(n->fwd()[i]->member())) n = n->fwd()[i];
  return n != head_ && r.gte_min(n->member()) ? n : nullptr;
}

size_t SkipList::erase_range(const ScoreRange& r, EraseHook hook, void* ctx) {
  ZNode* update[kMaxLevel];
  ZNode* n = head_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (n->fwd()[i] && !r.gte_min(n->fwd()[i]->score)) n = n->fwd()[i];
    update[i] = n;
  }
  size_t removed = 0;
  for (n = n->fwd()[0]; n && r.lte_max(n->score);) {
    ZNode* next = n->fwd()[0];
    unlink(n, update);
    if (hook) hook(ctx, n);
    free_node(n);
    ++removed;
    n = next;
  }
  return removed;
}

size_t SkipList::erase_range(const LexRange& r, EraseHook hook, void* ctx) {
  if (r.empty()) return 0;
  ZNode* update[kMaxLevel];
  ZNode* n = head_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (n->fwd()[i] && !r.gte_min(n->fwd()[i]->member())) n = n->fwd()[i];
    update[i] = n;
  }
  size_t removed = 0;
  for (n = n->fwd()[0]; n && r.lte_max(n->member());) {
    ZNode* next = n->fwd()[0];
    unlink(n, update);
    if (hook) hook(ctx, n);
    free_node(n);
    ++removed;
    n = next;
  }
  return removed;
}

size_t SkipList::erase_rank_range(size_t start, size_t end, EraseHook hook, void* ctx) {
  if (start == 0) start = 1;
  if (start > end || start > length_) return 0;
  ZNode* update[kMaxLevel];
  size_t traversed = 0;
  ZNode* n = head_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (n->fwd()[i] && traversed + n->span()[i] < start) {
      traversed += n->span()[i];
      n = n->fwd()[i];
    }
    update[i] = n;
  }
  ++traversed;
  size_t removed = 0;
  for (n = n->fwd()[0]; n && traversed <= end; ++traversed) {
    ZNode* next = n->fwd()[0];
    unlink(n, update);
    if (hook) hook(ctx, n);
    free_node(n);
    ++removed;
    n = next;
  }
  return removed;
}

}  // namespace eddy
