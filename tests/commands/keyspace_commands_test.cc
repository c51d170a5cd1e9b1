// Generic key commands through the real dispatcher: replies, keyspace events, propagation,
// keyspace hit/miss statistics and expiry driven by the manual clock.
#include <map>
#include <set>

#include "commands/command_test.h"
#include "eddy/keyspace/database.h"

namespace eddy::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

struct Event {
  std::string event, key;
  int db;
  bool operator==(const Event&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Event& e) {
  return os << e.db << ":" << e.event << ":" << e.key;
}

class RecordingNotifier : public KeyspaceNotifier {
 public:
  void notify_keyspace_event(uint32_t, std::string_view event, std::string_view key,
                             int db) override {
    if (event == "keymiss" || event == "new") return;  // "new" has its own tests
    events.push_back({std::string(event), std::string(key), db});
  }
  std::vector<Event> events;
};

class RecordingPropagator : public Propagator {
 public:
  void propagate(int, const std::vector<std::string>& argv) override {
    std::string s;
    for (auto& a : argv) s += (s.empty() ? "" : " ") + a;
    commands.push_back(s);
  }
  std::vector<std::string> commands;
};

// A collection stand-in so these tests do not depend on the types/ layer.
class FakeObject : public Object {
 public:
  FakeObject(Encoding enc, std::string payload) : payload_(std::move(payload)), enc_(enc) {}
  Encoding encoding() const override { return enc_; }
  std::unique_ptr<Object> clone() const override {
    return std::make_unique<FakeObject>(enc_, payload_);
  }
  size_t memory_usage() const override { return payload_.size(); }
  std::string payload_;

 private:
  Encoding enc_;
};

class KeyspaceTest : public CommandTest {
 protected:
  KeyspaceTest() {
    server().set_notifier(&notifier_);
    server().set_propagator(&propagator_);
  }

  void AddObject(std::string_view key, ValueType type, Encoding enc, int db = 0) {
    server().db(db).set(key, Value::object(type, std::make_unique<FakeObject>(enc, "x")));
  }
  // SCAN until the cursor comes back to 0; returns every key seen.
  std::multiset<std::string> ScanAll(std::vector<std::string> options = {}) {
    std::multiset<std::string> seen;
    std::string cursor = "0";
    int calls = 0;
    do {
      std::vector<std::string> argv = {"SCAN", cursor};
      argv.insert(argv.end(), options.begin(), options.end());
      RespValue r = Run(argv);
      EXPECT_EQ(r.type, RespValue::Type::Array) << r.debug();
      if (r.type != RespValue::Type::Array) break;
      cursor = r.elems[0].str;
      for (auto& k : r.elems[1].elems) seen.insert(k.str);
    } while (cursor != "0" && ++calls < 100000);
    return seen;
  }
  uint64_t Hits() { return server().stats().keyspace_hits; }
  uint64_t Misses() { return server().stats().keyspace_misses; }

  RecordingNotifier notifier_;
  RecordingPropagator propagator_;
};

// ---- DEL / UNLINK / EXISTS / TYPE -----------------------------------------------------

TEST_F(KeyspaceTest, DelCountsEachExistingKeyOnce) {
  Run({"SET", "a", "1"});
  Run({"SET", "b", "2"});
  EXPECT_THAT(Run({"DEL", "a", "a", "nokey", "b"}), IsInt(2));
  EXPECT_THAT(Run({"DEL", "a"}), IsInt(0));
  EXPECT_THAT(Run({"EXISTS", "a", "b"}), IsInt(0));
  EXPECT_THAT(Run({"DEL"}), IsError("ERR wrong number of arguments for 'del' command"));
}

TEST_F(KeyspaceTest, DelEmitsOneDelEventAndPropagatesOnlyWhenSomethingWasDeleted) {
  Run({"SET", "a", "1"});
  notifier_.events.clear();
  propagator_.commands.clear();
  Run({"DEL", "nokey"});
  EXPECT_THAT(propagator_.commands, IsEmpty());
  Run({"DEL", "a", "nokey"});
  EXPECT_THAT(notifier_.events, ElementsAre(Event{"del", "a", 0}));
  EXPECT_THAT(propagator_.commands, ElementsAre("DEL a nokey"));
}

TEST_F(KeyspaceTest, UnlinkDeletesLikeDel) {
  Run({"SET", "a", "1"});
  Run({"SET", "b", "1"});
  notifier_.events.clear();
  EXPECT_THAT(Run({"UNLINK", "a", "b", "b", "c"}), IsInt(2));
  EXPECT_THAT(notifier_.events, ElementsAre(Event{"del", "a", 0}, Event{"del", "b", 0}));
  EXPECT_THAT(Run({"UNLINK"}), IsError("ERR wrong number of arguments for 'unlink' command"));
}

TEST_F(KeyspaceTest, DelOfAnExpiredKeyCountsNothingButReportsTheExpiry) {
  Run({"SET", "a", "1"});
  Run({"PEXPIRE", "a", "10"});
  AdvanceClock(11);
  notifier_.events.clear();
  EXPECT_THAT(Run({"DEL", "a"}), IsInt(0));
  EXPECT_THAT(notifier_.events, ElementsAre(Event{"expired", "a", 0}));
}

TEST_F(KeyspaceTest, ExistsCountsRepeatedKeysEachTime) {
  Run({"SET", "a", "1"});
  EXPECT_THAT(Run({"EXISTS", "a", "a", "nokey", "a"}), IsInt(3));
  EXPECT_THAT(Run({"EXISTS", "nokey"}), IsInt(0));
  EXPECT_THAT(Run({"EXISTS"}), IsError("ERR wrong number of arguments for 'exists' command"));
}

TEST_F(KeyspaceTest, ReadLookupsCountKeyspaceHitsAndMisses) {
  Run({"SET", "a", "1"});
  uint64_t h = Hits(), m = Misses();
  Run({"EXISTS", "a", "nokey"});
  EXPECT_EQ(Hits() - h, 1u);
  EXPECT_EQ(Misses() - m, 1u);
  Run({"TYPE", "a"});
  Run({"TTL", "nokey"});
  Run({"PTTL", "a"});
  Run({"EXPIRETIME", "a"});
  Run({"PEXPIRETIME", "nokey"});
  Run({"OBJECT", "ENCODING", "a"});
  Run({"TOUCH", "a", "nokey"});
  EXPECT_EQ(Hits() - h, 6u);
  EXPECT_EQ(Misses() - m, 4u);
}

TEST_F(KeyspaceTest, WriteCommandsAndKeysDoNotCountKeyspaceHits) {
  Run({"SET", "a", "1"});
  uint64_t h = Hits(), m = Misses();
  Run({"EXPIRE", "a", "100"});
  Run({"PERSIST", "a"});
  Run({"RENAME", "a", "b"});
  Run({"MOVE", "b", "1"});
  Run({"DEL", "nokey"});
  Run({"KEYS", "*"});
  Run({"SCAN", "0"});
  Run({"RANDOMKEY"});
  EXPECT_EQ(Hits(), h);
  EXPECT_EQ(Misses(), m);
}

TEST_F(KeyspaceTest, TypeNamesEveryKindOfValue) {
  Run({"SET", "s", "v"});
  AddObject("l", ValueType::List, Encoding::Quicklist);
  AddObject("st", ValueType::Set, Encoding::Intset);
  AddObject("z", ValueType::ZSet, Encoding::Skiplist);
  AddObject("h", ValueType::Hash, Encoding::Listpack);
  AddObject("x", ValueType::Stream, Encoding::Stream);
  EXPECT_THAT(Run({"TYPE", "s"}), IsSimple("string"));
  EXPECT_THAT(Run({"TYPE", "l"}), IsSimple("list"));
  EXPECT_THAT(Run({"TYPE", "st"}), IsSimple("set"));
  EXPECT_THAT(Run({"TYPE", "z"}), IsSimple("zset"));
  EXPECT_THAT(Run({"TYPE", "h"}), IsSimple("hash"));
  EXPECT_THAT(Run({"TYPE", "x"}), IsSimple("stream"));
  EXPECT_THAT(Run({"TYPE", "nokey"}), IsSimple("none"));
  EXPECT_THAT(Run({"TYPE", "a", "b"}), IsError("ERR wrong number of arguments for 'type' command"));
}

// ---- RENAME / RENAMENX ------------------------------------------------------------------

TEST_F(KeyspaceTest, RenameMovesTheValueAndItsTtl) {
  Run({"SET", "a", "1"});
  Run({"EXPIRE", "a", "100"});
  EXPECT_THAT(Run({"RENAME", "a", "b"}), IsOk());
  EXPECT_THAT(Run({"EXISTS", "a"}), IsInt(0));
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("1"));
  EXPECT_THAT(Run({"TTL", "b"}), IsInt(100));
}

