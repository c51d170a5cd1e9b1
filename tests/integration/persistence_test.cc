// RDB persistence of the real binary: BGSAVE in a child, `save` points, SHUTDOWN and
// SIGTERM saving, MISCONF after a failed save, and a BGSAVE killed mid-way leaving the
// previous file whole.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "integration/test_server.h"

namespace eddy::testing {
namespace {

namespace fs = std::filesystem;

class PersistenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/eddy-persist-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    c_.reset();
    if (server_.pid() > 0 && !server_.alive()) ADD_FAILURE() << "server died:\n" << server_.log_tail();
    server_.stop();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void Start(std::vector<std::string> extra = {}) {
    ServerProcess::Options o;
    o.binary = EDDY_SERVER_BIN;
    o.args = {"--bind", "127.0.0.1", "--dir", dir_};
    for (auto& a : extra) o.args.push_back(a);
    ASSERT_EQ(server_.start(o), "");
    timeval tv{10, 0};
    c_.reset(redisConnectWithTimeout("127.0.0.1", server_.port(), tv));
    ASSERT_TRUE(c_ && !c_->err);
  }
  Reply Run(std::vector<std::string> argv) { return RunCommand(c_.get(), argv); }
  std::string Info(const std::string& field) {
    Reply r = Run({"INFO", "persistence"});
    std::string s(r->str, r->len);
    size_t p = s.find(field + ":");
    if (p == std::string::npos) return "";
    size_t e = s.find("\r\n", p);
    return s.substr(p + field.size() + 1, e - p - field.size() - 1);
  }
  bool WaitFor(const std::function<bool()>& cond, int ms = 10000) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < deadline) {
      if (cond()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  std::string rdb() const { return dir_ + "/dump.rdb"; }

  std::string dir_;
  ServerProcess server_;
  Context c_;
};

TEST_F(PersistenceTest, BgsaveWritesTheFileInAChildAndARestartLoadsIt) {
  Start({"--save", ""});
  for (int i = 0; i < 1000; ++i) Run({"SET", "k" + std::to_string(i), std::to_string(i)});
  Run({"RPUSH", "list", "a", "b"});
  EXPECT_EQ(Info("rdb_changes_since_last_save"), "1001");
  Reply r = Run({"BGSAVE"});
  EXPECT_TRUE(IsStatus(r.get(), "Background saving started"));
  ASSERT_TRUE(WaitFor([&] { return Info("rdb_bgsave_in_progress") == "0"; }));
  EXPECT_EQ(Info("rdb_last_bgsave_status"), "ok");
  EXPECT_EQ(Info("rdb_changes_since_last_save"), "0");
  EXPECT_EQ(Info("rdb_saves"), "1");
  EXPECT_TRUE(fs::exists(rdb()));
  EXPECT_TRUE(IsError(Run({"BGSAVE", "foo"}).get(), "ERR syntax error"));
  c_.reset();
  server_.stop();
  Start({"--save", ""});
  EXPECT_TRUE(IsString(Run({"GET", "k999"}).get(), "999"));
  EXPECT_TRUE(IsInteger(Run({"DBSIZE"}).get(), 1001));
  EXPECT_EQ(Info("rdb_last_load_keys_loaded"), "1001");
}

TEST_F(PersistenceTest, DebugReloadSavesAndLoadsTheDatasetBack) {
  Start({"--save", "", "--enable-debug-command", "yes"});
  Run({"SET", "a", "1"});
  Run({"ZADD", "z", "1", "m"});
  EXPECT_TRUE(IsStatus(Run({"DEBUG", "RELOAD"}).get(), "OK"));
  EXPECT_TRUE(IsString(Run({"GET", "a"}).get(), "1"));
  EXPECT_TRUE(IsInteger(Run({"ZCARD", "z"}).get(), 1));
  // NOSAVE NOFLUSH MERGE: keys written since are kept, the file's keys replace theirs.
  Run({"SET", "a", "changed"});
  Run({"SET", "b", "new"});
  EXPECT_TRUE(IsStatus(Run({"DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"}).get(), "OK"));
  EXPECT_TRUE(IsString(Run({"GET", "a"}).get(), "1"));
  EXPECT_TRUE(IsString(Run({"GET", "b"}).get(), "new"));
}

TEST_F(PersistenceTest, IdleTimesSurviveARestartUnderAnLruPolicy) {
  Start({"--save", "", "--maxmemory-policy", "allkeys-lru"});
  Run({"SET", "k", "v"});
  Reply dump = Run({"DUMP", "k"});
  ASSERT_TRUE(IsStatus(Run({"RESTORE", "old", "0", std::string(dump->str, dump->len), "IDLETIME",
                           "5000"}).get(),
                       "OK"));
  ASSERT_TRUE(IsStatus(Run({"SAVE"}).get(), "OK"));
  c_.reset();
  server_.stop();
  Start({"--save", "", "--maxmemory-policy", "allkeys-lru"});
  Reply idle = Run({"OBJECT", "IDLETIME", "old"});
  ASSERT_TRUE(idle && idle->type == REDIS_REPLY_INTEGER);
  EXPECT_GE(idle->integer, 5000);
  EXPECT_LT(Run({"OBJECT", "IDLETIME", "k"})->integer, 5000);
}

TEST_F(PersistenceTest, ASavePointTriggersABackgroundSave) {
  Start({"--save", "1 1"});
  Run({"SET", "a", "1"});
  ASSERT_TRUE(WaitFor([&] { return fs::exists(rdb()) && Info("rdb_bgsave_in_progress") == "0"; }));
  EXPECT_NE(server_.log().find("1 changes in 1 seconds. Saving..."), std::string::npos);
  EXPECT_EQ(Info("rdb_changes_since_last_save"), "0");
}

TEST_F(PersistenceTest, ShutdownSavesWhenSavePointsAreSetAndNosaveSkipsIt) {
  Start({"--save", "3600 1"});
  Run({"SET", "a", "1"});
  Run({"SHUTDOWN", "NOSAVE"});
  server_.wait_exit(10000);
  EXPECT_FALSE(fs::exists(rdb()));
  Start({"--save", "3600 1"});
  Run({"SET", "a", "2"});
  Run({"SHUTDOWN"});
  server_.wait_exit(10000);
  ASSERT_TRUE(fs::exists(rdb()));
  Start({"--save", ""});
  EXPECT_TRUE(IsString(Run({"GET", "a"}).get(), "2"));
}

TEST_F(PersistenceTest, SigtermSavesWhenSavePointsAreSet) {
  Start({"--save", "3600 1"});
  Run({"HSET", "h", "f", "v"});
  c_.reset();
  server_.signal(SIGTERM);
  ASSERT_TRUE(server_.wait_exit(10000).has_value());
  EXPECT_NE(server_.log().find("Saving the final RDB snapshot before exiting."), std::string::npos);
  Start({"--save", ""});
  EXPECT_TRUE(IsString(Run({"HGET", "h", "f"}).get(), "v"));
}

TEST_F(PersistenceTest, AFailedBgsaveRefusesWritesWithMisconfUntilASaveWorks) {
  std::string sub = dir_ + "/vanishing";
  fs::create_directories(sub);
  ServerProcess::Options o;
  o.binary = EDDY_SERVER_BIN;
  o.args = {"--bind", "127.0.0.1", "--dir", sub, "--save", "3600 1",
            "--enable-protected-configs", "yes"};
  ASSERT_EQ(server_.start(o), "");
  timeval tv{10, 0};
  c_.reset(redisConnectWithTimeout("127.0.0.1", server_.port(), tv));
  Run({"SET", "a", "1"});
  fs::remove_all(sub);  // the temp file cannot be created any more
  EXPECT_TRUE(IsStatus(Run({"BGSAVE"}).get(), "Background saving started"));
  ASSERT_TRUE(WaitFor([&] { return Info("rdb_last_bgsave_status") == "err"; }));
  const std::string misconf =
      "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist "
      "to disk. Commands that may modify the data set are disabled, because this instance is "
      "configured to report errors during writes if RDB snapshotting fails "
      "(stop-writes-on-bgsave-error option). Please check the Redis logs for details about the "
      "RDB error.";
  EXPECT_TRUE(IsError(Run({"SET", "b", "2"}).get(), misconf));
  EXPECT_TRUE(IsError(Run({"PING"}).get(), misconf));
  EXPECT_TRUE(IsString(Run({"GET", "a"}).get(), "1"));
  EXPECT_TRUE(IsError(Run({"SAVE"}).get(), "ERR"));
  EXPECT_TRUE(IsError(Run({"SHUTDOWN"}).get(), "ERR Errors trying to SHUTDOWN. Check logs."));
  // The process still sits in the deleted directory: point `dir` at a real one.
  fs::create_directories(dir_ + "/again");
  EXPECT_TRUE(IsStatus(Run({"CONFIG", "SET", "dir", dir_ + "/again"}).get(), "OK"));
  EXPECT_TRUE(IsStatus(Run({"SAVE"}).get(), "OK"));
  EXPECT_TRUE(IsStatus(Run({"SET", "b", "2"}).get(), "OK"));
  Run({"CONFIG", "SET", "stop-writes-on-bgsave-error", "no"});
}

TEST_F(PersistenceTest, ABgsaveKilledMidWayLeavesThePreviousFileWhole) {
  Start({"--save", ""});
  std::string big(1000, 'x');
  for (int i = 0; i < 2000; ++i) Run({"SET", "key:" + std::to_string(i), big + std::to_string(i)});
  ASSERT_TRUE(IsStatus(Run({"SAVE"}).get(), "OK"));
  auto before = fs::file_size(rdb());
  Run({"SET", "after-save", "1"});
  // 1 ms per key: the child needs seconds, so it is surely killed mid-way.
  Run({"CONFIG", "SET", "rdb-key-save-delay", "1000"});
  ASSERT_TRUE(IsStatus(Run({"BGSAVE"}).get(), "Background saving started"));
  // The child's pid is in the log line Redis also writes.
  std::string log;
  ASSERT_TRUE(WaitFor([&] {
    log = server_.log();
    return log.find("Background saving started by pid ") != std::string::npos;
  }));
  const std::string marker = "Background saving started by pid ";
  pid_t child = std::stoi(log.substr(log.find(marker) + marker.size()));
  ASSERT_GT(child, 1);
  ASSERT_NE(child, server_.pid());
  ::kill(child, SIGKILL);
  ASSERT_TRUE(WaitFor([&] { return Info("rdb_bgsave_in_progress") == "0"; }));
  EXPECT_EQ(Info("rdb_last_bgsave_status"), "err");
  EXPECT_EQ(fs::file_size(rdb()), before);
  Run({"CONFIG", "SET", "rdb-key-save-delay", "0"});
  c_.reset();
  server_.stop(10000);
  Start({"--save", ""});
  EXPECT_TRUE(IsInteger(Run({"DBSIZE"}).get(), 2000));
  EXPECT_TRUE(IsInteger(Run({"EXISTS", "after-save"}).get(), 0));
}

}  // namespace
}  // namespace eddy::testing
