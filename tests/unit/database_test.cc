// Database: lazy and active expiry (driven by a ManualClock), TTL bookkeeping, persist,
// swap_contents, random_entry.
#include "eddy/keyspace/database.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "eddy/base/clock.h"

namespace eddy {
namespace {

class RecordingSink : public KeyEventSink {
 public:
  void on_key_expired(int db, std::string_view key) override {
    events.push_back(std::to_string(db) + ":" + std::string(key));
  }
  std::vector<std::string> events;
};

class DatabaseTest : public ::testing::Test {
 protected:
  DatabaseTest() : clock_(1700000000000000LL) {
    set_clock(&clock_);
    db_.set_sink(&sink_);
  }
  ~DatabaseTest() override { set_clock(nullptr); }

  int64_t now() const { return clock_.now_us() / 1000; }
  void advance(int64_t ms) { clock_.advance_ms(ms); }
  std::string value_of(std::string_view key) {
    Entry* e = db_.find(key);
    return e ? e->val.to_string() : "<absent>";
  }

  ManualClock clock_;
  RecordingSink sink_;
  Database db_{3};
};

TEST_F(DatabaseTest, KeyLivesThroughItsExpireMillisecondAndExpiresLazilyAfter) {
  Entry* e = db_.add("k", Value::string("v"));
  db_.set_expire(e, now() + 100);
  advance(100);
  // Redis: a key is expired when now > when, so at exactly `when` it is still there.
  EXPECT_NE(db_.lookup("k"), nullptr);
  EXPECT_TRUE(sink_.events.empty());
  advance(1);
  EXPECT_EQ(db_.lookup("k"), nullptr);
  EXPECT_EQ(sink_.events, std::vector<std::string>{"3:k"});
  EXPECT_EQ(db_.size(), 0u);
  EXPECT_EQ(db_.expires_size(), 0u);
}

TEST_F(DatabaseTest, FindAndIsExpiredDoNotDeleteAnything) {
  Entry* e = db_.add("k", Value::string("v"));
  db_.set_expire(e, now() + 10);
  advance(11);
  Entry* found = db_.find("k");
  ASSERT_NE(found, nullptr);
  EXPECT_TRUE(db_.is_expired(found));
  EXPECT_EQ(db_.size(), 1u);
  EXPECT_TRUE(sink_.events.empty());
}

TEST_F(DatabaseTest, LazyExpiryCanBeDisabledForLoading) {
  Entry* e = db_.add("k", Value::string("v"));
  db_.set_expire(e, now() - 1);
  Database::set_lazy_expire_enabled(false);
  EXPECT_NE(db_.lookup("k"), nullptr);
  Database::set_lazy_expire_enabled(true);
  EXPECT_EQ(db_.lookup("k"), nullptr);
}

TEST_F(DatabaseTest, ActiveExpireRemovesEveryExpiredKeyAndOnlyThose) {
  for (int i = 0; i < 2000; ++i) {
    Entry* e = db_.add("key:" + std::to_string(i), Value::integer(i));
    if (i % 2 == 0) db_.set_expire(e, now() + 10);
    if (i % 10 == 1) db_.set_expire(e, now() + 1'000'000);
  }
  EXPECT_EQ(db_.expires_size(), 1200u);
  advance(11);
  size_t total = 0;
  // Each pass stops once a sample is mostly live; keep calling like the cron does.
  for (int pass = 0; pass < 1000 && db_.expires_size() > 200; ++pass)
    total += db_.active_expire(20, monotonic_us() + 1'000'000);
  EXPECT_EQ(total, 1000u);
  EXPECT_EQ(db_.size(), 1000u);
  EXPECT_EQ(db_.expires_size(), 200u);
  EXPECT_EQ(sink_.events.size(), 1000u);
  for (int i = 0; i < 2000; ++i)
    EXPECT_EQ(db_.find("key:" + std::to_string(i)) != nullptr, i % 2 == 1) << i;
}

TEST_F(DatabaseTest, ActiveExpireLeavesKeysAtTheirExpireMillisecond) {
  Entry* e = db_.add("k", Value::string("v"));
  db_.set_expire(e, now());
  EXPECT_EQ(db_.active_expire(20, monotonic_us() + 1'000'000), 0u);
  advance(1);
  EXPECT_EQ(db_.active_expire(20, monotonic_us() + 1'000'000), 1u);
  EXPECT_EQ(db_.size(), 0u);
}

TEST_F(DatabaseTest, PersistRemovesTheTtlOnce) {
  Entry* e = db_.add("k", Value::string("v"));
  EXPECT_EQ(db_.expire_of(e), -1);
  EXPECT_FALSE(db_.persist(e));
  db_.set_expire(e, now() + 500);
  EXPECT_TRUE(e->has_expire());
  EXPECT_EQ(db_.expire_of(e), now() + 500);
  db_.set_expire(e, now() + 900);  // updating keeps a single expires entry
  EXPECT_EQ(db_.expires_size(), 1u);
  EXPECT_EQ(db_.expire_of(e), now() + 900);
  EXPECT_TRUE(db_.persist(e));
  EXPECT_FALSE(e->has_expire());
  EXPECT_EQ(db_.expire_of(e), -1);
  EXPECT_EQ(db_.expires_size(), 0u);
  EXPECT_FALSE(db_.persist(e));
  advance(10'000);
  EXPECT_NE(db_.lookup("k"), nullptr);
}

TEST_F(DatabaseTest, SetClearsTheTtlUnlessKeepTtl) {
  Entry* e = db_.add("k", Value::string("v1"));
  db_.set_expire(e, now() + 500);
  e = db_.set("k", Value::string("v2"), /*keep_ttl=*/true);
  EXPECT_EQ(db_.expire_of(e), now() + 500);
  e = db_.set("k", Value::string("v3"));
  EXPECT_EQ(db_.expire_of(e), -1);
  EXPECT_EQ(db_.expires_size(), 0u);
  EXPECT_EQ(value_of("k"), "v3");
  EXPECT_EQ(db_.size(), 1u);
}

TEST_F(DatabaseTest, EraseAndTakeRemoveTheKeyAndItsTtl) {
  Entry* e = db_.add("a", Value::string("1"));
  db_.set_expire(e, now() + 5);
  db_.add("b", Value::string("two"));
  advance(100);
  EXPECT_TRUE(db_.erase("a"));  // expired keys still count as existing for erase()
  EXPECT_FALSE(db_.erase("a"));
  EXPECT_EQ(db_.expires_size(), 0u);
  Value v = db_.take("b");
  EXPECT_EQ(v.to_string(), "two");
  EXPECT_EQ(db_.size(), 0u);
  EXPECT_TRUE(sink_.events.empty());
}

TEST_F(DatabaseTest, SwapContentsExchangesKeysAndExpiresButNotIds) {
  Database other(7);
  Entry* a = db_.add("a", Value::string("mine"));
  db_.set_expire(a, now() + 100);
  other.add("b", Value::string("theirs"));
  other.add("c", Value::string("theirs too"));
  db_.swap_contents(other);
  EXPECT_EQ(db_.id(), 3);
  EXPECT_EQ(other.id(), 7);
  EXPECT_EQ(db_.size(), 2u);
  EXPECT_EQ(db_.expires_size(), 0u);
  EXPECT_EQ(other.size(), 1u);
  EXPECT_EQ(other.expires_size(), 1u);
  EXPECT_NE(db_.find("b"), nullptr);
  EXPECT_EQ(db_.find("a"), nullptr);
  Entry* moved = other.find("a");
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(other.expire_of(moved), now() + 100);
}

TEST_F(DatabaseTest, RandomEntryDeletesExpiredKeysItMeets) {
  EXPECT_EQ(db_.random_entry(), nullptr);
  for (int i = 0; i < 50; ++i) {
    Entry* e = db_.add("dead" + std::to_string(i), Value::integer(i));
    db_.set_expire(e, now() + 1);
  }
  db_.add("alive", Value::string("x"));
  advance(2);
  for (int i = 0; i < 20; ++i) {
    Entry* e = db_.random_entry();
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->key(), "alive");
  }
  EXPECT_EQ(db_.size() + sink_.events.size(), 51u);
}

TEST_F(DatabaseTest, RandomEntryOnlyExpiredKeysEmptiesTheDatabase) {
  for (int i = 0; i < 30; ++i) {
    Entry* e = db_.add("dead" + std::to_string(i), Value::integer(i));
    db_.set_expire(e, now() + 1);
  }
  advance(2);
  EXPECT_EQ(db_.random_entry(), nullptr);
  EXPECT_EQ(db_.size(), 0u);
  EXPECT_EQ(sink_.events.size(), 30u);
}

TEST_F(DatabaseTest, ScanVisitsEveryKey) {
  for (int i = 0; i < 500; ++i) db_.add("k" + std::to_string(i), Value::integer(i));
  std::vector<std::string> seen;
  uint64_t cursor = 0;
  do {
    cursor = db_.scan(cursor, [&](Entry* e) { seen.emplace_back(e->key()); });
  } while (cursor != 0);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end());
  EXPECT_EQ(seen.size(), 500u);
}

TEST_F(DatabaseTest, IdleTimeFollowsTheClockInSeconds) {
  Entry* e = db_.add("k", Value::string("v"));
  EXPECT_EQ(entry_idle_seconds(e), 0);
  advance(5'400);
  EXPECT_EQ(entry_idle_seconds(e), 5);
  e->lru = lru_clock();
  EXPECT_EQ(entry_idle_seconds(e), 0);
}

TEST_F(DatabaseTest, ClearEmptiesKeysAndExpires) {
  for (int i = 0; i < 100; ++i) {
    Entry* e = db_.add("k" + std::to_string(i), Value::integer(i));
    if (i % 3 == 0) db_.set_expire(e, now() + 1000);
  }
  db_.clear();
  EXPECT_EQ(db_.size(), 0u);
  EXPECT_EQ(db_.expires_size(), 0u);
  EXPECT_EQ(db_.find("k1"), nullptr);
}

}  // namespace
}  // namespace eddy
