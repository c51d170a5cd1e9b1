// In-process tests of SORT and SORT_RO (src/commands/sort_commands.cc). Expected replies
// were taken from redis-server 7.0.15. Lists and sorted sets are built through the types
// directly (their command families live elsewhere) or with SORT ... STORE.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "commands/command_test.h"
#include "eddy/types/list.h"
#include "eddy/types/zset.h"

namespace eddy::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;


// Every keyspace event but "keymiss", as "event:key"; keymisses counted apart.
class RecordingNotifier : public KeyspaceNotifier {
 public:
  void notify_keyspace_event(uint32_t cls, std::string_view event, std::string_view key,
                             int) override {
    if (cls & kNotifyKeyMiss) {
      ++keymisses;
      return;
    }
    if (cls & kNotifyNew) return;  // "new" has its own tests
    seen.push_back(std::string(event) + ":" + std::string(key));
  }
  std::vector<std::string> seen;
  int keymisses = 0;
};

class SortCommandsTest : public CommandTest {
 protected:
  SortCommandsTest() {
    server().set_propagator(&prop_);
    server().set_notifier(&events_);
  }
  ~SortCommandsTest() override {
    server().set_propagator(nullptr);
    server().set_notifier(nullptr);
  }
  void PutList(const std::string& key, const std::vector<std::string>& items) {
    auto l = std::make_unique<List>();
    for (const auto& s : items) l->push_back(s);
    server().db(0).set(key, Value::object(ValueType::List, std::move(l)));
  }
  void PutZSet(const std::string& key, const std::vector<std::pair<std::string, double>>& items) {
    auto z = std::make_unique<ZSet>();
    CollectionLimits lim;
    for (const auto& [m, s] : items) z->add(m, s, ZSet::kNone, lim);
    server().db(0).set(key, Value::object(ValueType::ZSet, std::move(z)));
  }
  std::vector<std::string> ListItems(const std::string& key) {
    std::vector<std::string> out;
    Entry* e = server().db(0).find(key);
    if (!e || e->val.type() != ValueType::List) return out;
    e->val.as<List>()->for_each([&](const ElemRef& m) { out.push_back(m.str()); });
    return out;
  }
  std::string EncodingOf(const std::string& key) {
    RespValue v = Run({"OBJECT", "ENCODING", key});
    return v.type == RespValue::Type::Bulk ? v.str : v.debug();
  }
  std::vector<std::vector<std::string>> TakePropagated() { return std::exchange(prop_.seen, {}); }
  std::vector<std::string> TakeEvents() { return std::exchange(events_.seen, {}); }
  int64_t Dirty() { return server().stats().dirty; }

  RecordingPropagator prop_;
  RecordingNotifier events_;
};

constexpr const char* kWrongType =
    "WRONGTYPE Operation against a key holding the wrong kind of value";
constexpr const char* kSyntax = "ERR syntax error";
constexpr const char* kBadScore = "ERR One or more scores can't be converted into double";

using Strings = std::vector<std::string>;

TEST_F(SortCommandsTest, SortsNumericallyAlphabeticallyAndDescending) {
  Run({"SADD", "s", "3", "1", "2", "10", "-5"});
  EXPECT_THAT(Run({"SORT", "s"}), IsBulkArray({"-5", "1", "2", "3", "10"}));
  EXPECT_THAT(Run({"SORT", "s", "DESC"}), IsBulkArray({"10", "3", "2", "1", "-5"}));
  EXPECT_THAT(Run({"SORT", "s", "ALPHA"}), IsBulkArray({"-5", "1", "10", "2", "3"}));
  EXPECT_THAT(Run({"SORT_RO", "s", "ALPHA", "DESC"}), IsBulkArray({"3", "2", "10", "1", "-5"}));
  EXPECT_THAT(Run({"SORT", "s", "DESC", "ASC"}), IsBulkArray({"-5", "1", "2", "3", "10"}));
}

TEST_F(SortCommandsTest, NumericTiesAreBrokenByTheElementsBytes) {
  Run({"SADD", "t", "1", "1.0", "01", "+1", " 1"});
  EXPECT_THAT(Run({"SORT", "t"}), IsBulkArray({" 1", "+1", "01", "1", "1.0"}));
  EXPECT_THAT(Run({"SORT", "t", "DESC"}), IsBulkArray({"1.0", "1", "01", "+1", " 1"}));
}

