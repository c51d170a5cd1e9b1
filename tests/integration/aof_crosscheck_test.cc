// The append-only directory both ways with the real thing: what Eddy writes (incr file
// only; base + incr after a BGREWRITEAOF, with and without the RDB preamble) passes
// redis-check-aof and loads in redis-server 7.0 with the contents Eddy had and loads back
// itself, and what redis-server writes loads in Eddy with the contents redis-server had and
// loads back itself. The dataset (dataset.h) has every type, streams with
// groups and pending entries, expiring keys, several databases, big and compressible values.
// The "Eddy" side is $AOF_TEST_BIN when set (redis-server against itself checks the test).
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "integration/dataset.h"
#include "integration/test_server.h"

namespace eddy::testing {
namespace {

namespace fs = std::filesystem;

struct Variant {
  const char* name;
  bool rewrite;   // Populate, BGREWRITEAOF, PopulateMore; else Populate only (all in incr 1)
  bool preamble;  // aof-use-rdb-preamble
};

class AofCrossCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/eddy-aofx-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    for (ServerProcess* p : {&eddy_, &redis_}) {
      if (HasFailure() && p->pid() > 0)
        std::cerr << "---- " << (p == &eddy_ ? "eddy" : "redis") << " log (tail) ----\n"
                  << p->log_tail(30) << "--------\n";
      pid_t pid = p->pid();
      p->stop();
      if (pid > 0) ::kill(-pid, SIGKILL);
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Start(ServerProcess& p, const std::string& binary, const std::string& sub,
                    bool preamble) {
    fs::create_directories(dir_ + "/" + sub);
    ServerProcess::Options o;
    o.binary = binary;
    o.args = {"--bind",
              "127.0.0.1",
              "--save",
              "",
              "--appendonly",
              "yes",
              "--appendfsync",
              "always",
              "--aof-use-rdb-preamble",
              preamble ? "yes" : "no",
              "--dir",
              dir_ + "/" + sub};
    return p.start(o);
  }
  // Writes the dataset on the server behind `c` as the variant says; its snapshot.
  std::map<std::string, std::string> Write(redisContext* c, const Variant& v) {
    Populate(c);
    if (v.rewrite) {
      Reply r = RunCommand(c, {"BGREWRITEAOF"});
      EXPECT_TRUE(IsStatus(r.get(), "Background append only file rewriting started"));
      EXPECT_TRUE(WaitUntil([&] {
        return InfoField(c, "persistence", "aof_rewrite_in_progress") == "0" &&
               InfoField(c, "persistence", "aof_rewrites") == "1";
      }));
      EXPECT_EQ(InfoField(c, "persistence", "aof_last_bgrewrite_status"), "ok");
      PopulateMore(c);
    }
    return Snapshot(c);
  }
  // The files the writer should have left.
  static std::vector<std::string> ExpectedFiles(const Variant& v) {
    if (!v.rewrite)
      return {std::string("appendonly.aof.1.base.") + (v.preamble ? "rdb" : "aof"),
              "appendonly.aof.1.incr.aof", "appendonly.aof.manifest"};
    return {std::string("appendonly.aof.2.base.") + (v.preamble ? "rdb" : "aof"),
            "appendonly.aof.2.incr.aof", "appendonly.aof.manifest"};
  }
  void CopyAofDir(const std::string& from, const std::string& to) {
    fs::create_directories(dir_ + "/" + to);
    fs::copy(dir_ + "/" + from + "/appendonlydir", dir_ + "/" + to + "/appendonlydir",
             fs::copy_options::recursive);
  }

  // A server's live contents and what it or the other loads back are compared without
  // the groups' entries-read and lag (dataset.h: Redis itself does not keep them); what two
  // servers load from the same files is compared with nothing left out.
  std::map<std::string, std::string> LoadSnapshot(ServerProcess& p, const std::string& binary,
                                                  const std::string& sub) {
    std::string err = Start(p, binary, sub, true);
    EXPECT_EQ(err, "") << binary << " did not load the files of " << sub;
    if (!err.empty()) return {};
    Context c = Open(p.port());
    auto snap = Snapshot(c.get());
    c.reset();
    p.stop();
    return snap;
  }

  // `writer` writes the dataset; the other server and the writer itself (each on a copy of
  // the directory) load the same contents, which are the writer's live contents.
  void CrossCheck(const Variant& v, bool eddy_writes) {
    SCOPED_TRACE(v.name);
    ServerProcess& wp = eddy_writes ? eddy_ : redis_;
    const std::string wbin = eddy_writes ? AofTestBinary() : "redis-server";
    const std::string obin = eddy_writes ? "redis-server" : AofTestBinary();
    ASSERT_EQ(Start(wp, wbin, "writer", v.preamble), "");
    Context c = Open(wp.port());
    auto live = Snapshot(c.get());
    ASSERT_EQ(live.size(), 0u);
    live = Write(c.get(), v);
    ASSERT_GT(live.size(), 15u);
    c.reset();
    EXPECT_TRUE(WaitUntil([&] {
      return FileNames(dir_ + "/writer/appendonlydir") == ExpectedFiles(v);
    })) << ::testing::PrintToString(FileNames(dir_ + "/writer/appendonlydir"));
    KillServerGroup(wp);  // what is in the files, not what a shutdown would add
    std::string check = "redis-check-aof " + dir_ +
                        "/writer/appendonlydir/appendonly.aof.manifest > " + dir_ +
                        "/check.log 2>&1";
    EXPECT_EQ(std::system(check.c_str()), 0)
        << "redis-check-aof rejected the files of " << wbin << ":\n"
        << read_whole(dir_ + "/check.log").value_or("");
    CopyAofDir("writer", "self");
    CopyAofDir("writer", "other");
    auto self = LoadSnapshot(wp, wbin, "self");
    auto other = LoadSnapshot(eddy_writes ? redis_ : eddy_, obin, "other");
    EXPECT_TRUE(SameContents(other, self))
        << obin << " (left) and " << wbin << " (right) loaded different contents";
    EXPECT_TRUE(SameContents(WithoutEntriesRead(other), WithoutEntriesRead(live)))
        << obin << " loaded (left) other contents than " << wbin << " had (right)";
  }

  std::string dir_;
  ServerProcess eddy_, redis_;
};

constexpr Variant kIncrOnly{"incr only", false, true};
constexpr Variant kRdbBase{"RDB base + incr", true, true};
constexpr Variant kAofBase{"AOF base + incr", true, false};

TEST_F(AofCrossCheckTest, AnEddyIncrFileLoadsInRedis) { CrossCheck(kIncrOnly, true); }
TEST_F(AofCrossCheckTest, AnEddyRdbBaseAndIncrLoadInRedis) { CrossCheck(kRdbBase, true); }
TEST_F(AofCrossCheckTest, AnEddyCommandBaseAndIncrLoadInRedis) { CrossCheck(kAofBase, true); }
TEST_F(AofCrossCheckTest, ARedisIncrFileLoadsInEddy) { CrossCheck(kIncrOnly, false); }
TEST_F(AofCrossCheckTest, ARedisRdbBaseAndIncrLoadInEddy) { CrossCheck(kRdbBase, false); }
TEST_F(AofCrossCheckTest, ARedisCommandBaseAndIncrLoadInEddy) { CrossCheck(kAofBase, false); }

}  // namespace
}  // namespace eddy::testing
