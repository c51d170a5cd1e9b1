// Pub/Sub over real connections: hiredis subscribers and a publisher, RESP3 pushes on the
// wire, keyspace events, and a subscriber that stops reading being disconnected at the
// pubsub output-buffer hard limit while the server keeps serving everyone else.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "integration/test_server.h"

namespace eddy::testing {
namespace {

using Status = RawConnection::Status;

class PubSubTest : public ServerTest {
 protected:
  std::vector<std::string> ExtraArgs() const override {
    return {"--client-output-buffer-limit", "pubsub 1mb 512kb 60"};
  }
};

TEST_F(PubSubTest, MessagesReachEverySubscriberInPublishOrder) {
  redisContext* pub = Connect();
  redisContext* s1 = Connect();
  redisContext* s2 = Connect();
  ASSERT_TRUE(pub && s1 && s2);
  Reply r1 = Command(s1, {"SUBSCRIBE", "chat:room:1"});
  Reply r2 = Command(s2, {"PSUBSCRIBE", "chat:room:*"});
  ASSERT_TRUE(r1 && r2);
  for (int i = 0; i < 100; ++i)
    ASSERT_TRUE(IsInteger(Command(pub, {"PUBLISH", "chat:room:1", std::to_string(i)}).get(), 2));
  for (int i = 0; i < 100; ++i) {
    redisReply* m1 = nullptr;
    redisReply* m2 = nullptr;
    ASSERT_EQ(redisGetReply(s1, reinterpret_cast<void**>(&m1)), REDIS_OK);
    ASSERT_EQ(redisGetReply(s2, reinterpret_cast<void**>(&m2)), REDIS_OK);
    Reply own1(m1), own2(m2);
    ASSERT_EQ(m1->elements, 3u);
    ASSERT_EQ(m2->elements, 4u);
    EXPECT_EQ(std::string(m1->element[2]->str), std::to_string(i));
    EXPECT_EQ(std::string(m2->element[1]->str), "chat:room:*");
    EXPECT_EQ(std::string(m2->element[3]->str), std::to_string(i));
  }
}

TEST_F(PubSubTest, Resp3SubscriberGetsPushesInterleavedWithReplies) {
  RawConnection s = RawConnect();
  ASSERT_TRUE(s.send_command({"HELLO", "3"}));
  ASSERT_EQ(s.read_value().status, Status::Value);
  ASSERT_TRUE(s.send_command({"SUBSCRIBE", "n"}));
  EXPECT_EQ(s.read_value().raw, ">3\r\n$9\r\nsubscribe\r\n$1\r\nn\r\n:1\r\n");
  redisContext* pub = Connect();
  ASSERT_TRUE(IsInteger(Command(pub, {"PUBLISH", "n", "hello"}).get(), 1));
  EXPECT_EQ(s.read_value().raw, ">3\r\n$7\r\nmessage\r\n$1\r\nn\r\n$5\r\nhello\r\n");
  ASSERT_TRUE(s.send_command({"SET", "k", "v"}));
  EXPECT_EQ(s.read_value().raw, "+OK\r\n");
}

TEST_F(PubSubTest, KeyeventsTriggerOnWritesFromAnotherConnection) {
  redisContext* c = Connect();
  ASSERT_TRUE(IsStatus(Command(c, {"CONFIG", "SET", "notify-keyspace-events", "E$"}).get(), "OK"));
  RawConnection s = RawConnect();
  ASSERT_TRUE(s.send_command({"SUBSCRIBE", "__keyevent@0__:set"}));
  ASSERT_EQ(s.read_value().status, Status::Value);
  ASSERT_TRUE(IsStatus(Command(c, {"SET", "user:1", "x"}).get(), "OK"));
  EXPECT_EQ(s.read_value().raw,
            "*3\r\n$7\r\nmessage\r\n$18\r\n__keyevent@0__:set\r\n$6\r\nuser:1\r\n");
}

TEST_F(PubSubTest, ASubscriberThatStopsReadingIsDroppedAtTheHardLimit) {
  RawConnection slow = RawConnect();
  ASSERT_TRUE(slow.send_command({"SUBSCRIBE", "firehose"}));
  ASSERT_EQ(slow.read_value().status, Status::Value);
  redisContext* pub = Connect();
  redisContext* other = Connect();
  ASSERT_TRUE(pub && other);
  const std::string payload(64 * 1024, 'm');
  // 64 MiB offered to a client that reads nothing: far beyond the 1 MiB hard limit plus
  // what the kernel's socket buffers can hold.
  for (int i = 0; i < 1024; ++i) {
    Reply r = Command(pub, {"PUBLISH", "firehose", payload});
    ASSERT_TRUE(r) << "publisher lost its connection at message " << i;
    if (r->integer == 0) break;  // the subscriber is gone
  }
  EXPECT_TRUE(IsInteger(Command(pub, {"PUBLISH", "firehose", "x"}).get(), 0));
  Reply numsub = Command(other, {"PUBSUB", "NUMSUB", "firehose"});
  ASSERT_TRUE(numsub && numsub->elements == 2);
  EXPECT_EQ(numsub->element[1]->integer, 0);
  EXPECT_TRUE(IsStatus(Command(other, {"PING"}).get(), "PONG"));
  EXPECT_NE(server_.log().find("overcoming of output buffer limits"), std::string::npos);
  // The dropped client's socket is closed once what the kernel held is read.
  Status st = Status::Value;
  for (int i = 0; i < 10000 && st == Status::Value; ++i) st = slow.read_value(2000).status;
  EXPECT_EQ(st, Status::Closed);
}

}  // namespace
}  // namespace eddy::testing
