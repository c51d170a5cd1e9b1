#include "eddy/types/hash.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace eddy {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs All(const Hash& h) {
  Pairs out;
  h.for_each([&](const ElemRef& f, const ElemRef& v) { out.emplace_back(f.str(), v.str()); });
  return out;
}

Pairs Sorted(Pairs p) {
  std::sort(p.begin(), p.end());
  return p;
}

TEST(HashTest, PackedFormKeepsInsertionOrderLikeRedis) {
  // Redis 7.0: HSET h a 1 b 2 c 3; HSET h a 9; HDEL h b; HSET h b 5 -> a 9 c 3 b 5.
  CollectionLimits lim;
  Hash h;
  EXPECT_TRUE(h.set("a", "1", lim));
  EXPECT_TRUE(h.set("b", "2", lim));
  EXPECT_TRUE(h.set("c", "3", lim));
  EXPECT_FALSE(h.set("a", "9", lim));
  EXPECT_TRUE(h.erase("b"));
  EXPECT_FALSE(h.erase("b"));
  EXPECT_TRUE(h.set("b", "5", lim));
  EXPECT_EQ(h.encoding(), Encoding::Listpack);
  EXPECT_EQ(All(h), (Pairs{{"a", "9"}, {"c", "3"}, {"b", "5"}}));
  EXPECT_EQ(h.get("c")->str(), "3");
  EXPECT_FALSE(h.get("z"));
  EXPECT_TRUE(h.contains("b"));
  EXPECT_FALSE(h.contains("9"));  // values are not fields
}

TEST(HashTest, IntegerLookingFieldsAndValuesRoundTrip) {
  CollectionLimits lim;
  Hash h;
  h.set("1", "-0", lim);
  h.set("-0", "1", lim);
  h.set("01", "9223372036854775807", lim);
  EXPECT_EQ(h.get("1")->str(), "-0");
  EXPECT_EQ(h.get("-0")->str(), "1");
  EXPECT_EQ(h.get("01")->str(), "9223372036854775807");
  EXPECT_FALSE(h.get("001"));
}

TEST(HashTest, ConvertsExactlyPastTheEntryLimit) {
  CollectionLimits lim;
  Hash h;
  for (int i = 0; i < 512; ++i) h.set("f" + std::to_string(i), "v", lim);
  EXPECT_EQ(h.encoding(), Encoding::Listpack);
  h.set("f0", "overwrite", lim);  // not a new entry
  EXPECT_EQ(h.encoding(), Encoding::Listpack);
  h.set("f512", "v", lim);
  EXPECT_EQ(h.encoding(), Encoding::Hashtable);
  EXPECT_EQ(h.size(), 513u);
  EXPECT_EQ(h.get("f0")->str(), "overwrite");
  for (int i = 1; i <= 512; ++i) EXPECT_EQ(h.get("f" + std::to_string(i))->str(), "v");
}

TEST(HashTest, ConvertsOnValueOrFieldLongerThanTheValueLimit) {
  CollectionLimits lim;
  Hash a;
  a.set("f", std::string(64, 'x'), lim);
  a.set(std::string(64, 'k'), "v", lim);
  EXPECT_EQ(a.encoding(), Encoding::Listpack);
  Hash b;
  b.set("f", "v", lim);
  b.set("f", std::string(65, 'x'), lim);
  EXPECT_EQ(b.encoding(), Encoding::Hashtable);
  EXPECT_EQ(b.get("f")->str(), std::string(65, 'x'));
  Hash c;
  c.set(std::string(65, 'k'), "v", lim);
  EXPECT_EQ(c.encoding(), Encoding::Hashtable);
  // Lookups that are too long do not convert.
  Hash d;
  d.set("f", "v", lim);
  EXPECT_FALSE(d.get(std::string(100, 'q')));
  EXPECT_FALSE(d.erase(std::string(100, 'q')));
  EXPECT_EQ(d.encoding(), Encoding::Listpack);
}

TEST(HashTest, IncrByCreatesChecksAndOverflows) {
  CollectionLimits lim;
  Hash h;
  int64_t r;
  EXPECT_EQ(h.incr_by("n", 5, lim, &r), Hash::IncrStatus::Ok);
  EXPECT_EQ(r, 5);
  EXPECT_EQ(h.incr_by("n", -7, lim, &r), Hash::IncrStatus::Ok);
  EXPECT_EQ(h.get("n")->str(), "-2");
  h.set("s", "abc", lim);
  EXPECT_EQ(h.incr_by("s", 1, lim, &r), Hash::IncrStatus::NotInteger);
  h.set("sp", " 1", lim);
  EXPECT_EQ(h.incr_by("sp", 1, lim, &r), Hash::IncrStatus::NotInteger);
  h.set("max", "9223372036854775807", lim);
  EXPECT_EQ(h.incr_by("max", 1, lim, &r), Hash::IncrStatus::Overflow);
  EXPECT_EQ(h.incr_by("max", 0, lim, &r), Hash::IncrStatus::Ok);
  h.set("min", "-9223372036854775808", lim);
  EXPECT_EQ(h.incr_by("min", -1, lim, &r), Hash::IncrStatus::Overflow);
  EXPECT_EQ(h.encoding(), Encoding::Listpack);
  // Redis 7.0 converts when HINCRBY creates a field longer than the value limit.
  EXPECT_EQ(h.incr_by(std::string(65, 'f'), 1, lim, &r), Hash::IncrStatus::Ok);
  EXPECT_EQ(h.encoding(), Encoding::Hashtable);
  EXPECT_EQ(h.incr_by("n", 10, lim, &r), Hash::IncrStatus::Ok);
  EXPECT_EQ(r, 8);
}

