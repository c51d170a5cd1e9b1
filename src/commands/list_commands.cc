// List commands: LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LLEN LRANGE LINDEX LSET LINSERT LREM
// LTRIM LPOS LMOVE RPOPLPUSH LMPOP and the blocking BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP.
//
// Argument checks run in Redis 7.0's order (e.g. LRANGE parses its indexes before looking
// at the key, LINDEX looks at the key first), so the same bad command gets the same error.
//
// Blocking forms share the bodies of their immediate forms: they try to serve, and when
// every key is empty they block (server/blocking.h). When a key becomes ready the same
// handler runs again with ctx.ready_key() set and serves from that key only. Inside
// MULTI/EXEC they never block: BLPOP/BLMPOP answer a null array, BLMOVE a null bulk, as
// the oracle does.
//
// Propagation: a blocking pop that served is written to the AOF as its immediate form
// (BLPOP -> LPOP key, BLMPOP -> LPOP key count, BLMOVE -> LMOVE, BRPOPLPUSH ->
// RPOPLPUSH), so replay never blocks.
//
// Events (notify-keyspace-events 'l'): lpush/rpush, lpop/rpop, linsert, lset, lrem, ltrim,
// and a generic "del" when a pop or removal empties the list (the key is then deleted).
// LMOVE notifies the push on the destination before the pop on the source, as Redis does.
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "eddy/commands/command_table.h"
#include "eddy/commands/lookup.h"
#include "eddy/keyspace/database.h"
#include "eddy/server/server.h"
#include "eddy/types/list.h"

