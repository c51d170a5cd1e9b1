// In-process tests of the string family (src/commands/string_commands.cc). Expected replies
// were taken from redis-server 7.0.15.
#include <string>
#include <utility>
#include <vector>

#include "commands/command_test.h"

namespace eddy::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;



class StringTest : public CommandTest {
 protected:
  StringTest() {
    server().set_propagator(&prop_);
    server().set_notifier(&events_);
  }
  ~StringTest() override {
    server().set_propagator(nullptr);
    server().set_notifier(nullptr);
  }

  // OBJECT ENCODING of a key, read straight from the keyspace.
  std::string EncodingOf(const std::string& key) {
    Entry* e = server().db(0).find(key);
    return e ? encoding_name(e->val.encoding()) : "(none)";
  }
  int64_t ExpireOf(const std::string& key) {
    Entry* e = server().db(0).find(key);
    return e ? server().db(0).expire_of(e) : -2;
  }
  std::vector<std::vector<std::string>> TakePropagated() { return std::exchange(prop_.seen, {}); }
  std::vector<std::string> TakeEvents() { return std::exchange(events_.seen, {}); }

  RecordingPropagator prop_;
  RecordingNotifier events_;
};

using Argv = std::vector<std::string>;
constexpr const char* kWrongType =
    "WRONGTYPE Operation against a key holding the wrong kind of value";
constexpr const char* kNotInt = "ERR value is not an integer or out of range";
constexpr const char* kSyntax = "ERR syntax error";

// Puts a list at `key` through the keyspace directly (the list family is not needed here).
class FakeObject : public Object {
 public:
  Encoding encoding() const override { return Encoding::Listpack; }
  std::unique_ptr<Object> clone() const override { return std::make_unique<FakeObject>(); }
  size_t memory_usage() const override { return 0; }
};
void PutList(Server& s, const std::string& key) {
  s.db(0).set(key, Value::object(ValueType::List, std::make_unique<FakeObject>()));
}

// ---------------------------------------------------------------------------------------
// GET / SET

TEST_F(StringTest, GetReturnsNilForMissingKeyAndWrongTypeForList) {
  EXPECT_THAT(Run({"GET", "nope"}), IsNil());
  PutList(server(), "l");
  EXPECT_THAT(Run({"GET", "l"}), IsError(kWrongType));
  EXPECT_THAT(Run({"GET"}), IsError("ERR wrong number of arguments for 'get' command"));
}

TEST_F(StringTest, SetChoosesIntEmbstrOrRawEncodingLikeRedis) {
  EXPECT_THAT(Run({"SET", "a", "12345"}), IsOk());
  EXPECT_EQ(EncodingOf("a"), "int");
  EXPECT_THAT(Run({"GET", "a"}), IsBulk("12345"));
  Run({"SET", "a", "01"});
  EXPECT_EQ(EncodingOf("a"), "embstr");
  Run({"SET", "a", "-0"});
  EXPECT_EQ(EncodingOf("a"), "embstr");
  Run({"SET", "a", "123456789012345678901"});
  EXPECT_EQ(EncodingOf("a"), "embstr");
  Run({"SET", "a", std::string(44, 'x')});
  EXPECT_EQ(EncodingOf("a"), "embstr");
  Run({"SET", "a", std::string(45, 'x')});
  EXPECT_EQ(EncodingOf("a"), "raw");
  EXPECT_THAT(Run({"GET", "a"}), IsBulk(std::string(45, 'x')));
}

TEST_F(StringTest, SetStoresBinarySafeValues) {
  std::string v("a\0b\r\n", 5);
  EXPECT_THAT(Run({"SET", "k", v}), IsOk());
  EXPECT_THAT(Run({"GET", "k"}), IsBulk(v));
}

TEST_F(StringTest, SetNxAndXxFollowKeyExistence) {
  EXPECT_THAT(Run({"SET", "k", "v", "XX"}), IsNil());
  EXPECT_THAT(Run({"GET", "k"}), IsNil());
  EXPECT_THAT(Run({"SET", "k", "v", "NX"}), IsOk());
  EXPECT_THAT(Run({"SET", "k", "w", "NX"}), IsNil());
  EXPECT_THAT(Run({"SET", "k", "w", "xx"}), IsOk());
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("w"));
}

TEST_F(StringTest, SetRejectsConflictingOrIncompleteOptions) {
  EXPECT_THAT(Run({"SET", "k", "v", "NX", "XX"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SET", "k", "v", "XX", "NX"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SET", "k", "v", "EX"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "10", "PX", "10"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SET", "k", "v", "PX", "10", "EXAT", "20"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "10", "KEEPTTL"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SET", "k", "v", "KEEPTTL", "PX", "10"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SET", "k", "v", "PERSIST"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SET", "k", "v", "NNX"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "100", "GET", "KEEPTTL"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SET", "k"}), IsError("ERR wrong number of arguments for 'set' command"));
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
}

TEST_F(StringTest, SetAcceptsRepeatedOptionsAndTheLastExpireWins) {
  EXPECT_THAT(Run({"SET", "k", "v", "NX", "NX"}), IsOk());
  EXPECT_THAT(Run({"SET", "k", "v", "XX", "XX"}), IsOk());
  EXPECT_THAT(Run({"SET", "k", "v", "KEEPTTL", "KEEPTTL"}), IsOk());
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "10", "EX", "20"}), IsOk());
  EXPECT_EQ(ExpireOf("k"), NowMs() + 20000);
  EXPECT_THAT(Run({"SET", "k", "v", "GET", "GET"}), IsBulk("v"));
}

TEST_F(StringTest, SetExpireOptionsProduceAbsoluteTimes) {
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "10"}), IsOk());
  EXPECT_EQ(ExpireOf("k"), NowMs() + 10000);
  EXPECT_THAT(Run({"SET", "k", "v", "PX", "1500"}), IsOk());
  EXPECT_EQ(ExpireOf("k"), NowMs() + 1500);
  EXPECT_THAT(Run({"SET", "k", "v", "EXAT", "2000000000"}), IsOk());
  EXPECT_EQ(ExpireOf("k"), 2000000000000);
  EXPECT_THAT(Run({"SET", "k", "v", "pxat", "2000000000123"}), IsOk());
  EXPECT_EQ(ExpireOf("k"), 2000000000123);
  EXPECT_THAT(Run({"SET", "k", "v", "PXAT", "9223372036854775807"}), IsOk());
  EXPECT_THAT(Run({"SET", "k", "v", "EXAT", "9223372036854775"}), IsOk());
  EXPECT_EQ(ExpireOf("k"), 9223372036854775000);
}

