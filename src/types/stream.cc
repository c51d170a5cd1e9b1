#include "eddy/types/stream.h"

#include <algorithm>
#include <new>
#include <unordered_map>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define EDDY_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define EDDY_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define EDDY_POISON(p, n) ((void)(p), (void)(n))
#define EDDY_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace eddy {

namespace {

void free_consumer(void* p) { delete static_cast<StreamConsumer*>(p); }
void free_group(void* p) { delete static_cast<ConsumerGroup*>(p); }
void free_node(void* p) { delete static_cast<StreamNode*>(p); }
void* clone_node(void* p) { return new StreamNode(static_cast<StreamNode*>(p)->clone()); }

StreamNode* node_of(const Rax::Iterator& it) { return static_cast<StreamNode*>(it.value()); }
StreamID master_of(const Rax::Iterator& it) { return StreamID::decode(it.key()); }

constexpr int64_t kMaxNodeBytes = int64_t{1} << 30;

}  // namespace

// ---------------------------------------------------------------------------------------
// ConsumerGroup

PendingPool::~PendingPool() {
  for (size_t i = 0; i < blocks_.size(); ++i) {
    size_t n = std::min<size_t>(size_t{8} << i, 512);
    EDDY_UNPOISON(blocks_[i], n * sizeof(PendingEntry));
    ::operator delete(blocks_[i]);
  }
}

PendingEntry* PendingPool::alloc() {
  PendingEntry* pe;
  if (free_) {
    pe = free_;
    EDDY_UNPOISON(pe, sizeof(PendingEntry));
    free_ = pe->next_free;
  } else {
    if (blocks_.empty() || last_used_ == last_size_) {
      last_size_ = blocks_.empty() ? 8 : std::min<size_t>(last_size_ * 2, 512);
      blocks_.push_back(static_cast<PendingEntry*>(::operator new(last_size_ * sizeof(PendingEntry))));
      capacity_ += last_size_;
      last_used_ = 0;
    }
    pe = blocks_.back() + last_used_++;
  }
  return new (pe) PendingEntry();
}

void PendingPool::free(PendingEntry* pe) {
  pe->next_free = free_;
  free_ = pe;
  // Under ASan a freed slot is poisoned, so a stale PendingEntry* is still caught.
  EDDY_POISON(pe, sizeof(PendingEntry));
}

ConsumerGroup::~ConsumerGroup() {
  pel.clear();  // the entries live in `pool`
  consumers.clear(free_consumer);
}

std::unique_ptr<ConsumerGroup> ConsumerGroup::clone() const {
  auto g = std::make_unique<ConsumerGroup>(last_id, entries_read);
  std::unordered_map<const StreamConsumer*, StreamConsumer*> map;
  Rax::Iterator it(consumers);
  for (bool ok = it.seek_first(); ok; ok = it.next()) {
    auto* old = static_cast<StreamConsumer*>(it.value());
    StreamConsumer* c = g->create_consumer(old->name, old->seen_time);
    map[old] = c;
  }
  Rax::Iterator pit(pel);
  for (bool ok = pit.seek_first(); ok; ok = pit.next()) {
    auto* old = static_cast<PendingEntry*>(pit.value());
    g->add_pending(StreamID::decode(pit.key()), map[old->consumer], old->delivery_time,
                   old->delivery_count);
  }
  return g;
}

StreamConsumer* ConsumerGroup::create_consumer(std::string_view name, int64_t now_ms) {
  if (consumers.find(name)) return nullptr;
  auto* c = new StreamConsumer();
  c->name = std::string(name);
  c->seen_time = now_ms;
  consumers.insert(name, c);
  return c;
}

size_t ConsumerGroup::delete_consumer(StreamConsumer* c) {
  size_t n = c->pel.size();
  Rax::Iterator it(c->pel);
  for (bool ok = it.seek_first(); ok; ok = it.next()) {
    void* pe = nullptr;
    pel.erase(it.key(), &pe);
    pool.free(static_cast<PendingEntry*>(pe));
  }
  consumers.erase(c->name);
  delete c;
  return n;
}