TEST_F(KeyspaceTest, RenameOverwritesTheDestinationAndItsTtl) {
  Run({"SET", "a", "new"});
  Run({"SET", "b", "old"});
  Run({"EXPIRE", "b", "100"});
  EXPECT_THAT(Run({"RENAME", "a", "b"}), IsOk());
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("new"));
  EXPECT_THAT(Run({"TTL", "b"}), IsInt(-1));
  EXPECT_EQ(server().db(0).expires_size(), 0u);
}

TEST_F(KeyspaceTest, RenameEmitsFromAndToEventsAndCountsOneChange) {
  Run({"SET", "a", "1"});
  notifier_.events.clear();
  propagator_.commands.clear();
  int64_t dirty = server().stats().dirty;
  Run({"RENAME", "a", "b"});
  EXPECT_EQ(server().stats().dirty - dirty, 1);
  EXPECT_THAT(notifier_.events,
              ElementsAre(Event{"rename_from", "a", 0}, Event{"rename_to", "b", 0}));
  EXPECT_THAT(propagator_.commands, ElementsAre("RENAME a b"));
}

TEST_F(KeyspaceTest, RenameOfAMissingKeyIsAnError) {
  EXPECT_THAT(Run({"RENAME", "nokey", "x"}), IsError("ERR no such key"));
  EXPECT_THAT(Run({"RENAMENX", "nokey", "x"}), IsError("ERR no such key"));
  EXPECT_THAT(Run({"RENAME", "nokey", "nokey"}), IsError("ERR no such key"));
  Run({"SET", "e", "v"});
  Run({"PEXPIRE", "e", "5"});
  AdvanceClock(6);
  EXPECT_THAT(Run({"RENAME", "e", "x"}), IsError("ERR no such key"));
}

TEST_F(KeyspaceTest, RenameToItselfChangesNothing) {
  Run({"SET", "a", "1"});
  Run({"EXPIRE", "a", "50"});
  notifier_.events.clear();
  propagator_.commands.clear();
  EXPECT_THAT(Run({"RENAME", "a", "a"}), IsOk());
  EXPECT_THAT(Run({"RENAMENX", "a", "a"}), IsInt(0));
  EXPECT_THAT(notifier_.events, IsEmpty());
  EXPECT_THAT(propagator_.commands, IsEmpty());
  EXPECT_THAT(Run({"TTL", "a"}), IsInt(50));
}

TEST_F(KeyspaceTest, RenamenxOnlyRenamesOntoAMissingKey) {
  Run({"SET", "a", "1"});
  Run({"SET", "b", "2"});
  EXPECT_THAT(Run({"RENAMENX", "a", "b"}), IsInt(0));
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("2"));
  Run({"PEXPIRE", "a", "7000"});
  EXPECT_THAT(Run({"RENAMENX", "a", "c"}), IsInt(1));
  EXPECT_THAT(Run({"GET", "c"}), IsBulk("1"));
  EXPECT_THAT(Run({"PTTL", "c"}), IsInt(7000));
  EXPECT_THAT(Run({"RENAMENX", "c"}),
              IsError("ERR wrong number of arguments for 'renamenx' command"));
}

