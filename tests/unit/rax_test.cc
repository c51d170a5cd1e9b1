// Rax (core/rax.h): the radix tree against std::map — inserts, erases, lookups and every
// kind of seek and walk, on random byte keys, on dense 16-byte big-endian IDs and at 1M keys.
#include "eddy/core/rax.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace eddy {
namespace {

// Values are even fake pointers derived from an integer.
void* V(uint64_t i) { return reinterpret_cast<void*>((i + 1) << 4); }

std::string BigEndian(uint64_t ms, uint64_t seq) {
  std::string s(16, '\0');
  for (int i = 0; i < 8; ++i) {
    s[i] = static_cast<char>(ms >> (56 - 8 * i));
    s[8 + i] = static_cast<char>(seq >> (56 - 8 * i));
  }
  return s;
}

std::vector<std::string> Walk(const Rax& r) {
  std::vector<std::string> out;
  Rax::Iterator it(r);
  for (bool ok = it.seek_first(); ok; ok = it.next()) out.emplace_back(it.key());
  return out;
}

std::vector<std::string> WalkBack(const Rax& r) {
  std::vector<std::string> out;
  Rax::Iterator it(r);
  for (bool ok = it.seek_last(); ok; ok = it.prev()) out.emplace_back(it.key());
  return out;
}

// Checks every seek flavour for `probe` against the map.
void CheckSeeks(const Rax& r, const std::map<std::string, void*>& m, const std::string& probe) {
  Rax::Iterator it(r);
  auto ge = m.lower_bound(probe);
  ASSERT_EQ(it.seek_ge(probe), ge != m.end()) << "seek_ge " << probe;
  if (ge != m.end()) {
    ASSERT_EQ(it.key(), ge->first);
    ASSERT_EQ(it.value(), ge->second);
  }
  auto gt = m.upper_bound(probe);
  ASSERT_EQ(it.seek_gt(probe), gt != m.end()) << "seek_gt " << probe;
  if (gt != m.end()) ASSERT_EQ(it.key(), gt->first);
  // <=: the last key not greater than probe.
  auto le = m.upper_bound(probe);
  bool has_le = le != m.begin();
  ASSERT_EQ(it.seek_le(probe), has_le) << "seek_le " << probe;
  if (has_le) ASSERT_EQ(it.key(), std::prev(le)->first);
  auto lt = m.lower_bound(probe);
  bool has_lt = lt != m.begin();
  ASSERT_EQ(it.seek_lt(probe), has_lt) << "seek_lt " << probe;
  if (has_lt) {
    ASSERT_EQ(it.key(), std::prev(lt)->first);
    // Walking on from a seek continues in order.
    if (lt != m.end()) {
      ASSERT_TRUE(it.next());
      ASSERT_EQ(it.key(), lt->first);
    }
  }
}

TEST(RaxTest, EmptyTreeHasNoKeysAndSeeksFail) {
  Rax r;
  EXPECT_TRUE(r.empty());
  EXPECT_FALSE(r.find("a"));
  Rax::Iterator it(r);
  EXPECT_FALSE(it.seek_first());
  EXPECT_FALSE(it.seek_last());
  EXPECT_FALSE(it.seek_ge(""));
  EXPECT_FALSE(it.seek_le("zzz"));
  EXPECT_FALSE(r.erase("a"));
}

TEST(RaxTest, TheEmptyKeyIsAKeyLikeAnyOther) {
  Rax r;
  EXPECT_TRUE(r.insert("", V(1)));
  EXPECT_TRUE(r.insert("a", V(2)));
  EXPECT_EQ(r.get(""), V(1));
  EXPECT_EQ(Walk(r), (std::vector<std::string>{"", "a"}));
  EXPECT_TRUE(r.erase(""));
  EXPECT_EQ(Walk(r), (std::vector<std::string>{"a"}));
}

TEST(RaxTest, InsertSplitsEdgesAndEraseMergesThemBack) {
  Rax r;
  size_t empty_nodes = r.node_count();
  EXPECT_TRUE(r.insert("abcxyz", V(1)));
  EXPECT_TRUE(r.insert("abc", V(2)));
  EXPECT_TRUE(r.insert("abcd", V(3)));
  EXPECT_TRUE(r.insert("q", V(4)));
  EXPECT_FALSE(r.insert("abc", V(5), false));
  EXPECT_EQ(r.get("abc"), V(2));
  void* old = nullptr;
  EXPECT_FALSE(r.insert("abc", V(6), true, &old));
  EXPECT_EQ(old, V(2));
  EXPECT_EQ(r.get("abc"), V(6));
  EXPECT_EQ(r.size(), 4u);
  EXPECT_EQ(Walk(r), (std::vector<std::string>{"abc", "abcd", "abcxyz", "q"}));
  EXPECT_EQ(WalkBack(r), (std::vector<std::string>{"q", "abcxyz", "abcd", "abc"}));
  EXPECT_FALSE(r.find("ab"));
  EXPECT_FALSE(r.find("abcx"));
  EXPECT_FALSE(r.find("abcxyzz"));
  for (const char* k : {"abc", "q", "abcxyz", "abcd"}) EXPECT_TRUE(r.erase(k, &old)) << k;
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.node_count(), empty_nodes);
}

