#include <algorithm>

#include "commands/command_test.h"
#include "eddy/commands/introspection.h"

namespace eddy::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

std::vector<std::string> SortedStrings(const RespValue& v) {
  std::vector<std::string> out;
  for (const RespValue& e : v.elems) out.push_back(e.str);
  std::sort(out.begin(), out.end());
  return out;
}

// A command with movable keys, registered only in these tests: KEYSAT numkeys key [key ...]
// and its variant with no_mandatory_keys.
int numkeys_at_1(std::span<const std::string_view> argv, std::vector<int>* out) {
  int64_t n = 0;
  if (argv.size() < 2 || !string_to_ll(argv[1], &n) || n < 1 ||
      n > static_cast<int64_t>(argv.size()) - 2)
    return -1;
  for (int i = 0; i < n; ++i) out->push_back(2 + i);
  return static_cast<int>(n);
}
void noop_command(CommandContext& ctx) { ctx.reply().ok(); }
const CommandSpec kTestRows[] = {
    {.name = "keysat", .arity = -3, .flags = kCmdReadOnly, .handler = noop_command,
     .group = CommandGroup::Generic, .summary = "Test command.", .since = "7.0.0",
     .complexity = "O(1)", .args = "numkeys key [key ...]", .movable_keys = numkeys_at_1},
    {.name = "keysatopt", .arity = -2, .flags = kCmdWrite | kCmdNoMandatoryKeys,
     .handler = noop_command, .group = CommandGroup::Scripting, .summary = "Test command.",
     .since = "7.0.0", .complexity = "O(1)", .args = "numkeys [key [key ...]]",
     .movable_keys = numkeys_at_1},
};

class IntrospectionTest : public CommandTest {};

TEST_F(IntrospectionTest, CommandCountIsTheNumberOfTopLevelCommands) {
  EXPECT_THAT(Run({"COMMAND", "COUNT"}), IsInt(server().commands().size()));
}

TEST_F(IntrospectionTest, CommandAndBareInfoDescribeEveryTopLevelCommand) {
  size_t n = server().commands().size();
  RespValue all = Run({"COMMAND"});
  EXPECT_EQ(all.type, RespValue::Type::Array);
  EXPECT_THAT(all.elems, SizeIs(n));
  EXPECT_THAT(Run({"COMMAND", "INFO"}).elems, SizeIs(n));
}

TEST_F(IntrospectionTest, CommandInfoOfGetHasTheRedisShape) {
  EXPECT_THAT(Run({"COMMAND", "INFO", "get"}),
              Renders("[[\"get\", (integer) 2, [readonly, fast], (integer) 1, (integer) 1, "
                      "(integer) 1, [@read, @string, @fast], [], [[\"flags\", [RO, access], "
                      "\"begin_search\", [\"type\", \"index\", \"spec\", [\"index\", "
                      "(integer) 1]], \"find_keys\", [\"type\", \"range\", \"spec\", "
                      "[\"lastkey\", (integer) 0, \"keystep\", (integer) 1, \"limit\", "
                      "(integer) 0]]]], []]]"));
}

TEST_F(IntrospectionTest, CommandInfoUsesSetsAndMapsInResp3) {
  client()->writer.set_resp(3);
  EXPECT_THAT(Run({"COMMAND", "INFO", "get"}),
              Renders("[[\"get\", (integer) 2, ~[readonly, fast], (integer) 1, (integer) 1, "
                      "(integer) 1, ~[@read, @string, @fast], ~[], ~[{\"flags\": ~[RO, access], "
                      "\"begin_search\": {\"type\": \"index\", \"spec\": {\"index\": "
                      "(integer) 1}}, \"find_keys\": {\"type\": \"range\", \"spec\": "
                      "{\"lastkey\": (integer) 0, \"keystep\": (integer) 1, \"limit\": "
                      "(integer) 0}}}], ~[]]]"));
}

