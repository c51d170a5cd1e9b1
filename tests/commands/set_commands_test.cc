// In-process tests of the set family (src/commands/set_commands.cc). Expected replies,
// events, dirty counts and propagated forms were taken from redis-server 7.0.15.
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "commands/command_test.h"

namespace eddy::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;



class SetCommandsTest : public CommandTest {
 protected:
  SetCommandsTest() {
    server().set_propagator(&prop_);
    server().set_notifier(&events_);
  }
  ~SetCommandsTest() override {
    server().set_propagator(nullptr);
    server().set_notifier(nullptr);
  }
  std::string EncodingOf(const std::string& key) {
    RespValue v = Run({"OBJECT", "ENCODING", key});
    return v.type == RespValue::Type::Bulk ? v.str : v.debug();
  }
  std::vector<std::vector<std::string>> TakePropagated() { return std::exchange(prop_.seen, {}); }
  std::vector<std::string> TakeEvents() { return std::exchange(events_.seen, {}); }
  int64_t Dirty() { return server().stats().dirty; }
  std::set<std::string> Members(const std::string& key) {
    std::set<std::string> out;
    for (const RespValue& e : Run({"SMEMBERS", key}).elems) out.insert(e.str);
    return out;
  }
  static std::set<std::string> AsSet(const RespValue& v) {
    std::set<std::string> out;
    for (const RespValue& e : v.elems) out.insert(e.str);
    return out;
  }

  RecordingPropagator prop_;
  RecordingNotifier events_;
};

constexpr const char* kWrongType =
    "WRONGTYPE Operation against a key holding the wrong kind of value";
constexpr const char* kNotInt = "ERR value is not an integer or out of range";
constexpr const char* kSyntax = "ERR syntax error";
constexpr const char* kNotPositive = "ERR value is out of range, must be positive";

using Strings = std::set<std::string>;

// ---------------------------------------------------------------------------------------
// SADD / SREM / membership

TEST_F(SetCommandsTest, SaddCountsNewMembersAndEmitsOnlyWhenItAdds) {
  EXPECT_THAT(Run({"SADD", "s", "3", "1", "2"}), IsInt(3));
  EXPECT_THAT(Run({"SADD", "s", "2", "3"}), IsInt(0));
  EXPECT_THAT(Run({"SADD", "s", "4", "4"}), IsInt(1));
  EXPECT_THAT(TakeEvents(), ElementsAre("sadd:s", "sadd:s"));
  EXPECT_THAT(Run({"SMEMBERS", "s"}), IsBulkArray({"1", "2", "3", "4"}));
  EXPECT_THAT(Run({"SCARD", "s"}), IsInt(4));
}

TEST_F(SetCommandsTest, SremRemovesTheKeyWithItsLastMemberAfterTheSremEvent) {
  Run({"SADD", "s", "a", "b", "c"});
  TakeEvents();
  int64_t before = Dirty();
  EXPECT_THAT(Run({"SREM", "s", "a", "zz"}), IsInt(1));
  EXPECT_THAT(Run({"SREM", "s", "zz"}), IsInt(0));
  EXPECT_THAT(Run({"SREM", "s", "b", "c", "b"}), IsInt(2));
  EXPECT_THAT(TakeEvents(), ElementsAre("srem:s", "srem:s", "del:s"));
  EXPECT_THAT(Run({"EXISTS", "s"}), IsInt(0));
  EXPECT_EQ(Dirty() - before, 3);
}

