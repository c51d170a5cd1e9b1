// Randomized model test: random XADD / XDEL / XTRIM / XREADGROUP / XACK / XCLAIM sequences
// run through the real dispatcher and through a plain reference model (std::map of
// entries, a PEL per group), comparing every reply and, after each step, XRANGE, XPENDING
// (with exact idle times under the manual clock), XINFO STREAM and XINFO GROUPS.
#include <map>
#include <random>
#include <set>

#include "commands/command_test.h"

namespace eddy::testing {
namespace {

struct Id {
  uint64_t ms = 0, seq = 0;
  auto operator<=>(const Id&) const = default;
  std::string str() const { return std::to_string(ms) + "-" + std::to_string(seq); }
};

struct Pending {
  std::string consumer;
  int64_t time = 0;
  int64_t count = 0;
};

struct Group {
  Id last;
  std::map<Id, Pending> pel;
  std::set<std::string> consumers;
};

// The reference: what a stream with groups means, with none of the storage.
struct Model {
  std::map<Id, std::vector<std::string>> entries;
  Id last, max_deleted;
  uint64_t added = 0;
  std::map<std::string, Group> groups;

  Id first() const { return entries.empty() ? Id{} : entries.begin()->first; }
};

std::string Entry(const Id& id, const std::vector<std::string>& fv) {
  std::string s = "[\"" + id.str() + "\", [";
  for (size_t i = 0; i < fv.size(); ++i) s += (i ? ", \"" : "\"") + fv[i] + "\"";
  return s + "]]";
}

class StreamModelTest : public CommandTest {
 protected:
  // Small nodes, so that every run crosses many node boundaries.
  StreamModelTest() { Run({"CONFIG", "SET", "stream-node-max-entries", "4"}); }

  std::string RangeOf() const {
    std::string s = "[";
    bool first = true;
    for (auto& [id, fv] : m_.entries) {
      s += (first ? "" : ", ") + Entry(id, fv);
      first = false;
    }
    return s + "]";
  }

  std::string PendingOf(const Group& g) {
    std::string s = "[";
    bool first = true;
    for (auto& [id, p] : g.pel) {
      s += (first ? "" : ", ") + std::string("[\"") + id.str() + "\", \"" + p.consumer +
           "\", (integer) " + std::to_string(NowMs() - p.time) + ", (integer) " +
           std::to_string(p.count) + "]";
      first = false;
    }
    return s + "]";
  }

  void CheckState() {
    ASSERT_THAT(Run({"XRANGE", "s", "-", "+"}), Renders(RangeOf()));
    ASSERT_THAT(Run({"XLEN", "s"}), IsInt(m_.entries.size()));
    RespValue info = Run({"XINFO", "STREAM", "s"});
    ASSERT_EQ(info.elems.size(), 20u);
    EXPECT_EQ(info.elems[1].integer, static_cast<int64_t>(m_.entries.size()));
    EXPECT_EQ(info.elems[7].str, m_.last.str());
    EXPECT_EQ(info.elems[9].str, m_.max_deleted.str());
    EXPECT_EQ(info.elems[11].integer, static_cast<int64_t>(m_.added));
    EXPECT_EQ(info.elems[13].str, m_.first().str());
    EXPECT_EQ(info.elems[15].integer, static_cast<int64_t>(m_.groups.size()));
    if (m_.entries.empty()) {
      EXPECT_EQ(info.elems[17].type, RespValue::Type::Null);
    } else {
      EXPECT_EQ(info.elems[17].debug(), Entry(m_.entries.begin()->first, m_.entries.begin()->second));
      EXPECT_EQ(info.elems[19].debug(), Entry(m_.entries.rbegin()->first, m_.entries.rbegin()->second));
    }
    RespValue groups = Run({"XINFO", "GROUPS", "s"});
    ASSERT_EQ(groups.elems.size(), m_.groups.size());
    size_t i = 0;
    for (auto& [name, g] : m_.groups) {
      const RespValue& gi = groups.elems[i++];
      EXPECT_EQ(gi.elems[1].str, name);
      EXPECT_EQ(gi.elems[3].integer, static_cast<int64_t>(g.consumers.size()));
      EXPECT_EQ(gi.elems[5].integer, static_cast<int64_t>(g.pel.size()));
      EXPECT_EQ(gi.elems[7].str, g.last.str());
      ASSERT_THAT(Run({"XPENDING", "s", name, "-", "+", "1000"}), Renders(PendingOf(g)));
    }
  }

