// CLIENT subcommands and client-side caching (tracking), in process.
#include <map>
#include <string>
#include <vector>

#include "commands/command_test.h"
#include "eddy/base/strutil.h"
#include "eddy/server/tracking.h"

namespace eddy::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The field names of a CLIENT LIST line, in order, and their values.
struct InfoLine {
  std::vector<std::string> names;
  std::map<std::string, std::string> values;
};
InfoLine ParseLine(std::string_view line) {
  InfoLine r;
  size_t pos = 0;
  while (pos < line.size()) {
    size_t sp = line.find(' ', pos);
    if (sp == std::string_view::npos) sp = line.size();
    std::string_view field = line.substr(pos, sp - pos);
    size_t eq = field.find('=');
    std::string name(field.substr(0, eq));
    r.names.push_back(name);
    r.values[name] = std::string(field.substr(eq + 1));
    pos = sp + 1;
  }
  return r;
}
std::vector<InfoLine> ParseList(const RespValue& v) {
  std::vector<InfoLine> r;
  std::string_view text = v.str;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    r.push_back(ParseLine(text.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  return r;
}

class ClientTest : public CommandTest {
 protected:
  InfoLine Info(Client* c = nullptr) {
    RespValue v = Run({"CLIENT", "INFO"}, c);
    std::string_view text = v.str;
    if (v.type == RespValue::Type::Verbatim) text.remove_prefix(4);  // "txt:"
    EXPECT_EQ(text.back(), '\n');
    return ParseLine(text.substr(0, text.size() - 1));
  }
  std::string Flags(Client* of) {
    for (auto& l : ParseList(Run({"CLIENT", "LIST"})))
      if (l.values["id"] == std::to_string(of->id)) return l.values["flags"];
    return "<missing>";
  }
  std::string Id(Client* c) { return std::to_string(c->id); }
};

// A network connection stand-in that records close requests.
struct FakeConnection : Connection {
  int closes = 0;
  void request_write() override {}
  void request_close() override { ++closes; }
  void pause_reading(bool) override {}
};

// ---------------------------------------------------------------------------------------
// ID SETNAME GETNAME INFO LIST

TEST_F(ClientTest, ClientIdIsTheConnectionsId) {
  EXPECT_THAT(Run({"CLIENT", "ID"}), IsInt(client()->id));
  Client* other = NewClient();
  EXPECT_THAT(Run({"CLIENT", "ID"}, other), IsInt(other->id));
  EXPECT_GT(other->id, client()->id);
}

TEST_F(ClientTest, SetnameAcceptsPrintableNamesWithoutSpaces) {
  EXPECT_THAT(Run({"CLIENT", "GETNAME"}), IsNil());
  EXPECT_THAT(Run({"CLIENT", "SETNAME", "!conn~1"}), IsOk());
  EXPECT_THAT(Run({"CLIENT", "GETNAME"}), IsBulk("!conn~1"));
  std::vector<std::string> bad_names = {"a b", "a\nb", std::string("a\0b", 3), "\x7f",
                                        "\xc3\xa9"};
  for (const std::string& bad : bad_names) {
    EXPECT_THAT(Run({"CLIENT", "SETNAME", bad}),
                IsError("ERR Client names cannot contain spaces, newlines or special characters."))
        << repr(bad);
  }
  EXPECT_THAT(Run({"CLIENT", "GETNAME"}), IsBulk("!conn~1"));
  EXPECT_THAT(Run({"CLIENT", "SETNAME", ""}), IsOk());
  EXPECT_THAT(Run({"CLIENT", "GETNAME"}), IsNil());
}

TEST_F(ClientTest, InfoLineHasRedis70FieldsInOrder) {
  Run({"CLIENT", "SETNAME", "me"});
  Run({"SELECT", "2"});
  InfoLine l = Info();
  EXPECT_THAT(l.names,
              ElementsAre("id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub",
                          "psub", "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem",
                          "rbs", "rbp", "obl", "oll", "omem", "tot-mem", "events", "cmd", "user",
                          "redir", "resp"));
  EXPECT_EQ(l.values["id"], Id(client()));
  EXPECT_EQ(l.values["fd"], "-1");
  EXPECT_EQ(l.values["name"], "me");
  EXPECT_EQ(l.values["flags"], "N");
  EXPECT_EQ(l.values["db"], "2");
  EXPECT_EQ(l.values["sub"], "0");
  EXPECT_EQ(l.values["multi"], "-1");
  EXPECT_EQ(l.values["argv-mem"], "10");  // "client" + "info"
  EXPECT_EQ(l.values["multi-mem"], "0");
  EXPECT_EQ(l.values["oll"], "0");
  EXPECT_EQ(l.values["cmd"], "client|info");
  EXPECT_EQ(l.values["user"], "default");
  EXPECT_EQ(l.values["redir"], "-1");
  EXPECT_EQ(l.values["resp"], "2");
}

TEST_F(ClientTest, InfoReportsAgeAndIdleInSeconds) {
  AdvanceClock(5000);
  Client* other = NewClient();
  AdvanceClock(3000);
  Run({"PING"}, other);
  AdvanceClock(2000);
  auto lines = ParseList(Run({"CLIENT", "LIST", "ID", Id(other)}));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].values["age"], "5");
  EXPECT_EQ(lines[0].values["idle"], "2");
  EXPECT_EQ(lines[0].values["cmd"], "ping");
  EXPECT_EQ(lines[0].values["argv-mem"], "0");
  InfoLine mine = Info();
  EXPECT_EQ(mine.values["age"], "10");
  EXPECT_EQ(mine.values["idle"], "0");
}

