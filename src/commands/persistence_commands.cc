// Persistence commands: SAVE, BGSAVE, DUMP, RESTORE.
//
// DUMP produces the same payload redis-server 7.0 produces for the same value and
// encoding (type byte, RDB-encoded value, RDB version 10, CRC-64), so payloads move between
// the two servers both ways. RESTORE checks the footer first (version <= 10, checksum),
// then decodes with full validation: a malformed payload is "Bad data format", never a
// crash, whatever sanitize-dump-payload says (Eddy always sanitizes).
#include <string>

#include "eddy/base/clock.h"
#include "eddy/commands/command_table.h"
#include "eddy/commands/lookup.h"
#include "eddy/keyspace/database.h"
#include "eddy/persistence/rdb.h"
#include "eddy/server/persistence.h"
#include "eddy/server/aof.h"
#include "eddy/server/server.h"

namespace eddy {
namespace {

// SAVE
void save_command(CommandContext& ctx) {
  Persistence& p = ctx.server().persistence();
  if (p.bgsave_in_progress()) return ctx.reply_error("ERR Background save already in progress");
  if (p.save()) return ctx.reply().ok();
  ctx.reply_error("ERR");
}

// BGSAVE [SCHEDULE]
void bgsave_command(CommandContext& ctx) {
  bool schedule = false;
  if (ctx.argc() > 1) {
    if (ctx.argc() == 2 && iequals(ctx.arg(1), "schedule")) {
      schedule = true;
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }
  Persistence& p = ctx.server().persistence();
  if (!p.bgsave_in_progress() && ctx.client().has(kClientExecuting)) {
    p.schedule_bgsave();
    return ctx.reply().simple("Background saving scheduled");
  }
  switch (p.bgsave(schedule)) {
    case Persistence::BgsaveStart::Started: return ctx.reply().simple("Background saving started");
    case Persistence::BgsaveStart::Scheduled:
      return ctx.reply().simple("Background saving scheduled");
    case Persistence::BgsaveStart::AlreadyRunning:
      return ctx.reply_error("ERR Background save already in progress");
    case Persistence::BgsaveStart::OtherChild:
      return ctx.reply_error(
          "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE "
          "SCHEDULE in order to schedule a BGSAVE whenever possible.");
    case Persistence::BgsaveStart::ForkFailed: return ctx.reply_error("ERR");
  }
}

// BGREWRITEAOF
void bgrewriteaof_command(CommandContext& ctx) {
  Aof& aof = ctx.server().aof();
  // Inside EXEC the fork waits for the cron (as BGSAVE does).
  if (ctx.client().has(kClientExecuting) && !aof.rewrite_in_progress()) {
    aof.schedule_rewrite();
    return ctx.reply().simple("Background append only file rewriting scheduled");
  }
  switch (aof.bgrewrite()) {
    case Aof::RewriteStart::Started:
      return ctx.reply().simple("Background append only file rewriting started");
    case Aof::RewriteStart::Scheduled:
      return ctx.reply().simple("Background append only file rewriting scheduled");
    case Aof::RewriteStart::AlreadyRunning:
      return ctx.reply_error("ERR Background append only file rewriting already in progress");
    case Aof::RewriteStart::Failed:
      return ctx.reply_error(
          "ERR Can't execute an AOF background rewriting. Please check the server logs for "
          "more information.");
  }
}

// DUMP key
void dump_command(CommandContext& ctx) {
  Entry* e = lookup_read(ctx, ctx.arg(1));
  if (!e) return ctx.reply().null();
  ctx.reply().bulk(rdb_dump_payload(e->val, ctx.server().settings().rdbcompression));
}

// RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
void restore_command(CommandContext& ctx) {
  bool replace = false, absttl = false;
  int64_t idle = -1, freq = -1;
  for (size_t j = 4; j < ctx.argc(); ++j) {
    std::string_view a = ctx.arg(j);
    const bool more = j + 1 < ctx.argc();
    if (iequals(a, "replace")) {
      replace = true;
    } else if (iequals(a, "absttl")) {
      absttl = true;
    } else if (iequals(a, "idletime") && more && freq == -1) {
      if (!string_to_ll(ctx.arg(++j), &idle)) return ctx.reply_error(err::kNotInteger);
      if (idle < 0) return ctx.reply_error("ERR Invalid IDLETIME value, must be >= 0");
    } else if (iequals(a, "freq") && more && idle == -1) {
      if (!string_to_ll(ctx.arg(++j), &freq)) return ctx.reply_error(err::kNotInteger);
      if (freq < 0 || freq > 255)
        return ctx.reply_error("ERR Invalid FREQ value, must be >= 0 and <= 255");
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }
  std::string_view key = ctx.arg(1);
  Database& db = ctx.db();
  if (!replace && lookup_write(ctx, key)) {
    return ctx.reply_error("BUSYKEY Target key name already exists.");
  }
  int64_t ttl = 0;
  if (!string_to_ll(ctx.arg(2), &ttl)) return ctx.reply_error(err::kNotInteger);
  if (ttl < 0) return ctx.reply_error("ERR Invalid TTL value, must be >= 0");
  std::string_view payload = ctx.arg(3);
  if (!rdb_payload_footer_ok(payload))
    return ctx.reply_error("ERR DUMP payload version or checksum are wrong");
  Value v;
  if (!rdb_restore_value(payload, ctx.server().settings().limits, &v))
    return ctx.reply_error("ERR Bad data format");
  bool deleted = replace && lookup_write(ctx, key) && db.erase(key);
  if (ttl && !absttl) ttl += now_ms();
  if (ttl && ttl <= now_ms()) {
    // Already expired: the key is not created (and an old one it replaced is gone).
    if (deleted) {
      ctx.key_modified(key, kNotifyGeneric, "del");
      ctx.propagate_as({"DEL", std::string(key)});
    }
    return ctx.reply().ok();
  }
  Entry* e = db.add(key, std::move(v));
  if (ttl) {
    db.set_expire(e, ttl);
    if (!absttl) {
      // Propagated with the absolute time, as Redis rewrites it.
      std::vector<std::string> argv(ctx.args().begin(), ctx.args().end());
      argv[2] = std::to_string(ttl);
      argv.push_back("ABSTTL");
      ctx.propagate_as(std::move(argv));
    }
  }
  if (idle >= 0) {
    uint32_t now = lru_clock();
    e->lru = static_cast<uint32_t>(now - std::min<int64_t>(idle, now)) & 0xffffff;
  }
  ctx.key_modified(key, kNotifyGeneric, "restore");
  ctx.reply().ok();
}

constexpr uint64_t kSaveFlags = kCmdAdmin | kCmdNoScript | kCmdNoAsyncLoading;

const CommandSpec kRows[] = {
    {.name = "save", .arity = 1, .flags = kSaveFlags | kCmdNoMulti, .handler = save_command,
     .group = CommandGroup::Server,
     .summary = "Writes the dataset to the RDB file in the foreground.", .since = "1.0.0",
     .complexity = "O(N) where N is the total number of keys in all databases"},
    {.name = "bgsave", .arity = -1, .flags = kSaveFlags, .handler = bgsave_command,
     .group = CommandGroup::Server,
     .summary = "Writes the dataset to the RDB file from a forked child process.",
     .since = "1.0.0", .complexity = "O(1) to start; the child does O(N)",
     .args = "[SCHEDULE]"},
    {.name = "bgrewriteaof", .arity = 1, .flags = kSaveFlags, .handler = bgrewriteaof_command,
     .group = CommandGroup::Server,
     .summary = "Asynchronously rewrites the append-only file to disk.", .since = "1.0.0",
     .complexity = "O(1)"},
    {.name = "dump", .arity = 2, .flags = kCmdReadOnly, .keys = {1, 1, 1},
     .handler = dump_command, .group = CommandGroup::Generic,
     .summary = "Returns a serialized form of the value at a key (Redis's RDB encoding).",
     .since = "2.6.0",
     .complexity = "O(1) to find the key, O(N*M) to serialize it (N elements of size M).",
     .args = "key"},
    {.name = "restore", .arity = -4, .flags = kCmdWrite | kCmdDenyOom, .keys = {1, 1, 1},
     .handler = restore_command, .group = CommandGroup::Generic,
     .summary = "Creates a key from a DUMP payload.", .since = "2.6.0",
     .complexity = "O(1) to create the key, O(N*M) to deserialize the value.",
     .args = "key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]",
     .acl = "@dangerous"},
};

}  // namespace

void register_persistence_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
