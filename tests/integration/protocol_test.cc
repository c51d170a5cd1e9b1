// The wire protocol on the real server: inline commands, multibulk corner cases, RESP3
// after HELLO 3, and the exact reply bytes for each (checked against redis-server 7.0).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "integration/test_server.h"

namespace eddy::testing {
namespace {

using Status = RawConnection::Status;

class ProtocolTest : public ServerTest {
 protected:
  // Sends raw bytes on a fresh connection and reads `n` replies, concatenated.
  std::string Exchange(std::string_view bytes, int n) {
    RawConnection r = RawConnect();
    r.send(bytes);
    std::string out;
    for (int i = 0; i < n; ++i) {
      auto v = r.read_value();
      if (v.status != Status::Value) return out + "<missing reply " + std::to_string(i) + ">";
      out += v.raw;
    }
    return out;
  }
};

TEST_F(ProtocolTest, InlineCommandsWork) {
  EXPECT_EQ(Exchange("SET a b\r\nGET a\r\n", 2), "+OK\r\n$1\r\nb\r\n");
  EXPECT_EQ(Exchange("PING\n", 1), "+PONG\r\n");
  EXPECT_EQ(Exchange("   ECHO    spaced   \r\n", 1), "$6\r\nspaced\r\n");
}

TEST_F(ProtocolTest, InlineCommandsUnderstandQuotes) {
  EXPECT_EQ(Exchange("ECHO \"a b\"\r\n", 1), "$3\r\na b\r\n");
  EXPECT_EQ(Exchange("ECHO \"\\x41\\n\"\r\n", 1), "$2\r\nA\n\r\n");
  EXPECT_EQ(Exchange("ECHO 'it\\'s'\r\n", 1), "$4\r\nit's\r\n");
  EXPECT_EQ(Exchange("ECHO \"\"\r\n", 1), "$0\r\n\r\n");
}

TEST_F(ProtocolTest, BlankLinesAndEmptyMultibulksAreIgnored) {
  EXPECT_EQ(Exchange("\r\n\r\n\nPING\r\n", 1), "+PONG\r\n");
  EXPECT_EQ(Exchange("*0\r\n*-1\r\nPING\r\n", 1), "+PONG\r\n");
  EXPECT_EQ(Exchange("   \r\n*1\r\n$4\r\nPING\r\n", 1), "+PONG\r\n");
}

TEST_F(ProtocolTest, InlineErrorsKeepTheConnectionOpen) {
  RawConnection r = RawConnect();
  r.send("GET\r\n");
  EXPECT_EQ(r.read_value().raw, "-ERR wrong number of arguments for 'get' command\r\n");
  r.send("NOSUCH a b\r\n");
  EXPECT_EQ(r.read_value().raw,
            "-ERR unknown command 'NOSUCH', with args beginning with: 'a' 'b' \r\n");
  r.send("$-5\r\n");
  EXPECT_EQ(r.read_value().raw, "-ERR unknown command '$-5', with args beginning with: \r\n");
  r.send("PING\r\n");
  EXPECT_EQ(r.read_value().raw, "+PONG\r\n");
}

TEST_F(ProtocolTest, ArgumentsAreBinarySafe) {
  std::string key("k\0\r\n", 4);
  std::string value("\x00\xff\r\n\x01", 5);
  RawConnection r = RawConnect();
  r.send_command({"SET", key, value});
  EXPECT_EQ(r.read_value().raw, "+OK\r\n");
  r.send_command({"GET", key});
  EXPECT_EQ(r.read_value().raw, "$5\r\n" + value + "\r\n");
}

TEST_F(ProtocolTest, MixedPipelineOfInlineAndMultibulk) {
  EXPECT_EQ(Exchange("*1\r\n$4\r\nPING\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$1\r\nz\r\nECHO y\r\n", 4),
            "+PONG\r\n+PONG\r\n$1\r\nz\r\n$1\r\ny\r\n");
}

TEST_F(ProtocolTest, TheTwoBytesAfterABulkAreSkipped) {
  EXPECT_EQ(Exchange("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n", 2), "+PONG\r\n+PONG\r\n");
}

TEST_F(ProtocolTest, Hello3SwitchesTheConnectionToResp3) {
  RawConnection r = RawConnect();
  r.send_command({"CLIENT", "ID"});
  auto id = r.read_value();
  r.send_command({"HELLO", "3"});
  auto hello = r.read_value();
  ASSERT_EQ(hello.status, Status::Value);
  if (IsUnknownCommand(hello.raw)) GTEST_SKIP() << "HELLO is not implemented yet";
  ASSERT_EQ(hello.value.type, RespValue::Type::Map) << hello.raw;
  std::string id_text = id.value.type == RespValue::Type::Integer
                            ? std::to_string(id.value.integer)
                            : hello.value.elems.size() > 7 ? std::to_string(hello.value.elems[7].integer)
                                                           : "?";
  EXPECT_EQ(hello.raw,
            "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
            "$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:" + id_text + "\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n"
            "$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n");
  // RESP3 null for a missing key; back to RESP2 with HELLO 2.
  r.send_command({"GET", "missing"});
  EXPECT_EQ(r.read_value().raw, "_\r\n");
  r.send_command({"HELLO", "2"});
  auto hello2 = r.read_value();
  EXPECT_EQ(hello2.raw.substr(0, 5), "*14\r\n");
  r.send_command({"GET", "missing"});
  EXPECT_EQ(r.read_value().raw, "$-1\r\n");
}

TEST_F(ProtocolTest, HelloWithAnUnsupportedVersionIsRejected) {
  std::string got = RawRoundTrip({"HELLO", "4"});
  if (IsUnknownCommand(got)) GTEST_SKIP() << "HELLO is not implemented yet";
  EXPECT_EQ(got, "-NOPROTO unsupported protocol version\r\n");
}

}  // namespace
}  // namespace eddy::testing
