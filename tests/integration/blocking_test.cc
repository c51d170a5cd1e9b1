// Blocking list commands over real connections: a push wakes a waiter on another
// connection, several waiters are served first come first served, timeouts fire from the
// loop's timer without any traffic, and a waiter that disconnects is cleaned up.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "integration/test_server.h"

namespace eddy::testing {
namespace {

using Status = RawConnection::Status;

class BlockingTest : public ServerTest {
 protected:
  // Waits until INFO reports `n` blocked clients (the BLPOPs were sent on other sockets).
  void WaitForBlocked(redisContext* c, int n) {
    std::string want = "blocked_clients:" + std::to_string(n) + "\r\n";
    for (int i = 0; i < 500; ++i) {
      Reply r = Command(c, {"INFO", "clients"});
      if (r && std::string(r->str, r->len).find(want) != std::string::npos) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    FAIL() << "never saw " << want;
  }
};

TEST_F(BlockingTest, APushOnOneConnectionWakesABlpopOnAnother) {
  RawConnection waiter = RawConnect();
  ASSERT_TRUE(waiter.send(RawConnection::Encode({"BLPOP", "jobs", "0"})));
  redisContext* c = Connect();
  WaitForBlocked(c, 1);
  EXPECT_EQ(waiter.read_value(200).status, Status::Timeout);
  Reply pushed = Command(c, {"RPUSH", "jobs", "job-1"});
  ASSERT_TRUE(pushed);
  EXPECT_EQ(pushed->integer, 1);
  auto r = waiter.read_value(2000);
  ASSERT_EQ(r.status, Status::Value);
  EXPECT_EQ(r.raw, "*2\r\n$4\r\njobs\r\n$5\r\njob-1\r\n");
  EXPECT_TRUE(IsInteger(Command(c, {"LLEN", "jobs"}).get(), 0));
}

TEST_F(BlockingTest, ThreeWaitersAreServedInArrivalOrder) {
  redisContext* c = Connect();
  RawConnection w[3] = {RawConnect(), RawConnect(), RawConnect()};
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(w[i].send(RawConnection::Encode({"BLPOP", "q", "0"})));
    WaitForBlocked(c, i + 1);  // make the arrival order certain
  }
  ASSERT_TRUE(IsInteger(Command(c, {"RPUSH", "q", "first", "second"}).get(), 2));
  auto r0 = w[0].read_value(2000);
  auto r1 = w[1].read_value(2000);
  EXPECT_EQ(r0.raw, "*2\r\n$1\r\nq\r\n$5\r\nfirst\r\n");
  EXPECT_EQ(r1.raw, "*2\r\n$1\r\nq\r\n$6\r\nsecond\r\n");
  EXPECT_EQ(w[2].read_value(200).status, Status::Timeout);
  ASSERT_TRUE(IsInteger(Command(c, {"RPUSH", "q", "third"}).get(), 1));
  EXPECT_EQ(w[2].read_value(2000).raw, "*2\r\n$1\r\nq\r\n$5\r\nthird\r\n");
}

TEST_F(BlockingTest, ATimeoutFiresOnItsOwnWithoutOtherTraffic) {
  RawConnection waiter = RawConnect();
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(waiter.send(RawConnection::Encode({"BRPOP", "nothing", "0.2"})));
  auto r = waiter.read_value(5000);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(r.status, Status::Value);
  EXPECT_EQ(r.raw, "*-1\r\n");
  // Not a timing assertion on speed: only that the server did wait for the timeout.
  EXPECT_GE(elapsed, std::chrono::milliseconds(190));
}

TEST_F(BlockingTest, AWaiterThatDisconnectsIsForgottenAndTheNextOneServed) {
  redisContext* c = Connect();
  {
    RawConnection gone = RawConnect();
    ASSERT_TRUE(gone.send(RawConnection::Encode({"BLPOP", "q", "0"})));
    WaitForBlocked(c, 1);
  }  // closed while blocked
  WaitForBlocked(c, 0);
  RawConnection next = RawConnect();
  ASSERT_TRUE(next.send(RawConnection::Encode({"BLPOP", "q", "0"})));
  WaitForBlocked(c, 1);
  ASSERT_TRUE(IsInteger(Command(c, {"RPUSH", "q", "v"}).get(), 1));
  EXPECT_EQ(next.read_value(2000).raw, "*2\r\n$1\r\nq\r\n$1\r\nv\r\n");
}

TEST_F(BlockingTest, ClientUnblockAndBlmoveWorkOverTheWire) {
  redisContext* c = Connect();
  RawConnection w = RawConnect();
  ASSERT_TRUE(w.send(RawConnection::Encode({"CLIENT", "ID"})));
  auto id = w.read_value(2000);
  ASSERT_EQ(id.status, Status::Value);
  std::string client_id = id.raw.substr(1, id.raw.size() - 3);
  ASSERT_TRUE(w.send(RawConnection::Encode({"BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"})));
  WaitForBlocked(c, 1);
  EXPECT_TRUE(IsInteger(Command(c, {"CLIENT", "UNBLOCK", client_id, "ERROR"}).get(), 1));
  EXPECT_EQ(w.read_value(2000).raw, "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
  ASSERT_TRUE(w.send(RawConnection::Encode({"BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"})));
  WaitForBlocked(c, 1);
  ASSERT_TRUE(IsInteger(Command(c, {"RPUSH", "src", "item"}).get(), 1));
  EXPECT_EQ(w.read_value(2000).raw, "$4\r\nitem\r\n");
  EXPECT_TRUE(IsString(Command(c, {"LINDEX", "dst", "0"}).get(), "item"));
}

}  // namespace
}  // namespace eddy::testing