TEST_F(StringTest, SetRejectsInvalidExpireTimes) {
  const char* bad = "ERR invalid expire time in 'set' command";
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "0"}), IsError(bad));
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "-1"}), IsError(bad));
  EXPECT_THAT(Run({"SET", "k", "v", "PX", "0"}), IsError(bad));
  EXPECT_THAT(Run({"SET", "k", "v", "PXAT", "-5"}), IsError(bad));
  // Seconds that overflow when scaled to ms, or relative times that overflow with the clock.
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "9223372036854776"}), IsError(bad));
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "9223372036854775"}), IsError(bad));
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "9223372036854774"}), IsError(bad));
  EXPECT_THAT(Run({"SET", "k", "v", "PX", "9223372036854775807"}), IsError(bad));
  EXPECT_THAT(Run({"SET", "k", "v", "EXAT", "9223372036854775807"}), IsError(bad));
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "abc"}), IsError(kNotInt));
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "1.5"}), IsError(kNotInt));
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "9223372036854"}), IsOk());
}

TEST_F(StringTest, SetWithPastAbsoluteExpireLeavesNoVisibleKey) {
  EXPECT_THAT(Run({"SET", "k", "v", "EXAT", "1"}), IsOk());
  EXPECT_THAT(Run({"GET", "k"}), IsNil());
  EXPECT_THAT(Run({"SET", "k", "v", "PXAT", "1", "GET"}), IsNil());
  EXPECT_THAT(Run({"GET", "k"}), IsNil());
}

TEST_F(StringTest, SetWithoutKeepTtlClearsTheTtlAndKeepTtlKeepsIt) {
  Run({"SET", "k", "v", "EX", "100"});
  EXPECT_THAT(Run({"SET", "k", "w", "KEEPTTL"}), IsOk());
  EXPECT_EQ(ExpireOf("k"), NowMs() + 100000);
  EXPECT_THAT(Run({"SET", "k", "x"}), IsOk());
  EXPECT_EQ(ExpireOf("k"), -1);
}

TEST_F(StringTest, KeySetWithExpireDisappearsWhenTheClockPassesIt) {
  Run({"SET", "k", "v", "PX", "100"});
  AdvanceClock(100);
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("v"));
  AdvanceClock(1);
  EXPECT_THAT(Run({"GET", "k"}), IsNil());
}

TEST_F(StringTest, SetGetReturnsThePreviousValue) {
  EXPECT_THAT(Run({"SET", "k", "v", "GET"}), IsNil());
  EXPECT_THAT(Run({"SET", "k", "w", "GET"}), IsBulk("v"));
  EXPECT_THAT(Run({"SET", "k", "x", "NX", "GET"}), IsBulk("w"));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("w"));
  EXPECT_THAT(Run({"SET", "k2", "v", "XX", "GET"}), IsNil());
  EXPECT_THAT(Run({"EXISTS", "k2"}), IsInt(0));
  EXPECT_THAT(Run({"SET", "n", "7"}), IsOk());
  EXPECT_THAT(Run({"SET", "n", "8", "GET"}), IsBulk("7"));
}

TEST_F(StringTest, SetGetOnWrongTypeFailsWithoutWriting) {
  PutList(server(), "l");
  EXPECT_THAT(Run({"SET", "l", "v", "GET"}), IsError(kWrongType));
  EXPECT_THAT(Run({"SET", "l", "v", "GET", "NX"}), IsError(kWrongType));
  // The expire value is validated before the GET.
  EXPECT_THAT(Run({"SET", "l", "v", "GET", "EX", "-1"}),
              IsError("ERR invalid expire time in 'set' command"));
  EXPECT_EQ(server().db(0).find("l")->val.type(), ValueType::List);
  // Without GET, SET overwrites any type.
  EXPECT_THAT(Run({"SET", "l", "v"}), IsOk());
  EXPECT_THAT(Run({"GET", "l"}), IsBulk("v"));
}

TEST_F(StringTest, SetPropagatesRelativeExpireAsAbsolutePxat) {
  Run({"SET", "k", "v", "EX", "10", "NX"});
  Run({"SET", "k", "w", "PX", "5", "GET"});
  Run({"SET", "k", "w2", "EXAT", "2000000000"});
  Run({"SET", "k", "1", "GET", "XX", "get", "KEEPTTL"});
  Run({"SET", "k", "v", "NX"});  // no write, nothing propagated
  Run({"SET", "k", "2"});
  std::string t1 = std::to_string(NowMs() + 10000), t2 = std::to_string(NowMs() + 5);
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"SET", "k", "v", "PXAT", t1}, Argv{"SET", "k", "w", "PXAT", t2},
                          Argv{"SET", "k", "w2", "PXAT", "2000000000000"},
                          Argv{"SET", "k", "1", "XX", "KEEPTTL"}, Argv{"SET", "k", "2"}));
}

TEST_F(StringTest, SetEmitsSetAndExpireEvents) {
  Run({"SET", "k", "v", "EX", "10"});
  Run({"SET", "k", "v"});
  Run({"SET", "k", "v", "NX"});
  EXPECT_THAT(TakeEvents(), ElementsAre("set:k", "expire:k", "set:k"));
}

// ---------------------------------------------------------------------------------------
// SETNX / SETEX / PSETEX / GETSET / GETDEL

TEST_F(StringTest, SetNxRepliesOneOrZero) {
  EXPECT_THAT(Run({"SETNX", "k", "v"}), IsInt(1));
  EXPECT_THAT(Run({"SETNX", "k", "w"}), IsInt(0));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("v"));
  PutList(server(), "l");
  EXPECT_THAT(Run({"SETNX", "l", "v"}), IsInt(0));
  EXPECT_THAT(Run({"SETNX", "k"}), IsError("ERR wrong number of arguments for 'setnx' command"));
}