TEST_F(KeyspaceTest, RenameInvalidatesWatchOnBothKeys) {
  Client* other = NewClient();
  Run({"SET", "a", "1"});
  Run({"WATCH", "b"});
  Run({"RENAME", "a", "b"}, other);
  Run({"MULTI"});
  Run({"GET", "b"});
  EXPECT_THAT(Run({"EXEC"}), IsNilArray());
}

// ---- KEYS -------------------------------------------------------------------------------

TEST_F(KeyspaceTest, KeysMatchesGlobPatterns) {
  for (const char* k : {"a", "ab", "abc", "b", "a*", "[x"}) Run({"SET", k, "1"});
  auto keys = [&](std::string p) {
    std::set<std::string> out;
    for (auto& e : Run({"KEYS", p}).elems) out.insert(e.str);
    return out;
  };
  EXPECT_EQ(keys("*"), (std::set<std::string>{"a", "ab", "abc", "b", "a*", "[x"}));
  EXPECT_EQ(keys("a?"), (std::set<std::string>{"ab", "a*"}));
  EXPECT_EQ(keys("a\\*"), (std::set<std::string>{"a*"}));
  EXPECT_EQ(keys("[^a]"), (std::set<std::string>{"b"}));
  EXPECT_EQ(keys("\\[x"), (std::set<std::string>{"[x"}));
  EXPECT_EQ(keys("[x"), (std::set<std::string>{}));
  EXPECT_EQ(keys("nomatch"), (std::set<std::string>{}));
  EXPECT_THAT(Run({"KEYS"}), IsError("ERR wrong number of arguments for 'keys' command"));
}

TEST_F(KeyspaceTest, KeysStarListsTheEmptyKeyButOtherPatternsDoNot) {
  Run({"SET", "", "v"});
  EXPECT_THAT(Run({"KEYS", "*"}), IsBulkArray({""}));
  EXPECT_THAT(Run({"KEYS", "**"}), IsBulkArray({}));
  EXPECT_THAT(Run({"KEYS", ""}), IsBulkArray({""}));
}

TEST_F(KeyspaceTest, KeysLeavesOutExpiredKeysWithoutDeletingThem) {
  Run({"SET", "live", "1"});
  Run({"SET", "dead", "1"});
  Run({"PEXPIRE", "dead", "10"});
  AdvanceClock(11);
  notifier_.events.clear();
  EXPECT_THAT(Run({"KEYS", "*"}), IsBulkArray({"live"}));
  EXPECT_EQ(server().db(0).size(), 2u);
  EXPECT_THAT(notifier_.events, IsEmpty());
}

// ---- SCAN -------------------------------------------------------------------------------

TEST_F(KeyspaceTest, ScanIteratesTheWholeKeyspaceAcrossCalls) {
  for (int i = 0; i < 1000; ++i) Run({"SET", "key:" + std::to_string(i), "v"});
  auto seen = ScanAll();
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), 1000u);
  EXPECT_EQ(seen.size(), 1000u);  // no resize happened: no duplicates either
}

TEST_F(KeyspaceTest, ScanReturnsEveryStableKeyWhileTheKeyspaceGrowsBetweenCalls) {
  for (int i = 0; i < 100; ++i) Run({"SET", "stable:" + std::to_string(i), "v"});
  std::set<std::string> seen;
  std::string cursor = "0";
  int added = 0;
  do {
    RespValue r = Run({"SCAN", cursor, "COUNT", "5"});
    cursor = r.elems[0].str;
    for (auto& k : r.elems[1].elems) seen.insert(k.str);
    for (int j = 0; j < 40; ++j) Run({"SET", "new:" + std::to_string(added++), "v"});
  } while (cursor != "0");
  for (int i = 0; i < 100; ++i) EXPECT_EQ(seen.count("stable:" + std::to_string(i)), 1u) << i;
}

TEST_F(KeyspaceTest, ScanReturnsEveryStableKeyWhileTheKeyspaceShrinksBetweenCalls) {
  for (int i = 0; i < 50; ++i) Run({"SET", "stable:" + std::to_string(i), "v"});
  for (int i = 0; i < 3000; ++i) Run({"SET", "temp:" + std::to_string(i), "v"});
  std::set<std::string> seen;
  std::string cursor = "0";
  int removed = 0;
  do {
    RespValue r = Run({"SCAN", cursor, "COUNT", "20"});
    cursor = r.elems[0].str;
    for (auto& k : r.elems[1].elems) seen.insert(k.str);
    for (int j = 0; j < 300 && removed < 3000; ++j)
      Run({"DEL", "temp:" + std::to_string(removed++)});
    server().db(0).rehash_tick();  // the cron's shrink + incremental rehash
  } while (cursor != "0");
  for (int i = 0; i < 50; ++i) EXPECT_EQ(seen.count("stable:" + std::to_string(i)), 1u) << i;
}

TEST_F(KeyspaceTest, ScanFiltersByMatchAndType) {
  Run({"SET", "a1", "v"});
  Run({"SET", "a2", "v"});
  Run({"SET", "b1", "v"});
  AddObject("a3", ValueType::List, Encoding::Quicklist);
  auto seen = ScanAll({"MATCH", "a*"});
  EXPECT_THAT(seen, UnorderedElementsAre("a1", "a2", "a3"));
  seen = ScanAll({"MATCH", "a*", "TYPE", "STRING"});
  EXPECT_THAT(seen, UnorderedElementsAre("a1", "a2"));
  seen = ScanAll({"TYPE", "list"});
  EXPECT_THAT(seen, UnorderedElementsAre("a3"));
  EXPECT_THAT(ScanAll({"TYPE", "nosuchtype"}), IsEmpty());
  // The last MATCH / COUNT wins.
  EXPECT_THAT(ScanAll({"MATCH", "a*", "MATCH", "b*", "COUNT", "1", "COUNT", "100"}),
              UnorderedElementsAre("b1"));
}

