// PING ECHO QUIT SELECT SWAPDB AUTH HELLO RESET, in process.
#include <string>
#include <vector>

#include "commands/command_test.h"
#include "eddy/server/tracking.h"

namespace eddy::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string Hello2(uint64_t id) {
  return "*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n"
         ":2\r\n$2\r\nid\r\n:" +
         std::to_string(id) +
         "\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n"
         "*0\r\n";
}
std::string Hello3(uint64_t id) {
  return "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n"
         ":3\r\n$2\r\nid\r\n:" +
         std::to_string(id) +
         "\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n"
         "*0\r\n";
}

// ---------------------------------------------------------------------------------------
// PING ECHO QUIT

TEST_F(CommandTest, PingRepliesPongOrEchoesItsMessage) {
  EXPECT_EQ(RunBytes({"PING"}), "+PONG\r\n");
  EXPECT_EQ(RunBytes({"PING", "hi"}), "$2\r\nhi\r\n");
  EXPECT_EQ(RunBytes({"PING", ""}), "$0\r\n\r\n");
  EXPECT_THAT(Run({"PING", "a", "b"}),
              IsError("ERR wrong number of arguments for 'ping' command"));
}

TEST_F(CommandTest, PingInsideAResp2SubscriptionRepliesWithAPongMessage) {
  client()->sub_channels = 1;
  EXPECT_EQ(RunBytes({"PING"}), "*2\r\n$4\r\npong\r\n$0\r\n\r\n");
  EXPECT_EQ(RunBytes({"PING", "m"}), "*2\r\n$4\r\npong\r\n$1\r\nm\r\n");
  client()->writer.set_resp(3);
  EXPECT_EQ(RunBytes({"PING"}), "+PONG\r\n");
}

TEST_F(CommandTest, EchoReturnsItsArgumentAsABulkString) {
  EXPECT_THAT(Run({"ECHO", "a\r\nb"}), IsBulk("a\r\nb"));
  EXPECT_THAT(Run({"ECHO"}), IsError("ERR wrong number of arguments for 'echo' command"));
  EXPECT_THAT(Run({"ECHO", "a", "b"}), IsError("ERR wrong number of arguments for 'echo' command"));
}

TEST_F(CommandTest, QuitRepliesOkAndIgnoresTheRestOfThePipeline) {
  auto replies = RunRaw(EncodeCommand({"QUIT", "extra"}) + EncodeCommand({"PING"}));
  EXPECT_THAT(replies, ElementsAre(IsOk()));
  EXPECT_TRUE(client()->has(kClientCloseAfterReply));
}

TEST_F(CommandTest, QuitUnderReplyOffSendsNothing) {
  auto replies = RunRaw(EncodeCommand({"CLIENT", "REPLY", "OFF"}) + EncodeCommand({"QUIT"}));
  EXPECT_THAT(replies, IsEmpty());
  EXPECT_TRUE(client()->has(kClientCloseAfterReply));
}

// ---------------------------------------------------------------------------------------
// SELECT SWAPDB

TEST_F(CommandTest, SelectSwitchesTheConnectionsDatabase) {
  Run({"SET", "k", "zero"});
  EXPECT_THAT(Run({"SELECT", "15"}), IsOk());
  EXPECT_THAT(Run({"GET", "k"}), IsNil());
  EXPECT_EQ(client()->db, 15);
  Client* other = NewClient();
  EXPECT_THAT(Run({"GET", "k"}, other), IsBulk("zero"));
}

TEST_F(CommandTest, SelectRejectsBadIndexes) {
  EXPECT_THAT(Run({"SELECT", "16"}), IsError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"SELECT", "-1"}), IsError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"SELECT", "a"}), IsError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"SELECT", "01"}), IsError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"SELECT", "1.5"}), IsError("ERR value is not an integer or out of range"));
  EXPECT_EQ(client()->db, 0);
}

TEST_F(CommandTest, SwapdbExchangesTheContentsOfTwoDatabases) {
  Run({"SET", "k", "db0"});
  Run({"SET", "only0", "x"});
  Run({"SELECT", "1"});
  Run({"SET", "k", "db1"});
  int64_t dirty = server().stats().dirty;
  EXPECT_THAT(Run({"SWAPDB", "0", "1"}), IsOk());
  EXPECT_EQ(server().stats().dirty, dirty + 1);
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("db0"));
  EXPECT_THAT(Run({"GET", "only0"}), IsBulk("x"));
  Run({"SELECT", "0"});
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("db1"));
  EXPECT_THAT(Run({"GET", "only0"}), IsNil());
  EXPECT_THAT(Run({"SWAPDB", "3", "3"}), IsOk());
}

