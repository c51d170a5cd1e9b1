// ReplyWriter: the exact bytes of every reply method in RESP2 and RESP3, deferred lengths,
// muting, and the error-stats hook.
#include "eddy/protocol/reply_writer.h"

#include <gtest/gtest.h>
#include <sys/uio.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "eddy/protocol/resp_reader.h"

namespace eddy {
namespace {

class ReplyWriterTest : public ::testing::Test {
 protected:
  // Bytes written by `fn` with a writer speaking `resp`.
  template <typename Fn>
  std::string Bytes(int resp, Fn fn) {
    OutputBuffer out;
    ReplyWriter w(&out, resp);
    fn(w);
    return out.take_all();
  }
  template <typename Fn>
  std::string Resp2(Fn fn) {
    return Bytes(2, fn);
  }
  template <typename Fn>
  std::string Resp3(Fn fn) {
    return Bytes(3, fn);
  }
};

TEST_F(ReplyWriterTest, OkAndSimpleStringsAreTheSameInBothProtocols) {
  for (int resp : {2, 3}) {
    EXPECT_EQ(Bytes(resp, [](ReplyWriter& w) { w.ok(); }), "+OK\r\n");
    EXPECT_EQ(Bytes(resp, [](ReplyWriter& w) { w.simple("PONG"); }), "+PONG\r\n");
    EXPECT_EQ(Bytes(resp, [](ReplyWriter& w) { w.simple(""); }), "+\r\n");
  }
}

TEST_F(ReplyWriterTest, ErrorsGetADashAndNewlinesBecomeSpaces) {
  for (int resp : {2, 3}) {
    EXPECT_EQ(Bytes(resp, [](ReplyWriter& w) { w.error("ERR syntax error"); }),
              "-ERR syntax error\r\n");
    EXPECT_EQ(Bytes(resp, [](ReplyWriter& w) { w.error("ERR a\r\nb\nc"); }),
              "-ERR a  b c\r\n");
  }
}

TEST_F(ReplyWriterTest, IntegersCoverTheWholeRange) {
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.integer(0); }), ":0\r\n");
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.integer(-1); }), ":-1\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.integer(42); }), ":42\r\n");
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.integer(std::numeric_limits<int64_t>::max()); }),
            ":9223372036854775807\r\n");
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.integer(std::numeric_limits<int64_t>::min()); }),
            ":-9223372036854775808\r\n");
}

TEST_F(ReplyWriterTest, BulkStringsAreBinarySafe) {
  for (int resp : {2, 3}) {
    EXPECT_EQ(Bytes(resp, [](ReplyWriter& w) { w.bulk("hello"); }), "$5\r\nhello\r\n");
    EXPECT_EQ(Bytes(resp, [](ReplyWriter& w) { w.bulk(""); }), "$0\r\n\r\n");
    EXPECT_EQ(Bytes(resp, [](ReplyWriter& w) { w.bulk(std::string_view("a\0\r\n", 4)); }),
              std::string("$4\r\na\0\r\n\r\n", 10));
  }
}

TEST_F(ReplyWriterTest, IntegerBulksAreDecimalText) {
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.bulk(int64_t{-123}); }), "$4\r\n-123\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.bulk(int64_t{0}); }), "$1\r\n0\r\n");
}

TEST_F(ReplyWriterTest, LargeBulksKeepEveryByte) {
  std::string big(100000, 'x');
  big[0] = 'a';
  big.back() = 'z';
  std::string got = Resp2([&](ReplyWriter& w) { w.bulk(big); });
  EXPECT_EQ(got, "$100000\r\n" + big + "\r\n");
}

TEST_F(ReplyWriterTest, DoublesAreBulksInResp2AndCommaInResp3) {
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.dbl(1.5); }), "$3\r\n1.5\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.dbl(1.5); }), ",1.5\r\n");
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.dbl(3); }), "$1\r\n3\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.dbl(3); }), ",3\r\n");
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.dbl(0.1); }), "$19\r\n0.10000000000000001\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.dbl(-0.25); }), ",-0.25\r\n");
}

TEST_F(ReplyWriterTest, InfinitiesAndNanAreSpelledLikeRedis) {
  double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(Resp2([&](ReplyWriter& w) { w.dbl(inf); }), "$3\r\ninf\r\n");
  EXPECT_EQ(Resp2([&](ReplyWriter& w) { w.dbl(-inf); }), "$4\r\n-inf\r\n");
  EXPECT_EQ(Resp3([&](ReplyWriter& w) { w.dbl(inf); }), ",inf\r\n");
  EXPECT_EQ(Resp3([&](ReplyWriter& w) { w.dbl(-inf); }), ",-inf\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.dbl(std::nan("")); }), ",nan\r\n");
}

TEST_F(ReplyWriterTest, DoubleTextKeepsTheGivenForm) {
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.dbl_text("10.5"); }), "$4\r\n10.5\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.dbl_text("10.5"); }), ",10.5\r\n");
}

