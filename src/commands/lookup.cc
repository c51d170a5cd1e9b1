#include "eddy/commands/lookup.h"

#include "eddy/commands/command_table.h"
#include "eddy/keyspace/database.h"
#include "eddy/server/server.h"

namespace eddy {

void touch_entry(CommandContext& ctx, Entry* e) {
  // NO-TOUCH clients leave access times alone, but TOUCH still does its job.
  if (ctx.client().has(kClientNoTouch)) {
    const CommandEntry* cmd = ctx.command();
    if (!cmd || cmd->spec->name != "touch") return;
  }
  e->lru = lru_clock();
}

Entry* lookup_read(CommandContext& ctx, Database& db, std::string_view key, uint32_t flags) {
  Entry* e = db.lookup(key);
  if (!(flags & kLookupNoStats)) {
    ServerStats& stats = ctx.server().stats();
    if (e) {
      ++stats.keyspace_hits;
    } else {
      ++stats.keyspace_misses;
    }
  }
  if (!e) {
    if (!(flags & kLookupNoNotify)) ctx.notify(kNotifyKeyMiss, "keymiss", key, db.id());
    return nullptr;
  }
  if (!(flags & kLookupNoTouch)) touch_entry(ctx, e);
  return e;
}

Entry* lookup_read(CommandContext& ctx, std::string_view key, uint32_t flags) {
  return lookup_read(ctx, ctx.db(), key, flags);
}

Entry* lookup_write(CommandContext& ctx, Database& db, std::string_view key, uint32_t flags) {
  Entry* e = db.lookup(key);
  if (e && !(flags & kLookupNoTouch)) touch_entry(ctx, e);
  return e;
}

Entry* lookup_write(CommandContext& ctx, std::string_view key, uint32_t flags) {
  return lookup_write(ctx, ctx.db(), key, flags);
}

}  // namespace eddy
