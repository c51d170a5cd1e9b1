// RequestParser: multibulk and inline framing, every protocol error with Redis's exact text,
// and incremental parsing (the same commands whatever the split of the input).
#include "eddy/protocol/request_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace eddy {
namespace {

using Status = RequestParser::Status;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

using Argv = std::vector<std::string>;

// Parses as much of `buf` as possible, like the server: each Command's argv is collected,
// Empty is skipped, and parsing stops at NeedMore or Error.
struct Parsed {
  std::vector<Argv> commands;
  Status last = Status::NeedMore;
  std::string error;
  size_t consumed = 0;
};

Parsed ParseAll(RequestParser& p, std::string_view buf) {
  Parsed out;
  size_t pos = 0;
  std::vector<std::string_view> argv;
  for (;;) {
    Status st = p.parse(buf, &pos, &argv);
    out.last = st;
    if (st == Status::Command) {
      out.commands.emplace_back(argv.begin(), argv.end());
      continue;
    }
    if (st == Status::Empty) continue;
    if (st == Status::Error) out.error = p.error();
    break;
  }
  out.consumed = pos;
  return out;
}

Parsed ParseAll(std::string_view buf) {
  RequestParser p;
  return ParseAll(p, buf);
}

std::string ErrorOf(std::string_view buf, bool authenticated = true) {
  RequestParser p;
  p.set_authenticated(authenticated);
  Parsed r = ParseAll(p, buf);
  EXPECT_EQ(r.last, Status::Error) << "input: " << ::testing::PrintToString(std::string(buf));
  return r.error;
}

// Feeds `input` in pieces split at the given offsets, the way the server does: bytes are
// appended to a query buffer, parsed, and the consumed prefix is dropped (with shift()).
std::vector<Argv> ParseInPieces(std::string_view input, const std::vector<size_t>& cuts) {
  RequestParser p;
  std::string qbuf;
  std::vector<Argv> commands;
  std::vector<std::string_view> argv;
  size_t prev = 0;
  auto feed = [&](std::string_view piece) {
    qbuf.append(piece);
    size_t pos = 0;
    for (;;) {
      Status st = p.parse(qbuf, &pos, &argv);
      if (st == Status::Command) {
        commands.emplace_back(argv.begin(), argv.end());
        continue;
      }
      if (st == Status::Empty) continue;
      EXPECT_NE(st, Status::Error) << p.error();
      break;
    }
    qbuf.erase(0, pos);
    p.shift(pos);
  };
  for (size_t cut : cuts) {
    feed(input.substr(prev, cut - prev));
    prev = cut;
  }
  feed(input.substr(prev));
  EXPECT_TRUE(qbuf.empty()) << "left over: " << qbuf;
  return commands;
}

// --- multibulk -------------------------------------------------------------------------

TEST(RequestParserTest, ParsesOneMultibulkCommand) {
  Parsed r = ParseAll("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n");
  EXPECT_THAT(r.commands, ElementsAre(Argv{"SET", "k", "hello"}));
  EXPECT_EQ(r.last, Status::NeedMore);
  EXPECT_EQ(r.consumed, 31u);
}

TEST(RequestParserTest, ArgumentsAreViewsIntoTheBuffer) {
  std::string buf = "*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n";
  RequestParser p;
  size_t pos = 0;
  std::vector<std::string_view> argv;
  ASSERT_EQ(p.parse(buf, &pos, &argv), Status::Command);
  ASSERT_EQ(argv.size(), 2u);
  EXPECT_EQ(argv[0].data(), buf.data() + 8);
  EXPECT_EQ(argv[1].data(), buf.data() + 18);
}

TEST(RequestParserTest, ParsesBinarySafeArgumentsWithCrLfAndNul) {
  std::string buf("*2\r\n$4\r\nECHO\r\n$5\r\na\r\n\0b\r\n", 25);
  Parsed r = ParseAll(buf);
  ASSERT_EQ(r.commands.size(), 1u);
  EXPECT_EQ(r.commands[0][1], std::string("a\r\n\0b", 5));
}

TEST(RequestParserTest, ParsesEmptyBulkArguments) {
  Parsed r = ParseAll("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n");
  EXPECT_THAT(r.commands, ElementsAre(Argv{"ECHO", ""}));
}

TEST(RequestParserTest, SkipsTheTwoBytesAfterABulkWhateverTheyAre) {
  Parsed r = ParseAll("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n");
  EXPECT_THAT(r.commands, ElementsAre(Argv{"PING"}, Argv{"PING"}));
}

TEST(RequestParserTest, ZeroAndNegativeMultibulkCountsAreEmpty) {
  for (std::string_view in : {"*0\r\n", "*-1\r\n", "*-100\r\n"}) {
    RequestParser p;
    size_t pos = 0;
    std::vector<std::string_view> argv;
    EXPECT_EQ(p.parse(in, &pos, &argv), Status::Empty) << in;
    EXPECT_EQ(pos, in.size()) << in;
  }
  EXPECT_THAT(ParseAll("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n").commands, ElementsAre(Argv{"PING"}));
}

TEST(RequestParserTest, AcceptsTheLargestMultibulkCount) {
  Parsed r = ParseAll("*2147483647\r\n$4\r\nPING\r\n");
  EXPECT_EQ(r.last, Status::NeedMore);
  EXPECT_THAT(r.commands, IsEmpty());
}

TEST(RequestParserTest, NeedsMoreUntilTheCountLineHasItsNewline) {
  RequestParser p;
  size_t pos = 0;
  std::vector<std::string_view> argv;
  EXPECT_EQ(p.parse("*1", &pos, &argv), Status::NeedMore);
  EXPECT_EQ(p.parse("*1\r", &pos, &argv), Status::NeedMore);
  EXPECT_EQ(pos, 0u);
  EXPECT_EQ(p.parse("*1\r\n$4\r", &pos, &argv), Status::NeedMore);
  EXPECT_EQ(pos, 0u);
  EXPECT_TRUE(p.in_progress());
  EXPECT_EQ(p.parse("*1\r\n$4\r\nPIN", &pos, &argv), Status::NeedMore);
  EXPECT_EQ(p.pending_bulk(), 4);
  EXPECT_EQ(p.parse("*1\r\n$4\r\nPING\r", &pos, &argv), Status::NeedMore);
  EXPECT_EQ(p.parse("*1\r\n$4\r\nPING\r\n", &pos, &argv), Status::Command);
  EXPECT_EQ(pos, 14u);
  EXPECT_FALSE(p.in_progress());
}

TEST(RequestParserTest, ResetForgetsAPartialCommand) {
  RequestParser p;
  size_t pos = 0;
  std::vector<std::string_view> argv;
  EXPECT_EQ(p.parse("*2\r\n$4\r\nECHO\r\n", &pos, &argv), Status::NeedMore);
  p.reset();
  EXPECT_FALSE(p.in_progress());
  pos = 0;
  EXPECT_EQ(p.parse("*1\r\n$4\r\nPING\r\n", &pos, &argv), Status::Command);
  EXPECT_THAT(Argv(argv.begin(), argv.end()), ElementsAre("PING"));
}

// --- multibulk errors ------------------------------------------------------------------

TEST(RequestParserTest, RejectsMultibulkCountsThatAreNotStrictIntegers) {
  for (std::string_view in : {"*abc\r\n", "*+1\r\n", "*01\r\n", "* 1\r\n", "*1 \r\n", "*\r\n",
                              "*99999999999999999999\r\n", "*1x\r\n"})
    EXPECT_EQ(ErrorOf(in), "Protocol error: invalid multibulk length") << in;
}

TEST(RequestParserTest, RejectsMultibulkCountsAboveIntMax) {
  EXPECT_EQ(ErrorOf("*2147483648\r\n"), "Protocol error: invalid multibulk length");
  EXPECT_EQ(ErrorOf("*9223372036854775807\r\n"), "Protocol error: invalid multibulk length");
}

TEST(RequestParserTest, RejectsBulkLengthsThatAreNotStrictNonNegativeIntegers) {
  for (std::string_view in :
       {"*1\r\n$x\r\n", "*1\r\n$-1\r\n", "*1\r\n$-5\r\n", "*1\r\n$-0\r\n", "*1\r\n$04\r\n",
        "*1\r\n$ 4\r\n", "*1\r\n$+4\r\n", "*1\r\n$\r\n", "*1\r\n$99999999999999999999\r\n"})
    EXPECT_EQ(ErrorOf(in), "Protocol error: invalid bulk length") << in;
}

TEST(RequestParserTest, RejectsBulkLengthsAboveProtoMaxBulkLen) {
  EXPECT_EQ(ErrorOf("*1\r\n$629145600\r\n"), "Protocol error: invalid bulk length");
  EXPECT_EQ(ErrorOf("*1\r\n$536870913\r\n"), "Protocol error: invalid bulk length");
  // Exactly the limit is fine (and nothing is allocated for it up front).
  Parsed ok = ParseAll("*1\r\n$536870912\r\n");
  EXPECT_EQ(ok.last, Status::NeedMore);
}

TEST(RequestParserTest, HonoursAConfiguredProtoMaxBulkLen) {
  RequestParser p;
  p.set_max_bulk_len(1024 * 1024);
  EXPECT_EQ(ParseAll(p, "*1\r\n$1048576\r\n").last, Status::NeedMore);
  RequestParser q;
  q.set_max_bulk_len(1024 * 1024);
  Parsed r = ParseAll(q, "*1\r\n$1048577\r\n");
  EXPECT_EQ(r.last, Status::Error);
  EXPECT_EQ(r.error, "Protocol error: invalid bulk length");
}

TEST(RequestParserTest, RejectsAnythingButDollarWhereABulkHeaderBelongs) {
  EXPECT_EQ(ErrorOf("*1\r\nx\r\n"), "Protocol error: expected '$', got 'x'");
  EXPECT_EQ(ErrorOf("*2\r\n$4\r\nECHO\r\n:5\r\n"), "Protocol error: expected '$', got ':'");
  EXPECT_EQ(ErrorOf("*1\r\n*1\r\n"), "Protocol error: expected '$', got '*'");
}

TEST(RequestParserTest, WaitsForTheBulkHeaderLineBeforeCheckingItsType) {
  // Redis looks at the header only once its line is complete.
  EXPECT_EQ(ParseAll("*3\r\n$x").last, Status::NeedMore);
  EXPECT_EQ(ParseAll("*1\r\nx").last, Status::NeedMore);
}

TEST(RequestParserTest, RejectsCountLinesLongerThan64KiB) {
  std::string mb = "*" + std::string(70000, '1');
  EXPECT_EQ(ErrorOf(mb), "Protocol error: too big mbulk count string");
  std::string bulk = "*1\r\n$" + std::string(70000, '1');
  EXPECT_EQ(ErrorOf(bulk), "Protocol error: too big bulk count string");
  // Just under the limit still waits for the rest of the line.
  EXPECT_EQ(ParseAll("*" + std::string(60000, '1')).last, Status::NeedMore);
}

TEST(RequestParserTest, LimitsUnauthenticatedClients) {
  EXPECT_EQ(ErrorOf("*11\r\n", false), "Protocol error: unauthenticated multibulk length");
  EXPECT_EQ(ErrorOf("*1\r\n$16385\r\n", false), "Protocol error: unauthenticated bulk length");
  RequestParser p;
  p.set_authenticated(false);
  EXPECT_EQ(ParseAll(p, "*10\r\n$16384\r\n").last, Status::NeedMore);
  // Authenticated clients have no such limits.
  EXPECT_EQ(ParseAll("*11\r\n$16385\r\n").last, Status::NeedMore);
}

TEST(RequestParserTest, InvalidBulkLengthWinsOverTheUnauthenticatedLimit) {
  EXPECT_EQ(ErrorOf("*1\r\n$629145600\r\n", false), "Protocol error: invalid bulk length");
}

// --- inline ----------------------------------------------------------------------------

TEST(RequestParserTest, ParsesInlineCommands) {
  EXPECT_THAT(ParseAll("SET k v\r\n").commands, ElementsAre(Argv{"SET", "k", "v"}));
  EXPECT_THAT(ParseAll("GET k\n").commands, ElementsAre(Argv{"GET", "k"}));
  EXPECT_THAT(ParseAll("  GET \t k  \r\n").commands, ElementsAre(Argv{"GET", "k"}));
  EXPECT_THAT(ParseAll("PING\r\r\n").commands, ElementsAre(Argv{"PING"}));
}

TEST(RequestParserTest, InlineCommandsUnderstandQuotesAndEscapes) {
  EXPECT_THAT(ParseAll("ECHO \"a b\"\r\n").commands, ElementsAre(Argv{"ECHO", "a b"}));
  EXPECT_THAT(ParseAll("ECHO \"a\\x41\\n\\t\\\\\\\"\"\r\n").commands,
              ElementsAre(Argv{"ECHO", "aA\n\t\\\""}));
  EXPECT_THAT(ParseAll("ECHO 'it\\'s' \"\" ''\r\n").commands,
              ElementsAre(Argv{"ECHO", "it's", "", ""}));
  EXPECT_THAT(ParseAll("ECHO 'a\\nb'\r\n").commands, ElementsAre(Argv{"ECHO", "a\\nb"}));
}

TEST(RequestParserTest, BlankInlineLinesAreEmpty) {
  for (std::string_view in : {"\r\n", "\n", "   \r\n", "\t\n"}) {
    RequestParser p;
    size_t pos = 0;
    std::vector<std::string_view> argv;
    EXPECT_EQ(p.parse(in, &pos, &argv), Status::Empty) << ::testing::PrintToString(in);
    EXPECT_EQ(pos, in.size());
  }
  EXPECT_THAT(ParseAll("\r\n\r\n\nPING\r\n").commands, ElementsAre(Argv{"PING"}));
}

TEST(RequestParserTest, InlineCommandWaitsForItsNewline) {
  RequestParser p;
  size_t pos = 0;
  std::vector<std::string_view> argv;
  EXPECT_EQ(p.parse("PING", &pos, &argv), Status::NeedMore);
  EXPECT_EQ(pos, 0u);
  EXPECT_EQ(p.parse("PING\r", &pos, &argv), Status::NeedMore);
  EXPECT_EQ(p.parse("PING\r\n", &pos, &argv), Status::Command);
}

TEST(RequestParserTest, RejectsUnbalancedQuotesInline) {
  for (std::string_view in : {"\"abc\r\n", "ECHO \"a\"b\r\n", "ECHO 'a'b\r\n", "ECHO 'abc\r\n",
                              "ECHO \"abc\r\n"})
    EXPECT_EQ(ErrorOf(in), "Protocol error: unbalanced quotes in request") << in;
}

TEST(RequestParserTest, RejectsInlineRequestsLongerThan64KiBWithoutNewline) {
  EXPECT_EQ(ErrorOf(std::string(70000, 'a')), "Protocol error: too big inline request");
  EXPECT_EQ(ParseAll(std::string(65536, 'a')).last, Status::NeedMore);
  // A long line is fine once its newline is there.
  std::string line = "ECHO " + std::string(70000, 'a') + "\r\n";
  Parsed r = ParseAll(line);
  ASSERT_EQ(r.commands.size(), 1u);
  EXPECT_EQ(r.commands[0][1].size(), 70000u);
}

TEST(RequestParserTest, ParsesAPipelineMixingMultibulkAndInline) {
  Parsed r = ParseAll("*1\r\n$4\r\nPING\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$1\r\nz\r\nECHO y\r\n");
  EXPECT_THAT(r.commands,
              ElementsAre(Argv{"PING"}, Argv{"PING"}, Argv{"ECHO", "z"}, Argv{"ECHO", "y"}));
}

TEST(RequestParserTest, CommandsBeforeAnErrorAreReturned) {
  Parsed r = ParseAll("*1\r\n$4\r\nPING\r\n*1\r\n$x\r\n");
  EXPECT_THAT(r.commands, ElementsAre(Argv{"PING"}));
  EXPECT_EQ(r.error, "Protocol error: invalid bulk length");
}

// --- incremental -----------------------------------------------------------------------

const std::string kPipeline =
    "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$11\r\nhello world\r\n"
    "PING\r\n"
    "*0\r\n"
    "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"
    "\r\n"
    "ECHO \"quoted arg\" 'x'\n"
    "*-1\r\n"
    "*2\r\n$3\r\nGET\r\n$5\r\na\r\nb\r\r\n";

const std::vector<Argv> kPipelineCommands = {{"SET", "key", "hello world"}, {"PING"},
                                             {"ECHO", ""},
                                             {"ECHO", "quoted arg", "x"},
                                             {"GET", "a\r\nb\r"}};

TEST(RequestParserTest, PipelineInOnePieceYieldsEveryCommand) {
  EXPECT_EQ(ParseInPieces(kPipeline, {}), kPipelineCommands);
}

TEST(RequestParserTest, SplittingAtAnyOffsetYieldsTheSameCommands) {
  for (size_t cut = 1; cut < kPipeline.size(); ++cut)
    EXPECT_EQ(ParseInPieces(kPipeline, {cut}), kPipelineCommands) << "split at " << cut;
}

TEST(RequestParserTest, FeedingOneByteAtATimeYieldsTheSameCommands) {
  std::vector<size_t> cuts;
  for (size_t i = 1; i < kPipeline.size(); ++i) cuts.push_back(i);
  EXPECT_EQ(ParseInPieces(kPipeline, cuts), kPipelineCommands);
}

TEST(RequestParserTest, SplittingAtEveryPairOfOffsetsYieldsTheSameCommands) {
  for (size_t a = 1; a < kPipeline.size(); ++a)
    for (size_t b = a + 1; b < kPipeline.size(); b += 7)
      ASSERT_EQ(ParseInPieces(kPipeline, {a, b}), kPipelineCommands) << a << "," << b;
}

TEST(RequestParserTest, ABigBulkArrivingInChunksReportsWhatItStillNeeds) {
  std::string value(100000, 'v');
  std::string in = "*2\r\n$4\r\nECHO\r\n$100000\r\n" + value + "\r\n";
  RequestParser p;
  std::string qbuf;
  size_t pos = 0;
  std::vector<std::string_view> argv;
  qbuf = in.substr(0, 30);
  EXPECT_EQ(p.parse(qbuf, &pos, &argv), Status::NeedMore);
  EXPECT_EQ(p.pending_bulk(), 100000);
  qbuf = in;
  EXPECT_EQ(p.parse(qbuf, &pos, &argv), Status::Command);
  ASSERT_EQ(argv.size(), 2u);
  EXPECT_EQ(argv[1], value);
}

}  // namespace
}  // namespace eddy
