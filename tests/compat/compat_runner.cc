// compat_runner: the differential conformance test (tests/compat/README.md).
//
// Starts redis-server 7.0 (the oracle) and eddy-server on free loopback ports with the same
// arguments, replays every script under --scripts against both, and compares the reply
// bytes of each command, after the normalisations a script asks for explicitly. Each script
// runs on fresh connections after FLUSHALL. Differences are reported as script:line, the
// command, and both replies quoted with repr(); the last line is "N passed, M failed"
// (scripts) and the exit status is non-zero if anything failed.
//
// A missing reply is reported after a timeout instead of hanging; a server that dies is
// reported with its log tail and restarted for the remaining scripts; both servers are
// killed when the runner exits, including on SIGINT/SIGTERM (and, via PR_SET_PDEATHSIG,
// when the runner itself is killed).
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "../integration/raw_connection.h"
#include "../integration/server_process.h"
#include "eddy/base/strutil.h"
#include "eddy/protocol/resp_reader.h"

namespace fs = std::filesystem;
using eddy::RespReader;
using eddy::RespValue;
using eddy::testing::RawConnection;
using eddy::testing::ServerProcess;

namespace {

constexpr const char* kUsage =
    "usage: compat_runner --eddy PATH --scripts DIR [options]\n"
    "  --eddy PATH         eddy-server binary to test\n"
    "  --scripts DIR       directory of *.txt scripts (searched recursively)\n"
    "  --filter SUBSTR     run only scripts whose relative path contains SUBSTR (repeatable)\n"
    "  --redis PATH        oracle binary (default: redis-server from PATH)\n"
    "  --redis-port P      use an already running oracle on port P instead of starting one\n"
    "  --eddy-port P       use an already running eddy on port P instead of starting one\n"
    "  --timeout MS        wait this long for each reply (default 2000)\n"
    "  --verbose, -v       also list passing scripts\n";

struct Options {
  std::string eddy_bin;
  std::string redis_bin = "redis-server";
  std::string scripts_dir;
  std::vector<std::string> filters;
  int redis_port = 0;
  int eddy_port = 0;
  int timeout_ms = 2000;
  bool verbose = false;
};

// ---------------------------------------------------------------------------------------
// Cleanup on signals: the handler only knows pids.

std::atomic<pid_t> g_child_pids[2];

void on_fatal_signal(int sig) {
  for (auto& p : g_child_pids) {
    pid_t pid = p.load();
    if (pid > 0) ::kill(pid, SIGKILL);
  }
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// ---------------------------------------------------------------------------------------
// Scripts.

enum class Norm { None, Sorted, SortedPairs, Type, Len, Monitor };

struct Step {
  enum class Kind { Command, Raw, Read, Sleep, Client, Resp3, Drain };
  Kind kind = Kind::Command;
  int line = 0;
  std::string text;               // the script line, for reports
  std::vector<std::string> argv;  // Command
  std::string bytes;              // Raw
  int number = 0;                 // Sleep ms, Client index
  Norm norm = Norm::None;         // Command, Read
  int replies = 1;                // Command; Raw when `counted`
  bool counted = false;           // Raw: read exactly `replies` values (a !replies was given)
  std::vector<std::string> masks; // Command, Read, Resp3: map keys whose values compare by type
};

struct Script {
  std::string name;  // path relative to the scripts directory
  std::vector<Step> steps;
  std::vector<std::string> errors;  // parse errors, reported as failures
  std::vector<std::string> server_args;  // !server-args: extra start-up arguments
};

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `!raw` payload: \r \n \t \0 \\ \xNN escapes, everything else literal.
std::optional<std::string> unescape_raw(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i >= s.size()) return std::nullopt;
    switch (s[i]) {
      case 'r': out += '\r'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '0': out += '\0'; break;
      case '\\': out += '\\'; break;
      case 'x': {
        if (i + 2 >= s.size()) return std::nullopt;
        int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        break;
      }
      default: return std::nullopt;
    }
  }
  return out;
}