TEST_F(CommandTest, SwapdbNamesTheBadIndex) {
  EXPECT_THAT(Run({"SWAPDB", "a", "1"}), IsError("ERR invalid first DB index"));
  EXPECT_THAT(Run({"SWAPDB", "0", "b"}), IsError("ERR invalid second DB index"));
  EXPECT_THAT(Run({"SWAPDB", "a", "b"}), IsError("ERR invalid first DB index"));
  EXPECT_THAT(Run({"SWAPDB", "0", "16"}), IsError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"SWAPDB", "-1", "0"}), IsError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"SWAPDB", "0"}), IsError("ERR wrong number of arguments for 'swapdb' command"));
}

TEST_F(CommandTest, SwapdbInvalidatesWatchOnlyForKeysThatExistInEitherDatabase) {
  Client* other = NewClient();
  Run({"SELECT", "1"}, other);
  Run({"SET", "in1", "v"}, other);
  Run({"SET", "in0", "v"});
  Client* a = NewClient();
  Client* b = NewClient();
  Client* c = NewClient();
  Run({"WATCH", "in0"}, a);
  Run({"WATCH", "in1"}, b);
  Run({"WATCH", "nowhere"}, c);
  Client* d = NewClient();
  Run({"SELECT", "2"}, d);
  Run({"SET", "in0", "v"}, d);
  Run({"WATCH", "in0"}, d);  // db 2 is not part of the swap
  EXPECT_THAT(Run({"SWAPDB", "0", "1"}), IsOk());
  for (Client* x : {a, b, c, d}) Run({"MULTI"}, x);
  EXPECT_THAT(Run({"EXEC"}, a), IsNilArray());
  EXPECT_THAT(Run({"EXEC"}, b), IsNilArray());
  EXPECT_THAT(Run({"EXEC"}, c), Renders("[]"));
  EXPECT_THAT(Run({"EXEC"}, d), Renders("[]"));
}

// ---------------------------------------------------------------------------------------
// AUTH without a password

TEST_F(CommandTest, AuthWithoutRequirepassAcceptsTheDefaultUserOnly) {
  EXPECT_THAT(Run({"AUTH", "x"}),
              IsError("ERR AUTH <password> called without any password configured for the "
                      "default user. Are you sure your configuration is correct?"));
  EXPECT_THAT(Run({"AUTH", "default", "anything"}), IsOk());
  EXPECT_THAT(Run({"AUTH", "nobody", "x"}),
              IsError("WRONGPASS invalid username-password pair or user is disabled."));
  EXPECT_THAT(Run({"AUTH", "a", "b", "c"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"AUTH"}), IsError("ERR wrong number of arguments for 'auth' command"));
}

// ---------------------------------------------------------------------------------------
// With requirepass

class AuthTest : public CommandTest {
 protected:
  // The base constructor builds the server with defaults: rebuild it with this config.
  AuthTest() {
    Config c;
    EXPECT_FALSE(c.apply_directive({"requirepass", "secret"}).has_value());
    server_ = std::make_unique<Server>(std::move(c));
    client_ = NewClient();
  }
  // A connection as the network creates it: not authenticated yet.
  Client* Anonymous() { return server().create_client(nullptr); }
};

TEST_F(AuthTest, CommandsNeedAuthenticationFirst) {
  Client* c = Anonymous();
  EXPECT_THAT(Run({"PING"}, c), IsError("NOAUTH Authentication required."));
  EXPECT_THAT(Run({"AUTH", "wrong"}, c),
              IsError("WRONGPASS invalid username-password pair or user is disabled."));
  EXPECT_THAT(Run({"PING"}, c), IsError("NOAUTH Authentication required."));
  EXPECT_THAT(Run({"AUTH", "secret"}, c), IsOk());
  EXPECT_THAT(Run({"PING"}, c), IsSimple("PONG"));
}

TEST_F(AuthTest, AuthTakesTheDefaultUserByName) {
  Client* c = Anonymous();
  EXPECT_THAT(Run({"AUTH", "nobody", "secret"}, c),
              IsError("WRONGPASS invalid username-password pair or user is disabled."));
  EXPECT_THAT(Run({"AUTH", "default", "secret"}, c), IsOk());
  EXPECT_EQ(c->user, "default");
  EXPECT_TRUE(c->authenticated);
}

