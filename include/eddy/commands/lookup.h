// Key lookups for command handlers, with the side effects Redis attaches to them.
//
// Database::lookup() only performs lazy expiry. A command reading a key also counts a
// keyspace hit or miss (INFO keyspace_hits/misses), emits "keymiss" on a miss
// (notify-keyspace-events 'm') and refreshes the key's LRU clock (OBJECT IDLETIME). Write
// lookups expire lazily and touch the LRU clock but count nothing, as in Redis.
//
// Which Redis commands count: every read lookup, including TYPE, EXISTS, TTL/PTTL,
// EXPIRETIME, OBJECT, TOUCH, COPY's source and SCAN's TYPE filter; DEL, RENAME, MOVE,
// EXPIRE, PERSIST and KEYS do not (checked against redis-server 7.0 INFO stats).
//
// Clients in CLIENT NO-TOUCH mode (kClientNoTouch) never refresh the LRU clock, except
// through the TOUCH command itself.
#pragma once
#include <cstdint>
#include <string_view>

namespace eddy {

class CommandContext;
class Database;
struct Entry;

enum LookupFlag : uint32_t {
  kLookupNone = 0,
  kLookupNoTouch = 1 << 0,   // leave the LRU clock alone (TYPE, EXISTS, TTL, OBJECT, ...)
  kLookupNoStats = 1 << 1,   // don't count a keyspace hit/miss
  kLookupNoNotify = 1 << 2,  // no "keymiss" event on a miss
};

// Read lookup in the client's database: lazy expiry, hit/miss stats, "keymiss", LRU touch.
Entry* lookup_read(CommandContext& ctx, std::string_view key, uint32_t flags = kLookupNone);
Entry* lookup_read(CommandContext& ctx, Database& db, std::string_view key,
                   uint32_t flags = kLookupNone);

// Write lookup: lazy expiry and LRU touch only.
Entry* lookup_write(CommandContext& ctx, std::string_view key, uint32_t flags = kLookupNone);
Entry* lookup_write(CommandContext& ctx, Database& db, std::string_view key,
                    uint32_t flags = kLookupNone);

// Refreshes an entry's access clock unless the client is in NO-TOUCH mode.
void touch_entry(CommandContext& ctx, Entry* e);

}  // namespace eddy