TEST_F(IntrospectionTest, CommandInfoOfMultiKeyRangeCountsLastKeyFromTheEnd) {
  RespValue info = Run({"COMMAND", "INFO", "watch"});
  EXPECT_THAT(info.elems[0].elems[8],
              Renders("[[\"flags\", [RO], \"begin_search\", [\"type\", \"index\", \"spec\", "
                      "[\"index\", (integer) 1]], \"find_keys\", [\"type\", \"range\", "
                      "\"spec\", [\"lastkey\", (integer) -1, \"keystep\", (integer) 1, "
                      "\"limit\", (integer) 0]]]]"));
}

TEST_F(IntrospectionTest, CommandInfoGivesNilForUnknownNames) {
  RespValue info = Run({"COMMAND", "INFO", "nosuch", "get", "get|x", "command|", "a|b|c"});
  ASSERT_THAT(info.elems, SizeIs(5));
  EXPECT_THAT(info.elems[0], IsNil());
  EXPECT_THAT(info.elems[1].elems[0], IsBulk("get"));
  EXPECT_THAT(info.elems[2], IsNil());
  EXPECT_THAT(info.elems[3], IsNil());
  EXPECT_THAT(info.elems[4], IsNil());
}

TEST_F(IntrospectionTest, CommandInfoFindsSubcommandsByFullNameInAnyCase) {
  EXPECT_THAT(Run({"COMMAND", "INFO", "Command|COUNT"}),
              Renders("[[\"command|count\", (integer) 2, [loading, stale], (integer) 0, "
                      "(integer) 0, (integer) 0, [@slow, @connection], [], [], []]]"));
}

TEST_F(IntrospectionTest, CommandInfoOfAContainerListsItsSubcommands) {
  RespValue info = Run({"COMMAND", "INFO", "command"});
  const RespValue& row = info.elems[0];
  EXPECT_THAT(row.elems[0], IsBulk("command"));
  EXPECT_THAT(row.elems[1], IsInt(-1));
  EXPECT_THAT(row.elems[7], Renders("[\"nondeterministic_output_order\"]"));
  std::vector<std::string> subs;
  for (const RespValue& s : row.elems[9].elems) subs.push_back(s.elems[0].str);
  std::sort(subs.begin(), subs.end());
  EXPECT_THAT(subs, ElementsAre("command|count", "command|docs", "command|getkeys",
                                "command|getkeysandflags", "command|help", "command|info",
                                "command|list"));
}

TEST_F(IntrospectionTest, CommandDocsBuildsTheArgumentTreeFromTheGrammar) {
  EXPECT_THAT(
      Run({"COMMAND", "DOCS", "command|list"}),
      Renders("[\"command|list\", [\"summary\", \"Returns the names of commands, optionally "
              "filtered.\", \"since\", \"7.0.0\", \"group\", \"server\", \"complexity\", "
              "\"O(N) where N is the total number of Redis commands\", \"arguments\", "
              "[[\"name\", \"filterby\", \"type\", \"oneof\", \"token\", \"FILTERBY\", "
              "\"flags\", [optional], \"arguments\", [[\"name\", \"module-name\", \"type\", "
              "\"string\", \"token\", \"MODULE\"], [\"name\", \"category\", \"type\", "
              "\"string\", \"token\", \"ACLCAT\"], [\"name\", \"pattern\", \"type\", "
              "\"pattern\", \"token\", \"PATTERN\"]]]]]]"));
}

TEST_F(IntrospectionTest, CommandDocsIsAMapInResp3) {
  client()->writer.set_resp(3);
  EXPECT_THAT(Run({"COMMAND", "DOCS", "command|count"}),
              Renders("{\"command|count\": {\"summary\": \"Returns how many commands the "
                      "server has.\", \"since\": \"2.8.13\", \"group\": \"server\", "
                      "\"complexity\": \"O(1)\"}}"));
  EXPECT_THAT(Run({"COMMAND", "DOCS", "nosuch"}), Renders("{}"));
}

TEST_F(IntrospectionTest, CommandDocsPointsKeyArgumentsAtTheKeySpec) {
  EXPECT_THAT(Run({"COMMAND", "DOCS", "get"}).elems[1].elems[9],
              Renders("[[\"name\", \"key\", \"type\", \"key\", \"key_spec_index\", "
                      "(integer) 0]]"));
}

