// In-process tests of the sorted-set family (src/commands/zset_commands.cc): keyspace
// events, dirty counts, propagation, WATCH, encodings at the thresholds, sets as inputs and
// the reusable pop path. Expected replies, events and AOF forms were taken from
// redis-server 7.0.15; the compat scripts in tests/compat/scripts/zset/ cover the replies
// byte for byte.
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "commands/command_test.h"
#include "eddy/commands/command_table.h"
#include "eddy/commands/zset_pop.h"
#include "eddy/types/set.h"
#include "eddy/types/zset.h"

namespace eddy::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Argv = std::vector<std::string>;

constexpr const char* kWrongType =
    "WRONGTYPE Operation against a key holding the wrong kind of value";
constexpr const char* kSyntax = "ERR syntax error";
constexpr const char* kNotFloat = "ERR value is not a valid float";



class ZSetCommandTest : public CommandTest {
 protected:
  ZSetCommandTest() {
    server().set_propagator(&prop_);
    server().set_notifier(&events_);
  }
  ~ZSetCommandTest() override {
    server().set_propagator(nullptr);
    server().set_notifier(nullptr);
  }

  std::string Encoding(const std::string& key) { return Run({"OBJECT", "ENCODING", key}).str; }
  std::vector<std::vector<std::string>> TakePropagated() { return std::exchange(prop_.seen, {}); }
  std::vector<std::string> TakeEvents() { return std::exchange(events_.seen, {}); }
  int64_t Dirty() { return server().stats().dirty; }
  // Runs `argv` and returns how much the dirty counter grew.
  int64_t DirtyOf(Argv argv) {
    int64_t before = Dirty();
    Run(std::move(argv));
    return Dirty() - before;
  }
  // Puts a plain set at `key` straight into the keyspace (SADD belongs to another family).
  void PutSet(const std::string& key, const std::vector<std::string>& members) {
    auto s = std::make_unique<Set>();
    for (const auto& m : members) s->add(m, CollectionLimits{});
    server().db(0).set(key, Value::object(ValueType::Set, std::move(s)));
  }
  // ZADD key 0 p0 1 p1 ... with n members named prefix+i.
  void Fill(const std::string& key, int n, const std::string& prefix = "m") {
    Argv argv{"ZADD", key};
    for (int i = 0; i < n; ++i) {
      argv.push_back(std::to_string(i));
      argv.push_back(prefix + std::to_string(i));
    }
    ASSERT_THAT(Run(argv), IsInt(n));
  }

  RecordingPropagator prop_;
  RecordingNotifier events_;
};

// ---------------------------------------------------------------------------------------
// ZADD / ZINCRBY

TEST_F(ZSetCommandTest, ZaddRejectsNxWithXx) {
  EXPECT_THAT(Run({"ZADD", "z", "NX", "XX", "1", "a"}),
              IsError("ERR XX and NX options at the same time are not compatible"));
  EXPECT_THAT(Run({"ZADD", "z", "GT", "LT", "1", "a"}),
              IsError("ERR GT, LT, and/or NX options at the same time are not compatible"));
  EXPECT_THAT(Run({"ZADD", "z", "INCR", "1", "a", "2", "b"}),
              IsError("ERR INCR option supports a single increment-element pair"));
  EXPECT_THAT(Run({"EXISTS", "z"}), IsInt(0));
}

TEST_F(ZSetCommandTest, ZaddChecksElementCountBeforeOptionConflicts) {
  EXPECT_THAT(Run({"ZADD", "z", "NX", "XX"}), IsError(kSyntax));
  EXPECT_THAT(Run({"ZADD", "z", "NX", "XX", "x", "a"}),
              IsError("ERR XX and NX options at the same time are not compatible"));
}

TEST_F(ZSetCommandTest, ZaddParsesEveryScoreBeforeLookingAtTheKey) {
  Run({"SET", "s", "v"});
  EXPECT_THAT(Run({"ZADD", "s", "1", "a", "x", "b"}), IsError(kNotFloat));
  EXPECT_THAT(Run({"ZADD", "s", "1", "a"}), IsError(kWrongType));
  EXPECT_THAT(Run({"ZADD", "z", "1", "a", "nan", "b"}), IsError(kNotFloat));
  EXPECT_THAT(Run({"EXISTS", "z"}), IsInt(0));
}

TEST_F(ZSetCommandTest, ZaddCountsAddedOrChangedWithCh) {
  EXPECT_THAT(Run({"ZADD", "z", "1", "a", "2", "b"}), IsInt(2));
  EXPECT_THAT(Run({"ZADD", "z", "5", "a", "2", "b", "3", "c"}), IsInt(1));
  EXPECT_THAT(Run({"ZADD", "z", "CH", "6", "a", "2", "b", "4", "d"}), IsInt(2));
  EXPECT_THAT(Run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}),
              IsBulkArray({"b", "2", "c", "3", "d", "4", "a", "6"}));
}

TEST_F(ZSetCommandTest, ZaddWithXxOnMissingKeyCreatesNothing) {
  EXPECT_THAT(Run({"ZADD", "z", "XX", "1", "a"}), IsInt(0));
  EXPECT_THAT(Run({"ZADD", "z", "XX", "INCR", "1", "a"}), IsNil());
  EXPECT_THAT(Run({"EXISTS", "z"}), IsInt(0));
  EXPECT_THAT(TakeEvents(), IsEmpty());
  EXPECT_THAT(TakePropagated(), IsEmpty());
}