TEST_F(StringTest, SetExAndPSetExSetValueAndTtl) {
  EXPECT_THAT(Run({"SETEX", "k", "10", "v"}), IsOk());
  EXPECT_EQ(ExpireOf("k"), NowMs() + 10000);
  EXPECT_THAT(Run({"PSETEX", "p", "100", "42"}), IsOk());
  EXPECT_EQ(ExpireOf("p"), NowMs() + 100);
  EXPECT_EQ(EncodingOf("p"), "int");
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"SET", "k", "v", "PXAT", std::to_string(NowMs() + 10000)},
                          Argv{"SET", "p", "42", "PXAT", std::to_string(NowMs() + 100)}));
  EXPECT_THAT(TakeEvents(), ElementsAre("set:k", "expire:k", "set:p", "expire:p"));
}

TEST_F(StringTest, SetExAndPSetExNameThemselvesInExpireErrors) {
  EXPECT_THAT(Run({"SETEX", "k", "0", "v"}), IsError("ERR invalid expire time in 'setex' command"));
  EXPECT_THAT(Run({"SETEX", "k", "-1", "v"}), IsError("ERR invalid expire time in 'setex' command"));
  EXPECT_THAT(Run({"SETEX", "k", "9223372036854775", "v"}),
              IsError("ERR invalid expire time in 'setex' command"));
  EXPECT_THAT(Run({"SETEX", "k", "x", "v"}), IsError(kNotInt));
  EXPECT_THAT(Run({"PSETEX", "k", "0", "v"}),
              IsError("ERR invalid expire time in 'psetex' command"));
  EXPECT_THAT(Run({"PSETEX", "k", "x", "v"}), IsError(kNotInt));
  EXPECT_THAT(Run({"SETEX", "k", "10"}), IsError("ERR wrong number of arguments for 'setex' command"));
}

TEST_F(StringTest, GetSetReturnsOldValueClearsTtlAndPropagatesAsSet) {
  EXPECT_THAT(Run({"GETSET", "k", "10"}), IsNil());
  EXPECT_EQ(EncodingOf("k"), "int");
  Run({"EXPIRE", "k", "100"});
  TakePropagated();
  EXPECT_THAT(Run({"GETSET", "k", "x"}), IsBulk("10"));
  EXPECT_EQ(ExpireOf("k"), -1);
  EXPECT_THAT(TakePropagated(), ElementsAre(Argv{"SET", "k", "x"}));
  PutList(server(), "l");
  EXPECT_THAT(Run({"GETSET", "l", "v"}), IsError(kWrongType));
  EXPECT_EQ(server().db(0).find("l")->val.type(), ValueType::List);
}

TEST_F(StringTest, GetDelReturnsAndDeletes) {
  Run({"SET", "k", "v"});
  TakeEvents();
  TakePropagated();
  EXPECT_THAT(Run({"GETDEL", "k"}), IsBulk("v"));
  EXPECT_THAT(Run({"GETDEL", "k"}), IsNil());
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
  EXPECT_THAT(TakeEvents(), ElementsAre("del:k"));
  EXPECT_THAT(TakePropagated(), ElementsAre(Argv{"DEL", "k"}));
  PutList(server(), "l");
  EXPECT_THAT(Run({"GETDEL", "l"}), IsError(kWrongType));
}

// ---------------------------------------------------------------------------------------
// GETEX

TEST_F(StringTest, GetExWithoutOptionsIsARead) {
  Run({"SET", "k", "v", "EX", "100"});
  TakePropagated();
  EXPECT_THAT(Run({"GETEX", "k"}), IsBulk("v"));
  EXPECT_EQ(ExpireOf("k"), NowMs() + 100000);
  EXPECT_THAT(TakePropagated(), IsEmpty());
  EXPECT_THAT(Run({"GETEX", "nokey"}), IsNil());
}

TEST_F(StringTest, GetExSetsTtlAndPropagatesPexpireat) {
  Run({"SET", "k", "v"});
  TakePropagated();
  TakeEvents();
  EXPECT_THAT(Run({"GETEX", "k", "EX", "100"}), IsBulk("v"));
  EXPECT_EQ(ExpireOf("k"), NowMs() + 100000);
  EXPECT_THAT(Run({"GETEX", "k", "px", "50"}), IsBulk("v"));
  EXPECT_THAT(Run({"GETEX", "k", "EXAT", "2000000000"}), IsBulk("v"));
  EXPECT_THAT(Run({"GETEX", "k", "PXAT", "2000000000001"}), IsBulk("v"));
  EXPECT_EQ(ExpireOf("k"), 2000000000001);
  EXPECT_THAT(TakePropagated(),
              ElementsAre(Argv{"PEXPIREAT", "k", std::to_string(NowMs() + 100000)},
                          Argv{"PEXPIREAT", "k", std::to_string(NowMs() + 50)},
                          Argv{"PEXPIREAT", "k", "2000000000000"},
                          Argv{"PEXPIREAT", "k", "2000000000001"}));
  EXPECT_THAT(TakeEvents(), ElementsAre("expire:k", "expire:k", "expire:k", "expire:k"));
}

TEST_F(StringTest, GetExPersistRemovesTtlOnlyWhenThereIsOne) {
  Run({"SET", "k", "v", "EX", "100"});
  TakePropagated();
  TakeEvents();
  EXPECT_THAT(Run({"GETEX", "k", "PERSIST"}), IsBulk("v"));
  EXPECT_EQ(ExpireOf("k"), -1);
  EXPECT_THAT(Run({"GETEX", "k", "PERSIST", "persist"}), IsBulk("v"));
  EXPECT_THAT(TakePropagated(), ElementsAre(Argv{"PERSIST", "k"}));
  EXPECT_THAT(TakeEvents(), ElementsAre("persist:k"));
}

