// Stream commands in-process: what the compat scripts cannot see deterministically —
// propagated forms, keyspace events, WATCH, exact idle/delivery times under a manual
// clock — and the blocking registry with several clients.
#include <utility>

#include "commands/command_test.h"
#include "eddy/server/blocking.h"
#include "eddy/types/stream.h"

namespace eddy::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Argv = std::vector<std::string>;



class StreamCommandTest : public CommandTest {
 protected:
  StreamCommandTest() {
    server().set_propagator(&prop_);
    server().set_notifier(&events_);
  }
  ~StreamCommandTest() override {
    server().set_propagator(nullptr);
    server().set_notifier(nullptr);
  }
  std::vector<Argv> TakePropagated() { return std::exchange(prop_.seen, {}); }
  std::vector<std::string> TakeEvents() { return std::exchange(events_.seen, {}); }
  std::string Send(const Argv& argv, Client* c) { return RunBytes(argv, c); }
  void Timeouts() { server().blocking().handle_timeouts(NowMs()); }
  std::string Now() { return std::to_string(NowMs()); }
  // s: 1-1 .. n-1, one field each.
  void Fill(const std::string& key, int n) {
    for (int i = 1; i <= n; ++i) Run({"XADD", key, std::to_string(i) + "-1", "f", "v"});
  }
  Stream* StreamAt(const std::string& key) {
    Entry* e = server().db(0).find(key);
    return e ? e->val.as<Stream>() : nullptr;
  }

  RecordingPropagator prop_;
  RecordingNotifier events_;
};

// ---------------------------------------------------------------------------------------
// XADD, XTRIM, XDEL

TEST_F(StreamCommandTest, XaddStarTakesTheClockAndIsPropagatedWithTheIdItMade) {
  EXPECT_THAT(Run({"XADD", "s", "*", "f", "v"}), IsBulk(Now() + "-0"));
  EXPECT_THAT(Run({"XADD", "s", "*", "f", "v"}), IsBulk(Now() + "-1"));
  AdvanceClock(5);
  EXPECT_THAT(Run({"XADD", "s", "*", "f", "v"}), IsBulk(Now() + "-0"));
  EXPECT_THAT(Run({"XADD", "s", "7-*", "f", "v"}),
              IsError("ERR The ID specified in XADD is equal or smaller than the target "
                      "stream top item"));
  EXPECT_THAT(Run({"XADD", "s", "99999999999999-*", "f", "v"}), IsBulk("99999999999999-0"));
  // The clock is behind the last ID now: the sequence moves on.
  EXPECT_THAT(Run({"XADD", "s", "*", "f", "v"}), IsBulk("99999999999999-1"));
  auto p = TakePropagated();
  ASSERT_EQ(p.size(), 5u);
  EXPECT_EQ(p[0], (Argv{"XADD", "s", std::to_string(NowMs() - 5) + "-0", "f", "v"}));
  EXPECT_EQ(p[3], (Argv{"XADD", "s", "99999999999999-0", "f", "v"}));
  EXPECT_EQ(p[4], (Argv{"XADD", "s", "99999999999999-1", "f", "v"}));
  // Explicit IDs are propagated as typed.
  Run({"XADD", "s", "100000000000000", "f", "v"});
  EXPECT_THAT(TakePropagated(), ElementsAre(Argv{"XADD", "s", "100000000000000", "f", "v"}));
}