TEST_F(SortCommandsTest, WeightsParseAsStrtodDoes) {
  Run({"SADD", "n", " 5", "1e2", "0x10", "inf", "-inf", "", "1.5"});
  EXPECT_THAT(Run({"SORT", "n"}), IsBulkArray({"-inf", "", "1.5", " 5", "0x10", "1e2", "inf"}));
  for (const char* bad : {"x", "1 ", "nan", "1e400", "1e-400", " "}) {
    Run({"DEL", "b"});
    Run({"SADD", "b", bad, "2"});
    EXPECT_THAT(Run({"SORT", "b"}), IsError(kBadScore)) << "'" << bad << "'";
    // Even when LIMIT selects nothing: every weight is read.
    EXPECT_THAT(Run({"SORT", "b", "LIMIT", "0", "0"}), IsError(kBadScore));
    EXPECT_THAT(Run({"SORT", "b", "ALPHA"}), IsArray(::testing::SizeIs(2)));
  }
}

TEST_F(SortCommandsTest, LimitTakesAWindowAndClampsIt) {
  Run({"SADD", "s", "1", "2", "3", "4", "5"});
  EXPECT_THAT(Run({"SORT", "s", "LIMIT", "1", "2"}), IsBulkArray({"2", "3"}));
  EXPECT_THAT(Run({"SORT", "s", "LIMIT", "-5", "2"}), IsBulkArray({"1", "2"}));
  EXPECT_THAT(Run({"SORT", "s", "LIMIT", "3", "-1"}), IsBulkArray({"4", "5"}));
  EXPECT_THAT(Run({"SORT", "s", "LIMIT", "3", "100"}), IsBulkArray({"4", "5"}));
  EXPECT_THAT(Run({"SORT", "s", "LIMIT", "5", "1"}), Renders("[]"));
  EXPECT_THAT(Run({"SORT", "s", "LIMIT", "1", "0"}), Renders("[]"));
  EXPECT_THAT(Run({"SORT", "s", "LIMIT", "1", "9223372036854775807"}),
              IsBulkArray({"2", "3", "4", "5"}));
  EXPECT_THAT(Run({"SORT", "s", "LIMIT", "9223372036854775807", "9223372036854775807"}),
              Renders("[]"));
  EXPECT_THAT(Run({"SORT", "s", "LIMIT", "0", "1", "LIMIT", "2", "1"}), IsBulkArray({"3"}));
  EXPECT_THAT(Run({"SORT", "s", "DESC", "LIMIT", "0", "2"}), IsBulkArray({"5", "4"}));
}