bool parse_count(const std::string& s, int lo, int hi, int* out) {
  int64_t v;
  if (!eddy::string_to_ll(s, &v) || v < lo || v > hi) return false;
  *out = static_cast<int>(v);
  return true;
}

Script parse_script(const fs::path& path, const std::string& name) {
  Script sc;
  sc.name = name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    sc.errors.push_back(name + ": cannot open");
    return sc;
  }
  std::string raw_line;
  int lineno = 0;
  // Modifiers waiting for the next command.
  Norm norm = Norm::None;
  int replies = 1;
  bool replies_given = false;
  std::vector<std::string> masks;
  int modifier_line = 0;
  auto error = [&](const std::string& msg) {
    sc.errors.push_back(name + ":" + std::to_string(lineno) + ": " + msg);
  };
  auto take_modifiers = [&](Step& st) {
    st.norm = norm;
    st.replies = replies;
    st.counted = replies_given;
    st.masks = std::move(masks);
    norm = Norm::None;
    replies = 1;
    replies_given = false;
    masks.clear();
    modifier_line = 0;
  };
  while (std::getline(in, raw_line)) {
    ++lineno;
    std::string line = trim(raw_line);
    if (line.empty() || line[0] == '#') continue;
    Step st;
    st.line = lineno;
    st.text = line;
    if (line[0] != '!') {
      auto argv = eddy::split_args(line);
      if (!argv) {
        error("unbalanced quotes");
        continue;
      }
      if (argv->empty()) continue;
      st.kind = Step::Kind::Command;
      st.argv = std::move(*argv);
      take_modifiers(st);
      sc.steps.push_back(std::move(st));
      continue;
    }
    // Directives.
    size_t sp = line.find(' ');
    std::string dir = line.substr(0, sp);
    std::string rest = sp == std::string::npos ? "" : trim(line.substr(sp + 1));
    auto modifier = [&]() {
      if (!modifier_line) modifier_line = lineno;
    };
    if (dir == "!sorted" || dir == "!sortpairs" || dir == "!type" || dir == "!len" ||
        dir == "!monitor") {
      if (norm != Norm::None) error("more than one of !sorted/!sortpairs/!type/!len/!monitor");
      norm = dir == "!sorted"      ? Norm::Sorted
             : dir == "!sortpairs" ? Norm::SortedPairs
             : dir == "!type"      ? Norm::Type
             : dir == "!len"       ? Norm::Len
                                   : Norm::Monitor;
      modifier();
    } else if (dir == "!replies") {
      if (!parse_count(rest, 0, 100000, &replies)) error("!replies needs a count 0..100000");
      replies_given = true;
      modifier();
    } else if (dir == "!mask") {
      auto keys = eddy::split_args(rest);
      if (!keys || keys->empty()) error("!mask needs one or more keys");
      else masks.insert(masks.end(), keys->begin(), keys->end());
      modifier();
    } else if (dir == "!maskcol") {
      int col = 0;
      if (!parse_count(rest, 0, 1000, &col)) error("!maskcol needs a column index 0..1000");
      else masks.push_back("\x01" + std::to_string(col));
      modifier();
    } else if (dir == "!client") {
      st.kind = Step::Kind::Client;
      if (!parse_count(rest, 0, 1000, &st.number)) error("!client needs an index 0..1000");
      sc.steps.push_back(std::move(st));
    } else if (dir == "!sleep") {
      st.kind = Step::Kind::Sleep;
      if (!parse_count(rest, 0, 10000, &st.number)) error("!sleep needs milliseconds 0..10000");
      sc.steps.push_back(std::move(st));
    } else if (dir == "!raw") {
      st.kind = Step::Kind::Raw;
      // The payload keeps its inner spaces; only the separator after "!raw" is dropped.
      std::string payload = sp == std::string::npos ? "" : line.substr(sp + 1);
      auto bytes = unescape_raw(payload);
      if (!bytes || bytes->empty()) {
        error("!raw needs bytes (escapes: \\r \\n \\t \\0 \\\\ \\xNN)");
        continue;
      }
      if (norm != Norm::None || !masks.empty()) error("!raw takes no modifier but !replies");
      st.bytes = std::move(*bytes);
      take_modifiers(st);
      sc.steps.push_back(std::move(st));
    } else if (dir == "!read") {
      st.kind = Step::Kind::Read;
      take_modifiers(st);
      if (st.replies != 1) error("!read takes no !replies (use !read N)");
      if (!rest.empty() && !parse_count(rest, 1, 100000, &st.replies))
        error("!read N needs a count 1..100000");
      sc.steps.push_back(std::move(st));
    } else if (dir == "!server-args") {
      auto args = eddy::split_args(rest);
      if (!sc.steps.empty()) error("!server-args must come before the first step");
      else if (!args || args->empty()) error("!server-args needs arguments");
      else sc.server_args = std::move(*args);
    } else if (dir == "!drain") {
      st.kind = Step::Kind::Drain;
      if (norm != Norm::None || !masks.empty() || modifier_line) error("!drain takes no modifier");
      sc.steps.push_back(std::move(st));
    } else if (dir == "!resp3") {
      st.kind = Step::Kind::Resp3;
      st.argv = {"HELLO", "3"};
      take_modifiers(st);
      st.masks.push_back("id");
      sc.steps.push_back(std::move(st));
    } else {
      error("unknown directive " + dir);
    }
  }
  if (modifier_line) {
    lineno = modifier_line;
    error("modifier directive not followed by a command");
  }
  return sc;
}

