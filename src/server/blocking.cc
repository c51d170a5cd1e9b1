#include "eddy/server/blocking.h"

#include <algorithm>

#include "eddy/base/clock.h"
#include "eddy/server/client.h"
#include "eddy/server/server.h"

namespace eddy {

void Blocking::block(Client& c, const CommandEntry* cmd, std::span<const std::string_view> argv,
                     std::span<const std::string_view> keys, int64_t deadline_ms) {
  if (c.blocked) {
    // A re-run that still has nothing to serve keeps its place in every queue.
    if (c.blocked->reprocessing) c.blocked->still_blocked = true;
    return;
  }
  auto* st = new BlockState();
  st->db = c.db;
  st->deadline_ms = deadline_ms;
  st->cmd = cmd;
  st->argv.assign(argv.begin(), argv.end());
  st->muted = c.writer.muted();
  for (std::string_view k : keys) {
    if (std::find(st->keys.begin(), st->keys.end(), k) != st->keys.end()) continue;
    st->keys.emplace_back(k);
    auto& q = waiters_[KeyId(c.db, std::string(k))];
    st->positions.push_back(q.insert(q.end(), &c));
  }
  if (deadline_ms > 0) timeouts_.emplace(deadline_ms, c.id);
  c.blocked = st;
  c.set(kClientBlocked);
  ++blocked_;
}

void Blocking::signal_key(int db, std::string_view key) {
  if (waiters_.empty()) return;
  std::pair<int, std::string_view> id(db, key);
  if (waiters_.find(id) == waiters_.end()) return;
  if (ready_set_.find(id) != ready_set_.end()) return;
  ready_set_.emplace(db, std::string(key));
  ready_.emplace_back(db, std::string(key));
}

void Blocking::signal_db(int db) {
  for (auto& [id, q] : waiters_)
    if (id.first == db) signal_key(id.first, id.second);
}

bool Blocking::try_serve(Client& c, std::string_view key) {
  BlockState* st = c.blocked;
  st->reprocessing = true;
  st->ready_key = key;
  st->still_blocked = false;
  std::vector<std::string_view> argv(st->argv.begin(), st->argv.end());
  c.writer.set_muted(st->muted);
  server_.call(c, st->cmd, argv);
  if (!c.blocked) return true;  // the re-run unblocked it some other way
  st->reprocessing = false;
  st->ready_key = {};
  if (st->still_blocked) return false;
  remove(c);
  unblocked_.push_back(&c);
  return true;
}

void Blocking::serve() {
  if (serving_ || ready_.empty()) return;
  serving_ = true;
  while (!ready_.empty()) {
    auto batch = std::move(ready_);
    ready_.clear();
    ready_set_.clear();
    for (auto& [db, key] : batch) {
      auto it = waiters_.find(std::pair<int, std::string_view>(db, key));
      if (it == waiters_.end()) continue;
      // Snapshot the queue: serving unlinks clients from it (and may erase the entry).
      std::vector<uint64_t> ids;
      for (Client* w : it->second) ids.push_back(w->id);
      for (uint64_t id : ids) {
        Client* w = server_.find_client(id);
        if (!w || !w->blocked) continue;
        // Every waiter is re-run, even when the key is gone: a missing stream is an answer
        // for XREADGROUP (-UNBLOCKED) though not for BLPOP or XREAD, which keep waiting.
        try_serve(*w, key);
      }
    }
  }
  serving_ = false;
  auto resumed = std::move(unblocked_);
  unblocked_.clear();
  for (Client* c : resumed) resume(*c);
}

void Blocking::resume(Client& c) {
  // The client may have been freed while others were served (CLIENT KILL in a re-run).
  if (!server_.find_client(c.id)) return;
  c.write_ready();
  if (c.qpos < c.qbuf.size()) server_.process_input(c);
}

void Blocking::unblock(Client& c, Unblock how) {
  if (!c.blocked) return;
  c.writer.set_muted(c.blocked->muted);
  if (how == Unblock::Error)
    c.writer.error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
  else
    c.writer.null_array();
  remove(c);
  if (serving_) {
    unblocked_.push_back(&c);
  } else {
    resume(c);
  }
}

void Blocking::forget(Client& c) {
  if (!c.blocked) return;
  remove(c);
  unblocked_.erase(std::remove(unblocked_.begin(), unblocked_.end(), &c), unblocked_.end());
}

void Blocking::remove(Client& c) {
  BlockState* st = c.blocked;
  for (size_t i = 0; i < st->keys.size(); ++i) {
    auto it = waiters_.find(std::pair<int, std::string_view>(st->db, st->keys[i]));
    if (it == waiters_.end()) continue;
    it->second.erase(st->positions[i]);
    if (it->second.empty()) waiters_.erase(it);
  }
  if (st->deadline_ms > 0) timeouts_.erase({st->deadline_ms, c.id});
  delete st;
  c.blocked = nullptr;
  c.clear(kClientBlocked);
  --blocked_;
}

void Blocking::handle_timeouts(int64_t now_ms) {
  while (!timeouts_.empty() && timeouts_.begin()->first <= now_ms) {
    uint64_t id = timeouts_.begin()->second;
    Client* c = server_.find_client(id);
    if (!c || !c->blocked) {
      timeouts_.erase(timeouts_.begin());
      continue;
    }
    unblock(*c, Unblock::Timeout);
  }
}

int64_t Blocking::next_deadline() const {
  return timeouts_.empty() ? 0 : timeouts_.begin()->first;
}

}  // namespace eddy
