// List commands in-process: replies, encodings, events, propagation, and the blocking
// registry (BLPOP & co) across several clients with a controllable clock.
#include <utility>

#include "commands/command_test.h"
#include "eddy/server/blocking.h"
#include "eddy/types/list.h"

namespace eddy::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Argv = std::vector<std::string>;



class ListCommandTest : public CommandTest {
 protected:
  ListCommandTest() {
    server().set_propagator(&prop_);
    server().set_notifier(&events_);
  }
  ~ListCommandTest() override {
    server().set_propagator(nullptr);
    server().set_notifier(nullptr);
  }
  std::vector<Argv> TakePropagated() { return std::exchange(prop_.seen, {}); }
  std::vector<std::string> TakeEvents() { return std::exchange(events_.seen, {}); }
  // Sends a command whose reply may not come now; returns what was replied (maybe nothing).
  std::string Send(const Argv& argv, Client* c) { return RunBytes(argv, c); }
  void Timeouts() { server().blocking().handle_timeouts(NowMs()); }

  RecordingPropagator prop_;
  RecordingNotifier events_;
};

TEST_F(ListCommandTest, PushesAndPopsAtBothEnds) {
  EXPECT_THAT(Run({"LPUSH", "l", "b", "a"}), IsInt(2));
  EXPECT_THAT(Run({"RPUSH", "l", "c", "d"}), IsInt(4));
  EXPECT_THAT(Run({"LRANGE", "l", "0", "-1"}), IsBulkArray({"a", "b", "c", "d"}));
  EXPECT_THAT(Run({"LPOP", "l"}), IsBulk("a"));
  EXPECT_THAT(Run({"RPOP", "l", "2"}), IsBulkArray({"d", "c"}));
  EXPECT_THAT(Run({"LLEN", "l"}), IsInt(1));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "l"}), IsBulk("quicklist"));
}

TEST_F(ListCommandTest, PopWithCountDistinguishesMissingKeysFromEmptyCounts) {
  EXPECT_THAT(Run({"LPOP", "none"}), IsNil());
  EXPECT_THAT(Run({"LPOP", "none", "2"}), IsNilArray());
  EXPECT_THAT(Run({"LPOP", "none", "0"}), IsNilArray());
  Run({"RPUSH", "l", "a"});
  EXPECT_THAT(Run({"LPOP", "l", "0"}), Renders("[]"));
  EXPECT_THAT(Run({"LPOP", "l", "-1"}), IsError("ERR value is out of range, must be positive"));
  EXPECT_THAT(Run({"LPOP", "l", "1", "2"}),
              IsError("ERR wrong number of arguments for 'lpop' command"));
}

TEST_F(ListCommandTest, EmptiedListIsDeletedWithADelEvent) {
  Run({"RPUSH", "l", "a", "b"});
  TakeEvents();
  EXPECT_THAT(Run({"RPOP", "l", "5"}), IsBulkArray({"b", "a"}));
  EXPECT_THAT(TakeEvents(), ElementsAre("rpop:l", "del:l"));
  EXPECT_THAT(Run({"EXISTS", "l"}), IsInt(0));
}

TEST_F(ListCommandTest, LmoveNotifiesThePushBeforeThePop) {
  Run({"RPUSH", "src", "a"});
  TakeEvents();
  EXPECT_THAT(Run({"LMOVE", "src", "dst", "LEFT", "RIGHT"}), IsBulk("a"));
  EXPECT_THAT(TakeEvents(), ElementsAre("rpush:dst", "lpop:src", "del:src"));
}

TEST_F(ListCommandTest, LmoveOnOneKeyRotatesTheList) {
  Run({"RPUSH", "l", "a", "b", "c"});
  EXPECT_THAT(Run({"LMOVE", "l", "l", "LEFT", "RIGHT"}), IsBulk("a"));
  EXPECT_THAT(Run({"LRANGE", "l", "0", "-1"}), IsBulkArray({"b", "c", "a"}));
  Run({"RPUSH", "one", "x"});
  EXPECT_THAT(Run({"RPOPLPUSH", "one", "one"}), IsBulk("x"));
  EXPECT_THAT(Run({"LRANGE", "one", "0", "-1"}), IsBulkArray({"x"}));
}