TEST_F(IntrospectionTest, CommandDocsSkipsUnknownNamesAndNestsSubcommands) {
  RespValue docs = Run({"COMMAND", "DOCS", "nosuch", "command"});
  ASSERT_THAT(docs.elems, SizeIs(2));
  EXPECT_THAT(docs.elems[0], IsBulk("command"));
  const RespValue& m = docs.elems[1];
  ASSERT_THAT(m.elems, SizeIs(10));
  EXPECT_THAT(m.elems[8], IsBulk("subcommands"));
  EXPECT_THAT(m.elems[9].elems, SizeIs(14));
  EXPECT_THAT(Run({"COMMAND", "DOCS", "nosuch"}), Renders("[]"));
}

TEST_F(IntrospectionTest, CommandDocsWithoutNamesDocumentsEveryCommand) {
  EXPECT_THAT(Run({"COMMAND", "DOCS"}).elems, SizeIs(2 * server().commands().size()));
}

TEST_F(IntrospectionTest, CommandListNamesCommandsAndSubcommands) {
  std::vector<std::string> names = SortedStrings(Run({"COMMAND", "LIST"}));
  EXPECT_TRUE(std::binary_search(names.begin(), names.end(), "command"));
  EXPECT_TRUE(std::binary_search(names.begin(), names.end(), "command|getkeys"));
  EXPECT_TRUE(std::binary_search(names.begin(), names.end(), "get"));
}

TEST_F(IntrospectionTest, CommandListFiltersByCaseInsensitivePattern) {
  EXPECT_THAT(SortedStrings(Run({"COMMAND", "LIST", "filterby", "PATTERN", "COMMAND|*"})),
              ElementsAre("command|count", "command|docs", "command|getkeys",
                          "command|getkeysandflags", "command|help", "command|info",
                          "command|list"));
  EXPECT_THAT(SortedStrings(Run({"COMMAND", "LIST", "FILTERBY", "pattern", "comm?nd"})),
              ElementsAre("command"));
}

TEST_F(IntrospectionTest, CommandListFiltersByAclCategory) {
  EXPECT_THAT(SortedStrings(Run({"COMMAND", "LIST", "FILTERBY", "ACLCAT", "Transaction"})),
              ElementsAre("discard", "exec", "multi", "unwatch", "watch"));
  EXPECT_THAT(Run({"COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch"}), Renders("[]"));
  EXPECT_THAT(Run({"COMMAND", "LIST", "FILTERBY", "MODULE", "any"}), Renders("[]"));
}

TEST_F(IntrospectionTest, CommandListRejectsMalformedFilters) {
  EXPECT_THAT(Run({"COMMAND", "LIST", "FILTERBY"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"COMMAND", "LIST", "FILTERBY", "foo", "bar"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"COMMAND", "LIST", "FILTERBY", "pattern"}), IsError("ERR syntax error"));
  EXPECT_THAT(Run({"COMMAND", "LIST", "FILTERBY", "pattern", "a", "b"}),
              IsError("ERR syntax error"));
  EXPECT_THAT(Run({"COMMAND", "LIST", "foo", "pattern", "a"}), IsError("ERR syntax error"));
}

TEST_F(IntrospectionTest, GetkeysFollowsTheKeyRange) {
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "GET", "a"}), IsBulkArray({"a"}));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "watch", "a", "b", "c"}),
              IsBulkArray({"a", "b", "c"}));
}

TEST_F(IntrospectionTest, GetkeysandflagsPairsKeysWithAccessFlags) {
  EXPECT_THAT(Run({"COMMAND", "GETKEYSANDFLAGS", "get", "a"}), Renders("[[\"a\", [RO, access]]]"));
  client()->writer.set_resp(3);
  EXPECT_THAT(Run({"COMMAND", "GETKEYSANDFLAGS", "get", "a"}),
              Renders("[[\"a\", ~[RO, access]]]"));
}