PendingEntry* ConsumerGroup::add_pending(StreamID id, StreamConsumer* c, int64_t delivery_time,
                                         uint64_t delivery_count) {
  PendingEntry* pe = pool.alloc();
  pe->delivery_time = delivery_time;
  pe->delivery_count = delivery_count;
  pe->consumer = c;
  std::string k = id.key();
  pel.insert(k, pe);
  c->pel.insert(k, pe);
  return pe;
}

void ConsumerGroup::transfer(StreamID id, PendingEntry* pe, StreamConsumer* to) {
  if (pe->consumer == to) return;
  std::string k = id.key();
  pe->consumer->pel.erase(k);
  to->pel.insert(k, pe);
  pe->consumer = to;
}

bool ConsumerGroup::ack(StreamID id) {
  std::string k = id.key();
  void* v = nullptr;
  if (!pel.erase(k, &v)) return false;
  auto* pe = static_cast<PendingEntry*>(v);
  pe->consumer->pel.erase(k);
  pool.free(pe);
  return true;
}

// ---------------------------------------------------------------------------------------
// Stream

Stream::~Stream() {
  nodes_.clear(free_node);
  if (groups_) groups_->clear(free_group);
}

std::unique_ptr<Object> Stream::clone() const {
  auto s = std::make_unique<Stream>();
  s->nodes_ = nodes_.clone(clone_node);
  s->length_ = length_;
  s->last_id_ = last_id_;
  s->first_id_ = first_id_;
  s->max_deleted_id_ = max_deleted_id_;
  s->entries_added_ = entries_added_;
  if (groups_) {
    s->groups_ = std::make_unique<Rax>();
    Rax::Iterator it(*groups_);
    for (bool ok = it.seek_first(); ok; ok = it.next())
      s->groups_->insert(it.key(), static_cast<ConsumerGroup*>(it.value())->clone().release());
  }
  return s;
}

size_t Stream::memory_usage() const {
  size_t n = sizeof(*this) + nodes_.memory_usage();
  Rax::Iterator it(nodes_);
  for (bool ok = it.seek_first(); ok; ok = it.next()) n += node_of(it)->memory_usage();
  if (groups_) {
    n += groups_->memory_usage();
    Rax::Iterator g(*groups_);
    for (bool ok = g.seek_first(); ok; ok = g.next()) {
      auto* cg = static_cast<ConsumerGroup*>(g.value());
      n += sizeof(ConsumerGroup) + cg->pel.memory_usage() + cg->consumers.memory_usage() +
           cg->pool.memory_usage();
      Rax::Iterator c(cg->consumers);
      for (bool ok2 = c.seek_first(); ok2; ok2 = c.next()) {
        auto* sc = static_cast<StreamConsumer*>(c.value());
        n += sizeof(StreamConsumer) + sc->name.capacity() + sc->pel.memory_usage();
      }
    }
  }
  return n;
}

bool Stream::next_id(uint64_t ms, bool ms_given, StreamID* out) const {
  if (ms_given) {
    if (ms > last_id_.ms) {
      *out = {ms, 0};
      return true;
    }
    if (ms < last_id_.ms || last_id_.seq == UINT64_MAX) return false;
    *out = {ms, last_id_.seq + 1};
    return true;
  }
  if (ms > last_id_.ms) {
    *out = {ms, 0};
    return true;
  }
  StreamID id = last_id_;
  if (!id.increment()) return false;
  *out = id;
  return true;
}

