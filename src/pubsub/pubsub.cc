#include "eddy/pubsub/pubsub.h"

#include <algorithm>

#include "eddy/base/strutil.h"
#include "eddy/commands/command.h"
#include "eddy/protocol/reply_writer.h"
#include "eddy/server/client.h"

namespace eddy {
namespace {

void append_bulk(std::string& out, std::string_view s) {
  out += '$';
  out += std::to_string(s.size());
  out += "\r\n";
  out.append(s);
  out += "\r\n";
}

// A message push, formatted once: RESP2 multibulk or RESP3 push of `parts`.
std::string format_push(int resp, std::initializer_list<std::string_view> parts) {
  std::string out;
  size_t len = 16;
  for (auto p : parts) len += p.size() + 16;
  out.reserve(len);
  out += resp >= 3 ? '>' : '*';
  out += std::to_string(parts.size());
  out += "\r\n";
  for (auto p : parts) append_bulk(out, p);
  return out;
}

void erase_client(std::vector<Client*>& v, Client* c) {
  v.erase(std::remove(v.begin(), v.end(), c), v.end());
}

// Removes `name` from an ordered list + set pair; false if absent.
bool erase_name(std::vector<std::string>& order, std::unordered_set<std::string>& set,
                std::string_view name) {
  auto it = set.find(std::string(name));
  if (it == set.end()) return false;
  set.erase(it);
  order.erase(std::find(order.begin(), order.end(), name));
  return true;
}

}  // namespace

PubSub::~PubSub() {
  for (auto& [id, c] : server_.clients()) {
    delete c->pubsub;
    c->pubsub = nullptr;
  }
}

ClientSubs& PubSub::subs(Client& c) {
  if (!c.pubsub) c.pubsub = new ClientSubs();
  return *c.pubsub;
}

void PubSub::update_counts(Client& c) {
  ClientSubs* s = c.pubsub;
  c.sub_channels = s ? s->channels.size() : 0;
  c.sub_patterns = s ? s->patterns.size() : 0;
  c.sub_shard = s ? s->shard.size() : 0;
  if (c.sub_channels + c.sub_patterns + c.sub_shard > 0) {
    c.set(kClientPubSub);
  } else {
    c.clear(kClientPubSub);
    delete c.pubsub;
    c.pubsub = nullptr;
  }
}

bool PubSub::subscribe(Client& c, Kind kind, std::string_view name) {
  ClientSubs& s = subs(c);
  std::string key(name);
  bool added = false;
  switch (kind) {
    case Kind::Channel:
      if (s.channel_set.insert(key).second) {
        s.channels.push_back(key);
        channels_[key].push_back(&c);
        added = true;
      }
      break;
    case Kind::Shard:
      if (s.shard_set.insert(key).second) {
        s.shard.push_back(key);
        shard_[key].push_back(&c);
        added = true;
      }
      break;
    case Kind::Pattern:
      if (s.pattern_set.insert(key).second) {
        s.patterns.push_back(key);
        auto it = pattern_index_.find(key);
        if (it == pattern_index_.end()) {
          patterns_.push_back(std::make_unique<Pattern>(Pattern{key, {}}));
          it = pattern_index_.emplace(key, patterns_.back().get()).first;
          ++pattern_generation_;
        }
        it->second->clients.push_back(&c);
        added = true;
      }
      break;
  }
  update_counts(c);
  return added;
}

bool PubSub::unsubscribe(Client& c, Kind kind, std::string_view name) {
  if (!c.pubsub) return false;
  ClientSubs& s = *c.pubsub;
  bool removed = false;
  switch (kind) {
    case Kind::Channel:
      if ((removed = erase_name(s.channels, s.channel_set, name))) {
        auto it = channels_.find(std::string(name));
        erase_client(it->second, &c);
        if (it->second.empty()) channels_.erase(it);
      }
      break;
    case Kind::Shard:
      if ((removed = erase_name(s.shard, s.shard_set, name))) {
        auto it = shard_.find(std::string(name));
        erase_client(it->second, &c);
        if (it->second.empty()) shard_.erase(it);
      }
      break;
    case Kind::Pattern:
      if ((removed = erase_name(s.patterns, s.pattern_set, name))) {
        auto it = pattern_index_.find(std::string(name));
        Pattern* p = it->second;
        erase_client(p->clients, &c);
        if (p->clients.empty()) {
          pattern_index_.erase(it);
          patterns_.erase(std::find_if(patterns_.begin(), patterns_.end(),
                                       [p](const auto& u) { return u.get() == p; }));
          ++pattern_generation_;
        }
      }
      break;
  }
  update_counts(c);
  return removed;
}

std::vector<std::string> PubSub::names(const Client& c, Kind kind) const {
  if (!c.pubsub) return {};
  switch (kind) {
    case Kind::Channel: return c.pubsub->channels;
    case Kind::Pattern: return c.pubsub->patterns;
    case Kind::Shard: return c.pubsub->shard;
  }
  return {};
}

void PubSub::forget(Client& c) {
  if (!c.pubsub) return;
  for (Kind k : {Kind::Channel, Kind::Pattern, Kind::Shard})
    for (const std::string& n : names(c, k)) unsubscribe(c, k, n);
  update_counts(c);
}

const std::vector<PubSub::Pattern*>& PubSub::patterns_matching(std::string_view channel) {
  static const std::vector<Pattern*> kNone;
  if (patterns_.empty()) return kNone;
  std::string key(channel);
  auto it = match_cache_.find(key);
  if (it != match_cache_.end() && it->second.generation == pattern_generation_)
    return it->second.matches;
  if (it == match_cache_.end()) {
    if (match_cache_.size() >= kMatchCacheMax) match_cache_.clear();
    it = match_cache_.emplace(std::move(key), CacheEntry{}).first;
  }
  CacheEntry& e = it->second;
  e.generation = pattern_generation_;
  e.matches.clear();
  for (auto& p : patterns_)
    if (glob_match(p->text, channel)) e.matches.push_back(p.get());
  return e.matches;
}

void PubSub::deliver(Client* c, const std::string& bytes) {
  if (c->has(kClientCloseAsap)) return;  // being dropped: its output no longer grows
  c->out.append(bytes);
  if (server_.enforce_output_limits(*c)) return;
  c->write_ready();
}

int64_t PubSub::publish(std::string_view channel, std::string_view message) {
  int64_t receivers = 0;
  std::string msg[2];  // RESP2, RESP3
  auto bytes_for = [&](Client* c) -> const std::string& {
    int i = c->writer.resp() >= 3 ? 1 : 0;
    if (msg[i].empty()) msg[i] = format_push(i ? 3 : 2, {"message", channel, message});
    return msg[i];
  };
  auto it = channels_.find(std::string(channel));
  if (it != channels_.end()) {
    // Copy: a delivery over the output limit unsubscribes nobody now, but stay safe.
    std::vector<Client*> subs = it->second;
    for (Client* c : subs) {
      deliver(c, bytes_for(c));
      ++receivers;
    }
  }
  // Copy the match list: delivering never changes patterns, but the cache may be rebuilt.
  std::vector<Pattern*> matches = patterns_matching(channel);
  for (Pattern* p : matches) {
    std::string pmsg[2];
    for (Client* c : p->clients) {
      int i = c->writer.resp() >= 3 ? 1 : 0;
      if (pmsg[i].empty())
        pmsg[i] = format_push(i ? 3 : 2, {"pmessage", p->text, channel, message});
      deliver(c, pmsg[i]);
      ++receivers;
    }
  }
  return receivers;
}

int64_t PubSub::spublish(std::string_view channel, std::string_view message) {
  auto it = shard_.find(std::string(channel));
  if (it == shard_.end()) return 0;
  std::string msg[2];
  std::vector<Client*> subs = it->second;
  for (Client* c : subs) {
    int i = c->writer.resp() >= 3 ? 1 : 0;
    if (msg[i].empty()) msg[i] = format_push(i ? 3 : 2, {"smessage", channel, message});
    deliver(c, msg[i]);
  }
  return static_cast<int64_t>(subs.size());
}

std::vector<std::string_view> PubSub::active_channels(std::string_view pattern,
                                                       bool shard) const {
  std::vector<std::string_view> out;
  for (auto& [name, clients] : shard ? shard_ : channels_)
    if (pattern.empty() || glob_match(pattern, name)) out.push_back(name);
  return out;
}

int64_t PubSub::subscriber_count(std::string_view channel, bool shard) const {
  const auto& m = shard ? shard_ : channels_;
  auto it = m.find(std::string(channel));
  return it == m.end() ? 0 : static_cast<int64_t>(it->second.size());
}

void PubSub::notify_keyspace_event(uint32_t cls, std::string_view event, std::string_view key,
                                   int db) {
  uint32_t flags = server_.settings().notify_flags;
  if (!(flags & cls)) return;
  if (flags & kNotifyKeyspace) {
    std::string channel = "__keyspace@" + std::to_string(db) + "__:";
    channel.append(key);
    publish(channel, event);
  }
  if (flags & kNotifyKeyevent) {
    std::string channel = "__keyevent@" + std::to_string(db) + "__:";
    channel.append(event);
    publish(channel, key);
  }
}

void PubSub::confirm(ReplyWriter& w, std::string_view kind, const std::string_view* name,
                     int64_t count) {
  w.push(3);
  w.bulk(kind);
  if (name) {
    w.bulk(*name);
  } else {
    w.null();
  }
  w.integer(count);
}

}  // namespace eddy
