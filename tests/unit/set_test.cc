#include "eddy/types/set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace eddy {
namespace {

using Strings = std::vector<std::string>;

Strings Members(const Set& s) {
  Strings out;
  s.for_each([&](const ElemRef& e) { out.push_back(e.str()); });
  return out;
}

Strings Sorted(Strings v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(IntSetTest, KeepsValuesSortedAndGrowsWidthOnDemand) {
  IntSet is;
  EXPECT_TRUE(is.insert(5));
  EXPECT_TRUE(is.insert(-3));
  EXPECT_FALSE(is.insert(5));
  EXPECT_EQ(is.width(), 2);
  EXPECT_TRUE(is.insert(70000));
  EXPECT_EQ(is.width(), 4);
  EXPECT_TRUE(is.insert(-5000000000));
  EXPECT_EQ(is.width(), 8);
  EXPECT_TRUE(is.insert(INT64_MAX));
  EXPECT_TRUE(is.insert(INT64_MIN));
  std::vector<int64_t> got;
  for (size_t i = 0; i < is.size(); ++i) got.push_back(is.at(i));
  EXPECT_EQ(got, (std::vector<int64_t>{INT64_MIN, -5000000000, -3, 5, 70000, INT64_MAX}));
  EXPECT_TRUE(is.contains(70000));
  EXPECT_FALSE(is.contains(70001));
  EXPECT_TRUE(is.erase(-3));
  EXPECT_FALSE(is.erase(-3));
  EXPECT_EQ(is.size(), 5u);
  EXPECT_EQ(is.bytes(), 8u + 5 * 8);
}

TEST(IntSetTest, NarrowSetDoesNotFindWideValues) {
  IntSet is;
  is.insert(1);
  EXPECT_FALSE(is.contains(1 << 20));
  EXPECT_FALSE(is.erase(int64_t{1} << 40));
}

TEST(SetTest, IntegerMembersUseAnIntsetIteratedInOrder) {
  Set s;
  CollectionLimits lim;
  for (const char* m : {"3", "1", "2", "-5", "100000"}) EXPECT_TRUE(s.add(m, lim));
  EXPECT_FALSE(s.add("2", lim));
  EXPECT_EQ(s.encoding(), Encoding::Intset);
  EXPECT_EQ(Members(s), (Strings{"-5", "1", "2", "3", "100000"}));
  EXPECT_TRUE(s.contains("100000"));
  EXPECT_FALSE(s.contains("0100000"));
  EXPECT_FALSE(s.contains("abc"));
}

TEST(SetTest, NonCanonicalIntegersAreStrings) {
  CollectionLimits lim;
  for (const char* m : {"01", "-0", "+1", " 1", "9223372036854775808", "1.0"}) {
    Set s;
    s.add(m, lim);
    EXPECT_EQ(s.encoding(), Encoding::Hashtable) << m;
    EXPECT_TRUE(s.contains(m));
  }
  Set big;
  big.add("9223372036854775807", lim);
  big.add("-9223372036854775808", lim);
  EXPECT_EQ(big.encoding(), Encoding::Intset);
}

TEST(SetTest, AddingAStringConvertsAndKeepsIntegers) {
  Set s;
  CollectionLimits lim;
  s.add("1", lim);
  s.add("2", lim);
  EXPECT_TRUE(s.add("a", lim));
  EXPECT_EQ(s.encoding(), Encoding::Hashtable);
  EXPECT_EQ(Sorted(Members(s)), (Strings{"1", "2", "a"}));
  EXPECT_TRUE(s.contains("1"));
  EXPECT_FALSE(s.add("1", lim));
  EXPECT_TRUE(s.remove("1"));
  EXPECT_FALSE(s.remove("1"));
}

TEST(SetTest, IntsetConvertsExactlyPastTheEntryLimit) {
  CollectionLimits lim;
  Set s;
  for (int i = 0; i < 512; ++i) s.add(std::to_string(i * 7), lim);
  EXPECT_EQ(s.encoding(), Encoding::Intset);
  EXPECT_FALSE(s.add("0", lim));  // an existing member does not count
  EXPECT_EQ(s.encoding(), Encoding::Intset);
  s.add("100000", lim);
  EXPECT_EQ(s.encoding(), Encoding::Hashtable);
  EXPECT_EQ(s.size(), 513u);
  for (int i = 0; i < 512; ++i) EXPECT_TRUE(s.contains(std::to_string(i * 7)));

  CollectionLimits zero;
  zero.set_max_intset_entries = 0;
  Set z;
  z.add("1", zero);
  EXPECT_EQ(z.encoding(), Encoding::Hashtable);
}

TEST(SetTest, NeverConvertsBackToIntset) {
  CollectionLimits lim;
  Set s;
  s.add("a", lim);
  s.remove("a");
  s.add("1", lim);
  EXPECT_EQ(s.encoding(), Encoding::Hashtable);
}

TEST(SetTest, ScanOfAnIntsetReturnsEverythingAtOnce) {
  CollectionLimits lim;
  Set s;
  for (int i = 0; i < 10; ++i) s.add(std::to_string(i), lim);
  Strings got;
  EXPECT_EQ(s.scan(0, [&](const ElemRef& e) { got.push_back(e.str()); }), 0u);
  EXPECT_EQ(got.size(), 10u);
}

TEST(SetTest, ScanOfATableVisitsEveryMember) {
  CollectionLimits lim;
  Set s;
  for (int i = 0; i < 5000; ++i) s.add("m" + std::to_string(i), lim);
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int steps = 0;
  do {
    cursor = s.scan(cursor, [&](const ElemRef& e) { seen.insert(e.str()); });
    ++steps;
  } while (cursor != 0);
  EXPECT_EQ(seen.size(), 5000u);
  EXPECT_GT(steps, 1);
}

TEST(SetTest, RandomMembersCoverTheSet) {
  CollectionLimits lim;
  TypeRng rng(42);
  for (bool ints : {true, false}) {
    Set s;
    for (int i = 0; i < 20; ++i) s.add(ints ? std::to_string(i) : "m" + std::to_string(i), lim);
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) seen.insert(s.random_member(rng).str());
    EXPECT_EQ(seen.size(), 20u);
  }
}

TEST(SetTest, RandomDistinctReturnsDistinctMembers) {
  CollectionLimits lim;
  TypeRng rng(1);
  for (int n : {10, 600, 20000}) {
    Set s;
    for (int i = 0; i < n; ++i) s.add(std::to_string(i), lim);
    for (size_t count : {size_t{1}, size_t{5}, static_cast<size_t>(n / 2), size_t(n - 1), size_t(n),
                         size_t(n + 10)}) {
      auto got = s.random_distinct(count, rng);
      EXPECT_EQ(got.size(), std::min<size_t>(count, static_cast<size_t>(n)));
      std::set<std::string> uniq(got.begin(), got.end());
      EXPECT_EQ(uniq.size(), got.size());
      for (const auto& m : got) EXPECT_TRUE(s.contains(m));
    }
  }
}

TEST(SetTest, RandomDistinctOnALargeIntsetSamplesEveryRegion) {
  // Few picks out of a large intset take random positions (not a pass that favours no
  // region in particular): over many draws every part of the range comes up.
  CollectionLimits lim;
  lim.set_max_intset_entries = 100000;
  TypeRng rng(7);
  Set s;
  for (int i = 0; i < 30000; ++i) s.add(std::to_string(i), lim);
  ASSERT_EQ(s.encoding(), Encoding::Intset);
  std::set<int> buckets;
  for (int round = 0; round < 400; ++round) {
    auto got = s.random_distinct(5, rng);
    ASSERT_EQ(got.size(), 5u);
    std::set<std::string> uniq(got.begin(), got.end());
    EXPECT_EQ(uniq.size(), 5u);
    for (const auto& m : got) {
      ASSERT_TRUE(s.contains(m));
      buckets.insert(std::stoi(m) / 3000);
    }
  }
  EXPECT_EQ(buckets.size(), 10u);
}

TEST(SetTest, PopRandomEmptiesTheSetWithoutRepeats) {
  CollectionLimits lim;
  TypeRng rng(3);
  for (bool ints : {true, false}) {
    Set s;
    for (int i = 0; i < 1000; ++i) s.add(ints ? std::to_string(i) : "x" + std::to_string(i), lim);
    std::set<std::string> popped;
    while (!s.empty()) EXPECT_TRUE(popped.insert(s.pop_random(rng)).second);
    EXPECT_EQ(popped.size(), 1000u);
  }
}

TEST(SetTest, CloneIsDeep) {
  CollectionLimits lim;
  Set s;
  s.add("a", lim);
  auto c = s.clone();
  s.add("b", lim);
  EXPECT_EQ(static_cast<Set&>(*c).size(), 1u);
  Set i;
  i.add("1", lim);
  auto ci = i.clone();
  i.add("2", lim);
  EXPECT_EQ(Members(static_cast<Set&>(*ci)), Strings{"1"});
}

TEST(SetTest, HundredThousandMembers) {
  CollectionLimits lim;
  Set s;
  for (int i = 0; i < 100000; ++i) s.add("member:" + std::to_string(i), lim);
  EXPECT_EQ(s.size(), 100000u);
  for (int i = 0; i < 100000; i += 997) EXPECT_TRUE(s.contains("member:" + std::to_string(i)));
  // One small allocation per member plus a bucket slot: well under Redis's ~56 B.
  EXPECT_LT(s.memory_usage(), 100000u * 40);
  for (int i = 0; i < 100000; i += 2) EXPECT_TRUE(s.remove("member:" + std::to_string(i)));
  EXPECT_EQ(s.size(), 50000u);
}

TEST(SetTest, RandomOperationsMatchAStdSetModel) {
  TypeRng rng(2024);
  CollectionLimits lim;
  lim.set_max_intset_entries = 64;
  for (int round = 0; round < 4; ++round) {
    Set s;
    std::set<std::string> m;
    bool strings = round % 2;
    for (int op = 0; op < 10000; ++op) {
      std::string v = (strings && rng() % 50 == 0) ? "s" + std::to_string(rng() % 100)
                                                    : std::to_string(static_cast<int>(rng() % 300) - 150);
      switch (rng() % 5) {
        case 0:
        case 1: ASSERT_EQ(s.add(v, lim), m.insert(v).second); break;
        case 2: ASSERT_EQ(s.remove(v), m.erase(v) == 1); break;
        case 3: ASSERT_EQ(s.contains(v), m.count(v) == 1); break;
        default: {
          if (!m.empty() && rng() % 4 == 0) {
            std::string p = s.pop_random(rng);
            ASSERT_EQ(m.erase(p), 1u);
          }
        }
      }
      ASSERT_EQ(s.size(), m.size());
      if (s.encoding() == Encoding::Intset) {
        ASSERT_LE(s.size(), 64u);
        std::vector<int64_t> want;
        for (const auto& x : m) want.push_back(std::stoll(x));
        std::sort(want.begin(), want.end());
        Strings ws;
        for (auto x : want) ws.push_back(std::to_string(x));
        ASSERT_EQ(Members(s), ws);
      }
      if (op % 1000 == 0) {
        ASSERT_EQ(Sorted(Members(s)), Strings(m.begin(), m.end()));
      }
    }
  }
}

}  // namespace
}  // namespace eddy
