// Command table rows, the per-call CommandContext, and the argument cursor.
//
// Every command is one CommandSpec row (DESIGN.md §3) in its family file; COMMAND, COMMAND
// INFO/DOCS/COUNT/LIST/GETKEYS, ACL categories and the dispatcher's checks (arity, flags,
// MULTI queueing, pub/sub context) all read these rows. Handlers receive a CommandContext:
// arguments, the client's database, the ReplyWriter, and the single key_modified() path
// that every write goes through (dirty counter, WATCH, keyspace events, blocked clients).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/base/strutil.h"
#include "eddy/protocol/errors.h"
#include "eddy/protocol/reply_writer.h"

namespace eddy {

class Server;
class Client;
class Database;
class CommandContext;

using CommandHandler = void (*)(CommandContext&);

// Command flags, named as Redis names them in COMMAND INFO.
enum CommandFlag : uint64_t {
  kCmdWrite = 1ull << 0,
  kCmdReadOnly = 1ull << 1,
  kCmdDenyOom = 1ull << 2,
  kCmdModule = 1ull << 3,
  kCmdAdmin = 1ull << 4,
  kCmdPubSub = 1ull << 5,
  kCmdNoScript = 1ull << 6,
  kCmdBlocking = 1ull << 8,
  kCmdLoading = 1ull << 9,
  kCmdStale = 1ull << 10,
  kCmdSkipMonitor = 1ull << 11,
  kCmdSkipSlowlog = 1ull << 12,
  kCmdAsking = 1ull << 13,
  kCmdFast = 1ull << 14,
  kCmdNoAuth = 1ull << 15,
  kCmdMayReplicate = 1ull << 16,
  kCmdSentinel = 1ull << 17,
  kCmdOnlySentinel = 1ull << 18,
  kCmdNoMandatoryKeys = 1ull << 19,
  kCmdProtected = 1ull << 20,
  kCmdNoAsyncLoading = 1ull << 23,
  kCmdNoMulti = 1ull << 24,
  kCmdMovableKeys = 1ull << 25,
  kCmdAllowBusy = 1ull << 26,
};

enum class CommandGroup : uint8_t {
  Generic, String, List, Set, SortedSet, Hash, PubSub, Transactions, Connection, Server,
  Scripting, HyperLogLog, Cluster, Sentinel, Geo, Stream, Bitmap,
};
const char* group_name(CommandGroup g);

// Key positions as in COMMAND INFO: first, last (negative counts from the end), step.
struct KeyRange {
  int first = 0;
  int last = 0;
  int step = 0;
};

struct CommandSpec {
  std::string_view name;  // lowercase; subcommands carry only their own name ("get")
  int arity = 0;
  uint64_t flags = 0;
  KeyRange keys{};
  CommandHandler handler = nullptr;
  CommandGroup group = CommandGroup::Generic;
  std::string_view summary;
  std::string_view since;
  std::string_view complexity;
  // Argument grammar used for COMMAND DOCS and redis-cli hints, e.g.
  // "key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|KEEPTTL]".
  std::string_view args;
  // ACL categories beyond those derived from flags and group ("@keyspace @dangerous").
  std::string_view acl;
  std::span<const CommandSpec> subcommands = {};
  // Keys whose position depends on other arguments (e.g. "numkeys at 1", see getkeys).
  // Gets the full argv (argv[0] = command name), appends every key position (the `keys`
  // range included) to `out` and returns their count, or -1 if the arguments are malformed
  // (COMMAND GETKEYS: "Invalid arguments specified for command").
  int (*movable_keys)(std::span<const std::string_view> argv, std::vector<int>* out) = nullptr;
  std::string_view tips = {};
};

// Keyspace event classes (notify-keyspace-events flags), same bits as Redis.
enum NotifyClass : uint32_t {
  kNotifyKeyspace = 1 << 0,   // K
  kNotifyKeyevent = 1 << 1,   // E
  kNotifyGeneric = 1 << 2,    // g
  kNotifyString = 1 << 3,     // $
  kNotifyList = 1 << 4,       // l
  kNotifySet = 1 << 5,        // s
  kNotifyHash = 1 << 6,       // h
  kNotifyZSet = 1 << 7,       // z
  kNotifyExpired = 1 << 8,    // x
  kNotifyEvicted = 1 << 9,    // e
  kNotifyStream = 1 << 10,    // t
  kNotifyKeyMiss = 1 << 11,   // m
  kNotifyModule = 1 << 12,    // d
  kNotifyNew = 1 << 13,       // n
};

// Reads arguments left to right; the first failure latches an error text.
class ArgCursor {
 public:
  ArgCursor(std::span<const std::string_view> argv, size_t start) : argv_(argv), i_(start) {}
  bool done() const { return i_ >= argv_.size(); }
  size_t remaining() const { return i_ < argv_.size() ? argv_.size() - i_ : 0; }
  size_t index() const { return i_; }
  std::string_view peek() const { return done() ? std::string_view{} : argv_[i_]; }
  std::string_view next() {
    if (done()) {
      fail(err::kSyntax);
      return {};
    }
    return argv_[i_++];
  }
  // Consumes the next argument if it equals `word` (case-insensitive).
  bool eat(std::string_view word) {
    if (!done() && iequals(argv_[i_], word)) {
      ++i_;
      return true;
    }
    return false;
  }
  int64_t next_int(std::string_view error = err::kNotInteger) {
    std::string_view s = next();
    int64_t v = 0;
    if (!failed() && !string_to_ll(s, &v)) fail(error);
    return v;
  }
  double next_double(std::string_view error = err::kNotFloat) {
    std::string_view s = next();
    double v = 0;
    if (!failed() && !string_to_double(s, &v)) fail(error);
    return v;
  }
  void fail(std::string_view e) {
    if (error_.empty()) error_ = e;
  }
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  std::span<const std::string_view> argv_;
  size_t i_;
  std::string error_;
};

struct CommandEntry;

class CommandContext {
 public:
  CommandContext(Server& server, Client& client, std::span<const std::string_view> argv,
                 const CommandEntry* cmd);