TEST_F(ClientTest, InfoIsAVerbatimStringInResp3) {
  Run({"HELLO", "3"});
  RespValue v = Run({"CLIENT", "INFO"});
  EXPECT_EQ(v.type, RespValue::Type::Verbatim);
  EXPECT_EQ(v.str.substr(0, 7), "txt:id=");
  EXPECT_EQ(RunBytes({"CLIENT", "LIST", "TYPE", "master"}), "=4\r\ntxt:\r\n");
}

TEST_F(ClientTest, ListShowsEveryClientInIdOrder) {
  Client* b = NewClient();
  Client* c = NewClient();
  Run({"PING"}, b);
  auto lines = ParseList(Run({"CLIENT", "LIST"}));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].values["id"], Id(client()));
  EXPECT_EQ(lines[0].values["cmd"], "client|list");
  EXPECT_EQ(lines[1].values["id"], Id(b));
  EXPECT_EQ(lines[1].values["cmd"], "ping");
  EXPECT_EQ(lines[2].values["id"], Id(c));
  EXPECT_EQ(lines[2].values["cmd"], "NULL");
}

TEST_F(ClientTest, ListFiltersByTypeOrByIds) {
  Client* sub = NewClient();
  sub->sub_channels = 1;
  auto pubsub = ParseList(Run({"CLIENT", "LIST", "TYPE", "pubsub"}));
  ASSERT_EQ(pubsub.size(), 1u);
  EXPECT_EQ(pubsub[0].values["id"], Id(sub));
  EXPECT_EQ(pubsub[0].values["flags"], "P");
  EXPECT_EQ(pubsub[0].values["sub"], "1");
  EXPECT_EQ(ParseList(Run({"CLIENT", "LIST", "TYPE", "NORMAL"})).size(), 1u);
  EXPECT_THAT(Run({"CLIENT", "LIST", "TYPE", "master"}), IsBulk(""));
  EXPECT_THAT(Run({"CLIENT", "LIST", "TYPE", "replica"}), IsBulk(""));
  EXPECT_THAT(Run({"CLIENT", "LIST", "TYPE", "slave"}), IsBulk(""));
  // IDs in the order given, repeats included, unknown ones skipped.
  auto by_id = ParseList(Run({"CLIENT", "LIST", "ID", Id(sub), "999999", "0", "-3", Id(client()),
                              Id(sub)}));
  ASSERT_EQ(by_id.size(), 3u);
  EXPECT_EQ(by_id[0].values["id"], Id(sub));
  EXPECT_EQ(by_id[1].values["id"], Id(client()));
  EXPECT_EQ(by_id[2].values["id"], Id(sub));
}

TEST_F(ClientTest, ListRejectsBadFilters) {
  EXPECT_THAT(Run({"CLIENT", "LIST", "TYPE"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"CLIENT", "LIST", "TYPE", "foo"}), IsError("ERR Unknown client type 'foo'"));
  EXPECT_THAT(Run({"CLIENT", "LIST", "TYPE", "normal", "x"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"CLIENT", "LIST", "ID"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"CLIENT", "LIST", "ID", "1", "a"}), IsError("ERR Invalid client ID"));
  EXPECT_THAT(Run({"CLIENT", "LIST", "ID", "1", "TYPE", "normal"}),
              IsError("ERR Invalid client ID"));
  EXPECT_THAT(Run({"CLIENT", "LIST", "foo"}), IsError("ERR syntax error"));
}

TEST_F(ClientTest, FlagLettersFollowRedisOrder) {
  Client* other = NewClient();
  EXPECT_EQ(Flags(other), "N");
  Run({"CLIENT", "NO-EVICT", "on"}, other);
  Run({"WATCH", "k"}, other);
  Run({"SET", "k", "v"});
  Run({"MULTI"}, other);
  EXPECT_EQ(Flags(other), "xde");
  Run({"DISCARD"}, other);
  Run({"CLIENT", "TRACKING", "on", "BCAST"}, other);
  EXPECT_EQ(Flags(other), "tBe");
  Run({"CLIENT", "TRACKING", "off"}, other);
  Run({"CLIENT", "NO-EVICT", "off"}, other);
  other->set(kClientUnixSocket);
  EXPECT_EQ(Flags(other), "U");
}

