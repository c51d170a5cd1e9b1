#include "eddy/core/listpack.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace eddy {
namespace {

std::vector<std::string> Forward(const Listpack& lp) {
  std::vector<std::string> out;
  for (auto p = lp.begin(); p != lp.end(); p = lp.next(p)) out.push_back(lp.get(p).str());
  return out;
}

std::vector<std::string> Backward(const Listpack& lp) {
  std::vector<std::string> out;
  for (auto p = lp.end(); p != lp.begin();) {
    p = lp.prev(p);
    out.push_back(lp.get(p).str());
  }
  return out;
}

TEST(ListpackTest, EmptyPackOwnsNoAllocation) {
  Listpack lp;
  EXPECT_EQ(lp.size(), 0u);
  EXPECT_EQ(lp.bytes(), 0u);
  EXPECT_EQ(lp.begin(), lp.end());
  lp.push_back("a");
  EXPECT_GT(lp.bytes(), 0u);
  lp.erase(lp.begin());
  EXPECT_EQ(lp.bytes(), 0u);
  EXPECT_TRUE(lp.empty());
}

TEST(ListpackTest, PushBothEndsAndIterateBothWays) {
  Listpack lp;
  lp.push_back("b");
  lp.push_back("c");
  lp.push_front("a");
  EXPECT_EQ(Forward(lp), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Backward(lp), (std::vector<std::string>{"c", "b", "a"}));
  EXPECT_EQ(lp.get(lp.last()).str(), "c");
}

TEST(ListpackTest, CanonicalIntegersAreStoredAsIntegersAndReadBackVerbatim) {
  const std::vector<std::string> ints = {"0", "1", "-1", "31", "-32", "63", "4095", "-4096",
                                         "123456789", "9223372036854775807",
                                         "-9223372036854775808"};
  for (const auto& s : ints) {
    Listpack lp;
    lp.push_back(s);
    int64_t v;
    EXPECT_TRUE(lp.get_int(lp.begin(), &v)) << s;
    EXPECT_EQ(lp.get(lp.begin()).str(), s);
    EXPECT_TRUE(lp.get(lp.begin()).is_int());
  }
  const std::vector<std::string> not_ints = {"-0", "01", "+1", " 1", "1 ", "9223372036854775808",
                                             "-9223372036854775809", "", "1.0", "0x10"};
  for (const auto& s : not_ints) {
    Listpack lp;
    lp.push_back(s);
    int64_t v;
    EXPECT_FALSE(lp.get_int(lp.begin(), &v)) << s;
    EXPECT_EQ(lp.get(lp.begin()).str(), s);
  }
}

TEST(ListpackTest, SmallEntriesAreCompact) {
  EXPECT_EQ(Listpack::entry_size("7"), 2u);
  EXPECT_EQ(Listpack::entry_size("-32"), 2u);
  EXPECT_EQ(Listpack::entry_size("4095"), 3u);
  EXPECT_EQ(Listpack::entry_size("abc"), 5u);
  EXPECT_EQ(Listpack::entry_size(std::string(63, 'x')), 65u);
  EXPECT_EQ(Listpack::entry_size(std::string(64, 'x')), 67u);
  EXPECT_EQ(Listpack::entry_size("-9223372036854775808"), 11u);
}

TEST(ListpackTest, LongEntriesUseMultiByteHeadsAndTails) {
  Listpack lp;
  std::vector<std::string> model;
  for (size_t len : {0, 1, 62, 63, 64, 125, 126, 127, 128, 8190, 8191, 8192, 16383, 16384,
                     70000, 2100000}) {
    std::string s(len, static_cast<char>('a' + len % 26));
    lp.push_back(s);
    model.push_back(s);
  }
  EXPECT_EQ(Forward(lp), model);
  std::vector<std::string> rev(model.rbegin(), model.rend());
  EXPECT_EQ(Backward(lp), rev);
}

TEST(ListpackTest, FindComparesIntegersAndStringsExactly) {
  Listpack lp;
  for (const char* s : {"f1", "10", "f2", "-0", "f3", "x"}) lp.push_back(s);
  EXPECT_EQ(lp.get(lp.find(PackNeedle("10"), lp.begin())).str(), "10");
  EXPECT_EQ(lp.get(lp.find(PackNeedle("-0"), lp.begin())).str(), "-0");
  EXPECT_EQ(lp.find(PackNeedle("010"), lp.begin()), lp.end());
  // Searching keys only (skip 1): "10" is a value, not a key.
  EXPECT_EQ(lp.find(PackNeedle("10"), lp.begin(), 1), lp.end());
  EXPECT_EQ(lp.get(lp.find(PackNeedle("f3"), lp.begin(), 1)).str(), "f3");
}

TEST(ListpackTest, ReplaceGrowsAndShrinksInPlace) {
  Listpack lp;
  for (const char* s : {"a", "b", "c"}) lp.push_back(s);
  auto p = lp.next(lp.begin());
  p = lp.replace(p, std::string(300, 'z'));
  EXPECT_EQ(lp.get(p).str(), std::string(300, 'z'));
  p = lp.replace(p, "42");
  EXPECT_EQ(Forward(lp), (std::vector<std::string>{"a", "42", "c"}));
  // Replacing an entry with the bytes of another entry of the same pack.
  lp.replace(lp.begin(), lp.get(lp.last()).view());
  EXPECT_EQ(Forward(lp), (std::vector<std::string>{"c", "42", "c"}));
}

TEST(ListpackTest, InsertBytesNeverIntegerEncodes) {
  Listpack lp;
  lp.insert_bytes(lp.end(), "12345678");
  int64_t v;
  EXPECT_FALSE(lp.get_int(lp.begin(), &v));
  EXPECT_EQ(lp.get_bytes(lp.begin()), "12345678");
}

TEST(ListpackTest, SeekHandlesNegativeAndOutOfRangeIndexes) {
  Listpack lp;
  for (int i = 0; i < 10; ++i) lp.push_back(std::to_string(i));
  EXPECT_EQ(lp.get(lp.seek(0)).str(), "0");
  EXPECT_EQ(lp.get(lp.seek(7)).str(), "7");
  EXPECT_EQ(lp.get(lp.seek(-1)).str(), "9");
  EXPECT_EQ(lp.get(lp.seek(-10)).str(), "0");
  EXPECT_EQ(lp.seek(10), lp.end());
  EXPECT_EQ(lp.seek(-11), lp.end());
}

TEST(ListpackTest, SplitAndAppendRoundTrip) {
  Listpack lp;
  std::vector<std::string> model;
  for (int i = 0; i < 100; ++i) {
    model.push_back(i % 3 ? "s" + std::to_string(i) : std::to_string(i * 1000));
    lp.push_back(model.back());
  }
  Listpack tail = lp.split(lp.seek(40));
  EXPECT_EQ(lp.size(), 40u);
  EXPECT_EQ(tail.size(), 60u);
  EXPECT_EQ(Forward(tail), std::vector<std::string>(model.begin() + 40, model.end()));
  lp.append(std::move(tail));
  EXPECT_EQ(Forward(lp), model);
  Listpack all = lp.split(lp.begin());
  EXPECT_TRUE(lp.empty());
  EXPECT_EQ(Forward(all), model);
  Listpack copy = all.clone();
  EXPECT_EQ(Forward(copy), model);
}

std::string RandomElement(std::mt19937_64& rng) {
  switch (rng() % 5) {
    case 0: return std::to_string(static_cast<int64_t>(rng()));
    case 1: return std::to_string(static_cast<int>(rng() % 200) - 100);
    case 2: return std::string(rng() % 200, static_cast<char>('a' + rng() % 26));
    case 3: return "-0" + std::to_string(rng() % 10);
    default: return "k" + std::to_string(rng() % 50);
  }
}

TEST(ListpackTest, RandomOperationsMatchAVectorModel) {
  std::mt19937_64 rng(20240601);
  Listpack lp;
  std::vector<std::string> model;
  for (int op = 0; op < 20000; ++op) {
    size_t n = model.size();
    switch (rng() % 8) {
      case 0:
      case 1: {  // insert at a random index
        size_t i = n ? rng() % (n + 1) : 0;
        std::string s = RandomElement(rng);
        auto p = i == n ? lp.end() : lp.seek(static_cast<int64_t>(i));
        lp.insert(p, s);
        model.insert(model.begin() + static_cast<long>(i), s);
        break;
      }
      case 2: {
        std::string s = RandomElement(rng);
        lp.push_front(s);
        model.insert(model.begin(), s);
        break;
      }
      case 3: {
        if (!n) break;
        size_t i = rng() % n;
        lp.erase(lp.seek(static_cast<int64_t>(i)));
        model.erase(model.begin() + static_cast<long>(i));
        break;
      }
      case 4: {
        if (!n) break;
        size_t i = rng() % n;
        size_t k = rng() % 4;
        lp.erase_n(lp.seek(static_cast<int64_t>(i)), k);
        model.erase(model.begin() + static_cast<long>(i),
                    model.begin() + static_cast<long>(std::min(n, i + k)));
        break;
      }
      case 5: {
        if (!n) break;
        size_t i = rng() % n;
        std::string s = RandomElement(rng);
        lp.replace(lp.seek(static_cast<int64_t>(i)), s);
        model[i] = s;
        break;
      }
      case 6: {
        if (!n) break;
        size_t i = rng() % n;
        EXPECT_EQ(lp.get(lp.seek(-static_cast<int64_t>(n - i))).str(), model[i]);
        auto p = lp.find(PackNeedle(model[i]), lp.begin());
        size_t first = static_cast<size_t>(
            std::find(model.begin(), model.end(), model[i]) - model.begin());
        EXPECT_EQ(p, lp.seek(static_cast<int64_t>(first)));
        break;
      }
      default: {
        std::string s = RandomElement(rng);
        lp.push_back(s);
        model.push_back(s);
        break;
      }
    }
    ASSERT_EQ(lp.size(), model.size());
    if (op % 500 == 0) {
      ASSERT_EQ(Forward(lp), model);
      std::vector<std::string> rev(model.rbegin(), model.rend());
      ASSERT_EQ(Backward(lp), rev);
    }
    if (model.size() > 300) {  // keep it bounded so the test stays fast
      Listpack tail = lp.split(lp.seek(150));
      model.resize(150);
      if (rng() % 2) {
        lp = std::move(tail);
        model.clear();
        for (auto p = lp.begin(); p != lp.end(); p = lp.next(p)) model.push_back(lp.get(p).str());
      }
    }
  }
  EXPECT_EQ(Forward(lp), model);
}

}  // namespace
}  // namespace eddy