TEST_F(KeyspaceTest, ScanDeletesExpiredKeysItMeets) {
  Run({"SET", "live", "1"});
  Run({"SET", "dead", "1"});
  Run({"SET", "other", "1"});
  Run({"PEXPIRE", "dead", "10"});
  Run({"PEXPIRE", "other", "10"});
  AdvanceClock(11);
  notifier_.events.clear();
  // A key filtered out by MATCH is not looked at.
  EXPECT_THAT(ScanAll({"MATCH", "d*"}), IsEmpty());
  EXPECT_THAT(notifier_.events, ElementsAre(Event{"expired", "dead", 0}));
  EXPECT_EQ(server().db(0).size(), 2u);
  EXPECT_THAT(ScanAll(), UnorderedElementsAre("live"));
  EXPECT_EQ(server().db(0).size(), 1u);
}

TEST_F(KeyspaceTest, ScanTypeFilterCountsAReadPerCandidateKey) {
  Run({"SET", "a", "1"});
  Run({"SET", "b", "1"});
  uint64_t h = Hits();
  ScanAll({"TYPE", "string"});
  EXPECT_EQ(Hits() - h, 2u);
  h = Hits();
  ScanAll({"MATCH", "a", "TYPE", "list"});
  EXPECT_EQ(Hits() - h, 1u);
}

TEST_F(KeyspaceTest, ScanRejectsBadCursorsAndOptions) {
  Run({"SET", "a", "1"});
  for (const char* c : {"abc", " 1", "1 ", "18446744073709551616", "-", "0x10", "1.5"})
    EXPECT_THAT(Run({"SCAN", c}), IsError("ERR invalid cursor")) << c;
  EXPECT_THAT(Run({"SCAN", "abc", "FOO"}), IsError("ERR invalid cursor"));
  EXPECT_THAT(Run({"SCAN", "0", "COUNT", "0"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"SCAN", "0", "COUNT", "-1"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"SCAN", "0", "COUNT", "abc"}),
              IsError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"SCAN", "0", "COUNT", "01"}),
              IsError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"SCAN", "0", "COUNT"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"SCAN", "0", "MATCH"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"SCAN", "0", "TYPE"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"SCAN", "0", "FOO", "bar"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"SCAN"}), IsError("ERR wrong number of arguments for 'scan' command"));
}

TEST_F(KeyspaceTest, ScanAcceptsTheCursorSpellingsStrtoulAccepts) {
  Run({"SET", "a", "1"});
  for (const char* c : {"", "+0", "00", "-0"})
    EXPECT_THAT(Run({"SCAN", c}), Renders("[\"0\", [\"a\"]]")) << c;
  // "-1" wraps to the largest cursor; with a single bucket chain it ends the scan.
  EXPECT_EQ(Run({"SCAN", "-1"}).elems[0].str, "0");
  EXPECT_EQ(Run({"SCAN", "18446744073709551615"}).elems[0].str, "0");
}

TEST_F(KeyspaceTest, ScanOfAnEmptyDatabaseEndsAtOnce) {
  EXPECT_THAT(Run({"SCAN", "0"}), Renders("[\"0\", []]"));
  EXPECT_THAT(Run({"SCAN", "12345"}), Renders("[\"0\", []]"));
}

// ---- RANDOMKEY ----------------------------------------------------------------------------

TEST_F(KeyspaceTest, RandomkeyReturnsNilOnAnEmptyDatabase) {
  EXPECT_THAT(Run({"RANDOMKEY"}), IsNil());
  Run({"SET", "only", "v"});
  EXPECT_THAT(Run({"RANDOMKEY"}), IsBulk("only"));
  EXPECT_THAT(Run({"RANDOMKEY", "x"}),
              IsError("ERR wrong number of arguments for 'randomkey' command"));
}

TEST_F(KeyspaceTest, RandomkeyNeverReturnsAnExpiredKey) {
  for (int i = 0; i < 20; ++i) {
    Run({"SET", "dead" + std::to_string(i), "v"});
    Run({"PEXPIRE", "dead" + std::to_string(i), "5"});
  }
  Run({"SET", "live", "v"});
  AdvanceClock(6);
  for (int i = 0; i < 10; ++i) EXPECT_THAT(Run({"RANDOMKEY"}), IsBulk("live"));
  Run({"DEL", "live"});
  EXPECT_THAT(Run({"RANDOMKEY"}), IsNil());
  EXPECT_EQ(server().db(0).size(), 0u);
}

// ---- EXPIRE family ------------------------------------------------------------------------

TEST_F(KeyspaceTest, ExpireSetsATtlThatTtlReportsRounded) {
  Run({"SET", "k", "v"});
  EXPECT_THAT(Run({"EXPIRE", "k", "100"}), IsInt(1));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(100));
  EXPECT_THAT(Run({"PTTL", "k"}), IsInt(100000));
  AdvanceClock(499);
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(100));  // 99.501 s rounds up
  AdvanceClock(1);
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(100));  // 99.5 s rounds half up
  AdvanceClock(1);
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(99));
}

TEST_F(KeyspaceTest, KeyExpiresAfterItsLastMillisecond) {
  Run({"SET", "k", "v"});
  Run({"PEXPIRE", "k", "100"});
  AdvanceClock(100);
  EXPECT_THAT(Run({"PTTL", "k"}), IsInt(0));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("v"));
  AdvanceClock(1);
  notifier_.events.clear();
  EXPECT_THAT(Run({"PTTL", "k"}), IsInt(-2));
  EXPECT_THAT(notifier_.events, ElementsAre(Event{"expired", "k", 0}));
}

