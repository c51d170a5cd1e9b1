#include <fstream>
#include <regex>
#include <sstream>

#include "commands/command_test.h"
#include "eddy/server/info.h"
#include "eddy/server/lazyfree.h"

namespace eddy::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// The INFO text of a reply, without RESP3's "txt:" prefix.
std::string InfoText(const RespValue& v) {
  if (v.type == RespValue::Type::Verbatim) return v.str.substr(4);
  return v.str;
}

// "field:value" lines -> the value of `field` ("" if absent).
std::string InfoField(const std::string& info, const std::string& field) {
  std::istringstream in(info);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind(field + ":", 0) == 0) return line.substr(field.size() + 1);
  }
  return "";
}

// Section headers and field names, one per line, as `redis-cli info everything | cut -d:
// -f1` prints them (blank lines between sections kept).
std::vector<std::string> InfoShape(const std::string& info) {
  std::vector<std::string> out;
  std::istringstream in(info);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line.substr(0, line.find(':')));
  }
  return out;
}

class RecordingPropagator : public Propagator {
 public:
  void propagate(int db, const std::vector<std::string>& argv) override {
    std::string s = std::to_string(db) + ":";
    for (auto& a : argv) s += " " + a;
    log.push_back(s);
  }
  std::vector<std::string> log;
};

// --- DBSIZE / FLUSHDB / FLUSHALL -----------------------------------------------------------

TEST_F(CommandTest, DbsizeCountsKeysOfTheSelectedDatabaseOnly) {
  Run({"SET", "a", "1"});
  Run({"SET", "b", "2"});
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(2));
  Run({"SELECT", "1"});
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
  EXPECT_THAT(Run({"DBSIZE", "x"}),
              IsError("ERR wrong number of arguments for 'dbsize' command"));
}

TEST_F(CommandTest, FlushdbEmptiesOnlyTheSelectedDatabase) {
  Run({"SET", "a", "1"});
  Run({"SELECT", "1"});
  Run({"SET", "b", "1"});
  EXPECT_THAT(Run({"FLUSHDB"}), IsOk());
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
  Run({"SELECT", "0"});
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(1));
}

TEST_F(CommandTest, FlushallEmptiesEveryDatabaseIncludingExpires) {
  Run({"SET", "a", "1", "EX", "100"});
  Run({"SELECT", "3"});
  Run({"SET", "b", "1"});
  EXPECT_THAT(Run({"FLUSHALL", "sync"}), IsOk());
  EXPECT_EQ(server().db(0).size(), 0u);
  EXPECT_EQ(server().db(0).expires_size(), 0u);
  EXPECT_EQ(server().db(3).size(), 0u);
}

TEST_F(CommandTest, FlushRejectsUnknownModesAndExtraArguments) {
  EXPECT_THAT(Run({"FLUSHDB", "foo"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"FLUSHDB", "ASYNC", "SYNC"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"FLUSHALL", "x"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"FLUSHALL", "sync", "async"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"FLUSHALL", "Async"}), IsOk());
  EXPECT_THAT(Run({"FLUSHDB", "SYNC"}), IsOk());
}

TEST_F(CommandTest, FlushAsyncEmptiesAtOnceAndFreesKeysInTheBackground) {
  for (int i = 0; i < 100; ++i) Run({"SET", "k" + std::to_string(i), std::string(100, 'x')});
  uint64_t freed_before = lazyfree::freed_objects();
  EXPECT_THAT(Run({"FLUSHALL", "ASYNC"}), IsOk());
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
  EXPECT_THAT(Run({"GET", "k1"}), IsNil());
  lazyfree::drain();
  EXPECT_EQ(lazyfree::freed_objects() - freed_before, 100u);
  EXPECT_EQ(lazyfree::pending_objects(), 0u);
  // The live database keeps working after its contents were swapped out.
  EXPECT_THAT(Run({"SET", "k1", "v"}), IsOk());
  EXPECT_THAT(Run({"GET", "k1"}), IsBulk("v"));
}