// ---------------------------------------------------------------------------------------
// Reply normalisation.

// Splits an aggregate reply into its header line and the raw bytes of each element.
bool split_aggregate(const std::string& raw, std::string* header, std::vector<std::string>* elems) {
  if (raw.empty() || std::string_view("*%~>").find(raw[0]) == std::string_view::npos)
    return false;
  size_t eol = raw.find("\r\n");
  if (eol == std::string::npos) return false;
  *header = raw.substr(0, eol + 2);
  size_t pos = eol + 2;
  elems->clear();
  while (pos < raw.size()) {
    size_t start = pos;
    std::optional<RespValue> v;
    try {
      v = RespReader::parse(raw, &pos);
    } catch (const std::exception&) {
      return false;
    }
    if (!v) return false;
    elems->push_back(raw.substr(start, pos - start));
  }
  return true;
}

std::string join(const std::string& header, const std::vector<std::string>& elems) {
  std::string r = header;
  for (auto& e : elems) r += e;
  return r;
}

// Elements sorted by raw bytes; pairs (maps, or arrays with !sortpairs) sorted by key.
// A cursor reply (SCAN/SSCAN/HSCAN/ZSCAN: [cursor, [elements]]) keeps its cursor and has
// its element array sorted instead.
std::string sorted_form(const std::string& raw, bool pairs) {
  std::string header;
  std::vector<std::string> elems;
  if (!split_aggregate(raw, &header, &elems)) return raw;
  if (raw[0] == '*' && elems.size() == 2 && elems[0][0] == '$' &&
      (elems[1][0] == '*' || elems[1][0] == '~' || elems[1][0] == '%'))
    return header + elems[0] + sorted_form(elems[1], pairs);
  if (raw[0] == '%') pairs = true;
  if (pairs && elems.size() % 2 == 0) {
    std::vector<std::string> joined;
    for (size_t i = 0; i < elems.size(); i += 2) joined.push_back(elems[i] + elems[i + 1]);
    std::sort(joined.begin(), joined.end());
    return join(header, joined);
  }
  std::sort(elems.begin(), elems.end());
  return join(header, elems);
}

// A MONITOR line with its timestamp and client address masked:
// "+1700000000.123456 [0 127.0.0.1:5000] ..." -> "+T [0 A] ...".
std::string monitor_form(const std::string& raw) {
  size_t open = raw.find(" [");
  size_t sp = open == std::string::npos ? open : raw.find(' ', open + 2);
  size_t close = sp == std::string::npos ? sp : raw.find(']', sp);
  if (raw.empty() || raw[0] != '+' || close == std::string::npos) return raw;
  return "+T [" + raw.substr(open + 2, sp - open - 2) + " A" + raw.substr(close);
}

