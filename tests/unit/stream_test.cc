// Stream (types/stream.h) without RESP: appends across nodes, ranges both ways, trimming
// (exact, whole nodes, limits), deletion and the metadata it keeps, ID generation, groups
// with shared PELs, the read counters behind `lag`, deep copies.
#include "eddy/types/stream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace eddy {
namespace {

using FV = std::vector<std::string_view>;

Stream::NodeLimits Limits(int64_t entries, int64_t bytes = 4096) { return {bytes, entries}; }

std::vector<std::string> Range(const Stream& s, StreamID a, StreamID b, bool rev = false) {
  std::vector<std::string> out;
  Stream::Iterator it(s, a, b, rev);
  while (it.next()) out.push_back(it.id().to_string());
  return out;
}
std::vector<std::string> All(const Stream& s) { return Range(s, StreamID::min(), StreamID::max()); }

void Fill(Stream& s, uint64_t n, int64_t per_node = 3) {
  for (uint64_t i = 1; i <= n; ++i) s.append({i, 1}, FV{"f", "v"}, Limits(per_node));
}

TEST(StreamTest, AppendedEntriesAreReadInRangesAcrossNodes) {
  Stream s;
  Fill(s, 10);
  EXPECT_EQ(s.length(), 10u);
  EXPECT_EQ(s.node_count(), 4u);
  EXPECT_EQ(s.last_id(), (StreamID{10, 1}));
  EXPECT_EQ(s.first_id(), (StreamID{1, 1}));
  EXPECT_EQ(Range(s, {3, 0}, {6, 1}), (std::vector<std::string>{"3-1", "4-1", "5-1", "6-1"}));
  EXPECT_EQ(Range(s, {3, 2}, {6, 0}, true), (std::vector<std::string>{"5-1", "4-1"}));
  EXPECT_EQ(Range(s, {11, 0}, StreamID::max()), std::vector<std::string>{});
  EXPECT_EQ(Range(s, {6, 0}, {3, 0}), std::vector<std::string>{});
  Stream::Iterator it(s, {2, 1}, {2, 1}, false);
  ASSERT_TRUE(it.next());
  std::vector<std::string> fv;
  it.for_each_field([&](const ElemRef& f, const ElemRef& v) {
    fv.push_back(f.str());
    fv.push_back(v.str());
  });
  EXPECT_EQ(fv, (std::vector<std::string>{"f", "v"}));
  EXPECT_FALSE(it.next());
}

TEST(StreamTest, NextIdFollowsTheClockOrTheLastSequence) {
  Stream s;
  StreamID id;
  ASSERT_TRUE(s.next_id(500, false, &id));
  EXPECT_EQ(id, (StreamID{500, 0}));
  s.append({500, 7}, FV{"f", "v"}, Limits(100));
  ASSERT_TRUE(s.next_id(400, false, &id));
  EXPECT_EQ(id, (StreamID{500, 8}));
  ASSERT_TRUE(s.next_id(500, true, &id));
  EXPECT_EQ(id, (StreamID{500, 8}));
  EXPECT_FALSE(s.next_id(499, true, &id));
  s.set_last_id({500, UINT64_MAX});
  EXPECT_FALSE(s.next_id(500, true, &id));
  ASSERT_TRUE(s.next_id(0, false, &id));
  EXPECT_EQ(id, (StreamID{501, 0}));
  s.set_last_id(StreamID::max());
  EXPECT_FALSE(s.next_id(0, false, &id));
}

TEST(StreamTest, ExactTrimsMarkEntriesApproximateTrimsDropWholeNodes) {
  Stream s;
  Fill(s, 10);
  EXPECT_EQ(s.trim({Stream::TrimBy::MaxLen, 9, {}, true, 0}), 0);
  EXPECT_EQ(s.trim({Stream::TrimBy::MaxLen, 7, {}, true, 0}), 3);
  EXPECT_EQ(s.trim({Stream::TrimBy::MaxLen, 5, {}, false, 0}), 2);
  EXPECT_EQ(All(s), (std::vector<std::string>{"6-1", "7-1", "8-1", "9-1", "10-1"}));
  EXPECT_EQ(s.first_id(), (StreamID{6, 1}));
  EXPECT_EQ(s.node_count(), 3u);
  // LIMIT: a node goes only if it fits in what is left of the limit.
  EXPECT_EQ(s.trim({Stream::TrimBy::MaxLen, 0, {}, true, 2}), 1);
  EXPECT_EQ(s.trim({Stream::TrimBy::MaxLen, 0, {}, true, 2}), 0);
  EXPECT_EQ(s.trim({Stream::TrimBy::MinId, 0, {9, 1}, false, 0}), 2);
  EXPECT_EQ(All(s), (std::vector<std::string>{"9-1", "10-1"}));
  EXPECT_EQ(s.trim({Stream::TrimBy::MinId, 0, {11, 0}, true, 0}), 2);
  EXPECT_EQ(s.length(), 0u);
  EXPECT_EQ(s.node_count(), 0u);
  EXPECT_EQ(s.first_id(), StreamID::min());
  EXPECT_EQ(s.last_id(), (StreamID{10, 1}));
  EXPECT_EQ(s.max_deleted_id(), StreamID::min());
}

TEST(StreamTest, EraseKeepsMetadataAndFreesEmptiedNodes) {
  Stream s;
  Fill(s, 4);
  EXPECT_TRUE(s.erase({1, 1}));
  EXPECT_FALSE(s.erase({1, 1}));
  EXPECT_FALSE(s.erase({1, 0}));
  EXPECT_EQ(s.first_id(), (StreamID{2, 1}));
  EXPECT_TRUE(s.erase({3, 1}));
  EXPECT_EQ(s.max_deleted_id(), (StreamID{3, 1}));
  EXPECT_TRUE(s.erase({2, 1}));
  EXPECT_EQ(s.max_deleted_id(), (StreamID{3, 1}));
  EXPECT_EQ(s.node_count(), 1u);
  EXPECT_FALSE(s.contains({2, 1}));
  EXPECT_TRUE(s.contains({4, 1}));
  StreamID last;
  ASSERT_TRUE(s.last_live_id(&last));
  EXPECT_EQ(last, (StreamID{4, 1}));
  EXPECT_TRUE(s.erase({4, 1}));
  EXPECT_EQ(s.node_count(), 0u);
  EXPECT_FALSE(s.last_live_id(&last));
  EXPECT_EQ(s.first_packed_id(), StreamID::max());
}

TEST(StreamTest, AnExactTrimCanLeaveAnEmptyNodeThatTheNextAppendFills) {
  Stream s;
  Fill(s, 3);
  s.erase({3, 1});
  EXPECT_EQ(s.trim({Stream::TrimBy::MinId, 0, {3, 1}, false, 0}), 2);
  EXPECT_EQ(s.length(), 0u);
  EXPECT_EQ(s.node_count(), 1u);
  EXPECT_EQ(s.first_packed_id(), (StreamID{1, 1}));
  s.append({4, 1}, FV{"f", "v"}, Limits(100));
  EXPECT_EQ(s.node_count(), 1u);
  EXPECT_EQ(All(s), (std::vector<std::string>{"4-1"}));
  EXPECT_EQ(Range(s, StreamID::min(), StreamID::max(), true), (std::vector<std::string>{"4-1"}));
  EXPECT_EQ(s.first_id(), (StreamID{4, 1}));
}

TEST(StreamTest, PendingEntriesAreSharedByTheGroupAndTheirOwner) {
  Stream s;
  Fill(s, 3);
  ConsumerGroup* g = s.create_group("g", StreamID::min(), kEntriesReadInvalid);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(s.create_group("g", StreamID::min(), 0), nullptr);
  StreamConsumer* a = g->create_consumer("a", 10);
  StreamConsumer* b = g->create_consumer("b", 10);
  EXPECT_EQ(g->create_consumer("a", 11), nullptr);
  PendingEntry* p1 = g->add_pending({1, 1}, a, 100, 1);
  g->add_pending({2, 1}, a, 100, 1);
  g->add_pending({3, 1}, b, 100, 1);
  EXPECT_EQ(g->pending({1, 1}), p1);
  EXPECT_EQ(a->pel.get(StreamID{1, 1}.key()), p1);
  g->transfer({1, 1}, p1, b);
  EXPECT_EQ(a->pel.size(), 1u);
  EXPECT_EQ(b->pel.size(), 2u);
  EXPECT_EQ(p1->consumer, b);
  EXPECT_TRUE(g->ack({3, 1}));
  EXPECT_FALSE(g->ack({3, 1}));
  EXPECT_EQ(b->pel.size(), 1u);
  EXPECT_EQ(g->delete_consumer(b), 1u);
  EXPECT_EQ(g->pending_count(), 1u);
  EXPECT_EQ(g->find_consumer("b"), nullptr);
  // A copy shares nothing.
  auto copy = s.clone();
  auto* cs = static_cast<Stream*>(copy.get());
  ConsumerGroup* cg = cs->group("g");
  ASSERT_NE(cg, nullptr);
  EXPECT_NE(cg, g);
  StreamConsumer* ca = cg->find_consumer("a");
  ASSERT_NE(ca, nullptr);
  EXPECT_EQ(cg->pending({2, 1})->consumer, ca);
  EXPECT_TRUE(cg->ack({2, 1}));
  EXPECT_EQ(g->pending_count(), 1u);
  EXPECT_TRUE(s.destroy_group("g"));
  EXPECT_FALSE(s.destroy_group("g"));
  EXPECT_EQ(All(*cs), All(s));
}

TEST(StreamTest, ReadCountersAreKnownOnlyWithoutTombstonesAhead) {
  Stream s;
  EXPECT_EQ(s.estimate_entries_read({5, 0}), 0);
  Fill(s, 5);
  EXPECT_EQ(s.estimate_entries_read(StreamID::min()), 0);
  EXPECT_EQ(s.estimate_entries_read({1, 1}), 1);
  EXPECT_EQ(s.estimate_entries_read({3, 1}), kEntriesReadInvalid);
  EXPECT_EQ(s.estimate_entries_read({5, 1}), 5);
  EXPECT_EQ(s.estimate_entries_read({9, 0}), kEntriesReadInvalid);
  ConsumerGroup* g = s.create_group("g", StreamID::min(), kEntriesReadInvalid);
  EXPECT_EQ(s.group_lag(*g), 5);
  s.group_delivered(*g, {1, 1});
  EXPECT_EQ(g->entries_read, 1);
  s.group_delivered(*g, {2, 1});
  EXPECT_EQ(g->entries_read, 2);
  EXPECT_EQ(s.group_lag(*g), 3);
  s.erase({4, 1});
  EXPECT_TRUE(s.range_has_tombstones({3, 0}, std::nullopt));
  EXPECT_FALSE(s.range_has_tombstones({5, 0}, std::nullopt));
  EXPECT_EQ(s.group_lag(*g), std::nullopt);
  s.group_delivered(*g, {3, 1});
  EXPECT_EQ(g->entries_read, kEntriesReadInvalid);
  s.group_delivered(*g, {5, 1});
  EXPECT_EQ(g->entries_read, 5);
  EXPECT_EQ(s.group_lag(*g), 0);
}

}  // namespace
}  // namespace eddy