TEST_F(KeyspaceTest, ExpireOptionsThatConflictAreErrors) {
  Run({"SET", "k", "v"});
  const char* nx_err = "ERR NX and XX, GT or LT options at the same time are not compatible";
  const char* gtlt_err = "ERR GT and LT options at the same time are not compatible";
  EXPECT_THAT(Run({"EXPIRE", "k", "10", "NX", "XX"}), IsError(nx_err));
  EXPECT_THAT(Run({"EXPIRE", "k", "10", "nx", "gt"}), IsError(nx_err));
  EXPECT_THAT(Run({"PEXPIRE", "k", "10", "lt", "NX"}), IsError(nx_err));
  EXPECT_THAT(Run({"EXPIRE", "k", "10", "GT", "LT"}), IsError(gtlt_err));
  EXPECT_THAT(Run({"EXPIREAT", "nokey", "10", "NX", "XX"}), IsError(nx_err));
  EXPECT_THAT(Run({"EXPIRE", "k", "10", "FoO"}), IsError("ERR Unsupported option FoO"));
  // Options are checked before the time is parsed.
  EXPECT_THAT(Run({"EXPIRE", "k", "abc", "foo"}), IsError("ERR Unsupported option foo"));
  EXPECT_THAT(Run({"EXPIRE", "k", "9223372036854775807", "nx", "xx"}), IsError(nx_err));
  EXPECT_THAT(Run({"EXPIRE", "k", "abc"}), IsError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"PEXPIRE", "k", "1.5"}),
              IsError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"EXPIRE", "k"}), IsError("ERR wrong number of arguments for 'expire' command"));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(-1));
}

TEST_F(KeyspaceTest, ExpireTimesThatOverflowAreInvalid) {
  Run({"SET", "k", "v"});
  EXPECT_THAT(Run({"EXPIRE", "k", "9223372036854775807"}),
              IsError("ERR invalid expire time in 'expire' command"));
  EXPECT_THAT(Run({"expire", "nokey", "9223372036854775"}),
              IsError("ERR invalid expire time in 'expire' command"));
  EXPECT_THAT(Run({"EXPIRE", "k", "-9223372036854775808"}),
              IsError("ERR invalid expire time in 'expire' command"));
  EXPECT_THAT(Run({"PEXPIRE", "k", "9223372036854775807"}),
              IsError("ERR invalid expire time in 'pexpire' command"));
  EXPECT_THAT(Run({"EXPIREAT", "k", "9223372036854776"}),
              IsError("ERR invalid expire time in 'expireat' command"));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(-1));
  // The absolute millisecond form takes the whole range.
  EXPECT_THAT(Run({"EXPIREAT", "k", "9223372036854775"}), IsInt(1));
  EXPECT_THAT(Run({"PEXPIREAT", "k", "9223372036854775807"}), IsInt(1));
  EXPECT_THAT(Run({"EXPIRETIME", "k"}), IsInt(9223372036854776LL));
  EXPECT_THAT(Run({"PEXPIRETIME", "k"}), IsInt(9223372036854775807LL));
}

TEST_F(KeyspaceTest, ExpireNxXxGtLtCompareWithTheCurrentTtl) {
  Run({"SET", "k", "v"});
  // No TTL yet: XX and GT refuse (no TTL counts as infinite), LT and NX accept.
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "XX"}), IsInt(0));
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "GT"}), IsInt(0));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(-1));
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "LT"}), IsInt(1));
  EXPECT_THAT(Run({"EXPIRE", "k", "200", "NX"}), IsInt(0));
  EXPECT_THAT(Run({"PERSIST", "k"}), IsInt(1));
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "NX"}), IsInt(1));
  // With a TTL of 100 s.
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "GT"}), IsInt(0));  // equal is not greater
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "LT"}), IsInt(0));
  EXPECT_THAT(Run({"EXPIRE", "k", "200", "GT"}), IsInt(1));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(200));
  EXPECT_THAT(Run({"EXPIRE", "k", "50", "xx", "lt"}), IsInt(1));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(50));
  EXPECT_THAT(Run({"EXPIRE", "k", "60", "XX", "LT"}), IsInt(0));
  EXPECT_THAT(Run({"PEXPIREAT", "k", std::to_string(NowMs() + 40000), "GT"}), IsInt(0));
  EXPECT_THAT(Run({"PEXPIREAT", "k", std::to_string(NowMs() + 40000), "LT"}), IsInt(1));
  EXPECT_THAT(Run({"PTTL", "k"}), IsInt(40000));
}

TEST_F(KeyspaceTest, ExpireOnAMissingKeyReturnsZeroAndPropagatesNothing) {
  propagator_.commands.clear();
  EXPECT_THAT(Run({"EXPIRE", "nokey", "10"}), IsInt(0));
  EXPECT_THAT(Run({"PEXPIREAT", "nokey", "10"}), IsInt(0));
  EXPECT_THAT(propagator_.commands, IsEmpty());
}

TEST_F(KeyspaceTest, ExpirePropagatesAsAbsolutePexpireatKeepingItsOptions) {
  Run({"SET", "k", "v"});
  propagator_.commands.clear();
  notifier_.events.clear();
  int64_t now = NowMs();
  Run({"EXPIRE", "k", "100", "nx"});
  Run({"PEXPIRE", "k", "200000", "GT"});
  Run({"EXPIREAT", "k", "2000000000"});
  Run({"pexpireat", "k", "2000000000500", "xx"});
  Run({"PEXPIREAT", "k", "1", "GT"});  // refused: nothing to propagate
  EXPECT_THAT(propagator_.commands,
              ElementsAre("PEXPIREAT k " + std::to_string(now + 100000) + " nx",
                          "PEXPIREAT k " + std::to_string(now + 200000) + " GT",
                          "PEXPIREAT k 2000000000000", "pexpireat k 2000000000500 xx"));
  EXPECT_EQ(notifier_.events.size(), 4u);
  EXPECT_EQ(notifier_.events[0], (Event{"expire", "k", 0}));
}