void Stream::append(StreamID id, std::span<const std::string_view> fv,
                    const NodeLimits& limits) {
  StreamNode* node = nullptr;
  StreamID master;
  Rax::Iterator it(nodes_);
  if (it.seek_last()) {
    node = node_of(it);
    master = master_of(it);
    int64_t max_bytes = limits.max_bytes;
    if (max_bytes <= 0 || max_bytes > kMaxNodeBytes) max_bytes = kMaxNodeBytes;
    size_t total = 0;
    for (auto s : fv) total += s.size();
    if (static_cast<int64_t>(node->compat_bytes() + total) >= max_bytes) {
      node = nullptr;
    } else if (limits.max_entries > 0 &&
               static_cast<int64_t>(node->count() + node->deleted()) >= limits.max_entries) {
      node = nullptr;
    }
  }
  if (!node) {
    node = new StreamNode(fv);
    master = id;
    nodes_.insert(id.key(), node);
  }
  node->append(master, id, fv);
  ++length_;
  ++entries_added_;
  last_id_ = id;
  if (length_ == 1) first_id_ = id;
}

void Stream::remove_node(std::string_view key, StreamNode* node) {
  nodes_.erase(key);
  delete node;
}

void Stream::refresh_first_id() {
  Iterator it(*this, StreamID::min(), StreamID::max(), false);
  first_id_ = it.next() ? it.id() : StreamID::min();
}

int64_t Stream::trim(const TrimSpec& spec) {
  if (spec.by == TrimBy::MaxLen && length_ <= spec.maxlen) return 0;
  int64_t removed = 0;
  Rax::Iterator it(nodes_);
  bool ok = it.seek_first();
  while (ok) {
    if (spec.by == TrimBy::MaxLen && length_ <= spec.maxlen) break;
    StreamNode* node = node_of(it);
    StreamID master = master_of(it);
    const int64_t entries = static_cast<int64_t>(node->count());
    if (spec.limit && removed + entries > spec.limit) break;
    bool whole;
    if (spec.by == TrimBy::MaxLen) {
      whole = length_ - static_cast<uint64_t>(entries) >= spec.maxlen;
    } else {
      // The node goes when its last entry (deleted or not) is below the minimum.
      whole = node->read(master, node->last()).id < spec.minid;
    }
    if (whole) {
      std::string key(it.key());
      remove_node(key, node);
      length_ -= static_cast<uint64_t>(entries);
      removed += entries;
      ok = it.seek_ge(key);
      continue;
    }
    if (spec.approx) break;
    for (auto p = node->first(); p != node->end(); p = node->next(p)) {
      if (spec.by == TrimBy::MaxLen && length_ <= spec.maxlen) break;
      StreamNode::Entry e = node->read(master, p);
      if (spec.by == TrimBy::MinId && e.id >= spec.minid) break;
      if (e.deleted()) continue;
      node->mark_deleted(p);
      --length_;
      ++removed;
    }
    break;
  }
  if (removed) refresh_first_id();
  return removed;
}

bool Stream::erase(StreamID id) {
  Rax::Iterator it(nodes_);
  std::string key = id.key();
  if (!it.seek_le(key)) return false;
  StreamNode* node = node_of(it);
  StreamID master = master_of(it);
  for (auto p = node->first(); p != node->end(); p = node->next(p)) {
    StreamNode::Entry e = node->read(master, p);
    if (e.id > id) return false;
    if (e.id < id) continue;
    if (e.deleted()) return false;
    node->mark_deleted(p);
    --length_;
    if (node->count() == 0) remove_node(std::string(it.key()), node);
    if (id > max_deleted_id_) max_deleted_id_ = id;
    if (id == first_id_) refresh_first_id();
    return true;
  }
  return false;
}

bool Stream::contains(StreamID id) const {
  Iterator it(*this, id, id, false);
  return it.next();
}

bool Stream::last_live_id(StreamID* out) const {
  Iterator it(*this, StreamID::min(), StreamID::max(), true);
  if (!it.next()) return false;
  *out = it.id();
  return true;
}

StreamID Stream::first_packed_id() const {
  Rax::Iterator it(nodes_);
  if (!it.seek_first()) return StreamID::max();
  StreamNode* node = node_of(it);
  return node->read(master_of(it), node->first()).id;
}

