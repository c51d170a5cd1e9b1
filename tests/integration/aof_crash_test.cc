// Crash safety of the append-only file: the server is SIGKILLed (with any fork child) at
// random moments while a client writes, during a slow AOF rewrite and during a slow BGSAVE,
// and restarted on the same directory; every write it acknowledged must be there.
//
// The bounds asserted, as Redis 7.0 gives them for a crash of the *process* (the kernel
// keeps what was written; a power loss is not simulated here):
//   appendfsync always   - a reply is sent only after its write reached the file (and was
//                          fsynced): zero acknowledged writes lost.
//   appendfsync everysec - the write normally happens before the reply too, but while a
//                          background fsync is still running the write may be postponed for
//                          up to 2 s with the replies already sent; so writes acknowledged
//                          more than ~2 s before the crash are never lost (on an OS crash
//                          up to about 2 s of writes could be).
// Like aof_test.cc, the tests run against $AOF_TEST_BIN when set (e.g. redis-server).
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "integration/dataset.h"
#include "integration/test_server.h"

namespace eddy::testing {
namespace {

namespace fs = std::filesystem;

class AofCrashTest : public AofServerTest {
 protected:
  void Start(const std::string& fsync = "always") {
    c_.reset();
    ServerProcess::Options o;
    o.binary = AofTestBinary();
    o.args = {"--bind",       "127.0.0.1", "--dir",         dir_, "--save", "",
              "--appendonly", "yes",       "--appendfsync", fsync};
    ASSERT_EQ(server_.start(o), "");
    c_ = Connect();
    ASSERT_TRUE(c_ && !c_->err);
  }
  Context Connect() {
    timeval tv{20, 0};
    return Context(redisConnectWithTimeout("127.0.0.1", server_.port(), tv));
  }