TEST_F(KeyspaceTest, ExpireInThePastDeletesTheKeyAndPropagatesDel) {
  for (std::vector<std::string> cmd :
       {std::vector<std::string>{"EXPIRE", "k", "-1"}, {"PEXPIRE", "k", "0"},
        {"EXPIREAT", "k", "1"}, {"PEXPIREAT", "k", "-9223372036854775808"},
        {"PEXPIREAT", "k", std::to_string(NowMs())}, {"EXPIRE", "k", "-9223372036854775"}}) {
    Run({"SET", "k", "v"});
    notifier_.events.clear();
    propagator_.commands.clear();
    EXPECT_THAT(Run(cmd), IsInt(1)) << cmd[0] << " " << cmd[2];
    EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
    EXPECT_THAT(notifier_.events, ElementsAre(Event{"del", "k", 0}));
    EXPECT_THAT(propagator_.commands, ElementsAre("DEL k"));
  }
}

TEST_F(KeyspaceTest, ExpireInvalidatesWatch) {
  Client* other = NewClient();
  Run({"SET", "k", "v"});
  Run({"WATCH", "k"});
  Run({"EXPIRE", "k", "100"}, other);
  Run({"MULTI"});
  Run({"GET", "k"});
  EXPECT_THAT(Run({"EXEC"}), IsNilArray());
}

// ---- TTL family / PERSIST ---------------------------------------------------------------

TEST_F(KeyspaceTest, TtlFamilyReportsMissingAndPersistentKeys) {
  for (const char* cmd : {"TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"}) {
    EXPECT_THAT(Run({cmd, "nokey"}), IsInt(-2)) << cmd;
    Run({"SET", "k", "v"});
    EXPECT_THAT(Run({cmd, "k"}), IsInt(-1)) << cmd;
    EXPECT_THAT(Run({cmd}), IsErrorPrefix("ERR wrong number of arguments")) << cmd;
  }
}

TEST_F(KeyspaceTest, ExpiretimeRoundsToTheNearestSecond) {
  Run({"SET", "k", "v"});
  Run({"PEXPIREAT", "k", "4000000000499"});
  EXPECT_THAT(Run({"EXPIRETIME", "k"}), IsInt(4000000000));
  EXPECT_THAT(Run({"PEXPIRETIME", "k"}), IsInt(4000000000499LL));
  Run({"PEXPIREAT", "k", "4000000000500"});
  EXPECT_THAT(Run({"EXPIRETIME", "k"}), IsInt(4000000001));
}

TEST_F(KeyspaceTest, PersistRemovesTheTtlOnce) {
  Run({"SET", "k", "v"});
  Run({"EXPIRE", "k", "100"});
  notifier_.events.clear();
  EXPECT_THAT(Run({"PERSIST", "k"}), IsInt(1));
  EXPECT_THAT(notifier_.events, ElementsAre(Event{"persist", "k", 0}));
  EXPECT_THAT(Run({"PERSIST", "k"}), IsInt(0));
  EXPECT_THAT(Run({"PERSIST", "nokey"}), IsInt(0));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(-1));
  AdvanceClock(200000);
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(1));
}

// ---- COPY -------------------------------------------------------------------------------

TEST_F(KeyspaceTest, CopyDuplicatesTheValueAndTtl) {
  Run({"SET", "a", "hello"});
  Run({"PEXPIRE", "a", "5000"});
  notifier_.events.clear();
  EXPECT_THAT(Run({"COPY", "a", "b"}), IsInt(1));
  EXPECT_THAT(notifier_.events, ElementsAre(Event{"copy_to", "b", 0}));
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("hello"));
  EXPECT_THAT(Run({"PTTL", "b"}), IsInt(5000));
  Run({"SET", "a", "changed"});
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("hello"));
  EXPECT_THAT(Run({"COPY", "a", "b"}), IsInt(0));
  EXPECT_THAT(Run({"COPY", "a", "b", "REPLACE"}), IsInt(1));
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("changed"));
  EXPECT_THAT(Run({"TTL", "b"}), IsInt(-1));
}

TEST_F(KeyspaceTest, CopyOfACollectionIsADeepCopy) {
  AddObject("l", ValueType::List, Encoding::Quicklist);
  EXPECT_THAT(Run({"COPY", "l", "l2"}), IsInt(1));
  Entry* a = server().db(0).find("l");
  Entry* b = server().db(0).find("l2");
  ASSERT_NE(b, nullptr);
  EXPECT_NE(a->val.obj(), b->val.obj());
  EXPECT_EQ(b->val.as<FakeObject>()->payload_, "x");
  EXPECT_THAT(Run({"TYPE", "l2"}), IsSimple("list"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "l2"}), IsBulk("quicklist"));
}

TEST_F(KeyspaceTest, CopyToAnotherDatabase) {
  Run({"SET", "a", "1"});
  notifier_.events.clear();
  EXPECT_THAT(Run({"COPY", "a", "a", "DB", "1"}), IsInt(1));
  EXPECT_THAT(notifier_.events, ElementsAre(Event{"copy_to", "a", 1}));
  EXPECT_THAT(Run({"COPY", "a", "x", "db", "2", "replace"}), IsInt(1));
  EXPECT_THAT(Run({"COPY", "a", "x", "DB", "1", "DB", "2"}), IsInt(0));
  Run({"SELECT", "2"});
  EXPECT_THAT(Run({"GET", "x"}), IsBulk("1"));
}