TEST_F(StreamCommandTest, ApproximateTrimsArePropagatedAsExactOnesWithTheThresholdReached) {
  Run({"CONFIG", "SET", "stream-node-max-entries", "2"});
  Fill("s", 5);
  TakePropagated();
  EXPECT_THAT(Run({"XADD", "s", "MAXLEN", "~", "2", "6-1", "f", "v"}), IsBulk("6-1"));
  EXPECT_THAT(Run({"XLEN", "s"}), IsInt(2));
  EXPECT_THAT(Run({"XADD", "s", "maxlen", "~", "0", "LIMIT", "1", "7-*", "f", "v"}),
              IsBulk("7-0"));
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"XADD", "s", "MAXLEN", "=", "2", "6-1", "f", "v"},
                          Argv{"XADD", "s", "maxlen", "=", "3", "LIMIT", "1", "7-0", "f", "v"}));
  // MINID ~ writes the first ID still packed, deleted or not; the greatest ID if none.
  Run({"XDEL", "s", "5-1"});
  TakePropagated();
  EXPECT_THAT(Run({"XTRIM", "s", "MINID", "~", "6"}), IsInt(0));
  EXPECT_THAT(Run({"XTRIM", "s", "MINID", "~", "7"}), IsInt(1));
  EXPECT_THAT(Run({"XADD", "s", "MINID", "~", "100", "8-1", "f", "v"}), IsBulk("8-1"));
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"XTRIM", "s", "MINID", "=", "7-0"},
                          Argv{"XADD", "s", "MINID", "=",
                               "18446744073709551615-18446744073709551615", "8-1", "f", "v"}));
  EXPECT_THAT(Run({"XLEN", "s"}), IsInt(0));
  // Nothing trimmed: nothing propagated; exact forms as typed.
  Run({"CONFIG", "SET", "stream-node-max-entries", "100"});
  Fill("t", 3);
  TakePropagated();
  EXPECT_THAT(Run({"XTRIM", "t", "MAXLEN", "~", "1"}), IsInt(0));
  EXPECT_THAT(Run({"XTRIM", "t", "MAXLEN", "1"}), IsInt(2));
  EXPECT_THAT(TakePropagated(), ElementsAre(Argv{"XTRIM", "t", "MAXLEN", "1"}));
}

TEST_F(StreamCommandTest, XaddAnnouncesTheAddThenTheTrim) {
  Fill("s", 3);
  TakeEvents();
  Run({"XADD", "s", "MAXLEN", "1", "4-1", "f", "v"});
  EXPECT_THAT(TakeEvents(), ElementsAre("xadd:s", "xtrim:s"));
  Run({"XADD", "s", "MAXLEN", "5", "5-1", "f", "v"});
  EXPECT_THAT(TakeEvents(), ElementsAre("xadd:s"));
  Run({"XTRIM", "s", "MAXLEN", "5"});
  Run({"XDEL", "s", "9-9"});
  EXPECT_THAT(TakeEvents(), IsEmpty());
  Run({"XTRIM", "s", "MAXLEN", "0"});
  Run({"XADD", "s", "6-1", "f", "v"});
  Run({"XDEL", "s", "6-1", "7-1"});
  EXPECT_THAT(TakeEvents(), ElementsAre("xtrim:s", "xadd:s", "xdel:s"));
  EXPECT_THAT(Run({"EXISTS", "s"}), IsInt(1));
}