TEST_F(ListCommandTest, LmoveChecksTheDestinationTypeBeforePopping) {
  Run({"RPUSH", "src", "a"});
  Run({"SET", "s", "x"});
  EXPECT_THAT(Run({"LMOVE", "src", "s", "LEFT", "LEFT"}),
              IsError("WRONGTYPE Operation against a key holding the wrong kind of value"));
  EXPECT_THAT(Run({"LLEN", "src"}), IsInt(1));
}

TEST_F(ListCommandTest, LmpopPopsFromTheFirstNonEmptyKeyAndPropagatesAPop) {
  Run({"RPUSH", "b", "1", "2", "3"});
  TakePropagated();
  EXPECT_THAT(Run({"LMPOP", "2", "a", "b", "RIGHT", "COUNT", "2"}),
              Renders("[\"b\", [\"3\", \"2\"]]"));
  EXPECT_THAT(TakePropagated(), ElementsAre(Argv{"RPOP", "b", "2"}));
  EXPECT_THAT(Run({"LMPOP", "1", "a", "LEFT"}), IsNilArray());
  EXPECT_THAT(Run({"LMPOP", "0", "a", "LEFT"}), IsError("ERR numkeys should be greater than 0"));
  EXPECT_THAT(Run({"LMPOP", "5", "a", "LEFT"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"LMPOP", "1", "a", "LEFT", "COUNT", "0"}),
              IsError("ERR count should be greater than 0"));
}

TEST_F(ListCommandTest, LposHonoursRankCountAndMaxlen) {
  Run({"RPUSH", "l", "a", "c", "b", "c", "c"});
  EXPECT_THAT(Run({"LPOS", "l", "c"}), IsInt(1));
  EXPECT_THAT(Run({"LPOS", "l", "c", "RANK", "-1"}), IsInt(4));
  EXPECT_THAT(Run({"LPOS", "l", "c", "COUNT", "0"}), Renders("[(integer) 1, (integer) 3, (integer) 4]"));
  EXPECT_THAT(Run({"LPOS", "l", "c", "COUNT", "0", "MAXLEN", "4"}),
              Renders("[(integer) 1, (integer) 3]"));
  EXPECT_THAT(Run({"LPOS", "l", "c", "RANK", "-9223372036854775808"}), IsInt(4));
  EXPECT_THAT(Run({"LPOS", "l", "c", "RANK", "0"}),
              IsErrorPrefix("ERR RANK can't be zero"));
  EXPECT_THAT(Run({"LPOS", "nokey", "c", "COUNT", "1"}), Renders("[]"));
}

TEST_F(ListCommandTest, LtrimAlwaysNotifiesAndDeletesAnEmptiedList) {
  Run({"RPUSH", "l", "a", "b"});
  TakeEvents();
  EXPECT_THAT(Run({"LTRIM", "l", "0", "-1"}), IsOk());
  EXPECT_THAT(TakeEvents(), ElementsAre("ltrim:l"));
  EXPECT_THAT(Run({"LTRIM", "l", "5", "10"}), IsOk());
  EXPECT_THAT(TakeEvents(), ElementsAre("ltrim:l", "del:l"));
}

TEST_F(ListCommandTest, NodeSizeFollowsListMaxListpackSizeAtCreation) {
  Run({"CONFIG", "SET", "list-max-listpack-size", "2"});
  Run({"RPUSH", "l", "1", "2", "3", "4", "5"});
  Entry* e = server().db(0).find("l");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->val.as<List>()->node_count(), 3u);
  EXPECT_THAT(Run({"LRANGE", "l", "0", "-1"}), IsBulkArray({"1", "2", "3", "4", "5"}));
}

// ---------------------------------------------------------------------------------------
// Blocking