  Id RandomId(uint64_t spread) {
    return {m_.last.ms > spread ? m_.last.ms - rng_() % spread : rng_() % (spread + 1),
            rng_() % 3};
  }

  void Add() {
    Id id = m_.last;
    if (rng_() % 3) {
      id.ms += 1 + rng_() % 3;
      id.seq = rng_() % 2;
    } else {
      ++id.seq;
    }
    std::vector<std::string> fv;
    size_t n = 1 + rng_() % 3;
    for (size_t k = 0; k < n; ++k) {
      fv.push_back(rng_() % 4 ? std::string(1, static_cast<char>('a' + k)) : "other");
      fv.push_back(std::to_string(rng_() % 1000));
    }
    Argv cmd = {"XADD", "s", id.str()};
    cmd.insert(cmd.end(), fv.begin(), fv.end());
    ASSERT_THAT(Run(cmd), IsBulk(id.str()));
    m_.entries[id] = fv;
    m_.last = id;
    ++m_.added;
  }

  void Delete() {
    Argv cmd = {"XDEL", "s"};
    int64_t n = 0;
    std::set<Id> seen;
    for (int k = 0; k < 1 + static_cast<int>(rng_() % 3); ++k) {
      Id id = RandomId(20);
      if (!m_.entries.empty() && rng_() % 2) {
        auto it = m_.entries.begin();
        std::advance(it, static_cast<long>(rng_() % m_.entries.size()));
        id = it->first;
      }
      cmd.push_back(id.str());
      if (seen.insert(id).second && m_.entries.erase(id)) {
        ++n;
        m_.max_deleted = std::max(m_.max_deleted, id);
      }
    }
    ASSERT_THAT(Run(cmd), IsInt(n));
  }

  void Trim() {
    int64_t n = 0;
    if (rng_() % 2) {
      size_t maxlen = rng_() % 12;
      ASSERT_THAT(Run({"XTRIM", "s", "MAXLEN", std::to_string(maxlen)}),
                  IsInt(m_.entries.size() > maxlen ? m_.entries.size() - maxlen : 0));
      while (m_.entries.size() > maxlen) m_.entries.erase(m_.entries.begin());
      return;
    }
    Id min = RandomId(15);
    while (!m_.entries.empty() && m_.entries.begin()->first < min) {
      m_.entries.erase(m_.entries.begin());
      ++n;
    }
    ASSERT_THAT(Run({"XTRIM", "s", "MINID", min.str()}), IsInt(n));
  }

  void ReadNew(const std::string& gname, const std::string& consumer) {
    Group& g = m_.groups[gname];
    int64_t count = rng_() % 4;
    std::string expect = "[";
    int64_t served = 0;
    for (auto it = m_.entries.upper_bound(g.last); it != m_.entries.end(); ++it) {
      if (count && served == count) break;
      expect += (served ? ", " : "") + Entry(it->first, it->second);
      g.last = it->first;
      g.pel[it->first] = {consumer, NowMs(), 1};
      ++served;
    }
    Argv cmd = {"XREADGROUP", "GROUP", gname, consumer, "COUNT", std::to_string(count),
                "STREAMS", "s", ">"};
    if (!served) {
      ASSERT_THAT(Run(cmd), IsNilArray());
      return;
    }
    g.consumers.insert(consumer);
    ASSERT_THAT(Run(cmd), Renders("[[\"s\", " + expect + "]]]"));
  }