TEST_F(StreamCommandTest, OnlyWritesToEntriesInvalidateWatch) {
  Fill("s", 2);
  Run({"XGROUP", "CREATE", "s", "g", "0"});
  auto watch_then = [&](Argv cmd) {
    Client* w = NewClient();
    Run({"WATCH", "s"}, w);
    Run(cmd);
    Run({"MULTI"}, w);
    Run({"PING"}, w);
    RespValue r = Run({"EXEC"}, w);
    server().free_client(w);
    return r.type == RespValue::Type::NullArray;
  };
  // As in Redis 7.0: group state changes are not key modifications for WATCH.
  EXPECT_FALSE(watch_then({"XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">"}));
  EXPECT_FALSE(watch_then({"XACK", "s", "g", "1-1"}));
  EXPECT_FALSE(watch_then({"XGROUP", "SETID", "s", "g", "0"}));
  EXPECT_FALSE(watch_then({"XGROUP", "CREATECONSUMER", "s", "g", "x"}));
  EXPECT_FALSE(watch_then({"XCLAIM", "s", "g", "y", "0", "1-1"}));
  EXPECT_FALSE(watch_then({"XSETID", "s", "50-0"}));
  EXPECT_TRUE(watch_then({"XADD", "s", "60-1", "f", "v"}));
  EXPECT_TRUE(watch_then({"XDEL", "s", "60-1"}));
  EXPECT_TRUE(watch_then({"XTRIM", "s", "MAXLEN", "1"}));
  EXPECT_FALSE(watch_then({"XTRIM", "s", "MAXLEN", "1"}));
}

TEST_F(StreamCommandTest, NodesCloseAtTheConfiguredEntryAndByteLimits) {
  Run({"CONFIG", "SET", "stream-node-max-entries", "3"});
  Fill("s", 7);
  EXPECT_EQ(StreamAt("s")->node_count(), 3u);
  Run({"CONFIG", "SET", "stream-node-max-entries", "0"});
  Run({"CONFIG", "SET", "stream-node-max-bytes", "100"});
  Fill("b", 9);
  // Redis's listpack of 8 such entries is 106 bytes: the 9th opens a second node.
  EXPECT_EQ(StreamAt("b")->node_count(), 2u);
  EXPECT_THAT(Run({"CONFIG", "GET", "stream-node-max-bytes"}),
              Renders("[\"stream-node-max-bytes\", \"100\"]"));
  // A limit change applies to the nodes filled from now on.
  Run({"CONFIG", "SET", "stream-node-max-bytes", "4096"});
  Run({"CONFIG", "SET", "stream-node-max-entries", "100"});
  for (int i = 10; i < 60; ++i) Run({"XADD", "b", std::to_string(i) + "-1", "f", "v"});
  EXPECT_EQ(StreamAt("b")->node_count(), 2u);
}

TEST_F(StreamCommandTest, StreamsAreTypedCopiedAndRenamedWithTheirGroups) {
  Fill("s", 3);
  Run({"XGROUP", "CREATE", "s", "g", "0"});
  Run({"XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "s", ">"});
  EXPECT_THAT(Run({"TYPE", "s"}), IsSimple("stream"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "s"}), IsBulk("stream"));
  EXPECT_THAT(Run({"COPY", "s", "c"}), IsInt(1));
  EXPECT_THAT(Run({"XACK", "c", "g", "1-1"}), IsInt(1));
  EXPECT_THAT(Run({"XPENDING", "s", "g"}),
              Renders("[(integer) 2, \"1-1\", \"2-1\", [[\"c\", \"2\"]]]"));
  EXPECT_THAT(Run({"XPENDING", "c", "g"}),
              Renders("[(integer) 1, \"2-1\", \"2-1\", [[\"c\", \"1\"]]]"));
  Run({"XADD", "c", "9-1", "f", "v"});
  EXPECT_THAT(Run({"XLEN", "s"}), IsInt(3));
  EXPECT_THAT(Run({"XLEN", "c"}), IsInt(4));
  EXPECT_GT(Run({"MEMORY", "USAGE", "s"}).integer, 0);
}

// ---------------------------------------------------------------------------------------
// Consumer groups: propagation, events, times

TEST_F(StreamCommandTest, XreadgroupIsPropagatedAsXclaimsInOneTransaction) {
  Fill("s", 3);
  Run({"XGROUP", "CREATE", "s", "g", "0"});
  TakePropagated();
  Run({"XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">"});
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"MULTI"},
                          Argv{"XCLAIM", "s", "g", "alice", "0", "1-1", "TIME", Now(),
                               "RETRYCOUNT", "1", "FORCE", "JUSTID", "LASTID", "1-1"},
                          Argv{"XCLAIM", "s", "g", "alice", "0", "2-1", "TIME", Now(),
                               "RETRYCOUNT", "1", "FORCE", "JUSTID", "LASTID", "2-1"},
                          Argv{"EXEC"}));
  // One entry: no transaction. History reads and empty reads: nothing at all.
  Run({"XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">"});
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"XCLAIM", "s", "g", "bob", "0", "3-1", "TIME", Now(),
                               "RETRYCOUNT", "1", "FORCE", "JUSTID", "LASTID", "3-1"}));
  Run({"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"});
  Run({"XREADGROUP", "GROUP", "g", "carol", "STREAMS", "s", ">"});
  EXPECT_THAT(TakePropagated(), IsEmpty());
}

TEST_F(StreamCommandTest, XreadgroupNoackPropagatesTheNewConsumerAndTheGroupPosition) {
  Fill("s", 2);
  Run({"XGROUP", "CREATE", "s", "g", "0"});
  TakePropagated();
  TakeEvents();
  Run({"XREADGROUP", "GROUP", "g", "fred", "NOACK", "STREAMS", "s", ">"});
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"MULTI"}, Argv{"XGROUP", "CREATECONSUMER", "s", "g", "fred"},
                          Argv{"XGROUP", "SETID", "s", "g", "2-1", "ENTRIESREAD", "2"},
                          Argv{"EXEC"}));
  EXPECT_THAT(TakeEvents(), ElementsAre("xgroup-createconsumer:s"));
  EXPECT_THAT(Run({"XPENDING", "s", "g"}), Renders("[(integer) 0, (nil), (nil), (nil-array)]"));
  Run({"XADD", "s", "3-1", "f", "v"});
  TakePropagated();
  Run({"XREADGROUP", "GROUP", "g", "fred", "NOACK", "STREAMS", "s", ">"});
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"XGROUP", "SETID", "s", "g", "3-1", "ENTRIESREAD", "3"}));
}