TEST_F(ListCommandTest, BlpopOnDataRepliesAtOnceAndPropagatesAsLpop) {
  Run({"RPUSH", "q", "a"});
  TakePropagated();
  EXPECT_THAT(Run({"BLPOP", "none", "q", "0"}), IsBulkArray({"q", "a"}));
  EXPECT_THAT(TakePropagated(), ElementsAre(Argv{"LPOP", "q"}));
}

TEST_F(ListCommandTest, BlpopBlocksUntilAnotherClientPushes) {
  Client* waiter = NewClient();
  EXPECT_EQ(Send({"BLPOP", "q", "0"}, waiter), "");
  EXPECT_TRUE(waiter->has(kClientBlocked));
  EXPECT_EQ(server().blocking().blocked_count(), 1u);
  TakePropagated();
  EXPECT_THAT(Run({"RPUSH", "q", "a", "b"}), IsInt(2));
  EXPECT_EQ(TakeOutput(waiter), "*2\r\n$1\r\nq\r\n$1\r\na\r\n");
  EXPECT_FALSE(waiter->has(kClientBlocked));
  EXPECT_THAT(TakePropagated(), ElementsAre(Argv{"RPUSH", "q", "a", "b"}, Argv{"LPOP", "q"}));
  EXPECT_THAT(Run({"LRANGE", "q", "0", "-1"}), IsBulkArray({"b"}));
}

TEST_F(ListCommandTest, WaitersAreServedInTheOrderTheyBlocked) {
  Client* a = NewClient();
  Client* b = NewClient();
  Client* c = NewClient();
  Send({"BLPOP", "q", "0"}, a);
  Send({"BRPOP", "q", "0"}, b);
  Send({"BLPOP", "q", "0"}, c);
  Run({"RPUSH", "q", "1", "2"});
  EXPECT_EQ(TakeOutput(a), "*2\r\n$1\r\nq\r\n$1\r\n1\r\n");
  EXPECT_EQ(TakeOutput(b), "*2\r\n$1\r\nq\r\n$1\r\n2\r\n");
  EXPECT_EQ(TakeOutput(c), "");
  EXPECT_TRUE(c->has(kClientBlocked));
  Run({"LPUSH", "q", "3"});
  EXPECT_EQ(TakeOutput(c), "*2\r\n$1\r\nq\r\n$1\r\n3\r\n");
  EXPECT_EQ(server().blocking().blocked_count(), 0u);
  EXPECT_EQ(server().blocking().waited_keys(), 0u);
}

TEST_F(ListCommandTest, AWaiterOnSeveralKeysIsServedFromTheReadyKey) {
  Client* w = NewClient();
  Send({"BLPOP", "k1", "k2", "0"}, w);
  // Both keys get data in one transaction; k2 became ready first.
  Run({"MULTI"});
  Run({"RPUSH", "k2", "from2"});
  Run({"RPUSH", "k1", "from1"});
  Run({"EXEC"});
  EXPECT_EQ(TakeOutput(w), "*2\r\n$2\r\nk2\r\n$5\r\nfrom2\r\n");
  EXPECT_THAT(Run({"LLEN", "k1"}), IsInt(1));
}

TEST_F(ListCommandTest, BlmoveWaitsOnTheSourceAndPropagatesAsLmove) {
  Client* w = NewClient();
  Send({"BLMOVE", "src", "dst", "RIGHT", "LEFT", "0"}, w);
  TakePropagated();
  Run({"RPUSH", "src", "x"});
  EXPECT_EQ(TakeOutput(w), "$1\r\nx\r\n");
  EXPECT_THAT(TakePropagated(), ElementsAre(Argv{"RPUSH", "src", "x"},
                                            Argv{"LMOVE", "src", "dst", "RIGHT", "LEFT"}));
  EXPECT_THAT(Run({"LRANGE", "dst", "0", "-1"}), IsBulkArray({"x"}));
}