TEST_F(CommandTest, FlushInvalidatesWatchOnlyForKeysThatExisted) {
  Client* other = NewClient();
  Run({"SET", "present", "1"});
  EXPECT_THAT(Run({"WATCH", "missing"}), IsOk());
  Run({"FLUSHALL"}, other);
  Run({"MULTI"});
  Run({"PING"});
  EXPECT_THAT(Run({"EXEC"}), Renders("[PONG]"));

  Run({"SET", "present", "1"});
  EXPECT_THAT(Run({"WATCH", "present"}), IsOk());
  Run({"FLUSHDB"}, other);
  Run({"MULTI"});
  Run({"PING"});
  EXPECT_THAT(Run({"EXEC"}), IsNilArray());
}

TEST_F(CommandTest, FlushAddsRemovedKeysToDirtyAndIsAlwaysPropagated) {
  RecordingPropagator prop;
  server().set_propagator(&prop);
  Run({"SET", "a", "1"});
  Run({"SET", "b", "1"});
  int64_t dirty = server().stats().dirty;
  Run({"FLUSHDB"});
  EXPECT_EQ(server().stats().dirty - dirty, 2);
  Run({"FLUSHALL", "ASYNC"});  // nothing left: dirty unchanged, still propagated
  EXPECT_EQ(server().stats().dirty - dirty, 2);
  EXPECT_THAT(prop.log, ElementsAre("0: SET a 1", "0: SET b 1", "0: FLUSHDB",
                                    "0: FLUSHALL ASYNC"));
  server().set_propagator(nullptr);
}

// --- TIME / LASTSAVE -------------------------------------------------------------------------

TEST_F(CommandTest, TimeReturnsSecondsAndMicrosecondsOfTheClock) {
  clock_.set_us(1700000000123456LL);
  EXPECT_THAT(Run({"TIME"}), IsBulkArray({"1700000000", "123456"}));
  EXPECT_THAT(Run({"TIME", "x"}), IsError("ERR wrong number of arguments for 'time' command"));
}

TEST_F(CommandTest, LastsaveIsTheStartTimeBeforeAnySave) {
  AdvanceClock(5000);
  EXPECT_THAT(Run({"LASTSAVE"}), IsInt(1700000000));
}

// --- SHUTDOWN --------------------------------------------------------------------------------

TEST_F(CommandTest, ShutdownRequestsShutdownAndRepliesNothing) {
  EXPECT_EQ(RunBytes({"SHUTDOWN", "nosave", "NOW", "force"}), "");
  EXPECT_TRUE(server().shutdown_requested());
  EXPECT_EQ(server().shutdown_flags(),
            Server::kShutdownNoSave | Server::kShutdownNow | Server::kShutdownForce);
  EXPECT_TRUE(client()->has(kClientCloseAsap));
}

TEST_F(CommandTest, ShutdownStopsTheRestOfThePipeline) {
  // NOSAVE: an in-process test must not write dump.rdb into its working directory (the
  // saving paths are covered by tests/integration/persistence_test.cc).
  auto replies = RunRaw(EncodeCommand({"SHUTDOWN", "NOSAVE"}) + EncodeCommand({"PING"}));
  EXPECT_TRUE(replies.empty());
  EXPECT_EQ(server().shutdown_flags(), Server::kShutdownNoSave);
}

TEST_F(CommandTest, ShutdownRejectsBadOptionCombinations) {
  EXPECT_THAT(Run({"SHUTDOWN", "foo"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"SHUTDOWN", "NOSAVE", "SAVE"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"SHUTDOWN", "ABORT", "NOW"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"SHUTDOWN", "FORCE", "ABORT"}), IsError("ERR syntax error"));
  EXPECT_FALSE(server().shutdown_requested());
}

TEST_F(CommandTest, ShutdownAbortNeedsAPendingShutdown) {
  EXPECT_THAT(Run({"SHUTDOWN", "ABORT"}), IsError("ERR No shutdown in progress."));
  server().request_shutdown(0);  // e.g. SIGTERM earlier in this loop turn
  EXPECT_THAT(Run({"SHUTDOWN", "abort"}), IsOk());
  EXPECT_FALSE(server().shutdown_requested());
}

