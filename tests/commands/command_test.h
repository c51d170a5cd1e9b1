// In-process command test harness (DESIGN.md §5).
//
// Sends argv through the real parser and dispatcher of a Server (no sockets) and parses the
// reply bytes back with RespReader. A ManualClock drives expiry deterministically.
//
//   TEST_F(CommandTest, GetReturnsWhatSetStored) {
//     EXPECT_THAT(Run({"SET", "k", "v"}), IsOk());
//     EXPECT_THAT(Run({"GET", "k"}), IsBulk("v"));
//   }
#pragma once
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/base/clock.h"
#include "eddy/protocol/resp_reader.h"
#include "eddy/commands/command.h"
#include "eddy/server/server.h"

namespace eddy::testing {

inline std::string EncodeCommand(const std::vector<std::string>& argv) {
  std::string s = "*" + std::to_string(argv.size()) + "\r\n";
  for (auto& a : argv) s += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
  return s;
}

// Records what the server propagates (the AOF feed), one argv per command.
class RecordingPropagator : public Propagator {
 public:
  void propagate(int, const std::vector<std::string>& argv) override { seen.push_back(argv); }
  std::vector<std::vector<std::string>> seen;
};

// Records keyspace events as "event:key", leaving out "keymiss" and "new" (which have their
// own tests): what a command's own events are.
class RecordingNotifier : public KeyspaceNotifier {
 public:
  void notify_keyspace_event(uint32_t cls, std::string_view event, std::string_view key,
                             int) override {
    if (cls & (kNotifyKeyMiss | kNotifyNew)) return;
    seen.push_back(std::string(event) + ":" + std::string(key));
  }
  std::vector<std::string> seen;
};

class CommandTest : public ::testing::Test {
 protected:
  CommandTest() : clock_(1700000000000000LL) {
    set_clock(&clock_);
    server_ = std::make_unique<Server>(Config());
    client_ = NewClient();
  }
  ~CommandTest() override {
    server_.reset();
    set_clock(nullptr);
  }

  // (Configuration: tests run CONFIG SET in their constructor; a virtual hook here would
  // not be dispatched from this constructor.)

  Client* NewClient() {
    Client* c = server_->create_client(nullptr);
    c->authenticated = true;
    return c;
  }

  // Runs one command for `c` (default client) and returns its single reply.
  RespValue Run(std::vector<std::string> argv, Client* c = nullptr) {
    auto replies = RunRaw(EncodeCommand(argv), c);
    if (replies.empty()) return RespValue{RespValue::Type::Simple, "<no reply>", 0, {}};
    return replies.front();
  }
  // Feeds raw protocol bytes and returns every reply produced.
  std::vector<RespValue> RunRaw(const std::string& bytes, Client* c = nullptr) {
    c = c ? c : client_;
    c->qbuf += bytes;
    server_->process_input(*c);
    return RespReader::parse_all(TakeOutput(c));
  }
  std::string TakeOutput(Client* c = nullptr) { return (c ? c : client_)->out.take_all(); }
  // Raw reply bytes of one command.
  std::string RunBytes(std::vector<std::string> argv, Client* c = nullptr) {
    c = c ? c : client_;
    c->qbuf += EncodeCommand(argv);
    server_->process_input(*c);
    return c->out.take_all();
  }

  void AdvanceClock(int64_t ms) { clock_.advance_ms(ms); }
  int64_t NowMs() const { return clock_.now_us() / 1000; }
  Server& server() { return *server_; }
  Client* client() { return client_; }

  ManualClock clock_;
  std::unique_ptr<Server> server_;
  Client* client_ = nullptr;
};

MATCHER(IsOk, "is +OK") { return arg.type == RespValue::Type::Simple && arg.str == "OK"; }
MATCHER_P(IsSimple, s, "is simple string " + std::string(s)) {
  return arg.type == RespValue::Type::Simple && arg.str == s;
}
MATCHER_P(IsBulk, s, "is bulk " + std::string(s)) {
  return arg.type == RespValue::Type::Bulk && arg.str == std::string(s);
}
MATCHER_P(IsInt, n, "is integer " + std::to_string(n)) {
  return arg.type == RespValue::Type::Integer && arg.integer == static_cast<int64_t>(n);
}
MATCHER(IsNil, "is nil") { return arg.type == RespValue::Type::Null; }
MATCHER(IsNilArray, "is nil array") { return arg.type == RespValue::Type::NullArray; }
MATCHER_P(IsError, s, "is error " + std::string(s)) {
  return arg.type == RespValue::Type::Error && arg.str == std::string(s);
}
MATCHER_P(IsErrorPrefix, s, "is error starting with " + std::string(s)) {
  return arg.type == RespValue::Type::Error && arg.str.rfind(std::string(s), 0) == 0;
}
MATCHER_P(IsArray, m, "is array whose elements " + ::testing::DescribeMatcher<std::vector<RespValue>>(m)) {
  return (arg.type == RespValue::Type::Array || arg.type == RespValue::Type::Set ||
          arg.type == RespValue::Type::Push) &&
         ::testing::ExplainMatchResult(m, arg.elems, result_listener);
}
// Compares the compact debug rendering, e.g. "[\"a\", (integer) 1]".
MATCHER_P(Renders, s, "renders as " + std::string(s)) {
  *result_listener << "renders as " << arg.debug();
  return arg.debug() == std::string(s);
}
// Shorthand for an array of bulk strings.
inline auto IsBulkArray(std::vector<std::string> items) {
  std::vector<::testing::Matcher<RespValue>> ms;
  for (auto& s : items) ms.push_back(IsBulk(s));
  return IsArray(::testing::ElementsAreArray(ms));
}

inline void PrintTo(const RespValue& v, std::ostream* os) { *os << v.debug(); }

}  // namespace eddy::testing

namespace eddy {
inline void PrintTo(const RespValue& v, std::ostream* os) { *os << v.debug(); }
}  // namespace eddy