TEST(RaxTest, ConsecutiveIdsAreLeafSlotsOfOneNode) {
  Rax r;
  for (uint64_t i = 0; i < 200; ++i) r.insert(BigEndian(1700000000000, i), V(i));
  // One node for the shared 15-byte prefix, no allocation per key.
  EXPECT_LE(r.node_count(), 2u);
  EXPECT_LT(r.memory_usage(), 200u * 12);
  Rax::Iterator it(r);
  ASSERT_TRUE(it.seek_ge(BigEndian(1700000000000, 57)));
  EXPECT_EQ(it.value(), V(57));
}

TEST(RaxTest, CloneCopiesStructureAndValues) {
  Rax r;
  for (int i = 0; i < 100; ++i) r.insert("key" + std::to_string(i * 7), V(i));
  Rax c = r.clone([](void* v) { return static_cast<void*>(static_cast<char*>(v) + 16); });
  EXPECT_EQ(Walk(c), Walk(r));
  EXPECT_EQ(c.get("key7"), static_cast<void*>(static_cast<char*>(V(1)) + 16));
  EXPECT_EQ(c.node_count(), r.node_count());
}

TEST(RaxTest, ClearCallsTheValueDestructorForEveryKey) {
  Rax r;
  static int freed;
  freed = 0;
  for (int i = 0; i < 50; ++i) r.insert(std::string(static_cast<size_t>(i % 7), 'x') + std::to_string(i), V(i));
  r.clear([](void*) { ++freed; });
  EXPECT_EQ(freed, 50);
  EXPECT_TRUE(r.empty());
  EXPECT_TRUE(r.insert("again", V(1)));
}

// Random operations on a small alphabet (many shared prefixes, keys that are prefixes of
// others), checked against std::map after every step.
TEST(RaxTest, RandomInsertEraseAndSeekAgreeWithStdMap) {
  std::mt19937_64 rng(12345);
  for (int round = 0; round < 20; ++round) {
    Rax r;
    std::map<std::string, void*> m;
    for (int step = 0; step < 2000; ++step) {
      std::string k;
      size_t len = rng() % 6;
      for (size_t i = 0; i < len; ++i) k.push_back(static_cast<char>("ab\0\xff"[rng() % 4]));
      uint64_t op = rng() % 10;
      if (op < 6) {
        void* v = V(rng() % 1000);
        bool fresh = m.find(k) == m.end();
        ASSERT_EQ(r.insert(k, v), fresh);
        m[k] = v;
      } else if (op < 9) {
        void* old = nullptr;
        bool had = m.erase(k) > 0;
        ASSERT_EQ(r.erase(k, &old), had);
      } else {
        CheckSeeks(r, m, k);
      }
      ASSERT_EQ(r.size(), m.size());
    }
    std::vector<std::string> keys;
    for (auto& [k, v] : m) {
      keys.push_back(k);
      ASSERT_EQ(r.get(k), v);
    }
    ASSERT_EQ(Walk(r), keys);
    std::vector<std::string> rev(keys.rbegin(), keys.rend());
    ASSERT_EQ(WalkBack(r), rev);
    for (auto& k : keys) ASSERT_TRUE(r.erase(k));
    ASSERT_TRUE(r.empty());
    ASSERT_EQ(r.node_count(), 1u);
  }
}

TEST(RaxTest, AMillionIdKeysInsertSeekAndEraseLikeStdMap) {
  std::mt19937_64 rng(99);
  Rax r;
  std::map<std::string, void*> m;
  uint64_t ms = 1700000000000;
  uint64_t seq = 0;
  for (uint64_t i = 0; i < 1000000; ++i) {
    // Mostly consecutive sequence numbers with occasional millisecond jumps.
    if (rng() % 8 == 0) {
      ms += 1 + rng() % 300;
      seq = 0;
    }
    std::string k = BigEndian(ms, seq++);
    ASSERT_TRUE(r.insert(k, V(i)));
    m.emplace(std::move(k), V(i));
  }
  ASSERT_EQ(r.size(), 1000000u);
  // Seeks at random probes (existing keys and gaps).
  for (int i = 0; i < 2000; ++i) {
    auto it = m.begin();
    std::advance(it, static_cast<long>(rng() % 1000));
    CheckSeeks(r, m, it->first);
    uint64_t pms = 1700000000000 + rng() % (ms - 1700000000000 + 10);
    CheckSeeks(r, m, BigEndian(pms, rng() % 12));
  }
  // Erase every other key, then walk both ways.
  bool odd = false;
  for (auto it = m.begin(); it != m.end();) {
    if (odd) {
      ASSERT_TRUE(r.erase(it->first));
      it = m.erase(it);
    } else {
      ++it;
    }
    odd = !odd;
  }
  ASSERT_EQ(r.size(), m.size());
  Rax::Iterator it(r);
  auto mit = m.begin();
  for (bool ok = it.seek_first(); ok; ok = it.next(), ++mit) {
    ASSERT_NE(mit, m.end());
    ASSERT_EQ(it.key(), mit->first);
  }
  ASSERT_EQ(mit, m.end());
  auto rit = m.rbegin();
  for (bool ok = it.seek_last(); ok; ok = it.prev(), ++rit) ASSERT_EQ(it.key(), rit->first);
  ASSERT_EQ(rit, m.rend());
  for (auto& [k, v] : m) ASSERT_TRUE(r.erase(k));
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.node_count(), 1u);
}

}  // namespace
}  // namespace eddy