TEST_F(CommandTest, ShutdownIsNotAllowedInsideMulti) {
  Run({"MULTI"});
  EXPECT_THAT(Run({"SHUTDOWN"}), IsError("ERR Command not allowed inside a transaction"));
  EXPECT_FALSE(server().shutdown_requested());
}

// --- INFO ------------------------------------------------------------------------------------

std::vector<std::string> GoldenInfoShape() {
  std::string path = std::string(__FILE__);
  path = path.substr(0, path.rfind('/')) + "/golden/info_fields.txt";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_F(CommandTest, InfoEverythingHasRedisSectionsAndFieldsInRedisOrder) {
  // The golden list is `redis-cli info everything | cut -d: -f1` of a fresh redis-server
  // 7.0.15: no command stats, no errors, empty keyspace. A fresh Eddy client matches it.
  std::string info = InfoText(Run({"INFO", "everything"}));
  EXPECT_EQ(InfoShape(info), GoldenInfoShape());
}

TEST_F(CommandTest, InfoUsesRedisLineEndingsAndSectionSeparators) {
  EXPECT_EQ(InfoText(Run({"INFO", "cluster"})), "# Cluster\r\ncluster_enabled:0\r\n");
  EXPECT_EQ(InfoText(Run({"INFO", "modules", "cluster"})),
            "# Modules\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n");
  EXPECT_EQ(InfoText(Run({"INFO", "keyspace"})), "# Keyspace\r\n");
  EXPECT_THAT(Run({"INFO", "foo"}), IsBulk(""));
}

TEST_F(CommandTest, InfoPrintsSectionsInFixedOrderWhateverTheArgumentOrder) {
  std::string info = InfoText(Run({"INFO", "CLUSTER", "cpu", "Server", "nosuch"}));
  std::regex headers("# (\\w+)\r\n");
  std::vector<std::string> names;
  for (auto it = std::sregex_iterator(info.begin(), info.end(), headers);
       it != std::sregex_iterator(); ++it)
    names.push_back((*it)[1]);
  EXPECT_THAT(names, ElementsAre("Server", "CPU", "Cluster"));
}

TEST_F(CommandTest, InfoDefaultLeavesOutPerCommandSections) {
  Run({"GET", "x"});
  for (auto args : {std::vector<std::string>{"INFO"}, {"INFO", "default"}}) {
    std::string info = InfoText(Run(args));
    EXPECT_THAT(info, Not(HasSubstr("# Commandstats")));
    EXPECT_THAT(info, Not(HasSubstr("# Latencystats")));
    EXPECT_THAT(info, HasSubstr("# Errorstats"));
    EXPECT_THAT(info, HasSubstr("# Keyspace"));
  }
  std::string all = InfoText(Run({"INFO", "all"}));
  EXPECT_THAT(all, HasSubstr("# Commandstats\r\ncmdstat_"));
  EXPECT_THAT(all, HasSubstr("# Latencystats\r\nlatency_percentiles_usec_"));
  EXPECT_EQ(InfoShape(InfoText(Run({"INFO", "all", "cluster"}))).size(),
            InfoShape(InfoText(Run({"INFO", "everything"}))).size());
}

TEST_F(CommandTest, InfoKeyspaceListsDatabasesThatHaveKeys) {
  Run({"SET", "a", "1"});
  Run({"SET", "b", "1", "PX", "5000"});
  Run({"SELECT", "2"});
  Run({"SET", "c", "1"});
  EXPECT_EQ(InfoText(Run({"INFO", "keyspace"})),
            "# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\ndb2:keys=1,expires=0,avg_ttl=0\r\n");
}

TEST_F(CommandTest, InfoCommandstatsCountsCallsFailuresAndRejections) {
  Run({"SET", "q", "hello"});
  Run({"INCR", "q"});
  Run({"INCR", "n"});
  Run({"GET"});
  Run({"MEMORY", "USAGE", "q"});
  std::string info = InfoText(Run({"INFO", "commandstats"}));
  EXPECT_THAT(InfoField(info, "cmdstat_incr"),
              ::testing::MatchesRegex("calls=2,usec=[0-9]+,usec_per_call=[0-9]+\\.[0-9][0-9],"
                                      "rejected_calls=0,failed_calls=1"));
  EXPECT_THAT(InfoField(info, "cmdstat_get"),
              ::testing::MatchesRegex("calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,"
                                      "failed_calls=0"));
  EXPECT_THAT(InfoField(info, "cmdstat_memory|usage"), StartsWith("calls=1,"));
  EXPECT_EQ(InfoField(info, "cmdstat_info"), "");  // the running call is not counted yet
}

TEST_F(CommandTest, InfoLatencystatsReportsConfiguredPercentilesPerCommand) {
  Run({"PING"});
  std::string info = InfoText(Run({"INFO", "latencystats"}));
  EXPECT_THAT(InfoField(info, "latency_percentiles_usec_ping"),
              ::testing::MatchesRegex("p50=[0-9]+\\.[0-9]{3},p99=[0-9]+\\.[0-9]{3},"
                                      "p99\\.9=[0-9]+\\.[0-9]{3}"));
}

TEST_F(CommandTest, InfoErrorstatsCountsErrorCodes) {
  Run({"NOSUCHCOMMAND"});
  Run({"SET", "s", "x"});
  Run({"INCR", "s"});
  std::string info = InfoText(Run({"INFO", "errorstats"}));
  EXPECT_EQ(InfoField(info, "errorstat_ERR"), "count=2");
  std::string stats = InfoText(Run({"INFO", "stats"}));
  EXPECT_EQ(InfoField(stats, "total_error_replies"),
            std::to_string(server().stats().total_error_replies));
}

TEST_F(CommandTest, InfoReportsServerStateValues) {
  Run({"SET", "a", "1"});
  AdvanceClock(90 * 1000);
  std::string info = InfoText(Run({"INFO"}));
  EXPECT_EQ(InfoField(info, "redis_version"), "7.0.15");
  EXPECT_EQ(InfoField(info, "redis_mode"), "standalone");
  EXPECT_EQ(InfoField(info, "run_id"), server().run_id());
  EXPECT_EQ(InfoField(info, "uptime_in_seconds"), "90");
  EXPECT_EQ(InfoField(info, "server_time_usec"), std::to_string(NowMs() * 1000));
  EXPECT_EQ(InfoField(info, "connected_clients"), "1");
  EXPECT_EQ(InfoField(info, "role"), "master");
  EXPECT_EQ(InfoField(info, "master_replid").size(), 40u);
  EXPECT_EQ(InfoField(info, "rdb_changes_since_last_save"), "1");
  EXPECT_EQ(InfoField(info, "rdb_last_save_time"), "1700000000");
  EXPECT_EQ(InfoField(info, "total_commands_processed"), "1");
  EXPECT_EQ(InfoField(info, "mem_allocator"), allocator_name());
  EXPECT_EQ(InfoField(info, "maxmemory_human"), "0B");
  EXPECT_THAT(InfoField(info, "used_memory_rss"), ::testing::MatchesRegex("[1-9][0-9]*"));
  EXPECT_THAT(InfoField(info, "used_cpu_user"), ::testing::MatchesRegex("[0-9]+\\.[0-9]{6}"));
}

TEST_F(CommandTest, InfoIsAVerbatimStringInResp3) {
  Run({"HELLO", "3"});
  RespValue v = Run({"INFO", "cluster"});
  EXPECT_EQ(v.type, RespValue::Type::Verbatim);
  EXPECT_EQ(v.str, "txt:# Cluster\r\ncluster_enabled:0\r\n");
}

// --- DEBUG -----------------------------------------------------------------------------------

TEST_F(CommandTest, DebugIsRefusedWhenEnableDebugCommandIsNo) {
  EXPECT_THAT(Run({"DEBUG", "SLEEP", "0"}),
              IsError("ERR DEBUG command not allowed. If the enable-debug-command option is set "
                      "to \"local\", you can run it from a local connection, otherwise you need "
                      "to set this option in the configuration file, and then restart the "
                      "server."));
}

TEST_F(CommandTest, RefusedDebugInsideMultiAbortsTheTransaction) {
  Run({"MULTI"});
  EXPECT_THAT(Run({"DEBUG", "SLEEP", "0"}), IsErrorPrefix("ERR DEBUG command not allowed."));
  EXPECT_THAT(Run({"EXEC"}),
              IsError("EXECABORT Transaction discarded because of previous errors."));
  EXPECT_THAT(InfoText(Run({"INFO", "commandstats"})),
              HasSubstr("cmdstat_debug:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,"
                        "failed_calls=0"));
}

class DebugCommandTest : public CommandTest {
 protected:
  // CommandTest's constructor builds the server with defaults, so it is rebuilt here.
  DebugCommandTest() {
    Config c;
    EXPECT_FALSE(c.apply_directive({"enable-debug-command", "yes"}).has_value());
    server_ = std::make_unique<Server>(std::move(c));
    client_ = NewClient();
  }
};

TEST_F(DebugCommandTest, DebugObjectDescribesTheStoredValue) {
  Run({"SET", "i", "1"});
  Run({"SET", "e", "hello"});
  Run({"SET", "r", std::string(100, 'x')});
  Run({"SET", "big", "123456789012"});
  AdvanceClock(3000);
  std::regex shape(
      "Value at:0x[0-9a-f]+ refcount:1 encoding:(\\w+) serializedlength:([0-9]+) "
      "lru:([0-9]+) lru_seconds_idle:([0-9]+)");
  auto describe = [&](const std::string& key) {
    RespValue v = Run({"DEBUG", "OBJECT", key});
    EXPECT_EQ(v.type, RespValue::Type::Simple) << v.debug();
    std::smatch m;
    EXPECT_TRUE(std::regex_match(v.str, m, shape)) << v.str;
    return m.size() == 5 ? std::vector<std::string>{m[1], m[2], m[3], m[4]}
                         : std::vector<std::string>{};
  };
  std::string lru = std::to_string((NowMs() / 1000 - 3) & ((1 << 24) - 1));
  EXPECT_THAT(describe("i"), ElementsAre("int", "2", lru, "3"));
  EXPECT_THAT(describe("e"), ElementsAre("embstr", "6", lru, "3"));
  EXPECT_THAT(describe("r"), ElementsAre("raw", "102", lru, "3"));
  EXPECT_THAT(describe("big"), ElementsAre("int", "13", lru, "3"));
  EXPECT_THAT(Run({"DEBUG", "OBJECT", "nokey"}), IsError("ERR no such key"));
}

TEST_F(DebugCommandTest, DebugSetActiveExpireSwitchesTheExpiryCycle) {
  EXPECT_THAT(Run({"DEBUG", "SET-ACTIVE-EXPIRE", "0"}), IsOk());
  EXPECT_FALSE(server().settings().active_expire_enabled);
  Run({"SET", "k", "v", "PX", "10"});
  AdvanceClock(100);
  server().cron();
  EXPECT_EQ(server().db(0).size(), 1u);  // only lazy expiry is left
  EXPECT_THAT(Run({"DEBUG", "set-active-expire", "2"}), IsOk());
  EXPECT_TRUE(server().settings().active_expire_enabled);
  EXPECT_THAT(Run({"DEBUG", "set-active-expire", "x"}), IsOk());  // atoi("x") == 0
  EXPECT_FALSE(server().settings().active_expire_enabled);
}

TEST_F(DebugCommandTest, DebugSleepAcceptsWhatStrtodAccepts) {
  EXPECT_THAT(Run({"DEBUG", "SLEEP", "0"}), IsOk());
  EXPECT_THAT(Run({"DEBUG", "SLEEP", "x"}), IsOk());
  EXPECT_THAT(Run({"DEBUG", "SLEEP", "-1"}), IsOk());
  EXPECT_THAT(Run({"DEBUG", "SLEEP", "inf"}), IsOk());
}

TEST_F(DebugCommandTest, DebugRejectsUnknownSubcommandsAndWrongArgumentCounts) {
  EXPECT_THAT(Run({"DEBUG"}), IsError("ERR wrong number of arguments for 'debug' command"));
  EXPECT_THAT(Run({"DEBUG", "foo"}),
              IsError("ERR unknown subcommand or wrong number of arguments for 'foo'. Try "
                      "DEBUG HELP."));
  EXPECT_THAT(Run({"DEBUG", "SLEEP"}),
              IsError("ERR unknown subcommand or wrong number of arguments for 'SLEEP'. Try "
                      "DEBUG HELP."));
  EXPECT_THAT(Run({"DEBUG", "object", "a", "b"}),
              IsError("ERR unknown subcommand or wrong number of arguments for 'object'. Try "
                      "DEBUG HELP."));
  EXPECT_THAT(Run({"DEBUG", "SEGFAULT"}),
              IsErrorPrefix("ERR unknown subcommand or wrong number of arguments"));
  // (DEBUG RELOAD itself writes dump.rdb: tests/integration/persistence_test.cc covers it.)
  EXPECT_THAT(Run({"DEBUG", "RELOAD", "FOO"}),
              IsError("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."));
  RespValue help = Run({"DEBUG", "HELP"});
  ASSERT_EQ(help.type, RespValue::Type::Array);
  EXPECT_THAT(help.elems.front().str, StartsWith("DEBUG <subcommand>"));
}

// --- MEMORY ----------------------------------------------------------------------------------

TEST_F(CommandTest, MemoryUsageCountsTheEntryTheExpireNodeAndTheValue) {
  Run({"SET", "a", "1"});
  size_t entry_a = allocation_size(offsetof(Entry, kdata) + 1 < sizeof(Entry)
                                       ? sizeof(Entry)
                                       : offsetof(Entry, kdata) + 1);
  EXPECT_THAT(Run({"MEMORY", "USAGE", "a"}), IsInt(entry_a));
  Run({"SET", "e", "hello", "EX", "100"});
  EXPECT_THAT(Run({"MEMORY", "USAGE", "e"}),
              IsInt(entry_a + allocation_size(sizeof(ExpireNode)) + allocation_size(5)));
  EXPECT_THAT(Run({"MEMORY", "USAGE", "nokey"}), IsNil());
  EXPECT_THAT(Run({"MEMORY", "USAGE", "a", "SAMPLES", "0"}), IsInt(entry_a));
  EXPECT_THAT(Run({"MEMORY", "USAGE", "a", "samples", "5", "samples", "3"}), IsInt(entry_a));
}

TEST_F(CommandTest, MemoryUsageValidatesSamplesBeforeLookingUpTheKey) {
  EXPECT_THAT(Run({"MEMORY", "USAGE", "nokey", "SAMPLES"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"MEMORY", "USAGE", "nokey", "SAMPLES", "x"}),
              IsError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"MEMORY", "USAGE", "nokey", "SAMPLES", "-1"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"MEMORY", "USAGE", "nokey", "foo", "1"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"MEMORY", "USAGE"}),
              IsError("ERR wrong number of arguments for 'memory|usage' command"));
}