TEST_F(StreamCommandTest, XclaimPropagatesEachClaimAndDropsDeletedEntriesAsTheyWere) {
  Fill("s", 3);
  Run({"XGROUP", "CREATE", "s", "g", "0"});
  Run({"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"});
  std::string read_at = Now();
  AdvanceClock(1000);
  Run({"XDEL", "s", "2-1"});
  TakePropagated();
  EXPECT_THAT(Run({"XCLAIM", "s", "g", "bob", "500", "1-1", "2-1", "3-1", "RETRYCOUNT", "5"}),
              Renders("[[\"1-1\", [\"f\", \"v\"]], [\"3-1\", [\"f\", \"v\"]]]"));
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"MULTI"},
                          Argv{"XCLAIM", "s", "g", "bob", "0", "1-1", "TIME", Now(),
                               "RETRYCOUNT", "5", "FORCE", "JUSTID", "LASTID", "3-1"},
                          Argv{"XCLAIM", "s", "g", "alice", "0", "2-1", "TIME", read_at,
                               "RETRYCOUNT", "1", "FORCE", "JUSTID", "LASTID", "3-1"},
                          Argv{"XCLAIM", "s", "g", "bob", "0", "3-1", "TIME", Now(),
                               "RETRYCOUNT", "5", "FORCE", "JUSTID", "LASTID", "3-1"},
                          Argv{"EXEC"}));
  EXPECT_THAT(Run({"XPENDING", "s", "g", "-", "+", "10"}),
              Renders("[[\"1-1\", \"bob\", (integer) 0, (integer) 5], "
                      "[\"3-1\", \"bob\", (integer) 0, (integer) 5]]"));
  // The typed ID is what is propagated; the idle filter skips fresh entries.
  EXPECT_THAT(Run({"XCLAIM", "s", "g", "carol", "10", "1-1", "JUSTID"}), Renders("[]"));
  AdvanceClock(10);
  EXPECT_THAT(Run({"XCLAIM", "s", "g", "carol", "10", "1-01", "JUSTID", "IDLE", "250"}),
              Renders("[\"1-1\"]"));
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"XCLAIM", "s", "g", "carol", "0", "1-01", "TIME",
                               std::to_string(NowMs() - 250), "RETRYCOUNT", "5", "FORCE",
                               "JUSTID", "LASTID", "3-1"}));
  // LASTID alone moves the group and is propagated as XGROUP SETID.
  EXPECT_THAT(Run({"XCLAIM", "s", "g", "carol", "0", "9-9", "LASTID", "50-0"}), Renders("[]"));
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"XGROUP", "SETID", "s", "g", "50-0", "ENTRIESREAD", "3"}));
}

