// In-process tests of the hash family (src/commands/hash_commands.cc). Expected replies,
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
using ::testing::UnorderedElementsAreArray;



class HashCommandsTest : public CommandTest {
 protected:
  HashCommandsTest() {
    server().set_propagator(&prop_);
    server().set_notifier(&events_);
  }
  ~HashCommandsTest() override {
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
  // Field names of a flat HGETALL-style or HKEYS reply.
  static std::vector<std::string> Strings(const RespValue& v) {
    std::vector<std::string> out;
    for (const RespValue& e : v.elems) out.push_back(e.str);
    return out;
  }

  RecordingPropagator prop_;
  RecordingNotifier events_;
};

constexpr const char* kWrongType =
    "WRONGTYPE Operation against a key holding the wrong kind of value";
constexpr const char* kNotInt = "ERR value is not an integer or out of range";
constexpr const char* kSyntax = "ERR syntax error";

// ---------------------------------------------------------------------------------------
// HSET / HSETNX / HMSET / HGET / HMGET

TEST_F(HashCommandsTest, HsetCountsOnlyTheFieldsItCreates) {
  EXPECT_THAT(Run({"HSET", "h", "a", "1", "b", "2"}), IsInt(2));
  EXPECT_THAT(Run({"HSET", "h", "a", "10", "c", "3"}), IsInt(1));
  EXPECT_THAT(Run({"HGET", "h", "a"}), IsBulk("10"));
  EXPECT_THAT(Run({"HLEN", "h"}), IsInt(3));
  EXPECT_THAT(Run({"HSET", "h", "f", "1", "f", "2"}), IsInt(1));
  EXPECT_THAT(Run({"HGET", "h", "f"}), IsBulk("2"));
}

TEST_F(HashCommandsTest, HsetWithAnOddNumberOfArgumentsIsAnArityErrorEvenOnAString) {
  Run({"SET", "s", "v"});
  EXPECT_THAT(Run({"HSET", "s", "a", "1", "b"}),
              IsError("ERR wrong number of arguments for 'hset' command"));
  EXPECT_THAT(Run({"HMSET", "h", "a", "1", "b"}),
              IsError("ERR wrong number of arguments for 'hmset' command"));
  EXPECT_THAT(Run({"HSET", "h", "a"}), IsError("ERR wrong number of arguments for 'hset' command"));
  EXPECT_THAT(Run({"EXISTS", "h"}), IsInt(0));
}

TEST_F(HashCommandsTest, HmsetRepliesOkAndEmitsHset) {
  EXPECT_THAT(Run({"HMSET", "h", "a", "1", "b", "2"}), IsOk());
  EXPECT_THAT(TakeEvents(), ElementsAre("hset:h"));
  EXPECT_THAT(Run({"HMGET", "h", "b", "nope", "a"}),
              Renders("[\"2\", (nil), \"1\"]"));
}

TEST_F(HashCommandsTest, HsetnxWritesOnlyAMissingField) {
  EXPECT_THAT(Run({"HSETNX", "h", "a", "1"}), IsInt(1));
  EXPECT_THAT(Run({"HSETNX", "h", "a", "2"}), IsInt(0));
  EXPECT_THAT(Run({"HGET", "h", "a"}), IsBulk("1"));
  EXPECT_THAT(TakeEvents(), ElementsAre("hset:h"));
  EXPECT_THAT(TakePropagated(), ElementsAre(ElementsAre("HSETNX", "h", "a", "1")));
}

TEST_F(HashCommandsTest, ReadsOfAMissingKeyAreEmpty) {
  EXPECT_THAT(Run({"HGET", "nope", "f"}), IsNil());
  EXPECT_THAT(Run({"HMGET", "nope", "a", "b"}), Renders("[(nil), (nil)]"));
  EXPECT_THAT(Run({"HLEN", "nope"}), IsInt(0));
  EXPECT_THAT(Run({"HEXISTS", "nope", "f"}), IsInt(0));
  EXPECT_THAT(Run({"HSTRLEN", "nope", "f"}), IsInt(0));
  EXPECT_THAT(Run({"HGETALL", "nope"}), Renders("[]"));
  EXPECT_THAT(Run({"HKEYS", "nope"}), Renders("[]"));
  EXPECT_THAT(Run({"HVALS", "nope"}), Renders("[]"));
  EXPECT_THAT(Run({"HDEL", "nope", "f"}), IsInt(0));
  EXPECT_THAT(Run({"HRANDFIELD", "nope"}), IsNil());
  EXPECT_THAT(Run({"HRANDFIELD", "nope", "-3", "WITHVALUES"}), Renders("[]"));
  EXPECT_THAT(Run({"HSCAN", "nope", "0"}), Renders("[\"0\", []]"));
  EXPECT_THAT(TakeEvents(), IsEmpty());
  EXPECT_EQ(Dirty(), 0);
}

TEST_F(HashCommandsTest, HstrlenMeasuresIntegerLookingValuesAsText) {
  Run({"HSET", "h", "n", "-123456789", "e", ""});
  EXPECT_THAT(Run({"HSTRLEN", "h", "n"}), IsInt(10));
  EXPECT_THAT(Run({"HSTRLEN", "h", "e"}), IsInt(0));
}

TEST_F(HashCommandsTest, EveryHashCommandRejectsAStringKey) {
  Run({"SET", "s", "v"});
  for (const std::vector<std::string>& argv : std::vector<std::vector<std::string>>{
           {"HSET", "s", "f", "v"}, {"HSETNX", "s", "f", "v"}, {"HMSET", "s", "f", "v"},
           {"HGET", "s", "f"}, {"HMGET", "s", "f"}, {"HGETALL", "s"}, {"HKEYS", "s"},
           {"HVALS", "s"}, {"HDEL", "s", "f"}, {"HEXISTS", "s", "f"}, {"HLEN", "s"},
           {"HSTRLEN", "s", "f"}, {"HINCRBY", "s", "f", "1"}, {"HINCRBYFLOAT", "s", "f", "1"},
           {"HRANDFIELD", "s"}, {"HRANDFIELD", "s", "2"}, {"HSCAN", "s", "0"}}) {
    EXPECT_THAT(Run(argv), IsError(kWrongType)) << argv[0];
  }
  EXPECT_THAT(Run({"GET", "s"}), IsBulk("v"));
}

// ---------------------------------------------------------------------------------------
// HDEL

TEST_F(HashCommandsTest, HdelRemovesTheKeyWithItsLastFieldAfterTheHdelEvent) {
  Run({"HSET", "h", "a", "1", "b", "2", "c", "3"});
  TakeEvents();
  int64_t before = Dirty();
  EXPECT_THAT(Run({"HDEL", "h", "a", "nope"}), IsInt(1));
  EXPECT_THAT(TakeEvents(), ElementsAre("hdel:h"));
  EXPECT_THAT(Run({"HDEL", "h", "b", "c", "b"}), IsInt(2));
  EXPECT_THAT(TakeEvents(), ElementsAre("hdel:h", "del:h"));
  EXPECT_THAT(Run({"EXISTS", "h"}), IsInt(0));
  // One change per field removed; removing the key counts nothing more.
  EXPECT_EQ(Dirty() - before, 3);
}

TEST_F(HashCommandsTest, HdelOfNothingNeitherEmitsNorPropagates) {
  Run({"HSET", "h", "a", "1"});
  TakePropagated();
  TakeEvents();
  EXPECT_THAT(Run({"HDEL", "h", "zz"}), IsInt(0));
  EXPECT_THAT(TakeEvents(), IsEmpty());
  EXPECT_THAT(TakePropagated(), IsEmpty());
}

// ---------------------------------------------------------------------------------------
// HINCRBY / HINCRBYFLOAT

TEST_F(HashCommandsTest, HincrbyCreatesTheKeyAndFieldFromZero) {
  EXPECT_THAT(Run({"HINCRBY", "h", "n", "5"}), IsInt(5));
  EXPECT_THAT(Run({"HINCRBY", "h", "n", "-7"}), IsInt(-2));
  EXPECT_THAT(Run({"HGET", "h", "n"}), IsBulk("-2"));
  EXPECT_THAT(TakeEvents(), ElementsAre("hincrby:h", "hincrby:h"));
  EXPECT_THAT(TakePropagated(), ElementsAre(ElementsAre("HINCRBY", "h", "n", "5"),
                                            ElementsAre("HINCRBY", "h", "n", "-7")));
}

TEST_F(HashCommandsTest, HincrbyRejectsAHashValueThatIsNotAnInteger) {
  Run({"HSET", "h", "s", "abc", "f", "1.5", "sp", " 1", "e", "", "z", "007"});
  for (const char* field : {"s", "f", "sp", "e", "z"}) {
    EXPECT_THAT(Run({"HINCRBY", "h", field, "1"}), IsError("ERR hash value is not an integer"))
        << field;
  }
  EXPECT_THAT(Run({"HGET", "h", "z"}), IsBulk("007"));
}

TEST_F(HashCommandsTest, HincrbyRejectsABadIncrementBeforeLookingAtTheKey) {
  Run({"SET", "s", "v"});
  EXPECT_THAT(Run({"HINCRBY", "s", "f", "x"}), IsError(kNotInt));
  EXPECT_THAT(Run({"HINCRBY", "nope", "f", "1.5"}), IsError(kNotInt));
  EXPECT_THAT(Run({"HINCRBY", "nope", "f", "9223372036854775808"}), IsError(kNotInt));
  EXPECT_THAT(Run({"EXISTS", "nope"}), IsInt(0));
}

TEST_F(HashCommandsTest, HincrbyRefusesToOverflowAndKeepsTheValue) {
  Run({"HSET", "h", "max", "9223372036854775807", "min", "-9223372036854775808"});
  EXPECT_THAT(Run({"HINCRBY", "h", "max", "1"}),
              IsError("ERR increment or decrement would overflow"));
  EXPECT_THAT(Run({"HINCRBY", "h", "min", "-1"}),
              IsError("ERR increment or decrement would overflow"));
  EXPECT_THAT(Run({"HINCRBY", "h", "max", "-1"}), IsInt(9223372036854775806));
  EXPECT_THAT(Run({"HGET", "h", "min"}), IsBulk("-9223372036854775808"));
}

TEST_F(HashCommandsTest, HincrbyfloatPropagatesAsHsetOfTheResult) {
  Run({"HSET", "h", "f", "10.50"});
  TakePropagated();
  EXPECT_THAT(Run({"HINCRBYFLOAT", "h", "f", "0.1"}), IsBulk("10.6"));
  EXPECT_THAT(Run({"HINCRBYFLOAT", "h", "g", "3.0e3"}), IsBulk("3000"));
  EXPECT_THAT(TakePropagated(), ElementsAre(ElementsAre("HSET", "h", "f", "10.6"),
                                            ElementsAre("HSET", "h", "g", "3000")));
  EXPECT_THAT(TakeEvents(), ElementsAre("hset:h", "hincrbyfloat:h", "hincrbyfloat:h"));
}

TEST_F(HashCommandsTest, HincrbyfloatChecksTheIncrementThenTheStoredValue) {
  Run({"SET", "s", "v"});
  EXPECT_THAT(Run({"HINCRBYFLOAT", "s", "f", "x"}), IsError("ERR value is not a valid float"));
  EXPECT_THAT(Run({"HINCRBYFLOAT", "s", "f", "inf"}), IsError("ERR value is NaN or Infinity"));
  EXPECT_THAT(Run({"HINCRBYFLOAT", "nope", "f", "-inf"}),
              IsError("ERR value is NaN or Infinity"));
  EXPECT_THAT(Run({"HINCRBYFLOAT", "s", "f", "1"}), IsError(kWrongType));
  Run({"HSET", "h", "s", "abc", "inf", "inf", "big", "1e4000"});
  EXPECT_THAT(Run({"HINCRBYFLOAT", "h", "s", "1"}), IsError("ERR hash value is not a float"));
  EXPECT_THAT(Run({"HINCRBYFLOAT", "h", "inf", "1"}),
              IsError("ERR increment would produce NaN or Infinity"));
  EXPECT_THAT(Run({"HINCRBYFLOAT", "h", "big", "-1e4000"}), IsBulk("0"));
  EXPECT_THAT(Run({"EXISTS", "nope"}), IsInt(0));
}

// ---------------------------------------------------------------------------------------
// Encodings

TEST_F(HashCommandsTest, HashConvertsToHashtablePastTheEntryLimitAndNeverBack) {
  Run({"CONFIG", "SET", "hash-max-listpack-entries", "3"});
  Run({"HSET", "h", "a", "1", "b", "2", "c", "3"});
  EXPECT_EQ(EncodingOf("h"), "listpack");
  Run({"HSET", "h", "c", "33"});
  EXPECT_EQ(EncodingOf("h"), "listpack");
  Run({"HSET", "h", "d", "4"});
  EXPECT_EQ(EncodingOf("h"), "hashtable");
  Run({"HDEL", "h", "a", "b", "c"});
  EXPECT_EQ(EncodingOf("h"), "hashtable");
  EXPECT_THAT(Run({"HGETALL", "h"}), Renders("[\"d\", \"4\"]"));
}

TEST_F(HashCommandsTest, HashConvertsOnAFieldOrValueLongerThanTheValueLimit) {
  const std::string at_limit(64, 'v'), over(65, 'v');
  Run({"HSET", "a", "f", at_limit});
  EXPECT_EQ(EncodingOf("a"), "listpack");
  Run({"HSET", "a", "g", over});
  EXPECT_EQ(EncodingOf("a"), "hashtable");
  Run({"HSET", "b", over, "v"});
  EXPECT_EQ(EncodingOf("b"), "hashtable");
  Run({"HSET", "c", "f", "1"});
  Run({"HINCRBY", "c", over, "1"});
  EXPECT_EQ(EncodingOf("c"), "hashtable");
  // HSETNX of an existing field writes nothing, so it converts nothing.
  Run({"HSET", "d", "f", "1"});
  EXPECT_THAT(Run({"HSETNX", "d", "f", over}), IsInt(0));
  EXPECT_EQ(EncodingOf("d"), "listpack");
  // A value limit of 8: HINCRBYFLOAT's result counts like any value.
  Run({"CONFIG", "SET", "hash-max-listpack-value", "8"});
  EXPECT_THAT(Run({"HINCRBYFLOAT", "e", "f", "1.5"}), IsBulk("1.5"));
  EXPECT_EQ(EncodingOf("e"), "listpack");
  EXPECT_THAT(Run({"HINCRBYFLOAT", "e", "f", "0.0000001"}), IsBulk("1.5000001"));
  EXPECT_EQ(EncodingOf("e"), "hashtable");
}

// ---------------------------------------------------------------------------------------
// HGETALL / HKEYS / HVALS

TEST_F(HashCommandsTest, HgetallKeepsInsertionOrderInAListpack) {
  Run({"HSET", "h", "c", "3", "a", "1", "b", "2"});
  Run({"HSET", "h", "a", "100"});
  EXPECT_THAT(Run({"HGETALL", "h"}), IsBulkArray({"c", "3", "a", "100", "b", "2"}));
  EXPECT_THAT(Run({"HKEYS", "h"}), IsBulkArray({"c", "a", "b"}));
  EXPECT_THAT(Run({"HVALS", "h"}), IsBulkArray({"3", "100", "2"}));
}

TEST_F(HashCommandsTest, HgetallIsAMapInResp3) {
  Run({"HSET", "h", "a", "1", "b", "2"});
  Run({"HELLO", "3"});
  EXPECT_THAT(Run({"HGETALL", "h"}), Renders("{\"a\": \"1\", \"b\": \"2\"}"));
  EXPECT_EQ(Run({"HGETALL", "nope"}).type, RespValue::Type::Map);
  EXPECT_EQ(Run({"HKEYS", "h"}).type, RespValue::Type::Array);
  EXPECT_THAT(Run({"HGET", "nope", "a"}), IsNil());
}

// ---------------------------------------------------------------------------------------
// HRANDFIELD

TEST_F(HashCommandsTest, HrandfieldCountRules) {
  Run({"HSET", "h", "a", "1", "b", "2", "c", "3"});
  // count >= size: the whole hash, in its order.
  EXPECT_THAT(Run({"HRANDFIELD", "h", "3"}), IsBulkArray({"a", "b", "c"}));
  EXPECT_THAT(Run({"HRANDFIELD", "h", "9223372036854775807"}), IsBulkArray({"a", "b", "c"}));
  EXPECT_THAT(Run({"HRANDFIELD", "h", "5", "WITHVALUES"}),
              IsBulkArray({"a", "1", "b", "2", "c", "3"}));
  EXPECT_THAT(Run({"HRANDFIELD", "h", "0"}), Renders("[]"));
  // 0 < count < size: distinct fields.
  RespValue two = Run({"HRANDFIELD", "h", "2"});
  ASSERT_EQ(two.elems.size(), 2u);
  EXPECT_NE(two.elems[0].str, two.elems[1].str);
  // Negative: repeats allowed, exactly |count| picks, values matching their fields.
  RespValue many = Run({"HRANDFIELD", "h", "-50", "WITHVALUES"});
  ASSERT_EQ(many.elems.size(), 100u);
  std::set<std::string> fields;
  for (size_t i = 0; i < many.elems.size(); i += 2) {
    fields.insert(many.elems[i].str);
    EXPECT_EQ(Run({"HGET", "h", many.elems[i].str}).str, many.elems[i + 1].str);
  }
  EXPECT_EQ(fields.size(), 3u);
  Run({"HSET", "one", "f", "v"});
  EXPECT_THAT(Run({"HRANDFIELD", "one", "-3"}), IsBulkArray({"f", "f", "f"}));
  EXPECT_THAT(Run({"HRANDFIELD", "one"}), IsBulk("f"));
}

TEST_F(HashCommandsTest, HrandfieldChecksCountThenSyntaxThenRangeThenTheKey) {
  Run({"SET", "s", "v"});
  EXPECT_THAT(Run({"HRANDFIELD", "s", "x"}), IsError(kNotInt));
  EXPECT_THAT(Run({"HRANDFIELD", "s", "1", "foo"}), IsError(kSyntax));
  EXPECT_THAT(Run({"HRANDFIELD", "s", "1", "WITHVALUES", "x"}), IsError(kSyntax));
  EXPECT_THAT(Run({"HRANDFIELD", "s", "-9223372036854775808"}),
              IsError("ERR value is out of range, value must between -9223372036854775807 "
                      "and 9223372036854775807"));
  EXPECT_THAT(Run({"HRANDFIELD", "s", "4611686018427387904", "WITHVALUES"}),
              IsError("ERR value is out of range"));
  EXPECT_THAT(Run({"HRANDFIELD", "s", "-4611686018427387904", "WITHVALUES"}),
              IsError("ERR value is out of range"));
  EXPECT_THAT(Run({"HRANDFIELD", "s", "1"}), IsError(kWrongType));
  EXPECT_THAT(Run({"HRANDFIELD", "nope", "-9223372036854775807"}), Renders("[]"));
}

TEST_F(HashCommandsTest, HrandfieldRefusesAnAbsurdRepeatCountInsteadOfBuildingTheReply) {
  Run({"HSET", "h", "a", "1"});
  EXPECT_THAT(Run({"HRANDFIELD", "h", "-9223372036854775807"}),
              IsError("ERR value is out of range"));
  EXPECT_THAT(Run({"HRANDFIELD", "h", "-4611686018427387903", "WITHVALUES"}),
              IsError("ERR value is out of range"));
  EXPECT_THAT(Run({"HRANDFIELD", "h", "-2"}), IsBulkArray({"a", "a"}));
}

TEST_F(HashCommandsTest, HrandfieldWithValuesInResp3IsAnArrayOfPairs) {
  Run({"HSET", "h", "a", "1"});
  Run({"HELLO", "3"});
  EXPECT_THAT(Run({"HRANDFIELD", "h", "-2", "WITHVALUES"}),
              Renders("[[\"a\", \"1\"], [\"a\", \"1\"]]"));
  EXPECT_THAT(Run({"HRANDFIELD", "h", "1", "WITHVALUES"}), Renders("[[\"a\", \"1\"]]"));
  EXPECT_THAT(Run({"HRANDFIELD", "h", "2"}), Renders("[\"a\"]"));
}

TEST_F(HashCommandsTest, HrandfieldOnAHashtablePicksDistinctFields) {
  for (int i = 0; i < 1000; ++i) Run({"HSET", "h", "f" + std::to_string(i), std::to_string(i)});
  EXPECT_EQ(EncodingOf("h"), "hashtable");
  for (const char* count : {"1", "10", "400", "999"}) {
    RespValue v = Run({"HRANDFIELD", "h", count, "WITHVALUES"});
    std::set<std::string> fields;
    for (size_t i = 0; i < v.elems.size(); i += 2) {
      fields.insert(v.elems[i].str);
      EXPECT_EQ("f" + v.elems[i + 1].str, v.elems[i].str);
    }
    EXPECT_EQ(fields.size(), static_cast<size_t>(std::stoi(count)));
    EXPECT_EQ(v.elems.size(), 2 * fields.size());
  }
}

// ---------------------------------------------------------------------------------------
// HSCAN

TEST_F(HashCommandsTest, HscanOfAHashtableVisitsEveryFieldByCursor) {
  std::set<std::string> expected;
  for (int i = 0; i < 700; ++i) {
    std::string f = "field:" + std::to_string(i);
    Run({"HSET", "h", f, "v" + std::to_string(i)});
    expected.insert(f);
  }
  EXPECT_EQ(EncodingOf("h"), "hashtable");
  std::set<std::string> seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    RespValue v = Run({"HSCAN", "h", cursor, "COUNT", "20"});
    ASSERT_EQ(v.elems.size(), 2u);
    cursor = v.elems[0].str;
    const auto& items = v.elems[1].elems;
    ASSERT_EQ(items.size() % 2, 0u);
    for (size_t i = 0; i < items.size(); i += 2) {
      seen.insert(items[i].str);
      EXPECT_EQ("v" + items[i].str.substr(6), items[i + 1].str);
    }
    ++calls;
  } while (cursor != "0" && calls < 10000);
  EXPECT_EQ(seen, expected);
  EXPECT_GT(calls, 1);
}