TEST_F(CommandTest, MemoryStatsHasRedisKeysInRedisOrder) {
  Run({"SET", "a", "1"});
  RespValue v = Run({"MEMORY", "STATS"});
  ASSERT_EQ(v.type, RespValue::Type::Array);
  std::vector<std::string> keys;
  for (size_t i = 0; i < v.elems.size(); i += 2) keys.push_back(v.elems[i].str);
  EXPECT_THAT(keys,
              ElementsAre("peak.allocated", "total.allocated", "startup.allocated",
                          "replication.backlog", "clients.slaves", "clients.normal",
                          "cluster.links", "aof.buffer", "lua.caches", "functions.caches", "db.0",
                          "overhead.total", "keys.count", "keys.bytes-per-key", "dataset.bytes",
                          "dataset.percentage", "peak.percentage", "allocator.allocated",
                          "allocator.active", "allocator.resident",
                          "allocator-fragmentation.ratio", "allocator-fragmentation.bytes",
                          "allocator-rss.ratio", "allocator-rss.bytes", "rss-overhead.ratio",
                          "rss-overhead.bytes", "fragmentation", "fragmentation.bytes"));
  EXPECT_THAT(v.elems[21], Renders("[\"overhead.hashtable.main\", " + v.elems[21].elems[1].debug() +
                                   ", \"overhead.hashtable.expires\", (integer) 0, "
                                   "\"overhead.hashtable.slot-to-keys\", (integer) 0]"));
  EXPECT_THAT(v.elems[25], IsInt(1));  // keys.count
}