TEST_F(StreamCommandTest, XautoclaimPropagatesInScanOrderAndReportsDeletedIds) {
  Fill("s", 5);
  Run({"XGROUP", "CREATE", "s", "g", "0"});
  Run({"XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">"});
  std::string read_at = Now();
  AdvanceClock(100);
  Run({"XDEL", "s", "2-1"});
  TakePropagated();
  EXPECT_THAT(Run({"XAUTOCLAIM", "s", "g", "b", "50", "0", "COUNT", "2", "JUSTID"}),
              Renders("[\"3-1\", [\"1-1\"], [\"2-1\"]]"));
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"MULTI"},
                          Argv{"XCLAIM", "s", "g", "b", "0", "1-1", "TIME", Now(), "RETRYCOUNT",
                               "1", "FORCE", "JUSTID", "LASTID", "5-1"},
                          Argv{"XCLAIM", "s", "g", "a", "0", "2-1", "TIME", read_at,
                               "RETRYCOUNT", "1", "FORCE", "JUSTID", "LASTID", "5-1"},
                          Argv{"EXEC"}));
  // Entries idle for less than min-idle are skipped but use up attempts (10 per COUNT).
  EXPECT_THAT(Run({"XAUTOCLAIM", "s", "g", "c", "50", "0", "COUNT", "1"}),
              Renders("[\"4-1\", [[\"3-1\", [\"f\", \"v\"]]], []]"));
  EXPECT_THAT(Run({"XPENDING", "s", "g", "-", "+", "10"}),
              Renders("[[\"1-1\", \"b\", (integer) 0, (integer) 1], "
                      "[\"3-1\", \"c\", (integer) 0, (integer) 2], "
                      "[\"4-1\", \"a\", (integer) 100, (integer) 1], "
                      "[\"5-1\", \"a\", (integer) 100, (integer) 1]]"));
  EXPECT_THAT(Run({"XAUTOCLAIM", "s", "g", "d", "1000", "0"}), Renders("[\"0-0\", [], []]"));
  EXPECT_THAT(TakePropagated(), ElementsAre(::testing::SizeIs(14)));
}

TEST_F(StreamCommandTest, GroupCommandsAnnounceTheirChanges) {
  TakeEvents();
  Run({"XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"});
  Run({"XGROUP", "CREATE", "s", "g", "$"});
  Run({"XGROUP", "CREATECONSUMER", "s", "g", "c"});
  Run({"XGROUP", "CREATECONSUMER", "s", "g", "c"});
  Run({"XGROUP", "SETID", "s", "g", "0"});
  Run({"XGROUP", "DELCONSUMER", "s", "g", "c"});
  Run({"XGROUP", "DELCONSUMER", "s", "g", "c"});
  Run({"XSETID", "s", "5-0"});
  Run({"XADD", "s", "6-0", "f", "v"});
  Run({"XREADGROUP", "GROUP", "g", "d", "STREAMS", "s", ">"});
  Run({"XCLAIM", "s", "g", "e", "0", "6-0"});
  Run({"XAUTOCLAIM", "s", "g", "f", "0", "0"});
  Run({"XACK", "s", "g", "6-0"});
  Run({"XGROUP", "DESTROY", "s", "g"});
  Run({"XGROUP", "DESTROY", "s", "g"});
  EXPECT_THAT(TakeEvents(),
              ElementsAre("xgroup-create:s", "xgroup-createconsumer:s", "xgroup-setid:s",
                          "xgroup-delconsumer:s", "xsetid:s", "xadd:s",
                          "xgroup-createconsumer:s", "xgroup-createconsumer:s",
                          "xgroup-createconsumer:s", "xgroup-destroy:s"));
}