namespace eddy {
namespace {

enum class End { Head, Tail };

constexpr std::string_view kMustBePositive = "ERR value is out of range, must be positive";
constexpr std::string_view kRankZero =
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or "
    "use negative to start from the end of the list";
constexpr std::string_view kCountNegative = "ERR COUNT can't be negative";
constexpr std::string_view kMaxlenNegative = "ERR MAXLEN can't be negative";
constexpr std::string_view kNumkeys = "ERR numkeys should be greater than 0";
constexpr std::string_view kCountPositive = "ERR count should be greater than 0";

std::string_view pop_event(End e) { return e == End::Head ? "lpop" : "rpop"; }
std::string_view push_event(End e) { return e == End::Head ? "lpush" : "rpush"; }
std::string_view pop_name(End e) { return e == End::Head ? "LPOP" : "RPOP"; }
std::string_view end_name(End e) { return e == End::Head ? "LEFT" : "RIGHT"; }

List* as_list(Entry* e) { return e->val.as<List>(); }

// LEFT / RIGHT (case-insensitive).
bool parse_end(std::string_view s, End* out) {
  if (iequals(s, "left")) {
    *out = End::Head;
  } else if (iequals(s, "right")) {
    *out = End::Tail;
  } else {
    return false;
  }
  return true;
}

// A new empty list for `key`, with the node size configured now.
List* create_list(CommandContext& ctx, Database& db, std::string_view key) {
  auto list = std::make_unique<List>(ctx.server().settings().limits.list_max_listpack_size);
  List* raw = list.get();
  db.add(key, Value::object(ValueType::List, std::move(list)));
  return raw;
}

void push(List* l, End where, std::string_view v) {
  if (where == End::Head) {
    l->push_front(v);
  } else {
    l->push_back(v);
  }
}

std::string pop(List* l, End where) {
  auto v = where == End::Head ? l->pop_front() : l->pop_back();
  return v ? std::move(*v) : std::string();
}

// Deletes the key when its list is empty, with Redis's "del" event.
void delete_if_empty(CommandContext& ctx, Database& db, std::string_view key, List* l) {
  if (!l->empty()) return;
  db.erase(key);
  ctx.notify(kNotifyGeneric, "del", key, db.id());
}

// Pops up to `count` elements from the list at `key` (an existing list), emitting the pop
// event once and deleting the key when it empties.
std::vector<std::string> pop_many(CommandContext& ctx, std::string_view key, List* l, End where,
                                  int64_t count) {
  std::vector<std::string> out;
  size_t n = static_cast<size_t>(std::min<int64_t>(count, static_cast<int64_t>(l->length())));
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back(pop(l, where));
  ctx.key_modified(key, kNotifyList, pop_event(where));
  delete_if_empty(ctx, ctx.db(), key, l);
  return out;
}

// LPUSH/RPUSH key element [element ...], LPUSHX/RPUSHX (only_existing).
void push_generic(CommandContext& ctx, End where, bool only_existing) {
  std::string_view key = ctx.arg(1);
  Entry* e = lookup_write(ctx, key);
  if (e && e->val.type() != ValueType::List) return ctx.reply_error(err::kWrongType);
  if (!e && only_existing) return ctx.reply().integer(0);
  List* l = e ? as_list(e) : create_list(ctx, ctx.db(), key);
  for (size_t i = 2; i < ctx.argc(); ++i) push(l, where, ctx.arg(i));
  ctx.key_modified(key, kNotifyList, push_event(where));
  ctx.reply().integer(static_cast<int64_t>(l->length()));
}

void lpush_command(CommandContext& ctx) { push_generic(ctx, End::Head, false); }
void rpush_command(CommandContext& ctx) { push_generic(ctx, End::Tail, false); }
void lpushx_command(CommandContext& ctx) { push_generic(ctx, End::Head, true); }
void rpushx_command(CommandContext& ctx) { push_generic(ctx, End::Tail, true); }

// LPOP/RPOP key [count]
// Without count: the element or a null bulk. With count: an array (empty for count 0 on
// an existing list), or a null array when the key is missing.
void pop_generic(CommandContext& ctx, End where) {
  if (ctx.argc() > 3) return ctx.reply_error(err::wrong_arity(ctx.command()->fullname));
  const bool has_count = ctx.argc() == 3;
  int64_t count = 1;
  if (has_count && (!string_to_ll(ctx.arg(2), &count) || count < 0))
    return ctx.reply_error(kMustBePositive);
  std::string_view key = ctx.arg(1);
  Entry* e = lookup_write(ctx, key);
  if (!e) return has_count ? ctx.reply().null_array() : ctx.reply().null();
  if (e->val.type() != ValueType::List) return ctx.reply_error(err::kWrongType);
  if (has_count && count == 0) return ctx.reply().empty_array();
  auto items = pop_many(ctx, key, as_list(e), where, count);
  if (!has_count) return ctx.reply().bulk(items.front());
  ctx.reply().array(items.size());
  for (auto& s : items) ctx.reply().bulk(s);
}

void lpop_command(CommandContext& ctx) { pop_generic(ctx, End::Head); }
void rpop_command(CommandContext& ctx) { pop_generic(ctx, End::Tail); }

// LLEN key
void llen_command(CommandContext& ctx) {
  Entry* e = lookup_read(ctx, ctx.arg(1));
  if (!e) return ctx.reply().integer(0);
  if (e->val.type() != ValueType::List) return ctx.reply_error(err::kWrongType);
  ctx.reply().integer(static_cast<int64_t>(as_list(e)->length()));
}

// LRANGE key start stop
void lrange_command(CommandContext& ctx) {
  int64_t start = 0, stop = 0;
  if (!string_to_ll(ctx.arg(2), &start) || !string_to_ll(ctx.arg(3), &stop))
    return ctx.reply_error(err::kNotInteger);
  Entry* e = lookup_read(ctx, ctx.arg(1));
  if (!e) return ctx.reply().empty_array();
  if (e->val.type() != ValueType::List) return ctx.reply_error(err::kWrongType);
  List* l = as_list(e);
  size_t first, last;
  if (!l->normalize_range(start, stop, &first, &last)) return ctx.reply().empty_array();
  ReplyWriter& r = ctx.reply();
  r.array(last - first + 1);
  l->range(start, stop, [&](const ElemRef& el) { r.bulk(el.view()); });
}

// LINDEX key index
void lindex_command(CommandContext& ctx) {
  Entry* e = lookup_read(ctx, ctx.arg(1));
  if (!e) return ctx.reply().null();
  if (e->val.type() != ValueType::List) return ctx.reply_error(err::kWrongType);
  int64_t index = 0;
  if (!string_to_ll(ctx.arg(2), &index)) return ctx.reply_error(err::kNotInteger);
  auto el = as_list(e)->index(index);
  if (!el) return ctx.reply().null();
  ctx.reply().bulk(el->view());
}

// LSET key index element
void lset_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  Entry* e = lookup_write(ctx, key);
  if (!e) return ctx.reply_error(err::kNoSuchKey);
  if (e->val.type() != ValueType::List) return ctx.reply_error(err::kWrongType);
  int64_t index = 0;
  if (!string_to_ll(ctx.arg(2), &index)) return ctx.reply_error(err::kNotInteger);
  if (!as_list(e)->set(index, ctx.arg(3))) return ctx.reply_error(err::kOutOfRange);
  ctx.key_modified(key, kNotifyList, "lset");
  ctx.reply().ok();
}

// LINSERT key BEFORE|AFTER pivot element
void linsert_command(CommandContext& ctx) {
  List::Where where;
  if (iequals(ctx.arg(2), "before")) {
    where = List::Where::Before;
  } else if (iequals(ctx.arg(2), "after")) {
    where = List::Where::After;
  } else {
    return ctx.reply_error(err::kSyntax);
  }
  std::string_view key = ctx.arg(1);
  Entry* e = lookup_write(ctx, key);
  if (!e) return ctx.reply().integer(0);
  if (e->val.type() != ValueType::List) return ctx.reply_error(err::kWrongType);
  List* l = as_list(e);
  if (!l->insert(ctx.arg(3), ctx.arg(4), where)) return ctx.reply().integer(-1);
  ctx.key_modified(key, kNotifyList, "linsert");
  ctx.reply().integer(static_cast<int64_t>(l->length()));
}

// LREM key count element
void lrem_command(CommandContext& ctx) {
  int64_t count = 0;
  if (!string_to_ll(ctx.arg(2), &count)) return ctx.reply_error(err::kNotInteger);
  std::string_view key = ctx.arg(1);
  Entry* e = lookup_write(ctx, key);
  if (!e) return ctx.reply().integer(0);
  if (e->val.type() != ValueType::List) return ctx.reply_error(err::kWrongType);
  List* l = as_list(e);
  size_t removed = l->remove(ctx.arg(3), count);
  if (removed) {
    ctx.key_modified(key, kNotifyList, "lrem");
    delete_if_empty(ctx, ctx.db(), key, l);
  }
  ctx.reply().integer(static_cast<int64_t>(removed));
}

// LTRIM key start stop
void ltrim_command(CommandContext& ctx) {
  int64_t start = 0, stop = 0;
  if (!string_to_ll(ctx.arg(2), &start) || !string_to_ll(ctx.arg(3), &stop))
    return ctx.reply_error(err::kNotInteger);
  std::string_view key = ctx.arg(1);
  Entry* e = lookup_write(ctx, key);
  if (!e) return ctx.reply().ok();
  if (e->val.type() != ValueType::List) return ctx.reply_error(err::kWrongType);
  List* l = as_list(e);
  l->trim(start, stop);
  // Redis signals LTRIM even when nothing was trimmed.
  ctx.key_modified(key, kNotifyList, "ltrim");
  delete_if_empty(ctx, ctx.db(), key, l);
  ctx.reply().ok();
}

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
void lpos_command(CommandContext& ctx) {
  int64_t rank = 1, count = -1, maxlen = 0;
  for (size_t j = 3; j < ctx.argc(); ++j) {
    std::string_view opt = ctx.arg(j);
    const bool more = j + 1 < ctx.argc();
    if (iequals(opt, "rank") && more) {
      if (!string_to_ll(ctx.arg(++j), &rank)) return ctx.reply_error(err::kNotInteger);
      if (rank == 0) return ctx.reply_error(kRankZero);
      // Redis 7.0 negates the rank to search from the tail; for INT64_MIN that stays
      // negative and every match qualifies, which is what rank -1 does.
      if (rank == std::numeric_limits<int64_t>::min()) rank = -1;
    } else if (iequals(opt, "count") && more) {
      if (!string_to_ll(ctx.arg(++j), &count) || count < 0)
        return ctx.reply_error(kCountNegative);
    } else if (iequals(opt, "maxlen") && more) {
      if (!string_to_ll(ctx.arg(++j), &maxlen) || maxlen < 0)
        return ctx.reply_error(kMaxlenNegative);
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }
  Entry* e = lookup_read(ctx, ctx.arg(1));
  if (!e) return count != -1 ? ctx.reply().empty_array() : ctx.reply().null();
  if (e->val.type() != ValueType::List) return ctx.reply_error(err::kWrongType);
  auto found = as_list(e)->positions(ctx.arg(2), rank, count == -1 ? 1 : count, maxlen);
  if (count == -1) return found.empty() ? ctx.reply().null() : ctx.reply().integer(found[0]);
  ctx.reply().array(found.size());
  for (int64_t pos : found) ctx.reply().integer(pos);
}

// The move itself for LMOVE/BLMOVE: src is an existing non-empty list, dst (if present) a
// list. Replies the moved element.
void move_element(CommandContext& ctx, std::string_view src_key, Entry* src,
                  std::string_view dst_key, Entry* dst, End from, End to) {
  List* sl = as_list(src);
  std::string v = pop(sl, from);
  // Popping may have emptied the source; when source and destination are the same key the
  // element goes straight back, so the list is never observed empty.
  List* dl = dst ? as_list(dst) : nullptr;
  if (src_key == dst_key) dl = sl;
  if (!dl) dl = create_list(ctx, ctx.db(), dst_key);
  push(dl, to, v);
  ctx.key_modified(dst_key, kNotifyList, push_event(to));
  ctx.key_modified(src_key, kNotifyList, pop_event(from));
  delete_if_empty(ctx, ctx.db(), src_key, sl);
  ctx.reply().bulk(v);
}

// LMOVE source destination LEFT|RIGHT LEFT|RIGHT, RPOPLPUSH source destination.
void lmove_generic(CommandContext& ctx, End from, End to) {
  std::string_view src_key = ctx.arg(1), dst_key = ctx.arg(2);
  Entry* src = lookup_write(ctx, src_key);
  if (!src) return ctx.reply().null();
  if (src->val.type() != ValueType::List) return ctx.reply_error(err::kWrongType);
  Entry* dst = lookup_write(ctx, dst_key);
  if (dst && dst->val.type() != ValueType::List) return ctx.reply_error(err::kWrongType);
  move_element(ctx, src_key, src, dst_key, dst, from, to);
}

void lmove_command(CommandContext& ctx) {
  End from, to;
  if (!parse_end(ctx.arg(3), &from) || !parse_end(ctx.arg(4), &to))
    return ctx.reply_error(err::kSyntax);
  lmove_generic(ctx, from, to);
}

void rpoplpush_command(CommandContext& ctx) { lmove_generic(ctx, End::Tail, End::Head); }

// [B]LMPOP parsing: numkeys at `numkeys_at`, then the keys, LEFT|RIGHT, [COUNT count].
struct MpopArgs {
  size_t first_key = 0;
  size_t numkeys = 0;
  End where = End::Head;
  int64_t count = 1;
};

bool parse_mpop(CommandContext& ctx, size_t numkeys_at, MpopArgs* a) {
  int64_t numkeys = 0;
  if (!string_to_ll(ctx.arg(numkeys_at), &numkeys) || numkeys <= 0) {
    ctx.reply_error(kNumkeys);
    return false;
  }
  size_t where_at = numkeys_at + 1;
  if (static_cast<uint64_t>(numkeys) >= ctx.argc() - where_at) {
    ctx.reply_error(err::kSyntax);
    return false;
  }
  where_at += static_cast<size_t>(numkeys);
  if (!parse_end(ctx.arg(where_at), &a->where)) {
    ctx.reply_error(err::kSyntax);
    return false;
  }
  bool count_given = false;
  for (size_t j = where_at + 1; j < ctx.argc(); ++j) {
    if (!count_given && iequals(ctx.arg(j), "count") && j + 1 < ctx.argc()) {
      if (!string_to_ll(ctx.arg(++j), &a->count) || a->count <= 0) {
        ctx.reply_error(kCountPositive);
        return false;
      }
      count_given = true;
    } else {
      ctx.reply_error(err::kSyntax);
      return false;
    }
  }
  a->first_key = numkeys_at + 1;
  a->numkeys = static_cast<size_t>(numkeys);
  return true;
}

enum class Served { Yes, No, Error };

// Pops from the first non-empty list among `keys` (only `ready` when re-run for a ready
// key): replies [key, [elements]] and propagates `LPOP|RPOP key count`.
Served mpop_from(CommandContext& ctx, std::span<const std::string_view> keys, End where,
                 int64_t count) {
  auto ready = ctx.ready_key();
  for (std::string_view key : keys) {
    if (ready && key != *ready) continue;
    Entry* e = lookup_write(ctx, key);
    if (!e) continue;
    if (e->val.type() != ValueType::List) {
      if (ready) return Served::No;  // a woken client waits on for a list
      ctx.reply_error(err::kWrongType);
      return Served::Error;
    }
    auto items = pop_many(ctx, key, as_list(e), where, count);
    ReplyWriter& r = ctx.reply();
    r.array(2);
    r.bulk(key);
    r.array(items.size());
    for (auto& s : items) r.bulk(s);
    ctx.propagate_as({std::string(pop_name(where)), std::string(key),
                      std::to_string(items.size())});
    return Served::Yes;
  }
  return Served::No;
}

// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]
void lmpop_command(CommandContext& ctx) {
  MpopArgs a;
  if (!parse_mpop(ctx, 1, &a)) return;
  std::vector<std::string_view> keys(ctx.args().begin() + a.first_key,
                                     ctx.args().begin() + a.first_key + a.numkeys);
  if (mpop_from(ctx, keys, a.where, a.count) == Served::No) ctx.reply().null_array();
}

// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
void blmpop_command(CommandContext& ctx) {
  int64_t deadline = 0;
  if (!ctx.parse_block_timeout(ctx.arg(1), CommandContext::TimeoutUnit::Seconds, &deadline))
    return;
  MpopArgs a;
  if (!parse_mpop(ctx, 2, &a)) return;
  std::vector<std::string_view> keys(ctx.args().begin() + a.first_key,
                                     ctx.args().begin() + a.first_key + a.numkeys);
  Served s = mpop_from(ctx, keys, a.where, a.count);
  if (s != Served::No) return;
  if (!ctx.may_block()) return ctx.reply().null_array();
  ctx.block(keys, deadline);
}

// BLPOP/BRPOP key [key ...] timeout: replies [key, element], propagated as LPOP/RPOP key.
void bpop_generic(CommandContext& ctx, End where) {
  int64_t deadline = 0;
  if (!ctx.parse_block_timeout(ctx.arg(ctx.argc() - 1), CommandContext::TimeoutUnit::Seconds,
                               &deadline))
    return;
  std::vector<std::string_view> keys(ctx.args().begin() + 1, ctx.args().end() - 1);
  auto ready = ctx.ready_key();
  for (std::string_view key : keys) {
    if (ready && key != *ready) continue;
    Entry* e = lookup_write(ctx, key);
    if (!e) continue;
    if (e->val.type() != ValueType::List) {
      if (ready) break;
      return ctx.reply_error(err::kWrongType);
    }
    auto items = pop_many(ctx, key, as_list(e), where, 1);
    ctx.reply().array(2);
    ctx.reply().bulk(key);
    ctx.reply().bulk(items.front());
    ctx.propagate_as({std::string(pop_name(where)), std::string(key)});
    return;
  }
  if (!ctx.may_block()) return ctx.reply().null_array();
  ctx.block(keys, deadline);
}

void blpop_command(CommandContext& ctx) { bpop_generic(ctx, End::Head); }
void brpop_command(CommandContext& ctx) { bpop_generic(ctx, End::Tail); }

// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout, BRPOPLPUSH source destination
// timeout: the element, propagated as LMOVE / RPOPLPUSH. Blocks on the source only.
void blmove_generic(CommandContext& ctx, End from, End to, bool rpoplpush) {
  int64_t deadline = 0;
  if (!ctx.parse_block_timeout(ctx.arg(ctx.argc() - 1), CommandContext::TimeoutUnit::Seconds,
                               &deadline))
    return;
  std::string_view src_key = ctx.arg(1), dst_key = ctx.arg(2);
  Entry* src = lookup_write(ctx, src_key);
  if (src && src->val.type() != ValueType::List) {
    if (ctx.ready_key()) return ctx.block({&src_key, 1}, deadline);
    return ctx.reply_error(err::kWrongType);
  }
  if (src) {
    Entry* dst = lookup_write(ctx, dst_key);
    if (dst && dst->val.type() != ValueType::List) return ctx.reply_error(err::kWrongType);
    move_element(ctx, src_key, src, dst_key, dst, from, to);
    if (rpoplpush) {
      ctx.propagate_as({"RPOPLPUSH", std::string(src_key), std::string(dst_key)});
    } else {
      ctx.propagate_as({"LMOVE", std::string(src_key), std::string(dst_key),
                        std::string(end_name(from)), std::string(end_name(to))});
    }
    return;
  }
  if (!ctx.may_block()) return ctx.reply().null();
  ctx.block({&src_key, 1}, deadline);
}

void blmove_command(CommandContext& ctx) {
  End from, to;
  if (!parse_end(ctx.arg(3), &from) || !parse_end(ctx.arg(4), &to))
    return ctx.reply_error(err::kSyntax);
  blmove_generic(ctx, from, to, false);
}

void brpoplpush_command(CommandContext& ctx) {
  blmove_generic(ctx, End::Tail, End::Head, true);
}

// Keys of LMPOP (numkeys at 1) and BLMPOP (numkeys at 2).
int mpop_keys(std::span<const std::string_view> argv, size_t numkeys_at, std::vector<int>* out) {
  int64_t n = 0;
  if (argv.size() <= numkeys_at || !string_to_ll(argv[numkeys_at], &n) || n <= 0 ||
      static_cast<uint64_t>(n) > argv.size() - numkeys_at - 1)
    return -1;
  for (int64_t i = 0; i < n; ++i) out->push_back(static_cast<int>(numkeys_at + 1 + i));
  return static_cast<int>(n);
}
int lmpop_keys(std::span<const std::string_view> argv, std::vector<int>* out) {
  return mpop_keys(argv, 1, out);
}
int blmpop_keys(std::span<const std::string_view> argv, std::vector<int>* out) {
  return mpop_keys(argv, 2, out);
}

// ---------------------------------------------------------------------------------------
// Command table rows (arity, flags and key positions as redis-server 7.0 COMMAND INFO).

constexpr uint64_t kRead = kCmdReadOnly;
constexpr uint64_t kReadFast = kCmdReadOnly | kCmdFast;
constexpr uint64_t kWrite = kCmdWrite;
constexpr uint64_t kWriteFast = kCmdWrite | kCmdFast;
constexpr uint64_t kWriteOom = kCmdWrite | kCmdDenyOom;
constexpr uint64_t kWriteOomFast = kCmdWrite | kCmdDenyOom | kCmdFast;
constexpr uint64_t kBlocking = kCmdWrite | kCmdBlocking | kCmdNoScript;

const CommandSpec kRows[] = {
    {.name = "lpush", .arity = -3, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = lpush_command, .group = CommandGroup::List,
     .summary = "Prepends one or more elements to a list, creating it if needed.",
     .since = "1.0.0", .complexity = "O(1) for each element added.",
     .args = "key element [element ...]"},
    {.name = "rpush", .arity = -3, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = rpush_command, .group = CommandGroup::List,
     .summary = "Appends one or more elements to a list, creating it if needed.",
     .since = "1.0.0", .complexity = "O(1) for each element added.",
     .args = "key element [element ...]"},
    {.name = "lpushx", .arity = -3, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = lpushx_command, .group = CommandGroup::List,
     .summary = "Prepends one or more elements to a list, only when the list exists.",
     .since = "2.2.0", .complexity = "O(1) for each element added.",
     .args = "key element [element ...]"},
    {.name = "rpushx", .arity = -3, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = rpushx_command, .group = CommandGroup::List,
     .summary = "Appends one or more elements to a list, only when the list exists.",
     .since = "2.2.0", .complexity = "O(1) for each element added.",
     .args = "key element [element ...]"},
    {.name = "lpop", .arity = -2, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = lpop_command, .group = CommandGroup::List,
     .summary = "Removes and returns the first elements of a list; deletes it when emptied.",
     .since = "1.0.0", .complexity = "O(N), N being the number of elements returned.",
     .args = "key [count]"},
    {.name = "rpop", .arity = -2, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = rpop_command, .group = CommandGroup::List,
     .summary = "Removes and returns the last elements of a list; deletes it when emptied.",
     .since = "1.0.0", .complexity = "O(N), N being the number of elements returned.",
     .args = "key [count]"},
    {.name = "llen", .arity = 2, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = llen_command, .group = CommandGroup::List,
     .summary = "Returns the length of a list.", .since = "1.0.0", .complexity = "O(1)",
     .args = "key"},
    {.name = "lrange", .arity = 4, .flags = kRead, .keys = {1, 1, 1},
     .handler = lrange_command, .group = CommandGroup::List,
     .summary = "Returns a range of elements of a list.", .since = "1.0.0",
     .complexity = "O(S+N): S the distance of start from the nearer end (in nodes), N the "
                   "number of elements returned.",
     .args = "key start stop"},
    {.name = "lindex", .arity = 3, .flags = kRead, .keys = {1, 1, 1},
     .handler = lindex_command, .group = CommandGroup::List,
     .summary = "Returns an element of a list by its index.", .since = "1.0.0",
     .complexity = "O(N) in nodes walked from the nearer end; O(1) at either end.",
     .args = "key index"},
    {.name = "lset", .arity = 4, .flags = kWriteOom, .keys = {1, 1, 1},
     .handler = lset_command, .group = CommandGroup::List,
     .summary = "Replaces the element of a list at an index.", .since = "1.0.0",
     .complexity = "O(N) in nodes walked from the nearer end; O(1) at either end.",
     .args = "key index element"},
    {.name = "linsert", .arity = 5, .flags = kWriteOom, .keys = {1, 1, 1},
     .handler = linsert_command, .group = CommandGroup::List,
     .summary = "Inserts an element before or after another element of a list.",
     .since = "2.2.0", .complexity = "O(N), N being the elements walked to find the pivot.",
     .args = "key <BEFORE | AFTER> pivot element"},
    {.name = "lrem", .arity = 4, .flags = kWrite, .keys = {1, 1, 1},
     .handler = lrem_command, .group = CommandGroup::List,
     .summary = "Removes elements equal to a value from a list; deletes it when emptied.",
     .since = "1.0.0", .complexity = "O(N+M): N the length of the list, M the removals.",
     .args = "key count element"},
    {.name = "ltrim", .arity = 4, .flags = kWrite, .keys = {1, 1, 1},
     .handler = ltrim_command, .group = CommandGroup::List,
     .summary = "Trims a list to a range of indexes; deletes it when emptied.",
     .since = "1.0.0", .complexity = "O(N), N being the number of elements removed.",
     .args = "key start stop"},
    {.name = "lpos", .arity = -3, .flags = kRead, .keys = {1, 1, 1},
     .handler = lpos_command, .group = CommandGroup::List,
     .summary = "Returns the indexes of elements equal to a value in a list.",
     .since = "6.0.6",
     .complexity = "O(N), N being the elements compared (at most MAXLEN when given).",
     .args = "key element [RANK rank] [COUNT num-matches] [MAXLEN len]"},
    {.name = "lmove", .arity = 5, .flags = kWriteOom, .keys = {1, 2, 1},
     .handler = lmove_command, .group = CommandGroup::List,
     .summary = "Moves an element from one end of a list to an end of another list (or the "
                "same one).",
     .since = "6.2.0", .complexity = "O(1)",
     .args = "source destination <LEFT | RIGHT> <LEFT | RIGHT>"},
    {.name = "rpoplpush", .arity = 3, .flags = kWriteOom, .keys = {1, 2, 1},
     .handler = rpoplpush_command, .group = CommandGroup::List,
     .summary = "Moves the last element of a list to the head of another list (old form of "
                "LMOVE RIGHT LEFT).",
     .since = "1.2.0", .complexity = "O(1)", .args = "source destination"},
    {.name = "lmpop", .arity = -4, .flags = kWrite, .handler = lmpop_command,
     .group = CommandGroup::List,
     .summary = "Pops elements from the first non-empty list among several keys.",
     .since = "7.0.0",
     .complexity = "O(N+M): N the keys tried, M the elements returned.",
     .args = "numkeys key [key ...] <LEFT | RIGHT> [COUNT count]",
     .movable_keys = lmpop_keys},
    {.name = "blpop", .arity = -3, .flags = kBlocking, .keys = {1, -2, 1},
     .handler = blpop_command, .group = CommandGroup::List,
     .summary = "Pops the first element of the first non-empty list, or blocks until one "
                "has an element or the timeout passes.",
     .since = "2.0.0", .complexity = "O(N), N being the number of keys.",
     .args = "key [key ...] timeout:double"},
    {.name = "brpop", .arity = -3, .flags = kBlocking, .keys = {1, -2, 1},
     .handler = brpop_command, .group = CommandGroup::List,
     .summary = "Pops the last element of the first non-empty list, or blocks until one "
                "has an element or the timeout passes.",
     .since = "2.0.0", .complexity = "O(N), N being the number of keys.",
     .args = "key [key ...] timeout:double"},
    {.name = "blmove", .arity = 6, .flags = kBlocking | kCmdDenyOom, .keys = {1, 2, 1},
     .handler = blmove_command, .group = CommandGroup::List,
     .summary = "Moves an element between lists, blocking until the source has one or the "
                "timeout passes.",
     .since = "6.2.0", .complexity = "O(1)",
     .args = "source destination <LEFT | RIGHT> <LEFT | RIGHT> timeout:double"},
    {.name = "brpoplpush", .arity = 4, .flags = kBlocking | kCmdDenyOom, .keys = {1, 2, 1},
     .handler = brpoplpush_command, .group = CommandGroup::List,
     .summary = "Moves the last element of a list to the head of another, blocking until "
                "the source has one or the timeout passes (old form of BLMOVE).",
     .since = "2.2.0", .complexity = "O(1)", .args = "source destination timeout:double"},
    {.name = "blmpop", .arity = -5, .flags = kCmdWrite | kCmdBlocking, .handler = blmpop_command,
     .group = CommandGroup::List,
     .summary = "Pops elements from the first non-empty list among several keys, or blocks "
                "until one has elements or the timeout passes.",
     .since = "7.0.0", .complexity = "O(N+M): N the keys tried, M the elements returned.",
     .args = "timeout:double numkeys key [key ...] <LEFT | RIGHT> [COUNT count]",
     .movable_keys = blmpop_keys},
};

}  // namespace

void register_list_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