TEST_F(AuthTest, AFailedAuthKeepsAnAuthenticatedConnectionAuthenticated) {
  Client* c = Anonymous();
  Run({"AUTH", "secret"}, c);
  EXPECT_THAT(Run({"AUTH", "default", "wrong"}, c),
              IsError("WRONGPASS invalid username-password pair or user is disabled."));
  EXPECT_THAT(Run({"PING"}, c), IsSimple("PONG"));
}

TEST_F(AuthTest, HelloWithoutAuthOptionIsRefusedBeforeAuthentication) {
  Client* c = Anonymous();
  EXPECT_THAT(Run({"HELLO", "3"}, c),
              IsError("NOAUTH HELLO must be called with the client already authenticated, "
                      "otherwise the HELLO AUTH <user> <pass> option can be used to "
                      "authenticate the client and select the RESP protocol version at the "
                      "same time"));
  EXPECT_EQ(c->writer.resp(), 2);
  EXPECT_THAT(Run({"HELLO", "3", "AUTH", "default", "wrong"}, c),
              IsError("WRONGPASS invalid username-password pair or user is disabled."));
  EXPECT_EQ(RunBytes({"HELLO", "3", "AUTH", "default", "secret"}, c), Hello3(c->id));
  EXPECT_EQ(c->writer.resp(), 3);
  EXPECT_TRUE(c->authenticated);
}

TEST_F(AuthTest, HelloOptionsApplyInTheOrderGiven) {
  Client* c = Anonymous();
  // The name is set before the AUTH fails; the failure leaves the protocol alone.
  EXPECT_THAT(Run({"HELLO", "3", "SETNAME", "early", "AUTH", "default", "bad"}, c),
              IsError("WRONGPASS invalid username-password pair or user is disabled."));
  EXPECT_EQ(c->name, "early");
  EXPECT_EQ(c->writer.resp(), 2);
  // Authentication sticks even when a later option is wrong.
  EXPECT_THAT(Run({"HELLO", "3", "AUTH", "default", "secret", "foo"}, c),
              IsError("ERR Syntax error in HELLO option 'foo'"));
  EXPECT_TRUE(c->authenticated);
  EXPECT_EQ(c->writer.resp(), 2);
  // A bad name stops before the AUTH that follows it.
  Client* d = Anonymous();
  EXPECT_THAT(Run({"HELLO", "3", "SETNAME", "a b", "AUTH", "default", "secret"}, d),
              IsError("ERR Client names cannot contain spaces, newlines or special characters."));
  EXPECT_FALSE(d->authenticated);
}

TEST_F(AuthTest, ResetSignsTheConnectionOut) {
  Client* c = Anonymous();
  Run({"AUTH", "secret"}, c);
  EXPECT_THAT(Run({"RESET"}, c), IsSimple("RESET"));
  EXPECT_THAT(Run({"PING"}, c), IsError("NOAUTH Authentication required."));
}

// ---------------------------------------------------------------------------------------
// HELLO

TEST_F(CommandTest, HelloRepliesWithTheServerMapInTheNewProtocol) {
  uint64_t id = client()->id;
  EXPECT_EQ(RunBytes({"HELLO"}), Hello2(id));
  EXPECT_EQ(RunBytes({"HELLO", "3"}), Hello3(id));
  EXPECT_EQ(client()->writer.resp(), 3);
  EXPECT_EQ(RunBytes({"HELLO"}), Hello3(id));
  EXPECT_EQ(RunBytes({"GET", "nokey"}), "_\r\n");
  EXPECT_EQ(RunBytes({"HELLO", "2"}), Hello2(id));
  EXPECT_EQ(RunBytes({"GET", "nokey"}), "$-1\r\n");
}

TEST_F(CommandTest, HelloRejectsBadProtocolVersions) {
  EXPECT_THAT(Run({"HELLO", "1"}), IsError("NOPROTO unsupported protocol version"));
  EXPECT_THAT(Run({"HELLO", "4"}), IsError("NOPROTO unsupported protocol version"));
  EXPECT_THAT(Run({"HELLO", "-1"}), IsError("NOPROTO unsupported protocol version"));
  for (const char* bad : {"a", "3.0", " 3", "03", "99999999999999999999"}) {
    EXPECT_THAT(Run({"HELLO", bad}),
                IsError("ERR Protocol version is not an integer or out of range"))
        << bad;
  }
  EXPECT_EQ(client()->writer.resp(), 2);
}