TEST_F(SetCommandsTest, MembershipQueries) {
  Run({"SADD", "s", "1", "a"});
  EXPECT_THAT(Run({"SISMEMBER", "s", "1"}), IsInt(1));
  EXPECT_THAT(Run({"SISMEMBER", "s", "01"}), IsInt(0));
  EXPECT_THAT(Run({"SISMEMBER", "nope", "1"}), IsInt(0));
  EXPECT_THAT(Run({"SMISMEMBER", "s", "a", "b", "1"}), Renders("[(integer) 1, (integer) 0, "
                                                               "(integer) 1]"));
  EXPECT_THAT(Run({"SMISMEMBER", "nope", "a"}), Renders("[(integer) 0]"));
  EXPECT_THAT(Run({"SCARD", "nope"}), IsInt(0));
  Run({"HELLO", "3"});
  EXPECT_THAT(Run({"SMISMEMBER", "s", "a", "b"}), Renders("[(integer) 1, (integer) 0]"));
  EXPECT_EQ(Run({"SMEMBERS", "s"}).type, RespValue::Type::Set);
  EXPECT_THAT(Run({"SMEMBERS", "nope"}), Renders("~[]"));
}

TEST_F(SetCommandsTest, EverySetCommandRejectsAStringKey) {
  Run({"SET", "s", "v"});
  for (const std::vector<std::string>& argv : std::vector<std::vector<std::string>>{
           {"SADD", "s", "a"}, {"SREM", "s", "a"}, {"SISMEMBER", "s", "a"},
           {"SMISMEMBER", "s", "a"}, {"SCARD", "s"}, {"SMEMBERS", "s"}, {"SPOP", "s"},
           {"SPOP", "s", "1"}, {"SRANDMEMBER", "s"}, {"SRANDMEMBER", "s", "1"},
           {"SMOVE", "s", "d", "a"}, {"SINTER", "s"}, {"SINTERCARD", "1", "s"},
           {"SINTERSTORE", "d", "s"}, {"SUNION", "s"}, {"SUNIONSTORE", "d", "s"},
           {"SDIFF", "s"}, {"SDIFFSTORE", "d", "s"}, {"SSCAN", "s", "0"}}) {
    EXPECT_THAT(Run(argv), IsError(kWrongType)) << argv[0];
  }
  EXPECT_THAT(Run({"EXISTS", "d"}), IsInt(0));
}

// ---------------------------------------------------------------------------------------
// Encodings

TEST_F(SetCommandsTest, IntsetConvertsToHashtableOnAStringMemberOrPastTheEntryLimit) {
  Run({"SADD", "i", "1", "-9223372036854775808", "9223372036854775807"});
  EXPECT_EQ(EncodingOf("i"), "intset");
  for (const char* m : {"a", "01", "-0", "+1", " 1", "1.0", "", "9223372036854775808"}) {
    Run({"DEL", "x"});
    Run({"SADD", "x", m});
    EXPECT_EQ(EncodingOf("x"), "hashtable") << "'" << m << "'";
  }
  Run({"CONFIG", "SET", "set-max-intset-entries", "3"});
  Run({"SADD", "c", "1", "2", "3"});
  EXPECT_EQ(EncodingOf("c"), "intset");
  Run({"SADD", "c", "4"});
  EXPECT_EQ(EncodingOf("c"), "hashtable");
  Run({"SREM", "c", "1", "2", "3"});
  EXPECT_EQ(EncodingOf("c"), "hashtable");
}

TEST_F(SetCommandsTest, StoredResultsAreFreshSetsThatAreIntsetsWhenTheyCanBe) {
  Run({"SADD", "t", "1", "2", "a"});
  Run({"SREM", "t", "a"});
  EXPECT_EQ(EncodingOf("t"), "hashtable");
  Run({"SUNIONSTORE", "u", "t"});
  EXPECT_EQ(EncodingOf("u"), "intset");
  Run({"SINTERSTORE", "v", "t", "t"});
  EXPECT_EQ(EncodingOf("v"), "intset");
  Run({"SDIFFSTORE", "w", "t", "nope"});
  EXPECT_EQ(EncodingOf("w"), "intset");
  Run({"CONFIG", "SET", "set-max-intset-entries", "1"});
  Run({"SUNIONSTORE", "x", "t"});
  EXPECT_EQ(EncodingOf("x"), "hashtable");
  EXPECT_THAT(Run({"SMEMBERS", "u"}), IsBulkArray({"1", "2"}));
}