std::string type_name(RespValue::Type t) {
  switch (t) {
    case RespValue::Type::Simple: return "simple string";
    case RespValue::Type::Error: return "error";
    case RespValue::Type::Integer: return "integer";
    case RespValue::Type::Bulk: return "bulk string";
    case RespValue::Type::Null: return "null";
    case RespValue::Type::NullArray: return "null array";
    case RespValue::Type::Array: return "array";
    case RespValue::Type::Map: return "map";
    case RespValue::Type::Set: return "set";
    case RespValue::Type::Push: return "push";
    case RespValue::Type::Double: return "double";
    case RespValue::Type::Boolean: return "boolean";
    case RespValue::Type::BigNumber: return "big number";
    case RespValue::Type::Verbatim: return "verbatim string";
  }
  return "?";
}

// Values of the given keys in a map (or flat key/value array) reply, at any depth, are
// replaced by a placeholder naming their type, so they compare by type only. A mask
// "\x01N" (from !maskcol N) does the same for element N of every array nested in an
// array (the idle column of XPENDING's extended form).
std::string masked_form(const std::string& raw, const std::vector<std::string>& masks) {
  if (masks.empty()) return raw;
  std::string header;
  std::vector<std::string> elems;
  if (!split_aggregate(raw, &header, &elems)) return raw;
  std::vector<size_t> cols;
  for (auto& m : masks)
    if (!m.empty() && m[0] == '\x01') cols.push_back(std::stoul(m.substr(1)));
  auto placeholder = [](const std::string& elem) {
    size_t pos = 0;
    try {
      auto v = RespReader::parse(elem, &pos);
      if (v) return "<" + type_name(v->type) + ">";
    } catch (const std::exception&) {
    }
    return elem;
  };
  for (auto& el : elems) {
    el = masked_form(el, masks);
    if (cols.empty() || el.empty() || el[0] != '*') continue;
    std::string h;
    std::vector<std::string> inner;
    if (!split_aggregate(el, &h, &inner)) continue;
    for (size_t c : cols)
      if (c < inner.size()) inner[c] = placeholder(inner[c]);
    el = join(h, inner);
  }
  for (size_t i = 0; i + 1 < elems.size(); i += 2) {
    size_t pos = 0;
    std::optional<RespValue> key;
    try {
      key = RespReader::parse(elems[i], &pos);
    } catch (const std::exception&) {
      continue;
    }
    if (!key || (key->type != RespValue::Type::Bulk && key->type != RespValue::Type::Simple))
      continue;
    for (auto& m : masks)
      if (key->str == m) elems[i + 1] = placeholder(elems[i + 1]);
  }
  return join(header, elems);
}

std::string shorten_repr(std::string_view s) {
  constexpr size_t kMax = 400;
  if (s.size() <= kMax) return eddy::repr(s);
  return eddy::repr(s.substr(0, kMax)) + "... (" + std::to_string(s.size()) + " bytes)";
}

// One side's outcome for one expected value.
struct Outcome {
  RawConnection::Status status = RawConnection::Status::Timeout;
  std::string raw;
  RespValue value;
  std::string note;

  std::string describe(int timeout_ms) const {
    switch (status) {
      case RawConnection::Status::Value: return shorten_repr(raw);
      case RawConnection::Status::Timeout:
        return "(no reply within " + std::to_string(timeout_ms) + " ms" +
               (raw.empty() ? "" : ", partial " + shorten_repr(raw)) + ")";
      case RawConnection::Status::Closed:
        return "(connection closed" + (raw.empty() ? "" : ", partial " + shorten_repr(raw)) + ")";
      case RawConnection::Status::Malformed:
        return "(malformed reply: " + note + ": " + shorten_repr(raw) + ")";
    }
    return "?";
  }
};