TEST_F(StreamCommandTest, IdleTimesDeliveryTimesAndSeenTimesFollowTheClock) {
  Fill("s", 2);
  Run({"XGROUP", "CREATE", "s", "g", "0"});
  const int64_t t0 = NowMs();
  Run({"XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "s", ">"});
  Run({"XGROUP", "CREATECONSUMER", "s", "g", "bob"});
  AdvanceClock(1500);
  EXPECT_THAT(Run({"XPENDING", "s", "g", "-", "+", "10"}),
              Renders("[[\"1-1\", \"alice\", (integer) 1500, (integer) 1]]"));
  EXPECT_THAT(Run({"XPENDING", "s", "g", "IDLE", "1501", "-", "+", "10"}), Renders("[]"));
  EXPECT_THAT(Run({"XINFO", "CONSUMERS", "s", "g"}),
              Renders("[[\"name\", \"alice\", \"pending\", (integer) 1, \"idle\", (integer) "
                      "1500], [\"name\", \"bob\", \"pending\", (integer) 0, \"idle\", "
                      "(integer) 1500]]"));
  // Seen-time moves only when a consumer is served or claims something.
  Run({"XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", "0"});
  // COUNT 0 is no limit.
  Run({"XREADGROUP", "GROUP", "g", "alice", "COUNT", "0", "STREAMS", "s", ">"});
  AdvanceClock(10);
  Run({"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"});
  Run({"XCLAIM", "s", "g", "bob", "999999", "1-1"});
  Run({"XAUTOCLAIM", "s", "g", "bob", "999999", "0"});
  EXPECT_THAT(Run({"XINFO", "CONSUMERS", "s", "g"}),
              Renders("[[\"name\", \"alice\", \"pending\", (integer) 2, \"idle\", (integer) "
                      "10], [\"name\", \"bob\", \"pending\", (integer) 0, \"idle\", "
                      "(integer) 10]]"));
  const int64_t t1 = NowMs() - 10;
  EXPECT_THAT(Run({"XINFO", "STREAM", "s", "FULL"}),
              Renders("[\"length\", (integer) 2, \"radix-tree-keys\", (integer) 1, "
                      "\"radix-tree-nodes\", (integer) 2, \"last-generated-id\", \"2-1\", "
                      "\"max-deleted-entry-id\", \"0-0\", \"entries-added\", (integer) 2, "
                      "\"recorded-first-entry-id\", \"1-1\", \"entries\", [[\"1-1\", [\"f\", "
                      "\"v\"]], [\"2-1\", [\"f\", \"v\"]]], \"groups\", [[\"name\", \"g\", "
                      "\"last-delivered-id\", \"2-1\", \"entries-read\", (integer) 2, \"lag\", "
                      "(integer) 0, \"pel-count\", (integer) 2, \"pending\", [[\"1-1\", "
                      "\"alice\", (integer) " +
                      std::to_string(t0) + ", (integer) 1], [\"2-1\", \"alice\", (integer) " +
                      std::to_string(t1) +
                      ", (integer) 1]], \"consumers\", [[\"name\", \"alice\", \"seen-time\", "
                      "(integer) " +
                      std::to_string(t1) +
                      ", \"pel-count\", (integer) 2, \"pending\", [[\"1-1\", (integer) " +
                      std::to_string(t0) + ", (integer) 1], [\"2-1\", (integer) " +
                      std::to_string(t1) +
                      ", (integer) 1]]], [\"name\", \"bob\", \"seen-time\", (integer) " +
                      std::to_string(t1) +
                      ", \"pel-count\", (integer) 0, \"pending\", []]]]]]"));
}

TEST_F(StreamCommandTest, LagIsUnknownOnceADeletedEntryLiesAhead) {
  Fill("s", 5);
  Run({"XGROUP", "CREATE", "s", "g", "0"});
  Run({"XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "s", ">"});
  EXPECT_THAT(Run({"XINFO", "GROUPS", "s"}),
              Renders("[[\"name\", \"g\", \"consumers\", (integer) 1, \"pending\", (integer) "
                      "2, \"last-delivered-id\", \"2-1\", \"entries-read\", (integer) 2, "
                      "\"lag\", (integer) 3]]"));
  Run({"XDEL", "s", "4-1"});
  EXPECT_THAT(Run({"XINFO", "GROUPS", "s"}),
              Renders("[[\"name\", \"g\", \"consumers\", (integer) 1, \"pending\", (integer) "
                      "2, \"last-delivered-id\", \"2-1\", \"entries-read\", (integer) 2, "
                      "\"lag\", (nil)]]"));
  // Reading past the tombstone makes the counter known again at the end of the stream.
  Run({"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"});
  EXPECT_THAT(Run({"XINFO", "GROUPS", "s"}),
              Renders("[[\"name\", \"g\", \"consumers\", (integer) 1, \"pending\", (integer) "
                      "4, \"last-delivered-id\", \"5-1\", \"entries-read\", (integer) 5, "
                      "\"lag\", (integer) 0]]"));
}

// ---------------------------------------------------------------------------------------
// Blocking

TEST_F(StreamCommandTest, XreadBlocksUntilAnXaddAndDollarMeansTheIdAtBlockTime) {
  Run({"XADD", "s", "1-1", "f", "v"});
  Client* w = NewClient();
  EXPECT_EQ(Send({"XREAD", "BLOCK", "0", "STREAMS", "s", "$"}, w), "");
  ASSERT_TRUE(w->has(kClientBlocked));
  EXPECT_THAT(w->blocked->argv, ElementsAre("XREAD", "BLOCK", "0", "STREAMS", "s", "1-1"));
  // Two entries in one transaction: the woken reader gets both.
  Run({"MULTI"});
  Run({"XADD", "s", "2-1", "a", "b"});
  Run({"XADD", "s", "3-1", "c", "d"});
  Run({"EXEC"});
  EXPECT_EQ(TakeOutput(w),
            "*1\r\n*2\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n"
            "*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\nc\r\n$1\r\nd\r\n");
  EXPECT_FALSE(w->has(kClientBlocked));
  const CommandEntry* e = server().commands().find("xread");
  EXPECT_EQ(e->stats.calls, 1u);
}

TEST_F(StreamCommandTest, AReaderOfSeveralStreamsIsServedFromTheOneThatGotData) {
  Client* w = NewClient();
  Send({"XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "a", "b", "$", "$"}, w);
  EXPECT_THAT(w->blocked->argv,
              ElementsAre("XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "a", "b", "0-0", "0-0"));
  Run({"MULTI"});
  Run({"XADD", "b", "5-1", "x", "y"});
  Run({"XADD", "a", "5-1", "x", "y"});
  Run({"EXEC"});
  EXPECT_EQ(TakeOutput(w), "*1\r\n*2\r\n$1\r\nb\r\n*1\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n");
  // RESP3: a map keyed by the stream.
  Client* w3 = NewClient();
  Run({"HELLO", "3"}, w3);
  TakeOutput(w3);
  Send({"XREAD", "BLOCK", "0", "STREAMS", "a", "$"}, w3);
  Run({"XADD", "a", "6-1", "k", "v"});
  EXPECT_EQ(TakeOutput(w3), "%1\r\n$1\r\na\r\n*1\r\n*2\r\n$3\r\n6-1\r\n*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
}

TEST_F(StreamCommandTest, GroupReadersAreServedInTheOrderTheyBlockedAndPropagated) {
  Run({"XGROUP", "CREATE", "q", "g", "$", "MKSTREAM"});
  Client* a = NewClient();
  Client* b = NewClient();
  Client* c = NewClient();
  Send({"XREADGROUP", "GROUP", "g", "a", "COUNT", "1", "BLOCK", "0", "STREAMS", "q", ">"}, a);
  Send({"XREADGROUP", "GROUP", "g", "b", "COUNT", "1", "BLOCK", "0", "STREAMS", "q", ">"}, b);
  Send({"XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "BLOCK", "0", "STREAMS", "q", ">"}, c);
  TakePropagated();
  Run({"MULTI"});
  Run({"XADD", "q", "1-1", "job", "1"});
  Run({"XADD", "q", "2-1", "job", "2"});
  Run({"EXEC"});
  EXPECT_NE(TakeOutput(a).find("1-1"), std::string::npos);
  EXPECT_NE(TakeOutput(b).find("2-1"), std::string::npos);
  EXPECT_EQ(TakeOutput(c), "");
  EXPECT_TRUE(c->has(kClientBlocked));
  auto p = TakePropagated();
  ASSERT_EQ(p.size(), 6u);
  EXPECT_EQ(p[0], Argv{"MULTI"});
  EXPECT_EQ(p[3], Argv{"EXEC"});
  EXPECT_EQ(p[4], (Argv{"XCLAIM", "q", "g", "a", "0", "1-1", "TIME", Now(), "RETRYCOUNT", "1",
                        "FORCE", "JUSTID", "LASTID", "1-1"}));
  EXPECT_EQ(p[5][3], "b");
  EXPECT_THAT(Run({"XPENDING", "q", "g"}),
              Renders("[(integer) 2, \"1-1\", \"2-1\", [[\"a\", \"1\"], [\"b\", \"1\"]]]"));
}

TEST_F(StreamCommandTest, BlockedGroupReadersLearnTheirKeyOrGroupIsGone) {
  Run({"XGROUP", "CREATE", "q", "g", "$", "MKSTREAM"});
  Client* a = NewClient();
  Client* x = NewClient();
  Client* b = NewClient();
  Send({"XREADGROUP", "GROUP", "g", "a", "BLOCK", "0", "STREAMS", "q", ">"}, a);
  Send({"XREAD", "BLOCK", "0", "STREAMS", "q", "$"}, x);
  Send({"XREADGROUP", "GROUP", "g", "b", "BLOCK", "0", "STREAMS", "q", ">"}, b);
  Run({"DEL", "q"});
  EXPECT_EQ(TakeOutput(a), "-UNBLOCKED the stream key no longer exists\r\n");
  EXPECT_EQ(TakeOutput(b), "-UNBLOCKED the stream key no longer exists\r\n");
  EXPECT_EQ(TakeOutput(x), "");
  EXPECT_TRUE(x->has(kClientBlocked));
  Run({"XGROUP", "CREATE", "q", "g", "$", "MKSTREAM"});
  Send({"XREADGROUP", "GROUP", "g", "a", "BLOCK", "0", "STREAMS", "q", ">"}, a);
  Run({"XGROUP", "DESTROY", "q", "g"});
  EXPECT_EQ(TakeOutput(a),
            "-NOGROUP the consumer group this client was blocked on no longer exists\r\n");
  // Expiry deletes the key too, lazily or by the active cycle.
  Run({"XGROUP", "CREATE", "q", "g", "$"});
  Run({"PEXPIRE", "q", "100"});
  Send({"XREADGROUP", "GROUP", "g", "a", "BLOCK", "0", "STREAMS", "q", ">"}, a);
  AdvanceClock(200);
  server().cron();
  EXPECT_EQ(TakeOutput(a), "-UNBLOCKED the stream key no longer exists\r\n");
  // FLUSHALL as well; the plain reader keeps waiting through all of it.
  Run({"XGROUP", "CREATE", "q", "g", "$", "MKSTREAM"});
  Send({"XREADGROUP", "GROUP", "g", "b", "BLOCK", "0", "STREAMS", "q", ">"}, b);
  Run({"FLUSHALL"});
  EXPECT_EQ(TakeOutput(b), "-UNBLOCKED the stream key no longer exists\r\n");
  EXPECT_TRUE(x->has(kClientBlocked));
  Run({"XADD", "q", "1-1", "f", "v"});
  EXPECT_NE(TakeOutput(x).find("1-1"), std::string::npos);
  EXPECT_EQ(server().blocking().blocked_count(), 0u);
}

TEST_F(StreamCommandTest, TimeoutsMultiUnblockAndDisconnectsOfStreamReaders) {
  Client* w = NewClient();
  Send({"XREAD", "BLOCK", "500", "STREAMS", "s", "$"}, w);
  AdvanceClock(499);
  Timeouts();
  EXPECT_EQ(TakeOutput(w), "");
  AdvanceClock(1);
  Timeouts();
  EXPECT_EQ(TakeOutput(w), "*-1\r\n");
  Run({"XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"});
  Send({"XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"}, w);
  AdvanceClock(1'000'000'000);
  Timeouts();
  EXPECT_TRUE(w->has(kClientBlocked));
  EXPECT_THAT(Run({"CLIENT", "UNBLOCK", std::to_string(w->id), "ERROR"}), IsInt(1));
  EXPECT_EQ(TakeOutput(w), "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
  Run({"MULTI"});
  Run({"XREAD", "BLOCK", "0", "STREAMS", "s", "$"});
  Run({"XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"});
  EXPECT_THAT(Run({"EXEC"}), Renders("[(nil-array), (nil-array)]"));
  Client* gone = NewClient();
  Send({"XREADGROUP", "GROUP", "g", "gone", "BLOCK", "0", "STREAMS", "s", ">"}, gone);
  server().free_client(gone);
  EXPECT_EQ(server().blocking().blocked_count(), 0u);
  Run({"XADD", "s", "1-1", "f", "v"});
  EXPECT_THAT(Run({"XINFO", "CONSUMERS", "s", "g"}), Renders("[]"));
}

TEST_F(StreamCommandTest, PipelinedCommandsOfAServedReaderRunAfterItsReply) {
  Client* w = NewClient();
  std::string bytes = EncodeCommand({"XREAD", "BLOCK", "0", "STREAMS", "s", "$"}) +
                      EncodeCommand({"XLEN", "s"});
  EXPECT_THAT(RunRaw(bytes, w), IsEmpty());
  Run({"XADD", "s", "1-1", "f", "v"});
  EXPECT_EQ(TakeOutput(w),
            "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n:1\r\n");
}

}  // namespace
}  // namespace eddy::testing