TEST_F(ReplyWriterTest, BooleansAreIntegersInResp2) {
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.boolean(true); }), ":1\r\n");
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.boolean(false); }), ":0\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.boolean(true); }), "#t\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.boolean(false); }), "#f\r\n");
}

TEST_F(ReplyWriterTest, NullsDependOnTheProtocol) {
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.null(); }), "$-1\r\n");
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.null_array(); }), "*-1\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.null(); }), "_\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.null_array(); }), "_\r\n");
}

TEST_F(ReplyWriterTest, AggregateHeaders) {
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.array(3); }), "*3\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.array(3); }), "*3\r\n");
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.empty_array(); }), "*0\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.empty_array(); }), "*0\r\n");
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.map(2); }), "*4\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.map(2); }), "%2\r\n");
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.set(5); }), "*5\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.set(5); }), "~5\r\n");
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.push(3); }), "*3\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.push(3); }), ">3\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.attribute(1); }), "|1\r\n");
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.map(0); }), "*0\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.map(0); }), "%0\r\n");
}

TEST_F(ReplyWriterTest, BulksWritesAnArrayOfBulks) {
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.bulks({"a", "bc", ""}); }),
            "*3\r\n$1\r\na\r\n$2\r\nbc\r\n$0\r\n\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.bulks({}); }), "*0\r\n");
}

TEST_F(ReplyWriterTest, VerbatimIsABulkInResp2) {
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.verbatim("hello"); }), "$5\r\nhello\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.verbatim("hello"); }), "=9\r\ntxt:hello\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.verbatim("# x", "mkd"); }), "=7\r\nmkd:# x\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.verbatim(""); }), "=4\r\ntxt:\r\n");
}

TEST_F(ReplyWriterTest, BigNumbersAreBulksInResp2) {
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.big_number("12345678901234567890"); }),
            "$20\r\n12345678901234567890\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.big_number("-12345678901234567890"); }),
            "(-12345678901234567890\r\n");
}

TEST_F(ReplyWriterTest, RawBytesPassThrough) {
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.raw("+QUEUED\r\n"); }), "+QUEUED\r\n");
}

TEST_F(ReplyWriterTest, DeferredArrayLengthIsFilledInLater) {
  for (int resp : {2, 3}) {
    std::string got = Bytes(resp, [](ReplyWriter& w) {
      auto d = w.begin_array();
      w.bulk("a");
      w.integer(2);
      w.end(d, 2);
    });
    EXPECT_EQ(got, "*2\r\n$1\r\na\r\n:2\r\n");
  }
}

TEST_F(ReplyWriterTest, DeferredMapCountsPairs) {
  auto fill = [](ReplyWriter& w) {
    auto d = w.begin_map();
    w.bulk("k1");
    w.integer(1);
    w.bulk("k2");
    w.integer(2);
    w.end(d, 2);
  };
  EXPECT_EQ(Resp2(fill), "*4\r\n$2\r\nk1\r\n:1\r\n$2\r\nk2\r\n:2\r\n");
  EXPECT_EQ(Resp3(fill), "%2\r\n$2\r\nk1\r\n:1\r\n$2\r\nk2\r\n:2\r\n");
}

TEST_F(ReplyWriterTest, DeferredSetIsAnArrayInResp2) {
  auto fill = [](ReplyWriter& w) {
    auto d = w.begin_set();
    w.bulk("m");
    w.end(d, 1);
  };
  EXPECT_EQ(Resp2(fill), "*1\r\n$1\r\nm\r\n");
  EXPECT_EQ(Resp3(fill), "~1\r\n$1\r\nm\r\n");
}

TEST_F(ReplyWriterTest, DeferredLengthsNestAndSurviveLargeContent) {
  std::string big(40000, 'b');
  std::string got = Resp3([&](ReplyWriter& w) {
    auto outer = w.begin_array();
    auto inner = w.begin_map();
    w.bulk("k");
    w.bulk(big);
    w.end(inner, 1);
    auto empty = w.begin_array();
    w.end(empty, 0);
    w.integer(7);
    w.end(outer, 3);
  });
  EXPECT_EQ(got, "*3\r\n%1\r\n$1\r\nk\r\n$40000\r\n" + big + "\r\n*0\r\n:7\r\n");
}

TEST_F(ReplyWriterTest, DeferredLengthWithZeroElements) {
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.end(w.begin_array(), 0); }), "*0\r\n");
  EXPECT_EQ(Resp2([](ReplyWriter& w) { w.end(w.begin_map(), 0); }), "*0\r\n");
  EXPECT_EQ(Resp3([](ReplyWriter& w) { w.end(w.begin_map(), 0); }), "%0\r\n");
}