TEST_F(ZSetCommandTest, ZaddGtLtOnlyMoveExistingScoresOneWay) {
  Run({"ZADD", "z", "10", "a"});
  EXPECT_THAT(Run({"ZADD", "z", "GT", "CH", "5", "a", "1", "new"}), IsInt(1));
  EXPECT_THAT(Run({"ZSCORE", "z", "a"}), IsBulk("10"));
  EXPECT_THAT(Run({"ZADD", "z", "LT", "CH", "5", "a"}), IsInt(1));
  EXPECT_THAT(Run({"ZSCORE", "z", "a"}), IsBulk("5"));
  EXPECT_THAT(Run({"ZADD", "z", "GT", "INCR", "-1", "a"}), IsNil());
  EXPECT_THAT(Run({"ZADD", "z", "LT", "INCR", "-1", "a"}), IsBulk("4"));
}

TEST_F(ZSetCommandTest, ZincrbyOfOppositeInfinitiesIsRejectedAndKeepsTheScore) {
  EXPECT_THAT(Run({"ZINCRBY", "z", "+inf", "a"}), IsBulk("inf"));
  TakeEvents();
  TakePropagated();
  EXPECT_THAT(Run({"ZINCRBY", "z", "-inf", "a"}),
              IsError("ERR resulting score is not a number (NaN)"));
  EXPECT_THAT(Run({"ZADD", "z", "INCR", "-inf", "a"}),
              IsError("ERR resulting score is not a number (NaN)"));
  EXPECT_THAT(Run({"ZSCORE", "z", "a"}), IsBulk("inf"));
  EXPECT_THAT(TakeEvents(), IsEmpty());
  EXPECT_THAT(TakePropagated(), IsEmpty());
}

TEST_F(ZSetCommandTest, ZincrbyReadsOptionWordsLikeZadd) {
  // Redis runs ZINCRBY through ZADD's parser: an option word where the increment goes leaves
  // a single argument, a syntax error.
  EXPECT_THAT(Run({"ZINCRBY", "z", "nx", "m"}), IsError(kSyntax));
  EXPECT_THAT(Run({"ZINCRBY", "z", "INCR", "m"}), IsError(kSyntax));
  EXPECT_THAT(Run({"ZINCRBY", "z", "foo", "m"}), IsError(kNotFloat));
  EXPECT_THAT(Run({"ZINCRBY", "z", "1", "nx"}), IsBulk("1"));
}

TEST_F(ZSetCommandTest, ScoresAreRenderedAsRedisFormatsDoubles) {
  Run({"ZADD", "z", "0.1", "a", "1e20", "b", "-inf", "c", "1.5e-20", "d", "3", "e"});
  EXPECT_THAT(Run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}),
              IsBulkArray({"c", "-inf", "d", "1.5000000000000001e-20", "a",
                           "0.10000000000000001", "e", "3", "b", "1e+20"}));
  EXPECT_THAT(Run({"ZINCRBY", "z", "0.2", "a"}), IsBulk("0.30000000000000004"));
}

TEST_F(ZSetCommandTest, Resp3RepliesScoresAsDoubles) {
  Run({"HELLO", "3"});
  EXPECT_EQ(RunBytes({"ZADD", "z", "INCR", "1.5", "a"}), ",1.5\r\n");
  EXPECT_EQ(RunBytes({"ZADD", "z", "NX", "INCR", "1", "a"}), "_\r\n");
  EXPECT_EQ(RunBytes({"ZINCRBY", "z", "inf", "a"}), ",inf\r\n");
  EXPECT_EQ(RunBytes({"ZSCORE", "z", "a"}), ",inf\r\n");
  EXPECT_EQ(RunBytes({"ZSCORE", "z", "nope"}), "_\r\n");
  EXPECT_EQ(RunBytes({"ZMSCORE", "z", "a", "nope"}), "*2\r\n,inf\r\n_\r\n");
}

// ---------------------------------------------------------------------------------------
// Events, dirty counter, propagation

TEST_F(ZSetCommandTest, ZaddEmitsZaddOrZincrOnlyWhenSomethingChanged) {
  Run({"ZADD", "z", "1", "a", "2", "b"});
  Run({"ZADD", "z", "1", "a"});
  Run({"ZADD", "z", "INCR", "0", "a"});
  Run({"ZADD", "z", "INCR", "1", "a"});
  Run({"ZINCRBY", "z", "1", "b"});
  Run({"ZADD", "z", "NX", "5", "a"});
  EXPECT_THAT(TakeEvents(), ElementsAre("zadd:z", "zincr:z", "zincr:z"));
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"ZADD", "z", "1", "a", "2", "b"},
                          Argv{"ZADD", "z", "INCR", "1", "a"}, Argv{"ZINCRBY", "z", "1", "b"}));
}

