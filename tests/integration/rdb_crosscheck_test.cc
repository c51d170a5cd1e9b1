// RDB and DUMP/RESTORE both ways with the real thing: a dataset of every type (small and
// large encodings, integer and compressible strings, expiring keys, several databases)
// written by Eddy loads in redis-server 7.0 with identical contents, and what redis-server
// writes loads in Eddy; redis-check-rdb accepts Eddy's file; every DUMP payload RESTOREs on
// the other server. Contents are compared with type-aware reads on both sides.
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <map>
#include <string>
#include <vector>

#include "integration/dataset.h"
#include "integration/test_server.h"

namespace eddy::testing {
namespace {

namespace fs = std::filesystem;

class RdbCrossCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/eddy-rdb-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    eddy_.stop();
    redis_.stop();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Start(ServerProcess& p, const std::string& binary, const std::string& sub) {
    fs::create_directories(dir_ + "/" + sub);
    ServerProcess::Options o;
    o.binary = binary;
    o.args = {"--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
              dir_ + "/" + sub, "--dbfilename", "dump.rdb"};
    return p.start(o);
  }
  void Copy(const std::string& from, const std::string& to) {
    fs::create_directories(dir_ + "/" + to);
    fs::copy_file(dir_ + "/" + from + "/dump.rdb", dir_ + "/" + to + "/dump.rdb",
                  fs::copy_options::overwrite_existing);
  }

  std::string dir_;
  ServerProcess eddy_, redis_;
};

TEST_F(RdbCrossCheckTest, AnEddyDumpLoadsInRedisWithIdenticalContents) {
  ASSERT_EQ(Start(eddy_, EDDY_SERVER_BIN, "eddy"), "");
  Context e = Open(eddy_.port());
  Populate(e.get());
  auto expected = Snapshot(e.get());
  ASSERT_GT(expected.size(), 15u);
  ASSERT_TRUE(IsStatus(RunCommand(e.get(), {"SAVE"}).get(), "OK"));
  std::string check = "redis-check-rdb " + dir_ + "/eddy/dump.rdb > " + dir_ + "/check.log 2>&1";
  EXPECT_EQ(std::system(check.c_str()), 0) << "redis-check-rdb rejected Eddy's file";
  Copy("eddy", "redis");
  ASSERT_EQ(Start(redis_, "redis-server", "redis"), "") << "redis-server did not load it";
  Context r = Open(redis_.port());
  auto loaded = Snapshot(r.get());
  EXPECT_TRUE(SameContents(loaded, expected));
}

TEST_F(RdbCrossCheckTest, ARedisDumpLoadsInEddyWithIdenticalContents) {
  ASSERT_EQ(Start(redis_, "redis-server", "redis"), "");
  Context r = Open(redis_.port());
  Populate(r.get());
  auto expected = Snapshot(r.get());
  ASSERT_TRUE(IsStatus(RunCommand(r.get(), {"SAVE"}).get(), "OK"));
  Copy("redis", "eddy");
  ASSERT_EQ(Start(eddy_, EDDY_SERVER_BIN, "eddy"), "") << "eddy-server did not load it";
  Context e = Open(eddy_.port());
  EXPECT_TRUE(SameContents(Snapshot(e.get()), expected));
  Reply info = RunCommand(e.get(), {"INFO", "persistence"});
  EXPECT_NE(std::string(info->str).find("rdb_last_load_keys_loaded:" +
                                        std::to_string(expected.size())),
            std::string::npos);
}

TEST_F(RdbCrossCheckTest, DumpPayloadsRestoreOnTheOtherServerBothWays) {
  ASSERT_EQ(Start(eddy_, EDDY_SERVER_BIN, "eddy"), "");
  ASSERT_EQ(Start(redis_, "redis-server", "redis"), "");
  Context e = Open(eddy_.port());
  Context r = Open(redis_.port());
  Populate(e.get());
  Populate(r.get());
  auto expected = Snapshot(e.get());
  for (auto* from : {e.get(), r.get()}) {
    redisContext* to = from == e.get() ? r.get() : e.get();
    for (auto& [name, content] : expected) {
      std::string db = name.substr(0, name.find(':'));
      std::string key = name.substr(name.find(':') + 1);
      RunCommand(from, {"SELECT", db});
      RunCommand(to, {"SELECT", db});
      Reply payload = RunCommand(from, {"DUMP", key});
      ASSERT_TRUE(payload && payload->type == REDIS_REPLY_STRING) << key;
      Reply pttl = RunCommand(from, {"PEXPIRETIME", key});
      std::string ttl = pttl->integer > 0 ? std::to_string(pttl->integer) : "0";
      Reply ok = RunCommand(to, {"RESTORE", key, ttl, std::string(payload->str, payload->len),
                                 "REPLACE", "ABSTTL"});
      EXPECT_TRUE(IsStatus(ok.get(), "OK")) << key << " from " << (from == e.get() ? "eddy" : "redis");
    }
    RunCommand(from, {"SELECT", "0"});
    RunCommand(to, {"SELECT", "0"});
    EXPECT_TRUE(SameContents(Snapshot(to), expected))
        << "after restoring on " << (to == e.get() ? "eddy" : "redis");
  }
}

TEST_F(RdbCrossCheckTest, ACorruptFileStopsStartUpAndIsLeftUntouched) {
  ASSERT_EQ(Start(eddy_, EDDY_SERVER_BIN, "eddy"), "");
  Context e = Open(eddy_.port());
  Populate(e.get());
  ASSERT_TRUE(IsStatus(RunCommand(e.get(), {"SAVE"}).get(), "OK"));
  e.reset();
  eddy_.stop();
  std::string path = dir_ + "/eddy/dump.rdb";
  auto size = fs::file_size(path);
  fs::resize_file(path, size / 2);  // truncated in the middle
  std::string before = *read_whole(path);
  ServerProcess::Options o;
  o.binary = EDDY_SERVER_BIN;
  o.args = {"--bind", "127.0.0.1", "--save", "", "--dir", dir_ + "/eddy"};
  o.startup_timeout_ms = 5000;
  o.port = FreePort();  // an early exit is then not retried on other ports
  std::string err = eddy_.start(o);
  EXPECT_NE(err.find("exited with status 1"), std::string::npos) << err;
  EXPECT_NE(err.find("Fatal error loading the DB"), std::string::npos) << err;
  EXPECT_NE(err.find("offset"), std::string::npos) << err;
  EXPECT_EQ(*read_whole(path), before);
}

}  // namespace
}  // namespace eddy::testing