TEST_F(HashCommandsTest, HscanMatchFiltersFieldsAndAListpackComesBackWhole) {
  Run({"HSET", "h", "a", "1", "b", "2", "ab", "3"});
  EXPECT_THAT(Run({"HSCAN", "h", "0", "MATCH", "a*", "COUNT", "1"}),
              Renders("[\"0\", [\"a\", \"1\", \"ab\", \"3\"]]"));
  EXPECT_THAT(Run({"HSCAN", "h", "99"}),
              Renders("[\"0\", [\"a\", \"1\", \"b\", \"2\", \"ab\", \"3\"]]"));
}

TEST_F(HashCommandsTest, HscanChecksTheCursorBeforeTheKeyAndOptionsAfterIt) {
  Run({"SET", "s", "v"});
  EXPECT_THAT(Run({"HSCAN", "s", "x"}), IsError("ERR invalid cursor"));
  EXPECT_THAT(Run({"HSCAN", "nope", "x"}), IsError("ERR invalid cursor"));
  EXPECT_THAT(Run({"HSCAN", "s", "0", "COUNT", "0"}), IsError(kWrongType));
  EXPECT_THAT(Run({"HSCAN", "nope", "0", "COUNT", "0"}), Renders("[\"0\", []]"));
  Run({"HSET", "h", "a", "1"});
  EXPECT_THAT(Run({"HSCAN", "h", "0", "COUNT", "0"}), IsError(kSyntax));
  EXPECT_THAT(Run({"HSCAN", "h", "0", "COUNT", "x"}), IsError(kNotInt));
  EXPECT_THAT(Run({"HSCAN", "h", "0", "MATCH"}), IsError(kSyntax));
  EXPECT_THAT(Run({"HSCAN", "h", "0", "NOVALUES"}), IsError(kSyntax));
}

