// Shared by the persistence cross-checks (RDB and AOF): a dataset of every type (small and
// large encodings, integer and compressible strings, expiring keys, streams with groups and
// pending entries, several databases) written through a hiredis connection, and a type-aware
// snapshot of databases 0..3 to compare what two servers (or one server before and after a
// restart) hold; and small helpers of the AOF tests (which binary, INFO fields, polling,
// killing a server with its fork children).
#pragma once
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <signal.h>
#include <sys/types.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "integration/test_server.h"

namespace eddy::testing {

// Names the keys whose contents differ (the whole maps are too big to print).
inline ::testing::AssertionResult SameContents(const std::map<std::string, std::string>& got,
                                        const std::map<std::string, std::string>& want) {
  std::string diff;
  for (auto& [k, v] : want) {
    auto it = got.find(k);
    if (it == got.end()) diff += " missing " + k + ";";
    else if (it->second != v) {
      // Around the first difference (the values can be long).
      size_t at = std::mismatch(v.begin(), v.end(), it->second.begin(), it->second.end()).first -
                  v.begin();
      size_t from = at > 150 ? at - 150 : 0;
      diff += " differs " + k + " at byte " + std::to_string(at) + ": ..." +
              it->second.substr(from, 300) + " vs ..." + v.substr(from, 300) + ";";
    }
  }
  for (auto& [k, v] : got)
    if (!want.count(k)) diff += " extra " + k + ";";
  if (diff.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << diff;
}

inline std::optional<std::string> read_whole(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline Context Open(int port) {
  timeval tv{10, 0};
  return Context(redisConnectWithTimeout("127.0.0.1", port, tv));
}

inline std::vector<std::string> Strings(const redisReply* r) {
  std::vector<std::string> out;
  if (!r || r->type != REDIS_REPLY_ARRAY) return out;
  for (size_t i = 0; i < r->elements; ++i)
    out.emplace_back(r->element[i]->str ? std::string(r->element[i]->str, r->element[i]->len)
                                        : "(nil)");
  return out;
}

inline std::string Join(std::vector<std::string> v, bool sort) {
  if (sort) std::sort(v.begin(), v.end());
  std::string s;
  for (auto& x : v) s += x + "\x1f";
  return s;
}

// Every key of databases 0..3 with its type, contents and absolute expire time.
inline std::map<std::string, std::string> Snapshot(redisContext* c) {
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

inline void Populate(redisContext* c) {
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

// Snapshot() contents without the consumer groups' entries-read and lag. Redis 7.0 does not
// keep entries-read across an AOF reload when XREADGROUP moved a group after the last
// rewrite (the XCLAIM ... LASTID it propagates does not carry it: the reloaded group has
// entries-read nil, or the older value), so a server's live contents and what an AOF
// reload gives back are compared without these two.
inline std::map<std::string, std::string> WithoutEntriesRead(
    std::map<std::string, std::string> m) {
  // In Describe() form: `, "entries-read", <value>, "lag", <value>` before `,` or `]`.
  const std::string entries_read = ", \"entries-read\", ", lag = ", \"lag\", ";
  for (auto& [k, v] : m) {
    for (size_t p = v.find(entries_read); p != std::string::npos; p = v.find(entries_read, p)) {
      size_t l = v.find(lag, p);
      size_t end = l == std::string::npos ? l : v.find_first_of(",]", l + lag.size());
      if (end == std::string::npos) break;
      v.erase(p, end - p);
    }
  }
  return m;
}

// Changes to the Populate() dataset of every kind (for writes after a rewrite, so they land
// in an incremental file on top of a base): new and deleted keys, in-place updates of every
// type, stream acks/claims/deletes, expire set and removed, another database, MULTI/EXEC.
inline void PopulateMore(redisContext* c) {
  auto run = [&](std::vector<std::string> argv) {
    Reply r = RunCommand(c, argv);
    ASSERT_TRUE(r && r->type != REDIS_REPLY_ERROR) << argv[0] << ": " << Describe(r.get());
  };
  run({"INCRBY", "int", "10"});
  run({"APPEND", "embstr", "!!"});
  run({"INCRBYFLOAT", "float", "3.25"});
  run({"INCRBYFLOAT", "float", "0.5"});
  run({"SET", "later", std::string(20000, 'q'), "PXAT", "4102444800000"});
  run({"PERSIST", "ttl"});
  run({"EXPIREAT", "neg", "4102444801"});
  run({"DEL", "empty", "binary"});
  run({"LPUSH", "biglist", "head1", "head2"});
  run({"RPOP", "smalllist"});
  run({"LSET", "biglist", "100", "changed"});
  run({"HSET", "smallhash", "added", "x"});
  run({"HDEL", "bighash", "field:7", "field:8"});
  run({"HINCRBY", "smallhash", "n", "5"});
  run({"SADD", "intset", "42"});
  run({"SREM", "bigset", "m1", "m2"});
  run({"ZINCRBY", "smallzset", "10", "a"});
  run({"ZREM", "bigzset", "member:3"});
  run({"XADD", "stream", "2000-0", "after", "rewrite"});
  run({"XACK", "stream", "g1", "1004-1"});
  run({"XCLAIM", "stream", "g1", "dave", "0", "1006-0", "1008-2"});
  run({"XREADGROUP", "GROUP", "g2", "carol", "COUNT", "3", "STREAMS", "stream", ">"});
  run({"XDEL", "stream", "1002-2"});
  run({"XGROUP", "CREATE", "stream", "g3", "$", "MKSTREAM"});
  run({"XADD", "capped", "MAXLEN", "5", "*", "n", "1"});
  for (int i = 0; i < 10; ++i) run({"XADD", "capped", "MAXLEN", "5", "*", "n", std::to_string(i)});
  run({"MULTI"});
  run({"SET", "tx1", "a"});
  run({"RPUSH", "tx2", "b", "c"});
  run({"EXEC"});
  run({"SELECT", "3"});
  run({"HSET", "h3", "f", "v"});
  run({"SET", "s3", "gone soon", "EX", "100000"});
  run({"SELECT", "2"});
  run({"DEL", "in-db-2"});
  run({"SELECT", "0"});
}

// ---- Helpers of the AOF tests (aof_test.cc, aof_crash_test.cc, aof_crosscheck_test.cc) ----

// The server the AOF tests run: $AOF_TEST_BIN when set (e.g. /usr/bin/redis-server, to check
// the tests themselves against the real thing), else eddy-server.
inline std::string AofTestBinary() {
  const char* b = std::getenv("AOF_TEST_BIN");
  return b && *b ? b : EDDY_SERVER_BIN;
}

// One field of INFO <section> ("" when absent or on a connection error).
inline std::string InfoField(redisContext* c, const std::string& section,
                             const std::string& field) {
  Reply r = RunCommand(c, {"INFO", section});
  if (!r || r->type != REDIS_REPLY_STRING) return "";
  std::string s(r->str, r->len);
  std::string key = "\n" + field + ":";
  size_t p = ("\n" + s).find(key);
  if (p == std::string::npos) return "";
  p += key.size() - 1;  // position in s after "field:"
  size_t e = s.find("\r\n", p);
  return s.substr(p, e == std::string::npos ? std::string::npos : e - p);
}

// Polls cond every 20 ms until it holds or ms elapse.
inline bool WaitUntil(const std::function<bool()>& cond, int ms = 20000) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  for (;;) {
    if (cond()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// The names of the regular files in a directory, sorted ({} when it does not exist).
inline std::vector<std::string> FileNames(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.is_regular_file()) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// SIGKILL to the server and every process it forked (ServerProcess puts the server in a
// process group of its own), as a crash of the machine would: a rewrite or save child dies
// with it. Waits for the server to be gone.
inline void KillServerGroup(ServerProcess& p) {
  if (p.pid() <= 0) return;
  ::kill(-p.pid(), SIGKILL);
  ::kill(p.pid(), SIGKILL);
  p.wait_exit(10000);
}

// The pids of the processes `pid` forked (any of its threads), from /proc.
inline std::vector<pid_t> ChildPids(pid_t pid) {
  std::vector<pid_t> out;
  std::error_code ec;
  std::string task_dir = "/proc/" + std::to_string(pid) + "/task";
  for (auto& t : std::filesystem::directory_iterator(task_dir, ec)) {
    std::ifstream f(t.path() / "children");
    pid_t child;
    while (f >> child) out.push_back(child);
  }
  return out;
}

// The fixture both AOF suites share: a private directory, one server process on it (kept
// across restarts), one connection, and cleanup that also kills fork children left behind.
class AofServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/eddy-aof-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    c_.reset();
    if (server_.pid() > 0 && !server_.alive())
      ADD_FAILURE() << "server died:\n" << server_.log_tail();
    else if (HasFailure() && server_.pid() > 0)
      std::cerr << "---- server log (tail) ----\n" << server_.log_tail(40) << "--------\n";
    pid_t pid = server_.pid();
    server_.stop();
    if (pid > 0) ::kill(-pid, SIGKILL);  // a fork child left behind
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void Crash() {
    c_.reset();
    KillServerGroup(server_);
  }
  Reply Run(const std::vector<std::string>& argv) { return RunCommand(c_.get(), argv); }
  void Ok(const std::vector<std::string>& argv) {
    Reply r = Run(argv);
    ASSERT_TRUE(r && r->type != REDIS_REPLY_ERROR) << argv[0] << ": " << Describe(r.get());
  }
  std::string Info(const std::string& field) { return InfoField(c_.get(), "persistence", field); }

  std::string dir_;
  ServerProcess server_;
  Context c_;
};

}  // namespace eddy::testing