TEST_F(SortCommandsTest, OptionSyntaxIsCheckedBeforeTheKeyType) {
  Run({"SET", "str", "v"});
  EXPECT_THAT(Run({"SORT", "str"}), IsError(kWrongType));
  EXPECT_THAT(Run({"SORT", "str", "foo"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SORT", "str", "LIMIT", "x", "1"}),
              IsError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"SORT", "s", "LIMIT", "0"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SORT", "s", "GET"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SORT", "s", "BY"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SORT", "s", "STORE"}), IsError(kSyntax));
  EXPECT_THAT(Run({"SORT_RO", "s", "STORE", "d"}), IsError(kSyntax));
  Run({"HSET", "h", "f", "v"});
  EXPECT_THAT(Run({"SORT", "h"}), IsError(kWrongType));
  EXPECT_THAT(Run({"SORT_RO", "h"}), IsError(kWrongType));
  EXPECT_THAT(Run({"SORT", "nope"}), Renders("[]"));
}

TEST_F(SortCommandsTest, ByAndGetPatternsReadStringsAndHashFields) {
  Run({"SADD", "s", "1", "2", "3"});
  Run({"MSET", "w_1", "30", "w_2", "10", "w_3", "20", "name_1", "one", "name_2", "two"});
  EXPECT_THAT(Run({"SORT", "s", "BY", "w_*"}), IsBulkArray({"2", "3", "1"}));
  EXPECT_THAT(Run({"SORT", "s", "BY", "w_*", "GET", "name_*", "GET", "#"}),
              Renders("[\"two\", \"2\", (nil), \"3\", \"one\", \"1\"]"));
  Run({"HSET", "h_1", "f", "3", "g", "x"});
  Run({"HSET", "h_2", "f", "1", "f->g", "nested"});
  Run({"HSET", "h_3", "f", "2"});
  EXPECT_THAT(Run({"SORT", "s", "BY", "h_*->f", "GET", "h_*->g"}),
              Renders("[(nil), (nil), \"x\"]"));
  EXPECT_THAT(Run({"SORT", "s", "GET", "h_*->f->g"}), Renders("[(nil), \"nested\", (nil)]"));
  // Wrong types read as nil: a hash at a plain pattern, a string at a field pattern.
  EXPECT_THAT(Run({"SORT", "s", "GET", "h_*"}), Renders("[(nil), (nil), (nil)]"));
  EXPECT_THAT(Run({"SORT", "s", "GET", "w_*->f"}), Renders("[(nil), (nil), (nil)]"));
  // "->" with nothing after it is part of the key name.
  Run({"SET", "h_1->", "arrow"});
  EXPECT_THAT(Run({"SORT", "s", "GET", "h_*->"}), Renders("[\"arrow\", (nil), (nil)]"));
  // Only the first '*' is replaced; a pattern without one reads nothing.
  Run({"SET", "1*", "star"});
  EXPECT_THAT(Run({"SORT", "s", "GET", "**"}), Renders("[\"star\", (nil), (nil)]"));
  EXPECT_THAT(Run({"SORT", "s", "GET", "w_1"}), Renders("[(nil), (nil), (nil)]"));
}

TEST_F(SortCommandsTest, MissingWeightsAreZeroOrSortFirstWithAlpha) {
  Run({"SADD", "s", "1", "2", "3"});
  Run({"SET", "w_2", "b"});
  Run({"SET", "w_3", "a"});
  EXPECT_THAT(Run({"SORT", "s", "BY", "w_*", "ALPHA"}), IsBulkArray({"1", "3", "2"}));
  EXPECT_THAT(Run({"SORT", "s", "BY", "w_*", "ALPHA", "DESC"}), IsBulkArray({"2", "3", "1"}));
  EXPECT_THAT(Run({"SORT", "s", "BY", "w_*"}), IsError(kBadScore));
  EXPECT_THAT(Run({"SORT", "s", "BY", "nope_*"}), IsBulkArray({"1", "2", "3"}));
  // ALPHA ties keep the load order, in both directions.
  EXPECT_THAT(Run({"SORT", "s", "BY", "nope_*", "ALPHA", "DESC"}), IsBulkArray({"1", "2", "3"}));
}

TEST_F(SortCommandsTest, PatternLookupsAreCountedReads) {
  Run({"SADD", "s", "1", "2"});
  Run({"SET", "w_1", "5"});
  int64_t hits = server().stats().keyspace_hits, misses = server().stats().keyspace_misses;
  Run({"SORT", "s", "BY", "w_*", "GET", "w_*"});
  EXPECT_EQ(server().stats().keyspace_hits - hits, 3);    // s, w_1 twice
  EXPECT_EQ(server().stats().keyspace_misses - misses, 2);  // w_2 twice
  EXPECT_EQ(events_.keymisses, 2);
  // The sorted key is a counted read with STORE too.
  hits = server().stats().keyspace_hits;
  Run({"SORT", "s", "STORE", "d"});
  EXPECT_EQ(server().stats().keyspace_hits - hits, 1);
}

TEST_F(SortCommandsTest, NosortKeepsASetsOwnOrderAndIgnoresDesc) {
  Run({"SADD", "s", "5", "3", "9", "1"});
  Run({"SET", "w_1", "x"});
  EXPECT_THAT(Run({"SORT", "s", "BY", "nosort"}), IsBulkArray({"1", "3", "5", "9"}));
  EXPECT_THAT(Run({"SORT", "s", "BY", "nosort", "DESC", "LIMIT", "1", "2"}),
              IsBulkArray({"3", "5"}));
  // No weight is read, so none can fail; a later BY does not undo "don't sort".
  EXPECT_THAT(Run({"SORT", "s", "BY", "nosort", "BY", "w_*"}), IsBulkArray({"1", "3", "5", "9"}));
}

TEST_F(SortCommandsTest, NosortOfASetWithStoreSortsItByBytes) {
  Run({"SADD", "s", "10", "9", "1", "2"});
  EXPECT_THAT(Run({"SORT", "s", "BY", "nosort", "STORE", "d"}), IsInt(4));
  EXPECT_EQ(ListItems("d"), (Strings{"1", "10", "2", "9"}));
  EXPECT_THAT(Run({"SORT", "s", "BY", "nosort", "DESC", "STORE", "d"}), IsInt(4));
  EXPECT_EQ(ListItems("d"), (Strings{"9", "2", "10", "1"}));
}

TEST_F(SortCommandsTest, NosortOfAListKeepsItsOrderReversedByDescThenLimited) {
  PutList("l", {"5", "3", "9", "1", "7"});
  EXPECT_THAT(Run({"SORT", "l", "BY", "nosort"}), IsBulkArray({"5", "3", "9", "1", "7"}));
  EXPECT_THAT(Run({"SORT", "l", "BY", "nosort", "DESC"}), IsBulkArray({"7", "1", "9", "3", "5"}));
  EXPECT_THAT(Run({"SORT", "l", "BY", "nosort", "LIMIT", "1", "2"}), IsBulkArray({"3", "9"}));
  EXPECT_THAT(Run({"SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "2"}),
              IsBulkArray({"1", "9"}));
  EXPECT_THAT(Run({"SORT", "l", "BY", "nosort", "DESC", "LIMIT", "3", "100"}),
              IsBulkArray({"3", "5"}));
  EXPECT_THAT(Run({"SORT", "l", "BY", "nosort", "LIMIT", "5", "1"}), Renders("[]"));
  EXPECT_THAT(Run({"SORT", "l"}), IsBulkArray({"1", "3", "5", "7", "9"}));
  EXPECT_THAT(Run({"SORT", "l", "DESC", "LIMIT", "1", "3"}), IsBulkArray({"7", "5", "3"}));
}

TEST_F(SortCommandsTest, ListDuplicatesSortAsSeparateElements) {
  PutList("l", {"b", "a", "b", "a"});
  EXPECT_THAT(Run({"SORT", "l", "ALPHA"}), IsBulkArray({"a", "a", "b", "b"}));
  EXPECT_THAT(Run({"SORT", "l", "ALPHA", "DESC", "LIMIT", "1", "2"}), IsBulkArray({"b", "a"}));
}

TEST_F(SortCommandsTest, SortingASortedSetConvertsItToASkiplist) {
  PutZSet("z", {{"c", 3}, {"a", 1}, {"b", 2}, {"d", 0}});
  EXPECT_EQ(EncodingOf("z"), "listpack");
  EXPECT_THAT(Run({"SORT_RO", "z", "BY", "nosort"}), IsBulkArray({"d", "a", "b", "c"}));
  EXPECT_EQ(EncodingOf("z"), "skiplist");
  EXPECT_THAT(Run({"SORT", "z", "BY", "nosort", "DESC"}), IsBulkArray({"c", "b", "a", "d"}));
  EXPECT_THAT(Run({"SORT", "z", "BY", "nosort", "DESC", "LIMIT", "1", "2"}),
              IsBulkArray({"b", "a"}));
  EXPECT_THAT(Run({"SORT", "z", "BY", "nosort", "LIMIT", "-1", "1"}), IsBulkArray({"d"}));
  EXPECT_THAT(Run({"SORT", "z", "ALPHA"}), IsBulkArray({"a", "b", "c", "d"}));
  EXPECT_THAT(Run({"SORT", "z", "BY", "nosort", "STORE", "l"}), IsInt(4));
  EXPECT_EQ(ListItems("l"), (Strings{"d", "a", "b", "c"}));
  // The conversion is not a write.
  EXPECT_THAT(TakeEvents(), ElementsAre("sortstore:l"));
}

TEST_F(SortCommandsTest, StoreWritesAListAndEmitsSortstore) {
  Run({"SADD", "s", "3", "1", "2"});
  Run({"SET", "d", "old"});
  Run({"EXPIRE", "d", "100"});
  TakeEvents();
  TakePropagated();
  int64_t before = Dirty();
  EXPECT_THAT(Run({"SORT", "s", "STORE", "d"}), IsInt(3));
  EXPECT_THAT(Run({"TYPE", "d"}), IsSimple("list"));
  EXPECT_THAT(Run({"TTL", "d"}), IsInt(-1));
  EXPECT_EQ(EncodingOf("d"), "quicklist");
  EXPECT_EQ(ListItems("d"), (Strings{"1", "2", "3"}));
  EXPECT_EQ(Dirty() - before, 3);
  EXPECT_THAT(TakeEvents(), ElementsAre("sortstore:d"));
  EXPECT_THAT(TakePropagated(), ElementsAre(ElementsAre("SORT", "s", "STORE", "d")));
  // GETs that find nothing store empty strings.
  EXPECT_THAT(Run({"SORT", "s", "GET", "#", "GET", "nope_*", "STORE", "d"}), IsInt(6));
  EXPECT_EQ(ListItems("d"), (Strings{"1", "", "2", "", "3", ""}));
}

TEST_F(SortCommandsTest, AnEmptyStoreDeletesTheDestination) {
  Run({"SADD", "s", "1"});
  Run({"SET", "d", "v"});
  TakeEvents();
  TakePropagated();
  int64_t before = Dirty();
  EXPECT_THAT(Run({"SORT", "s", "LIMIT", "0", "0", "STORE", "d"}), IsInt(0));
  EXPECT_THAT(TakeEvents(), ElementsAre("del:d"));
  EXPECT_EQ(Dirty() - before, 1);
  EXPECT_THAT(Run({"EXISTS", "d"}), IsInt(0));
  EXPECT_THAT(Run({"SORT", "nope", "STORE", "d"}), IsInt(0));
  EXPECT_THAT(TakeEvents(), IsEmpty());
  EXPECT_EQ(Dirty() - before, 1);
  EXPECT_THAT(TakePropagated(), ElementsAre(ElementsAre("SORT", "s", "LIMIT", "0", "0",
                                                        "STORE", "d")));
}

TEST_F(SortCommandsTest, StoreIntoTheSortedKeyReplacesIt) {
  Run({"SADD", "s", "2", "1"});
  EXPECT_THAT(Run({"SORT", "s", "STORE", "s"}), IsInt(2));
  EXPECT_EQ(ListItems("s"), (Strings{"1", "2"}));
  EXPECT_THAT(Run({"SORT", "s", "DESC", "STORE", "s"}), IsInt(2));
  EXPECT_EQ(ListItems("s"), (Strings{"2", "1"}));
}

TEST_F(SortCommandsTest, StoreServesAListUsableByLaterSorts) {
  Run({"SADD", "v", "1", "2", "3"});
  Run({"SORT", "v", "GET", "#", "GET", "#", "STORE", "dup"});
  EXPECT_EQ(ListItems("dup"), (Strings{"1", "1", "2", "2", "3", "3"}));
  EXPECT_THAT(Run({"SORT", "dup", "DESC", "LIMIT", "1", "3"}), IsBulkArray({"3", "2", "2"}));
}

TEST_F(SortCommandsTest, AlphaWithoutStoreCollatesAndStopsAtNul) {
  // strcoll() compares C strings, so "a" and "a\0b" tie and keep their load order.
  PutList("l", {std::string("a\0b", 3), "a", std::string("a\0a", 3)});
  EXPECT_THAT(Run({"SORT", "l", "ALPHA"}),
              IsBulkArray({std::string("a\0b", 3), "a", std::string("a\0a", 3)}));
  // With STORE the comparison is by bytes.
  Run({"SORT", "l", "ALPHA", "STORE", "d"});
  EXPECT_EQ(ListItems("d"), (Strings{"a", std::string("a\0a", 3), std::string("a\0b", 3)}));
}

TEST_F(SortCommandsTest, GetkeysReportsTheSortedKeyAndTheLastStore) {
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "SORT", "k", "LIMIT", "0", "1", "STORE", "d", "GET",
                   "x", "BY", "y", "STORE", "e"}),
              IsBulkArray({"k", "e"}));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "SORT", "k", "GET", "store", "d"}), IsBulkArray({"k"}));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "SORT_RO", "k", "BY", "x"}), IsBulkArray({"k"}));
}

TEST_F(SortCommandsTest, Resp3RepliesAreArraysWithNulls) {
  Run({"SADD", "s", "1"});
  Run({"HELLO", "3"});
  EXPECT_THAT(Run({"SORT", "s", "GET", "#", "GET", "nope_*"}), Renders("[\"1\", (nil)]"));
  EXPECT_EQ(Run({"SORT", "s"}).type, RespValue::Type::Array);
}

TEST_F(SortCommandsTest, ALargeSortIsCorrect) {
  std::vector<std::string> argv{"SADD", "s"};
  for (int i = 0; i < 3000; ++i) argv.push_back(std::to_string((i * 7919) % 3000));
  Run(argv);
  RespValue v = Run({"SORT", "s", "LIMIT", "100", "5"});
  EXPECT_THAT(v, IsBulkArray({"100", "101", "102", "103", "104"}));
  RespValue all = Run({"SORT", "s", "DESC"});
  ASSERT_EQ(all.elems.size(), 3000u);
  for (size_t i = 0; i < all.elems.size(); ++i)
    EXPECT_EQ(all.elems[i].str, std::to_string(2999 - i));
}

}  // namespace
}  // namespace eddy::testing
