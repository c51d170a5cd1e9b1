// PubSub: the channel / pattern / shard-channel router, and keyspace notifications.
//
// Owned by the Server; the commands in src/commands/pubsub_commands.cc call it, and the
// Server's key_modified/notify path reaches notify_keyspace_event(). A Client carries only
// its subscription counts (sub_channels, sub_patterns, sub_shard); its names live in
// ClientSubs, owned here and reached through Client::pubsub.
//
//   channels_:  "chat:room:1" -> [client 4, client 9]      subscription order
//   shard_:     "orders:{eu}" -> [client 7]
//   patterns_:  [ {"chat:room:*" -> [client 4]}, {"user:*" -> [client 2, client 4]} ]
//                 ^ subscription order of the patterns; an index maps text -> entry
//   match_cache_: "chat:room:1" -> [pattern entries it matches], valid for one
//                 generation of the pattern set (any (P)UNSUBSCRIBE/PSUBSCRIBE that changes
//                 it starts a new generation); capped, cleared when full.
//
// Fan-out: PUBLISH formats each message kind once per RESP version ("message" for the
// channel, one "pmessage" per matching pattern) and appends the same bytes to every
// receiver's output buffer; the pattern list for a channel comes from the cache, so a hot
// channel costs O(receivers), not O(patterns), per publish. Each delivery goes through the
// server's output-buffer limit check, so a subscriber that stopped reading is disconnected
// (client-output-buffer-limit pubsub) instead of growing without bound.
//
// Redis 7.0 delivers to the channel's subscribers first, then per matching pattern; a
// client subscribed to several matching patterns gets one pmessage per pattern. Counts in
// (un)subscribe confirmations are channels + patterns for SUBSCRIBE/PSUBSCRIBE and their
// UNSUBSCRIBEs, shard channels alone for SSUBSCRIBE/SUNSUBSCRIBE.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "eddy/server/server.h"

namespace eddy {

class Client;
class ReplyWriter;

// One client's subscriptions, in the order they were made.
struct ClientSubs {
  std::vector<std::string> channels, patterns, shard;
  std::unordered_set<std::string> channel_set, pattern_set, shard_set;
};

class PubSub : public KeyspaceNotifier {
 public:
  enum class Kind { Channel, Pattern, Shard };

  explicit PubSub(Server& server) : server_(server) {}
  ~PubSub() override;
  PubSub(const PubSub&) = delete;
  PubSub& operator=(const PubSub&) = delete;

  // (P|S)SUBSCRIBE one name: true if it was new. Replies are the caller's.
  bool subscribe(Client& c, Kind kind, std::string_view name);
  // (P|S)UNSUBSCRIBE one name: true if the client had it.
  bool unsubscribe(Client& c, Kind kind, std::string_view name);
  // The client's names of one kind, in subscription order (UNSUBSCRIBE without arguments).
  std::vector<std::string> names(const Client& c, Kind kind) const;
  // Drops every subscription silently (RESET, disconnect).
  void forget(Client& c);

  // PUBLISH / SPUBLISH: delivers and returns the number of receivers.
  int64_t publish(std::string_view channel, std::string_view message);
  int64_t spublish(std::string_view channel, std::string_view message);

  // PUBSUB introspection.
  std::vector<std::string_view> active_channels(std::string_view pattern, bool shard) const;
  int64_t subscriber_count(std::string_view channel, bool shard) const;
  size_t pattern_count() const { return pattern_index_.size(); }
  size_t channel_count() const { return channels_.size(); }
  size_t shard_channel_count() const { return shard_.size(); }

  // KeyspaceNotifier: `__keyspace@<db>__:<key>` and `__keyevent@<db>__:<event>` as
  // notify-keyspace-events selects.
  void notify_keyspace_event(uint32_t cls, std::string_view event, std::string_view key,
                             int db) override;

  // Writes a (p|s)(un)subscribe confirmation: [kind, name-or-nil, count].
  static void confirm(ReplyWriter& w, std::string_view kind, const std::string_view* name,
                      int64_t count);

 private:
  struct Pattern {
    std::string text;
    std::vector<Client*> clients;
  };
  ClientSubs& subs(Client& c);
  void update_counts(Client& c);
  void deliver(Client* c, const std::string& bytes);
  const std::vector<Pattern*>& patterns_matching(std::string_view channel);

  Server& server_;
  std::unordered_map<std::string, std::vector<Client*>> channels_, shard_;
  std::vector<std::unique_ptr<Pattern>> patterns_;
  std::unordered_map<std::string, Pattern*> pattern_index_;
  uint64_t pattern_generation_ = 0;
  struct CacheEntry {
    uint64_t generation = 0;
    std::vector<Pattern*> matches;
  };
  std::unordered_map<std::string, CacheEntry> match_cache_;
  static constexpr size_t kMatchCacheMax = 65536;
};

}  // namespace eddy