TEST_F(KeyspaceTest, CopyErrors) {
  Run({"SET", "a", "1"});
  EXPECT_THAT(Run({"COPY", "a", "a"}), IsError("ERR source and destination objects are the same"));
  EXPECT_THAT(Run({"COPY", "a", "a", "DB", "0"}),
              IsError("ERR source and destination objects are the same"));
  EXPECT_THAT(Run({"COPY", "a", "x", "DB", "16"}), IsError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"COPY", "a", "x", "DB", "-1"}), IsError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"COPY", "nokey", "x", "DB", "99"}), IsError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"COPY", "a", "x", "DB", "abc"}),
              IsError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"COPY", "a", "x", "DB", "99999999999"}),
              IsError("ERR value is out of range, value must between -2147483648 and 2147483647"));
  EXPECT_THAT(Run({"COPY", "a", "x", "DB"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"COPY", "a", "x", "FOO"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"COPY", "a", "x", "FOO", "DB", "99"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"COPY", "a", "x", "DB", "99", "FOO"}), IsError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"COPY", "nokey", "x"}), IsInt(0));
  EXPECT_THAT(Run({"COPY", "a"}), IsError("ERR wrong number of arguments for 'copy' command"));
}

// ---- MOVE -------------------------------------------------------------------------------

TEST_F(KeyspaceTest, MoveTransfersTheKeyAndTtlToAnotherDatabase) {
  Run({"SET", "k", "v"});
  Run({"PEXPIRE", "k", "9000"});
  notifier_.events.clear();
  int64_t dirty = server().stats().dirty;
  EXPECT_THAT(Run({"MOVE", "k", "1"}), IsInt(1));
  EXPECT_EQ(server().stats().dirty - dirty, 1);
  EXPECT_THAT(notifier_.events,
              ElementsAre(Event{"move_from", "k", 0}, Event{"move_to", "k", 1}));
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
  Run({"SELECT", "1"});
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("v"));
  EXPECT_THAT(Run({"PTTL", "k"}), IsInt(9000));
}

TEST_F(KeyspaceTest, MoveRefusesAnExistingDestinationOrMissingSource) {
  Run({"SET", "k", "mine"});
  Run({"SELECT", "1"});
  Run({"SET", "k", "theirs"});
  Run({"SELECT", "0"});
  EXPECT_THAT(Run({"MOVE", "k", "1"}), IsInt(0));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("mine"));
  EXPECT_THAT(Run({"MOVE", "nokey", "1"}), IsInt(0));
}

TEST_F(KeyspaceTest, MoveErrors) {
  Run({"SET", "k", "v"});
  EXPECT_THAT(Run({"MOVE", "k", "0"}), IsError("ERR source and destination objects are the same"));
  EXPECT_THAT(Run({"MOVE", "nokey", "0"}),
              IsError("ERR source and destination objects are the same"));
  EXPECT_THAT(Run({"MOVE", "k", "16"}), IsError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"MOVE", "k", "-1"}), IsError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"MOVE", "k", "01"}), IsError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"MOVE", "k", "1.0"}), IsError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"MOVE", "k", "9223372036854775807"}),
              IsError("ERR value is out of range, value must between -2147483648 and 2147483647"));
  EXPECT_THAT(Run({"MOVE", "k"}), IsError("ERR wrong number of arguments for 'move' command"));
}

// ---- TOUCH / OBJECT ---------------------------------------------------------------------

TEST_F(KeyspaceTest, TouchCountsExistingKeysAndResetsTheirIdleTime) {
  Run({"SET", "a", "1"});
  AdvanceClock(30000);
  EXPECT_THAT(Run({"OBJECT", "IDLETIME", "a"}), IsInt(30));
  EXPECT_THAT(Run({"TOUCH", "a", "a", "nokey"}), IsInt(2));
  EXPECT_THAT(Run({"OBJECT", "IDLETIME", "a"}), IsInt(0));
  EXPECT_THAT(Run({"TOUCH"}), IsError("ERR wrong number of arguments for 'touch' command"));
}

TEST_F(KeyspaceTest, IntrospectionReadsDoNotResetIdleTime) {
  Run({"SET", "a", "1"});
  AdvanceClock(10000);
  Run({"TYPE", "a"});
  Run({"EXISTS", "a"});
  Run({"TTL", "a"});
  Run({"OBJECT", "ENCODING", "a"});
  EXPECT_THAT(Run({"OBJECT", "IDLETIME", "a"}), IsInt(10));
}

TEST_F(KeyspaceTest, NoTouchClientsLeaveIdleTimeAloneExceptThroughTouch) {
  Run({"SET", "a", "1"});
  AdvanceClock(10000);
  client()->set(kClientNoTouch);
  Run({"COPY", "a", "b"});  // a read lookup of "a"
  EXPECT_THAT(Run({"OBJECT", "IDLETIME", "a"}), IsInt(10));
  Run({"TOUCH", "a"});
  EXPECT_THAT(Run({"OBJECT", "IDLETIME", "a"}), IsInt(0));
}

TEST_F(KeyspaceTest, ObjectEncodingUsesRedisNames) {
  Run({"SET", "i", "12345"});
  Run({"SET", "e", "hello"});
  Run({"SET", "r", std::string(45, 'x')});
  Run({"SET", "e44", std::string(44, 'x')});
  Run({"SET", "lead0", "007"});
  AddObject("z", ValueType::ZSet, Encoding::Skiplist);
  AddObject("s", ValueType::Set, Encoding::Intset);
  AddObject("h", ValueType::Hash, Encoding::Hashtable);
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "i"}), IsBulk("int"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "e"}), IsBulk("embstr"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "r"}), IsBulk("raw"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "e44"}), IsBulk("embstr"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "lead0"}), IsBulk("embstr"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "z"}), IsBulk("skiplist"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "s"}), IsBulk("intset"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "h"}), IsBulk("hashtable"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "nokey"}), IsNil());
}