// Empty if the outcomes agree under the normalisation, otherwise what differs.
// `expect_close`: the step is a !read, for which both servers closing the connection is
// an agreeing answer (after QUIT, CLIENT KILL...).
std::string compare(const Outcome& r, const Outcome& e, Norm norm,
                    const std::vector<std::string>& masks, bool expect_close) {
  using S = RawConnection::Status;
  if (r.status != S::Value || e.status != S::Value) {
    if (r.status == S::Closed && e.status == S::Closed && r.raw == e.raw)
      return expect_close ? ""
                          : "both servers closed the connection (a script expects a close "
                            "with !read)";
    if (r.status == S::Timeout && e.status == S::Timeout) return "no reply from either server";
    return "replies differ";
  }
  switch (norm) {
    case Norm::Monitor:
      return monitor_form(r.raw) == monitor_form(e.raw)
                 ? ""
                 : "replies differ (MONITOR timestamp and client address masked)";
    case Norm::None:
      if (masks.empty())
        return r.raw == e.raw ? "" : "replies differ";
      return masked_form(r.raw, masks) == masked_form(e.raw, masks)
                 ? ""
                 : "replies differ (values of " + eddy::repr(masks.front()) +
                       (masks.size() > 1 ? ", ..." : "") + " compared by type)";
    case Norm::Sorted:
    case Norm::SortedPairs:
      return sorted_form(masked_form(r.raw, masks), norm == Norm::SortedPairs) ==
                     sorted_form(masked_form(e.raw, masks), norm == Norm::SortedPairs)
                 ? ""
                 : std::string("replies differ (compared ") +
                       (norm == Norm::Sorted ? "sorted)" : "sorted by pairs)");
    case Norm::Type:
      return r.value.type == e.value.type ? "" : "reply types differ";
    case Norm::Len: {
      if (r.value.type != e.value.type) return "reply types differ";
      bool aggregate = !r.value.elems.empty() || !e.value.elems.empty() ||
                       r.value.type == RespValue::Type::Array ||
                       r.value.type == RespValue::Type::Map ||
                       r.value.type == RespValue::Type::Set ||
                       r.value.type == RespValue::Type::Push;
      if (aggregate)
        return r.value.elems.size() == e.value.elems.size() ? "" : "element counts differ";
      return r.value.str.size() == e.value.str.size() ? "" : "lengths differ";
    }
  }
  return "";
}

// ---------------------------------------------------------------------------------------
// Servers.

struct Side {
  std::string name;  // "redis" / "eddy"
  std::string binary;
  int external_port = 0;
  int slot = 0;  // index into g_child_pids
  ServerProcess proc;
  std::map<int, RawConnection> conns;
  std::vector<std::string> extra_args;  // the running server's !server-args

  int port() const { return external_port ? external_port : proc.port(); }

  std::string start() {
    if (external_port) return "";
    ServerProcess::Options o;
    o.binary = binary;
    o.args = {"--bind", "127.0.0.1", "--save", "", "--appendonly", "no"};
    o.args.insert(o.args.end(), extra_args.begin(), extra_args.end());
    std::string err = proc.start(o);
    g_child_pids[slot] = proc.pid();
    return err;
  }
  // Empty while the server runs; otherwise how it ended and its log tail.
  std::string check_alive() {
    if (external_port || proc.alive()) return "";
    std::string tail = proc.log_tail(40);
    std::string what = name + "-server " +
                       ServerProcess::describe_status(proc.exit_status().value_or(0)) +
                       "; log tail:\n" + tail;
    return what;
  }
  void stop() {
    conns.clear();
    if (external_port) return;
    g_child_pids[slot] = 0;
    proc.stop();
  }
  RawConnection& conn(int index) {
    RawConnection& c = conns[index];
    if (!c.is_open() || c.peer_closed()) c.connect(port());
    return c;
  }
};

class Runner {
 public:
  explicit Runner(const Options& o) : opts_(o) {
    redis_.name = "redis";
    redis_.binary = o.redis_bin;
    redis_.external_port = o.redis_port;
    redis_.slot = 0;
    eddy_.name = "eddy";
    eddy_.binary = o.eddy_bin;
    eddy_.external_port = o.eddy_port;
    eddy_.slot = 1;
  }
  ~Runner() {
    redis_.stop();
    eddy_.stop();
  }