  // Reads back what the writers of the tests below write: the counter, the stream's ids and
  // the hash's fields.
  long long Counter() {
    Reply r = Run({"GET", "counter"});
    return r && r->type == REDIS_REPLY_STRING ? std::stoll(std::string(r->str, r->len)) : 0;
  }
  std::set<std::string> StreamIds() {
    std::set<std::string> ids;
    Reply r = Run({"XRANGE", "stream", "-", "+"});
    for (size_t i = 0; r && r->type == REDIS_REPLY_ARRAY && i < r->elements; ++i)
      ids.insert(std::string(r->element[i]->element[0]->str, r->element[i]->element[0]->len));
    return ids;
  }
  std::set<std::string> HashFields() {
    auto v = Strings(Run({"HKEYS", "hash"}).get());
    return {v.begin(), v.end()};
  }

};

// What a writer saw acknowledged.
struct Acked {
  long long counter = 0;
  std::vector<std::string> ids;
  std::vector<std::string> fields;
  size_t writes = 0;
};

// INCR / XADD * / HSET in turn on `c` until a reply is missing (the server died) or `limit`
// writes were acknowledged.
void WriteUntilGone(redisContext* c, int round, Acked* acked, size_t limit = SIZE_MAX) {
  for (size_t i = 0; acked->writes < limit; ++i) {
    Reply r;
    switch (i % 3) {
      case 0:
        r = RunCommand(c, {"INCR", "counter"});
        if (!r || r->type != REDIS_REPLY_INTEGER) return;
        acked->counter = r->integer;
        break;
      case 1:
        r = RunCommand(
            c, {"XADD", "stream", "*", "round", std::to_string(round), "i", std::to_string(i)});
        if (!r || r->type != REDIS_REPLY_STRING) return;
        acked->ids.emplace_back(r->str, r->len);
        break;
      default: {
        std::string field = std::to_string(round) + ":" + std::to_string(i);
        r = RunCommand(c, {"HSET", "hash", field, std::to_string(i)});
        if (!r || r->type != REDIS_REPLY_INTEGER) return;
        acked->fields.push_back(field);
      }
    }
    ++acked->writes;
  }
}

TEST_F(AofCrashTest, NoAcknowledgedWriteIsLostOverRepeatedSigkillsWithAppendfsyncAlways) {
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  Start("always");
  Acked acked;
  size_t total_writes = 0;
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    pid_t pid = server_.pid();
    int delay_ms = 30 + static_cast<int>(rng() % 200);
    std::thread killer([pid, delay_ms] {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
    });
    size_t before = acked.writes;
    WriteUntilGone(c_.get(), round, &acked);
    killer.join();
    total_writes += acked.writes - before;
    Crash();
    ASSERT_NO_FATAL_FAILURE(Start("always"));
    // The write in flight when the server died may or may not be there; all others must.
    long long counter = Counter();
    EXPECT_GE(counter, acked.counter);
    EXPECT_LE(counter, acked.counter + 1);
    acked.counter = counter;
    auto ids = StreamIds();
    size_t missing = 0;
    for (auto& id : acked.ids) missing += !ids.count(id);
    EXPECT_EQ(missing, 0u) << "acknowledged stream entries lost (of " << acked.ids.size() << ")";
    EXPECT_LE(ids.size(), acked.ids.size() + 1);
    auto fields = HashFields();
    missing = 0;
    for (auto& f : acked.fields) missing += !fields.count(f);
    EXPECT_EQ(missing, 0u) << "acknowledged hash fields lost (of " << acked.fields.size() << ")";
    EXPECT_LE(fields.size(), acked.fields.size() + 1);
    // From here on the stream and hash hold what the server kept (the in-flight one too).
    acked.ids.assign(ids.begin(), ids.end());
    acked.fields.assign(fields.begin(), fields.end());
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(total_writes, static_cast<size_t>(kRounds)) << "the writer hardly wrote";
  std::cerr << "[ info ] " << total_writes << " acknowledged writes over " << kRounds
            << " SIGKILLs\n";
}

TEST_F(AofCrashTest, EverysecLosesNothingAcknowledgedTwoSecondsBeforeASigkill) {
  Start("everysec");
  Acked acked;
  WriteUntilGone(c_.get(), 0, &acked, 600);
  ASSERT_EQ(acked.writes, 600u);
  Ok({"SET", "last", "1"});
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  Crash();
  Start("everysec");
  EXPECT_EQ(Counter(), acked.counter);
  EXPECT_EQ(StreamIds(), std::set<std::string>(acked.ids.begin(), acked.ids.end()));
  EXPECT_EQ(HashFields(), std::set<std::string>(acked.fields.begin(), acked.fields.end()));
  EXPECT_TRUE(IsString(Run({"GET", "last"}).get(), "1"));
}

// SIGTERM (or SHUTDOWN) writes and fsyncs what is buffered before exiting, under any policy.
TEST_F(AofCrashTest, ASigtermRightAfterTheWritesLosesNothingUnderEverysec) {
  Start("everysec");
  Acked acked;
  WriteUntilGone(c_.get(), 0, &acked, 300);
  ASSERT_EQ(acked.writes, 300u);
  c_.reset();
  server_.signal(SIGTERM);
  auto st = server_.wait_exit(20000);
  ASSERT_TRUE(st.has_value());
  EXPECT_TRUE(WIFEXITED(*st) && WEXITSTATUS(*st) == 0) << ServerProcess::describe_status(*st);
  Start("everysec");
  EXPECT_EQ(Counter(), acked.counter);
  EXPECT_EQ(StreamIds().size(), acked.ids.size());
  EXPECT_EQ(HashFields().size(), acked.fields.size());
  Ok({"INCR", "counter"});
  Run({"SHUTDOWN"});  // no reply: the connection closes
  ASSERT_TRUE(server_.wait_exit(20000).has_value());
  Start("no");
  EXPECT_EQ(Counter(), acked.counter + 1);
}

// A slow rewrite (rdb-key-save-delay) is killed with the server: the manifest still names the
// old base and incr files plus the incr file opened for the rewrite, and they load whole;
// the killed child's temporary file does not get in the way of the next rewrite.
TEST_F(AofCrashTest, ASigkillDuringASlowRewriteLosesNothing) {
  Start();
  for (int i = 0; i < 30; ++i) Ok({"SET", "before:" + std::to_string(i), std::to_string(i)});
  Ok({"RPUSH", "list", "a"});
  Ok({"CONFIG", "SET", "rdb-key-save-delay", "200000"});  // 200 ms a key: ~6 s
  ASSERT_TRUE(
      IsStatus(Run({"BGREWRITEAOF"}).get(), "Background append only file rewriting started"));
  ASSERT_TRUE(WaitUntil([&] { return Info("aof_rewrite_in_progress") == "1"; }));
  for (int i = 0; i < 20; ++i) Ok({"SET", "during:" + std::to_string(i), std::to_string(i)});
  Ok({"RPUSH", "list", "b"});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the child is mid-way
  ASSERT_EQ(Info("aof_rewrite_in_progress"), "1");
  auto before = Snapshot(c_.get());
  ASSERT_EQ(before.size(), 51u);
  Crash();
  std::string manifest = read_whole(dir_ + "/appendonlydir/appendonly.aof.manifest").value_or("");
  EXPECT_EQ(manifest,
            "file appendonly.aof.1.base.rdb seq 1 type b\n"
            "file appendonly.aof.1.incr.aof seq 1 type i\n"
            "file appendonly.aof.2.incr.aof seq 2 type i\n");
  Start();
  EXPECT_TRUE(SameContents(Snapshot(c_.get()), before));
  EXPECT_EQ(Info("aof_rewrite_in_progress"), "0");
  Ok({"SET", "after", "1"});
  ASSERT_TRUE(
      IsStatus(Run({"BGREWRITEAOF"}).get(), "Background append only file rewriting started"));
  ASSERT_TRUE(WaitUntil([&] { return Info("aof_rewrite_in_progress") == "0"; }));
  EXPECT_EQ(Info("aof_last_bgrewrite_status"), "ok");
  EXPECT_TRUE(WaitUntil([&] {
    return FileNames(dir_ + "/appendonlydir") ==
           std::vector<std::string>{"appendonly.aof.2.base.rdb", "appendonly.aof.3.incr.aof",
                                    "appendonly.aof.manifest"};
  })) << ::testing::PrintToString(FileNames(dir_ + "/appendonlydir"));
  before = Snapshot(c_.get());
  Crash();
  Start();
  EXPECT_TRUE(SameContents(Snapshot(c_.get()), before));
  EXPECT_TRUE(IsInteger(Run({"DBSIZE"}).get(), 52));
}

// A slow BGSAVE is killed with the server: the AOF, not the half-written RDB, is what loads.
TEST_F(AofCrashTest, ASigkillDuringASlowBgsaveLosesNothing) {
  Start();
  for (int i = 0; i < 30; ++i) Ok({"SET", "before:" + std::to_string(i), std::to_string(i)});
  Ok({"CONFIG", "SET", "rdb-key-save-delay", "200000"});
  ASSERT_TRUE(IsStatus(Run({"BGSAVE"}).get(), "Background saving started"));
  ASSERT_TRUE(WaitUntil([&] { return Info("rdb_bgsave_in_progress") == "1"; }));
  for (int i = 0; i < 20; ++i) Ok({"SET", "during:" + std::to_string(i), std::to_string(i)});
  Ok({"HSET", "h", "f", "v"});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(Info("rdb_bgsave_in_progress"), "1");
  auto before = Snapshot(c_.get());
  ASSERT_EQ(before.size(), 51u);
  Crash();
  EXPECT_FALSE(fs::exists(dir_ + "/dump.rdb"));
  Start();
  EXPECT_TRUE(SameContents(Snapshot(c_.get()), before));
  EXPECT_EQ(read_whole(dir_ + "/appendonlydir/appendonly.aof.manifest").value_or(""),
            "file appendonly.aof.1.base.rdb seq 1 type b\n"
            "file appendonly.aof.1.incr.aof seq 1 type i\n");
  ASSERT_TRUE(IsStatus(Run({"BGSAVE"}).get(), "Background saving started"));
  ASSERT_TRUE(WaitUntil([&] { return Info("rdb_bgsave_in_progress") == "0"; }));
  EXPECT_EQ(Info("rdb_last_bgsave_status"), "ok");
  Ok({"SET", "after", "1"});
  Crash();
  Start();
  EXPECT_TRUE(IsInteger(Run({"DBSIZE"}).get(), 52));
}

}  // namespace
}  // namespace eddy::testing
