// Every write command in the command table is exercised by a keyspace-notification compat
// script (tests/compat/scripts/notifications/), so the differential runner proves it emits
// the same events as redis-server 7.0. This test walks the table and fails for any write
// command no notifications script runs.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "eddy/commands/command_table.h"

namespace eddy {
namespace {

namespace fs = std::filesystem;

fs::path RepoRoot() { return fs::path(__FILE__).parent_path().parent_path().parent_path(); }

// Lower-cased first word of every command line of the notifications scripts.
std::set<std::string> CommandsInScripts() {
  std::set<std::string> seen;
  for (auto& entry : fs::directory_iterator(RepoRoot() / "tests/compat/scripts/notifications")) {
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#' || line[0] == '!') continue;
      std::istringstream words(line);
      std::string first;
      words >> first;
      for (char& c : first) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      seen.insert(first);
    }
  }
  return seen;
}

TEST(NotificationCoverageTest, EveryWriteCommandHasANotificationScript) {
  std::set<std::string> scripted = CommandsInScripts();
  ASSERT_FALSE(scripted.empty());
  CommandTable table;
  int writes = 0;
  for (const auto& e : table.all()) {
    bool write = e->spec->flags & kCmdWrite;
    for (const auto& s : e->subs) write = write || (s->spec->flags & kCmdWrite);
    if (!write) continue;
    ++writes;
    EXPECT_TRUE(scripted.count(std::string(e->spec->name)))
        << e->spec->name << " writes but no notifications script runs it";
  }
  EXPECT_GT(writes, 50);
}

}  // namespace
}  // namespace eddy