TEST_F(ZSetCommandTest, DirtyGrowsByTheNumberOfElementsChanged) {
  EXPECT_EQ(DirtyOf({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f"}), 6);
  EXPECT_EQ(DirtyOf({"ZADD", "z", "CH", "10", "a", "2", "b", "7", "g"}), 2);
  EXPECT_EQ(DirtyOf({"ZREM", "z", "a", "b", "nope"}), 2);
  EXPECT_EQ(DirtyOf({"ZPOPMIN", "z", "2"}), 2);
  EXPECT_EQ(DirtyOf({"ZREMRANGEBYRANK", "z", "0", "1"}), 2);
  EXPECT_EQ(DirtyOf({"ZUNIONSTORE", "u", "1", "z"}), 1);
  EXPECT_EQ(DirtyOf({"ZMPOP", "1", "u", "MIN", "COUNT", "5"}), 1);
  EXPECT_EQ(DirtyOf({"ZRANGESTORE", "r", "nokey", "0", "-1"}), 0);
  EXPECT_EQ(DirtyOf({"ZADD", "z", "NX", "XX", "1", "a"}), 0);
}

TEST_F(ZSetCommandTest, ZremDeletesTheEmptiedKeyWithDelAfterZrem) {
  Run({"ZADD", "z", "1", "a", "2", "b"});
  TakeEvents();
  EXPECT_THAT(Run({"ZREM", "z", "a", "nope"}), IsInt(1));
  EXPECT_THAT(Run({"ZREM", "z", "nope"}), IsInt(0));
  EXPECT_THAT(Run({"ZREM", "z", "b", "a"}), IsInt(1));
  EXPECT_THAT(Run({"EXISTS", "z"}), IsInt(0));
  EXPECT_THAT(TakeEvents(), ElementsAre("zrem:z", "zrem:z", "del:z"));
}

TEST_F(ZSetCommandTest, RemoveRangeCommandsEmitTheirEventsAndDel) {
  Run({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"});
  TakeEvents();
  Run({"ZREMRANGEBYRANK", "z", "0", "0"});
  Run({"ZREMRANGEBYSCORE", "z", "2", "2"});
  Run({"ZREMRANGEBYRANK", "z", "5", "6"});
  Run({"ZREMRANGEBYLEX", "z", "-", "+"});
  EXPECT_THAT(TakeEvents(), ElementsAre("zremrangebyrank:z", "zremrangebyscore:z",
                                        "zremrangebylex:z", "del:z"));
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"},
                          Argv{"ZREMRANGEBYRANK", "z", "0", "0"},
                          Argv{"ZREMRANGEBYSCORE", "z", "2", "2"},
                          Argv{"ZREMRANGEBYLEX", "z", "-", "+"}));
}

TEST_F(ZSetCommandTest, ZpopIsPropagatedAsItCameAndOnlyWhenItPopped) {
  Run({"ZADD", "z", "1", "a", "2", "b", "3", "c"});
  TakePropagated();
  TakeEvents();
  Run({"ZPOPMIN", "z"});
  Run({"ZPOPMIN", "z", "0"});
  Run({"ZPOPMAX", "z", "100"});
  Run({"ZPOPMIN", "z"});
  EXPECT_THAT(TakePropagated(), ElementsAre(Argv{"ZPOPMIN", "z"}, Argv{"ZPOPMAX", "z", "100"}));
  EXPECT_THAT(TakeEvents(), ElementsAre("zpopmin:z", "zpopmax:z", "del:z"));
}

TEST_F(ZSetCommandTest, ZmpopIsPropagatedAsZpopWithThePoppedCount) {
  Run({"ZADD", "z", "1", "a", "2", "b", "3", "c"});
  TakePropagated();
  TakeEvents();
  EXPECT_THAT(Run({"ZMPOP", "2", "nokey", "z", "MIN"}), Renders("[\"z\", [[\"a\", \"1\"]]]"));
  EXPECT_THAT(Run({"ZMPOP", "1", "z", "MAX", "COUNT", "10"}),
              Renders("[\"z\", [[\"c\", \"3\"], [\"b\", \"2\"]]]"));
  EXPECT_THAT(Run({"ZMPOP", "1", "z", "MAX"}), IsNilArray());
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"ZPOPMIN", "z", "1"}, Argv{"ZPOPMAX", "z", "2"}));
  EXPECT_THAT(TakeEvents(), ElementsAre("zpopmin:z", "zpopmax:z", "del:z"));
}

TEST_F(ZSetCommandTest, StoreCommandsEmitTheirEventOrDelForAnEmptyResult) {
  Run({"ZADD", "z", "1", "a", "2", "b"});
  TakeEvents();
  TakePropagated();
  Run({"ZRANGESTORE", "d", "z", "0", "-1"});
  Run({"ZRANGESTORE", "d", "z", "5", "6"});
  Run({"ZRANGESTORE", "d", "z", "5", "6"});
  Run({"ZUNIONSTORE", "u", "2", "z", "nokey"});
  Run({"ZINTERSTORE", "u", "2", "z", "nokey"});
  Run({"ZINTERSTORE", "u", "2", "z", "nokey"});
  Run({"ZDIFFSTORE", "u", "1", "z"});
  Run({"ZDIFFSTORE", "u", "2", "z", "z"});
  EXPECT_THAT(TakeEvents(), ElementsAre("zrangestore:d", "del:d", "zunionstore:u", "del:u",
                                        "zdiffstore:u", "del:u"));
  // The second empty ZRANGESTORE and ZINTERSTORE changed nothing, so they are not propagated.
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"ZRANGESTORE", "d", "z", "0", "-1"},
                          Argv{"ZRANGESTORE", "d", "z", "5", "6"},
                          Argv{"ZUNIONSTORE", "u", "2", "z", "nokey"},
                          Argv{"ZINTERSTORE", "u", "2", "z", "nokey"},
                          Argv{"ZDIFFSTORE", "u", "1", "z"},
                          Argv{"ZDIFFSTORE", "u", "2", "z", "z"}));
}

TEST_F(ZSetCommandTest, ReadsNeitherNotifyNorPropagate) {
  Run({"ZADD", "z", "1", "a", "2", "b"});
  TakeEvents();
  TakePropagated();
  Run({"ZRANGE", "z", "0", "-1"});
  Run({"ZUNION", "1", "z"});
  Run({"ZRANDMEMBER", "z", "-3"});
  Run({"ZSCAN", "z", "0"});
  Run({"ZINTERCARD", "1", "z"});
  Run({"ZPOPMIN", "nokey"});
  EXPECT_THAT(TakeEvents(), IsEmpty());
  EXPECT_THAT(TakePropagated(), IsEmpty());
}