TEST_F(KeyspaceTest, ObjectRefcountReportsSharedSmallIntegers) {
  Run({"SET", "small", "9999"});
  Run({"SET", "zero", "0"});
  Run({"SET", "big", "10000"});
  Run({"SET", "neg", "-1"});
  Run({"SET", "str", "hello"});
  EXPECT_THAT(Run({"OBJECT", "REFCOUNT", "small"}), IsInt(2147483647));
  EXPECT_THAT(Run({"OBJECT", "REFCOUNT", "zero"}), IsInt(2147483647));
  EXPECT_THAT(Run({"OBJECT", "REFCOUNT", "big"}), IsInt(1));
  EXPECT_THAT(Run({"OBJECT", "REFCOUNT", "neg"}), IsInt(1));
  EXPECT_THAT(Run({"OBJECT", "REFCOUNT", "str"}), IsInt(1));
  EXPECT_THAT(Run({"OBJECT", "REFCOUNT", "nokey"}), IsNil());
  // With maxmemory and an LRU policy, Redis stops sharing integers.
  ASSERT_FALSE(server().config().set("maxmemory", "1gb").has_value());
  ASSERT_FALSE(server().config().set("maxmemory-policy", "allkeys-lru").has_value());
  EXPECT_THAT(Run({"OBJECT", "REFCOUNT", "small"}), IsInt(1));
}

TEST_F(KeyspaceTest, ObjectFreqAndIdletimeDependOnThePolicy) {
  Run({"SET", "a", "1"});
  EXPECT_THAT(Run({"OBJECT", "FREQ", "a"}),
              IsError("ERR An LFU maxmemory policy is not selected, access frequency not "
                      "tracked. Please note that when switching between policies at runtime LRU "
                      "and LFU data will take some time to adjust."));
  EXPECT_THAT(Run({"OBJECT", "FREQ", "nokey"}), IsNil());
  ASSERT_FALSE(server().config().set("maxmemory-policy", "allkeys-lfu").has_value());
  EXPECT_THAT(Run({"OBJECT", "IDLETIME", "a"}),
              IsError("ERR An LFU maxmemory policy is selected, idle time not tracked. Please "
                      "note that when switching between policies at runtime LRU and LFU data "
                      "will take some time to adjust."));
  EXPECT_THAT(Run({"OBJECT", "IDLETIME", "nokey"}), IsNil());
}

TEST_F(KeyspaceTest, ObjectHelpAndErrors) {
  RespValue help = Run({"OBJECT", "HELP"});
  ASSERT_EQ(help.elems.size(), 15u);
  EXPECT_THAT(help.elems[0],
              IsSimple("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
  EXPECT_THAT(help.elems[14], IsSimple("    Prints this help."));
  EXPECT_THAT(Run({"object", "help", "x"}),
              IsError("ERR wrong number of arguments for 'object|help' command"));
  EXPECT_THAT(Run({"OBJECT"}), IsError("ERR wrong number of arguments for 'object' command"));
  EXPECT_THAT(Run({"OBJECT", "foo", "a"}),
              IsError("ERR unknown subcommand 'foo'. Try OBJECT HELP."));
  EXPECT_THAT(Run({"OBJECT", "ENCODING"}),
              IsError("ERR wrong number of arguments for 'object|encoding' command"));
  EXPECT_THAT(Run({"OBJECT", "REFCOUNT", "a", "b"}),
              IsError("ERR wrong number of arguments for 'object|refcount' command"));
}

// ---- table rows ---------------------------------------------------------------------------

TEST_F(KeyspaceTest, RowsMatchRedisArityFlagsAndKeyPositions) {
  struct Golden {
    const char* name;
    int arity;
    uint64_t flags;
    KeyRange keys;
  };
  const uint64_t rf = kCmdReadOnly | kCmdFast, wf = kCmdWrite | kCmdFast;
  const Golden golden[] = {
      {"del", -2, kCmdWrite, {1, -1, 1}},       {"unlink", -2, wf, {1, -1, 1}},
      {"exists", -2, rf, {1, -1, 1}},           {"type", 2, rf, {1, 1, 1}},
      {"rename", 3, kCmdWrite, {1, 2, 1}},      {"renamenx", 3, wf, {1, 2, 1}},
      {"keys", 2, kCmdReadOnly, {0, 0, 0}},     {"scan", -2, kCmdReadOnly, {0, 0, 0}},
      {"randomkey", 1, kCmdReadOnly, {0, 0, 0}}, {"expire", -3, wf, {1, 1, 1}},
      {"pexpire", -3, wf, {1, 1, 1}},           {"expireat", -3, wf, {1, 1, 1}},
      {"pexpireat", -3, wf, {1, 1, 1}},         {"ttl", 2, rf, {1, 1, 1}},
      {"pttl", 2, rf, {1, 1, 1}},               {"expiretime", 2, rf, {1, 1, 1}},
      {"pexpiretime", 2, rf, {1, 1, 1}},        {"persist", 2, wf, {1, 1, 1}},
      {"copy", -3, kCmdWrite | kCmdDenyOom, {1, 2, 1}}, {"move", 3, wf, {1, 1, 1}},
      {"touch", -2, rf, {1, -1, 1}},            {"object", -2, 0, {0, 0, 0}},
  };
  for (const Golden& g : golden) {
    const CommandEntry* e = server().commands().find(g.name);
    ASSERT_NE(e, nullptr) << g.name;
    EXPECT_EQ(e->spec->arity, g.arity) << g.name;
    EXPECT_EQ(e->spec->flags, g.flags) << g.name;
    EXPECT_EQ(e->spec->keys.first, g.keys.first) << g.name;
    EXPECT_EQ(e->spec->keys.last, g.keys.last) << g.name;
    EXPECT_EQ(e->spec->keys.step, g.keys.step) << g.name;
  }
  const CommandEntry* object = server().commands().find("object");
  for (const char* sub : {"encoding", "freq", "idletime", "refcount"}) {
    const CommandEntry* s = object->find_sub(sub);
    ASSERT_NE(s, nullptr) << sub;
    EXPECT_EQ(s->spec->arity, 3);
    EXPECT_EQ(s->spec->flags, kCmdReadOnly);
    EXPECT_EQ(s->spec->keys.first, 2);
    EXPECT_EQ(s->spec->keys.last, 2);
  }
  EXPECT_EQ(object->find_sub("help")->spec->flags, kCmdLoading | kCmdStale);
}

}  // namespace
}  // namespace eddy::testing