TEST_F(ListCommandTest, AServedMoveCanWakeAWaiterOnItsDestination) {
  Client* mover = NewClient();
  Client* reader = NewClient();
  Send({"BRPOPLPUSH", "a", "b", "0"}, mover);
  Send({"BLPOP", "b", "0"}, reader);
  Run({"RPUSH", "a", "v"});
  EXPECT_EQ(TakeOutput(mover), "$1\r\nv\r\n");
  EXPECT_EQ(TakeOutput(reader), "*2\r\n$1\r\nb\r\n$1\r\nv\r\n");
  EXPECT_THAT(Run({"EXISTS", "a", "b"}), IsInt(0));
}

TEST_F(ListCommandTest, AWaiterIgnoresAValueOfAnotherTypeAndKeepsWaiting) {
  Client* w = NewClient();
  Send({"BLPOP", "k", "0"}, w);
  Run({"SET", "k", "string"});
  EXPECT_EQ(TakeOutput(w), "");
  EXPECT_TRUE(w->has(kClientBlocked));
  Run({"DEL", "k"});
  Run({"RPUSH", "k", "v"});
  EXPECT_EQ(TakeOutput(w), "*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
}

TEST_F(ListCommandTest, RenameAndSwapdbMakeKeysReady) {
  Client* w = NewClient();
  Send({"BLPOP", "dst", "0"}, w);
  Run({"RPUSH", "tmp", "v"});
  Run({"RENAME", "tmp", "dst"});
  EXPECT_EQ(TakeOutput(w), "*2\r\n$3\r\ndst\r\n$1\r\nv\r\n");
  Client* w2 = NewClient();
  Send({"BLPOP", "q", "0"}, w2);
  Run({"SELECT", "1"});
  Run({"RPUSH", "q", "in1"});
  Run({"SWAPDB", "0", "1"});
  EXPECT_EQ(TakeOutput(w2), "*2\r\n$1\r\nq\r\n$3\r\nin1\r\n");
}

TEST_F(ListCommandTest, TimeoutRepliesANullArrayInBothProtocols) {
  Client* w2 = NewClient();
  Client* w3 = NewClient();
  Run({"HELLO", "3"}, w3);
  TakeOutput(w3);
  Send({"BLPOP", "q", "0.5"}, w2);
  Send({"BLMOVE", "q", "d", "LEFT", "LEFT", "1"}, w3);
  EXPECT_EQ(server().blocking().in_timeout_table(), 2u);
  AdvanceClock(499);
  Timeouts();
  EXPECT_EQ(TakeOutput(w2), "");
  AdvanceClock(1);
  Timeouts();
  EXPECT_EQ(TakeOutput(w2), "*-1\r\n");
  AdvanceClock(500);
  server().cron();
  EXPECT_EQ(TakeOutput(w3), "_\r\n");
  EXPECT_EQ(server().blocking().blocked_count(), 0u);
  EXPECT_EQ(server().blocking().in_timeout_table(), 0u);
}

TEST_F(ListCommandTest, SubMillisecondTimeoutsRoundUpAndZeroWaitsForever) {
  Client* w = NewClient();
  Send({"BLPOP", "q", "0.0004"}, w);
  EXPECT_EQ(server().blocking().next_deadline(), NowMs() + 1);
  Client* forever = NewClient();
  Send({"BLPOP", "q", "0"}, forever);
  AdvanceClock(1'000'000'000);
  Timeouts();
  EXPECT_EQ(TakeOutput(w), "*-1\r\n");
  EXPECT_TRUE(forever->has(kClientBlocked));
}

TEST_F(ListCommandTest, BadTimeoutsAreRejectedBeforeAnythingElse) {
  Run({"SET", "s", "x"});
  EXPECT_THAT(Run({"BLPOP", "s", "-1"}), IsError("ERR timeout is negative"));
  EXPECT_THAT(Run({"BLPOP", "s", "x"}), IsError("ERR timeout is not a float or out of range"));
  EXPECT_THAT(Run({"BLPOP", "s", "1e16"}), IsError("ERR timeout is negative"));
  EXPECT_THAT(Run({"BLPOP", "s", "0"}),
              IsError("WRONGTYPE Operation against a key holding the wrong kind of value"));
}

TEST_F(ListCommandTest, PipelinedCommandsOfABlockedClientRunOnceItIsServed) {
  Client* w = NewClient();
  std::string bytes = EncodeCommand({"BLPOP", "q", "0"}) + EncodeCommand({"PING"});
  EXPECT_THAT(RunRaw(bytes, w), IsEmpty());
  Run({"RPUSH", "q", "v"});
  EXPECT_EQ(TakeOutput(w), "*2\r\n$1\r\nq\r\n$1\r\nv\r\n+PONG\r\n");
}

TEST_F(ListCommandTest, ClientUnblockWakesAsTimeoutOrWithTheUnblockedError) {
  Client* w = NewClient();
  Send({"BLPOP", "q", "0"}, w);
  EXPECT_THAT(Run({"CLIENT", "UNBLOCK", std::to_string(w->id), "ERROR"}), IsInt(1));
  EXPECT_EQ(TakeOutput(w), "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
  Send({"BLPOP", "q", "0"}, w);
  EXPECT_THAT(Run({"CLIENT", "UNBLOCK", std::to_string(w->id)}), IsInt(1));
  EXPECT_EQ(TakeOutput(w), "*-1\r\n");
  EXPECT_THAT(Run({"CLIENT", "UNBLOCK", std::to_string(w->id)}), IsInt(0));
  EXPECT_EQ(server().blocking().blocked_count(), 0u);
}

TEST_F(ListCommandTest, ADisconnectedWaiterIsForgotten) {
  Client* gone = NewClient();
  Client* next = NewClient();
  Send({"BLPOP", "q", "5"}, gone);
  Send({"BLPOP", "q", "0"}, next);
  server().free_client(gone);
  EXPECT_EQ(server().blocking().blocked_count(), 1u);
  EXPECT_EQ(server().blocking().in_timeout_table(), 0u);
  Run({"RPUSH", "q", "v"});
  EXPECT_EQ(TakeOutput(next), "*2\r\n$1\r\nq\r\n$1\r\nv\r\n");
}

TEST_F(ListCommandTest, InsideMultiBlockingFormsAnswerAsOnTimeout) {
  Run({"MULTI"});
  Run({"BLPOP", "q", "0"});
  Run({"BLMOVE", "q", "d", "LEFT", "LEFT", "0"});
  Run({"BLMPOP", "0", "1", "q", "LEFT"});
  EXPECT_THAT(Run({"EXEC"}), Renders("[(nil-array), (nil), (nil-array)]"));
  EXPECT_EQ(server().blocking().blocked_count(), 0u);
  EXPECT_FALSE(client()->has(kClientBlocked));
}

TEST_F(ListCommandTest, ABlockedCommandIsCountedOnceInCommandstats) {
  Client* w = NewClient();
  Send({"BLPOP", "q", "0"}, w);
  Run({"RPUSH", "q", "v"});
  TakeOutput(w);
  const CommandEntry* e = server().commands().find("blpop");
  EXPECT_EQ(e->stats.calls, 1u);
  EXPECT_EQ(e->stats.failed_calls, 0u);
}

TEST_F(ListCommandTest, InfoCountsBlockedClientsAndTheTimeoutTable) {
  Client* a = NewClient();
  Client* b = NewClient();
  Send({"BLPOP", "q", "0"}, a);
  Send({"BLMPOP", "3", "1", "q", "LEFT"}, b);
  RespValue info = Run({"INFO", "clients"});
  EXPECT_NE(info.str.find("blocked_clients:2\r\n"), std::string::npos) << info.str;
  EXPECT_NE(info.str.find("clients_in_timeout_table:1\r\n"), std::string::npos) << info.str;
}

TEST_F(ListCommandTest, ClientListShowsABlockedClientWithFlagB) {
  Client* w = NewClient();
  Send({"BLPOP", "q", "0"}, w);
  RespValue list = Run({"CLIENT", "LIST", "ID", std::to_string(w->id)});
  EXPECT_NE(list.str.find(" flags=b "), std::string::npos) << list.str;
  EXPECT_NE(list.str.find(" cmd=blpop "), std::string::npos) << list.str;
}

}  // namespace
}  // namespace eddy::testing