TEST_F(ZSetCommandTest, WritesInvalidateWatchButNoOpsDoNot) {
  Run({"ZADD", "z", "1", "a"});
  Client* other = NewClient();
  Run({"WATCH", "z"});
  Run({"ZADD", "z", "1", "a"}, other);
  Run({"ZREM", "z", "nope"}, other);
  Run({"MULTI"});
  Run({"ZCARD", "z"});
  EXPECT_THAT(Run({"EXEC"}), Renders("[(integer) 1]"));
  Run({"WATCH", "z"});
  Run({"ZINCRBY", "z", "1", "a"}, other);
  Run({"MULTI"});
  Run({"ZCARD", "z"});
  EXPECT_THAT(Run({"EXEC"}), IsNilArray());
}

TEST_F(ZSetCommandTest, ExecWrapsRewrittenZmpopInMultiExec) {
  Run({"ZADD", "z", "1", "a", "2", "b"});
  TakePropagated();
  Run({"MULTI"});
  Run({"ZMPOP", "1", "z", "MAX", "COUNT", "5"});
  Run({"ZADD", "z", "3", "c"});
  Run({"EXEC"});
  EXPECT_THAT(TakePropagated(), ElementsAre(Argv{"MULTI"}, Argv{"ZPOPMAX", "z", "2"},
                                            Argv{"ZADD", "z", "3", "c"}, Argv{"EXEC"}));
}

// ---------------------------------------------------------------------------------------
// Encodings

TEST_F(ZSetCommandTest, ZaddConvertsToSkiplistPastTheEntryLimit) {
  Fill("z", 128);
  EXPECT_EQ(Encoding("z"), "listpack");
  Run({"ZADD", "z", "1000", "m0"});  // an update does not grow the set
  EXPECT_EQ(Encoding("z"), "listpack");
  Run({"ZADD", "z", "128", "m128"});
  EXPECT_EQ(Encoding("z"), "skiplist");
  Run({"ZREMRANGEBYRANK", "z", "0", "120"});
  EXPECT_EQ(Encoding("z"), "skiplist");  // never back
  EXPECT_THAT(Run({"ZCARD", "z"}), IsInt(8));
}

TEST_F(ZSetCommandTest, ZaddConvertsToSkiplistForAMemberPastTheValueLimit) {
  Run({"ZADD", "v", "1", std::string(64, 'x')});
  EXPECT_EQ(Encoding("v"), "listpack");
  Run({"ZADD", "v", "2", std::string(65, 'y')});
  EXPECT_EQ(Encoding("v"), "skiplist");
  Run({"ZADD", "w", "1", std::string(65, 'y')});
  EXPECT_EQ(Encoding("w"), "skiplist");
  EXPECT_THAT(Run({"ZRANGE", "v", "0", "-1", "WITHSCORES"}),
              IsBulkArray({std::string(64, 'x'), "1", std::string(65, 'y'), "2"}));
}

TEST_F(ZSetCommandTest, EncodingLimitsAreReadLive) {
  Run({"CONFIG", "SET", "zset-max-listpack-entries", "0"});
  Run({"ZADD", "z", "1", "a"});
  EXPECT_EQ(Encoding("z"), "skiplist");
  Run({"CONFIG", "SET", "zset-max-listpack-entries", "128"});
  Run({"CONFIG", "SET", "zset-max-listpack-value", "3"});
  Run({"ZADD", "y", "1", "abc"});
  EXPECT_EQ(Encoding("y"), "listpack");
  Run({"ZADD", "y", "1", "abcd"});
  EXPECT_EQ(Encoding("y"), "skiplist");
}

TEST_F(ZSetCommandTest, StoredResultsAreListpacksWhenTheyFit) {
  Fill("big", 200);
  EXPECT_THAT(Run({"ZRANGESTORE", "d", "big", "0", "127"}), IsInt(128));
  EXPECT_EQ(Encoding("d"), "listpack");
  EXPECT_THAT(Run({"ZRANGESTORE", "d", "big", "0", "128"}), IsInt(129));
  EXPECT_EQ(Encoding("d"), "skiplist");
  EXPECT_THAT(Run({"ZRANGESTORE", "d", "big", "0", "+inf", "BYSCORE", "LIMIT", "0", "128"}),
              IsInt(128));
  EXPECT_EQ(Encoding("d"), "listpack");
  EXPECT_THAT(Run({"ZUNIONSTORE", "d", "1", "big"}), IsInt(200));
  EXPECT_EQ(Encoding("d"), "skiplist");
  Run({"ZREMRANGEBYRANK", "big", "0", "190"});
  EXPECT_EQ(Encoding("big"), "skiplist");
  EXPECT_THAT(Run({"ZUNIONSTORE", "d", "1", "big"}), IsInt(9));
  EXPECT_EQ(Encoding("d"), "listpack");
  Run({"ZADD", "long", "1", std::string(65, 'x'), "2", "b"});
  EXPECT_THAT(Run({"ZINTERSTORE", "d", "1", "long"}), IsInt(2));
  EXPECT_EQ(Encoding("d"), "skiplist");
  EXPECT_THAT(Run({"ZRANGESTORE", "d", "long", "1", "1"}), IsInt(1));
  EXPECT_EQ(Encoding("d"), "listpack");
}

TEST_F(ZSetCommandTest, NegativeZeroSurvivesOnlyInASkiplist) {
  Run({"ZADD", "zero", "0", "x", "1", "y"});
  EXPECT_THAT(Run({"ZUNION", "1", "zero", "WEIGHTS", "-1", "WITHSCORES"}),
              IsBulkArray({"y", "-1", "x", "-0"}));
  Run({"ZUNIONSTORE", "d", "1", "zero", "WEIGHTS", "-1"});
  EXPECT_THAT(Run({"ZSCORE", "d", "x"}), IsBulk("0"));
  Run({"CONFIG", "SET", "zset-max-listpack-entries", "1"});
  Run({"ZUNIONSTORE", "d", "1", "zero", "WEIGHTS", "-1"});
  EXPECT_THAT(Run({"ZSCORE", "d", "x"}), IsBulk("-0"));
  EXPECT_EQ(Encoding("d"), "skiplist");
}