// ---------------------------------------------------------------------------------------
// SPOP / SRANDMEMBER

TEST_F(SetCommandsTest, SpopWithoutCountPropagatesAsSremOfThePoppedMember) {
  Run({"SADD", "s", "a", "b"});
  TakePropagated();
  TakeEvents();
  RespValue m = Run({"SPOP", "s"});
  ASSERT_EQ(m.type, RespValue::Type::Bulk);
  EXPECT_THAT(TakePropagated(), ElementsAre(ElementsAre("SREM", "s", m.str)));
  EXPECT_THAT(TakeEvents(), ElementsAre("spop:s"));
  RespValue last = Run({"SPOP", "s"});
  EXPECT_NE(last.str, m.str);
  EXPECT_THAT(TakeEvents(), ElementsAre("spop:s", "del:s"));
  EXPECT_THAT(TakePropagated(), ElementsAre(ElementsAre("SREM", "s", last.str)));
  EXPECT_THAT(Run({"SPOP", "s"}), IsNil());
  EXPECT_THAT(TakePropagated(), IsEmpty());
}

TEST_F(SetCommandsTest, SpopWithCountPropagatesOneSremPerMemberInsideMultiExec) {
  Run({"SADD", "s", "1", "2", "3", "4", "5"});
  TakePropagated();
  TakeEvents();
  int64_t before = Dirty();
  RespValue popped = Run({"SPOP", "s", "3"});
  ASSERT_EQ(popped.elems.size(), 3u);
  std::vector<std::vector<std::string>> expected{{"MULTI"}};
  for (const RespValue& e : popped.elems) expected.push_back({"SREM", "s", e.str});
  expected.push_back({"EXEC"});
  EXPECT_EQ(TakePropagated(), expected);
  EXPECT_THAT(TakeEvents(), ElementsAre("spop:s"));
  EXPECT_EQ(Dirty() - before, 3);
  EXPECT_THAT(Run({"SCARD", "s"}), IsInt(2));
  Strings left = Members("s");
  for (const RespValue& e : popped.elems) EXPECT_EQ(left.count(e.str), 0u);
}

TEST_F(SetCommandsTest, SpopOfTheWholeSetPropagatesAsDel) {
  Run({"SADD", "s", "1", "2", "3"});
  TakePropagated();
  TakeEvents();
  int64_t before = Dirty();
  EXPECT_THAT(Run({"SPOP", "s", "3"}), IsBulkArray({"1", "2", "3"}));
  EXPECT_THAT(TakePropagated(), ElementsAre(ElementsAre("DEL", "s")));
  EXPECT_THAT(TakeEvents(), ElementsAre("spop:s", "del:s"));
  EXPECT_EQ(Dirty() - before, 3);
  EXPECT_THAT(Run({"EXISTS", "s"}), IsInt(0));
  Run({"SADD", "s", "x"});
  EXPECT_THAT(Run({"SPOP", "s", "9223372036854775807"}), IsBulkArray({"x"}));
}

TEST_F(SetCommandsTest, SpopInsideExecIsNotWrappedTwice) {
  Run({"SADD", "s", "1", "2", "3", "4"});
  TakePropagated();
  Run({"MULTI"});
  Run({"SPOP", "s", "2"});
  Run({"SADD", "t", "x"});
  RespValue r = Run({"EXEC"});
  ASSERT_EQ(r.elems.size(), 2u);
  auto prop = TakePropagated();
  ASSERT_EQ(prop.size(), 5u);
  EXPECT_THAT(prop[0], ElementsAre("MULTI"));
  EXPECT_EQ(prop[1][0], "SREM");
  EXPECT_EQ(prop[2][0], "SREM");
  EXPECT_THAT(prop[3], ElementsAre("SADD", "t", "x"));
  EXPECT_THAT(prop[4], ElementsAre("EXEC"));
}

