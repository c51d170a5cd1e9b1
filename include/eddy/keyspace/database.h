// Database: one numbered keyspace (SELECT n) — keys, their values and their expire times.
//
// Called by command handlers (through CommandContext) and by persistence. Keys live in one
// allocation each (Entry: chain pointer, Value, LRU clock, key bytes); expire times live in
// a second table holding only keys that have one, as Redis's `expires` dict does, so active
// expiry samples only volatile keys.
//
//   keys:    [bucket]-> Entry{hnext | Value(16B) | lru:24 flags:8 | klen | key bytes...}
//   expires: [bucket]-> ExpireNode{hnext | Entry* | when_ms}
//
// Invariants: an Entry has kHasExpire set iff an ExpireNode points at it. lookup() never
// returns a logically expired key: it deletes it first (lazy expiry) and reports the event
// to the KeyEventSink (which emits the "expired" notification and propagates a DEL).
#pragma once
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <string_view>

#include "eddy/core/hash.h"
#include "eddy/core/hash_table.h"
#include "eddy/keyspace/value.h"

namespace eddy {

struct Entry {
  Entry* hnext;
  Value val;
  uint32_t lru : 24;
  uint32_t flags : 8;
  uint32_t klen;
  char kdata[1];

  std::string_view key() const { return {kdata, klen}; }
  bool has_expire() const { return flags & kHasExpire; }
  static constexpr uint32_t kHasExpire = 1;

  static Entry* create(std::string_view key, Value v);
  static void destroy(Entry* e);
};

struct ExpireNode {
  ExpireNode* hnext;
  Entry* entry;
  int64_t when;
};

struct EntryTraits {
  static uint64_t hash(const Entry& e) { return hash_key(e.key()); }
  static bool equal(const Entry& e, std::string_view k) { return e.key() == k; }
};
struct ExpireTraits {
  static uint64_t hash(const ExpireNode& e) { return hash_key(e.entry->key()); }
  static bool equal(const ExpireNode& e, std::string_view k) { return e.entry->key() == k; }
};

// Observer for events the database itself originates (expiry).
class KeyEventSink {
 public:
  virtual ~KeyEventSink() = default;
  // Called after an expired key has been removed (lazily or by the active cycle).
  virtual void on_key_expired(int db, std::string_view key) = 0;
  // Called when a key is created (Redis's "new" keyspace event).
  virtual void on_key_added(int db, std::string_view key) {}
};

class Database {
 public:
  explicit Database(int id = 0) : id_(id) {}
  ~Database();
  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) noexcept = default;

  int id() const { return id_; }
  void set_id(int id) { id_ = id; }
  void set_sink(KeyEventSink* sink) { sink_ = sink; }

  // Lookup with lazy expiry. Returns nullptr when absent or expired.
  Entry* lookup(std::string_view key);
  // Lookup without expiring anything (persistence, SCAN filters, internal checks).
  Entry* find(std::string_view key);
  // True if the key exists and is logically expired (without deleting it).
  bool is_expired(const Entry* e) const;

  // Inserts a key that is known to be absent.
  Entry* add(std::string_view key, Value v);
  // Loading: adds the key unless it exists (then returns nullptr and leaves `v`), hashing
  // the key once for both steps.
  Entry* add_if_absent(std::string_view key, Value& v) { return add_if_absent(key, hash_key(key), v); }
  // The same with the key's hash computed by the caller (h == hash_key(key)).
  Entry* add_if_absent(std::string_view key, uint64_t h, Value& v);
  // Loading pipeline hints for a key of hash h (see HashTable::prefetch_bucket): first the
  // bucket, a little later the head of its chain, so the lookup in add_if_absent() finds
  // both in cache instead of waiting on two memory loads per key.
  void prefetch_bucket(uint64_t h) const { keys_.prefetch_bucket(h); }
  void prefetch_chain(uint64_t h) const { keys_.prefetch_chain(h); }
  // Room for `keys` keys and `expires` TTLs (RESIZEDB).
  void reserve(size_t keys, size_t expires);
  // Overwrites the value (and, unless keep_ttl, removes the TTL) or inserts.
  Entry* set(std::string_view key, Value v, bool keep_ttl = false);
  // Deletes a key; true if it existed (expired keys count as existing here).
  bool erase(std::string_view key);
  // Moves the Value out and deletes the key.
  Value take(std::string_view key);

  // Expire times (absolute unix ms). -1 when none.
  int64_t expire_of(const Entry* e) const;
  void set_expire(Entry* e, int64_t when_ms);
  bool persist(Entry* e);

  size_t size() const { return keys_.size(); }
  size_t expires_size() const { return expires_.size(); }
  int64_t avg_ttl_ms() const { return avg_ttl_; }
  void clear();
  void swap_contents(Database& other);

  // SCAN over keys (no expiry performed: caller filters with is_expired()).
  uint64_t scan(uint64_t cursor, const std::function<void(Entry*)>& fn) {
    return keys_.scan(cursor, [&](Entry* e) { fn(e); });
  }
  template <typename Fn>
  void for_each(Fn&& fn) const {
    keys_.for_each(fn);
  }
  // A random live key (expired keys met on the way are deleted), or nullptr.
  Entry* random_entry();

  // One active-expiry pass: samples up to `per_loop` volatile keys per round, repeating while
  // more than 10% of a sample was expired, until `deadline_us` (monotonic). Returns the
  // number of keys expired.
  size_t active_expire(size_t per_loop, int64_t deadline_us);
  // Grows/shrinks tables incrementally (cron).
  void rehash_tick();

  size_t memory_overhead() const;

  // Disables lazy expiry (DEBUG SET-ACTIVE-EXPIRE 0 still allows lazy expiry; this is for
  // replaying AOF/loading).
  static void set_lazy_expire_enabled(bool on);

 private:
  void delete_entry(Entry* e);
  void expire_now(Entry* e);

  int id_;
  KeyEventSink* sink_ = nullptr;
  HashTable<Entry, EntryTraits> keys_;
  HashTable<ExpireNode, ExpireTraits> expires_;
  uint64_t expire_cursor_ = 0;
  int64_t avg_ttl_ = 0;
  std::mt19937_64 rng_{0x9e3779b97f4a7c15ULL};
};

// Current LRU clock (seconds resolution, 24 bits), for OBJECT IDLETIME.
uint32_t lru_clock();
// Idle seconds of an entry.
int64_t entry_idle_seconds(const Entry* e);

}  // namespace eddy