TEST_F(ZSetCommandTest, StoreReplacesAnyTypeAndDropsTheTtl) {
  Run({"ZADD", "z", "1", "a"});
  Run({"SET", "d", "v", "EX", "100"});
  EXPECT_THAT(Run({"ZUNIONSTORE", "d", "1", "z"}), IsInt(1));
  EXPECT_THAT(Run({"TYPE", "d"}), IsSimple("zset"));
  EXPECT_THAT(Run({"TTL", "d"}), IsInt(-1));
  Run({"SET", "e", "v"});
  EXPECT_THAT(Run({"ZRANGESTORE", "e", "nokey", "0", "-1"}), IsInt(0));
  EXPECT_THAT(Run({"EXISTS", "e"}), IsInt(0));
}

TEST_F(ZSetCommandTest, AnExpiredSortedSetIsGoneForEveryCommand) {
  Run({"ZADD", "z", "1", "a", "2", "b"});
  Run({"PEXPIRE", "z", "100"});
  AdvanceClock(101);
  EXPECT_THAT(Run({"ZCARD", "z"}), IsInt(0));
  Run({"ZADD", "z", "5", "c"});
  EXPECT_THAT(Run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}), IsBulkArray({"c", "5"}));
  EXPECT_THAT(Run({"TTL", "z"}), IsInt(-1));
}

// ---------------------------------------------------------------------------------------
// WRONGTYPE everywhere

TEST_F(ZSetCommandTest, EveryCommandRejectsAStringWithWrongType) {
  Run({"SET", "s", "v"});
  const std::vector<Argv> calls = {
      {"ZADD", "s", "1", "a"},          {"ZINCRBY", "s", "1", "a"},
      {"ZREM", "s", "a"},               {"ZCARD", "s"},
      {"ZSCORE", "s", "a"},             {"ZMSCORE", "s", "a"},
      {"ZRANK", "s", "a"},              {"ZREVRANK", "s", "a"},
      {"ZCOUNT", "s", "0", "1"},        {"ZLEXCOUNT", "s", "-", "+"},
      {"ZRANGE", "s", "0", "1"},        {"ZRANGESTORE", "d", "s", "0", "1"},
      {"ZRANGEBYSCORE", "s", "0", "1"}, {"ZREVRANGEBYSCORE", "s", "1", "0"},
      {"ZRANGEBYLEX", "s", "-", "+"},   {"ZREVRANGEBYLEX", "s", "+", "-"},
      {"ZREVRANGE", "s", "0", "1"},     {"ZREMRANGEBYRANK", "s", "0", "1"},
      {"ZREMRANGEBYSCORE", "s", "0", "1"}, {"ZREMRANGEBYLEX", "s", "-", "+"},
      {"ZPOPMIN", "s"},                 {"ZPOPMAX", "s", "2"},
      {"ZMPOP", "1", "s", "MIN"},       {"ZRANDMEMBER", "s"},
      {"ZRANDMEMBER", "s", "2"},        {"ZUNION", "1", "s"},
      {"ZINTER", "1", "s"},             {"ZDIFF", "1", "s"},
      {"ZUNIONSTORE", "d", "1", "s"},   {"ZINTERSTORE", "d", "1", "s"},
      {"ZDIFFSTORE", "d", "1", "s"},    {"ZINTERCARD", "1", "s"},
      {"ZSCAN", "s", "0"},
  };
  for (const Argv& argv : calls) {
    SCOPED_TRACE(argv[0]);
    EXPECT_THAT(Run(argv), IsError(kWrongType));
  }
  EXPECT_THAT(Run({"GET", "s"}), IsBulk("v"));
  EXPECT_THAT(Run({"EXISTS", "d"}), IsInt(0));
}

// ---------------------------------------------------------------------------------------
// Set algebra with plain sets as inputs

TEST_F(ZSetCommandTest, SetsCountAsScoreOneInSetAlgebra) {
  Run({"ZADD", "z1", "1", "a", "2", "b", "3", "c"});
  PutSet("s", {"a", "d", "e"});
  PutSet("ints", {"1", "2", "3"});
  EXPECT_THAT(Run({"ZUNION", "2", "z1", "s", "WITHSCORES"}),
              IsBulkArray({"d", "1", "e", "1", "a", "2", "b", "2", "c", "3"}));
  EXPECT_THAT(Run({"ZINTER", "2", "z1", "s", "WITHSCORES"}), IsBulkArray({"a", "2"}));
  EXPECT_THAT(Run({"ZDIFF", "2", "z1", "s", "WITHSCORES"}),
              IsBulkArray({"b", "2", "c", "3"}));
  EXPECT_THAT(Run({"ZDIFF", "2", "s", "z1", "WITHSCORES"}),
              IsBulkArray({"d", "1", "e", "1"}));
  EXPECT_THAT(Run({"ZUNION", "2", "s", "ints", "WEIGHTS", "2", "0.5", "WITHSCORES"}),
              IsBulkArray({"1", "0.5", "2", "0.5", "3", "0.5", "a", "2", "d", "2", "e", "2"}));
  EXPECT_THAT(Run({"ZINTERCARD", "2", "z1", "s"}), IsInt(1));
  EXPECT_THAT(Run({"ZINTERSTORE", "d", "2", "s", "z1", "AGGREGATE", "MAX"}), IsInt(1));
  EXPECT_THAT(Run({"ZRANGE", "d", "0", "-1", "WITHSCORES"}), IsBulkArray({"a", "1"}));
}

