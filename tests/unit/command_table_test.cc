// Walks every row of the command table: structural invariants, then the COMMAND reply of
// every command checked against golden data recorded from redis-server 7.0
// (golden/command_info.txt and golden/command_acl.txt, written by
// golden/record_command_info.py). Data-driven: rows added by any family are checked as
// soon as they are registered.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "commands/command_test.h"
#include "eddy/commands/arg_grammar.h"
#include "eddy/commands/introspection.h"

namespace eddy::testing {
namespace {

// Every command and subcommand of the table, with its full name.
std::vector<const CommandEntry*> AllEntries(const CommandTable& table) {
  std::vector<const CommandEntry*> out;
  for (const auto& e : table.all()) {
    out.push_back(e.get());
    for (const auto& s : e->subs) out.push_back(s.get());
  }
  return out;
}

bool IsLowercaseName(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool IsVersion(std::string_view s) {
  int dots = 0;
  for (char c : s) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 2 && !s.starts_with('.') && !s.ends_with('.');
}

class CommandTableTest : public CommandTest {};

TEST_F(CommandTableTest, NamesAreLowercaseUniqueAndFoundByLookup) {
  const CommandTable& table = server().commands();
  std::set<std::string> seen;
  for (const CommandEntry* e : AllEntries(table)) {
    SCOPED_TRACE(e->fullname);
    EXPECT_TRUE(IsLowercaseName(e->spec->name));
    EXPECT_TRUE(seen.insert(e->fullname).second) << "duplicate row";
    if (e->parent) {
      EXPECT_EQ(e->parent->find_sub(e->spec->name), e);
    } else {
      EXPECT_EQ(table.find(e->spec->name), e);
    }
  }
  EXPECT_GT(seen.size(), 0u);
}

TEST_F(CommandTableTest, EveryRowIsDocumented) {
  for (const CommandEntry* e : AllEntries(server().commands())) {
    SCOPED_TRACE(e->fullname);
    const CommandSpec& row = *e->spec;
    EXPECT_FALSE(row.summary.empty());
    EXPECT_TRUE(IsVersion(row.since)) << "since '" << row.since << "'";
    EXPECT_FALSE(row.complexity.empty());
  }
}

TEST_F(CommandTableTest, EveryArgsGrammarParses) {
  for (const CommandEntry* e : AllEntries(server().commands())) {
    ArgGrammar g = parse_arg_grammar(e->spec->args);
    EXPECT_TRUE(g.ok()) << e->fullname << " args \"" << e->spec->args << "\": " << g.error;
  }
}

TEST_F(CommandTableTest, AclFieldsAndTipsUseKnownNames) {
  for (const CommandEntry* e : AllEntries(server().commands())) {
    SCOPED_TRACE(e->fullname);
    uint32_t cats = 0;
    EXPECT_TRUE(parse_acl_field(e->spec->acl, &cats)) << "acl \"" << e->spec->acl << "\"";
    std::istringstream tips{std::string(e->spec->tips)};
    for (std::string tip; tips >> tip;) {
      EXPECT_TRUE(tip == "nondeterministic_output" || tip == "nondeterministic_output_order" ||
                  tip.starts_with("request_policy:") || tip.starts_with("response_policy:"))
          << "tip " << tip;
    }
  }
}

TEST_F(CommandTableTest, ArityIsNonZeroAndKeysFitInsideIt) {
  for (const CommandEntry* e : AllEntries(server().commands())) {
    SCOPED_TRACE(e->fullname);
    const CommandSpec& row = *e->spec;
    const KeyRange& k = row.keys;
    EXPECT_NE(row.arity, 0);
    if (k.first == 0) {
      EXPECT_EQ(k.last, 0);
      EXPECT_EQ(k.step, 0);
      continue;
    }
    EXPECT_GT(k.first, 0);
    EXPECT_GE(k.step, 1);
    int min_argc = row.arity > 0 ? row.arity : -row.arity;
    if (k.last >= 0) {
      // A fixed range is always present in a call that passes the arity check.
      EXPECT_GE(k.last, k.first);
      EXPECT_LT(k.last, min_argc);
    } else {
      // Counting from the end only makes sense with a variable number of arguments (and
      // may then cover no argument at all: SUNSUBSCRIBE).
      EXPECT_LT(row.arity, 0);
    }
  }
}

TEST_F(CommandTableTest, NoRowIsBothWriteAndReadOnly) {
  for (const CommandEntry* e : AllEntries(server().commands())) {
    uint64_t f = e->spec->flags;
    EXPECT_FALSE((f & kCmdWrite) && (f & kCmdReadOnly)) << e->fullname;
  }
}

TEST_F(CommandTableTest, MovableKeysFlagComesWithAKeyFunction) {
  for (const CommandEntry* e : AllEntries(server().commands())) {
    if (e->spec->flags & kCmdMovableKeys) {
      EXPECT_NE(e->spec->movable_keys, nullptr) << e->fullname;
    }
  }
}

TEST_F(CommandTableTest, ContainersDispatchToSubcommandsThatHaveHandlers) {
  for (const auto& e : server().commands().all()) {
    SCOPED_TRACE(e->fullname);
    const CommandSpec& row = *e->spec;
    if (!e->is_container()) {
      EXPECT_NE(row.handler, nullptr);
      continue;
    }
    if (row.handler) {
      // Only a container that runs bare (COMMAND) has a handler of its own.
      EXPECT_EQ(row.arity, -1);
    } else {
      // A bare call must fail the arity check, never reach a null handler.
      EXPECT_LE(row.arity, -2);
    }
    for (const auto& sub : e->subs) {
      SCOPED_TRACE(sub->fullname);
      EXPECT_NE(sub->spec->handler, nullptr);
      EXPECT_TRUE(sub->spec->subcommands.empty()) << "nested container";
      // The subcommand name itself counts in its arity.
      EXPECT_TRUE(sub->spec->arity >= 2 || sub->spec->arity <= -2);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Golden data from the oracle.

std::filesystem::path GoldenDir() {
  return std::filesystem::path(__FILE__).parent_path() / "golden";
}

// name -> rest of the line's fields.
std::map<std::string, std::vector<std::string>> ReadGolden(const std::string& file) {
  std::map<std::string, std::vector<std::string>> out;
  std::ifstream in(GoldenDir() / file);
  EXPECT_TRUE(in.good()) << "cannot read " << (GoldenDir() / file);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string name;
    words >> name;
    std::vector<std::string> fields;
    for (std::string w; words >> w;) fields.push_back(w);
    out[name] = std::move(fields);
  }
  return out;
}

struct InfoLine {
  std::vector<std::string> info;  // arity first last step flag... (flags sorted)
  std::vector<std::string> acl;   // categories, sorted
};

void CollectInfo(const RespValue& row, std::map<std::string, InfoLine>* out) {
  ASSERT_EQ(row.elems.size(), 10u) << row.debug();
  InfoLine line;
  line.info.push_back(std::to_string(row.elems[1].integer));
  for (int i = 3; i <= 5; ++i) line.info.push_back(std::to_string(row.elems[i].integer));
  std::vector<std::string> flags;
  for (const RespValue& f : row.elems[2].elems) flags.push_back(f.str);
  std::sort(flags.begin(), flags.end());
  line.info.insert(line.info.end(), flags.begin(), flags.end());
  for (const RespValue& c : row.elems[6].elems) line.acl.push_back(c.str);
  std::sort(line.acl.begin(), line.acl.end());
  (*out)[row.elems[0].str] = std::move(line);
  for (const RespValue& sub : row.elems[9].elems) CollectInfo(sub, out);
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& w : v) s += (s.empty() ? "" : " ") + w;
  return s;
}

TEST_F(CommandTableTest, CommandInfoMatchesTheOracleForEveryCommandEddyHas) {
  auto golden_info = ReadGolden("command_info.txt");
  auto golden_acl = ReadGolden("command_acl.txt");
  ASSERT_GT(golden_info.size(), 300u);
  RespValue all = Run({"COMMAND"});
  ASSERT_EQ(all.type, RespValue::Type::Array);
  std::map<std::string, InfoLine> eddy;
  for (const RespValue& row : all.elems) CollectInfo(row, &eddy);
  ASSERT_EQ(eddy.size(), AllEntries(server().commands()).size());

  size_t checked = 0;
  for (const auto& [name, line] : eddy) {
    auto it = golden_info.find(name);
    if (it == golden_info.end()) {
      ADD_FAILURE() << name << " is not a Redis 7.0 command";
      continue;
    }
    ++checked;
    EXPECT_EQ(Join(line.info), Join(it->second))
        << name << ": arity first last step flags (Eddy vs redis-server 7.0)";
    EXPECT_EQ(Join(line.acl), Join(golden_acl[name])) << name << ": ACL categories";
  }
  EXPECT_EQ(checked, eddy.size());
  std::cout << "[ golden   ] " << checked << " of " << golden_info.size()
            << " Redis commands and subcommands checked\n";
}

}  // namespace
}  // namespace eddy::testing