  bool start_servers() {
    for (Side* s : {&redis_, &eddy_}) {
      std::string err = s->start();
      if (!err.empty()) {
        std::fprintf(stderr, "compat_runner: cannot start %s-server: %s\n", s->name.c_str(),
                     err.c_str());
        return false;
      }
    }
    return true;
  }

  // Runs one script; returns the failure messages (empty: passed).
  std::vector<std::string> run(const Script& sc) {
    failures_.clear();
    script_ = &sc;
    for (auto& e : sc.errors) failures_.push_back("script error: " + e);
    if (!failures_.empty()) return failures_;
    if (!use_server_args(sc.server_args)) return failures_;
    if (!setup()) return failures_;
    current_ = 0;
    for (const Step& st : sc.steps) {
      if (failures_.size() >= kMaxFailuresPerScript) {
        failures_.push_back("(stopping this script after " +
                            std::to_string(kMaxFailuresPerScript) + " differences)");
        break;
      }
      switch (st.kind) {
        case Step::Kind::Client: current_ = st.number; break;
        case Step::Kind::Sleep:
          std::this_thread::sleep_for(std::chrono::milliseconds(st.number));
          break;
        case Step::Kind::Command:
        case Step::Kind::Resp3:
          run_command(st);
          break;
        case Step::Kind::Read: read_replies(st, st.replies); break;
        case Step::Kind::Raw: run_raw(st); break;
        case Step::Kind::Drain: run_raw(st, /*send=*/false); break;
      }
      if (server_died()) break;
    }
    redis_.conns.clear();
    eddy_.conns.clear();
    server_died();
    return failures_;
  }

 private:
  static constexpr size_t kMaxFailuresPerScript = 20;

  std::string where(const Step& st) const {
    return script_->name + ":" + std::to_string(st.line) + ": " + st.text;
  }

  void report(const Step& st, const std::string& what, const Outcome& r, const Outcome& e) {
    failures_.push_back(where(st) + "\n    " + what + "\n    redis: " +
                        r.describe(opts_.timeout_ms) + "\n    eddy:  " +
                        e.describe(opts_.timeout_ms));
  }

  // Restarts both servers when the script needs other start-up arguments than the running
  // ones (and back to the defaults after such a script).
  bool use_server_args(const std::vector<std::string>& args) {
    if (redis_.extra_args == args && eddy_.extra_args == args) return true;
    for (Side* s : {&redis_, &eddy_}) {
      if (s->external_port) {
        failures_.push_back("!server-args needs servers started by the runner (" + s->name +
                            "-server was given by port)");
        return false;
      }
      s->stop();
      s->extra_args = args;
      std::string err = s->start();
      if (!err.empty()) {
        failures_.push_back("cannot restart " + s->name + "-server with !server-args: " + err);
        return false;
      }
    }
    return true;
  }

  // FLUSHALL on a throwaway connection of each server; script connections start fresh.
  bool setup() {
    redis_.conns.clear();
    eddy_.conns.clear();
    for (Side* s : {&redis_, &eddy_}) {
      RawConnection c;
      if (!c.connect(s->port())) {
        failures_.push_back("setup: cannot connect to " + s->name + "-server on port " +
                            std::to_string(s->port()));
        return false;
      }
      c.send_command({"FLUSHALL"});
      auto r = c.read_value(opts_.timeout_ms);
      if (r.status != RawConnection::Status::Value || r.raw != "+OK\r\n") {
        failures_.push_back("setup: FLUSHALL on " + s->name + "-server replied " +
                            (r.status == RawConnection::Status::Value
                                 ? shorten_repr(r.raw)
                                 : std::string("nothing")));
        return false;
      }
    }
    return true;
  }

  Outcome read_one(Side& s, int timeout_ms) {
    Outcome o;
    auto r = s.conn(current_).read_value(timeout_ms);
    o.status = r.status;
    o.raw = std::move(r.raw);
    o.value = std::move(r.value);
    o.note = std::move(r.note);
    return o;
  }