  void ReadHistory(const std::string& gname, const std::string& consumer) {
    Group& g = m_.groups[gname];
    g.consumers.insert(consumer);
    std::string expect = "[";
    bool first = true;
    for (auto& [id, p] : g.pel) {
      if (p.consumer != consumer) continue;
      auto e = m_.entries.find(id);
      if (e == m_.entries.end()) {
        expect += (first ? "" : ", ") + std::string("[\"") + id.str() + "\", (nil-array)]";
      } else {
        expect += (first ? "" : ", ") + Entry(id, e->second);
        p.time = NowMs();
        ++p.count;
      }
      first = false;
    }
    ASSERT_THAT(Run({"XREADGROUP", "GROUP", gname, consumer, "STREAMS", "s", "0"}),
                Renders("[[\"s\", " + expect + "]]]"));
  }

  void Ack(const std::string& gname) {
    Group& g = m_.groups[gname];
    Argv cmd = {"XACK", "s", gname};
    int64_t n = 0;
    for (int k = 0; k < 1 + static_cast<int>(rng_() % 3); ++k) {
      Id id = RandomId(20);
      if (!g.pel.empty() && rng_() % 3) {
        auto it = g.pel.begin();
        std::advance(it, static_cast<long>(rng_() % g.pel.size()));
        id = it->first;
      }
      cmd.push_back(id.str());
      n += static_cast<int64_t>(g.pel.erase(id));
    }
    ASSERT_THAT(Run(cmd), IsInt(n));
  }

  void Claim(const std::string& gname, const std::string& consumer) {
    Group& g = m_.groups[gname];
    int64_t min_idle = rng_() % 2 ? 0 : static_cast<int64_t>(rng_() % 300);
    bool justid = rng_() % 2;
    Argv cmd = {"XCLAIM", "s", gname, consumer, std::to_string(min_idle)};
    std::vector<Id> ids;
    for (int k = 0; k < 1 + static_cast<int>(rng_() % 3); ++k) {
      Id id = RandomId(20);
      if (!g.pel.empty() && rng_() % 4) {
        auto it = g.pel.begin();
        std::advance(it, static_cast<long>(rng_() % g.pel.size()));
        id = it->first;
      }
      ids.push_back(id);
      cmd.push_back(id.str());
    }
    if (justid) cmd.push_back("JUSTID");
    std::string expect = "[";
    bool first = true;
    for (Id id : ids) {
      auto p = g.pel.find(id);
      if (!m_.entries.count(id)) {
        if (p != g.pel.end()) g.pel.erase(p);
        continue;
      }
      if (p == g.pel.end()) continue;
      if (min_idle && NowMs() - p->second.time < min_idle) continue;
      g.consumers.insert(consumer);
      p->second.consumer = consumer;
      p->second.time = NowMs();
      if (!justid) ++p->second.count;
      expect += (first ? "" : ", ") +
                (justid ? "\"" + id.str() + "\"" : Entry(id, m_.entries[id]));
      first = false;
    }
    ASSERT_THAT(Run(cmd), Renders(expect + "]"));
  }

  void Step() {
    const std::string gname = rng_() % 2 ? "g1" : "g2";
    const std::string consumer = std::string("c") + std::to_string(rng_() % 3);
    switch (rng_() % 12) {
      case 0: case 1: case 2: return Add();
      case 3: return Delete();
      case 4: return Trim();
      case 5: case 6: return ReadNew(gname, consumer);
      case 7: return ReadHistory(gname, consumer);
      case 8: return Ack(gname);
      case 9: return Claim(gname, consumer);
      case 10: AdvanceClock(static_cast<int64_t>(rng_() % 200)); return;
      default: return Add();
    }
  }

  Model m_;
  std::mt19937_64 rng_{2024};
  using Argv = std::vector<std::string>;
};

TEST_F(StreamModelTest, RandomSequencesAgreeWithTheReferenceModel) {
  for (uint64_t seed : {1u, 2u, 3u, 4u, 5u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    rng_.seed(seed);
    m_ = Model();
    Run({"DEL", "s"});
    Run({"XGROUP", "CREATE", "s", "g1", "0", "MKSTREAM"});
    Run({"XGROUP", "CREATE", "s", "g2", "0"});
    m_.groups["g1"];
    m_.groups["g2"];
    for (int i = 0; i < 400; ++i) {
      Step();
      if (HasFatalFailure()) return;
      CheckState();
      if (HasFatalFailure()) return;
    }
  }
}

}  // namespace
}  // namespace eddy::testing