TEST_F(SetCommandsTest, SpopCountMustBeANonNegativeInteger) {
  Run({"SADD", "s", "a"});
  for (const char* c : {"-1", "x", "1.5", "9223372036854775808", "-9223372036854775808"}) {
    EXPECT_THAT(Run({"SPOP", "s", c}), IsError(kNotPositive)) << c;
  }
  EXPECT_THAT(Run({"SPOP", "nope", "-1"}), IsError(kNotPositive));
  EXPECT_THAT(Run({"SPOP", "s", "1", "2"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SPOP", "s", "0"}), Renders("[]"));
  EXPECT_THAT(Run({"SPOP", "nope", "2"}), Renders("[]"));
  Run({"HELLO", "3"});
  EXPECT_THAT(Run({"SPOP", "s", "0"}), Renders("~[]"));
  EXPECT_THAT(Run({"SPOP", "s", "1"}), Renders("~[\"a\"]"));
}

TEST_F(SetCommandsTest, SrandmemberCountRules) {
  Run({"SADD", "s", "3", "1", "2"});
  EXPECT_THAT(Run({"SRANDMEMBER", "s", "3"}), IsBulkArray({"1", "2", "3"}));
  EXPECT_THAT(Run({"SRANDMEMBER", "s", "9223372036854775807"}), IsBulkArray({"1", "2", "3"}));
  EXPECT_THAT(Run({"SRANDMEMBER", "s", "0"}), Renders("[]"));
  RespValue two = Run({"SRANDMEMBER", "s", "2"});
  ASSERT_EQ(two.elems.size(), 2u);
  EXPECT_NE(two.elems[0].str, two.elems[1].str);
  RespValue many = Run({"SRANDMEMBER", "s", "-100"});
  ASSERT_EQ(many.elems.size(), 100u);
  EXPECT_EQ(AsSet(many), (Strings{"1", "2", "3"}));
  Run({"SADD", "o", "x"});
  EXPECT_THAT(Run({"SRANDMEMBER", "o", "-3"}), IsBulkArray({"x", "x", "x"}));
  EXPECT_THAT(Run({"SRANDMEMBER", "nope"}), IsNil());
  EXPECT_THAT(Run({"SRANDMEMBER", "nope", "-5"}), Renders("[]"));
  EXPECT_THAT(Run({"SRANDMEMBER", "s", "x"}), IsError(kNotInt));
  EXPECT_THAT(Run({"SRANDMEMBER", "s", "x", "y"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SRANDMEMBER", "s", "-9223372036854775808"}),
              IsError("ERR value is out of range, value must between -9223372036854775807 "
                      "and 9223372036854775807"));
  Run({"HELLO", "3"});
  EXPECT_EQ(Run({"SRANDMEMBER", "s", "3"}).type, RespValue::Type::Array);
  EXPECT_EQ(Dirty(), 4);  // the SADDs only
}

TEST_F(SetCommandsTest, SrandmemberRefusesAnAbsurdRepeatCountInsteadOfBuildingTheReply) {
  Run({"SADD", "s", "a"});
  EXPECT_THAT(Run({"SRANDMEMBER", "s", "-9223372036854775807"}),
              IsError("ERR value is out of range"));
  EXPECT_THAT(Run({"SRANDMEMBER", "s", "-4611686018427387904"}),
              IsError("ERR value is out of range"));
  EXPECT_THAT(Run({"SRANDMEMBER", "s", "-1"}), IsBulkArray({"a"}));
}

TEST_F(SetCommandsTest, RandomCommandsOnABigHashtableReturnDistinctMembers) {
  std::vector<std::string> argv{"SADD", "s"};
  for (int i = 0; i < 5000; ++i) argv.push_back("m" + std::to_string(i));
  Run(argv);
  EXPECT_EQ(EncodingOf("s"), "hashtable");
  for (const char* count : {"1", "7", "1000", "2000", "4999"}) {
    RespValue v = Run({"SRANDMEMBER", "s", count});
    EXPECT_EQ(AsSet(v).size(), static_cast<size_t>(std::stoi(count)));
    EXPECT_EQ(v.elems.size(), static_cast<size_t>(std::stoi(count)));
  }
  RespValue popped = Run({"SPOP", "s", "4000"});
  EXPECT_EQ(AsSet(popped).size(), 4000u);
  EXPECT_THAT(Run({"SCARD", "s"}), IsInt(1000));
}

// ---------------------------------------------------------------------------------------
// SMOVE

TEST_F(SetCommandsTest, SmoveEmitsSremDelThenSadd) {
  Run({"SADD", "a", "1"});
  Run({"SADD", "b", "2"});
  TakeEvents();
  int64_t before = Dirty();
  EXPECT_THAT(Run({"SMOVE", "a", "b", "1"}), IsInt(1));
  EXPECT_THAT(TakeEvents(), ElementsAre("srem:a", "del:a", "sadd:b"));
  EXPECT_EQ(Dirty() - before, 2);
  EXPECT_THAT(Run({"SMEMBERS", "b"}), IsBulkArray({"1", "2"}));
  // Moving a member the destination already has only removes it from the source.
  Run({"SADD", "a", "2", "3"});
  TakeEvents();
  EXPECT_THAT(Run({"SMOVE", "a", "b", "2"}), IsInt(1));
  EXPECT_THAT(TakeEvents(), ElementsAre("srem:a"));
}

TEST_F(SetCommandsTest, SmoveChecksTheSourceBeforeTypes) {
  Run({"SET", "str", "v"});
  Run({"SADD", "a", "1"});
  EXPECT_THAT(Run({"SMOVE", "nope", "str", "1"}), IsInt(0));
  EXPECT_THAT(Run({"SMOVE", "a", "str", "9"}), IsError(kWrongType));
  EXPECT_THAT(Run({"SMOVE", "str", "a", "1"}), IsError(kWrongType));
  EXPECT_THAT(Run({"SMOVE", "a", "b", "9"}), IsInt(0));
  TakeEvents();
  EXPECT_THAT(Run({"SMOVE", "a", "a", "1"}), IsInt(1));
  EXPECT_THAT(Run({"SMOVE", "a", "a", "9"}), IsInt(0));
  EXPECT_THAT(TakeEvents(), IsEmpty());
  EXPECT_THAT(Run({"EXISTS", "b"}), IsInt(0));
}

TEST_F(SetCommandsTest, SmoveCreatesTheDestinationWithTheMembersEncoding) {
  Run({"SADD", "a", "5", "x"});
  Run({"SMOVE", "a", "ints", "5"});
  EXPECT_EQ(EncodingOf("ints"), "intset");
  Run({"SMOVE", "a", "ints", "x"});
  EXPECT_EQ(EncodingOf("ints"), "hashtable");
}

// ---------------------------------------------------------------------------------------
// Set algebra

TEST_F(SetCommandsTest, SinterSunionSdiff) {
  Run({"SADD", "a", "1", "2", "3", "4"});
  Run({"SADD", "b", "3", "4", "5"});
  Run({"SADD", "c", "4", "5", "6"});
  EXPECT_THAT(Run({"SINTER", "a", "b"}), IsBulkArray({"3", "4"}));
  EXPECT_THAT(Run({"SINTER", "a", "b", "c"}), IsBulkArray({"4"}));
  EXPECT_THAT(Run({"SINTER", "a", "nope"}), Renders("[]"));
  EXPECT_THAT(Run({"SUNION", "a", "c"}), IsBulkArray({"1", "2", "3", "4", "5", "6"}));
  EXPECT_THAT(Run({"SUNION", "nope", "b"}), IsBulkArray({"3", "4", "5"}));
  EXPECT_THAT(Run({"SDIFF", "a", "b"}), IsBulkArray({"1", "2"}));
  EXPECT_THAT(Run({"SDIFF", "a", "b", "c"}), IsBulkArray({"1", "2"}));
  EXPECT_THAT(Run({"SDIFF", "a", "a"}), Renders("[]"));
  EXPECT_THAT(Run({"SDIFF", "nope", "a"}), Renders("[]"));
  Run({"SADD", "x", "a", "b", "c"});
  Run({"SADD", "y", "b", "c", "d"});
  EXPECT_EQ(AsSet(Run({"SINTER", "x", "y"})), (Strings{"b", "c"}));
  EXPECT_EQ(AsSet(Run({"SUNION", "x", "y"})), (Strings{"a", "b", "c", "d"}));
  EXPECT_EQ(AsSet(Run({"SDIFF", "y", "x"})), (Strings{"d"}));
  Run({"HELLO", "3"});
  EXPECT_EQ(Run({"SINTER", "a", "b"}).type, RespValue::Type::Set);
  EXPECT_EQ(Run({"SUNION", "a", "b"}).type, RespValue::Type::Set);
  EXPECT_EQ(Run({"SDIFF", "a", "b"}).type, RespValue::Type::Set);
  EXPECT_THAT(Run({"SINTER", "a", "nope"}), Renders("~[]"));
}

TEST_F(SetCommandsTest, SetAlgebraChecksEveryKeysTypeEvenAfterAMissingKey) {
  Run({"SET", "str", "v"});
  Run({"SADD", "a", "1"});
  EXPECT_THAT(Run({"SINTER", "nope", "str"}), IsError(kWrongType));
  EXPECT_THAT(Run({"SINTER", "a", "nope", "str"}), IsError(kWrongType));
  EXPECT_THAT(Run({"SUNION", "nope", "str"}), IsError(kWrongType));
  EXPECT_THAT(Run({"SDIFF", "nope", "str"}), IsError(kWrongType));
  EXPECT_THAT(Run({"SINTERSTORE", "d", "nope", "str"}), IsError(kWrongType));
  EXPECT_THAT(Run({"SINTERCARD", "2", "nope", "str"}), IsError(kWrongType));
}

TEST_F(SetCommandsTest, StoreFormsReplaceOrDeleteTheDestination) {
  Run({"SADD", "a", "1", "2", "3"});
  Run({"SADD", "b", "2", "3", "4"});
  Run({"SET", "d", "v"});
  Run({"EXPIRE", "d", "100"});
  TakeEvents();
  TakePropagated();
  EXPECT_THAT(Run({"SINTERSTORE", "d", "a", "b"}), IsInt(2));
  EXPECT_THAT(Run({"TYPE", "d"}), IsSimple("set"));
  EXPECT_THAT(Run({"TTL", "d"}), IsInt(-1));
  EXPECT_THAT(Run({"SUNIONSTORE", "d", "a", "b"}), IsInt(4));
  EXPECT_THAT(Run({"SDIFFSTORE", "d", "a", "b"}), IsInt(1));
  EXPECT_THAT(Run({"SMEMBERS", "d"}), IsBulkArray({"1"}));
  EXPECT_THAT(TakeEvents(), ElementsAre("sinterstore:d", "sunionstore:d", "sdiffstore:d"));
  int64_t before = Dirty();
  EXPECT_THAT(Run({"SINTERSTORE", "d", "a", "nope"}), IsInt(0));
  EXPECT_THAT(TakeEvents(), ElementsAre("del:d"));
  EXPECT_EQ(Dirty() - before, 1);
  EXPECT_THAT(Run({"SUNIONSTORE", "d", "nope"}), IsInt(0));
  EXPECT_THAT(TakeEvents(), IsEmpty());
  EXPECT_EQ(Dirty() - before, 1);
  EXPECT_THAT(TakePropagated(),
              ElementsAre(ElementsAre("SINTERSTORE", "d", "a", "b"),
                          ElementsAre("SUNIONSTORE", "d", "a", "b"),
                          ElementsAre("SDIFFSTORE", "d", "a", "b"),
                          ElementsAre("SINTERSTORE", "d", "a", "nope")));
  // The destination may be one of the sources.
  EXPECT_THAT(Run({"SINTERSTORE", "a", "a", "b"}), IsInt(2));
  EXPECT_THAT(Run({"SMEMBERS", "a"}), IsBulkArray({"2", "3"}));
}

TEST_F(SetCommandsTest, StoreFormsReadTheirSourcesAsCountedReadsAndWritesCountNothing) {
  Run({"SADD", "s", "1", "2"});
  ServerStats& st = server().stats();
  for (const char* cmd : {"SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"}) {
    uint64_t hits = st.keyspace_hits, misses = st.keyspace_misses;
    Run({cmd, "d", "s", "nope"});
    EXPECT_EQ(st.keyspace_hits - hits, 1u) << cmd;
    EXPECT_EQ(st.keyspace_misses - misses, 1u) << cmd;
  }
  uint64_t hits = st.keyspace_hits, misses = st.keyspace_misses;
  Run({"SADD", "s", "3"});
  Run({"SREM", "s", "3"});
  Run({"SMOVE", "s", "t", "1"});
  Run({"SPOP", "s"});
  EXPECT_EQ(st.keyspace_hits, hits);
  EXPECT_EQ(st.keyspace_misses, misses);
}

TEST_F(SetCommandsTest, SinterRepliesInTheOrderOfTheSmallestSetFirstListedOnTies) {
  Run({"SADD", "big", "5", "4", "3", "2", "1", "a"});
  Run({"SADD", "small", "3", "2", "1"});
  // The smallest set is the intset, walked in ascending order.
  EXPECT_THAT(Run({"SINTER", "big", "small"}), IsBulkArray({"1", "2", "3"}));
  Run({"SADD", "same", "1", "2", "3"});
  EXPECT_THAT(Run({"SINTER", "same", "small"}), IsBulkArray({"1", "2", "3"}));
}

TEST_F(SetCommandsTest, SintercardCountsUpToItsLimit) {
  Run({"SADD", "a", "1", "2", "3", "4"});
  Run({"SADD", "b", "2", "3", "4", "5"});
  EXPECT_THAT(Run({"SINTERCARD", "2", "a", "b"}), IsInt(3));
  EXPECT_THAT(Run({"SINTERCARD", "2", "a", "b", "LIMIT", "2"}), IsInt(2));
  EXPECT_THAT(Run({"SINTERCARD", "2", "a", "b", "LIMIT", "0"}), IsInt(3));
  EXPECT_THAT(Run({"SINTERCARD", "2", "a", "b", "LIMIT", "1", "LIMIT", "0"}), IsInt(3));
  EXPECT_THAT(Run({"SINTERCARD", "1", "a"}), IsInt(4));
  EXPECT_THAT(Run({"SINTERCARD", "2", "a", "nope"}), IsInt(0));
  EXPECT_THAT(Run({"SINTERCARD", "0", "a"}), IsError("ERR numkeys should be greater than 0"));
  EXPECT_THAT(Run({"SINTERCARD", "x", "a"}), IsError("ERR numkeys should be greater than 0"));
  EXPECT_THAT(Run({"SINTERCARD", "2", "a"}),
              IsError("ERR Number of keys can't be greater than number of args"));
  EXPECT_THAT(Run({"SINTERCARD", "1", "a", "LIMIT", "-1"}),
              IsError("ERR LIMIT can't be negative"));
  EXPECT_THAT(Run({"SINTERCARD", "1", "a", "LIMIT", "x"}),
              IsError("ERR LIMIT can't be negative"));
  EXPECT_THAT(Run({"SINTERCARD", "1", "a", "LIMIT"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SINTERCARD", "1", "a", "b"}), IsError(kSyntax));
}

TEST_F(SetCommandsTest, IntersectionsOfLargeHashtablesAreExact) {
  std::vector<std::string> a{"SADD", "a"}, b{"SADD", "b"};
  for (int i = 0; i < 3000; ++i) a.push_back("m" + std::to_string(i));
  for (int i = 1000; i < 6000; ++i) b.push_back("m" + std::to_string(i));
  Run(a);
  Run(b);
  RespValue inter = Run({"SINTER", "b", "a"});
  EXPECT_EQ(inter.elems.size(), 2000u);
  EXPECT_EQ(AsSet(inter).size(), 2000u);
  EXPECT_THAT(Run({"SINTERCARD", "2", "a", "b"}), IsInt(2000));
  EXPECT_THAT(Run({"SINTERCARD", "2", "a", "b", "LIMIT", "7"}), IsInt(7));
  EXPECT_THAT(Run({"SINTERCARD", "2", "a", "b", "LIMIT", "5000"}), IsInt(2000));
  EXPECT_THAT(Run({"SINTERSTORE", "d", "a", "b"}), IsInt(2000));
  EXPECT_THAT(Run({"SUNIONSTORE", "u", "a", "b"}), IsInt(6000));
  EXPECT_THAT(Run({"SDIFFSTORE", "x", "a", "b"}), IsInt(1000));
  EXPECT_THAT(Run({"SDIFFSTORE", "y", "b", "a"}), IsInt(3000));
}

TEST_F(SetCommandsTest, SintercardKeysFollowNumkeysInCommandGetkeys) {
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "SINTERCARD", "2", "a", "b", "LIMIT", "1"}),
              IsBulkArray({"a", "b"}));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "SINTERCARD", "1x", "a", "b"}), IsBulkArray({"a"}));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "SINTERCARD", "3", "a", "b"}),
              IsError("ERR Invalid arguments specified for command"));
}

