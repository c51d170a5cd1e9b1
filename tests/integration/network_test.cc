// The real eddy-server over TCP: basic commands through hiredis, pipelines, big values,
// commands arriving in pieces, several clients, QUIT, CLIENT KILL, maxclients, disconnects.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "integration/test_server.h"

namespace eddy::testing {
namespace {

using Status = RawConnection::Status;

class NetworkTest : public ServerTest {};

TEST_F(NetworkTest, PingSetAndGetWork) {
  redisContext* c = Connect();
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(IsStatus(Command(c, {"PING"}).get(), "PONG"));
  EXPECT_TRUE(IsString(Command(c, {"PING", "hello"}).get(), "hello"));
  EXPECT_TRUE(IsStatus(Command(c, {"SET", "k", "v"}).get(), "OK"));
  EXPECT_TRUE(IsString(Command(c, {"GET", "k"}).get(), "v"));
  EXPECT_TRUE(IsNil(Command(c, {"GET", "missing"}).get()));
}

TEST_F(NetworkTest, RepliesToAPipelineOfTenThousandCommandsInOrder) {
  // 10,000 commands in a single write; the replies come back complete and in order.
  std::string batch;
  constexpr int kPairs = 5000;
  for (int i = 0; i < kPairs; ++i) {
    batch += RawConnection::Encode({"SET", "key:" + std::to_string(i), "value:" + std::to_string(i)});
    batch += RawConnection::Encode({"GET", "key:" + std::to_string(i)});
  }
  RawConnection r = RawConnect();
  ASSERT_TRUE(r.send(batch));
  for (int i = 0; i < kPairs; ++i) {
    auto set = r.read_value(10000);
    ASSERT_EQ(set.status, Status::Value) << "reply " << 2 * i;
    ASSERT_EQ(set.raw, "+OK\r\n") << "reply " << 2 * i;
    auto get = r.read_value(10000);
    ASSERT_EQ(get.status, Status::Value) << "reply " << 2 * i + 1;
    std::string v = "value:" + std::to_string(i);
    ASSERT_EQ(get.raw, "$" + std::to_string(v.size()) + "\r\n" + v + "\r\n");
  }
  EXPECT_EQ(r.pending(), "");
}

TEST_F(NetworkTest, PipelinedRepliesLargerThanTheSocketBufferAllArrive) {
  // Each reply is 64 KiB: the server has to keep writing across many loop turns.
  redisContext* c = Connect();
  ASSERT_NE(c, nullptr);
  std::string value(64 * 1024, 'p');
  ASSERT_TRUE(IsStatus(Command(c, {"SET", "big", value}).get(), "OK"));
  std::string batch;
  for (int i = 0; i < 200; ++i) batch += RawConnection::Encode({"GET", "big"});
  RawConnection r = RawConnect();
  ASSERT_TRUE(r.send(batch));
  std::string expected = "$65536\r\n" + value + "\r\n";
  for (int i = 0; i < 200; ++i) {
    auto v = r.read_value(10000);
    ASSERT_EQ(v.status, Status::Value) << "reply " << i;
    ASSERT_EQ(v.raw, expected) << "reply " << i;
  }
}

TEST_F(NetworkTest, TenMegabyteValueRoundTrips) {
  redisContext* c = Connect();
  ASSERT_NE(c, nullptr);
  std::string value(10 * 1024 * 1024, '\0');
  for (size_t i = 0; i < value.size(); ++i) value[i] = static_cast<char>((i * 131 + i / 7) & 0xff);
  EXPECT_TRUE(IsStatus(Command(c, {"SET", "big", value}).get(), "OK"));
  Reply got = Command(c, {"GET", "big"});
  ASSERT_TRUE(got);
  ASSERT_EQ(got->type, REDIS_REPLY_STRING);
  ASSERT_EQ(static_cast<size_t>(got->len), value.size());
  EXPECT_TRUE(std::string(got->str, got->len) == value) << "10 MB value came back different";
  // Another client reads the same bytes.
  redisContext* c2 = Connect();
  ASSERT_NE(c2, nullptr);
  Reply again = Command(c2, {"GET", "big"});
  ASSERT_TRUE(again && again->type == REDIS_REPLY_STRING);
  EXPECT_TRUE(std::string(again->str, again->len) == value);
}

TEST_F(NetworkTest, CommandSentOneByteAtATimeIsParsedWhole) {
  RawConnection r = RawConnect();
  std::string cmd = RawConnection::Encode({"SET", "split", "a value with spaces"}) +
                    "GET split\r\n";
  for (char ch : cmd) {
    ASSERT_TRUE(r.send(std::string_view(&ch, 1)));
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  auto set = r.read_value();
  ASSERT_EQ(set.status, Status::Value);
  EXPECT_EQ(set.raw, "+OK\r\n");
  auto get = r.read_value();
  ASSERT_EQ(get.status, Status::Value);
  EXPECT_EQ(get.raw, "$19\r\na value with spaces\r\n");
  // Nothing was replied early or twice.
  EXPECT_EQ(r.pending(), "");
}

TEST_F(NetworkTest, BigBulkArrivingInSmallPiecesIsParsedWhole) {
  std::string value(300000, 'q');
  value[12345] = 'Z';
  std::string cmd = RawConnection::Encode({"SET", "chunked", value});
  RawConnection r = RawConnect();
  for (size_t off = 0; off < cmd.size(); off += 4099) ASSERT_TRUE(r.send(cmd.substr(off, 4099)));
  auto set = r.read_value();
  ASSERT_EQ(set.status, Status::Value);
  EXPECT_EQ(set.raw, "+OK\r\n");
  r.send_command({"GET", "chunked"});
  auto get = r.read_value();
  ASSERT_EQ(get.status, Status::Value);
  EXPECT_EQ(get.value.str, value);
}

TEST_F(NetworkTest, TwoClientsSeeEachOthersWrites) {
  redisContext* a = Connect();
  redisContext* b = Connect();
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(IsStatus(Command(a, {"SET", "shared", "from-a"}).get(), "OK"));
  EXPECT_TRUE(IsString(Command(b, {"GET", "shared"}).get(), "from-a"));
  EXPECT_TRUE(IsStatus(Command(b, {"SET", "shared", "from-b"}).get(), "OK"));
  EXPECT_TRUE(IsString(Command(a, {"GET", "shared"}).get(), "from-b"));
}

TEST_F(NetworkTest, ManySimultaneousClientsEachGetTheirOwnReplies) {
  std::vector<RawConnection> conns;
  for (int i = 0; i < 100; ++i) conns.push_back(RawConnect());
  for (int i = 0; i < 100; ++i)
    ASSERT_TRUE(conns[i].send_command({"SET", "c" + std::to_string(i), std::to_string(i)}));
  for (int i = 0; i < 100; ++i) ASSERT_EQ(conns[i].read_value().raw, "+OK\r\n");
  for (int i = 0; i < 100; ++i) conns[(i + 1) % 100].send_command({"GET", "c" + std::to_string(i)});
  for (int i = 0; i < 100; ++i) {
    std::string v = std::to_string((i + 99) % 100);
    EXPECT_EQ(conns[i].read_value().raw, "$" + std::to_string(v.size()) + "\r\n" + v + "\r\n");
  }
}

TEST_F(NetworkTest, QuitRepliesOkAndClosesTheConnection) {
  RawConnection r = RawConnect();
  // Commands after QUIT in the same write are not run.
  ASSERT_TRUE(r.send("QUIT\r\nSET after-quit 1\r\n"));
  auto v = r.read_value();
  ASSERT_EQ(v.status, Status::Value);
  EXPECT_EQ(v.raw, "+OK\r\n");
  EXPECT_TRUE(r.wait_closed()) << "connection still open after QUIT";
  EXPECT_EQ(RawRoundTrip({"EXISTS", "after-quit"}), ":0\r\n");
}

TEST_F(NetworkTest, ClientKillClosesTheOtherConnection) {
  RawConnection victim = RawConnect();
  victim.send_command({"CLIENT", "ID"});
  auto id = victim.read_value();
  ASSERT_EQ(id.status, Status::Value);
  if (IsUnknownCommand(id.raw)) GTEST_SKIP() << "CLIENT is not implemented yet";
  ASSERT_EQ(id.value.type, RespValue::Type::Integer) << id.raw;

  RawConnection killer = RawConnect();
  killer.send_command({"CLIENT", "KILL", "ID", std::to_string(id.value.integer)});
  auto killed = killer.read_value();
  ASSERT_EQ(killed.status, Status::Value);
  EXPECT_EQ(killed.raw, ":1\r\n");
  EXPECT_TRUE(victim.wait_closed()) << "killed client still connected";
  // The killer's connection is unaffected.
  killer.send_command({"PING"});
  EXPECT_EQ(killer.read_value().raw, "+PONG\r\n");
  // Killing it again finds nobody.
  killer.send_command({"CLIENT", "KILL", "ID", std::to_string(id.value.integer)});
  EXPECT_EQ(killer.read_value().raw, ":0\r\n");
}

TEST_F(NetworkTest, ClientDisconnectingMidCommandLeavesTheServerWorking) {
  {
    RawConnection r = RawConnect();
    ASSERT_TRUE(r.send("*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$100\r\nonly-part"));
  }
  {
    RawConnection r = RawConnect();
    ASSERT_TRUE(r.send(RawConnection::Encode({"SET", "k", "v"}) + "*2\r\n$3\r\nGET"));
    EXPECT_EQ(r.read_value().raw, "+OK\r\n");
  }
  EXPECT_EQ(RawRoundTrip({"EXISTS", "half"}), ":0\r\n");
  EXPECT_EQ(RawRoundTrip({"GET", "k"}), "$1\r\nv\r\n");
}

TEST_F(NetworkTest, ClientThatNeverReadsRepliesDoesNotBlockOthers) {
  // A client pipelines many replies and never reads them; others are still served.
  RawConnection lazy = RawConnect();
  std::string value(16 * 1024, 'l');
  lazy.send_command({"SET", "lazy", value});
  EXPECT_EQ(lazy.read_value().raw, "+OK\r\n");
  std::string batch;
  for (int i = 0; i < 300; ++i) batch += RawConnection::Encode({"GET", "lazy"});
  ASSERT_TRUE(lazy.send(batch));
  EXPECT_EQ(RawRoundTrip({"PING"}), "+PONG\r\n");
}

TEST_F(NetworkTest, ClientsThatLeaveWithRepliesStillUnsentAreCleanedUp) {
  // Each leaves megabytes of replies queued behind a full socket (the server is waiting
  // for writability), then closes. The server notices, frees them, and keeps serving.
  std::string value(16 * 1024, 'g');
  EXPECT_EQ(RawRoundTrip({"SET", "big", value}), "+OK\r\n");
  std::string batch;
  for (int i = 0; i < 300; ++i) batch += RawConnection::Encode({"GET", "big"});
  for (int i = 0; i < 5; ++i) {
    RawConnection gone = RawConnect();
    ASSERT_TRUE(gone.send(batch));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  RawConnection watcher = RawConnect();
  std::string clients;
  for (int i = 0; i < 200; ++i) {
    watcher.send_command({"INFO", "clients"});
    clients = watcher.read_value().raw;
    if (clients.find("connected_clients:1\r\n") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_NE(clients.find("connected_clients:1\r\n"), std::string::npos) << clients;
  watcher.send_command({"PING"});
  EXPECT_EQ(watcher.read_value().raw, "+PONG\r\n");
}

class MaxClientsTest : public ServerTest {
 protected:
  std::vector<std::string> ExtraArgs() const override { return {"--maxclients", "2"}; }
};

TEST_F(MaxClientsTest, ConnectionBeyondMaxclientsGetsAnErrorAndIsClosed) {
  RawConnection a = RawConnect();
  RawConnection b = RawConnect();
  a.send_command({"PING"});
  b.send_command({"PING"});
  ASSERT_EQ(a.read_value().raw, "+PONG\r\n");
  ASSERT_EQ(b.read_value().raw, "+PONG\r\n");

  RawConnection c = RawConnect();
  auto v = c.read_value();
  ASSERT_EQ(v.status, Status::Value);
  EXPECT_EQ(v.raw, "-ERR max number of clients reached\r\n");
  EXPECT_TRUE(c.wait_closed());

  // The two admitted clients keep working; once one leaves, a new one is admitted.
  a.send_command({"SET", "k", "v"});
  EXPECT_EQ(a.read_value().raw, "+OK\r\n");
  b.close();
  RawConnection d;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::string got;
  // The server notices b's close asynchronously: retry until the slot is free.
  while (std::chrono::steady_clock::now() < deadline) {
    ASSERT_TRUE(d.connect(port()));
    d.send_command({"GET", "k"});
    got = d.read_value().raw;
    if (got == "$1\r\nv\r\n") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(got, "$1\r\nv\r\n");
}

}  // namespace
}  // namespace eddy::testing