TEST_F(ZSetCommandTest, ASetIsStillNotASortedSetForOtherCommands) {
  PutSet("s", {"a"});
  EXPECT_THAT(Run({"ZRANGE", "s", "0", "-1"}), IsError(kWrongType));
  EXPECT_THAT(Run({"ZADD", "s", "1", "x"}), IsError(kWrongType));
  EXPECT_THAT(Run({"ZRANGESTORE", "d", "s", "0", "-1"}), IsError(kWrongType));
}

TEST_F(ZSetCommandTest, InterSumsScoresSmallestInputFirst) {
  // 0.1 + 0.2 + 0.3 depends on the order of the additions; Redis sorts inputs by size
  // (stable), so f1 (two members) is added last here.
  Run({"ZADD", "f1", "0.1", "x", "5", "y"});
  Run({"ZADD", "f2", "0.2", "x"});
  Run({"ZADD", "f3", "0.3", "x"});
  EXPECT_THAT(Run({"ZINTER", "3", "f1", "f2", "f3", "WITHSCORES"}),
              IsBulkArray({"x", "0.59999999999999998"}));
  EXPECT_THAT(Run({"ZUNION", "3", "f1", "f2", "f3", "WITHSCORES"}),
              IsBulkArray({"x", "0.59999999999999998", "y", "5"}));
  // Equal sizes keep their order: 0.1 + 0.2 first.
  Run({"ZADD", "f4", "0.1", "x"});
  EXPECT_THAT(Run({"ZUNION", "3", "f4", "f2", "f3", "WITHSCORES"}),
              IsBulkArray({"x", "0.60000000000000009"}));
}

TEST_F(ZSetCommandTest, InfinitiesThatCancelAggregateToZero) {
  Run({"ZADD", "pinf", "inf", "a"});
  Run({"ZADD", "ninf", "-inf", "a"});
  Run({"ZADD", "zz", "0", "a"});
  Run({"ZADD", "one", "1", "a"});
  EXPECT_THAT(Run({"ZUNION", "2", "pinf", "ninf", "WITHSCORES"}), IsBulkArray({"a", "0"}));
  EXPECT_THAT(Run({"ZUNION", "1", "zz", "WEIGHTS", "inf", "WITHSCORES"}),
              IsBulkArray({"a", "0"}));
  // In ZINTER a later NaN term reaches MIN/MAX unchanged, and loses every comparison.
  EXPECT_THAT(
      Run({"ZINTER", "2", "one", "zz", "WEIGHTS", "1", "inf", "AGGREGATE", "MIN", "WITHSCORES"}),
      IsBulkArray({"a", "1"}));
  EXPECT_THAT(
      Run({"ZUNION", "2", "one", "zz", "WEIGHTS", "1", "inf", "AGGREGATE", "MIN", "WITHSCORES"}),
      IsBulkArray({"a", "0"}));
}

TEST_F(ZSetCommandTest, SetAlgebraErrorsNameTheCommand) {
  EXPECT_THAT(Run({"ZUNIONSTORE", "d", "0", "a"}),
              IsError("ERR at least 1 input key is needed for 'zunionstore' command"));
  EXPECT_THAT(Run({"ZInter", "-1", "a"}),
              IsError("ERR at least 1 input key is needed for 'zinter' command"));
  EXPECT_THAT(Run({"ZUNION", "2", "a", "b", "WEIGHTS", "1", "x"}),
              IsError("ERR weight value is not a float"));
  EXPECT_THAT(Run({"ZUNION", "3", "a", "b"}), IsError(kSyntax));
  EXPECT_THAT(Run({"ZINTERCARD", "1", "a", "LIMIT", "-1"}),
              IsError("ERR LIMIT can't be negative"));
}

TEST_F(ZSetCommandTest, IntercardStopsAtTheLimit) {
  Fill("a", 50);
  Fill("b", 50);
  EXPECT_THAT(Run({"ZINTERCARD", "2", "a", "b"}), IsInt(50));
  EXPECT_THAT(Run({"ZINTERCARD", "2", "a", "b", "LIMIT", "7"}), IsInt(7));
  EXPECT_THAT(Run({"ZINTERCARD", "2", "a", "b", "LIMIT", "0"}), IsInt(50));
}

// ---------------------------------------------------------------------------------------
// Pops and the reusable pop path

TEST_F(ZSetCommandTest, ZpopShapesDependOnTheCountArgumentInResp3) {
  Run({"ZADD", "z", "1", "a", "2", "b", "3", "c"});
  Run({"HELLO", "3"});
  EXPECT_EQ(RunBytes({"ZPOPMIN", "z"}), "*2\r\n$1\r\na\r\n,1\r\n");
  EXPECT_EQ(RunBytes({"ZPOPMIN", "z", "1"}), "*1\r\n*2\r\n$1\r\nb\r\n,2\r\n");
  EXPECT_EQ(RunBytes({"ZPOPMAX", "z", "0"}), "*0\r\n");
  EXPECT_EQ(RunBytes({"ZMPOP", "1", "z", "MAX"}), "*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nc\r\n,3\r\n");
  EXPECT_EQ(RunBytes({"ZMPOP", "1", "z", "MAX"}), "_\r\n");
  EXPECT_EQ(RunBytes({"ZPOPMIN", "z"}), "*0\r\n");
}

TEST_F(ZSetCommandTest, ZpopRejectsNegativeCountsWithItsOwnMessage) {
  EXPECT_THAT(Run({"ZPOPMIN", "z", "-1"}), IsError("ERR value is out of range, must be positive"));
  EXPECT_THAT(Run({"ZPOPMIN", "z", "x"}), IsError("ERR value is out of range, must be positive"));
  EXPECT_THAT(Run({"ZPOPMIN", "z", "1", "2"}), IsError(kSyntax));
  EXPECT_THAT(Run({"ZMPOP", "0", "z", "MIN"}), IsError("ERR numkeys should be greater than 0"));
  EXPECT_THAT(Run({"ZMPOP", "1", "z", "MIN", "COUNT", "0"}),
              IsError("ERR count should be greater than 0"));
  EXPECT_THAT(Run({"ZMPOP", "1", "z", "MIN", "COUNT", "1", "COUNT", "1"}), IsError(kSyntax));
}

