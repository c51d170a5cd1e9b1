#include "eddy/types/list.h"

#include <gtest/gtest.h>

#include <deque>
#include <random>
#include <string>
#include <vector>

namespace eddy {
namespace {

std::vector<std::string> All(const List& l) {
  std::vector<std::string> out;
  l.for_each([&](const ElemRef& e) { out.push_back(e.str()); });
  return out;
}

std::vector<std::string> Range(const List& l, int64_t a, int64_t b) {
  std::vector<std::string> out;
  l.range(a, b, [&](const ElemRef& e) { out.push_back(e.str()); });
  return out;
}

using Strings = std::vector<std::string>;

void CheckNodes(const List& l) {
  size_t total = 0;
  for (size_t i = 0; i < l.node_count(); ++i) {
    ASSERT_GT(l.node_entries(i), 0u);
    total += l.node_entries(i);
  }
  ASSERT_EQ(total, l.length());
}

TEST(ListTest, EncodingIsAlwaysQuicklistAsInRedis70) {
  List l;
  l.push_back("a");
  EXPECT_EQ(l.encoding(), Encoding::Quicklist);
  for (int i = 0; i < 10000; ++i) l.push_back("x");
  EXPECT_EQ(l.encoding(), Encoding::Quicklist);
}

TEST(ListTest, PushAndPopAtBothEnds) {
  List l;
  l.push_back("b");
  l.push_front("a");
  l.push_back("c");
  EXPECT_EQ(All(l), (Strings{"a", "b", "c"}));
  EXPECT_EQ(l.pop_front(), "a");
  EXPECT_EQ(l.pop_back(), "c");
  EXPECT_EQ(l.pop_back(), "b");
  EXPECT_EQ(l.pop_back(), std::nullopt);
  EXPECT_EQ(l.pop_front(), std::nullopt);
  EXPECT_EQ(l.node_count(), 0u);
}

TEST(ListTest, NegativeFillCapsNodeBytes) {
  for (int fill : {-1, -2, -3, -4, -5}) {
    List l(fill);
    for (int i = 0; i < 20000; ++i) l.push_back("element-" + std::to_string(i));
    size_t cap = size_t{4096} << (-fill - 1);
    EXPECT_GT(l.node_count(), 1u);
    for (size_t i = 0; i < l.node_count(); ++i) EXPECT_LE(l.node_bytes(i), cap);
    // Nodes are filled: all but the last are more than 90% full.
    for (size_t i = 0; i + 1 < l.node_count(); ++i) EXPECT_GT(l.node_bytes(i), cap * 9 / 10);
  }
}

TEST(ListTest, PositiveFillCapsNodeEntries) {
  List l(5);
  for (int i = 0; i < 23; ++i) l.push_back(std::to_string(i));
  EXPECT_EQ(l.node_count(), 5u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(l.node_entries(i), 5u);
  List big(1000);
  for (int i = 0; i < 1000; ++i) big.push_back(std::string(100, 'x'));
  // Count-limited nodes still stop at the 8 KiB safety limit.
  for (size_t i = 0; i < big.node_count(); ++i) EXPECT_LE(big.node_bytes(i), 8192u);
}

TEST(ListTest, ElementLargerThanTheNodeLimitGetsItsOwnNode) {
  List l(-1);
  l.push_back("a");
  l.push_back(std::string(10000, 'b'));
  l.push_back("c");
  EXPECT_EQ(l.node_count(), 3u);
  EXPECT_EQ(l.index(1)->str(), std::string(10000, 'b'));
}

TEST(ListTest, IndexAcceptsNegativeIndexes) {
  List l(3);
  for (int i = 0; i < 10; ++i) l.push_back(std::to_string(i));
  EXPECT_EQ(l.index(0)->str(), "0");
  EXPECT_EQ(l.index(9)->str(), "9");
  EXPECT_EQ(l.index(-1)->str(), "9");
  EXPECT_EQ(l.index(-10)->str(), "0");
  EXPECT_FALSE(l.index(10));
  EXPECT_FALSE(l.index(-11));
}

TEST(ListTest, RangeFollowsLrangeIndexRules) {
  List l;
  for (const char* s : {"a", "b", "c", "d"}) l.push_back(s);
  EXPECT_EQ(Range(l, 0, -1), (Strings{"a", "b", "c", "d"}));
  EXPECT_EQ(Range(l, -2, 100), (Strings{"c", "d"}));
  EXPECT_EQ(Range(l, -100, 1), (Strings{"a", "b"}));
  EXPECT_EQ(Range(l, 2, 1), Strings{});
  EXPECT_EQ(Range(l, 4, 10), Strings{});
}

TEST(ListTest, SetReplacesInPlaceAndSplitsFullNodes) {
  List l(-1);
  for (int i = 0; i < 2000; ++i) l.push_back("v" + std::to_string(i));
  EXPECT_TRUE(l.set(1000, std::string(3000, 'z')));
  EXPECT_TRUE(l.set(-1, "last"));
  EXPECT_FALSE(l.set(2000, "x"));
  EXPECT_EQ(l.index(1000)->str(), std::string(3000, 'z'));
  EXPECT_EQ(l.index(999)->str(), "v999");
  EXPECT_EQ(l.index(1001)->str(), "v1001");
  EXPECT_EQ(l.index(1999)->str(), "last");
  for (size_t i = 0; i < l.node_count(); ++i) EXPECT_LE(l.node_bytes(i), 4096u);
  CheckNodes(l);
}

TEST(ListTest, InsertBeforeAndAfterPivot) {
  List l;
  for (const char* s : {"a", "b", "c"}) l.push_back(s);
  EXPECT_TRUE(l.insert("b", "x", List::Where::Before));
  EXPECT_TRUE(l.insert("c", "y", List::Where::After));
  EXPECT_FALSE(l.insert("zz", "q", List::Where::After));
  EXPECT_EQ(All(l), (Strings{"a", "x", "b", "c", "y"}));
  EXPECT_EQ(l.length(), 5u);
}

TEST(ListTest, RemoveCountsFromHeadTailOrAll) {
  auto make = [] {
    List l(2);
    for (const char* s : {"a", "x", "b", "x", "c", "x", "d"}) l.push_back(s);
    return l.clone();
  };
  auto head = make();
  EXPECT_EQ(static_cast<List&>(*head).remove("x", 2), 2u);
  EXPECT_EQ(All(static_cast<List&>(*head)), (Strings{"a", "b", "c", "x", "d"}));
  auto tail = make();
  EXPECT_EQ(static_cast<List&>(*tail).remove("x", -2), 2u);
  EXPECT_EQ(All(static_cast<List&>(*tail)), (Strings{"a", "x", "b", "c", "d"}));
  auto all = make();
  EXPECT_EQ(static_cast<List&>(*all).remove("x", 0), 3u);
  EXPECT_EQ(All(static_cast<List&>(*all)), (Strings{"a", "b", "c", "d"}));
  EXPECT_EQ(static_cast<List&>(*all).remove("nope", 0), 0u);
  CheckNodes(static_cast<List&>(*all));
}

TEST(ListTest, TrimKeepsTheRangeOrEmptiesTheList) {
  List l(3);
  for (int i = 0; i < 10; ++i) l.push_back(std::to_string(i));
  l.trim(2, -3);
  EXPECT_EQ(All(l), (Strings{"2", "3", "4", "5", "6", "7"}));
  l.trim(5, 2);
  EXPECT_TRUE(l.empty());
  EXPECT_EQ(l.node_count(), 0u);
}

TEST(ListTest, PositionsHonourRankCountAndMaxlen) {
  List l(2);
  for (const char* s : {"a", "b", "c", "1", "2", "3", "c", "c"}) l.push_back(s);
  EXPECT_EQ(l.positions("c", 1, 1, 0), (std::vector<int64_t>{2}));
  EXPECT_EQ(l.positions("c", 1, 0, 0), (std::vector<int64_t>{2, 6, 7}));
  EXPECT_EQ(l.positions("c", 2, 0, 0), (std::vector<int64_t>{6, 7}));
  EXPECT_EQ(l.positions("c", -1, 0, 0), (std::vector<int64_t>{7, 6, 2}));
  EXPECT_EQ(l.positions("c", -2, 1, 0), (std::vector<int64_t>{6}));
  EXPECT_EQ(l.positions("c", 1, 0, 3), (std::vector<int64_t>{2}));
  EXPECT_EQ(l.positions("c", 1, 0, 2), (std::vector<int64_t>{}));
  EXPECT_EQ(l.positions("2", 1, 1, 0), (std::vector<int64_t>{4}));
  EXPECT_EQ(l.positions("02", 1, 1, 0), (std::vector<int64_t>{}));
}

TEST(ListTest, CloneIsDeep) {
  List l;
  for (int i = 0; i < 5000; ++i) l.push_back(std::to_string(i));
  auto c = l.clone();
  l.pop_front();
  auto& copy = static_cast<List&>(*c);
  EXPECT_EQ(copy.length(), 5000u);
  EXPECT_EQ(copy.index(0)->str(), "0");
  EXPECT_GT(copy.memory_usage(), 5000u);
}

TEST(ListTest, HundredThousandElements) {
  List l;
  for (int i = 0; i < 100000; ++i) {
    if (i % 2)
      l.push_back(std::to_string(i));
    else
      l.push_front(std::to_string(i));
  }
  EXPECT_EQ(l.length(), 100000u);
  EXPECT_EQ(l.index(0)->str(), "99998");
  EXPECT_EQ(l.index(-1)->str(), "99999");
  EXPECT_EQ(l.index(50000)->str(), "1");
  // Packed: well under 8 bytes per element for short integers.
  EXPECT_LT(l.memory_usage(), 100000u * 5);
  CheckNodes(l);
  size_t n = 0;
  while (l.pop_back()) ++n;
  EXPECT_EQ(n, 100000u);
}

std::string RandomValue(std::mt19937_64& rng) {
  switch (rng() % 4) {
    case 0: return std::to_string(rng() % 20);
    case 1: return "v" + std::to_string(rng() % 20);
    case 2: return std::string(rng() % 300, 'a' + static_cast<char>(rng() % 3));
    default: return std::to_string(static_cast<int64_t>(rng()));
  }
}

class ListModelTest : public ::testing::TestWithParam<int> {};

TEST_P(ListModelTest, RandomOperationsMatchADequeModel) {
  std::mt19937_64 rng(7 + static_cast<uint64_t>(GetParam()) * 1000);
  List l(GetParam());
  std::deque<std::string> m;
  for (int op = 0; op < 20000; ++op) {
    int64_t n = static_cast<int64_t>(m.size());
    auto rand_index = [&] { return static_cast<int64_t>(rng() % (2 * n + 3)) - n - 1; };
    switch (rng() % 12) {
      case 0:
      case 1: {
        auto v = RandomValue(rng);
        l.push_back(v);
        m.push_back(v);
        break;
      }
      case 2:
      case 3: {
        auto v = RandomValue(rng);
        l.push_front(v);
        m.push_front(v);
        break;
      }
      case 4: {
        auto got = l.pop_front();
        if (m.empty()) {
          ASSERT_FALSE(got);
        } else {
          ASSERT_EQ(*got, m.front());
          m.pop_front();
        }
        break;
      }
      case 5: {
        auto got = l.pop_back();
        if (m.empty()) {
          ASSERT_FALSE(got);
        } else {
          ASSERT_EQ(*got, m.back());
          m.pop_back();
        }
        break;
      }
      case 6: {
        int64_t i = rand_index();
        auto got = l.index(i);
        int64_t j = i < 0 ? i + n : i;
        if (j < 0 || j >= n)
          ASSERT_FALSE(got);
        else
          ASSERT_EQ(got->str(), m[static_cast<size_t>(j)]);
        break;
      }
      case 7: {
        int64_t i = rand_index();
        auto v = RandomValue(rng);
        int64_t j = i < 0 ? i + n : i;
        bool ok = l.set(i, v);
        ASSERT_EQ(ok, j >= 0 && j < n);
        if (ok) m[static_cast<size_t>(j)] = v;
        break;
      }
      case 8: {
        auto pivot = RandomValue(rng);
        auto v = RandomValue(rng);
        bool after = rng() % 2;
        bool ok = l.insert(pivot, v, after ? List::Where::After : List::Where::Before);
        auto it = std::find(m.begin(), m.end(), pivot);
        ASSERT_EQ(ok, it != m.end());
        if (ok) m.insert(after ? it + 1 : it, v);
        break;
      }
      case 9: {
        auto v = RandomValue(rng);
        int64_t count = static_cast<int64_t>(rng() % 5) - 2;
        size_t removed = l.remove(v, count);
        size_t expect = 0;
        if (count >= 0) {
          for (auto it = m.begin(); it != m.end();) {
            if (*it == v && (count == 0 || expect < static_cast<size_t>(count))) {
              it = m.erase(it);
              ++expect;
            } else {
              ++it;
            }
          }
        } else {
          for (size_t k = m.size(); k-- > 0;) {
            if (m[k] == v && expect < static_cast<size_t>(-count)) {
              m.erase(m.begin() + static_cast<long>(k));
              ++expect;
            }
          }
        }
        ASSERT_EQ(removed, expect);
        break;
      }
      case 10: {
        if (rng() % 20) break;  // trims are rare so the list can grow
        int64_t a = rand_index(), b = rand_index();
        size_t first, last;
        if (l.normalize_range(a, b, &first, &last)) {
          m = std::deque<std::string>(m.begin() + static_cast<long>(first),
                                      m.begin() + static_cast<long>(last) + 1);
        } else {
          m.clear();
        }
        l.trim(a, b);
        break;
      }
      default: {
        int64_t a = rand_index(), b = rand_index();
        auto got = Range(l, a, b);
        size_t first, last;
        Strings want;
        if (l.normalize_range(a, b, &first, &last))
          want.assign(m.begin() + static_cast<long>(first), m.begin() + static_cast<long>(last) + 1);
        ASSERT_EQ(got, want);
        break;
      }
    }
    ASSERT_EQ(l.length(), m.size());
    if (op % 1000 == 0) {
      CheckNodes(l);
      ASSERT_EQ(All(l), Strings(m.begin(), m.end()));
      Strings rev;
      l.for_each_reverse([&](const ElemRef& e) { rev.push_back(e.str()); });
      ASSERT_EQ(rev, Strings(m.rbegin(), m.rend()));
    }
  }
  ASSERT_EQ(All(l), Strings(m.begin(), m.end()));
}

INSTANTIATE_TEST_SUITE_P(Fills, ListModelTest, ::testing::Values(-2, -1, 1, 4, 64));

}  // namespace
}  // namespace eddy