TEST_F(StringTest, GetExWithPastAbsoluteTimeDeletesTheKey) {
  Run({"SET", "k", "v"});
  TakePropagated();
  TakeEvents();
  EXPECT_THAT(Run({"GETEX", "k", "PXAT", "1"}), IsBulk("v"));
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
  EXPECT_THAT(TakePropagated(), ElementsAre(Argv{"DEL", "k"}));
  EXPECT_THAT(TakeEvents(), ElementsAre("del:k"));
  Run({"SET", "k", "v"});
  EXPECT_THAT(Run({"GETEX", "k", "EXAT", std::to_string(NowMs() / 1000)}), IsBulk("v"));
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
}

TEST_F(StringTest, GetExChecksSyntaxThenKeyThenExpireValue) {
  EXPECT_THAT(Run({"GETEX", "nokey", "foo"}), IsError(kSyntax));
  EXPECT_THAT(Run({"GETEX", "nokey", "EX"}), IsError(kSyntax));
  EXPECT_THAT(Run({"GETEX", "nokey", "PERSIST", "EX", "10"}), IsError(kSyntax));
  EXPECT_THAT(Run({"GETEX", "nokey", "EX", "10", "PERSIST"}), IsError(kSyntax));
  EXPECT_THAT(Run({"GETEX", "nokey", "NX"}), IsError(kSyntax));
  EXPECT_THAT(Run({"GETEX", "nokey", "KEEPTTL"}), IsError(kSyntax));
  EXPECT_THAT(Run({"GETEX", "nokey", "GET"}), IsError(kSyntax));
  EXPECT_THAT(Run({"GETEX", "nokey", "EX", "-1"}), IsNil());
  EXPECT_THAT(Run({"GETEX", "nokey", "EX", "abc"}), IsNil());
  EXPECT_THAT(Run({"GETEX", "nokey", "EX", "10", "EX", "20"}), IsNil());
  PutList(server(), "l");
  EXPECT_THAT(Run({"GETEX", "l", "EX", "-1"}), IsError(kWrongType));
  Run({"SET", "k", "v"});
  EXPECT_THAT(Run({"GETEX", "k", "EX", "-1"}), IsError("ERR invalid expire time in 'getex' command"));
  EXPECT_THAT(Run({"GETEX", "k", "EX", "0"}), IsError("ERR invalid expire time in 'getex' command"));
  EXPECT_THAT(Run({"GETEX", "k", "PX", "9223372036854775807"}),
              IsError("ERR invalid expire time in 'getex' command"));
  EXPECT_THAT(Run({"GETEX", "k", "EXAT", "9223372036854775807"}),
              IsError("ERR invalid expire time in 'getex' command"));
  EXPECT_THAT(Run({"GETEX", "k", "EX", "abc"}), IsError(kNotInt));
  EXPECT_EQ(ExpireOf("k"), -1);
  EXPECT_THAT(Run({"GETEX"}), IsError("ERR wrong number of arguments for 'getex' command"));
}

// ---------------------------------------------------------------------------------------
// MGET / MSET / MSETNX

TEST_F(StringTest, MGetReturnsNilForMissingAndNonStringKeys) {
  Run({"MSET", "a", "1", "b", "two"});
  PutList(server(), "l");
  EXPECT_THAT(Run({"MGET", "a", "b", "l", "nokey"}),
              IsArray(ElementsAre(IsBulk("1"), IsBulk("two"), IsNil(), IsNil())));
  EXPECT_THAT(Run({"MGET"}), IsError("ERR wrong number of arguments for 'mget' command"));
}

TEST_F(StringTest, MSetNeedsPairsAndLaterDuplicatesWin) {
  EXPECT_THAT(Run({"MSET", "a"}), IsError("ERR wrong number of arguments for 'mset' command"));
  EXPECT_THAT(Run({"MSET", "a", "1", "b"}),
              IsError("ERR wrong number of arguments for 'mset' command"));
  EXPECT_THAT(Run({"MSET", "y", "1", "y", "2"}), IsOk());
  EXPECT_THAT(Run({"GET", "y"}), IsBulk("2"));
  PutList(server(), "l");
  EXPECT_THAT(Run({"MSET", "l", "1"}), IsOk());
  EXPECT_THAT(Run({"GET", "l"}), IsBulk("1"));
  EXPECT_THAT(TakeEvents(), ElementsAre("set:y", "set:y", "set:l"));
}

TEST_F(StringTest, MSetNxWritesNothingWhenAnyKeyExists) {
  EXPECT_THAT(Run({"MSETNX", "a"}), IsError("ERR wrong number of arguments for 'msetnx' command"));
  EXPECT_THAT(Run({"MSETNX", "a", "1", "b", "2"}), IsInt(1));
  EXPECT_THAT(Run({"MSETNX", "c", "3", "a", "9"}), IsInt(0));
  EXPECT_THAT(Run({"EXISTS", "c"}), IsInt(0));
  EXPECT_THAT(Run({"GET", "a"}), IsBulk("1"));
  EXPECT_THAT(Run({"MSETNX", "x", "1", "x", "2"}), IsInt(1));
  EXPECT_THAT(Run({"GET", "x"}), IsBulk("2"));
  PutList(server(), "l");
  EXPECT_THAT(Run({"MSETNX", "l", "1"}), IsInt(0));
}

// ---------------------------------------------------------------------------------------
// APPEND / STRLEN

TEST_F(StringTest, AppendCreatesWithArgumentEncodingThenGoesRaw) {
  EXPECT_THAT(Run({"APPEND", "k", "123"}), IsInt(3));
  EXPECT_EQ(EncodingOf("k"), "int");
  EXPECT_THAT(Run({"APPEND", "k", ""}), IsInt(3));
  EXPECT_EQ(EncodingOf("k"), "raw");
  EXPECT_THAT(Run({"APPEND", "k", "45"}), IsInt(5));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("12345"));
  EXPECT_THAT(Run({"APPEND", "s", "hello"}), IsInt(5));
  EXPECT_EQ(EncodingOf("s"), "embstr");
  EXPECT_THAT(Run({"APPEND", "s", " world"}), IsInt(11));
  EXPECT_THAT(Run({"GET", "s"}), IsBulk("hello world"));
  EXPECT_THAT(TakeEvents(), ElementsAre("append:k", "append:k", "append:k", "append:s",
                                        "append:s"));
}