  // Reads `n` replies on the current connection of both servers and compares them.
  // With !sorted and n > 1 the n replies are compared as a group in any order.
  void read_replies(const Step& st, int n) {
    if (n > 1 && st.norm == Norm::Sorted) return read_replies_unordered(st, n);
    for (int i = 0; i < n; ++i) {
      Outcome r = read_one(redis_, opts_.timeout_ms);
      Outcome e = read_one(eddy_, opts_.timeout_ms);
      std::string diff = compare(r, e, st.norm, st.masks, st.kind == Step::Kind::Read);
      if (!diff.empty()) {
        if (n > 1) diff += " (reply " + std::to_string(i + 1) + " of " + std::to_string(n) + ")";
        report(st, diff, r, e);
      }
      using S = RawConnection::Status;
      if (r.status != S::Value || e.status != S::Value) {
        // The stream is out of step (or gone): later commands use fresh connections.
        redis_.conns.erase(current_);
        eddy_.conns.erase(current_);
        return;
      }
    }
  }

  void read_replies_unordered(const Step& st, int n) {
    std::vector<std::string> rs, es;
    using S = RawConnection::Status;
    for (int i = 0; i < n; ++i) {
      Outcome r = read_one(redis_, opts_.timeout_ms);
      Outcome e = read_one(eddy_, opts_.timeout_ms);
      if (r.status != S::Value || e.status != S::Value) {
        report(st, compare(r, e, Norm::None, {}, false) + " (reply " + std::to_string(i + 1) +
                       " of " + std::to_string(n) + ")",
               r, e);
        redis_.conns.erase(current_);
        eddy_.conns.erase(current_);
        return;
      }
      rs.push_back(r.raw);
      es.push_back(e.raw);
    }
    std::sort(rs.begin(), rs.end());
    std::sort(es.begin(), es.end());
    if (rs != es) {
      Outcome r, e;
      r.status = e.status = S::Value;
      for (auto& x : rs) r.raw += x;
      for (auto& x : es) e.raw += x;
      report(st, "replies differ (" + std::to_string(n) + " replies compared in any order)", r,
             e);
    }
  }

  void run_command(const Step& st) {
    std::string bytes = RawConnection::Encode(st.argv);
    redis_.conn(current_).send(bytes);
    eddy_.conn(current_).send(bytes);
    read_replies(st, st.replies);
  }

  // Raw bytes: everything each server sends until it closes the connection or goes quiet.
  // The oracle's answer sets the bar: eddy is read until it sent as much and closed the
  // same way, or stayed quiet, so a slow (sanitizer) build does not fail spuriously.
  //
  // With `!replies N` before it, exactly N replies are read and compared instead (no waiting
  // for quiet; whether the connection closes afterwards is not checked).
  void run_raw(const Step& st, bool send = true) {
    RawConnection& rc = redis_.conn(current_);
    RawConnection& ec = eddy_.conn(current_);
    if (send) {
      rc.send(st.bytes);
      ec.send(st.bytes);
    }
    if (st.counted) {
      read_replies(st, st.replies);
      return;
    }
    bool r_closed = false;
    std::string r_bytes;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(opts_.timeout_ms);
    // The oracle is quiet once nothing arrived for kQuietMs.
    r_bytes = rc.read_until_quiet(kQuietMs, opts_.timeout_ms, &r_closed);
    bool e_closed = false;
    std::string e_bytes;
    for (;;) {
      bool closed = false;
      e_bytes += ec.read_until_quiet(50, opts_.timeout_ms, &closed);
      if (closed) {
        e_closed = true;
        break;
      }
      bool enough = e_bytes.size() >= r_bytes.size() && !r_closed;
      if (enough || std::chrono::steady_clock::now() >= deadline) break;
    }
    if (r_bytes != e_bytes || r_closed != e_closed) {
      failures_.push_back(where(st) + "\n    replies differ\n    redis: " + shorten_repr(r_bytes) +
                          (r_closed ? " (then closed)" : " (connection open)") +
                          "\n    eddy:  " + shorten_repr(e_bytes) +
                          (e_closed ? " (then closed)" : " (connection open)"));
    }
    if (r_closed || e_closed) {
      redis_.conns.erase(current_);
      eddy_.conns.erase(current_);
    }
  }