TEST_F(ClientTest, MultiFieldsCountQueuedCommands) {
  Client* other = NewClient();
  Run({"MULTI"}, other);
  Run({"SET", "k", "v"}, other);
  Run({"GET", "k"}, other);
  auto lines = ParseList(Run({"CLIENT", "LIST", "ID", Id(other)}));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].values["multi"], "2");
  EXPECT_NE(lines[0].values["multi-mem"], "0");
}

TEST_F(ClientTest, UnknownAndMissingSubcommands) {
  EXPECT_THAT(Run({"CLIENT"}), IsError("ERR wrong number of arguments for 'client' command"));
  EXPECT_THAT(Run({"CLIENT", "foo"}),
              IsError("ERR unknown subcommand 'foo'. Try CLIENT HELP."));
  // Redis 7.0.15 has neither; they came in 7.2.
  EXPECT_THAT(Run({"CLIENT", "SETINFO", "lib-name", "x"}),
              IsError("ERR unknown subcommand 'SETINFO'. Try CLIENT HELP."));
  EXPECT_THAT(Run({"CLIENT", "NO-TOUCH", "on"}),
              IsError("ERR unknown subcommand 'NO-TOUCH'. Try CLIENT HELP."));
  EXPECT_THAT(Run({"CLIENT", "ID", "x"}),
              IsError("ERR wrong number of arguments for 'client|id' command"));
}

