#include "eddy/types/zset.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "eddy/core/skiplist.h"

namespace eddy {
namespace {

using Entries = std::vector<std::pair<std::string, double>>;
constexpr double kInf = std::numeric_limits<double>::infinity();

Entries All(const ZSet& z) {
  Entries out;
  z.for_each([&](const ElemRef& m, double s) { out.emplace_back(m.str(), s); });
  return out;
}

Entries ByScore(const ZSet& z, const ScoreRange& r, bool rev = false, size_t off = 0,
                int64_t lim = -1) {
  Entries out;
  z.range_by_score(r, rev, off, lim, [&](const ElemRef& m, double s) { out.emplace_back(m.str(), s); });
  return out;
}

Entries ByLex(const ZSet& z, const LexRange& r, bool rev = false, size_t off = 0, int64_t lim = -1) {
  Entries out;
  z.range_by_lex(r, rev, off, lim, [&](const ElemRef& m, double s) { out.emplace_back(m.str(), s); });
  return out;
}

Entries ByRank(const ZSet& z, int64_t a, int64_t b, bool rev = false) {
  Entries out;
  size_t first, last;
  if (z.normalize_rank_range(a, b, &first, &last))
    z.range_by_rank(first, last, rev, [&](const ElemRef& m, double s) { out.emplace_back(m.str(), s); });
  return out;
}

ScoreRange SR(const char* a, const char* b) {
  ScoreRange r;
  EXPECT_TRUE(ZSet::parse_score_range(a, b, &r)) << a << " " << b;
  return r;
}

LexRange LR(const char* a, const char* b) {
  LexRange r;
  EXPECT_TRUE(ZSet::parse_lex_range(a, b, &r)) << a << " " << b;
  return r;
}

// --- SkipList ----------------------------------------------------------------------------

TEST(SkipListTest, RanksAndSpansStayConsistentUnderRandomEdits) {
  std::mt19937_64 rng(11);
  SkipList sl;
  std::map<std::string, ZNode*> nodes;
  std::set<std::pair<double, std::string>> model;
  for (int op = 0; op < 20000; ++op) {
    std::string m = "m" + std::to_string(rng() % 2000);
    double s = static_cast<double>(rng() % 100);
    auto it = nodes.find(m);
    int choice = static_cast<int>(rng() % 3);
    if (it == nodes.end()) {
      nodes[m] = sl.insert(s, m);
      model.insert({s, m});
    } else if (choice == 0) {
      model.erase({it->second->score, m});
      sl.erase(it->second);
      nodes.erase(it);
    } else {
      model.erase({it->second->score, m});
      sl.update_score(it->second, s);
      model.insert({s, m});
    }
    ASSERT_EQ(sl.size(), model.size());
    if (op % 2000 == 0) {
      size_t rank = 1;
      ZNode* prev = nullptr;
      for (const auto& [score, member] : model) {
        ZNode* n = sl.at_rank(rank);
        ASSERT_NE(n, nullptr);
        ASSERT_EQ(n->member(), member);
        ASSERT_EQ(n->score, score);
        ASSERT_EQ(sl.rank(n), rank);
        ASSERT_EQ(n->prev(), prev);
        prev = n;
        ++rank;
      }
      ASSERT_EQ(sl.last(), prev);
      ASSERT_EQ(sl.at_rank(rank), nullptr);
    }
  }
}

TEST(SkipListTest, RangeEraseCallsTheHookForEachNode) {
  SkipList sl;
  for (int i = 0; i < 100; ++i) sl.insert(i, "m" + std::to_string(i));
  std::vector<std::string> seen;
  auto hook = [](void* ctx, ZNode* n) {
    static_cast<std::vector<std::string>*>(ctx)->emplace_back(n->member());
  };
  ScoreRange r{10, 20, true, false};
  EXPECT_EQ(sl.erase_range(r, hook, &seen), 10u);
  EXPECT_EQ(seen.front(), "m11");
  EXPECT_EQ(seen.back(), "m20");
  EXPECT_EQ(sl.erase_rank_range(1, 5, hook, &seen), 5u);
  EXPECT_EQ(sl.first()->member(), "m5");
  EXPECT_EQ(sl.size(), 85u);
  EXPECT_EQ(sl.rank(sl.last()), 85u);
  EXPECT_EQ(sl.at_rank(6)->member(), "m10");
  EXPECT_EQ(sl.at_rank(7)->member(), "m21");
}

// --- ZSet --------------------------------------------------------------------------------

TEST(ZSetTest, AddOrdersByScoreThenMember) {
  CollectionLimits lim;
  ZSet z;
  z.add("b", 1, 0, lim);
  z.add("a", 1, 0, lim);
  z.add("c", 0.5, 0, lim);
  z.add("z", -kInf, 0, lim);
  z.add("y", kInf, 0, lim);
  EXPECT_EQ(z.encoding(), Encoding::Listpack);
  EXPECT_EQ(All(z), (Entries{{"z", -kInf}, {"c", 0.5}, {"a", 1}, {"b", 1}, {"y", kInf}}));
  EXPECT_EQ(*z.rank("a", false), 2u);
  EXPECT_EQ(*z.rank("a", true), 2u);
  EXPECT_EQ(*z.rank("y", true), 0u);
  EXPECT_FALSE(z.rank("nope", false));
}

TEST(ZSetTest, ScoresRoundTripExactlyInBothEncodings) {
  const std::vector<double> scores = {0.1, -2.5, 1e300, -1e-300, 9007199254740991.0,
                                      9007199254740992.0, 1152921504606846976.0, -3, 42,
                                      kInf, -kInf, 4.9406564584124654e-324};
  for (size_t entries : {size_t{128}, size_t{0}}) {
    CollectionLimits lim;
    lim.zset_max_listpack_entries = entries;
    ZSet z;
    for (size_t i = 0; i < scores.size(); ++i) z.add("m" + std::to_string(i), scores[i], 0, lim);
    for (size_t i = 0; i < scores.size(); ++i) EXPECT_EQ(*z.score("m" + std::to_string(i)), scores[i]);
  }
}

TEST(ZSetTest, NegativeZeroBecomesZeroOnlyInTheListpack) {
  CollectionLimits lim;
  ZSet lp;
  lp.add("a", -0.0, 0, lim);
  EXPECT_FALSE(std::signbit(*lp.score("a")));
  lim.zset_max_listpack_entries = 0;
  ZSet sl;
  sl.add("a", -0.0, 0, lim);
  EXPECT_EQ(sl.encoding(), Encoding::Skiplist);
  EXPECT_TRUE(std::signbit(*sl.score("a")));
}

TEST(ZSetTest, AddFlagsFollowZaddSemantics) {
  CollectionLimits lim;
  ZSet z;
  double out = 0;
  EXPECT_EQ(z.add("a", 5, ZSet::kXX, lim, &out), ZSet::AddResult::Skipped);
  EXPECT_EQ(z.add("a", 5, ZSet::kNX, lim, &out), ZSet::AddResult::Added);
  EXPECT_EQ(z.add("a", 6, ZSet::kNX, lim, &out), ZSet::AddResult::Skipped);
  EXPECT_EQ(z.add("a", 5, 0, lim, &out), ZSet::AddResult::Unchanged);
  EXPECT_EQ(z.add("a", 4, ZSet::kGT, lim, &out), ZSet::AddResult::Skipped);
  EXPECT_EQ(z.add("a", 5, ZSet::kGT, lim, &out), ZSet::AddResult::Skipped);
  EXPECT_EQ(z.add("a", 7, ZSet::kGT, lim, &out), ZSet::AddResult::Updated);
  EXPECT_EQ(out, 7);
  EXPECT_EQ(z.add("a", 8, ZSet::kLT, lim, &out), ZSet::AddResult::Skipped);
  EXPECT_EQ(z.add("a", 1, ZSet::kLT | ZSet::kXX, lim, &out), ZSet::AddResult::Updated);
  EXPECT_EQ(z.add("b", 1, ZSet::kGT, lim, &out), ZSet::AddResult::Added);  // GT never blocks adds
  EXPECT_EQ(z.add("a", 2.5, ZSet::kIncr, lim, &out), ZSet::AddResult::Updated);
  EXPECT_EQ(out, 3.5);
  EXPECT_EQ(z.add("a", -1, ZSet::kIncr | ZSet::kGT, lim, &out), ZSet::AddResult::Skipped);
  EXPECT_EQ(z.add("n", 2, ZSet::kIncr, lim, &out), ZSet::AddResult::Added);
  EXPECT_EQ(out, 2);
  z.add("i", kInf, 0, lim);
  EXPECT_EQ(z.add("i", -kInf, ZSet::kIncr, lim, &out), ZSet::AddResult::NotANumber);
  EXPECT_EQ(*z.score("i"), kInf);
  EXPECT_EQ(All(z), (Entries{{"b", 1}, {"n", 2}, {"a", 3.5}, {"i", kInf}}));
}

TEST(ZSetTest, ConvertsExactlyPastTheEntryLimit) {
  CollectionLimits lim;
  ZSet z;
  for (int i = 0; i < 128; ++i) z.add("m" + std::to_string(i), i, 0, lim);
  EXPECT_EQ(z.encoding(), Encoding::Listpack);
  z.add("m0", 1000, 0, lim);  // an update is not an insert
  EXPECT_EQ(z.encoding(), Encoding::Listpack);
  z.add("m128", 0, 0, lim);
  EXPECT_EQ(z.encoding(), Encoding::Skiplist);
  EXPECT_EQ(z.size(), 129u);
  EXPECT_EQ(*z.score("m0"), 1000);
  EXPECT_EQ(ByRank(z, 0, 1), (Entries{{"m128", 0}, {"m1", 1}}));
}

TEST(ZSetTest, ConvertsOnMemberLongerThanTheValueLimit) {
  CollectionLimits lim;
  ZSet a;
  a.add(std::string(64, 'x'), 1, 0, lim);
  EXPECT_EQ(a.encoding(), Encoding::Listpack);
  a.add(std::string(65, 'x'), 1, 0, lim);
  EXPECT_EQ(a.encoding(), Encoding::Skiplist);
  EXPECT_EQ(a.size(), 2u);
  // A long member that is only looked up does not convert.
  ZSet b;
  b.add("a", 1, 0, lim);
  EXPECT_FALSE(b.score(std::string(100, 'q')));
  EXPECT_EQ(b.add(std::string(100, 'q'), 1, ZSet::kXX, lim), ZSet::AddResult::Skipped);
  EXPECT_EQ(b.encoding(), Encoding::Listpack);
}

TEST(ZSetTest, CompactIfFitsConvertsSmallResultsBack) {
  CollectionLimits lim;
  ZSet z;
  for (int i = 0; i < 200; ++i) z.add("m" + std::to_string(i), i, 0, lim);
  z.remove_range_by_rank(0, 190);
  EXPECT_EQ(z.encoding(), Encoding::Skiplist);  // removals never convert by themselves
  auto before = All(z);
  z.compact_if_fits(lim);
  EXPECT_EQ(z.encoding(), Encoding::Listpack);
  EXPECT_EQ(All(z), before);
  ZSet longm;
  lim.zset_max_listpack_entries = 0;
  longm.add(std::string(70, 'x'), 1, 0, lim);
  lim.zset_max_listpack_entries = 128;
  longm.compact_if_fits(lim);
  EXPECT_EQ(longm.encoding(), Encoding::Skiplist);
}

TEST(ZSetTest, ParseScoreRangeAcceptsWhatStrtodAccepts) {
  ScoreRange r;
  EXPECT_TRUE(ZSet::parse_score_range("(1.5", "+inf", &r));
  EXPECT_TRUE(r.min_ex);
  EXPECT_FALSE(r.max_ex);
  EXPECT_EQ(r.min, 1.5);
  EXPECT_EQ(r.max, kInf);
  EXPECT_TRUE(ZSet::parse_score_range(" 1", "0x10", &r));
  EXPECT_EQ(r.max, 16);
  EXPECT_TRUE(ZSet::parse_score_range("", "(", &r));
  EXPECT_EQ(r.min, 0);
  EXPECT_TRUE(r.max_ex);
  EXPECT_FALSE(ZSet::parse_score_range("1 ", "2", &r));
  EXPECT_FALSE(ZSet::parse_score_range("nan", "2", &r));
  EXPECT_FALSE(ZSet::parse_score_range("1", "abc", &r));
  EXPECT_FALSE(ZSet::parse_score_range("((1", "2", &r));
}

TEST(ZSetTest, ParseLexRangeRequiresABracketOrInfinity) {
  LexRange r;
  EXPECT_TRUE(ZSet::parse_lex_range("-", "+", &r));
  EXPECT_TRUE(ZSet::parse_lex_range("[a", "(b", &r));
  EXPECT_EQ(r.min.value, "a");
  EXPECT_EQ(r.max.kind, LexBound::Kind::Exclusive);
  EXPECT_TRUE(ZSet::parse_lex_range("[", "(", &r));
  EXPECT_FALSE(ZSet::parse_lex_range("a", "+", &r));
  EXPECT_FALSE(ZSet::parse_lex_range("-", "", &r));
  EXPECT_FALSE(ZSet::parse_lex_range("+a", "+", &r));
}

class ZSetBothEncodings : public ::testing::TestWithParam<size_t> {
 protected:
  CollectionLimits Limits() const {
    CollectionLimits lim;
    lim.zset_max_listpack_entries = GetParam();
    return lim;
  }
  void Letters(ZSet& z) const {
    auto lim = Limits();
    const char* members[] = {"a", "b", "c", "d", "e", "f", "g"};
    for (int i = 0; i < 7; ++i) z.add(members[i], i < 3 ? 1 : i, 0, lim);
  }
};

TEST_P(ZSetBothEncodings, RangeByScoreHonoursExclusiveBoundsOffsetLimitAndReverse) {
  ZSet z;
  Letters(z);  // a1 b1 c1 d3 e4 f5 g6
  EXPECT_EQ(ByScore(z, SR("1", "3")), (Entries{{"a", 1}, {"b", 1}, {"c", 1}, {"d", 3}}));
  EXPECT_EQ(ByScore(z, SR("(1", "(5")), (Entries{{"d", 3}, {"e", 4}}));
  EXPECT_EQ(ByScore(z, SR("-inf", "+inf"), false, 2, 3), (Entries{{"c", 1}, {"d", 3}, {"e", 4}}));
  EXPECT_EQ(ByScore(z, SR("(1", "+inf"), true), (Entries{{"g", 6}, {"f", 5}, {"e", 4}, {"d", 3}}));
  EXPECT_EQ(ByScore(z, SR("-inf", "(4"), true, 1, 2), (Entries{{"c", 1}, {"b", 1}}));
  EXPECT_EQ(ByScore(z, SR("2", "2.5")), Entries{});
  EXPECT_EQ(ByScore(z, SR("5", "1")), Entries{});
  EXPECT_EQ(ByScore(z, SR("(3", "3")), Entries{});
  EXPECT_EQ(ByScore(z, SR("7", "+inf"), true), Entries{});
  EXPECT_EQ(ByScore(z, SR("-inf", "0")), Entries{});
  EXPECT_EQ(ByScore(z, SR("-inf", "+inf"), false, 10, 5), Entries{});
  EXPECT_EQ(ByScore(z, SR("-inf", "+inf"), false, 0, 0), Entries{});
  EXPECT_EQ(z.count(SR("1", "4")), 5u);
  EXPECT_EQ(z.count(SR("(1", "(4")), 1u);
  EXPECT_EQ(z.count(SR("10", "20")), 0u);
}

TEST_P(ZSetBothEncodings, RangeByLexUsesByteOrder) {
  auto lim = Limits();
  ZSet z;
  for (const char* m : {"a", "aa", "ab", "b", "c", "cc"}) z.add(m, 0, 0, lim);
  EXPECT_EQ(ByLex(z, LR("-", "+")).size(), 6u);
  EXPECT_EQ(ByLex(z, LR("[aa", "(c")), (Entries{{"aa", 0}, {"ab", 0}, {"b", 0}}));
  EXPECT_EQ(ByLex(z, LR("(a", "[b"), true), (Entries{{"b", 0}, {"ab", 0}, {"aa", 0}}));
  EXPECT_EQ(ByLex(z, LR("-", "+"), false, 1, 2), (Entries{{"aa", 0}, {"ab", 0}}));
  EXPECT_EQ(ByLex(z, LR("+", "-")), Entries{});
  EXPECT_EQ(ByLex(z, LR("-", "-")), Entries{});
  EXPECT_EQ(ByLex(z, LR("[b", "[b")), (Entries{{"b", 0}}));
  EXPECT_EQ(ByLex(z, LR("(b", "[b")), Entries{});
  EXPECT_EQ(ByLex(z, LR("[d", "+")), Entries{});
  EXPECT_EQ(z.count(LR("[aa", "[c")), 4u);
  EXPECT_EQ(z.count(LR("(cc", "+")), 0u);
  EXPECT_EQ(z.remove_range(LR("(a", "(c")), 3u);
  EXPECT_EQ(All(z), (Entries{{"a", 0}, {"c", 0}, {"cc", 0}}));
}

TEST_P(ZSetBothEncodings, RangeByRankNormalizesLikeZrange) {
  ZSet z;
  Letters(z);
  EXPECT_EQ(ByRank(z, 0, 1), (Entries{{"a", 1}, {"b", 1}}));
  EXPECT_EQ(ByRank(z, -2, -1), (Entries{{"f", 5}, {"g", 6}}));
  EXPECT_EQ(ByRank(z, 0, 1, true), (Entries{{"g", 6}, {"f", 5}}));
  EXPECT_EQ(ByRank(z, 5, 100, true), (Entries{{"b", 1}, {"a", 1}}));
  EXPECT_EQ(ByRank(z, 3, 2), Entries{});
  EXPECT_EQ(ByRank(z, 7, 10), Entries{});
  EXPECT_EQ(ByRank(z, -100, 0), (Entries{{"a", 1}}));
}

TEST_P(ZSetBothEncodings, RemovalsByRankScoreAndPops) {
  ZSet z;
  Letters(z);
  EXPECT_EQ(z.remove_range_by_rank(1, 2), 2u);  // b, c
  EXPECT_EQ(z.remove_range(SR("(3", "5")), 2u);  // e, f
  EXPECT_EQ(All(z), (Entries{{"a", 1}, {"d", 3}, {"g", 6}}));
  EXPECT_EQ(z.pop(true, 1), (Entries{{"g", 6}}));
  EXPECT_EQ(z.pop(false, 5), (Entries{{"a", 1}, {"d", 3}}));
  EXPECT_TRUE(z.empty());
  EXPECT_EQ(z.pop(false, 1), Entries{});
  EXPECT_EQ(z.remove_range(SR("-inf", "+inf")), 0u);
}

TEST_P(ZSetBothEncodings, ScanReturnsEveryEntry) {
  auto lim = Limits();
  ZSet z;
  for (int i = 0; i < 1000; ++i) z.add("m" + std::to_string(i), i, 0, lim);
  std::map<std::string, double> seen;
  uint64_t cursor = 0;
  do {
    cursor = z.scan(cursor, [&](const ElemRef& m, double s) { seen[m.str()] = s; });
  } while (cursor);
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(seen["m7"], 7);
}

TEST_P(ZSetBothEncodings, RandomHelpersReturnMembersWithTheirScores) {
  auto lim = Limits();
  TypeRng rng(4);
  ZSet z;
  for (int i = 0; i < 50; ++i) z.add("m" + std::to_string(i), i * 0.5, 0, lim);
  std::set<std::string> seen;
  size_t calls = 0;
  z.random_entries(3000, rng, [&](const ElemRef& m, double s) {
    EXPECT_EQ(*z.score(m.view()), s);
    seen.insert(m.str());
    ++calls;
  });
  EXPECT_EQ(calls, 3000u);
  EXPECT_EQ(seen.size(), 50u);
  auto [m, s] = z.random_entry(rng);
  EXPECT_EQ(*z.score(m.view()), s);
  for (size_t count : {size_t{1}, size_t{10}, size_t{49}, size_t{50}, size_t{80}}) {
    auto d = z.random_distinct(count, rng);
    EXPECT_EQ(d.size(), std::min<size_t>(count, 50));
    std::set<std::string> uniq;
    for (auto& [dm, ds] : d) {
      EXPECT_TRUE(uniq.insert(dm).second);
      EXPECT_EQ(*z.score(dm), ds);
    }
  }
}

TEST_P(ZSetBothEncodings, CloneIsDeep) {
  auto lim = Limits();
  ZSet z;
  Letters(z);
  auto c = z.clone();
  z.add("a", 100, 0, lim);
  EXPECT_EQ(*static_cast<ZSet&>(*c).score("a"), 1);
  EXPECT_EQ(c->encoding(), z.encoding());
}

INSTANTIATE_TEST_SUITE_P(Encodings, ZSetBothEncodings, ::testing::Values(128, 0));

TEST(ZSetTest, LexCountOverMixedScoresNeverFailsOnASkiplist) {
  // Lex ranges assume equal scores; with mixed scores the skiplist walk may find a first
  // node and no last one (this used to dereference null), or a last one before the first.
  CollectionLimits lim;
  lim.zset_max_listpack_entries = 0;
  TypeRng rng(7);
  for (int round = 0; round < 200; ++round) {
    ZSet z;
    const char* members[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    for (const char* m : members) z.add(m, static_cast<double>(rng() % 5), 0, lim);
    ASSERT_EQ(z.encoding(), Encoding::Skiplist);
    const char* bounds[] = {"-", "+", "[a", "(b", "[c", "(d", "[e", "[h", "(h"};
    for (const char* lo : bounds) {
      for (const char* hi : bounds) {
        LexRange r;
        ASSERT_TRUE(ZSet::parse_lex_range(lo, hi, &r));
        size_t n = z.count(r);
        EXPECT_LE(n, z.size());
        size_t walked = 0;
        z.range_by_lex(r, false, 0, -1, [&](const ElemRef&, double) { ++walked; });
        EXPECT_LE(walked, z.size());
        z.range_by_lex(r, true, 0, -1, [&](const ElemRef&, double) {});
      }
    }
  }
}

TEST(ZSetTest, ListpackLexRangesOverMixedScoresWalkLikeRedis) {
  // Answers of redis-server 7.0 for a listpack ordered f a c b e d (scores 1..6): the range
  // is empty unless the last member is >= min and the first <= max; an offset skips entries
  // without testing them; then entries are taken while the far bound holds.
  CollectionLimits lim;
  ZSet z;
  const char* members[] = {"f", "a", "c", "b", "e", "d"};
  for (int i = 0; i < 6; ++i) z.add(members[i], i + 1, 0, lim);
  ASSERT_EQ(z.encoding(), Encoding::Listpack);
  auto lex = [](const char* lo, const char* hi) {
    LexRange r;
    EXPECT_TRUE(ZSet::parse_lex_range(lo, hi, &r));
    return r;
  };
  auto members_of = [](const Entries& e) {
    std::vector<std::string> out;
    for (const auto& p : e) out.push_back(p.first);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(members_of(ByLex(z, lex("[e", "+"))), V{});
  EXPECT_EQ(members_of(ByLex(z, lex("[b", "[d"))), V{});
  EXPECT_EQ(members_of(ByLex(z, lex("-", "+"), false, 1, 2)), (V{"a", "c"}));
  EXPECT_EQ(members_of(ByLex(z, lex("[a", "[c"), false, 1, 10)), V{});
  EXPECT_EQ(members_of(ByLex(z, lex("[c", "+"), true)), (V{"d", "e"}));
  EXPECT_EQ(members_of(ByLex(z, lex("-", "[d"), true, 1, 5)), V{});
  EXPECT_EQ(z.count(lex("[b", "[d")), 0u);
  EXPECT_EQ(z.count(lex("[a", "+")), 6u);
}

TEST(ZSetTest, HundredThousandMembers) {
  CollectionLimits lim;
  ZSet z;
  for (int i = 0; i < 100000; ++i) z.add("member:" + std::to_string(i), (i * 7919) % 100000, 0, lim);
  EXPECT_EQ(z.size(), 100000u);
  EXPECT_EQ(*z.rank("member:0", false), 0u);
  for (int i = 0; i < 100000; i += 997) {
    double s = (i * 7919) % 100000;
    EXPECT_EQ(*z.rank("member:" + std::to_string(i), false), static_cast<size_t>(s));
  }
  EXPECT_EQ(z.count(SR("1000", "(2000")), 1000u);
  // One node per member (~64-80 B) plus a bucket slot: far below Redis's ~110 B.
  EXPECT_LT(z.memory_usage(), 100000u * 90);
  EXPECT_EQ(z.remove_range(SR("0", "(50000")), 50000u);
  EXPECT_EQ(z.size(), 50000u);
  EXPECT_EQ(ByRank(z, 0, 0)[0].second, 50000);
}

TEST(ZSetTest, RandomOperationsMatchAStdModel) {
  TypeRng rng(99);
  for (size_t entries : {size_t{16}, size_t{128}, size_t{0}}) {
    CollectionLimits lim;
    lim.zset_max_listpack_entries = entries;
    lim.zset_max_listpack_value = 6;
    ZSet z;
    std::map<std::string, double> scores;
    std::set<std::pair<double, std::string>> order;
    auto model_set = [&](const std::string& m, double s) {
      auto it = scores.find(m);
      if (it != scores.end()) order.erase({it->second, m});
      scores[m] = s;
      order.insert({s, m});
    };
    auto model_del = [&](const std::string& m) {
      auto it = scores.find(m);
      order.erase({it->second, m});
      scores.erase(it);
    };
    for (int op = 0; op < 6000; ++op) {
      std::string m = rng() % 40 ? "m" + std::to_string(rng() % 60) : std::string(7, 'L');
      if (rng() % 7 == 0) m = std::to_string(rng() % 30);  // integer-looking members
      double s = static_cast<double>(static_cast<int>(rng() % 21) - 10) / (rng() % 2 ? 1 : 4);
      switch (rng() % 9) {
        case 0:
        case 1:
        case 2: {
          double out;
          auto res = z.add(m, s, 0, lim, &out);
          bool existed = scores.count(m);
          if (!existed) {
            ASSERT_EQ(res, ZSet::AddResult::Added);
          } else {
            ASSERT_EQ(res, scores[m] == s ? ZSet::AddResult::Unchanged : ZSet::AddResult::Updated);
          }
          model_set(m, s);
          break;
        }
        case 3: {
          double out;
          auto res = z.add(m, s, ZSet::kIncr, lim, &out);
          double want = scores.count(m) ? scores[m] + s : s;
          ASSERT_NE(res, ZSet::AddResult::Skipped);
          ASSERT_EQ(out, want);
          model_set(m, want);
          break;
        }
        case 4: {
          ASSERT_EQ(z.remove(m), scores.count(m) == 1);
          if (scores.count(m)) model_del(m);
          break;
        }
        case 5: {
          auto r = z.rank(m, rng() % 2);
          ASSERT_EQ(r.has_value(), scores.count(m) == 1);
          break;
        }
        case 6: {
          double a = static_cast<double>(static_cast<int>(rng() % 21) - 10);
          double b = a + static_cast<double>(rng() % 8);
          ScoreRange r{a, b, rng() % 2 == 0, rng() % 2 == 0};
          Entries want;
          for (auto& [sc, mm] : order)
            if (r.contains(sc)) want.emplace_back(mm, sc);
          ASSERT_EQ(ByScore(z, r), want);
          ASSERT_EQ(z.count(r), want.size());
          std::reverse(want.begin(), want.end());
          ASSERT_EQ(ByScore(z, r, true), want);
          if (rng() % 5 == 0) {
            ASSERT_EQ(z.remove_range(r), want.size());
            for (auto& [mm, sc] : want) model_del(mm);
          }
          break;
        }
        case 7: {
          int64_t a = static_cast<int64_t>(rng() % 80) - 40, b = static_cast<int64_t>(rng() % 80) - 40;
          bool rev = rng() % 2;
          Entries all;
          for (auto& [sc, mm] : order) all.emplace_back(mm, sc);
          if (rev) std::reverse(all.begin(), all.end());
          size_t first, last;
          Entries want;
          if (z.normalize_rank_range(a, b, &first, &last))
            want.assign(all.begin() + static_cast<long>(first), all.begin() + static_cast<long>(last) + 1);
          ASSERT_EQ(ByRank(z, a, b, rev), want);
          break;
        }
        default: {
          if (rng() % 3) break;
          auto got = z.pop(rng() % 2, rng() % 3);
          for (auto& [mm, sc] : got) {
            ASSERT_EQ(scores[mm], sc);
            model_del(mm);
          }
        }
      }
      ASSERT_EQ(z.size(), scores.size());
      if (entries == 0 && !scores.empty()) {
        ASSERT_EQ(z.encoding(), Encoding::Skiplist);
      }
      if (scores.size() > entries) {
        ASSERT_EQ(z.encoding(), Encoding::Skiplist);
      }
      if (op % 300 == 0) {
        Entries want;
        for (auto& [sc, mm] : order) want.emplace_back(mm, sc);
        ASSERT_EQ(All(z), want);
        for (auto& [mm, sc] : scores) ASSERT_EQ(*z.score(mm), sc);
      }
    }
  }
}

}  // namespace
}  // namespace eddy
