// The directive table and Config: every row against the oracle's CONFIG GET * (golden file),
// Redis's validation texts, conf-file loading (line numbers, include, save accumulation),
// CONFIG REWRITE output and docs/configuration.md staying in step with the table.
#include "eddy/server/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "eddy/base/strutil.h"
#include "eddy/commands/command.h"

namespace eddy {
namespace {

namespace fs = std::filesystem;

fs::path RepoRoot() { return fs::path(__FILE__).parent_path().parent_path().parent_path(); }

std::string ReadFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void WriteFile(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << text;
}

std::string Cwd() {
  char buf[PATH_MAX];
  return ::getcwd(buf, sizeof(buf)) ? buf : "";
}

// A private directory; the process's working directory is restored on destruction
// (the `dir` directive changes it, as it does in Redis).
class TempDir {
 public:
  TempDir() : old_cwd_(Cwd()) {
    char tmpl[] = "/tmp/eddy-config-test-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    if (::chdir(old_cwd_.c_str()) != 0) std::abort();
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::string old_cwd_;
  fs::path path_;
};

std::vector<std::string> ConfTokens(const ConfigSpec& s) {
  std::vector<std::string> argv{std::string(s.name)};
  if (s.flags & kCfgMultiArg) {
    std::string def(s.default_value);
    std::istringstream in(def);
    for (std::string w; in >> w;) argv.push_back(w);
    if (argv.size() == 1) argv.push_back("");
  } else {
    argv.emplace_back(s.default_value);
  }
  return argv;
}

// --- The table against the oracle ------------------------------------------------------------

TEST(ConfigTableTest, ConfigGetStarMatchesTheOraclesOutputForEveryRow) {
  // golden/config_get_all.txt is the oracle's CONFIG GET * for these start-up options.
  Config c;
  ASSERT_FALSE(c.apply_directive({"port", "7124"}));
  ASSERT_FALSE(c.apply_directive({"save", ""}));
  ASSERT_FALSE(c.apply_directive({"appendonly", "no"}));
  std::vector<std::string> got;
  for (auto& [name, value] : c.get_matching("*"))
    got.push_back(name + "\t" + (name == "dir" && value == Cwd() ? "<cwd>" : value));
  std::sort(got.begin(), got.end());

  std::vector<std::string> want;
  std::istringstream in(ReadFile(RepoRoot() / "tests/unit/golden/config_get_all.txt"));
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') want.push_back(line);
  ASSERT_EQ(want.size(), 192u);
  EXPECT_EQ(got, want);
}

TEST(ConfigTableTest, NamesAndAliasesAreUniqueAndAliasesShareTheirRow) {
  std::set<std::string> seen;
  size_t visible = 0;
  for (const ConfigSpec& s : Config::specs()) {
    EXPECT_TRUE(seen.insert(std::string(s.name)).second) << s.name;
    EXPECT_EQ(Config::find_spec(s.name), &s);
    if (!(s.flags & kCfgHidden)) ++visible;
    if (s.alias.empty()) continue;
    EXPECT_TRUE(seen.insert(std::string(s.alias)).second) << s.alias;
    EXPECT_EQ(Config::find_spec(s.alias), &s);
    if (!(s.flags & kCfgHidden)) ++visible;
  }
  EXPECT_EQ(visible, 192u);
  EXPECT_EQ(Config::find_spec("SLAVEOF"), Config::find_spec("replicaof"));
  EXPECT_EQ(Config::find_spec("lua-time-limit"), Config::find_spec("busy-reply-threshold"));
}

TEST(ConfigTableTest, EveryMutableDefaultRoundTripsThroughConfigSet) {
  Config c;
  for (const ConfigSpec& s : Config::specs()) {
    if (!s.is_mutable() || (s.flags & kCfgProtected)) continue;
    std::string before = *c.get(s.name);
    EXPECT_EQ(c.set(s.name, before), std::nullopt) << s.name << " = '" << before << "'";
    EXPECT_EQ(*c.get(s.name), before) << s.name;
  }
}

TEST(ConfigTableTest, EveryDefaultLoadsFromAConfFileLine) {
  TempDir tmp;
  Config c;
  for (const ConfigSpec& s : Config::specs()) {
    if (s.hook == ConfigHook::ReplicaOf) continue;  // "unset" has no conf-file spelling
    std::string before = *c.get(s.name);
    EXPECT_EQ(c.apply_directive(ConfTokens(s)), std::nullopt) << s.name;
    EXPECT_EQ(*c.get(s.name), before) << s.name;
  }
}

TEST(ConfigTableTest, ImmutableAndProtectedRowsAreTheOraclesOnes) {
  std::set<std::string> immutable, protected_rows;
  for (const ConfigSpec& s : Config::specs()) {
    if (!s.is_mutable()) immutable.insert(std::string(s.name));
    if (s.flags & kCfgProtected) protected_rows.insert(std::string(s.name));
  }
  // CONFIG SET answers "can't set immutable config" for exactly these on redis-server 7.0.15.
  EXPECT_EQ(immutable,
            (std::set<std::string>{
                "aclfile", "always-show-logo", "aof_rewrite_cpulist", "appenddirname",
                "appendfilename", "bgsave_cpulist", "bio_cpulist", "cluster-config-file",
                "cluster-enabled", "cluster-port", "daemonize", "databases", "disable-thp",
                "enable-debug-command", "enable-module-command", "enable-protected-configs",
                "io-threads", "io-threads-do-reads", "logfile", "pidfile", "rdbchecksum",
                "replicaof", "server_cpulist", "set-proc-title", "socket-mark-id", "supervised",
                "syslog-enabled", "syslog-facility", "syslog-ident", "tcp-backlog", "unixsocket",
                "unixsocketperm"}));
  EXPECT_EQ(protected_rows, (std::set<std::string>{"dbfilename", "dir"}));
}

// --- CONFIG SET validation --------------------------------------------------------------------

struct SetCase {
  const char* name;
  const char* value;
  const char* error;     // nullptr: accepted
  const char* shown;     // CONFIG GET afterwards (when accepted)
};

TEST(ConfigSetTest, ValuesAreValidatedWithRedisErrorTexts) {
  const SetCase cases[] = {
      {"hz", "abc", "argument couldn't be parsed into an integer", nullptr},
      {"hz", "-1", "argument must be between 0 and 2147483647 inclusive", nullptr},
      {"hz", "0", nullptr, "1"},
      {"hz", "1000", nullptr, "500"},
      {"hz", "01", "argument couldn't be parsed into an integer", nullptr},
      {"maxclients", "0", "argument must be between 1 and 4294967295 inclusive", nullptr},
      {"maxclients", "18446744073709551615", "argument couldn't be parsed into an integer",
       nullptr},
      {"protected-mode", "maybe", "argument must be 'yes' or 'no'", nullptr},
      {"protected-mode", "NO", nullptr, "no"},
      {"loglevel", "loud",
       "argument(s) must be one of the following: debug, verbose, notice, warning", nullptr},
      {"loglevel", "WARNING", nullptr, "warning"},
      {"maxmemory", "1.5mb", "argument must be a memory value", nullptr},
      {"maxmemory", "-1", "argument must be a memory value", nullptr},
      {"maxmemory", "1GB", nullptr, "1073741824"},
      {"maxmemory", "1k", nullptr, "1000"},
      {"maxmemory", "1Kb", nullptr, "1024"},
      {"maxmemory", "", nullptr, "0"},
      {"maxmemory", "18446744073709551615", nullptr, "18446744073709551615"},
      {"maxmemory", "99999999999999999999999", nullptr, "18446744073709551615"},
      {"maxmemory", "17179869184gb", nullptr, "0"},  // the unit multiplication wraps
      {"proto-max-bulk-len", "1k",
       "argument must be between 1048576 and 9223372036854775807 inclusive", nullptr},
      {"proto-max-bulk-len", "18446744073709551615",
       "argument must be between 1048576 and 9223372036854775807 inclusive", nullptr},
      {"hash-max-ziplist-value", "18446744073709551615",
       "argument must be between 0 and 9223372036854775807 inclusive", nullptr},
      {"maxmemory-clients", "10%", nullptr, "10%"},
      {"maxmemory-clients", "0%", nullptr, "0"},
      {"maxmemory-clients", "101%", "percentage argument must be less or equal to 100", nullptr},
      {"maxmemory-clients", "-1%", "argument must be a memory or percent value", nullptr},
      {"maxmemory-clients", "18446744073709551615", nullptr, "1%"},
      {"list-max-ziplist-size", "-2147483649",
       "argument must be between -2147483648 and 2147483647 inclusive", nullptr},
      {"slowlog-log-slower-than", "-1", nullptr, "-1"},
      {"save", "1 2 3", "Invalid save parameters", nullptr},
      {"save", "0 1", "Invalid save parameters", nullptr},
      {"save", " 10 20", "Invalid save parameters", nullptr},
      {"save", "01 +1", nullptr, "1 1"},
      {"save", "1 9223372036854775807", nullptr, "1 -1"},
      {"save", "", nullptr, ""},
      {"client-output-buffer-limit", "normal 1 2",
       "Wrong number of arguments in buffer limit configuration.", nullptr},
      {"client-output-buffer-limit", "master 1 2 3",
       "Invalid client class specified in buffer limit configuration.", nullptr},
      {"client-output-buffer-limit", "normal 1x 2 3",
       "Error in hard, soft or soft_seconds setting in buffer limit configuration.", nullptr},
      {"client-output-buffer-limit", "normal 1 2 4294967295",
       "Error in hard, soft or soft_seconds setting in buffer limit configuration.", nullptr},
      {"client-output-buffer-limit", "REPLICA 1mb 2 3",
       nullptr, "normal 0 0 0 slave 1048576 2 3 pubsub 33554432 8388608 60"},
      {"notify-keyspace-events", "KEA", nullptr, "AKE"},
      {"notify-keyspace-events", "xE", nullptr, "xE"},
      {"notify-keyspace-events", "mdn", nullptr, "dnm"},
      {"notify-keyspace-events", "AKEmn", nullptr, "AKEm"},
      {"notify-keyspace-events", "KEg$lshzxetm", nullptr, "g$lshzxetKEm"},
      {"notify-keyspace-events", "a", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
       nullptr},
      {"oom-score-adj-values", "1 2", "wrong number of arguments", nullptr},
      {"oom-score-adj-values", "1 2 2001",
       "Invalid oom-score-adj-values, elements must be between -2000 and 2000.", nullptr},
      {"oom-score-adj-values", "01 +2 -3", nullptr, "1 2 -3"},
      {"oom-score-adj", "relative", nullptr, "yes"},
      {"latency-tracking-info-percentiles", "50.0 99.99 1e1", nullptr, "50 99.99 10"},
      {"latency-tracking-info-percentiles", "101",
       "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]", nullptr},
      {"latency-tracking-info-percentiles", "x",
       "Invalid latency-tracking-info-percentiles parameters", nullptr},
      {"shutdown-on-sigint", "now nosave force", nullptr, "nosave now force"},
      {"shutdown-on-sigint", "default now", nullptr, "now"},
      {"shutdown-on-sigint", "save nosave",
       "shutdown options SAVE and NOSAVE can't be used simultaneously", nullptr},
      {"shutdown-on-sigint", "",
       "argument(s) must be one of the following: default, save, nosave, now, force", nullptr},
      {"bind", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", "Too many bind addresses specified.",
       nullptr},
      {"proc-title-template", "{nope}",
       "template format is invalid or contains unknown variables", nullptr},
      {"proc-title-template", "{title}x", nullptr, "{title}x"},
      {"cluster-announce-hostname", "a_b",
       "Hostnames may only contain alphanumeric characters, hyphens or dots", nullptr},
      {"activedefrag", "yes",
       "Active defragmentation cannot be enabled: it requires a Redis server compiled with a "
       "modified Jemalloc like the one shipped by default with the Redis source distribution",
       nullptr},
      {"tls-port", "6380", "Unable to update TLS configuration. Check server logs.", nullptr},
      {"daemonize", "yes", "can't set immutable config", nullptr},
      {"dir", "/tmp", "can't set protected config", nullptr},
      {"nope", "1", "Unknown option or number of arguments for CONFIG SET - 'nope'", nullptr},
  };
  for (const SetCase& t : cases) {
    Config c;
    std::string before = c.get(t.name).value_or("");
    auto err = c.set(t.name, t.value);
    if (t.error) {
      EXPECT_EQ(err.value_or("(accepted)"), t.error) << t.name << " " << t.value;
      EXPECT_EQ(c.get(t.name).value_or(""), before) << t.name << " changed on error";
    } else {
      EXPECT_EQ(err, std::nullopt) << t.name << " " << t.value;
      EXPECT_EQ(c.get(t.name).value_or("?"), t.shown) << t.name << " " << t.value;
    }
  }
}

TEST(ConfigSetTest, SeveralPairsAreCheckedFirstAndAppliedAllOrNothing) {
  Config c;
  using P = std::pair<std::string, std::string>;
  std::vector<P> bad_value = {{"hz", "20"}, {"maxclients", "abc"}};
  EXPECT_EQ(c.set_many(bad_value),
            "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument "
            "couldn't be parsed into an integer");
  EXPECT_EQ(*c.get("hz"), "10");
  std::vector<P> unknown_later = {{"hz", "abc"}, {"foo", "1"}};
  EXPECT_EQ(c.set_many(unknown_later),
            "ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
  std::vector<P> duplicate = {{"hz", "abc"}, {"HZ", "6"}};
  EXPECT_EQ(c.set_many(duplicate),
            "ERR CONFIG SET failed (possibly related to argument 'HZ') - duplicate parameter");
  std::vector<P> alias_is_not_duplicate = {{"hash-max-ziplist-entries", "5"},
                                           {"hash-max-listpack-entries", "6"}};
  EXPECT_EQ(c.set_many(alias_is_not_duplicate), std::nullopt);
  EXPECT_EQ(*c.get("hash-max-ziplist-entries"), "6");
  std::vector<P> ok = {{"hz", "20"}, {"timeout", "5"}};
  EXPECT_EQ(c.set_many(ok), std::nullopt);
  EXPECT_EQ(c.settings().hz, 20);
  EXPECT_EQ(c.settings().timeout, 5);
}

TEST(ConfigSetTest, AFailingRuntimeEffectRestoresEveryValueOfTheCall) {
  Config c;
  int port_applies = 0;
  c.add_apply_hook("port", [&](const Config& cfg) -> std::optional<std::string> {
    ++port_applies;
    if (cfg.settings().port == 1) return "Unable to listen on this port";
    return std::nullopt;
  });
  std::vector<std::string> changed;
  c.on_change([&](std::string_view name) { changed.emplace_back(name); });
  std::vector<std::pair<std::string, std::string>> pairs = {{"hz", "30"}, {"port", "1"}};
  EXPECT_EQ(c.set_many(pairs),
            "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on "
            "this port");
  EXPECT_EQ(*c.get("hz"), "10");
  EXPECT_EQ(*c.get("port"), "6379");
  EXPECT_EQ(port_applies, 2);  // the failed value, then the restored one
  EXPECT_TRUE(changed.empty());
  EXPECT_EQ(c.set("port", "7000"), std::nullopt);
  EXPECT_EQ(changed, std::vector<std::string>{"port"});
}

TEST(ConfigSetTest, ProtectedConfigsFollowEnableProtectedConfigs) {
  TempDir tmp;
  Config c;
  std::vector<std::pair<std::string, std::string>> dir = {{"dir", tmp.path().string()}};
  EXPECT_EQ(c.set_many(dir, true),
            "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected "
            "config");
  ASSERT_FALSE(c.apply_directive({"enable-protected-configs", "local"}));
  EXPECT_NE(c.set_many(dir, false), std::nullopt);
  EXPECT_EQ(c.set_many(dir, true), std::nullopt);
  EXPECT_EQ(*c.get("dir"), fs::canonical(tmp.path()).string());  // CONFIG GET dir is getcwd()
  std::vector<std::pair<std::string, std::string>> missing = {{"dir", "/nonexistent/x"}};
  EXPECT_EQ(c.set_many(missing, true),
            "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or "
            "directory");
  std::vector<std::pair<std::string, std::string>> path = {{"dbfilename", "a/b.rdb"}};
  EXPECT_EQ(c.set_many(path, true),
            "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename "
            "can't be a path, just a filename");
}

TEST(ConfigSetTest, TypedSettingsFollowTheValues) {
  Config c;
  EXPECT_FALSE(c.set("hash-max-ziplist-entries", "100"));
  EXPECT_FALSE(c.set("list-max-listpack-size", "-3"));
  EXPECT_FALSE(c.set("save", "10 1 20 2"));
  EXPECT_FALSE(c.set("notify-keyspace-events", "Kx"));
  EXPECT_FALSE(c.set("client-output-buffer-limit", "pubsub 1mb 2kb 7"));
  EXPECT_FALSE(c.set("maxmemory", "2mb"));
  const Settings& s = c.settings();
  EXPECT_EQ(s.limits.hash_max_listpack_entries, 100u);
  EXPECT_EQ(s.limits.list_max_listpack_size, -3);
  EXPECT_EQ(s.save_params, (std::vector<std::pair<int64_t, int64_t>>{{10, 1}, {20, 2}}));
  EXPECT_EQ(s.notify_flags, kNotifyKeyspace | kNotifyExpired);
  EXPECT_EQ(s.obuf_limits[2].hard, 1 << 20);
  EXPECT_EQ(s.obuf_limits[2].soft, 2048);
  EXPECT_EQ(s.obuf_limits[2].soft_seconds, 7);
  EXPECT_EQ(s.maxmemory, 2 << 20);
}

TEST(ConfigGetTest, ExactNamesEchoTheClientsSpellingAndGlobsListAliases) {
  Config c;
  std::vector<std::string> pats = {"Port", "port", "*ziplist-entries"};
  auto got = c.get_many(pats);
  using P = std::pair<std::string, std::string>;
  EXPECT_THAT(got, ::testing::UnorderedElementsAre(P{"Port", "6379"},
                                                   P{"hash-max-ziplist-entries", "512"},
                                                   P{"zset-max-ziplist-entries", "128"}));
  EXPECT_TRUE(c.get_matching("nothing").empty());
  EXPECT_TRUE(c.get_matching("*load-delay*").empty());  // hidden rows: exact names only
  EXPECT_EQ(c.get_matching("key-load-delay").size(), 1u);
}

// --- Conf files -------------------------------------------------------------------------------

std::string Fatal(int line, const std::string& text, const std::string& why) {
  return "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, "
         "at line " + std::to_string(line) + "\n>>> '" + text + "'\n" + why + "\n";
}

TEST(ConfigLoadTest, BadLinesGiveRedisFatalBlockWithTheLineNumber) {
  const std::pair<std::string, std::string> cases[] = {
      {"# c\n\nport 1\nfoo bar\n", Fatal(4, "foo bar", "Bad directive or wrong number of arguments")},
      {"  port 1 2  \r\n", Fatal(1, "port 1 2", "wrong number of arguments")},
      {"port \"7\n", Fatal(1, "port \"7", "Unbalanced quotes in configuration line")},
      {"PORT 99999\n", Fatal(1, "PORT 99999", "argument must be between 0 and 65535 inclusive")},
      {"save 1\n", Fatal(1, "save 1", "Invalid save parameters")},
      {"include\n", Fatal(1, "include", "Bad directive or wrong number of arguments")},
      {"rename-command a\n", Fatal(1, "rename-command a", "Bad directive or wrong number of arguments")},
      {"sentinel x\n", Fatal(1, "sentinel x", "sentinel directive while not in sentinel mode")},
      {"replicaof host x\n", Fatal(1, "replicaof host x", "Invalid master port")},
      {"unixsocketperm 778\n", Fatal(1, "unixsocketperm 778", "argument couldn't be parsed as an octal number")},
      {"appenddirname \"\"\n", Fatal(1, "appenddirname \"\"", "appenddirname can't be empty")},
      {"a.b\n", Fatal(1, "a.b", "Module config specified without value")},
      {"shutdown-on-sigint \"save nosave\"\n",
       Fatal(1, "shutdown-on-sigint \"save nosave\"",
             "shutdown options SAVE and NOSAVE can't be used simultaneously")},
      {"dir /nonexistent/dir\n", Fatal(1, "dir /nonexistent/dir", "No such file or directory")},
  };
  for (const auto& [text, want] : cases) {
    Config c;
    EXPECT_EQ(c.load_text(text).value_or("(loaded)"), want) << text;
  }
}

TEST(ConfigLoadTest, CommandLineOptionsCountAsLinesAfterTheFile) {
  // app.cc builds "<file>\n<options>" exactly as Redis does; the line numbers follow.
  Config c;
  EXPECT_EQ(c.load_text("port 7125\n\nport \"7\"\nfoo \"1\"").value_or(""),
            Fatal(4, "foo \"1\"", "Bad directive or wrong number of arguments"));
}

TEST(ConfigLoadTest, SaveLinesAccumulateAndAnEmptySaveClears) {
  Config a;
  ASSERT_FALSE(a.load_text("save 1 1\nsave 2 2\nsave \"\"\nsave 3 3\n"));
  EXPECT_EQ(*a.get("save"), "3 3");
  Config b;
  ASSERT_FALSE(b.load_text("save 1 1\nsave 2 2\n\nsave \"5 5\"\n"));
  EXPECT_EQ(*b.get("save"), "1 1 2 2 5 5");
  Config d;
  ASSERT_FALSE(d.load_text("save\n"));
  EXPECT_EQ(*d.get("save"), "");
}

TEST(ConfigLoadTest, OutputBufferLinesSetOnlyTheirClass) {
  Config c;
  ASSERT_FALSE(c.load_text("client-output-buffer-limit normal 1mb 2mb 3\n"
                           "client-output-buffer-limit replica 1gb 0 0\n"));
  EXPECT_EQ(*c.get("client-output-buffer-limit"),
            "normal 1048576 2097152 3 slave 1073741824 0 0 pubsub 33554432 8388608 60");
}

TEST(ConfigLoadTest, IncludeReadsFilesAndGlobsAndReportsTheirOwnLines) {
  TempDir tmp;
  WriteFile(tmp.file("a.conf"), "hz 11\n");
  WriteFile(tmp.file("b.conf"), "timeout 7\n");
  Config c;
  ASSERT_FALSE(c.load_text("include " + tmp.file("*.conf") + "\nport 1\n"));
  EXPECT_EQ(c.settings().hz, 11);
  EXPECT_EQ(c.settings().timeout, 7);
  WriteFile(tmp.file("bad.inc"), "# x\nnope 1\n");
  Config d;
  EXPECT_EQ(d.load_text("port 1\ninclude " + tmp.file("bad.inc") + "\n").value_or(""),
            Fatal(2, "nope 1", "Bad directive or wrong number of arguments"));
  Config e;
  EXPECT_EQ(e.load_text("include /nonexistent.conf\n").value_or(""),
            "Fatal error, can't open config file '/nonexistent.conf': No such file or directory");
}

TEST(ConfigLoadTest, UnconsumedModuleConfigsAndTlsAbortAfterLoading) {
  Config c;
  EXPECT_EQ(c.load_text("mymod.opt 1\n").value_or(""),
            "Module Configuration detected without loadmodule directive or no ApplyConfig "
            "call: aborting");
  Config d;
  EXPECT_THAT(d.load_text("tls-port 6380\n").value_or(""),
              ::testing::StartsWith("Failed to configure TLS"));
}

TEST(ConfigLoadTest, RenameCommandAndUserLinesAreKept) {
  Config c;
  ASSERT_FALSE(c.load_text("rename-command FLUSHALL \"\"\nuser alice on\n"));
  ASSERT_EQ(c.kept_directives().size(), 2u);
  EXPECT_EQ(c.kept_directives()[0], (std::vector<std::string>{"rename-command", "FLUSHALL", ""}));
}

TEST(ConfigLoadTest, DebiansStockRedisConfLoads) {
  const char* path = "/etc/redis/redis.conf";
  if (!fs::exists(path)) GTEST_SKIP() << "no " << path;
  TempDir tmp;  // the file says `dir /var/lib/redis`: restore our directory afterwards
  std::string text = ReadFile(path);
  // Keep the run harmless: log to our directory instead of /var/log.
  text += "\nlogfile " + tmp.file("redis.log") + "\n";
  Config c;
  auto err = c.load_text(text);
  if (err && err->find("/var/lib/redis") != std::string::npos)
    GTEST_SKIP() << "cannot enter /var/lib/redis here";
  EXPECT_EQ(err, std::nullopt);
  EXPECT_EQ(c.settings().bind, (std::vector<std::string>{"127.0.0.1", "-::1"}));
  EXPECT_TRUE(c.settings().daemonize);
  EXPECT_EQ(*c.get("client-output-buffer-limit"),
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
}

// --- CONFIG REWRITE ---------------------------------------------------------------------------

TEST(ConfigRewriteTest, WithoutAConfigFileItFailsWithRedisText) {
  Config c;
  EXPECT_EQ(c.rewrite(), "ERR The server is running without a config file");
}

TEST(ConfigRewriteTest, RewritesInPlaceKeepsCommentsAndAppendsNewDirectives) {
  TempDir tmp;
  std::string file = tmp.file("x.conf");
  // Output verified against redis-server 7.0.15 for the same file and changes, apart from
  // the order of the appended lines (Redis's is hash order) and its `user default ...` line
  // (Eddy has no ACL users).
  WriteFile(file,
            "# top comment\n"
            "port 7000\n"
            "  hz 10\n"
            "dir " + tmp.path().string() + "\n"
            "save 900 1\n"
            "save 300 10\n"
            "save 60 10000\n"
            "client-output-buffer-limit pubsub 1 2 3\n"
            "client-output-buffer-limit normal 1 2 3\n"
            "client-output-buffer-limit pubsub 32mb 8mb 60\n"
            "maxmemory-policy allkeys-lru\n"
            "rename-command FLUSHALL \"\"\n"
            "hash-max-ziplist-entries 100\n"
            "slave-read-only yes\n"
            "requirepass \"a b\"\n"
            "\n"
            "\n"
            "unixsocketperm 0700\n"
            "replicaof no one\n");
  Config c;
  ASSERT_FALSE(c.load_file(file));
  c.set_config_file(file);
  ASSERT_FALSE(c.set("hz", "20"));
  ASSERT_FALSE(c.set("maxmemory", "1mb"));
  ASSERT_FALSE(c.set("save", "100 1"));
  ASSERT_FALSE(c.set("maxmemory-policy", "noeviction"));
  ASSERT_FALSE(c.set("notify-keyspace-events", "KEA"));
  ASSERT_FALSE(c.set("client-output-buffer-limit", "normal 1025 1048576 0"));
  ASSERT_EQ(c.rewrite(), std::nullopt);
  std::string dir = fs::canonical(tmp.path()).string();
  EXPECT_EQ(ReadFile(file),
            "# top comment\n"
            "port 7000\n"
            "hz 20\n"
            "dir \"" + dir + "\"\n"
            "save 100 1\n"
            "\n"
            "client-output-buffer-limit normal 1025 1mb 0\n"
            "client-output-buffer-limit replica 256mb 64mb 60\n"
            "client-output-buffer-limit pubsub 32mb 8mb 60\n"
            "maxmemory-policy noeviction\n"
            "rename-command FLUSHALL \"\"\n"
            "hash-max-listpack-entries 100\n"
            "replica-read-only yes\n"
            "requirepass \"a b\"\n"
            "\n"
            "unixsocketperm 700\n"
            "\n"
            "# Generated by CONFIG REWRITE\n"
            "maxmemory 1mb\n"
            "latency-tracking-info-percentiles 50 99 99.9\n"
            "notify-keyspace-events \"AKE\"\n");
  // The rewritten file loads back to the same values.
  Config again;
  ASSERT_FALSE(again.load_file(file));
  for (const char* name : {"hz", "maxmemory", "save", "client-output-buffer-limit",
                           "notify-keyspace-events", "unixsocketperm", "requirepass"})
    EXPECT_EQ(*again.get(name), *c.get(name)) << name;
}

TEST(ConfigRewriteTest, AnExistingSignatureIsReusedAndSaveIsAlwaysWritten) {
  TempDir tmp;
  std::string file = tmp.file("y.conf");
  WriteFile(file, "port 7000\n# Generated by CONFIG REWRITE\nmaxmemory 1gb\n");
  Config c;
  ASSERT_FALSE(c.load_file(file));
  c.set_config_file(file);
  ASSERT_EQ(c.rewrite(), std::nullopt);
  std::string dir = fs::canonical(Cwd()).string();
  std::string text = ReadFile(file);
  EXPECT_THAT(text, ::testing::StartsWith("port 7000\n# Generated by CONFIG REWRITE\n"
                                          "maxmemory 1gb\n\n"));
  EXPECT_NE(text.find("save 3600 1\nsave 300 100\nsave 60 10000\n"), std::string::npos);
  EXPECT_NE(text.find("dir \"" + dir + "\"\n"), std::string::npos);
  EXPECT_EQ(text.find("# Generated by CONFIG REWRITE", 11), std::string::npos);
}

// --- docs/configuration.md --------------------------------------------------------------------

TEST(ConfigDocsTest, EveryDirectiveHasARowWithItsDefaultAndStatus) {
  std::string doc = ReadFile(RepoRoot() / "docs/configuration.md");
  ASSERT_FALSE(doc.empty());
  Config c;
  for (const ConfigSpec& s : Config::specs()) {
    std::string value = s.hook == ConfigHook::Dir ? "." : *c.get(s.name);
    std::string status = s.status == ConfigStatus::Implemented ? "implemented"
                         : s.status == ConfigStatus::Planned   ? "planned"
                                                               : "accepted, no effect";
    if (value.empty()) value = "\"\"";
    std::string alias = s.alias.empty() ? "" : "`" + std::string(s.alias) + "`";
    std::string row = "| `" + std::string(s.name) + "` | " + alias + " | `" + value + "` | " +
                      status + " | ";
    EXPECT_NE(doc.find(row), std::string::npos) << "missing row: " << row;
  }
}

}  // namespace
}  // namespace eddy
