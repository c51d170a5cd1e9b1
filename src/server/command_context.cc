#include "eddy/commands/command.h"

#include <cmath>
#include <limits>

#include "eddy/base/clock.h"
#include "eddy/server/blocking.h"
#include "eddy/server/server.h"

namespace eddy {

CommandContext::CommandContext(Server& server, Client& client,
                               std::span<const std::string_view> argv, const CommandEntry* cmd)
    : server_(server), client_(client), argv_(argv), cmd_(cmd) {}

Database& CommandContext::db() { return server_.db(client_.db); }
int CommandContext::db_index() const { return client_.db; }
ReplyWriter& CommandContext::reply() { return client_.writer; }

void CommandContext::key_modified(Database& db, std::string_view key, uint32_t cls,
                                  std::string_view event) {
  server_.key_modified(db.id(), key, cls, event);
}
void CommandContext::key_modified(std::string_view key, uint32_t cls, std::string_view event) {
  server_.key_modified(client_.db, key, cls, event);
}
void CommandContext::notify(uint32_t cls, std::string_view event, std::string_view key, int db) {
  server_.notify(cls, event, key, db);
}
void CommandContext::add_dirty(int64_t n) { server_.add_dirty(n); }
void CommandContext::propagate_as(std::vector<std::string> argv) {
  server_.set_propagate_override(std::move(argv));
}
void CommandContext::also_propagate(std::vector<std::string> argv) {
  server_.add_also_propagate(std::move(argv));
}

bool CommandContext::may_block() const { return !client_.has(kClientExecuting); }

void CommandContext::block(std::span<const std::string_view> keys, int64_t deadline_ms) {
  server_.blocking().block(client_, cmd_, argv_, keys, deadline_ms);
}

void CommandContext::block(std::span<const std::string_view> keys, int64_t deadline_ms,
                           std::span<const std::string_view> argv) {
  server_.blocking().block(client_, cmd_, argv, keys, deadline_ms);
}

std::optional<std::string_view> CommandContext::ready_key() const {
  if (client_.blocked && client_.blocked->reprocessing) return client_.blocked->ready_key;
  return std::nullopt;
}

bool CommandContext::parse_block_timeout(std::string_view arg, TimeoutUnit unit,
                                         int64_t* deadline_ms) {
  int64_t ms = 0;
  if (unit == TimeoutUnit::Seconds) {
    long double secs = 0;
    if (!string_to_long_double(arg, &secs)) {
      reply_error("ERR timeout is not a float or out of range");
      return false;
    }
    // Milliseconds rounded up (0.0004 s still times out); a value past int64 counts as
    // negative, as the int64 conversion in Redis makes it.
    long double v = std::ceil(secs * 1000.0L);
    ms = v >= 9223372036854775807.0L || v < -9223372036854775807.0L
             ? std::numeric_limits<int64_t>::min()
             : static_cast<int64_t>(v);
  } else if (!string_to_ll(arg, &ms)) {
    reply_error("ERR timeout is not an integer or out of range");
    return false;
  }
  if (ms < 0) {
    reply_error("ERR timeout is negative");
    return false;
  }
  if (ms == 0) {
    *deadline_ms = 0;
    return true;
  }
  // A deadline beyond int64 never comes (Redis's wrapped deadline never fires either).
  int64_t now = now_ms();
  *deadline_ms = ms > std::numeric_limits<int64_t>::max() - now ? 0 : now + ms;
  return true;
}

}  // namespace eddy