int64_t Stream::estimate_entries_read(StreamID id) const {
  if (!entries_added_) return 0;
  if (!length_ && id <= last_id_) return static_cast<int64_t>(entries_added_);
  if (id == last_id_) return static_cast<int64_t>(entries_added_);
  if (id > last_id_) return kEntriesReadInvalid;
  if (max_deleted_id_.is_zero() || max_deleted_id_ < first_id_) {
    // No deleted entry past the first one: the count before `id` is known.
    if (id < first_id_) return static_cast<int64_t>(entries_added_ - length_);
    if (id == first_id_) return static_cast<int64_t>(entries_added_ - length_ + 1);
  }
  return kEntriesReadInvalid;
}

bool Stream::range_has_tombstones(StreamID start, std::optional<StreamID> end) const {
  if (!length_ || max_deleted_id_.is_zero()) return false;
  if (first_id_ > max_deleted_id_) return false;
  StreamID e = end ? *end : StreamID::max();
  return start <= max_deleted_id_ && max_deleted_id_ <= e;
}

std::optional<int64_t> Stream::group_lag(const ConsumerGroup& g) const {
  if (!entries_added_) return 0;
  if (g.entries_read != kEntriesReadInvalid && !range_has_tombstones(g.last_id, std::nullopt))
    return static_cast<int64_t>(entries_added_) - g.entries_read;
  int64_t read = estimate_entries_read(g.last_id);
  if (read == kEntriesReadInvalid) return std::nullopt;
  return static_cast<int64_t>(entries_added_) - read;
}

void Stream::group_delivered(ConsumerGroup& g, StreamID id) const {
  if (g.entries_read != kEntriesReadInvalid && !range_has_tombstones(id, std::nullopt)) {
    ++g.entries_read;
  } else if (entries_added_) {
    g.entries_read = estimate_entries_read(id);
  }
  g.last_id = id;
}

ConsumerGroup* Stream::create_group(std::string_view name, StreamID last_id,
                                    int64_t entries_read) {
  if (!groups_) groups_ = std::make_unique<Rax>();
  if (groups_->find(name)) return nullptr;
  auto* g = new ConsumerGroup(last_id, entries_read);
  groups_->insert(name, g);
  return g;
}

bool Stream::destroy_group(std::string_view name) {
  if (!groups_) return false;
  void* v = nullptr;
  if (!groups_->erase(name, &v)) return false;
  delete static_cast<ConsumerGroup*>(v);
  return true;
}

// ---------------------------------------------------------------------------------------
// Iterator

Stream::Iterator::Iterator(const Stream& s, StreamID start, StreamID end, bool reverse)
    : s_(&s), rit_(s.nodes_), start_(start), end_(end), reverse_(reverse) {}

bool Stream::Iterator::load_node() {
  node_ = node_of(rit_);
  master_ = master_of(rit_);
  pos_ = reverse_ ? node_->last() : node_->first();
  return true;
}

bool Stream::Iterator::next() {
  if (done_) return false;
  if (!started_) {
    started_ = true;
    if (start_ > end_) return done_ = true, false;
    bool ok;
    if (reverse_) {
      ok = rit_.seek_le(end_.key());
    } else {
      // The node holding start begins at or before it; without one, the first node.
      ok = rit_.seek_le(start_.key()) || rit_.seek_first();
    }
    if (!ok) return done_ = true, false;
    load_node();
  }
  while (true) {
    if (pos_ == node_->end()) {
      bool ok = reverse_ ? rit_.prev() : rit_.next();
      if (!ok) return done_ = true, false;
      load_node();
      continue;
    }
    entry_ = node_->read(master_, pos_);
    if (reverse_) {
      pos_ = node_->prev(pos_);
      if (entry_.id < start_) return done_ = true, false;
      if (entry_.id > end_ || entry_.deleted()) continue;
    } else {
      pos_ = node_->next(pos_);
      if (entry_.id > end_) return done_ = true, false;
      if (entry_.id < start_ || entry_.deleted()) continue;
    }
    return true;
  }
}

}  // namespace eddy