TEST_F(ReplyWriterTest, ProtocolCanChangeBetweenReplies) {
  OutputBuffer out;
  ReplyWriter w(&out, 2);
  w.map(1);
  w.set_resp(3);
  EXPECT_EQ(w.resp(), 3);
  w.map(1);
  EXPECT_EQ(out.take_all(), "*2\r\n%1\r\n");
}

TEST_F(ReplyWriterTest, MutedWriterWritesNothing) {
  std::string got = Resp3([](ReplyWriter& w) {
    w.set_muted(true);
    EXPECT_TRUE(w.muted());
    w.ok();
    w.simple("x");
    w.error("ERR x");
    w.integer(1);
    w.bulk("x");
    w.bulk(int64_t{5});
    w.dbl(1.5);
    w.dbl_text("1");
    w.boolean(true);
    w.null();
    w.null_array();
    w.array(1);
    w.map(1);
    w.set(1);
    w.push(1);
    w.verbatim("x");
    w.big_number("1");
    w.empty_array();
    w.bulks({"a"});
    auto d = w.begin_array();
    w.end(d, 3);
    w.raw("+x\r\n");
  });
  EXPECT_EQ(got, "");
}

TEST_F(ReplyWriterTest, UnmutingResumesOutput) {
  std::string got = Resp2([](ReplyWriter& w) {
    w.set_muted(true);
    w.ok();
    w.set_muted(false);
    w.integer(1);
  });
  EXPECT_EQ(got, ":1\r\n");
}

class RecordingSink : public ErrorStatsSink {
 public:
  void on_error_reply(std::string_view text) override { seen.emplace_back(text); }
  std::vector<std::string> seen;
};

TEST_F(ReplyWriterTest, ErrorsAreReportedToTheStatsSinkEvenWhenMuted) {
  RecordingSink sink;
  OutputBuffer out;
  ReplyWriter w(&out, 2);
  w.set_error_sink(&sink);
  w.error("ERR one");
  w.set_muted(true);
  w.error("WRONGTYPE two");
  EXPECT_EQ(sink.seen, (std::vector<std::string>{"ERR one", "WRONGTYPE two"}));
  EXPECT_EQ(out.take_all(), "-ERR one\r\n");
}

TEST_F(ReplyWriterTest, ManySmallRepliesRoundTripThroughTheReader) {
  OutputBuffer out;
  ReplyWriter w(&out, 3);
  for (int i = 0; i < 5000; ++i) {
    w.array(2);
    w.integer(i);
    w.bulk(std::to_string(i));
  }
  auto values = RespReader::parse_all(out.take_all());
  ASSERT_EQ(values.size(), 5000u);
  EXPECT_EQ(values[4999].elems[0].integer, 4999);
  EXPECT_EQ(values[4999].elems[1].str, "4999");
}


// A drained buffer keeps its chunk for the next replies (no 16 KiB malloc/free per message
// to a subscriber) and gives it back on release_spare(); big chunks are not kept.
TEST(OutputBufferTest, ADrainedBufferKeepsOneChunkUntilReleased) {
  OutputBuffer out;
  out.append("+OK\r\n");
  struct iovec iov[4];
  ASSERT_EQ(out.gather(iov, 4), 1u);
  const char* first = static_cast<const char*>(iov[0].iov_base);
  out.consume(5);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(out.memory(), OutputBuffer::kChunk);
  EXPECT_EQ(out.list_memory(), 0u);
  EXPECT_EQ(out.gather(iov, 4), 0u);
  out.append(":1\r\n");
  ASSERT_EQ(out.gather(iov, 4), 1u);
  EXPECT_EQ(iov[0].iov_base, first) << "the kept chunk is reused";
  EXPECT_EQ(out.take_all(), ":1\r\n");
  // A value bigger than a chunk lands in the kept chunk's place and is not kept after.
  out.append("x");
  out.consume(1);
  std::string big(3 * OutputBuffer::kChunk, 'b');
  out.append(big);
  EXPECT_EQ(out.chunk_count(), 1u);
  ASSERT_EQ(out.gather(iov, 4), 1u);
  EXPECT_EQ(iov[0].iov_len, big.size());
  out.consume(big.size());
  EXPECT_EQ(out.memory(), 0u);
  // Several chunks: the ones after the first count as Redis's reply list.
  for (int i = 0; i < 3; ++i) out.append(std::string(OutputBuffer::kChunk - 10, 'c'));
  EXPECT_EQ(out.chunk_count(), 3u);
  EXPECT_GE(out.list_memory(), 2 * (OutputBuffer::kChunk - 10));
  out.consume(out.size());
  EXPECT_EQ(out.chunk_count(), 1u);
  EXPECT_TRUE(out.empty());
  out.release_spare();
  EXPECT_EQ(out.memory(), 0u);
  EXPECT_EQ(out.chunk_count(), 0u);
  // Not while data is pending.
  out.append("+PONG\r\n");
  out.release_spare();
  EXPECT_EQ(out.take_all(), "+PONG\r\n");
}

}  // namespace
}  // namespace eddy
