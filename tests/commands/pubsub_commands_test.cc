// Pub/Sub in-process: confirmations, fan-out bytes, pattern semantics, keyspace events,
// client-output-buffer-limit for subscribers, and MONITOR lines.
#include "commands/command_test.h"
#include "eddy/pubsub/pubsub.h"

namespace eddy::testing {
namespace {

class PubSubTest : public CommandTest {};

TEST_F(PubSubTest, SubscribeConfirmsEachChannelWithTheRunningCount) {
  EXPECT_EQ(RunBytes({"SUBSCRIBE", "a", "b"}),
            "*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n");
  EXPECT_EQ(RunBytes({"PSUBSCRIBE", "p*"}),
            "*3\r\n$10\r\npsubscribe\r\n$2\r\np*\r\n:3\r\n");
  // Shard subscriptions count on their own.
  EXPECT_EQ(RunBytes({"SSUBSCRIBE", "s"}), "*3\r\n$10\r\nssubscribe\r\n$1\r\ns\r\n:1\r\n");
  EXPECT_EQ(client()->sub_channels, 2u);
  EXPECT_EQ(client()->sub_patterns, 1u);
  EXPECT_EQ(client()->sub_shard, 1u);
  EXPECT_TRUE(client()->has(kClientPubSub));
}

TEST_F(PubSubTest, UnsubscribeWithoutArgumentsConfirmsEveryChannelInSubscriptionOrder) {
  RunBytes({"SUBSCRIBE", "x", "y", "z"});
  EXPECT_EQ(RunBytes({"UNSUBSCRIBE"}),
            "*3\r\n$11\r\nunsubscribe\r\n$1\r\nx\r\n:2\r\n"
            "*3\r\n$11\r\nunsubscribe\r\n$1\r\ny\r\n:1\r\n"
            "*3\r\n$11\r\nunsubscribe\r\n$1\r\nz\r\n:0\r\n");
  EXPECT_EQ(RunBytes({"UNSUBSCRIBE"}), "*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n");
  EXPECT_FALSE(client()->has(kClientPubSub));
  Run({"HELLO", "3"});
  EXPECT_EQ(RunBytes({"PUNSUBSCRIBE"}), ">3\r\n$12\r\npunsubscribe\r\n_\r\n:0\r\n");
}

TEST_F(PubSubTest, PublishFormatsOnceAndEverySubscriberGetsTheSameBytes) {
  Client* a = NewClient();
  Client* b = NewClient();
  Client* c3 = NewClient();
  Run({"SUBSCRIBE", "ch"}, a);
  Run({"SUBSCRIBE", "ch"}, b);
  Run({"HELLO", "3"}, c3);
  Run({"SUBSCRIBE", "ch"}, c3);
  TakeOutput(c3);
  EXPECT_THAT(Run({"PUBLISH", "ch", "hi"}), IsInt(3));
  const std::string resp2 = "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n";
  EXPECT_EQ(TakeOutput(a), resp2);
  EXPECT_EQ(TakeOutput(b), resp2);
  EXPECT_EQ(TakeOutput(c3), ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
}

TEST_F(PubSubTest, OneMessagePerMatchingPatternOfAClient) {
  Client* s = NewClient();
  Run({"PSUBSCRIBE", "chat:*", "chat:room:?", "other"}, s);
  Run({"SUBSCRIBE", "chat:room:1"}, s);
  TakeOutput(s);
  EXPECT_THAT(Run({"PUBLISH", "chat:room:1", "m"}), IsInt(3));
  auto msgs = RespReader::parse_all(TakeOutput(s));
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_THAT(msgs[0], Renders("[\"message\", \"chat:room:1\", \"m\"]"));
  EXPECT_THAT(msgs[1], Renders("[\"pmessage\", \"chat:*\", \"chat:room:1\", \"m\"]"));
  EXPECT_THAT(msgs[2], Renders("[\"pmessage\", \"chat:room:?\", \"chat:room:1\", \"m\"]"));
}

TEST_F(PubSubTest, PatternCacheFollowsSubscriptionChanges) {
  Client* s = NewClient();
  Run({"PSUBSCRIBE", "metrics:*"}, s);
  EXPECT_THAT(Run({"PUBLISH", "metrics:cpu", "1"}), IsInt(1));
  EXPECT_THAT(Run({"PUBLISH", "metrics:cpu", "2"}), IsInt(1));
  Run({"PSUBSCRIBE", "*:cpu"}, s);
  EXPECT_THAT(Run({"PUBLISH", "metrics:cpu", "3"}), IsInt(2));
  Run({"PUNSUBSCRIBE", "metrics:*"}, s);
  EXPECT_THAT(Run({"PUBLISH", "metrics:cpu", "4"}), IsInt(1));
  Run({"PUNSUBSCRIBE"}, s);
  EXPECT_THAT(Run({"PUBLISH", "metrics:cpu", "5"}), IsInt(0));
  EXPECT_EQ(server().pubsub().pattern_count(), 0u);
}

// Glob semantics of PSUBSCRIBE, as Redis's matcher has them.
struct GlobCase {
  const char* pattern;
  const char* channel;
  bool match;
};
class PatternSemanticsTest : public CommandTest,
                             public ::testing::WithParamInterface<GlobCase> {};

TEST_P(PatternSemanticsTest, MatchesAsRedisDoes) {
  const GlobCase& g = GetParam();
  Client* s = NewClient();
  Run({"PSUBSCRIBE", g.pattern}, s);
  EXPECT_THAT(Run({"PUBLISH", g.channel, "x"}), IsInt(g.match ? 1 : 0))
      << g.pattern << " vs " << g.channel;
}

INSTANTIATE_TEST_SUITE_P(
    Globs, PatternSemanticsTest,
    ::testing::Values(GlobCase{"*", "anything", true}, GlobCase{"*", "", false},
                      GlobCase{"user:*:notifications", "user:42:notifications", true},
                      GlobCase{"user:*:notifications", "user:42:other", false},
                      GlobCase{"h?llo", "hello", true}, GlobCase{"h?llo", "hllo", false},
                      GlobCase{"h[ae]llo", "hallo", true}, GlobCase{"h[ae]llo", "hillo", false},
                      GlobCase{"h[^e]llo", "hello", false}, GlobCase{"h[^e]llo", "hallo", true},
                      GlobCase{"h[a-c]x", "hbx", true}, GlobCase{"h[a-c]x", "hdx", false},
                      GlobCase{"esc\\*aped", "esc*aped", true},
                      GlobCase{"esc\\*aped", "escXaped", false},
                      GlobCase{"\\[x\\]", "[x]", true}, GlobCase{"a*b*c", "aXXbYYc", true}));

TEST_F(PubSubTest, Resp2SubscribedClientGetsRedisErrorForOtherCommands) {
  Run({"SUBSCRIBE", "c"});
  EXPECT_THAT(Run({"GET", "k"}),
              IsError("ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / "
                      "QUIT / RESET are allowed in this context"));
  EXPECT_EQ(RunBytes({"PING"}), "*2\r\n$4\r\npong\r\n$0\r\n\r\n");
}

TEST_F(PubSubTest, Resp3ClientSeesItsOwnMessageBeforeTheReply) {
  Run({"HELLO", "3"});
  Run({"SUBSCRIBE", "me"});
  EXPECT_EQ(RunBytes({"PUBLISH", "me", "x"}), ">3\r\n$7\r\nmessage\r\n$2\r\nme\r\n$1\r\nx\r\n:1\r\n");
  EXPECT_THAT(Run({"SET", "k", "v"}), IsOk());
}

TEST_F(PubSubTest, PublishInsideMultiDeliversAtExec) {
  Client* s = NewClient();
  Run({"SUBSCRIBE", "tx"}, s);
  TakeOutput(s);
  Run({"MULTI"});
  Run({"PUBLISH", "tx", "1"});
  EXPECT_EQ(TakeOutput(s), "");
  Run({"EXEC"});
  EXPECT_EQ(TakeOutput(s), "*3\r\n$7\r\nmessage\r\n$2\r\ntx\r\n$1\r\n1\r\n");
}

TEST_F(PubSubTest, KeyspaceEventsFollowTheConfiguredClasses) {
  Client* s = NewClient();
  Run({"PSUBSCRIBE", "__key*__:*"}, s);
  TakeOutput(s);
  Run({"CONFIG", "SET", "notify-keyspace-events", "Kl"});
  Run({"SET", "str", "v"});
  Run({"RPUSH", "l", "a"});
  EXPECT_EQ(TakeOutput(s),
            "*4\r\n$8\r\npmessage\r\n$10\r\n__key*__:*\r\n$16\r\n__keyspace@0__:l\r\n$5\r\nrpush\r\n");
  Run({"CONFIG", "SET", "notify-keyspace-events", "En"});
  Run({"SELECT", "2"});
  Run({"SET", "fresh", "v"});
  Run({"SET", "fresh", "w"});
  EXPECT_EQ(TakeOutput(s),
            "*4\r\n$8\r\npmessage\r\n$10\r\n__key*__:*\r\n$18\r\n__keyevent@2__:new\r\n$5\r\nfresh\r\n");
}

TEST_F(PubSubTest, ExpiredEventComesWhenTheKeyIsReclaimed) {
  Client* s = NewClient();
  Run({"SUBSCRIBE", "__keyevent@0__:expired"}, s);
  TakeOutput(s);
  Run({"CONFIG", "SET", "notify-keyspace-events", "Ex"});
  Run({"SET", "k", "v", "PX", "10"});
  AdvanceClock(11);
  EXPECT_EQ(TakeOutput(s), "");  // not reclaimed yet
  EXPECT_THAT(Run({"GET", "k"}), IsNil());
  EXPECT_EQ(TakeOutput(s), "*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:expired\r\n$1\r\nk\r\n");
}

class OutputLimitTest : public CommandTest {
 protected:
  OutputLimitTest() {
    EXPECT_THAT(Run({"CONFIG", "SET", "client-output-buffer-limit", "pubsub 64kb 32kb 2"}),
                IsOk());
  }
};

TEST_F(OutputLimitTest, ASubscriberOverTheHardLimitIsDroppedAndItsOutputFreed) {
  Client* slow = NewClient();
  Client* fine = NewClient();
  Run({"SUBSCRIBE", "firehose"}, slow);
  Run({"SUBSCRIBE", "other"}, fine);
  TakeOutput(fine);
  std::string payload(1000, 'x');
  // Nobody drains `slow`: after ~80 KB (16 KB free + 64 KB) it is over the hard limit.
  for (int i = 0; i < 100; ++i) Run({"PUBLISH", "firehose", payload});
  EXPECT_TRUE(slow->has(kClientCloseAsap));
  EXPECT_EQ(slow->out.size(), 0u);
  EXPECT_EQ(server().stats().client_outbuf_limit_disconnections, 1u);
  // The server keeps serving everybody else.
  EXPECT_THAT(Run({"PUBLISH", "other", "still"}), IsInt(1));
  EXPECT_EQ(TakeOutput(fine), "*3\r\n$7\r\nmessage\r\n$5\r\nother\r\n$5\r\nstill\r\n");
}

TEST_F(OutputLimitTest, TheSoftLimitDropsOnlyAfterItsSecondsHavePassed) {
  Client* slow = NewClient();
  Run({"SUBSCRIBE", "c"}, slow);
  std::string payload(1000, 'y');
  for (int i = 0; i < 50; ++i) Run({"PUBLISH", "c", payload});  // ~50 KB: over soft only
  EXPECT_FALSE(slow->has(kClientCloseAsap));
  AdvanceClock(2000);
  Run({"PUBLISH", "c", payload});
  EXPECT_FALSE(slow->has(kClientCloseAsap));  // exactly 2 s: not yet
  AdvanceClock(1000);
  Run({"PUBLISH", "c", payload});
  EXPECT_TRUE(slow->has(kClientCloseAsap));
}

TEST_F(OutputLimitTest, DrainingBelowTheSoftLimitResetsItsClock) {
  Client* s = NewClient();
  Run({"SUBSCRIBE", "c"}, s);
  std::string payload(1000, 'z');
  for (int i = 0; i < 50; ++i) Run({"PUBLISH", "c", payload});
  TakeOutput(s);  // the client read everything
  Run({"PUBLISH", "c", payload});
  AdvanceClock(5000);
  for (int i = 0; i < 50; ++i) Run({"PUBLISH", "c", payload});
  EXPECT_FALSE(s->has(kClientCloseAsap));
}

TEST_F(PubSubTest, MonitorShowsCommandsWithQuotedArgumentsAndRedactedSecrets) {
  Client* m = NewClient();
  EXPECT_THAT(Run({"MONITOR"}, m), IsOk());
  Run({"SET", "k", std::string("a\"b\n\x01", 5)});
  Run({"AUTH", "user", "pw"});
  Run({"CONFIG", "GET", "port"});  // admin: hidden
  std::string out = TakeOutput(m);
  std::string ts = std::to_string(NowMs() / 1000) + "." ;
  EXPECT_NE(out.find("+" + ts), std::string::npos) << out;
  EXPECT_NE(out.find(" [0 ] \"SET\" \"k\" \"a\\\"b\\n\\x01\"\r\n"), std::string::npos) << out;
  EXPECT_NE(out.find(" [0 ] \"AUTH\" \"(redacted)\" \"(redacted)\"\r\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("CONFIG"), std::string::npos) << out;
  EXPECT_THAT(Run({"GET", "k"}, m), IsError("ERR Replica can't interact with the keyspace"));
  Run({"RESET"}, m);
  EXPECT_EQ(server().monitor_count(), 0u);
}

}  // namespace
}  // namespace eddy::testing