  Server& server() { return server_; }
  Client& client() { return client_; }
  Database& db();
  int db_index() const;
  const CommandEntry* command() const { return cmd_; }

  size_t argc() const { return argv_.size(); }
  std::string_view arg(size_t i) const { return argv_[i]; }
  std::span<const std::string_view> args() const { return argv_; }
  ArgCursor cursor(size_t start) const { return ArgCursor(argv_, start); }

  ReplyWriter& reply();
  void reply_error(std::string_view e) { reply().error(e); }

  // The single write path: bumps the dirty counter, invalidates WATCH, emits the keyspace
  // event (if `event` is non-empty) and marks the key ready for blocked clients.
  void key_modified(Database& db, std::string_view key, uint32_t notify_class,
                    std::string_view event);
  void key_modified(std::string_view key, uint32_t notify_class, std::string_view event);
  // A keyspace event without a modification (e.g. "keymiss") or an extra event.
  void notify(uint32_t notify_class, std::string_view event, std::string_view key, int db);
  // Adds to the dirty counter without an event (e.g. FLUSHALL counts keys).
  void add_dirty(int64_t n);
  // Replaces the form written to the AOF/replicas for this call (deterministic rewrite).
  void propagate_as(std::vector<std::string> argv);
  // Adds an extra command to propagate after this one.
  void also_propagate(std::vector<std::string> argv);

  // Blocking commands (server/blocking.h). False inside MULTI/EXEC: a blocking command
  // then answers as it would on timeout.
  bool may_block() const;
  // Blocks the client on `keys` until one becomes ready or `deadline_ms` (absolute unix ms,
  // 0 = never) passes; the handler writes no reply. When the command is re-run for a ready
  // key and still finds nothing, the client simply stays blocked where it was.
  void block(std::span<const std::string_view> keys, int64_t deadline_ms);
  // As block(), but the re-runs see `argv` instead of this call's arguments (XREAD blocks
  // with each `$` replaced by the ID it meant at block time). Copied, like the argv.
  void block(std::span<const std::string_view> keys, int64_t deadline_ms,
             std::span<const std::string_view> argv);
  // During a re-run for a ready key: that key (the command serves from it only, as Redis
  // 7.0 does); otherwise empty.
  std::optional<std::string_view> ready_key() const;
  // Parses a blocking timeout into an absolute deadline (0 = forever): seconds as a float
  // (BLPOP & co) or milliseconds as an integer (XREAD BLOCK). Replies Redis's error and
  // returns false when it is invalid.
  enum class TimeoutUnit { Seconds, Milliseconds };
  bool parse_block_timeout(std::string_view arg, TimeoutUnit unit, int64_t* deadline_ms);

 private:
  Server& server_;
  Client& client_;
  std::span<const std::string_view> argv_;
  const CommandEntry* cmd_;
};

}  // namespace eddy