TEST(HashTest, IncrByFloatFormatsLikeRedisAndRejectsNanOrInf) {
  CollectionLimits lim;
  Hash h;
  std::string r;
  EXPECT_EQ(h.incr_by_float("f", 10.5L, lim, &r), Hash::IncrStatus::Ok);
  EXPECT_EQ(r, "10.5");
  EXPECT_EQ(h.incr_by_float("f", 0.1L, lim, &r), Hash::IncrStatus::Ok);
  EXPECT_EQ(r, "10.6");
  EXPECT_EQ(h.get("f")->str(), "10.6");
  h.set("i", "3", lim);
  EXPECT_EQ(h.incr_by_float("i", -1.5L, lim, &r), Hash::IncrStatus::Ok);
  EXPECT_EQ(r, "1.5");
  h.set("s", "x", lim);
  EXPECT_EQ(h.incr_by_float("s", 1, lim, &r), Hash::IncrStatus::NotFloat);
  h.set("inf", "inf", lim);
  EXPECT_EQ(h.incr_by_float("inf", 1, lim, &r), Hash::IncrStatus::NanOrInf);
  EXPECT_EQ(h.encoding(), Encoding::Listpack);
  // A 100-digit result is longer than the value limit: Redis 7.0 converts.
  EXPECT_EQ(h.incr_by_float("big", 1e100L, lim, &r), Hash::IncrStatus::Ok);
  EXPECT_GT(r.size(), 64u);
  EXPECT_EQ(h.encoding(), Encoding::Hashtable);
}

TEST(HashTest, TableFormOverwritesInPlaceOrReallocates) {
  CollectionLimits lim;
  lim.hash_max_listpack_entries = 0;
  Hash h;
  h.set("f", "abc", lim);
  EXPECT_EQ(h.encoding(), Encoding::Hashtable);
  h.set("f", "xyz", lim);
  EXPECT_EQ(h.get("f")->str(), "xyz");
  h.set("f", std::string(1000, 'q'), lim);
  EXPECT_EQ(h.get("f")->str(), std::string(1000, 'q'));
  h.set("f", "", lim);
  EXPECT_EQ(h.get("f")->str(), "");
  EXPECT_EQ(h.size(), 1u);
  size_t before = h.memory_usage();
  h.set("g", std::string(1000, 'q'), lim);
  EXPECT_GE(h.memory_usage(), before + 1000);
}

TEST(HashTest, ScanVisitsEveryPair) {
  CollectionLimits lim;
  Hash small;
  small.set("a", "1", lim);
  Pairs got;
  EXPECT_EQ(small.scan(0, [&](const ElemRef& f, const ElemRef& v) { got.emplace_back(f.str(), v.str()); }), 0u);
  EXPECT_EQ(got, (Pairs{{"a", "1"}}));
  Hash big;
  for (int i = 0; i < 3000; ++i) big.set("f" + std::to_string(i), std::to_string(i), lim);
  std::map<std::string, std::string> seen;
  uint64_t cursor = 0;
  do {
    cursor = big.scan(cursor, [&](const ElemRef& f, const ElemRef& v) { seen[f.str()] = v.str(); });
  } while (cursor);
  EXPECT_EQ(seen.size(), 3000u);
  EXPECT_EQ(seen["f42"], "42");
}

TEST(HashTest, RandomPairsComeFromTheHash) {
  CollectionLimits lim;
  TypeRng rng(9);
  for (int n : {5, 1000}) {
    Hash h;
    for (int i = 0; i < n; ++i) h.set("f" + std::to_string(i), "v" + std::to_string(i), lim);
    std::set<std::string> seen;
    size_t calls = 0;
    h.random_pairs(5000, rng, [&](const ElemRef& f, const ElemRef& v) {
      EXPECT_EQ("v" + f.str().substr(1), v.str());
      seen.insert(f.str());
      ++calls;
    });
    EXPECT_EQ(calls, 5000u);
    if (n == 5) {
      EXPECT_EQ(seen.size(), 5u);
    }
    auto [f, v] = h.random_pair(rng);
    EXPECT_EQ(h.get(f.view())->str(), v.str());
    for (size_t count : {size_t{1}, size_t{3}, size_t{400}, size_t{999}, size_t{5000}}) {
      auto d = h.random_distinct(count, rng);
      EXPECT_EQ(d.size(), std::min<size_t>(count, static_cast<size_t>(n)));
      std::set<std::string> uniq;
      for (auto& [df, dv] : d) {
        EXPECT_TRUE(uniq.insert(df).second);
        EXPECT_EQ(h.get(df)->str(), dv);
      }
    }
  }
}

