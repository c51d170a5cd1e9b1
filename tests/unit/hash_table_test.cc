// HashTable: insert/find/remove at scale, incremental growth and shrink, the SCAN guarantee
// across resizes, random_node and sample_buckets.
#include "eddy/core/hash_table.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <random>
#include <set>
#include <vector>

namespace eddy {
namespace {

struct TestNode {
  TestNode* hnext = nullptr;
  uint64_t key = 0;
};

uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

struct TestTraits {
  static uint64_t hash(const TestNode& n) { return mix(n.key); }
  static bool equal(const TestNode& n, uint64_t k) { return n.key == k; }
};

using Table = HashTable<TestNode, TestTraits>;

// Owns the nodes; the table only links them.
class Fixture {
 public:
  TestNode* insert(uint64_t key) {
    nodes_.push_back(TestNode{nullptr, key});
    TestNode* n = &nodes_.back();
    table.insert(n, mix(key));
    return n;
  }
  TestNode* find(uint64_t key) { return table.find(key, mix(key)); }
  bool remove(uint64_t key) { return table.remove(key, mix(key)) != nullptr; }
  void finish_rehash() {
    while (table.rehash_step(100)) {
    }
  }

  Table table;

 private:
  std::deque<TestNode> nodes_;
};

// Runs a full SCAN; between calls runs `between(call_index)`. Returns keys seen with counts.
template <typename Fn>
std::map<uint64_t, int> full_scan(Table& t, Fn&& between) {
  std::map<uint64_t, int> seen;
  uint64_t cursor = 0;
  int calls = 0;
  do {
    cursor = t.scan(cursor, [&](TestNode* n) { ++seen[n->key]; });
    between(calls++);
    EXPECT_LT(calls, 10'000'000) << "scan does not terminate";
  } while (cursor != 0);
  return seen;
}

TEST(HashTableTest, EmptyTableFindsNothingAndScanEndsAtOnce) {
  Table t;
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.find(uint64_t{1}, mix(1)), nullptr);
  EXPECT_EQ(t.remove(uint64_t{1}, mix(1)), nullptr);
  int visited = 0;
  EXPECT_EQ(t.scan(0, [&](TestNode*) { ++visited; }), 0u);
  EXPECT_EQ(visited, 0);
  std::mt19937_64 rng(1);
  EXPECT_EQ(t.random_node(rng), nullptr);
}

TEST(HashTableTest, InsertFindRemoveOneHundredThousandKeys) {
  Fixture f;
  constexpr uint64_t kN = 100'000;
  for (uint64_t i = 0; i < kN; ++i) f.insert(i);
  EXPECT_EQ(f.table.size(), kN);
  for (uint64_t i = 0; i < kN; ++i) {
    TestNode* n = f.find(i);
    ASSERT_NE(n, nullptr) << i;
    EXPECT_EQ(n->key, i);
  }
  EXPECT_EQ(f.find(kN), nullptr);
  for (uint64_t i = 0; i < kN; i += 2) ASSERT_TRUE(f.remove(i)) << i;
  EXPECT_EQ(f.table.size(), kN / 2);
  EXPECT_FALSE(f.remove(0));
  for (uint64_t i = 0; i < kN; ++i) EXPECT_EQ(f.find(i) != nullptr, i % 2 == 1) << i;
  for (uint64_t i = 1; i < kN; i += 2) ASSERT_TRUE(f.remove(i));
  EXPECT_TRUE(f.table.empty());
}

TEST(HashTableTest, GrowthIsIncrementalAndEveryKeyStaysFindable) {
  Fixture f;
  bool saw_rehash = false;
  for (uint64_t i = 0; i < 5000; ++i) {
    f.insert(i);
    if (f.table.rehashing()) {
      saw_rehash = true;
      // Mid-rehash, both tables exist and every key inserted so far is reachable.
      for (uint64_t k = 0; k <= i; k += 97) ASSERT_NE(f.find(k), nullptr) << k;
    }
  }
  EXPECT_TRUE(saw_rehash);
  f.finish_rehash();
  EXPECT_FALSE(f.table.rehashing());
  // One bucket per key at most twice over: the table doubled as it filled.
  EXPECT_GE(f.table.bucket_count(), 5000u);
  EXPECT_LE(f.table.bucket_count(), 16384u);
  for (uint64_t i = 0; i < 5000; ++i) ASSERT_NE(f.find(i), nullptr);
}

TEST(HashTableTest, ShrinksWhenMostlyEmptyWithoutLosingKeys) {
  Fixture f;
  for (uint64_t i = 0; i < 10000; ++i) f.insert(i);
  f.finish_rehash();
  size_t big = f.table.bucket_count();
  for (uint64_t i = 10; i < 10000; ++i) ASSERT_TRUE(f.remove(i));
  f.finish_rehash();
  f.table.maybe_shrink();
  EXPECT_TRUE(f.table.rehashing());
  // Every key stays reachable while the shrink is in progress.
  while (f.table.rehash_step(1)) {
    for (uint64_t i = 0; i < 10; ++i) ASSERT_NE(f.find(i), nullptr);
  }
  EXPECT_FALSE(f.table.rehashing());
  EXPECT_LT(f.table.bucket_count(), big);
  EXPECT_LE(f.table.bucket_count(), 16u);
  for (uint64_t i = 0; i < 10; ++i) EXPECT_NE(f.find(i), nullptr);
  EXPECT_EQ(f.table.size(), 10u);
}

TEST(HashTableTest, ScanOfAStableTableReturnsEveryKeyExactlyOnce) {
  Fixture f;
  for (uint64_t i = 0; i < 3000; ++i) f.insert(i);
  f.finish_rehash();
  auto seen = full_scan(f.table, [](int) {});
  ASSERT_EQ(seen.size(), 3000u);
  for (auto& [k, n] : seen) EXPECT_EQ(n, 1) << k;
}

TEST(HashTableTest, ScanDuringAnUnfinishedRehashReturnsEveryKey) {
  Fixture f;
  for (uint64_t i = 0; i < 1024; ++i) f.insert(i);
  f.finish_rehash();
  // The next insert starts a doubling; pause it halfway so the scan sees both tables.
  f.insert(1024);
  ASSERT_TRUE(f.table.rehashing());
  f.table.pause_rehash(true);
  auto seen = full_scan(f.table, [](int) {});
  f.table.pause_rehash(false);
  for (uint64_t i = 0; i <= 1024; ++i) EXPECT_EQ(seen.count(i), 1u) << i;
}

TEST(HashTableTest, ScanReturnsEveryKeyPresentThroughoutWhileTheTableGrows) {
  Fixture f;
  constexpr uint64_t kStable = 200;
  for (uint64_t i = 0; i < kStable; ++i) f.insert(i);
  f.finish_rehash();
  uint64_t next = 1'000'000;
  size_t buckets_before = f.table.bucket_count();
  // Between SCAN calls, add keys fast enough to force several doublings (and leave some
  // of them half done when the next SCAN call comes). The growth stops at 20,000 keys: a
  // table that grows without end between calls can outrun any cursor.
  auto seen = full_scan(f.table, [&](int) {
    for (int j = 0; j < 50 && next < 1'020'000; ++j) f.insert(next++);
  });
  EXPECT_GT(f.table.bucket_count(), buckets_before * 4);
  for (uint64_t i = 0; i < kStable; ++i) EXPECT_GE(seen[i], 1) << "missed key " << i;
}

TEST(HashTableTest, ScanReturnsEveryKeyPresentThroughoutWhileTheTableShrinks) {
  Fixture f;
  constexpr uint64_t kStable = 50;
  for (uint64_t i = 0; i < kStable; ++i) f.insert(i);
  for (uint64_t i = 0; i < 20000; ++i) f.insert(1'000'000 + i);
  f.finish_rehash();
  size_t buckets_before = f.table.bucket_count();
  uint64_t victim = 1'000'000;
  // Between SCAN calls, delete the temporary keys and let the table shrink, in small
  // steps so that some calls land in the middle of a shrink.
  auto seen = full_scan(f.table, [&](int) {
    for (int j = 0; j < 400 && victim < 1'020'000; ++j) f.remove(victim++);
    f.table.maybe_shrink();
    f.table.rehash_step(2);
  });
  EXPECT_LT(f.table.bucket_count(), buckets_before);
  for (uint64_t i = 0; i < kStable; ++i) EXPECT_GE(seen[i], 1) << "missed key " << i;
}

TEST(HashTableTest, ScanSurvivesAlternatingGrowthAndShrink) {
  Fixture f;
  constexpr uint64_t kStable = 100;
  for (uint64_t i = 0; i < kStable; ++i) f.insert(i);
  f.finish_rehash();
  std::mt19937_64 rng(7);
  std::vector<uint64_t> temp;
  uint64_t next = 5'000'000;
  auto seen = full_scan(f.table, [&](int call) {
    if ((call / 8) % 2 == 0) {
      for (int j = 0; j < 300; ++j) {
        f.insert(next);
        temp.push_back(next++);
      }
    } else {
      while (!temp.empty()) {
        f.remove(temp.back());
        temp.pop_back();
      }
      f.table.maybe_shrink();
    }
    f.table.rehash_step(rng() % 4);
  });
  for (uint64_t i = 0; i < kStable; ++i) EXPECT_GE(seen[i], 1) << "missed key " << i;
}

TEST(HashTableTest, RandomNodeOnTinyTablesReturnsEachNode) {
  std::mt19937_64 rng(42);
  {
    Fixture f;
    f.insert(7);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(f.table.random_node(rng)->key, 7u);
  }
  {
    Fixture f;
    f.insert(1);
    f.insert(2);
    std::set<uint64_t> got;
    for (int i = 0; i < 200; ++i) got.insert(f.table.random_node(rng)->key);
    EXPECT_EQ(got, (std::set<uint64_t>{1, 2}));
  }
  {
    // Half way through a growth, random_node still finds nodes in either table.
    Fixture f;
    for (uint64_t i = 0; i < 5; ++i) f.insert(i);
    std::set<uint64_t> got;
    for (int i = 0; i < 500; ++i) got.insert(f.table.random_node(rng)->key);
    EXPECT_EQ(got.size(), 5u);
  }
  {
    Fixture f;
    f.insert(1);
    f.remove(1);
    EXPECT_EQ(f.table.random_node(rng), nullptr);
  }
}

TEST(HashTableTest, SampleBucketsNeverVisitsANodeTwiceInOneCall) {
  Fixture f;
  for (uint64_t i = 0; i < 37; ++i) f.insert(i);
  uint64_t cursor = 0;
  for (int round = 0; round < 20; ++round) {
    std::map<uint64_t, int> seen;
    f.table.sample_buckets(&cursor, 20, [&](TestNode* n) { ++seen[n->key]; });
    for (auto& [k, n] : seen) EXPECT_EQ(n, 1) << "round " << round << " key " << k;
  }
}

TEST(HashTableTest, ClearCallsDeleterForEveryNodeAndEmptiesTheTable) {
  Fixture f;
  for (uint64_t i = 0; i < 100; ++i) f.insert(i);
  int deleted = 0;
  f.table.clear([&](TestNode*) { ++deleted; });
  EXPECT_EQ(deleted, 100);
  EXPECT_TRUE(f.table.empty());
  EXPECT_EQ(f.find(3), nullptr);
  f.insert(3);
  EXPECT_NE(f.find(3), nullptr);
}

TEST(HashTableTest, MoveAndSwapExchangeContents) {
  Fixture a, b;
  for (uint64_t i = 0; i < 10; ++i) a.insert(i);
  b.insert(100);
  a.table.swap(b.table);
  EXPECT_EQ(a.table.size(), 1u);
  EXPECT_EQ(b.table.size(), 10u);
  EXPECT_NE(a.find(100), nullptr);
  EXPECT_NE(b.find(9), nullptr);
  Table moved(std::move(b.table));
  EXPECT_EQ(moved.size(), 10u);
  EXPECT_NE(moved.find(uint64_t{5}, mix(5)), nullptr);
}

}  // namespace
}  // namespace eddy
