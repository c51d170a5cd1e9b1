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

#include "integration/test_server.h"

namespace eddy::testing {
namespace {

namespace fs = std::filesystem;

// Names the keys whose contents differ (the whole maps are too big to print).
::testing::AssertionResult SameContents(const std::map<std::string, std::string>& got,
                                        const std::map<std::string, std::string>& want) {
  std::string diff;
  for (auto& [k, v] : want) {
    auto it = got.find(k);
    if (it == got.end()) diff += " missing " + k + ";";
    else if (it->second != v) diff += " differs " + k + ": " + it->second.substr(0, 300) +
                                      " vs " + v.substr(0, 300) + ";";
  }
  for (auto& [k, v] : got)
    if (!want.count(k)) diff += " extra " + k + ";";
  if (diff.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << diff;
}

std::optional<std::string> read_whole(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

Context Open(int port) {
  timeval tv{10, 0};
  return Context(redisConnectWithTimeout("127.0.0.1", port, tv));
}

std::vector<std::string> Strings(const redisReply* r) {
  std::vector<std::string> out;
  if (!r || r->type != REDIS_REPLY_ARRAY) return out;
  for (size_t i = 0; i < r->elements; ++i)
    out.emplace_back(r->element[i]->str ? std::string(r->element[i]->str, r->element[i]->len)
                                        : "(nil)");
  return out;
}

std::string Join(std::vector<std::string> v, bool sort) {
  if (sort) std::sort(v.begin(), v.end());
  std::string s;
  for (auto& x : v) s += x + "\x1f";
  return s;
}

// Every key of databases 0..3 with its type, contents and absolute expire time.
std::map<std::string, std::string> Snapshot(redisContext* c) {
  std::map<std::string, std::string> out;
  for (int db = 0; db < 4; ++db) {
    RunCommand(c, {"SELECT", std::to_string(db)});
    std::string cursor = "0";
    do {
      Reply r = RunCommand(c, {"SCAN", cursor, "COUNT", "1000"});
      if (!r || r->elements != 2) return out;
      cursor = r->element[0]->str;
      for (const std::string& key : Strings(r->element[1])) {
        std::string type = RunCommand(c, {"TYPE", key})->str;
        std::string content;
        if (type == "string") {
          Reply v = RunCommand(c, {"GET", key});
          content = std::string(v->str, v->len);
        } else if (type == "list") {
          content = Join(Strings(RunCommand(c, {"LRANGE", key, "0", "-1"}).get()), false);
        } else if (type == "hash") {
          auto kv = Strings(RunCommand(c, {"HGETALL", key}).get());
          std::vector<std::string> pairs;
          for (size_t i = 0; i + 1 < kv.size(); i += 2) pairs.push_back(kv[i] + "=" + kv[i + 1]);
          content = Join(pairs, true);
        } else if (type == "set") {
          content = Join(Strings(RunCommand(c, {"SMEMBERS", key}).get()), true);
        } else if (type == "zset") {
          content = Join(Strings(RunCommand(c, {"ZRANGE", key, "0", "-1", "WITHSCORES"}).get()),
                         false);
        } else if (type == "stream") {
          Reply x = RunCommand(c, {"XRANGE", key, "-", "+"});
          content = Describe(x.get());
          Reply groups = RunCommand(c, {"XINFO", "GROUPS", key});
          content += Describe(groups.get());
          for (size_t g = 0; groups && g < groups->elements; ++g) {
            std::string gname = groups->element[g]->element[1]->str;
            content += Describe(RunCommand(c, {"XPENDING", key, gname}).get());
            // Extended form without the idle column (it depends on when this runs).
            Reply ext = RunCommand(c, {"XPENDING", key, gname, "-", "+", "100"});
            for (size_t i = 0; ext && i < ext->elements; ++i) {
              redisReply* row = ext->element[i];
              content += std::string(row->element[0]->str) + "/" + row->element[1]->str + "/" +
                         std::to_string(row->element[3]->integer) + ";";
            }
          }
          // Metadata XINFO STREAM reports (node counts are each server's own).
          Reply info = RunCommand(c, {"XINFO", "STREAM", key});
          for (size_t i = 0; info && i + 1 < info->elements; i += 2) {
            std::string f = info->element[i]->str;
            if (f == "length" || f == "last-generated-id" || f == "max-deleted-entry-id" ||
                f == "entries-added" || f == "groups" || f == "recorded-first-entry-id")
              content += f + "=" + Describe(info->element[i + 1]);
          }
        }
        Reply enc = RunCommand(c, {"OBJECT", "ENCODING", key});
        Reply exp = RunCommand(c, {"PEXPIRETIME", key});
        out[std::to_string(db) + ":" + key] = type + "|" + (enc && enc->str ? enc->str : "") +
                                               "|" + std::to_string(exp->integer) + "|" + content;
      }
    } while (cursor != "0");
  }
  RunCommand(c, {"SELECT", "0"});
  return out;
}

void Populate(redisContext* c) {
  auto run = [&](std::vector<std::string> argv) {
    Reply r = RunCommand(c, argv);
    ASSERT_TRUE(r && r->type != REDIS_REPLY_ERROR) << argv[0] << ": " << Describe(r.get());
  };
  run({"SET", "int", "12345"});
  run({"SET", "bigint", "9223372036854775807"});
  run({"SET", "neg", "-42"});
  run({"SET", "embstr", "hello world"});
  run({"SET", "compressible", std::string(5000, 'z')});
  std::string random;
  for (int i = 0; i < 3000; ++i) random += static_cast<char>((i * 7919) % 251);
  run({"SET", "binary", random});
  run({"SET", "empty", ""});
  run({"SET", "ttl", "v", "PXAT", "4102444800000"});
  std::vector<std::string> small_list{"RPUSH", "smalllist", "a", "1", "-5", "300000", "4000000000"};
  run(small_list);
  std::vector<std::string> big_list{"RPUSH", "biglist"};
  for (int i = 0; i < 20000; ++i) big_list.push_back(i % 3 ? "item:" + std::to_string(i) : std::to_string(i));
  run(big_list);
  run({"HSET", "smallhash", "f", "v", "n", "17"});
  std::vector<std::string> big_hash{"HSET", "bighash"};
  for (int i = 0; i < 2000; ++i) {
    big_hash.push_back("field:" + std::to_string(i));
    big_hash.push_back(std::to_string(i * 3));
  }
  run(big_hash);
  run({"HSET", "longvalhash", "f", std::string(100, 'l')});
  run({"SADD", "intset", "1", "2", "3", "-100", "70000", "5000000000"});
  std::vector<std::string> big_set{"SADD", "bigset"};
  for (int i = 0; i < 3000; ++i) big_set.push_back("m" + std::to_string(i));
  run(big_set);
  std::vector<std::string> big_intset{"SADD", "bigintset"};
  for (int i = 0; i < 1000; ++i) big_intset.push_back(std::to_string(i));
  run(big_intset);
  run({"ZADD", "smallzset", "1", "a", "2.5", "b", "-inf", "c", "inf", "d", "1e100", "e"});
  std::vector<std::string> big_zset{"ZADD", "bigzset"};
  for (int i = 0; i < 1000; ++i) {
    big_zset.push_back(std::to_string(i * 0.5));
    big_zset.push_back("member:" + std::to_string(i));
  }
  run(big_zset);
  for (int i = 1; i <= 300; ++i) {
    std::string id = std::to_string(1000 + i) + "-" + std::to_string(i % 3);
    if (i % 7 == 0) {
      run({"XADD", "stream", id, "other", std::to_string(i)});
    } else {
      run({"XADD", "stream", id, "f1", "v" + std::to_string(i), "f2", std::to_string(i * 11)});
    }
  }
  run({"XDEL", "stream", "1005-2", "1010-1", "1100-1"});
  run({"XGROUP", "CREATE", "stream", "g1", "0"});
  run({"XGROUP", "CREATE", "stream", "g2", "1200-0", "ENTRIESREAD", "150"});
  run({"XREADGROUP", "GROUP", "g1", "alice", "COUNT", "20", "STREAMS", "stream", ">"});
  run({"XREADGROUP", "GROUP", "g1", "bob", "COUNT", "5", "STREAMS", "stream", ">"});
  run({"XACK", "stream", "g1", "1001-1", "1003-0"});
  run({"XGROUP", "CREATECONSUMER", "stream", "g2", "carol"});
  run({"XADD", "emptied", "1-1", "f", "v"});
  run({"XDEL", "emptied", "1-1"});
  run({"XSETID", "emptied", "5-0", "ENTRIESADDED", "9", "MAXDELETEDID", "2-0"});
  run({"SELECT", "2"});
  run({"SET", "in-db-2", "x"});
  run({"RPUSH", "list2", "y"});
  run({"PEXPIREAT", "list2", "4102444800000"});
  run({"SELECT", "0"});
}

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