// ---------------------------------------------------------------------------------------
// Write bookkeeping

TEST_F(HashCommandsTest, DirtyGrowsByPairsWrittenAsInRedis) {
  int64_t before = Dirty();
  Run({"HSET", "h", "a", "1", "a", "2", "b", "3"});
  EXPECT_EQ(Dirty() - before, 3);
  before = Dirty();
  Run({"HSETNX", "h", "c", "1"});
  Run({"HINCRBY", "h", "n", "1"});
  Run({"HINCRBYFLOAT", "h", "x", "1.5"});
  EXPECT_EQ(Dirty() - before, 3);
  before = Dirty();
  Run({"HRANDFIELD", "h", "-5"});
  Run({"HGETALL", "h"});
  Run({"HSETNX", "h", "c", "2"});
  EXPECT_EQ(Dirty(), before);
}

TEST_F(HashCommandsTest, AHashWriteInvalidatesAWatchingTransaction) {
  Run({"HSET", "h", "a", "1"});
  Client* other = NewClient();
  EXPECT_THAT(Run({"WATCH", "h"}), IsOk());
  EXPECT_THAT(Run({"HINCRBY", "h", "a", "1"}, other), IsInt(2));
  Run({"MULTI"});
  Run({"HGET", "h", "a"});
  EXPECT_THAT(Run({"EXEC"}), IsNilArray());
  // A read-only hash command leaves the watch alone.
  EXPECT_THAT(Run({"WATCH", "h"}), IsOk());
  Run({"HGETALL", "h"}, other);
  Run({"HDEL", "h", "nope"}, other);
  Run({"MULTI"});
  Run({"HGET", "h", "a"});
  EXPECT_THAT(Run({"EXEC"}), Renders("[\"2\"]"));
}

TEST_F(HashCommandsTest, CommandNamesAreCaseInsensitive) {
  EXPECT_THAT(Run({"hSeT", "h", "a", "1"}), IsInt(1));
  EXPECT_THAT(Run({"hrandfield", "h", "1", "withvalues"}), IsBulkArray({"a", "1"}));
}

}  // namespace
}  // namespace eddy::testing