TEST_F(StringTest, AppendKeepsTheTtl) {
  Run({"SET", "k", "v", "EX", "100"});
  Run({"APPEND", "k", "w"});
  EXPECT_EQ(ExpireOf("k"), NowMs() + 100000);
}

TEST_F(StringTest, AppendRejectsWrongTypeAndOversizedResults) {
  PutList(server(), "l");
  EXPECT_THAT(Run({"APPEND", "l", "x"}), IsError(kWrongType));
  ASSERT_FALSE(server().config().set("proto-max-bulk-len", "1mb").has_value());
  Run({"SET", "big", std::string(1048576, 'a')});
  EXPECT_THAT(Run({"APPEND", "big", "a"}),
              IsError("ERR string exceeds maximum allowed size (proto-max-bulk-len)"));
  EXPECT_THAT(Run({"APPEND", "big", ""}), IsInt(1048576));
}

TEST_F(StringTest, StrlenCountsBytesOfAnyEncoding) {
  Run({"SET", "n", "-12345"});
  Run({"SET", "s", std::string(100, 'z')});
  EXPECT_THAT(Run({"STRLEN", "n"}), IsInt(6));
  EXPECT_THAT(Run({"STRLEN", "s"}), IsInt(100));
  EXPECT_THAT(Run({"STRLEN", "nokey"}), IsInt(0));
  PutList(server(), "l");
  EXPECT_THAT(Run({"STRLEN", "l"}), IsError(kWrongType));
}

// ---------------------------------------------------------------------------------------
// GETRANGE / SUBSTR

TEST_F(StringTest, GetRangeClampsIndexesLikeRedis70) {
  Run({"SET", "s", "This is a string"});
  EXPECT_THAT(Run({"GETRANGE", "s", "0", "3"}), IsBulk("This"));
  EXPECT_THAT(Run({"GETRANGE", "s", "-3", "-1"}), IsBulk("ing"));
  EXPECT_THAT(Run({"GETRANGE", "s", "0", "-1"}), IsBulk("This is a string"));
  EXPECT_THAT(Run({"GETRANGE", "s", "10", "100"}), IsBulk("string"));
  EXPECT_THAT(Run({"GETRANGE", "s", "0", "-100"}), IsBulk("T"));
  EXPECT_THAT(Run({"GETRANGE", "s", "-1", "-5"}), IsBulk(""));
  EXPECT_THAT(Run({"GETRANGE", "s", "-100", "-50"}), IsBulk("T"));
  EXPECT_THAT(Run({"GETRANGE", "s", "-100", "2"}), IsBulk("Thi"));
  EXPECT_THAT(Run({"GETRANGE", "s", "5", "3"}), IsBulk(""));
  EXPECT_THAT(Run({"GETRANGE", "s", "16", "16"}), IsBulk(""));
  EXPECT_THAT(Run({"GETRANGE", "s", "15", "15"}), IsBulk("g"));
  EXPECT_THAT(Run({"GETRANGE", "s", "9223372036854775807", "9223372036854775807"}), IsBulk(""));
  EXPECT_THAT(Run({"GETRANGE", "s", "-9223372036854775808", "9223372036854775807"}),
              IsBulk("This is a string"));
  EXPECT_THAT(Run({"SUBSTR", "s", "0", "3"}), IsBulk("This"));
}

TEST_F(StringTest, GetRangeWorksOnIntsEmptyAndMissingValues) {
  Run({"SET", "n", "12345"});
  EXPECT_THAT(Run({"GETRANGE", "n", "1", "2"}), IsBulk("23"));
  EXPECT_THAT(Run({"GETRANGE", "n", "-2", "-1"}), IsBulk("45"));
  Run({"SET", "e", ""});
  EXPECT_THAT(Run({"GETRANGE", "e", "0", "-1"}), IsBulk(""));
  EXPECT_THAT(Run({"GETRANGE", "nokey", "0", "-1"}), IsBulk(""));
}

TEST_F(StringTest, GetRangeChecksIndexesBeforeTheKey) {
  EXPECT_THAT(Run({"GETRANGE", "nokey", "x", "1"}), IsError(kNotInt));
  EXPECT_THAT(Run({"GETRANGE", "nokey", "0", "9223372036854775808"}), IsError(kNotInt));
  PutList(server(), "l");
  EXPECT_THAT(Run({"GETRANGE", "l", "x", "1"}), IsError(kNotInt));
  EXPECT_THAT(Run({"GETRANGE", "l", "0", "1"}), IsError(kWrongType));
  EXPECT_THAT(Run({"SUBSTR", "l", "0"}), IsError("ERR wrong number of arguments for 'substr' command"));
}

// ---------------------------------------------------------------------------------------
// SETRANGE

TEST_F(StringTest, SetRangeOverwritesAndZeroPads) {
  Run({"SET", "s", "Hello World"});
  EXPECT_THAT(Run({"SETRANGE", "s", "6", "Redis"}), IsInt(11));
  EXPECT_THAT(Run({"GET", "s"}), IsBulk("Hello Redis"));
  EXPECT_THAT(Run({"SETRANGE", "s", "13", "!"}), IsInt(14));
  EXPECT_THAT(Run({"GET", "s"}), IsBulk(std::string("Hello Redis\0\0!", 14)));
  EXPECT_THAT(Run({"SETRANGE", "new", "3", "abc"}), IsInt(6));
  EXPECT_THAT(Run({"GET", "new"}), IsBulk(std::string("\0\0\0abc", 6)));
  EXPECT_EQ(EncodingOf("new"), "raw");
  EXPECT_THAT(TakeEvents(), ElementsAre("set:s", "setrange:s", "setrange:s", "setrange:new"));
}

