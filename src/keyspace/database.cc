#include "eddy/keyspace/database.h"

#include <cstdlib>
#include <new>
#include <cstddef>
#include <cstring>
#include <vector>

#include "eddy/base/clock.h"

namespace eddy {
namespace {
bool g_lazy_expire = true;
constexpr uint32_t kLruMax = (1u << 24) - 1;
}  // namespace

uint32_t lru_clock() { return static_cast<uint32_t>((now_ms_coarse() / 1000) & kLruMax); }

int64_t entry_idle_seconds(const Entry* e) {
  uint32_t now = lru_clock();
  uint32_t l = e->lru;
  return now >= l ? now - l : (kLruMax - l) + now;
}

void Database::set_lazy_expire_enabled(bool on) { g_lazy_expire = on; }

Entry* Entry::create(std::string_view key, Value v) {
  size_t bytes = offsetof(Entry, kdata) + key.size();
  void* mem = std::malloc(bytes < sizeof(Entry) ? sizeof(Entry) : bytes);
  if (!mem) throw std::bad_alloc();
  Entry* e = static_cast<Entry*>(mem);
  e->hnext = nullptr;
  new (&e->val) Value(std::move(v));
  e->lru = lru_clock();
  e->flags = 0;
  e->klen = static_cast<uint32_t>(key.size());
  std::memcpy(e->kdata, key.data(), key.size());
  return e;
}

void Entry::destroy(Entry* e) {
  e->val.~Value();
  std::free(e);
}

Database::~Database() { clear(); }

Entry* Database::find(std::string_view key) { return keys_.find(key, hash_key(key)); }

bool Database::is_expired(const Entry* e) const {
  if (!e->has_expire()) return false;
  // Redis keeps a key alive through its expire millisecond: expired means now > when.
  int64_t when = expire_of(e);
  return when != -1 && now_ms() > when;
}

Entry* Database::lookup(std::string_view key) {
  Entry* e = find(key);
  if (!e) return nullptr;
  if (g_lazy_expire && e->has_expire() && is_expired(e)) {
    expire_now(e);
    return nullptr;
  }
  return e;
}

void Database::expire_now(Entry* e) {
  std::string key(e->key());
  delete_entry(e);
  if (sink_) sink_->on_key_expired(id_, key);
}

Entry* Database::add(std::string_view key, Value v) {
  Entry* e = Entry::create(key, std::move(v));
  keys_.insert(e, hash_key(key));
  if (sink_) sink_->on_key_added(id_, key);
  return e;
}

Entry* Database::add_if_absent(std::string_view key, uint64_t h, Value& v) {
  if (keys_.find(key, h)) return nullptr;
  Entry* e = Entry::create(key, std::move(v));
  keys_.insert(e, h);
  if (sink_) sink_->on_key_added(id_, key);
  return e;
}

void Database::reserve(size_t keys, size_t expires) {
  keys_.reserve(keys);
  expires_.reserve(expires);
}

Entry* Database::set(std::string_view key, Value v, bool keep_ttl) {
  Entry* e = find(key);
  if (!e) return add(key, std::move(v));
  e->val = std::move(v);
  e->lru = lru_clock();
  if (!keep_ttl && e->has_expire()) persist(e);
  return e;
}

void Database::delete_entry(Entry* e) {
  uint64_t h = hash_key(e->key());
  if (e->has_expire()) {
    ExpireNode* x = expires_.remove(e->key(), h);
    delete x;
  }
  keys_.remove(e->key(), h);
  Entry::destroy(e);
}

bool Database::erase(std::string_view key) {
  Entry* e = find(key);
  if (!e) return false;
  delete_entry(e);
  return true;
}

Value Database::take(std::string_view key) {
  Entry* e = find(key);
  if (!e) return Value();
  Value v = std::move(e->val);
  delete_entry(e);
  return v;
}

int64_t Database::expire_of(const Entry* e) const {
  if (!e->has_expire()) return -1;
  auto* self = const_cast<Database*>(this);
  ExpireNode* x = self->expires_.find(e->key(), hash_key(e->key()));
  return x ? x->when : -1;
}

void Database::set_expire(Entry* e, int64_t when_ms) {
  uint64_t h = hash_key(e->key());
  if (e->has_expire()) {
    ExpireNode* x = expires_.find(e->key(), h);
    if (x) {
      x->when = when_ms;
      return;
    }
  }
  auto* x = new ExpireNode{nullptr, e, when_ms};
  expires_.insert(x, h);
  e->flags |= Entry::kHasExpire;
}

bool Database::persist(Entry* e) {
  if (!e->has_expire()) return false;
  delete expires_.remove(e->key(), hash_key(e->key()));
  e->flags &= ~Entry::kHasExpire;
  return true;
}

void Database::clear() {
  expires_.clear([](ExpireNode* x) { delete x; });
  keys_.clear([](Entry* e) { Entry::destroy(e); });
  expire_cursor_ = 0;
  avg_ttl_ = 0;
}

void Database::swap_contents(Database& other) {
  keys_.swap(other.keys_);
  expires_.swap(other.expires_);
  std::swap(expire_cursor_, other.expire_cursor_);
  std::swap(avg_ttl_, other.avg_ttl_);
}

Entry* Database::random_entry() {
  // Every expired key met is deleted, so the loop ends: with a live key or an empty table.
  for (;;) {
    Entry* e = keys_.random_node(rng_);
    if (!e) return nullptr;
    if (!g_lazy_expire || !is_expired(e)) return e;
    expire_now(e);
  }
}

size_t Database::active_expire(size_t per_loop, int64_t deadline_us) {
  size_t total = 0;
  for (int iter = 0;; ++iter) {
    if (expires_.size() == 0) break;
    int64_t now = now_ms();
    size_t sampled = 0, expired = 0;
    int64_t ttl_sum = 0, ttl_n = 0;
    std::vector<Entry*> victims;
    expires_.sample_buckets(&expire_cursor_, per_loop, [&](ExpireNode* x) {
      ++sampled;
      if (now > x->when) {
        victims.push_back(x->entry);
      } else {
        ttl_sum += x->when - now;
        ++ttl_n;
      }
    });
    for (Entry* e : victims) {
      expire_now(e);
      ++expired;
    }
    total += expired;
    if (ttl_n) {
      int64_t avg = ttl_sum / ttl_n;
      avg_ttl_ = avg_ttl_ ? (avg_ttl_ / 50) * 49 + (avg / 50) : avg;
    }
    if (sampled == 0 || expired * 10 <= sampled) break;
    if ((iter & 15) == 15 && monotonic_us() >= deadline_us) break;
  }
  return total;
}

void Database::rehash_tick() {
  keys_.maybe_shrink();
  expires_.maybe_shrink();
  keys_.rehash_step(100);
  expires_.rehash_step(100);
}

size_t Database::memory_overhead() const {
  return keys_.bucket_bytes() + expires_.bucket_bytes() + expires_.size() * 32;
}

}  // namespace eddy
