#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "commands/command_test.h"

namespace eddy::testing {
namespace {

using ::testing::ElementsAre;

TEST_F(CommandTest, ConfigGetReturnsNameValuePairs) {
  EXPECT_THAT(Run({"CONFIG", "GET", "maxmemory-policy"}),
              IsBulkArray({"maxmemory-policy", "noeviction"}));
  EXPECT_THAT(Run({"CONFIG", "GET", "Port"}), IsBulkArray({"Port", "6379"}));
  EXPECT_THAT(Run({"CONFIG", "GET", "port", "PORT", "timeout"}),
              IsBulkArray({"port", "6379", "timeout", "0"}));
  EXPECT_THAT(Run({"CONFIG", "GET", "no-such-thing"}), IsArray(::testing::IsEmpty()));
  EXPECT_THAT(Run({"CONFIG", "GET", "slaveof"}), IsBulkArray({"slaveof", ""}));
}

TEST_F(CommandTest, ConfigGetGlobListsAliasesToo) {
  RespValue r = Run({"CONFIG", "GET", "*max-ziplist-entries"});
  ASSERT_EQ(r.type, RespValue::Type::Array);
  std::vector<std::string> flat;
  for (auto& e : r.elems) flat.push_back(e.str);
  EXPECT_THAT(flat, ::testing::UnorderedElementsAre("hash-max-ziplist-entries", "512",
                                                    "zset-max-ziplist-entries", "128"));
  RespValue all = Run({"CONFIG", "GET", "*"});
  EXPECT_EQ(all.elems.size(), 2u * 192);
}

TEST_F(CommandTest, ConfigGetIsAMapUnderResp3) {
  Run({"HELLO", "3"});
  RespValue r = Run({"CONFIG", "GET", "hz"});
  EXPECT_EQ(r.type, RespValue::Type::Map);
  ASSERT_EQ(r.elems.size(), 2u);
  EXPECT_EQ(r.elems[0].str, "hz");
  EXPECT_EQ(r.elems[1].str, "10");
}

TEST_F(CommandTest, ConfigSetChangesSettingsAndTellsObservers) {
  std::vector<std::string> seen;
  server().config().on_change([&](std::string_view n) { seen.emplace_back(n); });
  EXPECT_THAT(Run({"CONFIG", "SET", "hz", "50", "timeout", "30"}), IsOk());
  EXPECT_EQ(server().settings().hz, 50);
  EXPECT_EQ(server().settings().timeout, 30);
  EXPECT_THAT(seen, ElementsAre("hz", "timeout"));
  EXPECT_THAT(Run({"CONFIG", "GET", "hz"}), IsBulkArray({"hz", "50"}));
}

TEST_F(CommandTest, ConfigSetErrorsAreRedisTexts) {
  EXPECT_THAT(Run({"CONFIG", "SET", "port"}),
              IsError("ERR wrong number of arguments for 'config|set' command"));
  EXPECT_THAT(Run({"CONFIG", "SET", "port", "1", "2"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"CONFIG", "SET", "hz", "5", "foo", "6"}),
              IsError("ERR Unknown option or number of arguments for CONFIG SET - 'foo'"));
  EXPECT_THAT(Run({"CONFIG", "SET", "hz", "5", "HZ", "6"}),
              IsError("ERR CONFIG SET failed (possibly related to argument 'HZ') - duplicate "
                      "parameter"));
  EXPECT_THAT(Run({"CONFIG", "SET", "daemonize", "yes"}),
              IsError("ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't "
                      "set immutable config"));
  EXPECT_THAT(Run({"CONFIG", "SET", "dir", "/tmp"}),
              IsError("ERR CONFIG SET failed (possibly related to argument 'dir') - can't set "
                      "protected config"));
  EXPECT_THAT(Run({"CONFIG", "SET", "hz", "7", "maxclients", "abc"}),
              IsError("ERR CONFIG SET failed (possibly related to argument 'maxclients') - "
                      "argument couldn't be parsed into an integer"));
  EXPECT_THAT(Run({"CONFIG", "GET", "hz"}), IsBulkArray({"hz", "10"}));
  EXPECT_THAT(Run({"CONFIG", "SET", "save", "1 2 3"}),
              IsError("ERR CONFIG SET failed (possibly related to argument 'save') - Invalid "
                      "save parameters"));
}

TEST_F(CommandTest, ConfigSetOfRequirepassTurnsAuthenticationOn) {
  EXPECT_THAT(Run({"CONFIG", "SET", "requirepass", "s3cret"}), IsOk());
  Client* fresh = server().create_client(nullptr);
  EXPECT_THAT(Run({"GET", "k"}, fresh), IsError("NOAUTH Authentication required."));
  EXPECT_THAT(Run({"AUTH", "s3cret"}, fresh), IsOk());
  EXPECT_THAT(Run({"CONFIG", "SET", "requirepass", ""}), IsOk());
}

TEST_F(CommandTest, ConfigResetstatZeroesCountersAndCommandStats) {
  Run({"SET", "k", "v"});
  Run({"GET", "k"});
  Run({"GET", "missing"});
  Run({"NOSUCHCOMMAND"});
  ASSERT_GT(server().stats().keyspace_hits, 0u);
  EXPECT_THAT(Run({"CONFIG", "RESETSTAT"}), IsOk());
  const ServerStats& s = server().stats();
  EXPECT_EQ(s.keyspace_hits, 0u);
  EXPECT_EQ(s.keyspace_misses, 0u);
  EXPECT_EQ(s.total_error_replies, 0u);
  EXPECT_TRUE(s.error_codes.empty());
  EXPECT_EQ(server().commands().find("get")->stats.calls, 0u);
  EXPECT_EQ(server().commands().find("set")->stats.calls, 0u);
}

TEST_F(CommandTest, ConfigRewriteWithoutAFileFails) {
  EXPECT_THAT(Run({"CONFIG", "REWRITE"}),
              IsError("ERR The server is running without a config file"));
  EXPECT_THAT(Run({"CONFIG", "REWRITE", "x"}),
              IsError("ERR wrong number of arguments for 'config|rewrite' command"));
}

TEST_F(CommandTest, ConfigRewriteUpdatesTheLoadedFile) {
  char tmpl[] = "/tmp/eddy-config-cmd-XXXXXX";
  std::filesystem::path dir = ::mkdtemp(tmpl);
  std::string file = (dir / "x.conf").string();
  {
    std::ofstream(file) << "# mine\nhz 10\n";
  }
  server().config().set_config_file(file);
  EXPECT_THAT(Run({"CONFIG", "SET", "hz", "25", "maxmemory", "2gb"}), IsOk());
  EXPECT_THAT(Run({"CONFIG", "REWRITE"}), IsOk());
  std::stringstream ss;
  ss << std::ifstream(file).rdbuf();
  EXPECT_THAT(ss.str(), ::testing::StartsWith("# mine\nhz 25\n\n# Generated by CONFIG REWRITE\n"));
  EXPECT_NE(ss.str().find("\nmaxmemory 2gb\n"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_F(CommandTest, ConfigHelpAndUnknownSubcommands) {
  EXPECT_THAT(
      Run({"CONFIG", "HELP"}),
      Renders("[CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:, GET <pattern>,"
              "     Return parameters matching the glob-like <pattern> and their values., SET "
              "<directive> <value>,     Set the configuration <directive> to <value>., "
              "RESETSTAT,     Reset statistics reported by the INFO command., REWRITE,     "
              "Rewrite the configuration file., HELP,     Prints this help.]"));
  EXPECT_THAT(Run({"CONFIG", "FOO"}), IsError("ERR unknown subcommand 'FOO'. Try CONFIG HELP."));
  EXPECT_THAT(Run({"CONFIG"}), IsError("ERR wrong number of arguments for 'config' command"));
  EXPECT_THAT(Run({"CONFIG", "GET"}),
              IsError("ERR wrong number of arguments for 'config|get' command"));
}

}  // namespace
}  // namespace eddy::testing