TEST_F(StringTest, SetRangeTurnsIntsIntoRawStringsAndKeepsTtl) {
  Run({"SET", "n", "12345", "EX", "100"});
  EXPECT_THAT(Run({"SETRANGE", "n", "1", "9"}), IsInt(5));
  EXPECT_THAT(Run({"GET", "n"}), IsBulk("19345"));
  EXPECT_EQ(EncodingOf("n"), "raw");
  EXPECT_EQ(ExpireOf("n"), NowMs() + 100000);
  EXPECT_THAT(Run({"SETRANGE", "m", "0", "12"}), IsInt(2));
  EXPECT_EQ(EncodingOf("m"), "raw");
}

TEST_F(StringTest, SetRangeWithEmptyValueChangesNothing) {
  EXPECT_THAT(Run({"SETRANGE", "nokey", "0", ""}), IsInt(0));
  EXPECT_THAT(Run({"SETRANGE", "nokey", "536870912", ""}), IsInt(0));
  EXPECT_THAT(Run({"EXISTS", "nokey"}), IsInt(0));
  Run({"SET", "s", "abc"});
  TakeEvents();
  EXPECT_THAT(Run({"SETRANGE", "s", "536870912", ""}), IsInt(3));
  EXPECT_THAT(TakeEvents(), IsEmpty());
}

TEST_F(StringTest, SetRangeRejectsBadOffsetsWrongTypeAndOversize) {
  const char* too_big = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
  EXPECT_THAT(Run({"SETRANGE", "k", "-1", "x"}), IsError("ERR offset is out of range"));
  EXPECT_THAT(Run({"SETRANGE", "k", "-1", ""}), IsError("ERR offset is out of range"));
  EXPECT_THAT(Run({"SETRANGE", "k", "x", "x"}), IsError(kNotInt));
  EXPECT_THAT(Run({"SETRANGE", "k", "536870912", "x"}), IsError(too_big));
  EXPECT_THAT(Run({"SETRANGE", "k", "9223372036854775807", "x"}), IsError(too_big));
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
  PutList(server(), "l");
  EXPECT_THAT(Run({"SETRANGE", "l", "0", "x"}), IsError(kWrongType));
  EXPECT_THAT(Run({"SETRANGE", "l", "0", ""}), IsError(kWrongType));
  EXPECT_THAT(Run({"SETRANGE", "l", "-1", "x"}), IsError("ERR offset is out of range"));
}

TEST_F(StringTest, SetRangeHonoursAConfiguredProtoMaxBulkLen) {
  const char* too_big = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
  ASSERT_FALSE(server().config().set("proto-max-bulk-len", "1048576").has_value());
  EXPECT_THAT(Run({"SETRANGE", "k", "1048575", "b"}), IsInt(1048576));
  EXPECT_THAT(Run({"SETRANGE", "k", "1048576", "b"}), IsError(too_big));
  EXPECT_THAT(Run({"SETRANGE", "k", "1048575", "bb"}), IsError(too_big));
  EXPECT_THAT(Run({"SETRANGE", "k2", "1048576", "b"}), IsError(too_big));
}

// ---------------------------------------------------------------------------------------
// INCR / DECR / INCRBY / DECRBY

TEST_F(StringTest, IncrFamilyCountsFromZeroAndStoresInts) {
  EXPECT_THAT(Run({"INCR", "i"}), IsInt(1));
  EXPECT_EQ(EncodingOf("i"), "int");
  EXPECT_THAT(Run({"INCRBY", "i", "10"}), IsInt(11));
  EXPECT_THAT(Run({"DECR", "i"}), IsInt(10));
  EXPECT_THAT(Run({"DECRBY", "i", "25"}), IsInt(-15));
  EXPECT_THAT(Run({"DECR", "j"}), IsInt(-1));
  Run({"SET", "s", "100"});
  Run({"APPEND", "s", "0"});
  EXPECT_EQ(EncodingOf("s"), "raw");
  EXPECT_THAT(Run({"INCR", "s"}), IsInt(1001));
  EXPECT_EQ(EncodingOf("s"), "int");
  EXPECT_THAT(TakeEvents(), ElementsAre("incrby:i", "incrby:i", "incrby:i", "incrby:i",
                                        "incrby:j", "set:s", "append:s", "incrby:s"));
}

TEST_F(StringTest, IncrKeepsTheTtl) {
  Run({"SET", "i", "5", "EX", "100"});
  EXPECT_THAT(Run({"INCR", "i"}), IsInt(6));
  EXPECT_EQ(ExpireOf("i"), NowMs() + 100000);
}

TEST_F(StringTest, IncrRejectsNonIntegerValues) {
  for (const char* v : {"abc", " 1", "1 ", "01", "1.5", "", "99999999999999999999"}) {
    Run({"SET", "k", v});
    EXPECT_THAT(Run({"INCR", "k"}), IsError(kNotInt)) << v;
  }
  PutList(server(), "l");
  EXPECT_THAT(Run({"INCR", "l"}), IsError(kWrongType));
  EXPECT_THAT(Run({"INCRBY", "l", "x"}), IsError(kNotInt));
  EXPECT_THAT(Run({"DECRBY", "l", "x"}), IsError(kNotInt));
}

TEST_F(StringTest, IncrByRejectsBadIncrementsAndOverflow) {
  const char* overflow = "ERR increment or decrement would overflow";
  EXPECT_THAT(Run({"INCRBY", "k", "abc"}), IsError(kNotInt));
  EXPECT_THAT(Run({"INCRBY", "k", "1.5"}), IsError(kNotInt));
  EXPECT_THAT(Run({"INCRBY", "k", " 1"}), IsError(kNotInt));
  EXPECT_THAT(Run({"DECRBY", "k", "-9223372036854775808"}),
              IsError("ERR decrement would overflow"));
  EXPECT_THAT(Run({"INCRBY", "k", "-9223372036854775808"}), IsInt(INT64_MIN));
  EXPECT_THAT(Run({"DECRBY", "k", "2"}), IsError(overflow));
  EXPECT_THAT(Run({"DECR", "k"}), IsError(overflow));
  EXPECT_THAT(Run({"INCRBY", "k", "-1"}), IsError(overflow));
  Run({"SET", "k", "9223372036854775807"});
  EXPECT_THAT(Run({"INCR", "k"}), IsError(overflow));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("9223372036854775807"));
  EXPECT_THAT(Run({"DECRBY", "k", "9223372036854775807"}), IsInt(0));
}

