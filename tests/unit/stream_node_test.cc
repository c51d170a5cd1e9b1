// StreamNode (core/stream_node.h): packing with a master entry and ID deltas, walking in
// both directions, deletion flags, and the Redis-equivalent byte size used to close nodes.
#include "eddy/core/stream_node.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace eddy {
namespace {

using FV = std::vector<std::string_view>;

std::vector<std::string> Fields(const StreamNode& n, const StreamNode::Entry& e) {
  std::vector<std::string> out;
  n.for_each_field(e, [&](const ElemRef& f, const ElemRef& v) {
    out.push_back(f.str());
    out.push_back(v.str());
  });
  return out;
}

std::vector<std::string> Ids(const StreamNode& n, StreamID master, bool reverse) {
  std::vector<std::string> out;
  if (!reverse) {
    for (auto p = n.first(); p != n.end(); p = n.next(p)) out.push_back(n.read(master, p).id.to_string());
  } else {
    for (auto p = n.last(); p != n.end(); p = n.prev(p)) out.push_back(n.read(master, p).id.to_string());
  }
  return out;
}

TEST(StreamNodeTest, EntriesWithTheMasterFieldsStoreOnlyTheirValues) {
  StreamID m{1000, 0};
  FV first = {"temp", "20", "unit", "C"};
  StreamNode n(first);
  n.append(m, m, first);
  n.append(m, {1000, 1}, FV{"temp", "21", "unit", "C"});
  n.append(m, {1003, 0}, FV{"unit", "F", "temp", "70"});
  n.append(m, {1004, 0}, FV{"humidity", "40"});
  EXPECT_EQ(n.count(), 4u);
  EXPECT_EQ(n.master_fields(), 2u);
  auto p = n.first();
  StreamNode::Entry e = n.read(m, p);
  EXPECT_TRUE(e.flags & StreamNode::kSameFields);
  EXPECT_EQ(Fields(n, e), (std::vector<std::string>{"temp", "20", "unit", "C"}));
  e = n.read(m, n.next(p));
  EXPECT_EQ(e.id, (StreamID{1000, 1}));
  EXPECT_TRUE(e.flags & StreamNode::kSameFields);
  // Another order is other fields: stored in full.
  e = n.read(m, n.next(n.next(p)));
  EXPECT_FALSE(e.flags & StreamNode::kSameFields);
  EXPECT_EQ(Fields(n, e), (std::vector<std::string>{"unit", "F", "temp", "70"}));
  e = n.read(m, n.last());
  EXPECT_EQ(e.id, (StreamID{1004, 0}));
  EXPECT_EQ(Fields(n, e), (std::vector<std::string>{"humidity", "40"}));
}

TEST(StreamNodeTest, RepeatedFieldNamesCostLittle) {
  StreamID m{1, 0};
  FV fv = {"a-rather-long-field-name", "1", "another-long-field-name", "2"};
  StreamNode same(fv), other(FV{"x", "y"});
  for (uint64_t i = 0; i < 50; ++i) {
    same.append(m, {1, i}, fv);
    other.append(m, {1, i}, fv);
  }
  // The shared form stores two small values per entry; the full form repeats the names.
  EXPECT_LT(same.memory_usage() * 3, other.memory_usage());
}

TEST(StreamNodeTest, WalksForwardAndBackwardAndKeepsDeletedEntriesFlagged) {
  StreamID m{5, 5};
  StreamNode n(FV{"f", "v"});
  std::vector<StreamID> ids = {{5, 5}, {5, 6}, {6, 0}, {6, 1}, {900000, 3}};
  for (StreamID id : ids) n.append(m, id, FV{"f", "v"});
  EXPECT_EQ(Ids(n, m, false), (std::vector<std::string>{"5-5", "5-6", "6-0", "6-1", "900000-3"}));
  EXPECT_EQ(Ids(n, m, true), (std::vector<std::string>{"900000-3", "6-1", "6-0", "5-6", "5-5"}));
  auto p = n.next(n.first());
  size_t before = n.memory_usage();
  n.mark_deleted(p);
  EXPECT_TRUE(n.read(m, p).deleted());
  EXPECT_EQ(n.count(), 4u);
  EXPECT_EQ(n.deleted(), 1u);
  EXPECT_EQ(n.memory_usage(), before);
  // Positions stay valid: nothing moved.
  EXPECT_EQ(n.read(m, n.next(p)).id, (StreamID{6, 0}));
  StreamNode c = n.clone();
  EXPECT_EQ(Ids(c, m, true), Ids(n, m, true));
  EXPECT_TRUE(c.read(m, c.next(c.first())).deleted());
}

TEST(StreamNodeTest, IdsFarFromTheMasterRoundTrip) {
  StreamID m{0, 1};
  StreamNode n(FV{"f", "v"});
  n.append(m, m, FV{"f", "v"});
  n.append(m, {1, 0}, FV{"f", "v"});
  n.append(m, {UINT64_MAX - 1, UINT64_MAX}, FV{"f", "v"});
  n.append(m, StreamID::max(), FV{"f", "v"});
  EXPECT_EQ(Ids(n, m, false),
            (std::vector<std::string>{"0-1", "1-0", "18446744073709551614-18446744073709551615",
                                      "18446744073709551615-18446744073709551615"}));
}

TEST(StreamNodeTest, BinaryAndIntegerLookingValuesReadBackAsWritten) {
  StreamID m{1, 1};
  std::string bin("\x00\xff\r\n", 4);
  FV fv = {bin, "0", "-0", "007", "9223372036854775807", "-9223372036854775808", "", "12"};
  StreamNode n(fv);
  n.append(m, m, fv);
  EXPECT_EQ(Fields(n, n.read(m, n.first())),
            (std::vector<std::string>{bin, "0", "-0", "007", "9223372036854775807",
                                      "-9223372036854775808", "", "12"}));
}

TEST(StreamNodeTest, CompatBytesFollowRedisListpackSizes) {
  EXPECT_EQ(StreamNode::redis_int_size(0), 2u);
  EXPECT_EQ(StreamNode::redis_int_size(127), 2u);
  EXPECT_EQ(StreamNode::redis_int_size(128), 3u);
  EXPECT_EQ(StreamNode::redis_int_size(-4096), 3u);
  EXPECT_EQ(StreamNode::redis_int_size(32767), 4u);
  EXPECT_EQ(StreamNode::redis_int_size(8388607), 5u);
  EXPECT_EQ(StreamNode::redis_int_size(2147483647), 6u);
  EXPECT_EQ(StreamNode::redis_int_size(INT64_MIN), 10u);
  EXPECT_EQ(StreamNode::redis_string_size("v"), 3u);
  EXPECT_EQ(StreamNode::redis_string_size("17"), 2u);
  EXPECT_EQ(StreamNode::redis_string_size("017"), 5u);
  EXPECT_EQ(StreamNode::redis_string_size(std::string(63, 'x')), 65u);
  EXPECT_EQ(StreamNode::redis_string_size(std::string(64, 'x')), 67u);
  EXPECT_EQ(StreamNode::redis_string_size(std::string(200, 'x')), 204u);
  EXPECT_EQ(StreamNode::redis_string_size(std::string(5000, 'x')), 5007u);
  // Empty listpack 7, master {count, deleted, 1, "f", 0} 11; each "f v" entry 11.
  StreamID m{1, 0};
  StreamNode n(FV{"f", "v"});
  EXPECT_EQ(n.compat_bytes(), 18u);
  for (uint64_t i = 0; i < 8; ++i) n.append(m, {1 + i, 0}, FV{"f", "v"});
  EXPECT_EQ(n.compat_bytes(), 18u + 8 * 11);
  // Deleting changes the counters' widths only.
  n.mark_deleted(n.first());
  EXPECT_EQ(n.compat_bytes(), 18u + 8 * 11);
}

}  // namespace
}  // namespace eddy