TEST_F(CommandTest, HelloRejectsUnknownOrIncompleteOptions) {
  EXPECT_THAT(Run({"HELLO", "3", "foo"}), IsError("ERR Syntax error in HELLO option 'foo'"));
  EXPECT_THAT(Run({"HELLO", "3", "AUTH", "default"}),
              IsError("ERR Syntax error in HELLO option 'AUTH'"));
  EXPECT_THAT(Run({"HELLO", "3", "setname"}),
              IsError("ERR Syntax error in HELLO option 'setname'"));
  EXPECT_EQ(client()->writer.resp(), 2);
}

TEST_F(CommandTest, HelloSetnameNamesOrUnnamesTheConnection) {
  Run({"HELLO", "2", "SETNAME", "a", "setname", "b"});
  EXPECT_THAT(Run({"CLIENT", "GETNAME"}), IsBulk("b"));
  Run({"HELLO", "2", "SETNAME", ""});
  EXPECT_THAT(Run({"CLIENT", "GETNAME"}), IsNil());
  EXPECT_THAT(Run({"HELLO", "2", "SETNAME", "a\nb"}),
              IsError("ERR Client names cannot contain spaces, newlines or special characters."));
}

// ---------------------------------------------------------------------------------------
// RESET

TEST_F(CommandTest, ResetPutsTheConnectionBackInItsInitialState) {
  Run({"CLIENT", "SETNAME", "foo"});
  Run({"SELECT", "3"});
  Run({"HELLO", "3"});
  Run({"WATCH", "w"});
  Run({"MULTI"});
  Run({"SET", "a", "b"});
  EXPECT_THAT(Run({"RESET"}), IsSimple("RESET"));
  Client* c = client();
  EXPECT_EQ(c->db, 0);
  EXPECT_EQ(c->writer.resp(), 2);
  EXPECT_TRUE(c->name.empty());
  EXPECT_FALSE(c->has(kClientMulti));
  EXPECT_TRUE(c->multi_queue.empty());
  EXPECT_TRUE(c->watched.empty());
  EXPECT_THAT(Run({"EXEC"}), IsError("ERR EXEC without MULTI"));
  EXPECT_THAT(Run({"GET", "a"}), IsNil());
}

TEST_F(CommandTest, ResetTurnsRepliesBackOnUnlessASkipIsPending) {
  auto replies = RunRaw(EncodeCommand({"CLIENT", "REPLY", "OFF"}) + EncodeCommand({"PING"}) +
                        EncodeCommand({"RESET"}) + EncodeCommand({"PING"}));
  EXPECT_THAT(replies, ElementsAre(IsSimple("RESET"), IsSimple("PONG")));
  replies = RunRaw(EncodeCommand({"CLIENT", "REPLY", "SKIP"}) + EncodeCommand({"RESET"}) +
                   EncodeCommand({"PING"}));
  EXPECT_THAT(replies, ElementsAre(IsSimple("PONG")));
}

TEST_F(CommandTest, ResetKeepsNoEvictAsRedis70Does) {
  Run({"CLIENT", "NO-EVICT", "on"});
  Run({"RESET"});
  EXPECT_TRUE(client()->has(kClientNoEvict));
}

TEST_F(CommandTest, ResetDropsEverySubscriptionSilently) {
  Run({"SUBSCRIBE", "a", "b"});
  Run({"PSUBSCRIBE", "p*"});
  Run({"SSUBSCRIBE", "s"});
  EXPECT_EQ(RunBytes({"RESET"}), "+RESET\r\n");
  EXPECT_EQ(client()->sub_channels + client()->sub_patterns + client()->sub_shard, 0u);
  EXPECT_FALSE(client()->has(kClientPubSub));
  EXPECT_EQ(RunBytes({"PING"}), "+PONG\r\n");
  EXPECT_THAT(Run({"PUBSUB", "NUMSUB", "a"}), Renders("[\"a\", (integer) 0]"));
  EXPECT_THAT(Run({"PUBSUB", "NUMPAT"}), IsInt(0));
}

TEST_F(CommandTest, ResetTurnsTrackingOff) {
  Run({"CLIENT", "TRACKING", "on", "bcast", "prefix", "a"});
  Run({"RESET"});
  EXPECT_EQ(server().tracking().state(*client()), nullptr);
  EXPECT_EQ(server().tracking().total_prefixes(), 0u);
  EXPECT_THAT(Run({"CLIENT", "GETREDIR"}), IsInt(-1));
}

TEST_F(CommandTest, ResetTakesNoArguments) {
  EXPECT_THAT(Run({"RESET", "x"}), IsError("ERR wrong number of arguments for 'reset' command"));
}

}  // namespace
}  // namespace eddy::testing
