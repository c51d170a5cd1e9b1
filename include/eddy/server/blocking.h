// Blocking: the registry of clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN, BZMPOP, XREAD
// BLOCK, XREADGROUP BLOCK ...), for any value type.
//
// A blocking command's handler finds nothing to serve and calls CommandContext::block()
// with its keys and deadline: the client is queued on every key (FIFO per key), its argv is
// copied, and it stops processing input. Every write reaches Server::key_modified, which
// marks (db, key) ready when someone waits on it. After each top-level command, serve()
// walks the ready keys in the order they became ready and, for each, re-runs the waiting
// clients' commands in the order they blocked, with CommandContext::ready_key() naming the
// key. A handler that now finds data replies and the client is unblocked (and its
// pipelined input resumes); one that still finds nothing calls block() again and simply
// keeps its place. Serving may write (BLMOVE pushes) and so make more keys ready: serve()
// loops until none are left.
//
//   waiters_: (db, key) -> [client 3, client 7, ...]   FIFO, std::list for O(1) unlinking
//   ready_:   [(0, "q"), (0, "jobs")]                  keys signalled since the last serve
//   timeouts_: {(deadline_ms, client id)}              earliest first
//
// Re-running the real handler keeps one code path per command for the immediate and the
// woken case (propagation, keyspace events, replies); Redis 7.0's observable behaviour is
// kept: a client woken by one key is served from that key only, calls are counted once,
// when the command first ran.
//
// Timeouts reply a null array (RESP2 `*-1`, RESP3 `_`) for every blocking command, as the
// oracle does; CLIENT UNBLOCK either does the same or replies the UNBLOCKED error.
#pragma once
#include <cstdint>
#include <list>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace eddy {

class Server;
class Client;
struct CommandEntry;

struct BlockState {
  int db = 0;
  std::vector<std::string> keys;
  int64_t deadline_ms = 0;  // absolute unix ms; 0 = no timeout
  const CommandEntry* cmd = nullptr;
  std::vector<std::string> argv;  // owned: the query buffer moves on
  bool muted = false;             // CLIENT REPLY OFF/SKIP state of the blocked command
  // One iterator per key into its waiter list.
  std::vector<std::list<Client*>::iterator> positions;
  // Set while the command is re-run for a ready key.
  bool reprocessing = false;
  std::string_view ready_key;
  bool still_blocked = false;  // the re-run called block() again
};

class Blocking {
 public:
  explicit Blocking(Server& server) : server_(server) {}
  Blocking(const Blocking&) = delete;
  Blocking& operator=(const Blocking&) = delete;

  // Blocks `c` (called through CommandContext::block from a handler).
  void block(Client& c, const CommandEntry* cmd, std::span<const std::string_view> argv,
             std::span<const std::string_view> keys, int64_t deadline_ms);
  // Marks a key ready if any client waits on it (cheap when nobody does).
  void signal_key(int db, std::string_view key);
  // Every waited-on key of a database (SWAPDB, loading) becomes ready.
  void signal_db(int db);
  // Serves the clients waiting on ready keys until no key is ready.
  void serve();

  enum class Unblock { Timeout, Error };
  // CLIENT UNBLOCK and timeouts: replies (null array or the UNBLOCKED error) and unblocks.
  void unblock(Client& c, Unblock how);
  // Drops a disconnecting client without replying.
  void forget(Client& c);
  // Times out every client whose deadline has passed.
  void handle_timeouts(int64_t now_ms);
  // Earliest deadline of a blocked client (0 when none has one).
  int64_t next_deadline() const;

  size_t blocked_count() const { return blocked_; }
  size_t in_timeout_table() const { return timeouts_.size(); }
  // Keys with waiters (tests, INFO).
  size_t waited_keys() const { return waiters_.size(); }

 private:
  using KeyId = std::pair<int, std::string>;
  // Orders (db, key) pairs; transparent so lookups take a (db, string_view) without copying.
  struct KeyLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      if (a.first != b.first) return a.first < b.first;
      return std::string_view(a.second) < std::string_view(b.second);
    }
  };
  // Unlinks c from every key and the timeout table, frees its state.
  void remove(Client& c);
  // Resumes the client's pipelined input after it was unblocked.
  void resume(Client& c);
  // Re-runs c's command for `key`; true when it was served (no longer blocked).
  bool try_serve(Client& c, std::string_view key);

  Server& server_;
  std::map<KeyId, std::list<Client*>, KeyLess> waiters_;
  std::vector<KeyId> ready_;
  std::set<KeyId, KeyLess> ready_set_;
  std::set<std::pair<int64_t, uint64_t>> timeouts_;
  std::vector<Client*> unblocked_;
  size_t blocked_ = 0;
  bool serving_ = false;
};

}  // namespace eddy
