#include "eddy/server/tracking.h"

#include "eddy/commands/introspection.h"
#include "eddy/server/server.h"

namespace eddy {

namespace {
constexpr std::string_view kInvalidateChannel = "__redis__:invalidate";

bool in_pubsub_mode(const Client& c) {
  return c.has(kClientPubSub) || c.sub_channels + c.sub_patterns + c.sub_shard > 0;
}
}  // namespace

Tracking::Tracking(Server& server) : server_(server) {
  server_.info_counters["tracking_total_keys"] = [this] {
    return static_cast<int64_t>(total_keys());
  };
  server_.info_counters["tracking_total_items"] = [this] {
    return static_cast<int64_t>(total_items());
  };
  server_.info_counters["tracking_total_prefixes"] = [this] {
    return static_cast<int64_t>(total_prefixes());
  };
}

Tracking::~Tracking() {
  for (const char* name : {"tracking_total_keys", "tracking_total_items", "tracking_total_prefixes"})
    server_.info_counters.erase(name);
}

const Tracking::ClientState* Tracking::state(const Client& c) const {
  if (!c.has(kClientTracking)) return nullptr;
  auto it = states_.find(c.id);
  return it == states_.end() ? nullptr : &it->second;
}

Tracking::ClientState* Tracking::state(const Client& c) {
  return const_cast<ClientState*>(static_cast<const Tracking*>(this)->state(c));
}

void Tracking::enable(Client& c, const Options& o) {
  ClientState& st = states_[c.id];
  c.set(kClientTracking);
  // A new ON replaces the mode flags and the redirection but keeps a pending CACHING and
  // adds to the prefixes (the caller refused switching BCAST on or off).
  st.redirect = o.redirect;
  st.bcast = o.bcast;
  st.optin = o.optin;
  st.optout = o.optout;
  st.noloop = o.noloop;
  st.broken_redirect = false;
  if (!o.bcast) return;
  auto add = [&](const std::string& p) {
    st.prefixes.insert(p);
    prefixes_[p].clients.insert(c.id);
  };
  if (o.prefixes.empty()) add("");
  for (const std::string& p : o.prefixes) add(p);
}

void Tracking::disable(Client& c) {
  auto it = states_.find(c.id);
  if (it != states_.end()) {
    for (const std::string& p : it->second.prefixes) {
      auto pit = prefixes_.find(p);
      if (pit == prefixes_.end()) continue;
      pit->second.clients.erase(c.id);
      if (pit->second.clients.empty()) prefixes_.erase(pit);
    }
    states_.erase(it);
  }
  c.clear(kClientTracking);
  // Deferred messages for this client are dropped when they are flushed.
}

void Tracking::remember_keys(Client& c, const CommandSpec& row,
                             std::span<const std::string_view> argv) {
  ClientState* st = state(c);
  if (!st || st->bcast) return;
  if ((st->optin && !st->caching) || (st->optout && st->caching)) return;
  std::vector<int> pos;
  if (!command_key_positions(row, argv, &pos)) return;
  for (int p : pos) {
    if (p < 0 || static_cast<size_t>(p) >= argv.size()) continue;
    auto& ids = table_[std::string(argv[static_cast<size_t>(p)])];
    if (ids.insert(c.id).second) ++items_;
  }
}

void Tracking::command_done(Client& c, bool was_client_command) {
  if (was_client_command || c.has(kClientMulti)) return;
  if (ClientState* st = state(c)) st->caching = false;
}

void Tracking::invalidate_key(std::string_view key) {
  if (!has_work()) return;
  Client* cur = server_.current_client();
  // BCAST: remember the key under every prefix it starts with, with who changed it (NOLOOP
  // clients do not hear about their own changes).
  for (auto& [prefix, p] : prefixes_) {
    if (key.substr(0, prefix.size()) != prefix) continue;
    p.pending[std::string(key)] = cur ? cur->id : 0;
  }
  auto it = table_.find(std::string(key));
  if (it == table_.end()) return;
  std::set<uint64_t> ids = std::move(it->second);
  table_.erase(it);
  items_ -= ids.size();
  for (uint64_t id : ids) {
    Client* t = server_.find_client(id);
    if (!t) continue;
    ClientState* st = state(*t);
    if (!st || st->bcast) continue;
    if (st->noloop && t == cur) continue;
    if (t == cur) {
      deferred_.push_back({id, std::string(key)});
      continue;
    }
    std::vector<std::string_view> keys = {key};
    send(*t, &keys, false);
  }
}

void Tracking::invalidate_all() {
  Client* cur = server_.current_client();
  for (auto& [id, st] : states_) {
    Client* t = server_.find_client(id);
    if (!t) continue;
    bool resp3 = t->writer.resp() >= 3;
    if (t == cur) {
      deferred_.push_back({id, {}, true, resp3});
    } else {
      send(*t, nullptr, resp3);
    }
  }
  table_.clear();
  items_ = 0;
}

void Tracking::flush_deferred() {
  if (deferred_.empty()) return;
  auto pending = std::move(deferred_);
  deferred_.clear();
  for (const Deferred& d : pending) {
    Client* t = server_.find_client(d.client);
    if (!t || !state(*t)) continue;
    if (d.null) {
      send(*t, nullptr, d.null_resp3);
    } else {
      std::vector<std::string_view> keys = {d.key};
      send(*t, &keys, false);
    }
  }
}

void Tracking::flush_broadcast() {
  for (auto& [prefix, p] : prefixes_) {
    if (p.pending.empty()) continue;
    for (uint64_t id : p.clients) {
      Client* t = server_.find_client(id);
      if (!t) continue;
      const ClientState* st = state(*t);
      if (!st) continue;
      std::vector<std::string_view> keys;
      keys.reserve(p.pending.size());
      for (auto& [key, by] : p.pending)
        if (!st->noloop || by != id) keys.push_back(key);
      if (!keys.empty()) send(*t, &keys, false);
    }
    p.pending.clear();
  }
}

void Tracking::send(Client& c, const std::vector<std::string_view>* keys, bool null_resp3) {
  ClientState* st = state(c);
  if (!st) return;
  Client* target = &c;
  bool redirected = false;
  if (st->redirect) {
    Client* r = server_.find_client(st->redirect);
    if (!r || r->has(kClientCloseAsap)) {
      // The redirect client is gone: tell the tracking client, if it can hear pushes.
      st->broken_redirect = true;
      if (c.writer.resp() >= 3) {
        bool muted = c.writer.muted();
        c.writer.set_muted(c.has(kClientReplyOff));
        c.writer.push(2);
        c.writer.bulk("tracking-redir-broken");
        c.writer.integer(static_cast<int64_t>(st->redirect));
        c.writer.set_muted(muted);
        c.write_ready();
      }
      return;
    }
    target = r;
    redirected = true;
  }
  ReplyWriter& w = target->writer;
  bool muted = w.muted();
  // Another client's writer may still be muted by its last CLIENT REPLY SKIP; only OFF
  // silences messages between commands.
  if (target != server_.current_client()) w.set_muted(target->has(kClientReplyOff));
  if (w.resp() >= 3) {
    w.push(2);
    w.bulk("invalidate");
  } else if (redirected && in_pubsub_mode(*target)) {
    w.array(3);
    w.bulk("message");
    w.bulk(kInvalidateChannel);
  } else {
    // A RESP2 connection without a Pub/Sub redirect cannot receive pushes.
    w.set_muted(muted);
    return;
  }
  if (keys) {
    w.array(keys->size());
    for (auto k : *keys) w.bulk(k);
  } else {
    // The flush null is encoded for the tracking client's protocol, even when redirected.
    w.raw(null_resp3 ? "_\r\n" : "$-1\r\n");
  }
  w.set_muted(muted);
  target->write_ready();
}

}  // namespace eddy