TEST_F(ZSetCommandTest, ZmpopStopsAtTheFirstSortedSetAndReportsWrongTypeBeforeIt) {
  Run({"ZADD", "y", "5", "e"});
  Run({"SET", "s", "v"});
  EXPECT_THAT(Run({"ZMPOP", "2", "y", "s", "MIN"}), Renders("[\"y\", [[\"e\", \"5\"]]]"));
  Run({"ZADD", "y", "5", "e"});
  EXPECT_THAT(Run({"ZMPOP", "2", "s", "y", "MIN"}), IsError(kWrongType));
  EXPECT_THAT(Run({"ZCARD", "y"}), IsInt(1));
}

TEST_F(ZSetCommandTest, ZpopWithAHugeCountPopsEverything) {
  Fill("z", 300);
  RespValue r = Run({"ZPOPMAX", "z", "9223372036854775807"});
  ASSERT_EQ(r.elems.size(), 600u);
  EXPECT_EQ(r.elems[0].str, "m299");
  EXPECT_EQ(r.elems[599].str, "0");
  EXPECT_THAT(Run({"EXISTS", "z"}), IsInt(0));
}

// The blocking forms call the pop path directly with their own context.
class ZSetPopPathTest : public ZSetCommandTest {
 protected:
  std::string PopFirst(std::vector<std::string_view> keys, ZPopEnd end, size_t count,
                       ZPopForm form, ZPopOutcome* outcome) {
    std::vector<std::string_view> argv{"bzpopmin"};
    const CommandEntry* cmd = server().commands().find("zpopmin");
    CommandContext ctx(server(), *client(), argv, cmd);
    *outcome = zset_pop_first(ctx, keys, end, count, form);
    return TakeOutput();
  }
};

TEST_F(ZSetPopPathTest, KeyMemberScoreIsTheBzpopShape) {
  Run({"ZADD", "z", "1", "a", "2", "b"});
  TakeEvents();
  ZPopOutcome outcome;
  EXPECT_EQ(PopFirst({"nokey", "z"}, ZPopEnd::Max, 1, ZPopForm::KeyMemberScore, &outcome),
            "*3\r\n$1\r\nz\r\n$1\r\nb\r\n$1\r\n2\r\n");
  EXPECT_EQ(outcome, ZPopOutcome::Popped);
  Run({"HELLO", "3"});
  EXPECT_EQ(PopFirst({"z"}, ZPopEnd::Min, 1, ZPopForm::KeyMemberScore, &outcome),
            "*3\r\n$1\r\nz\r\n$1\r\na\r\n,1\r\n");
  EXPECT_THAT(TakeEvents(), ElementsAre("zpopmax:z", "zpopmin:z", "del:z"));
  EXPECT_EQ(PopFirst({"z", "nokey"}, ZPopEnd::Min, 1, ZPopForm::KeyMemberScore, &outcome), "");
  EXPECT_EQ(outcome, ZPopOutcome::Empty);
}