// ---------------------------------------------------------------------------------------
// INCRBYFLOAT

TEST_F(StringTest, IncrByFloatFormatsLikeRedis) {
  EXPECT_THAT(Run({"INCRBYFLOAT", "f", "1"}), IsBulk("1"));
  EXPECT_EQ(EncodingOf("f"), "embstr");
  EXPECT_THAT(Run({"INCRBYFLOAT", "f", "1.5"}), IsBulk("2.5"));
  Run({"SET", "k", "10.50"});
  EXPECT_THAT(Run({"INCRBYFLOAT", "k", "0.1"}), IsBulk("10.6"));
  EXPECT_THAT(Run({"INCRBYFLOAT", "k", "-10.6"}), IsBulk("0"));
  EXPECT_THAT(Run({"INCRBYFLOAT", "k", "5.0e3"}), IsBulk("5000"));
  EXPECT_THAT(Run({"INCRBYFLOAT", "k", "3.0e-3"}), IsBulk("5000.00300000000000011"));
  Run({"SET", "z", "0"});
  EXPECT_THAT(Run({"INCRBYFLOAT", "z", "-0.00000000000000000001"}), IsBulk("0"));
  EXPECT_THAT(Run({"INCRBYFLOAT", "z", "1.23456789012345678901234567890"}),
              IsBulk("1.23456789012345679"));
  EXPECT_THAT(Run({"INCRBYFLOAT", "h", "0x10"}), IsBulk("16"));
  EXPECT_THAT(Run({"INCRBYFLOAT", "g", "100000000000000000000000000000000000000000000000000000000000"}),
              IsBulk("99999999999999999999937342342672216865213062198488677220352"));
  EXPECT_EQ(EncodingOf("g"), "raw");
}

TEST_F(StringTest, IncrByFloatRejectsBadNumbersAndInfinity) {
  const char* not_float = "ERR value is not a valid float";
  Run({"SET", "k", "1"});
  EXPECT_THAT(Run({"INCRBYFLOAT", "k", "x"}), IsError(not_float));
  EXPECT_THAT(Run({"INCRBYFLOAT", "k", "nan"}), IsError(not_float));
  EXPECT_THAT(Run({"INCRBYFLOAT", "k", "1e5000"}), IsError(not_float));
  EXPECT_THAT(Run({"INCRBYFLOAT", "k", " 1"}), IsError(not_float));
  EXPECT_THAT(Run({"INCRBYFLOAT", "k", "1 "}), IsError(not_float));
  EXPECT_THAT(Run({"INCRBYFLOAT", "k", ""}), IsError(not_float));
  EXPECT_THAT(Run({"INCRBYFLOAT", "k", "inf"}),
              IsError("ERR increment would produce NaN or Infinity"));
  EXPECT_THAT(Run({"INCRBYFLOAT", "k", "-inf"}),
              IsError("ERR increment would produce NaN or Infinity"));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("1"));
  Run({"SET", "s", "abc"});
  EXPECT_THAT(Run({"INCRBYFLOAT", "s", "1"}), IsError(not_float));
  PutList(server(), "l");
  EXPECT_THAT(Run({"INCRBYFLOAT", "l", "x"}), IsError(kWrongType));
}

TEST_F(StringTest, IncrByFloatResultIsNotAnIntegerForIncr) {
  Run({"INCRBYFLOAT", "f", "1.5"});
  EXPECT_THAT(Run({"INCR", "f"}), IsError(kNotInt));
}

TEST_F(StringTest, IncrByFloatKeepsTtlAndPropagatesAsSetKeepTtl) {
  Run({"SET", "k", "1", "EX", "100"});
  TakePropagated();
  TakeEvents();
  EXPECT_THAT(Run({"INCRBYFLOAT", "k", "0.25"}), IsBulk("1.25"));
  EXPECT_EQ(ExpireOf("k"), NowMs() + 100000);
  EXPECT_THAT(TakePropagated(), ElementsAre(Argv{"SET", "k", "1.25", "KEEPTTL"}));
  EXPECT_THAT(TakeEvents(), ElementsAre("incrbyfloat:k"));
}

// ---------------------------------------------------------------------------------------
// LCS

TEST_F(StringTest, LcsReturnsTheSubsequenceOrItsLength) {
  Run({"MSET", "key1", "ohmytext", "key2", "mynewtext"});
  EXPECT_THAT(Run({"LCS", "key1", "key2"}), IsBulk("mytext"));
  EXPECT_THAT(Run({"LCS", "key1", "key2", "LEN"}), IsInt(6));
  EXPECT_THAT(Run({"LCS", "key1", "key2", "len", "LEN"}), IsInt(6));
  EXPECT_THAT(Run({"LCS", "key1", "key2", "LEN", "WITHMATCHLEN"}), IsInt(6));
  EXPECT_THAT(Run({"LCS", "key1", "key2", "WITHMATCHLEN"}), IsBulk("mytext"));
  EXPECT_THAT(Run({"LCS", "key1", "nokey"}), IsBulk(""));
  EXPECT_THAT(Run({"LCS", "nokey", "nokey2", "LEN"}), IsInt(0));
}

TEST_F(StringTest, LcsPicksTheSameSubsequenceAsRedisAmongEqualOnes) {
  Run({"MSET", "a", "ABCBDAB", "b", "BDCABA"});
  EXPECT_THAT(Run({"LCS", "a", "b"}), IsBulk("BDAB"));
  EXPECT_THAT(Run({"LCS", "b", "a"}), IsBulk("BCBA"));
  Run({"MSET", "n1", "12345", "n2", "2345"});
  EXPECT_THAT(Run({"LCS", "n1", "n2"}), IsBulk("2345"));
}

