// Sorted-set pops shared by ZPOPMIN/ZPOPMAX/ZMPOP and the blocking forms BZPOPMIN/BZPOPMAX/
// BZMPOP (which live on top of the blocking registry).
//
// Implemented in src/commands/zset_commands.cc. One pop path does the whole job, so every
// form behaves alike: it removes the entries, replies in the shape of the calling command,
// reports the write (one "zpopmin"/"zpopmax" event, dirty += entries popped, then "del" if
// the set became empty and was removed) and sets the propagated form Redis 7.0 writes:
//
//   form            reply (RESP2 | RESP3)                          propagated as
//   Single          [m, s] flat in both ([] when nothing popped)   the command itself
//   Counted         [m, s, m, s...] | [[m, s], ...]                the command itself
//   KeyedPairs      [key, [[m, s], ...]] in both (ZMPOP, BZMPOP)   ZPOPMIN|ZPOPMAX key <popped>
//   KeyMemberScore  [key, m, s] in both (BZPOPMIN, BZPOPMAX)       ZPOPMIN|ZPOPMAX key
//
// Scores are RESP3 doubles. A blocked client served later should call zset_pop_first()
// again with its own CommandContext, exactly as the non-blocking attempt did.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace eddy {

class CommandContext;
class Database;
struct Entry;

enum class ZPopEnd : uint8_t { Min, Max };
enum class ZPopForm : uint8_t { Single, Counted, KeyedPairs, KeyMemberScore };
enum class ZPopOutcome : uint8_t {
  Popped,     // replied with the entries
  WrongType,  // a key met before any sorted set holds another type: WRONGTYPE replied
  Empty,      // no key holds a sorted set: nothing replied (ZMPOP replies nil, B* block)
};

// Pops up to `count` entries (count may be 0 for the Counted form: empty reply, no write)
// from the sorted set held by `e`, which lives at `key` in `db`. Returns how many were
// popped. `key` must not point into `e` (the entry may be deleted).
size_t zset_pop(CommandContext& ctx, Database& db, Entry* e, std::string_view key, ZPopEnd end,
                size_t count, ZPopForm form);

// Pops from the first of `keys` (write lookups in the client's database, in order) that
// holds a sorted set. Keys after it are not looked at.
ZPopOutcome zset_pop_first(CommandContext& ctx, std::span<const std::string_view> keys,
                           ZPopEnd end, size_t count, ZPopForm form);

// ZMPOP / BZMPOP arguments from `numkeys_index` on: numkeys key [key ...] MIN|MAX
// [COUNT count]. Replies Redis's error and returns false when they are malformed.
struct ZMPopArgs {
  std::span<const std::string_view> keys;
  ZPopEnd end = ZPopEnd::Min;
  size_t count = 1;
};
bool parse_zmpop_args(CommandContext& ctx, size_t numkeys_index, ZMPopArgs* out);

}  // namespace eddy
