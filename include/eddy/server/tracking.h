// Tracking: server-assisted client-side caching (CLIENT TRACKING), as Redis 7.0 does it.
//
// Owned by the Server. CLIENT TRACKING/CACHING (client_commands.cc) turn it on and off per
// client; the dispatcher reports every read-only command a tracking client ran
// (remember_keys) and every modified key (invalidate_key); FLUSHDB/FLUSHALL call
// invalidate_all. Invalidations go out as RESP3 pushes `>2 invalidate [keys]` (or `_` for a
// flush), or to the REDIRECT client: as a push if it speaks RESP3, as a Pub/Sub message on
// `__redis__:invalidate` if it is a RESP2 client in Pub/Sub mode, and not at all otherwise.
//
//   default mode:  key name --> ids of clients that read it; one invalidation per key,
//                  then the key is forgotten (clients re-register by reading again).
//   BCAST mode:    prefix --> {client ids, keys modified since the last flush}; keys are
//                  batched per prefix (sorted) and sent by flush_broadcast().
//
// Invariants: keys are db-agnostic (a name read in db 0 is invalidated by a write in db 5),
// as in Redis. The table keeps ids of clients that stopped tracking; they are skipped (and
// forgotten) when the key is invalidated. A message for the client whose command is running
// waits for flush_deferred(), so it never lands inside that command's reply.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace eddy {

class Server;
class Client;
struct CommandSpec;

class Tracking {
 public:
  struct Options {
    uint64_t redirect = 0;  // client id, 0 for none
    bool bcast = false;
    bool optin = false;
    bool optout = false;
    bool noloop = false;
    std::vector<std::string> prefixes;  // BCAST only
  };
  struct ClientState {
    uint64_t redirect = 0;
    bool bcast = false;
    bool optin = false;
    bool optout = false;
    bool noloop = false;
    bool caching = false;          // CLIENT CACHING yes (OPTIN) / no (OPTOUT), next command
    bool broken_redirect = false;  // the REDIRECT client went away
    std::set<std::string> prefixes;
  };

  explicit Tracking(Server& server);
  ~Tracking();

  // nullptr when the client does not track.
  const ClientState* state(const Client& c) const;
  ClientState* state(const Client& c);

  // CLIENT TRACKING ON: (re)enables with these options. Prefixes add to those the client
  // already has; the caller has validated them (no overlaps, BCAST rules).
  void enable(Client& c, const Options& o);
  // CLIENT TRACKING OFF, RESET, and when a client is freed.
  void disable(Client& c);

  // After a read-only command of a tracking client: remember the keys it read (default
  // mode only, honouring OPTIN/OPTOUT and CLIENT CACHING).
  void remember_keys(Client& c, const CommandSpec& row, std::span<const std::string_view> argv);
  // After each command outside MULTI: CLIENT CACHING lasts for one command (or one
  // transaction); a CLIENT command itself does not consume it.
  void command_done(Client& c, bool was_client_command);

  // A key changed (write, expiry, eviction).
  void invalidate_key(std::string_view key);
  // Every key changed (FLUSHDB, FLUSHALL): a null invalidation to every tracking client.
  void invalidate_all();
  // Sends the messages held back for the client whose command just finished (called at
  // the end of each top-level command).
  void flush_deferred();
  // Sends the BCAST batches gathered since the last call, one message per prefix and
  // client (called once per input batch and by the cron, like Redis's before-sleep).
  void flush_broadcast();

  // INFO figures.
  size_t total_keys() const { return table_.size(); }
  size_t total_items() const { return items_; }
  size_t total_prefixes() const { return prefixes_.size(); }

 private:
  struct Prefix {
    std::set<uint64_t> clients;
    std::map<std::string, uint64_t> pending;  // key -> id of the client that changed it
  };
  // An invalidation of `keys` (nullptr: the flush null, RESP3-encoded if null_resp3) for
  // the tracking client `c`, delivered to it or to its REDIRECT client.
  void send(Client& c, const std::vector<std::string_view>* keys, bool null_resp3);
  bool has_work() const { return !table_.empty() || !prefixes_.empty(); }

  Server& server_;
  std::unordered_map<uint64_t, ClientState> states_;
  std::unordered_map<std::string, std::set<uint64_t>> table_;
  size_t items_ = 0;
  std::map<std::string, Prefix> prefixes_;
  // Messages waiting for the end of the running command: (client id, key or null flag).
  struct Deferred {
    uint64_t client;
    std::string key;
    bool null = false;
    bool null_resp3 = false;
  };
  std::vector<Deferred> deferred_;
};

}  // namespace eddy