TEST_F(StringTest, LcsIdxListsMatchRangesFromTheEnd) {
  // Reply bytes as redis-server 7.0.15 sends them.
  Run({"MSET", "key1", "ohmytext", "key2", "mynewtext"});
  EXPECT_EQ(RunBytes({"LCS", "key1", "key2", "IDX"}),
            "*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n"
            "*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n");
  EXPECT_EQ(RunBytes({"LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"}),
            "*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
            "$3\r\nlen\r\n:6\r\n");
  EXPECT_EQ(RunBytes({"LCS", "key1", "key2", "IDX", "WITHMATCHLEN"}),
            "*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
            "*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n");
  EXPECT_EQ(RunBytes({"LCS", "key1", "key2", "MINMATCHLEN", "-5", "IDX"}),
            RunBytes({"LCS", "key1", "key2", "IDX"}));
  Run({"MSET", "a", "ABCBDAB", "b", "BDCABA"});
  EXPECT_EQ(RunBytes({"LCS", "b", "a", "IDX"}),
            "*4\r\n$7\r\nmatches\r\n*4\r\n*2\r\n*2\r\n:5\r\n:5\r\n*2\r\n:5\r\n:5\r\n"
            "*2\r\n*2\r\n:4\r\n:4\r\n*2\r\n:3\r\n:3\r\n*2\r\n*2\r\n:2\r\n:2\r\n*2\r\n:2\r\n"
            ":2\r\n*2\r\n*2\r\n:0\r\n:0\r\n*2\r\n:1\r\n:1\r\n$3\r\nlen\r\n:4\r\n");
  EXPECT_EQ(RunBytes({"LCS", "a", "b", "IDX", "WITHMATCHLEN"}),
            "*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:5\r\n:6\r\n*2\r\n:3\r\n:4\r\n:2\r\n"
            "*3\r\n*2\r\n:3\r\n:4\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:4\r\n");
  Run({"MSET", "n1", "12345", "n2", "2345"});
  EXPECT_EQ(RunBytes({"LCS", "n1", "n2", "IDX"}),
            "*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:1\r\n:4\r\n*2\r\n:0\r\n:3\r\n"
            "$3\r\nlen\r\n:4\r\n");
  EXPECT_EQ(RunBytes({"LCS", "nokey", "nokey2", "IDX"}),
            "*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n");
}

TEST_F(StringTest, LcsIdxIsAMapInResp3) {
  Run({"MSET", "key1", "ohmytext", "key2", "mynewtext"});
  Run({"HELLO", "3"});
  std::string bytes = RunBytes({"LCS", "key1", "key2", "IDX", "MINMATCHLEN", "100"});
  EXPECT_EQ(bytes, "%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:6\r\n");
}

TEST_F(StringTest, LcsChecksTypesBeforeOptions) {
  PutList(server(), "l");
  Run({"SET", "s", "abc"});
  const char* not_strings = "ERR The specified keys must contain string values";
  EXPECT_THAT(Run({"LCS", "l", "s"}), IsError(not_strings));
  EXPECT_THAT(Run({"LCS", "s", "l", "foo"}), IsError(not_strings));
  EXPECT_THAT(Run({"LCS", "s", "l", "MINMATCHLEN", "x"}), IsError(not_strings));
  EXPECT_THAT(Run({"LCS", "s", "s", "foo"}), IsError(kSyntax));
  EXPECT_THAT(Run({"LCS", "s", "s", "MINMATCHLEN"}), IsError(kSyntax));
  EXPECT_THAT(Run({"LCS", "s", "s", "MINMATCHLEN", "x"}), IsError(kNotInt));
  EXPECT_THAT(Run({"LCS", "s", "s", "LEN", "IDX"}),
              IsError("ERR If you want both the length and indexes, please just use IDX."));
  EXPECT_THAT(Run({"LCS", "s"}), IsError("ERR wrong number of arguments for 'lcs' command"));
}

TEST_F(StringTest, LcsRefusesTablesLargerThanProtoMaxBulkLen) {
  ASSERT_FALSE(server().config().set("proto-max-bulk-len", "1048576").has_value());
  Run({"MSET", "a", std::string(511, 'a'), "b", std::string(511, 'a')});
  EXPECT_THAT(Run({"LCS", "a", "b", "LEN"}), IsInt(511));
  Run({"SET", "a", std::string(512, 'a')});
  EXPECT_THAT(
      Run({"LCS", "a", "b", "LEN"}),
      IsError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"));
}

// ---------------------------------------------------------------------------------------
// Table rows

TEST_F(StringTest, RowsMatchRedisArityAndKeyPositions) {
  struct Golden {
    const char* name;
    int arity;
    int first, last, step;
  };
  const Golden golden[] = {
      {"get", 2, 1, 1, 1},         {"set", -3, 1, 1, 1},      {"setnx", 3, 1, 1, 1},
      {"setex", 4, 1, 1, 1},       {"psetex", 4, 1, 1, 1},    {"getset", 3, 1, 1, 1},
      {"getdel", 2, 1, 1, 1},      {"getex", -2, 1, 1, 1},    {"mget", -2, 1, -1, 1},
      {"mset", -3, 1, -1, 2},      {"msetnx", -3, 1, -1, 2},  {"append", 3, 1, 1, 1},
      {"strlen", 2, 1, 1, 1},      {"getrange", 4, 1, 1, 1},  {"substr", 4, 1, 1, 1},
      {"setrange", 4, 1, 1, 1},    {"incr", 2, 1, 1, 1},      {"decr", 2, 1, 1, 1},
      {"incrby", 3, 1, 1, 1},      {"decrby", 3, 1, 1, 1},    {"incrbyfloat", 3, 1, 1, 1},
      {"lcs", -3, 1, 2, 1},
  };
  for (const Golden& g : golden) {
    const CommandEntry* c = server().commands().find(g.name);
    ASSERT_NE(c, nullptr) << g.name;
    EXPECT_EQ(c->spec->arity, g.arity) << g.name;
    EXPECT_EQ(c->spec->keys.first, g.first) << g.name;
    EXPECT_EQ(c->spec->keys.last, g.last) << g.name;
    EXPECT_EQ(c->spec->keys.step, g.step) << g.name;
    EXPECT_EQ(c->spec->group, CommandGroup::String) << g.name;
  }
}

}  // namespace
}  // namespace eddy::testing
