// Streams over real connections: consumers competing in one group, blocked readers woken
// by XADD from another connection, timeouts, a consumer that dies and whose entries
// another recovers with XAUTOCLAIM, and a dead-letter flow built from XPENDING delivery
// counts, XADD to a DLQ stream and XACK.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "integration/test_server.h"

namespace eddy::testing {
namespace {

using Status = RawConnection::Status;

class StreamTest : public ServerTest {
 protected:
  void WaitForBlocked(redisContext* c, int n) {
    std::string want = "blocked_clients:" + std::to_string(n) + "\r\n";
    for (int i = 0; i < 500; ++i) {
      Reply r = Command(c, {"INFO", "clients"});
      if (r && std::string(r->str, r->len).find(want) != std::string::npos) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    FAIL() << "never saw " << want;
  }

  // IDs of an XREAD/XREADGROUP reply of one stream ([[key, [[id, fields]...]]]).
  static std::vector<std::string> Ids(const redisReply* r) {
    std::vector<std::string> out;
    if (!r || r->type != REDIS_REPLY_ARRAY || r->elements == 0) return out;
    const redisReply* entries = r->element[0]->element[1];
    for (size_t i = 0; i < entries->elements; ++i)
      out.emplace_back(entries->element[i]->element[0]->str);
    return out;
  }

  static int64_t PendingCount(redisContext* c, const std::string& key, const std::string& g) {
    Reply r = Command(c, {"XPENDING", key, g});
    return r && r->type == REDIS_REPLY_ARRAY ? r->element[0]->integer : -1;
  }
};

TEST_F(StreamTest, TwoConsumersOfOneGroupShareTheEntriesWithoutDuplicates) {
  redisContext* producer = Connect();
  redisContext* a = Connect();
  redisContext* b = Connect();
  ASSERT_EQ(Describe(Command(producer, {"XGROUP", "CREATE", "jobs", "g", "$", "MKSTREAM"}).get()),
            "OK");
  for (int i = 1; i <= 40; ++i)
    ASSERT_TRUE(Command(producer, {"XADD", "jobs", "*", "n", std::to_string(i)}));
  std::set<std::string> seen;
  size_t from_a = 0, from_b = 0;
  for (int round = 0; round < 30; ++round) {
    for (redisContext* c : {a, b}) {
      std::string name = c == a ? "a" : "b";
      Reply r = Command(c, {"XREADGROUP", "GROUP", "g", name, "COUNT", "3", "STREAMS", "jobs", ">"});
      for (auto& id : Ids(r.get())) {
        EXPECT_TRUE(seen.insert(id).second) << id << " delivered twice";
        (c == a ? from_a : from_b)++;
        Reply ack = Command(c, {"XACK", "jobs", "g", id});
        EXPECT_EQ(ack->integer, 1);
      }
    }
  }
  EXPECT_EQ(seen.size(), 40u);
  EXPECT_GT(from_a, 0u);
  EXPECT_GT(from_b, 0u);
  EXPECT_EQ(PendingCount(producer, "jobs", "g"), 0);
  Reply groups = Command(producer, {"XINFO", "GROUPS", "jobs"});
  EXPECT_EQ(Describe(groups.get()),
            "[[\"name\", \"g\", \"consumers\", (integer) 2, \"pending\", (integer) 0, "
            "\"last-delivered-id\", " +
                Describe(groups->element[0]->element[7]) +
                ", \"entries-read\", (integer) 40, \"lag\", (integer) 0]]");
}

TEST_F(StreamTest, ThreeBlockedConsumersAreWokenByXaddsInArrivalOrder) {
  redisContext* c = Connect();
  ASSERT_TRUE(Command(c, {"XGROUP", "CREATE", "q", "g", "$", "MKSTREAM"}));
  RawConnection w[3] = {RawConnect(), RawConnect(), RawConnect()};
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(w[i].send_command({"XREADGROUP", "GROUP", "g", "c" + std::to_string(i), "COUNT",
                                   "1", "BLOCK", "0", "STREAMS", "q", ">"}));
    WaitForBlocked(c, i + 1);
  }
  EXPECT_EQ(w[0].read_value(100).status, Status::Timeout);
  ASSERT_TRUE(Command(c, {"XADD", "q", "1-1", "job", "one"}));
  ASSERT_TRUE(Command(c, {"XADD", "q", "2-1", "job", "two"}));
  EXPECT_EQ(w[0].read_value().raw,
            "*1\r\n*2\r\n$1\r\nq\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$3\r\njob\r\n$3\r\none\r\n");
  EXPECT_EQ(w[1].read_value().raw,
            "*1\r\n*2\r\n$1\r\nq\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$3\r\njob\r\n$3\r\ntwo\r\n");
  EXPECT_EQ(w[2].read_value(100).status, Status::Timeout);
  WaitForBlocked(c, 1);
  ASSERT_TRUE(Command(c, {"XADD", "q", "3-1", "job", "three"}));
  EXPECT_NE(w[2].read_value().raw.find("three"), std::string::npos);
  Reply p = Command(c, {"XPENDING", "q", "g"});
  EXPECT_EQ(Describe(p.get()),
            "[(integer) 3, \"1-1\", \"3-1\", [[\"c0\", \"1\"], [\"c1\", \"1\"], [\"c2\", \"1\"]]]");
}

TEST_F(StreamTest, BlockedReadersTimeOutOnTheirOwnAndPlainReadersSeeOnlyNewEntries) {
  redisContext* c = Connect();
  ASSERT_TRUE(Command(c, {"XADD", "s", "1-1", "f", "v"}));
  RawConnection reader = RawConnect();
  ASSERT_TRUE(reader.send_command({"XREAD", "BLOCK", "200", "STREAMS", "s", "$"}));
  auto r = reader.read_value(5000);
  ASSERT_EQ(r.status, Status::Value);
  EXPECT_EQ(r.raw, "*-1\r\n");
  // `$` was 1-1 when the reader blocked: an entry added later is all it gets.
  ASSERT_TRUE(reader.send_command({"XREAD", "BLOCK", "0", "STREAMS", "s", "$"}));
  WaitForBlocked(c, 1);
  ASSERT_TRUE(Command(c, {"XADD", "s", "2-1", "g", "w"}));
  EXPECT_EQ(reader.read_value().raw,
            "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\ng\r\n$1\r\nw\r\n");
  // RESP3 on the wire: a map keyed by stream name.
  ASSERT_TRUE(reader.send_command({"HELLO", "3"}));
  ASSERT_EQ(reader.read_value().status, Status::Value);
  ASSERT_TRUE(reader.send_command({"XREAD", "STREAMS", "s", "1-1"}));
  EXPECT_EQ(reader.read_value().raw,
            "%1\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\ng\r\n$1\r\nw\r\n");
}

TEST_F(StreamTest, ADeadConsumersEntriesAreRecoveredWithXautoclaim) {
  redisContext* c = Connect();
  ASSERT_TRUE(Command(c, {"XGROUP", "CREATE", "orders", "workers", "0", "MKSTREAM"}));
  for (int i = 1; i <= 5; ++i)
    ASSERT_TRUE(Command(c, {"XADD", "orders", std::to_string(i) + "-0", "order", std::to_string(i)}));
  {
    RawConnection doomed = RawConnect();
    ASSERT_TRUE(doomed.send_command({"XREADGROUP", "GROUP", "workers", "doomed", "COUNT", "5",
                                     "STREAMS", "orders", ">"}));
    ASSERT_EQ(doomed.read_value().status, Status::Value);
  }  // the connection closes without acknowledging anything
  EXPECT_EQ(PendingCount(c, "orders", "workers"), 5);
  // Entries idle for at least 50 ms are claimed by the survivor (the wait is only so that
  // they are old enough, nothing is timed).
  std::this_thread::sleep_for(std::chrono::milliseconds(80));
  redisContext* survivor = Connect();
  Reply claimed = Command(survivor, {"XAUTOCLAIM", "orders", "workers", "survivor", "50", "0-0",
                                     "COUNT", "3"});
  ASSERT_EQ(claimed->type, REDIS_REPLY_ARRAY);
  EXPECT_EQ(std::string(claimed->element[0]->str), "4-0");
  EXPECT_EQ(claimed->element[1]->elements, 3u);
  Reply rest = Command(survivor, {"XAUTOCLAIM", "orders", "workers", "survivor", "50",
                                  claimed->element[0]->str, "JUSTID"});
  EXPECT_EQ(Describe(rest.get()), "[\"0-0\", [\"4-0\", \"5-0\"], []]");
  Reply mine = Command(survivor, {"XREADGROUP", "GROUP", "workers", "survivor", "STREAMS",
                                  "orders", "0"});
  std::vector<std::string> ids = Ids(mine.get());
  EXPECT_EQ(ids, (std::vector<std::string>{"1-0", "2-0", "3-0", "4-0", "5-0"}));
  for (auto& id : ids) Command(survivor, {"XACK", "orders", "workers", id});
  EXPECT_EQ(PendingCount(c, "orders", "workers"), 0);
  Reply consumers = Command(c, {"XINFO", "CONSUMERS", "orders", "workers"});
  ASSERT_EQ(consumers->elements, 2u);
  EXPECT_EQ(std::string(consumers->element[0]->element[1]->str), "doomed");
  EXPECT_EQ(consumers->element[0]->element[3]->integer, 0);
}

TEST_F(StreamTest, PoisonEntriesGoToADeadLetterStreamAfterThreeDeliveries) {
  redisContext* c = Connect();
  ASSERT_TRUE(Command(c, {"XGROUP", "CREATE", "in", "g", "0", "MKSTREAM"}));
  ASSERT_TRUE(Command(c, {"XADD", "in", "1-0", "body", "ok-1"}));
  ASSERT_TRUE(Command(c, {"XADD", "in", "2-0", "body", "poison"}));
  ASSERT_TRUE(Command(c, {"XADD", "in", "3-0", "body", "ok-2"}));
  redisContext* worker = Connect();
  // The worker acknowledges what it can process; the poison entry stays pending.
  auto work = [&](const redisReply* r) {
    if (!r || r->type != REDIS_REPLY_ARRAY || r->elements == 0) return;
    const redisReply* entries = r->element[0]->element[1];
    for (size_t i = 0; i < entries->elements; ++i) {
      const redisReply* e = entries->element[i];
      if (e->element[1]->type != REDIS_REPLY_ARRAY) continue;
      if (std::string(e->element[1]->element[1]->str) != "poison")
        Command(worker, {"XACK", "in", "g", e->element[0]->str});
    }
  };
  Reply first = Command(worker, {"XREADGROUP", "GROUP", "g", "w", "STREAMS", "in", ">"});
  work(first.get());
  int moved = 0;
  for (int attempt = 0; attempt < 5; ++attempt) {
    // A supervisor inspects delivery counts and dead-letters what failed three times.
    Reply pending = Command(c, {"XPENDING", "in", "g", "-", "+", "10"});
    for (size_t i = 0; i < pending->elements; ++i) {
      const redisReply* p = pending->element[i];
      std::string id = p->element[0]->str;
      if (p->element[3]->integer < 3) continue;
      Reply entry = Command(c, {"XRANGE", "in", id, id});
      ASSERT_EQ(entry->elements, 1u);
      const redisReply* fv = entry->element[0]->element[1];
      ASSERT_TRUE(Command(c, {"XADD", "dlq", "*", "origin", id, fv->element[0]->str,
                              fv->element[1]->str,
                              "deliveries", std::to_string(p->element[3]->integer)}));
      Reply ack = Command(c, {"XACK", "in", "g", id});
      EXPECT_EQ(ack->integer, 1);
      ++moved;
    }
    // Redelivery: the worker reads its history again (each read counts a delivery).
    Reply again = Command(worker, {"XREADGROUP", "GROUP", "g", "w", "STREAMS", "in", "0"});
    work(again.get());
  }
  EXPECT_EQ(moved, 1);
  EXPECT_EQ(PendingCount(c, "in", "g"), 0);
  Reply dlq = Command(c, {"XRANGE", "dlq", "-", "+"});
  ASSERT_EQ(dlq->elements, 1u);
  EXPECT_EQ(Describe(dlq->element[0]->element[1]),
            "[\"origin\", \"2-0\", \"body\", \"poison\", \"deliveries\", \"3\"]");
}

TEST_F(StreamTest, ABlockedGroupReaderThatDisconnectsLeavesNoTrace) {
  redisContext* c = Connect();
  ASSERT_TRUE(Command(c, {"XGROUP", "CREATE", "q", "g", "$", "MKSTREAM"}));
  {
    RawConnection gone = RawConnect();
    ASSERT_TRUE(gone.send_command({"XREADGROUP", "GROUP", "g", "ghost", "BLOCK", "0",
                                   "STREAMS", "q", ">"}));
    WaitForBlocked(c, 1);
  }
  WaitForBlocked(c, 0);
  ASSERT_TRUE(Command(c, {"XADD", "q", "1-1", "f", "v"}));
  EXPECT_EQ(Describe(Command(c, {"XINFO", "CONSUMERS", "q", "g"}).get()), "[]");
  EXPECT_EQ(PendingCount(c, "q", "g"), 0);
  // A reader blocked on a key that is deleted is told so.
  ASSERT_TRUE(Command(c, {"XGROUP", "SETID", "q", "g", "$"}));
  RawConnection w = RawConnect();
  ASSERT_TRUE(w.send_command({"XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "q", ">"}));
  WaitForBlocked(c, 1);
  ASSERT_TRUE(Command(c, {"DEL", "q"}));
  EXPECT_EQ(w.read_value().raw, "-UNBLOCKED the stream key no longer exists\r\n");
}

}  // namespace
}  // namespace eddy::testing