// ---------------------------------------------------------------------------------------
// SSCAN

TEST_F(SetCommandsTest, SscanOfAHashtableVisitsEveryMemberByCursor) {
  std::vector<std::string> argv{"SADD", "s"};
  Strings expected;
  for (int i = 0; i < 800; ++i) {
    argv.push_back("m" + std::to_string(i));
    expected.insert(argv.back());
  }
  Run(argv);
  Strings seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    RespValue v = Run({"SSCAN", "s", cursor, "COUNT", "25"});
    ASSERT_EQ(v.elems.size(), 2u);
    cursor = v.elems[0].str;
    for (const RespValue& e : v.elems[1].elems) seen.insert(e.str);
    ++calls;
  } while (cursor != "0" && calls < 10000);
  EXPECT_EQ(seen, expected);
  EXPECT_GT(calls, 1);
}

TEST_F(SetCommandsTest, SscanOfAnIntsetComesBackWholeAndFiltered) {
  Run({"SADD", "s", "10", "1", "3", "30"});
  EXPECT_THAT(Run({"SSCAN", "s", "5", "COUNT", "1"}),
              Renders("[\"0\", [\"1\", \"3\", \"10\", \"30\"]]"));
  EXPECT_THAT(Run({"SSCAN", "s", "0", "MATCH", "*0"}), Renders("[\"0\", [\"10\", \"30\"]]"));
  EXPECT_THAT(Run({"SSCAN", "s", "x"}), IsError("ERR invalid cursor"));
  EXPECT_THAT(Run({"SSCAN", "s", "0", "COUNT", "0"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SSCAN", "nope", "0", "COUNT", "0"}), Renders("[\"0\", []]"));
}

TEST_F(SetCommandsTest, HugeCountsDoNotBreakAnything) {
  Run({"SADD", "s", "a", "b"});
  EXPECT_THAT(Run({"SSCAN", "s", "0", "COUNT", "9223372036854775807"}),
              IsArray(::testing::SizeIs(2)));
  EXPECT_THAT(Run({"SPOP", "s", "9223372036854775807"}), IsArray(::testing::SizeIs(2)));
  Run({"SADD", "s", "a", "b"});
  EXPECT_THAT(Run({"SRANDMEMBER", "s", "9223372036854775807"}), IsArray(::testing::SizeIs(2)));
  EXPECT_THAT(Run({"SINTERCARD", "1", "s", "LIMIT", "9223372036854775807"}), IsInt(2));
}

}  // namespace
}  // namespace eddy::testing
