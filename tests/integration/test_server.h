// ServerTest: gtest fixture that runs the real eddy-server binary (EDDY_SERVER_BIN) for each
// test, on a free loopback port, and hands out hiredis and raw connections to it.
//
//   class MaxClientsTest : public ServerTest {
//     std::vector<std::string> ExtraArgs() const override { return {"--maxclients", "2"}; }
//   };
//   TEST_F(MaxClientsTest, ThirdConnectionIsRefused) { ... Connect() ... RawConnect() ... }
//
// The server starts with `--save "" --appendonly no` plus ExtraArgs(); its log is printed
// when a test fails. Connections are closed and the server is stopped in TearDown, which
// also checks the server did not crash during the test.
#pragma once
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <memory>
#include <string>
#include <vector>

#include "integration/raw_connection.h"
#include "integration/server_process.h"

#ifndef EDDY_SERVER_BIN
#error "EDDY_SERVER_BIN must name the eddy-server binary"
#endif

namespace eddy::testing {

struct ReplyDeleter {
  void operator()(redisReply* r) const {
    if (r) freeReplyObject(r);
  }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

struct ContextDeleter {
  void operator()(redisContext* c) const {
    if (c) redisFree(c);
  }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;

// Human form of a hiredis reply for failure messages.
inline std::string Describe(const redisReply* r) {
  if (!r) return "(no reply)";
  switch (r->type) {
    case REDIS_REPLY_STATUS: return std::string(r->str, r->len);
    case REDIS_REPLY_ERROR: return "(error) " + std::string(r->str, r->len);
    case REDIS_REPLY_INTEGER: return "(integer) " + std::to_string(r->integer);
    case REDIS_REPLY_NIL: return "(nil)";
    case REDIS_REPLY_STRING: return "\"" + std::string(r->str, r->len) + "\"";
    case REDIS_REPLY_ARRAY: {
      std::string s = "[";
      for (size_t i = 0; i < r->elements; ++i) {
        if (i) s += ", ";
        s += Describe(r->element[i]);
      }
      return s + "]";
    }
  }
  return "(type " + std::to_string(r->type) + ")";
}

// Runs one command given as separate arguments (binary safe) on a hiredis connection.
inline Reply RunCommand(redisContext* c, const std::vector<std::string>& argv) {
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  for (auto& a : argv) {
    ptrs.push_back(a.data());
    lens.push_back(a.size());
  }
  return Reply(static_cast<redisReply*>(
      redisCommandArgv(c, static_cast<int>(argv.size()), ptrs.data(), lens.data())));
}

class ServerTest : public ::testing::Test {
 public:
  // Same as RunCommand (kept as a member so tests can write Command(c, {...})).
  static Reply Command(redisContext* c, const std::vector<std::string>& argv) {
    return RunCommand(c, argv);
  }

 protected:
  // Arguments added after `--port P --save "" --appendonly no`.
  virtual std::vector<std::string> ExtraArgs() const { return {}; }

  void SetUp() override {
    ServerProcess::Options o;
    o.binary = EDDY_SERVER_BIN;
    o.args = {"--bind", "127.0.0.1", "--save", "", "--appendonly", "no"};
    for (auto& a : ExtraArgs()) o.args.push_back(a);
    std::string err = server_.start(o);
    ASSERT_EQ(err, "") << "eddy-server did not start";
  }

  void TearDown() override {
    contexts_.clear();
    bool crashed = server_.pid() > 0 && !server_.alive();
    std::string log = server_.log_tail(40);
    if (crashed) {
      ADD_FAILURE() << "eddy-server died during the test: "
                    << ServerProcess::describe_status(server_.exit_status().value_or(0))
                    << "\n" << log;
    } else if (HasFailure()) {
      std::cerr << "---- eddy-server log (tail) ----\n" << log << "--------\n";
    }
    server_.stop();
  }

  int port() const { return server_.port(); }

  // A hiredis connection (with a 5 s timeout), closed at teardown.
  redisContext* Connect() {
    timeval tv{5, 0};
    redisContext* c = redisConnectWithTimeout("127.0.0.1", port(), tv);
    if (!c || c->err) {
      ADD_FAILURE() << "connect: " << (c ? c->errstr : "out of memory");
      if (c) redisFree(c);
      return nullptr;
    }
    redisSetTimeout(c, tv);
    contexts_.emplace_back(c);
    return c;
  }

  RawConnection RawConnect() {
    RawConnection r;
    EXPECT_TRUE(r.connect(port())) << "raw connect to port " << port();
    return r;
  }

  // One command on a fresh raw connection, returning its reply bytes.
  std::string RawRoundTrip(const std::vector<std::string>& argv) {
    RawConnection r = RawConnect();
    r.send_command(argv);
    auto v = r.read_value();
    return v.status == RawConnection::Status::Value ? v.raw : "<no reply>";
  }

  ServerProcess server_;
  std::vector<Context> contexts_;
};

// gtest matchers-lite for hiredis replies.
inline ::testing::AssertionResult IsStatus(const redisReply* r, const std::string& s) {
  if (r && r->type == REDIS_REPLY_STATUS && std::string(r->str, r->len) == s)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected +" << s << ", got " << Describe(r);
}
inline ::testing::AssertionResult IsString(const redisReply* r, const std::string& s) {
  if (r && r->type == REDIS_REPLY_STRING && std::string(r->str, r->len) == s)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "expected bulk of " << s.size() << " bytes, got "
         << (r && r->type == REDIS_REPLY_STRING && r->len > 200
                 ? "bulk of " + std::to_string(r->len) + " bytes"
                 : Describe(r));
}
inline ::testing::AssertionResult IsInteger(const redisReply* r, long long v) {
  if (r && r->type == REDIS_REPLY_INTEGER && r->integer == v)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected (integer) " << v << ", got " << Describe(r);
}
inline ::testing::AssertionResult IsError(const redisReply* r, const std::string& s) {
  if (r && r->type == REDIS_REPLY_ERROR && std::string(r->str, r->len) == s)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected (error) " << s << ", got " << Describe(r);
}
inline ::testing::AssertionResult IsNil(const redisReply* r) {
  if (r && r->type == REDIS_REPLY_NIL) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected (nil), got " << Describe(r);
}

// True if the server answered "unknown command" (for features other helpers add later).
inline bool IsUnknownCommand(const std::string& raw_reply) {
  return raw_reply.rfind("-ERR unknown command", 0) == 0;
}

}  // namespace eddy::testing