TEST_F(IntrospectionTest, GetkeysReportsEachKindOfInvalidCall) {
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "nosuch", "a"}),
              IsError("ERR Invalid command specified"));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "command", "nosuch"}),
              IsError("ERR Invalid command specified"));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "get", "a", "b"}),
              IsError("ERR Invalid number of arguments specified for command"));
  // "No keys" is checked before the arity.
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "ping", "a", "b", "c"}),
              IsError("ERR The command has no key arguments"));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "command", "count"}),
              IsError("ERR The command has no key arguments"));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "get"}),
              IsError("ERR wrong number of arguments for 'command|getkeys' command"));
}

TEST_F(IntrospectionTest, GetkeysUsesTheMovableKeysFunction) {
  server().commands().add(kTestRows);
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "keysat", "2", "a", "b", "c"}),
              IsBulkArray({"a", "b"}));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "keysat", "5", "a", "b"}),
              IsError("ERR Invalid arguments specified for command"));
  // With no_mandatory_keys a malformed or key-less call is just an empty list.
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "keysatopt", "5", "a"}), Renders("[]"));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "keysatopt", "1", "a"}), IsBulkArray({"a"}));
}

TEST_F(IntrospectionTest, MovableKeysShowAsFlagAndUnknownKeySpec) {
  server().commands().add(kTestRows);
  EXPECT_THAT(Run({"COMMAND", "INFO", "keysat"}),
              Renders("[[\"keysat\", (integer) -3, [readonly, movablekeys], (integer) 0, "
                      "(integer) 0, (integer) 0, [@keyspace, @read, @slow], [], [[\"flags\", "
                      "[RO, access], \"begin_search\", [\"type\", \"unknown\", \"spec\", []], "
                      "\"find_keys\", [\"type\", \"unknown\", \"spec\", []]]], []]]"));
  // A read-only scripting command gets no @read, as in Redis (EVAL_RO).
  EXPECT_THAT(Run({"COMMAND", "INFO", "keysatopt"}).elems[0].elems[6],
              Renders("[@write, @slow, @scripting]"));
}

TEST_F(IntrospectionTest, HelpListsTheSubcommands) {
  RespValue help = Run({"COMMAND", "HELP"});
  ASSERT_THAT(help.elems, SizeIs(21));
  EXPECT_THAT(help.elems[0],
              IsSimple("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
  EXPECT_THAT(help.elems[17],
              IsSimple("GETKEYSANDFLAGS <full-command>"));
  EXPECT_THAT(help.elems[20], IsSimple("    Prints this help."));
}

TEST_F(IntrospectionTest, SubcommandArityAndUnknownSubcommandErrors) {
  EXPECT_THAT(Run({"COMMAND", "COUNT", "x"}),
              IsError("ERR wrong number of arguments for 'command|count' command"));
  EXPECT_THAT(Run({"COMMAND", "HELP", "x"}),
              IsError("ERR wrong number of arguments for 'command|help' command"));
  EXPECT_THAT(Run({"COMMAND", "FOO"}),
              IsError("ERR unknown subcommand 'FOO'. Try COMMAND HELP."));
}

TEST_F(IntrospectionTest, AclCategoriesFollowFlagsGroupAndAclField) {
  const CommandSpec& count = *server().commands().find("command")->find_sub("count")->spec;
  EXPECT_EQ(command_acl_categories(count), kAclSlow | kAclConnection);
  EXPECT_EQ(acl_category_from_name("@SortedSet"), kAclSortedSet);
  EXPECT_EQ(acl_category_from_name("nosuch"), 0u);
  uint32_t cats = 0;
  EXPECT_TRUE(parse_acl_field("@keyspace  @dangerous", &cats));
  EXPECT_EQ(cats, kAclKeyspace | kAclDangerous);
  EXPECT_FALSE(parse_acl_field("keyspace", &cats));
  EXPECT_FALSE(parse_acl_field("@nosuch", &cats));
}

}  // namespace
}  // namespace eddy::testing