  // Reports and restarts a server that died; true if one did.
  bool server_died() {
    bool died = false;
    for (Side* s : {&redis_, &eddy_}) {
      std::string what = s->check_alive();
      if (what.empty()) continue;
      died = true;
      failures_.push_back(script_->name + ": " + what);
      s->stop();
      std::string err = s->start();
      if (!err.empty()) {
        std::fprintf(stderr, "compat_runner: cannot restart %s-server: %s\n", s->name.c_str(),
                     err.c_str());
        std::exit(2);
      }
    }
    if (died) {
      redis_.conns.clear();
      eddy_.conns.clear();
    }
    return died;
  }

  static constexpr int kQuietMs = 250;

  const Options& opts_;
  Side redis_, eddy_;
  const Script* script_ = nullptr;
  int current_ = 0;
  std::vector<std::string> failures_;
};

bool parse_options(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    auto number = [&](int* out) {
      std::string v;
      return value(&v) && parse_count(v, 1, 65535 * 100, out);
    };
    std::string v;
    if (a == "--eddy") {
      if (!value(&o->eddy_bin)) return false;
    } else if (a == "--redis") {
      if (!value(&o->redis_bin)) return false;
    } else if (a == "--scripts") {
      if (!value(&o->scripts_dir)) return false;
    } else if (a == "--filter") {
      if (!value(&v)) return false;
      o->filters.push_back(v);
    } else if (a == "--redis-port") {
      if (!number(&o->redis_port)) return false;
    } else if (a == "--eddy-port") {
      if (!number(&o->eddy_port)) return false;
    } else if (a == "--timeout") {
      if (!number(&o->timeout_ms)) return false;
    } else if (a == "--verbose" || a == "-v") {
      o->verbose = true;
    } else {
      return false;
    }
  }
  return !o->scripts_dir.empty() && (!o->eddy_bin.empty() || o->eddy_port);
}

}  // namespace

int main(int argc, char** argv) {
  Options opts;
  if (!parse_options(argc, argv, &opts)) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::error_code ec;
  if (!fs::is_directory(opts.scripts_dir, ec)) {
    std::fprintf(stderr, "compat_runner: %s is not a directory\n", opts.scripts_dir.c_str());
    return 2;
  }
  std::vector<std::pair<std::string, fs::path>> files;
  for (auto& entry : fs::recursive_directory_iterator(opts.scripts_dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".txt") continue;
    std::string rel = fs::relative(entry.path(), opts.scripts_dir).generic_string();
    bool match = opts.filters.empty();
    for (auto& f : opts.filters)
      if (rel.find(f) != std::string::npos) match = true;
    if (match) files.emplace_back(rel, entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::printf("no scripts matched under %s\n0 passed, 0 failed\n", opts.scripts_dir.c_str());
    return opts.filters.empty() ? 0 : 1;
  }

  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) ::signal(sig, on_fatal_signal);
  ::signal(SIGPIPE, SIG_IGN);

  Runner runner(opts);
  if (!runner.start_servers()) return 2;

  int passed = 0, failed = 0;
  std::vector<std::string> failed_names;
  auto t0 = std::chrono::steady_clock::now();
  for (auto& [rel, path] : files) {
    Script sc = parse_script(path, rel);
    auto s0 = std::chrono::steady_clock::now();
    auto failures = runner.run(sc);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - s0)
                  .count();
    if (failures.empty()) {
      ++passed;
      if (opts.verbose) std::printf("PASS %s (%lld ms)\n", rel.c_str(), static_cast<long long>(ms));
    } else {
      ++failed;
      failed_names.push_back(rel);
      std::printf("FAIL %s\n", rel.c_str());
      for (auto& f : failures) std::printf("  %s\n", f.c_str());
    }
    std::fflush(stdout);
  }
  auto total_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - t0)
                      .count();
  if (!failed_names.empty()) {
    std::printf("\nfailed scripts:\n");
    for (auto& n : failed_names) std::printf("  %s\n", n.c_str());
  }
  std::printf("%zu scripts in %lld ms\n", files.size(), static_cast<long long>(total_ms));
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