TEST(HashTest, RandomPairsDrawOrderIsNotSorted) {
  CollectionLimits lim;
  TypeRng rng(5);
  Hash h;
  for (int i = 0; i < 10; ++i) h.set(std::string(1, static_cast<char>('a' + i)), "v", lim);
  std::string order;
  h.random_pairs(200, rng, [&](const ElemRef& f, const ElemRef&) { order += f.str(); });
  std::string sorted = order;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_NE(order, sorted);
}

TEST(HashTest, CloneIsDeepForBothForms) {
  CollectionLimits lim;
  for (size_t entries : {size_t{512}, size_t{0}}) {
    lim.hash_max_listpack_entries = entries;
    Hash h;
    h.set("a", "1", lim);
    auto c = h.clone();
    h.set("a", "2", lim);
    EXPECT_EQ(static_cast<Hash&>(*c).get("a")->str(), "1");
    EXPECT_EQ(c->encoding(), h.encoding());
  }
}

TEST(HashTest, HundredThousandFields) {
  CollectionLimits lim;
  Hash h;
  for (int i = 0; i < 100000; ++i) h.set("field:" + std::to_string(i), std::to_string(i * 3), lim);
  EXPECT_EQ(h.size(), 100000u);
  for (int i = 0; i < 100000; i += 1009) EXPECT_EQ(h.get("field:" + std::to_string(i))->str(), std::to_string(i * 3));
  EXPECT_LT(h.memory_usage(), 100000u * 40);
  for (int i = 0; i < 100000; i += 2) EXPECT_TRUE(h.erase("field:" + std::to_string(i)));
  EXPECT_EQ(h.size(), 50000u);
}

TEST(HashTest, RandomOperationsMatchAStdMapModel) {
  TypeRng rng(77);
  CollectionLimits lim;
  lim.hash_max_listpack_entries = 40;
  lim.hash_max_listpack_value = 20;
  for (int round = 0; round < 4; ++round) {
    Hash h;
    std::map<std::string, std::string> m;
    std::vector<std::string> order;  // insertion order while packed
    for (int op = 0; op < 8000; ++op) {
      std::string f = "f" + std::to_string(rng() % (round < 2 ? 45 : 200));
      if (rng() % 300 == 0) f = std::string(21, 'L');
      std::string v = rng() % 2 ? std::to_string(static_cast<int>(rng() % 1000) - 500)
                                : std::string(rng() % (round == 3 ? 22 : 18), 'v');
      switch (rng() % 6) {
        case 0:
        case 1: {
          bool created = h.set(f, v, lim);
          ASSERT_EQ(created, m.count(f) == 0);
          if (created) order.push_back(f);
          m[f] = v;
          break;
        }
        case 2: {
          bool gone = h.erase(f);
          ASSERT_EQ(gone, m.erase(f) == 1);
          if (gone) order.erase(std::find(order.begin(), order.end(), f));
          break;
        }
        case 3: {
          auto got = h.get(f);
          auto it = m.find(f);
          ASSERT_EQ(got.has_value(), it != m.end());
          if (got) {
            ASSERT_EQ(got->str(), it->second);
          }
          break;
        }
        case 4: {
          int64_t r;
          int64_t cur = 0;
          bool numeric = true;
          if (m.count(f)) {
            const std::string& s = m[f];
            numeric = !s.empty() && s.size() <= 20 && (s == "0" || (s[0] != '0' && s.find_first_not_of("-0123456789") == std::string::npos && s != "-" && s.substr(0, 2) != "-0"));
            if (numeric) cur = std::stoll(s);
          }
          auto st = h.incr_by(f, 3, lim, &r);
          if (!numeric) {
            ASSERT_EQ(st, Hash::IncrStatus::NotInteger) << m[f];
          } else {
            ASSERT_EQ(st, Hash::IncrStatus::Ok);
            ASSERT_EQ(r, cur + 3);
            if (!m.count(f)) order.push_back(f);
            m[f] = std::to_string(cur + 3);
          }
          break;
        }
        default: ASSERT_EQ(h.contains(f), m.count(f) == 1);
      }
      ASSERT_EQ(h.size(), m.size());
      bool must_be_table = m.size() > 40;
      for (auto& [k, val] : m) must_be_table |= k.size() > 20 || val.size() > 20;
      if (must_be_table) {
        ASSERT_EQ(h.encoding(), Encoding::Hashtable);
      }
      if (h.encoding() == Encoding::Listpack) {
        std::vector<std::string> fields;
        h.for_each([&](const ElemRef& k, const ElemRef&) { fields.push_back(k.str()); });
        ASSERT_EQ(fields, order);
      }
      if (op % 500 == 0) {
        ASSERT_EQ(Sorted(All(h)), Pairs(m.begin(), m.end()));
      }
    }
  }
}

}  // namespace
}  // namespace eddy