TEST_F(CommandTest, MemoryStatsIsAMapWithDoublesInResp3) {
  Run({"HELLO", "3"});
  RespValue v = Run({"MEMORY", "STATS"});
  ASSERT_EQ(v.type, RespValue::Type::Map);
  bool saw_double = false;
  for (size_t i = 0; i + 1 < v.elems.size(); i += 2)
    if (v.elems[i].str == "dataset.percentage")
      saw_double = v.elems[i + 1].type == RespValue::Type::Double;
  EXPECT_TRUE(saw_double);
}

TEST_F(CommandTest, MemorySubcommandsAndErrors) {
  EXPECT_THAT(Run({"MEMORY"}), IsError("ERR wrong number of arguments for 'memory' command"));
  EXPECT_THAT(Run({"MEMORY", "foo"}), IsError("ERR unknown subcommand 'foo'. Try MEMORY HELP."));
  EXPECT_THAT(Run({"MEMORY", "DOCTOR", "x"}),
              IsError("ERR wrong number of arguments for 'memory|doctor' command"));
  EXPECT_THAT(Run({"MEMORY", "PURGE"}), IsOk());
  RespValue doctor = Run({"MEMORY", "DOCTOR"});
  EXPECT_EQ(doctor.type, RespValue::Type::Bulk);
  EXPECT_THAT(doctor.str, HasSubstr("memory doctor"));
  EXPECT_EQ(Run({"MEMORY", "MALLOC-STATS"}).type, RespValue::Type::Bulk);
  RespValue help = Run({"MEMORY", "HELP"});
  ASSERT_EQ(help.type, RespValue::Type::Array);
  EXPECT_THAT(help.elems.front(),
              IsSimple("MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
  EXPECT_THAT(help.elems.back(), IsSimple("    Print this help."));
}

// --- Latency histogram -----------------------------------------------------------------------

TEST(LatencyHistogramTest, PercentilesReportTheHighestValueOfTheirBucket) {
  // Values observed from redis-server 7.0 INFO latencystats for calls of 7, 15 and 806 us.
  for (auto [us, reported] : {std::pair<int64_t, int64_t>{7, 7007}, {15, 15039},
                              {49, 49151}, {806, 806911}, {1, 1003}}) {
    LatencyHistogram h;
    h.record(us * 1000);
    EXPECT_EQ(h.value_at_percentile(50), reported) << us;
  }
}

TEST(LatencyHistogramTest, PercentilesFollowTheDistribution) {
  LatencyHistogram h;
  for (int i = 0; i < 98; ++i) h.record(10000);
  h.record(500000);
  h.record(2000000000);  // clamped to one second
  EXPECT_EQ(h.total(), 100u);
  EXPECT_EQ(h.value_at_percentile(50), LatencyHistogram::highest_equivalent(10000));
  EXPECT_EQ(h.value_at_percentile(99), LatencyHistogram::highest_equivalent(500000));
  EXPECT_EQ(h.value_at_percentile(100), LatencyHistogram::highest_equivalent(1000000000));
  EXPECT_EQ(LatencyHistogram().value_at_percentile(50), 0);
}

}  // namespace
}  // namespace eddy::testing