TEST_F(ZSetPopPathTest, KeyedPairsIsTheBzmpopShapeAndWrongTypeIsReported) {
  Run({"ZADD", "z", "1", "a", "2", "b", "3", "c"});
  Run({"SET", "s", "v"});
  ZPopOutcome outcome;
  EXPECT_EQ(PopFirst({"z"}, ZPopEnd::Min, 2, ZPopForm::KeyedPairs, &outcome),
            "*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
  EXPECT_EQ(PopFirst({"nokey", "s", "z"}, ZPopEnd::Min, 1, ZPopForm::KeyedPairs, &outcome),
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  EXPECT_EQ(outcome, ZPopOutcome::WrongType);
  EXPECT_THAT(Run({"ZCARD", "z"}), IsInt(1));
}

// ---------------------------------------------------------------------------------------
// ZRANDMEMBER

TEST_F(ZSetCommandTest, ZrandmemberWithCountAtLeastTheSizeReturnsAllHighestFirst) {
  Run({"ZADD", "z", "1", "a", "2", "b", "3", "c"});
  EXPECT_THAT(Run({"ZRANDMEMBER", "z", "3"}), IsBulkArray({"c", "b", "a"}));
  EXPECT_THAT(Run({"ZRANDMEMBER", "z", "100", "WITHSCORES"}),
              IsBulkArray({"c", "3", "b", "2", "a", "1"}));
}

TEST_F(ZSetCommandTest, ZrandmemberPositiveCountGivesDistinctMembers) {
  for (int n : {20, 300}) {  // listpack and skiplist
    SCOPED_TRACE(n);
    Run({"DEL", "z"});
    Fill("z", n);
    for (int count : {1, 5, n / 2, n - 1}) {
      RespValue r = Run({"ZRANDMEMBER", "z", std::to_string(count), "WITHSCORES"});
      ASSERT_EQ(r.elems.size(), static_cast<size_t>(2 * count));
      std::set<std::string> seen;
      for (size_t i = 0; i < r.elems.size(); i += 2) {
        EXPECT_TRUE(seen.insert(r.elems[i].str).second) << "repeated " << r.elems[i].str;
        EXPECT_EQ("m" + r.elems[i + 1].str, r.elems[i].str);  // member mN has score N
      }
    }
  }
}

TEST_F(ZSetCommandTest, ZrandmemberNegativeCountRepeatsFromTheSet) {
  Run({"ZADD", "z", "1", "a", "2", "b"});
  RespValue r = Run({"ZRANDMEMBER", "z", "-50"});
  ASSERT_EQ(r.elems.size(), 50u);
  for (const RespValue& m : r.elems) EXPECT_TRUE(m.str == "a" || m.str == "b") << m.str;
  Fill("big", 1000);
  r = Run({"ZRANDMEMBER", "big", "-5", "WITHSCORES"});
  ASSERT_EQ(r.elems.size(), 10u);
  for (size_t i = 0; i < r.elems.size(); i += 2) {
    EXPECT_EQ("m" + r.elems[i + 1].str, r.elems[i].str);
  }
}

TEST_F(ZSetCommandTest, ZrandmemberRefusesRepliesNoServerCouldBuild) {
  Run({"ZADD", "z", "1", "a"});
  EXPECT_THAT(Run({"ZRANDMEMBER", "z", "-9223372036854775808"}),
              IsError("ERR value is out of range, value must between -9223372036854775807 and "
                      "9223372036854775807"));
  EXPECT_THAT(Run({"ZRANDMEMBER", "z", "-4611686018427387904", "WITHSCORES"}),
              IsError("ERR value is out of range"));
  // Accepted by Redis, which then runs out of memory building the reply; Eddy says no.
  EXPECT_THAT(Run({"ZRANDMEMBER", "z", "-4611686018427387903", "WITHSCORES"}),
              IsError("ERR value is out of range"));
  EXPECT_THAT(Run({"ZRANDMEMBER", "z", "-9223372036854775807"}),
              IsError("ERR value is out of range"));
  EXPECT_THAT(Run({"ZRANDMEMBER", "z", "9223372036854775807"}), IsBulkArray({"a"}));
}

// ---------------------------------------------------------------------------------------
// ZSCAN and ranges on big sets

TEST_F(ZSetCommandTest, ZscanOfASkiplistVisitsEveryMemberWithItsScore) {
  Fill("z", 1000);
  ASSERT_EQ(Encoding("z"), "skiplist");
  std::set<std::string> seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    RespValue r = Run({"ZSCAN", "z", cursor, "COUNT", "20"});
    ASSERT_EQ(r.elems.size(), 2u);
    cursor = r.elems[0].str;
    const auto& items = r.elems[1].elems;
    ASSERT_EQ(items.size() % 2, 0u);
    for (size_t i = 0; i < items.size(); i += 2) {
      EXPECT_EQ("m" + items[i + 1].str, items[i].str);
      seen.insert(items[i].str);
    }
    ASSERT_LT(++calls, 2000);
  } while (cursor != "0");
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_GT(calls, 1);
}

TEST_F(ZSetCommandTest, ZscanOfAListpackShowsScoresAsStored) {
  Run({"ZADD", "z", "1e17", "a", "1.5", "b", "4611686018427388928", "c"});
  EXPECT_THAT(Run({"ZSCAN", "z", "0"}),
              Renders("[\"0\", [\"b\", \"1.5\", \"a\", \"100000000000000000\", \"c\", "
                      "\"4.6116860184273889e+18\"]]"));
  EXPECT_THAT(Run({"ZSCAN", "z", "0", "MATCH", "a"}),
              Renders("[\"0\", [\"a\", \"100000000000000000\"]]"));
}

TEST_F(ZSetCommandTest, RangesAgreeAcrossEncodings) {
  // The same data as a listpack and as a skiplist answers every range alike.
  Argv add{"ZADD", "lp"};
  for (int i = 0; i < 100; ++i) {
    add.push_back(std::to_string(i % 7));
    add.push_back("k" + std::to_string(i));
  }
  Run(add);
  Run({"CONFIG", "SET", "zset-max-listpack-entries", "0"});
  add[1] = "sl";
  Run(add);
  Run({"CONFIG", "SET", "zset-max-listpack-entries", "128"});
  ASSERT_EQ(Encoding("lp"), "listpack");
  ASSERT_EQ(Encoding("sl"), "skiplist");
  const std::vector<Argv> queries = {
      {"ZRANGE", "#", "5", "40", "WITHSCORES"},
      {"ZRANGE", "#", "-30", "-3", "REV"},
      {"ZRANGE", "#", "(2", "5", "BYSCORE", "LIMIT", "3", "10"},
      {"ZRANGE", "#", "5", "(2", "BYSCORE", "REV", "LIMIT", "1", "-1", "WITHSCORES"},
      {"ZRANGEBYSCORE", "#", "-inf", "+inf", "LIMIT", "90", "20"},
      {"ZCOUNT", "#", "1", "(4"},
      {"ZRANK", "#", "k50"},
      {"ZREVRANK", "#", "k50"},
      {"ZMSCORE", "#", "k1", "k99", "nope"},
  };
  for (Argv q : queries) {
    Argv a = q, b = q;
    a[1] = "lp";
    b[1] = "sl";
    EXPECT_EQ(Run(a).debug(), Run(b).debug()) << q[0];
  }
}

// ---------------------------------------------------------------------------------------
// COMMAND GETKEYS for the commands whose keys follow numkeys

TEST_F(ZSetCommandTest, GetkeysFindsKeysAfterNumkeys) {
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2"}),
              IsBulkArray({"d", "a", "b"}));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "ZINTER", "2", "a", "b"}), IsBulkArray({"a", "b"}));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "ZMPOP", "3", "a", "b", "MIN"}),
              IsBulkArray({"a", "b", "MIN"}));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "ZRANGESTORE", "d", "s", "0", "1"}),
              IsBulkArray({"d", "s"}));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "ZUNIONSTORE", "d", "3", "a", "b"}),
              IsError("ERR Invalid arguments specified for command"));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "ZINTERCARD", "0", "a"}),
              IsError("ERR Invalid arguments specified for command"));
}

}  // namespace
}  // namespace eddy::testing