TEST_F(ClientTest, HelpListsTheSubcommands) {
  RespValue v = Run({"CLIENT", "HELP"});
  ASSERT_EQ(v.type, RespValue::Type::Array);
  ASSERT_EQ(v.elems.size(), 48u);
  EXPECT_THAT(v.elems.front(),
              IsSimple("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
  EXPECT_THAT(v.elems[39],
              IsSimple("TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]"));
  EXPECT_THAT(v.elems.back(), IsSimple("    Prints this help."));
}

// ---------------------------------------------------------------------------------------
// KILL

TEST_F(ClientTest, KillByIdClosesTheOtherClient) {
  Client* other = NewClient();
  EXPECT_THAT(Run({"CLIENT", "KILL", "ID", Id(other)}), IsInt(1));
  EXPECT_TRUE(other->has(kClientCloseAsap));
  // A closing client runs nothing more.
  EXPECT_THAT(RunRaw(EncodeCommand({"PING"}), other), IsEmpty());
  EXPECT_THAT(Run({"CLIENT", "KILL", "ID", "999999"}), IsInt(0));
}

TEST_F(ClientTest, KillAsksTheConnectionToCloseAndDropsItsPendingOutput) {
  FakeConnection conn;
  Client* other = server().create_client(&conn);
  other->authenticated = true;
  other->out.append("+pending\r\n");
  EXPECT_THAT(Run({"CLIENT", "KILL", "ID", Id(other)}), IsInt(1));
  EXPECT_EQ(conn.closes, 1);
  EXPECT_TRUE(other->out.empty());
  other->conn = nullptr;
}

TEST_F(ClientTest, KillByAddressUsesTheOldForm) {
  Client* other = NewClient();
  other->addr = "10.1.2.3:4567";
  EXPECT_THAT(Run({"CLIENT", "KILL", "10.1.2.3:1"}), IsError("ERR No such client"));
  EXPECT_THAT(Run({"CLIENT", "KILL", "10.1.2.3:4567"}), IsOk());
  EXPECT_TRUE(other->has(kClientCloseAsap));
}

TEST_F(ClientTest, KillingOneselfRepliesFirstThenCloses) {
  client()->addr = "127.0.0.1:5000";
  auto replies = RunRaw(EncodeCommand({"CLIENT", "KILL", "127.0.0.1:5000"}) +
                        EncodeCommand({"PING"}));
  EXPECT_THAT(replies, ElementsAre(IsOk()));
  EXPECT_TRUE(client()->has(kClientCloseAfterReply));
  Client* c = NewClient();
  replies = RunRaw(EncodeCommand({"CLIENT", "KILL", "ID", Id(c), "SKIPME", "no"}) +
                   EncodeCommand({"PING"}), c);
  EXPECT_THAT(replies, ElementsAre(IsInt(1)));
}

TEST_F(ClientTest, KillSkipsTheCallerUnlessSkipmeNo) {
  Client* a = NewClient();
  Client* b = NewClient();
  EXPECT_THAT(Run({"CLIENT", "KILL", "USER", "default"}), IsInt(2));
  EXPECT_TRUE(a->has(kClientCloseAsap));
  EXPECT_TRUE(b->has(kClientCloseAsap));
  EXPECT_FALSE(client()->has(kClientCloseAsap | kClientCloseAfterReply));
}

TEST_F(ClientTest, KillFiltersCombine) {
  Client* sub = NewClient();
  sub->sub_channels = 1;
  sub->laddr = "127.0.0.1:6379";
  Client* plain = NewClient();
  plain->laddr = "127.0.0.1:6379";
  EXPECT_THAT(Run({"CLIENT", "KILL", "TYPE", "pubsub", "LADDR", "127.0.0.1:1"}), IsInt(0));
  EXPECT_THAT(Run({"CLIENT", "KILL", "TYPE", "pubsub", "LADDR", "127.0.0.1:6379"}), IsInt(1));
  EXPECT_TRUE(sub->has(kClientCloseAsap));
  EXPECT_FALSE(plain->has(kClientCloseAsap));
  EXPECT_THAT(Run({"CLIENT", "KILL", "ID", Id(plain), "TYPE", "master"}), IsInt(0));
  EXPECT_THAT(Run({"CLIENT", "KILL", "ID", "1", "ID", Id(plain)}), IsInt(1));
}

TEST_F(ClientTest, KillRejectsBadFilters) {
  EXPECT_THAT(Run({"CLIENT", "KILL", "id"}), IsError("ERR No such client"));
  EXPECT_THAT(Run({"CLIENT", "KILL", "id", "a"}),
              IsError("ERR client-id should be greater than 0"));
  EXPECT_THAT(Run({"CLIENT", "KILL", "id", "0"}),
              IsError("ERR client-id should be greater than 0"));
  EXPECT_THAT(Run({"CLIENT", "KILL", "type", "foo"}), IsError("ERR Unknown client type 'foo'"));
  EXPECT_THAT(Run({"CLIENT", "KILL", "user", "nobody"}), IsError("ERR No such user 'nobody'"));
  EXPECT_THAT(Run({"CLIENT", "KILL", "skipme", "maybe"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"CLIENT", "KILL", "maxage", "10"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"CLIENT", "KILL", "id", "1", "type"}), IsError("ERR syntax error"));
}

// ---------------------------------------------------------------------------------------
// REPLY NO-EVICT

TEST_F(ClientTest, ReplyOffSilencesUntilReplyOn) {
  auto replies = RunRaw(EncodeCommand({"CLIENT", "REPLY", "OFF"}) + EncodeCommand({"SET", "k", "v"}) +
                        EncodeCommand({"CLIENT", "REPLY", "foo"}) +
                        EncodeCommand({"CLIENT", "REPLY", "SKIP"}) +
                        EncodeCommand({"CLIENT", "REPLY", "ON"}) + EncodeCommand({"GET", "k"}));
  EXPECT_THAT(replies, ElementsAre(IsOk(), IsBulk("v")));
}

TEST_F(ClientTest, ReplySkipHidesExactlyTheNextReply) {
  auto replies = RunRaw(EncodeCommand({"CLIENT", "REPLY", "SKIP"}) + EncodeCommand({"ECHO", "a"}) +
                        EncodeCommand({"ECHO", "b"}) + EncodeCommand({"CLIENT", "REPLY", "SKIP"}) +
                        EncodeCommand({"CLIENT", "REPLY", "SKIP"}) + EncodeCommand({"ECHO", "c"}) +
                        EncodeCommand({"ECHO", "d"}));
  EXPECT_THAT(replies, ElementsAre(IsBulk("b"), IsBulk("d")));
  EXPECT_THAT(Run({"CLIENT", "REPLY", "maybe"}), IsError("ERR syntax error"));
}

TEST_F(ClientTest, NoEvictTogglesTheFlag) {
  EXPECT_THAT(Run({"CLIENT", "NO-EVICT", "ON"}), IsOk());
  EXPECT_TRUE(client()->has(kClientNoEvict));
  EXPECT_EQ(Info().values["flags"], "e");
  EXPECT_THAT(Run({"CLIENT", "NO-EVICT", "off"}), IsOk());
  EXPECT_FALSE(client()->has(kClientNoEvict));
  EXPECT_THAT(Run({"CLIENT", "NO-EVICT", "yes"}), IsError("ERR syntax error"));
}

// ---------------------------------------------------------------------------------------
// PAUSE UNPAUSE

TEST_F(ClientTest, PauseWriteHoldsWritesUntilUnpause) {
  Client* writer = NewClient();
  Client* reader = NewClient();
  EXPECT_THAT(Run({"CLIENT", "PAUSE", "100000", "WRITE"}), IsOk());
  EXPECT_THAT(RunRaw(EncodeCommand({"SET", "k", "v"}) + EncodeCommand({"GET", "k"}), writer),
              IsEmpty());
  EXPECT_EQ(Flags(writer), "b");
  EXPECT_THAT(Run({"GET", "k"}, reader), IsNil());
  EXPECT_THAT(Run({"CLIENT", "UNPAUSE"}), IsOk());
  EXPECT_THAT(RespReader::parse_all(TakeOutput(writer)), ElementsAre(IsOk(), IsBulk("v")));
  EXPECT_THAT(Run({"GET", "k"}, reader), IsBulk("v"));
}

TEST_F(ClientTest, PauseAllHoldsEveryCommandUntilTheTimeout) {
  Client* other = NewClient();
  EXPECT_THAT(Run({"CLIENT", "PAUSE", "1000"}), IsOk());
  EXPECT_THAT(RunRaw(EncodeCommand({"PING"}), other), IsEmpty());
  EXPECT_THAT(RunRaw(EncodeCommand({"CLIENT", "UNPAUSE"})), IsEmpty());
  AdvanceClock(999);
  server().cron();
  EXPECT_EQ(TakeOutput(other), "");
  AdvanceClock(2);
  server().cron();
  EXPECT_EQ(TakeOutput(other), "+PONG\r\n");
  EXPECT_EQ(TakeOutput(), "+OK\r\n");
}

TEST_F(ClientTest, PauseWriteHoldsExecOnlyWhenItsTransactionWrites) {
  Client* w = NewClient();
  Client* r = NewClient();
  Run({"MULTI"}, w);
  Run({"SET", "k", "v"}, w);
  Run({"MULTI"}, r);
  Run({"GET", "k"}, r);
  Run({"CLIENT", "PAUSE", "100000", "WRITE"});
  EXPECT_THAT(RunRaw(EncodeCommand({"EXEC"}), w), IsEmpty());
  EXPECT_THAT(Run({"EXEC"}, r), Renders("[(nil)]"));
  Run({"CLIENT", "UNPAUSE"});
  EXPECT_EQ(TakeOutput(w), "*1\r\n+OK\r\n");
}

// Held-back commands run after CLIENT UNPAUSE returns: they are not part of its call.
struct Recorder : Propagator {
  std::vector<std::vector<std::string>> seen;
  void propagate(int, const std::vector<std::string>& argv) override { seen.push_back(argv); }
};

TEST_F(ClientTest, UnpauseRunsHeldCommandsAsTheirOwnCalls) {
  Recorder rec;
  server().set_propagator(&rec);
  Client* w = NewClient();
  Run({"CLIENT", "PAUSE", "100000", "WRITE"});
  RunRaw(EncodeCommand({"SET", "k", "v"}), w);
  Run({"CLIENT", "UNPAUSE"});
  server().set_propagator(nullptr);
  ASSERT_EQ(rec.seen.size(), 1u);
  EXPECT_THAT(rec.seen[0], ElementsAre("SET", "k", "v"));
}

TEST_F(ClientTest, PauseRejectsBadArguments) {
  EXPECT_THAT(Run({"CLIENT", "PAUSE", "a"}),
              IsError("ERR timeout is not an integer or out of range"));
  EXPECT_THAT(Run({"CLIENT", "PAUSE", "-1"}), IsError("ERR timeout is negative"));
  EXPECT_THAT(Run({"CLIENT", "PAUSE", "10", "foo"}),
              IsError("ERR CLIENT PAUSE mode must be WRITE or ALL"));
  EXPECT_THAT(Run({"CLIENT", "PAUSE", "10", "write", "x"}),
              IsError("ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try "
                      "CLIENT HELP."));
  EXPECT_EQ(server().pause_kind(), Server::PauseKind::None);
}

// ---------------------------------------------------------------------------------------
// UNBLOCK

TEST_F(ClientTest, UnblockAnswersZeroForClientsNotBlockedOnKeys) {
  Client* other = NewClient();
  EXPECT_THAT(Run({"CLIENT", "UNBLOCK", Id(other)}), IsInt(0));
  EXPECT_THAT(Run({"CLIENT", "UNBLOCK", "999999", "ERROR"}), IsInt(0));
  // A client held by CLIENT PAUSE is not blocked on keys.
  Run({"CLIENT", "PAUSE", "100000", "WRITE"});
  RunRaw(EncodeCommand({"SET", "k", "v"}), other);
  EXPECT_THAT(Run({"CLIENT", "UNBLOCK", Id(other)}), IsInt(0));
  Run({"CLIENT", "UNPAUSE"});
}

TEST_F(ClientTest, UnblockRejectsBadArguments) {
  EXPECT_THAT(Run({"CLIENT", "UNBLOCK", "a"}),
              IsError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"CLIENT", "UNBLOCK", "1", "foo"}),
              IsError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"));
  EXPECT_THAT(Run({"CLIENT", "UNBLOCK", "1", "error", "x"}),
              IsError("ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try "
                      "CLIENT HELP."));
  EXPECT_THAT(Run({"CLIENT", "unblock", "1", "error", "x"}),
              IsError("ERR unknown subcommand or wrong number of arguments for 'unblock'. Try "
                      "CLIENT HELP."));
}

// ---------------------------------------------------------------------------------------
// TRACKING CACHING TRACKINGINFO GETREDIR

class TrackingTest : public ClientTest {
 protected:
  TrackingTest() {
    tracker_ = client();
    Run({"HELLO", "3"}, tracker_);
    writer_ = NewClient();
  }
  std::vector<RespValue> Pushes(Client* c = nullptr) {
    return RespReader::parse_all(TakeOutput(c ? c : tracker_));
  }
  Client* tracker_;
  Client* writer_;
};

TEST_F(TrackingTest, AWriteByAnotherClientInvalidatesAKeyThatWasRead) {
  EXPECT_THAT(Run({"CLIENT", "TRACKING", "on"}), IsOk());
  Run({"GET", "k"});
  Run({"SET", "k", "v"}, writer_);
  EXPECT_THAT(Pushes(), ElementsAre(Renders(">[\"invalidate\", [\"k\"]]")));
  // Forgotten after one invalidation.
  Run({"SET", "k", "w"}, writer_);
  EXPECT_THAT(Pushes(), IsEmpty());
}

TEST_F(TrackingTest, KeysAreTrackedAcrossDatabases) {
  Run({"CLIENT", "TRACKING", "on"});
  Run({"MGET", "a", "b"});
  Run({"SELECT", "4"}, writer_);
  Run({"MSET", "b", "1", "a", "2"}, writer_);
  EXPECT_THAT(Pushes(), ElementsAre(Renders(">[\"invalidate\", [\"b\"]]"),
                                    Renders(">[\"invalidate\", [\"a\"]]")));
}

TEST_F(TrackingTest, OwnWritesAreReportedAfterTheReply) {
  Run({"CLIENT", "TRACKING", "on"});
  Run({"GET", "k"});
  EXPECT_THAT(RunRaw(EncodeCommand({"SET", "k", "v"})),
              ElementsAre(IsOk(), Renders(">[\"invalidate\", [\"k\"]]")));
  Run({"GET", "t"});
  Run({"MULTI"});
  Run({"SET", "t", "1"});
  Run({"GET", "t"});
  EXPECT_THAT(RunRaw(EncodeCommand({"EXEC"})),
              ElementsAre(Renders("[OK, \"1\"]"), Renders(">[\"invalidate\", [\"t\"]]")));
}

TEST_F(TrackingTest, NoloopSkipsTheClientsOwnWrites) {
  Run({"CLIENT", "TRACKING", "on", "NOLOOP"});
  Run({"GET", "s"});
  EXPECT_THAT(RunRaw(EncodeCommand({"SET", "s", "1"})), ElementsAre(IsOk()));
  Run({"GET", "s"});
  Run({"SET", "s", "2"}, writer_);
  EXPECT_THAT(Pushes(), ElementsAre(Renders(">[\"invalidate\", [\"s\"]]")));
}

TEST_F(TrackingTest, OptinTracksOnlyTheCommandAfterCachingYes) {
  Run({"CLIENT", "TRACKING", "on", "optin"});
  Run({"GET", "o1"});
  EXPECT_THAT(Run({"CLIENT", "CACHING", "yes"}), IsOk());
  Run({"GET", "o2"});
  Run({"GET", "o3"});
  Run({"MSET", "o1", "1", "o2", "2", "o3", "3"}, writer_);
  EXPECT_THAT(Pushes(), ElementsAre(Renders(">[\"invalidate\", [\"o2\"]]")));
  // A transaction counts as one command.
  Run({"CLIENT", "CACHING", "yes"});
  Run({"MULTI"});
  Run({"GET", "o1"});
  Run({"GET", "o3"});
  Run({"EXEC"});
  Run({"MSET", "o1", "1", "o2", "2", "o3", "3"}, writer_);
  EXPECT_THAT(Pushes(), ElementsAre(Renders(">[\"invalidate\", [\"o1\"]]"),
                                    Renders(">[\"invalidate\", [\"o3\"]]")));
}

TEST_F(TrackingTest, OptoutTracksEverythingButTheCommandAfterCachingNo) {
  Run({"CLIENT", "TRACKING", "on", "optout"});
  Run({"GET", "o1"});
  Run({"CLIENT", "CACHING", "no"});
  EXPECT_THAT(Run({"CLIENT", "TRACKINGINFO"}),
              Renders("{\"flags\": ~[\"on\", \"optout\", \"caching-no\"], \"redirect\": "
                      "(integer) 0, \"prefixes\": []}"));
  Run({"GET", "o2"});
  Run({"GET", "o3"});
  Run({"MSET", "o1", "1", "o2", "2", "o3", "3"}, writer_);
  EXPECT_THAT(Pushes(), ElementsAre(Renders(">[\"invalidate\", [\"o1\"]]"),
                                    Renders(">[\"invalidate\", [\"o3\"]]")));
}

TEST_F(TrackingTest, BcastBatchesKeysPerPrefix) {
  Run({"CLIENT", "TRACKING", "on", "bcast", "prefix", "x:", "prefix", "y:"});
  Run({"MSET", "x:1", "1", "y:1", "1", "z", "1", "x:0", "0"}, writer_);
  EXPECT_THAT(Pushes(), ElementsAre(Renders(">[\"invalidate\", [\"x:0\", \"x:1\"]]"),
                                    Renders(">[\"invalidate\", [\"y:1\"]]")));
  EXPECT_EQ(server().tracking().total_prefixes(), 2u);
}

TEST_F(TrackingTest, BcastNoloopDropsOwnChanges) {
  Run({"CLIENT", "TRACKING", "on", "bcast", "noloop"});
  EXPECT_THAT(RunRaw(EncodeCommand({"SET", "mine", "1"})), ElementsAre(IsOk()));
  Run({"SET", "theirs", "1"}, writer_);
  EXPECT_THAT(Pushes(), ElementsAre(Renders(">[\"invalidate\", [\"theirs\"]]")));
}

TEST_F(TrackingTest, ARedirectToAResp2SubscriberUsesTheInvalidateChannel) {
  Client* sink = NewClient();
  sink->sub_channels = 1;
  Run({"HELLO", "2"});
  Run({"CLIENT", "TRACKING", "on", "REDIRECT", Id(sink)});
  EXPECT_THAT(Run({"CLIENT", "GETREDIR"}), IsInt(sink->id));
  Run({"GET", "k"});
  Run({"SET", "k", "v"}, writer_);
  EXPECT_EQ(TakeOutput(sink),
            "*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$1\r\nk\r\n");
  EXPECT_EQ(TakeOutput(tracker_), "");
  // Not subscribed: a RESP2 connection cannot receive anything.
  sink->sub_channels = 0;
  Run({"GET", "k"});
  Run({"SET", "k", "w"}, writer_);
  EXPECT_EQ(TakeOutput(sink), "");
}

TEST_F(TrackingTest, AResp2ClientWithoutRedirectGetsNoMessages) {
  Run({"HELLO", "2"});
  Run({"CLIENT", "TRACKING", "on"});
  Run({"GET", "k"});
  Run({"SET", "k", "v"}, writer_);
  EXPECT_EQ(TakeOutput(tracker_), "");
}

TEST_F(TrackingTest, AGoneRedirectIsReportedAsBroken) {
  Client* sink = NewClient();
  const std::string sink_id = Id(sink);
  Run({"CLIENT", "TRACKING", "on", "REDIRECT", sink_id});
  server().free_client(sink);
  Run({"GET", "k"});
  Run({"SET", "k", "v"}, writer_);
  EXPECT_THAT(Pushes(), ElementsAre(Renders(
                            ">[\"tracking-redir-broken\", (integer) " + sink_id + "]")));
  EXPECT_EQ(Info().values["flags"], "tR");
  EXPECT_THAT(Run({"CLIENT", "TRACKINGINFO"}),
              Renders("{\"flags\": ~[\"on\", \"broken_redirect\"], \"redirect\": (integer) " +
                      sink_id + ", \"prefixes\": []}"));
}

TEST_F(TrackingTest, AFlushSendsANullInvalidationToEveryTrackingClient) {
  Run({"CLIENT", "TRACKING", "on"});
  Client* bcast = NewClient();
  Run({"HELLO", "3"}, bcast);
  Run({"CLIENT", "TRACKING", "on", "bcast"}, bcast);
  Run({"GET", "k"});
  server().tracking().invalidate_all();
  EXPECT_EQ(TakeOutput(tracker_), ">2\r\n$10\r\ninvalidate\r\n_\r\n");
  EXPECT_EQ(TakeOutput(bcast), ">2\r\n$10\r\ninvalidate\r\n_\r\n");
  EXPECT_EQ(server().tracking().total_keys(), 0u);
}

TEST_F(TrackingTest, ExpiryInvalidatesLikeAWrite) {
  Run({"SET", "e", "v", "PX", "100"}, writer_);
  Run({"CLIENT", "TRACKING", "on"});
  Run({"GET", "e"});
  AdvanceClock(200);
  Run({"GET", "e"}, writer_);
  EXPECT_THAT(Pushes(), ElementsAre(Renders(">[\"invalidate\", [\"e\"]]")));
}

TEST_F(TrackingTest, InfoCountersFollowTheTable) {
  Run({"CLIENT", "TRACKING", "on"});
  Run({"MGET", "a", "b"});
  Client* other = NewClient();
  Run({"CLIENT", "TRACKING", "on"}, other);
  Run({"GET", "a"}, other);
  EXPECT_EQ(server().info_counters["tracking_total_keys"](), 2);
  EXPECT_EQ(server().info_counters["tracking_total_items"](), 3);
  Run({"SET", "a", "1"}, writer_);
  EXPECT_EQ(server().info_counters["tracking_total_keys"](), 1);
  EXPECT_EQ(server().info_counters["tracking_total_items"](), 1);
}

TEST_F(TrackingTest, AFreedTrackingClientIsForgotten) {
  Client* other = NewClient();
  Run({"CLIENT", "TRACKING", "on", "bcast", "prefix", "p"}, other);
  server().free_client(other);
  EXPECT_EQ(server().tracking().total_prefixes(), 0u);
  Run({"SET", "pk", "1"}, writer_);
}

TEST_F(TrackingTest, TrackinginfoAndGetredirDescribeTheMode) {
  EXPECT_THAT(Run({"CLIENT", "GETREDIR"}), IsInt(-1));
  EXPECT_THAT(Run({"CLIENT", "TRACKINGINFO"}),
              Renders("{\"flags\": ~[\"off\"], \"redirect\": (integer) -1, \"prefixes\": []}"));
  Run({"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "b", "PREFIX", "a", "NOLOOP"});
  EXPECT_THAT(Run({"CLIENT", "TRACKINGINFO"}),
              Renders("{\"flags\": ~[\"on\", \"bcast\", \"noloop\"], \"redirect\": (integer) 0, "
                      "\"prefixes\": [\"a\", \"b\"]}"));
  EXPECT_THAT(Run({"CLIENT", "GETREDIR"}), IsInt(0));
}

TEST_F(TrackingTest, TrackingRejectsConflictingOptions) {
  EXPECT_THAT(Run({"CLIENT", "TRACKING", "on", "redirect", "999999"}),
              IsError("ERR The client ID you want redirect to does not exist"));
  EXPECT_THAT(Run({"CLIENT", "TRACKING", "on", "redirect", Id(writer_), "redirect", Id(writer_)}),
              IsError("ERR A client can only redirect to a single other client"));
  EXPECT_THAT(Run({"CLIENT", "TRACKING", "on", "prefix", "a"}),
              IsError("ERR PREFIX option requires BCAST mode to be enabled"));
  EXPECT_THAT(Run({"CLIENT", "TRACKING", "on", "bcast", "optin"}),
              IsError("ERR OPTIN and OPTOUT are not compatible with BCAST"));
  EXPECT_THAT(Run({"CLIENT", "TRACKING", "on", "optin", "optout"}),
              IsError("ERR You can't specify both OPTIN mode and OPTOUT mode"));
  EXPECT_THAT(Run({"CLIENT", "TRACKING", "on", "bcast", "prefix", "a", "prefix", "ab"}),
              IsError("ERR Prefix 'a' overlaps with another provided prefix 'ab'. Prefixes for "
                      "a single client must not overlap."));
  Run({"CLIENT", "TRACKING", "on", "bcast", "prefix", "a"});
  EXPECT_THAT(Run({"CLIENT", "TRACKING", "on", "bcast", "prefix", "x", "prefix", "ab"}),
              IsError("ERR Prefix 'ab' overlaps with an existing prefix 'a'. Prefixes for a "
                      "single client must not overlap."));
  EXPECT_THAT(Run({"CLIENT", "TRACKING", "on"}),
              IsError("ERR You can't switch BCAST mode on/off before disabling tracking for "
                      "this client, and then re-enabling it with a different mode."));
  Run({"CLIENT", "TRACKING", "off"});
  Run({"CLIENT", "TRACKING", "on", "optin"});
  EXPECT_THAT(Run({"CLIENT", "TRACKING", "on", "optout"}),
              IsError("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for "
                      "this client, and then re-enabling it with a different mode."));
}

TEST_F(TrackingTest, CachingNeedsTheMatchingMode) {
  EXPECT_THAT(Run({"CLIENT", "CACHING", "yes"}),
              IsError("ERR CLIENT CACHING can be called only when the client is in tracking "
                      "mode with OPTIN or OPTOUT mode enabled"));
  Run({"CLIENT", "TRACKING", "on"});
  EXPECT_THAT(Run({"CLIENT", "CACHING", "yes"}),
              IsError("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN "
                      "mode."));
  EXPECT_THAT(Run({"CLIENT", "CACHING", "no"}),
              IsError("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT "
                      "mode."));
  EXPECT_THAT(Run({"CLIENT", "CACHING", "maybe"}), IsError("ERR syntax error"));
}

}  // namespace
}  // namespace eddy::testing
