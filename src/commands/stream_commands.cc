// Stream commands: XADD XRANGE XREVRANGE XLEN XDEL XTRIM XREAD XREADGROUP XACK XPENDING
// XCLAIM XAUTOCLAIM XSETID and the XGROUP / XINFO containers.
//
// Argument checks run in Redis 7.0's order (XRANGE parses its IDs before looking at the
// key, XACK looks at the key and group first, XGROUP checks its options, then the key,
// then the group, then the ID...), so the same bad command gets the same error.
//
// Stream IDs are parsed as Redis parses them: `<ms>[-<seq>]` where each part goes through
// string2ull semantics (a strict integer, else strtoull: leading blanks and '+' accepted),
// "-" / "+" only where a range end is allowed, `(` for exclusive range ends, `<ms>-*`
// only in XADD.
//
// Bookkeeping follows the oracle: only XADD, XDEL, XTRIM (when it removed entries) and
// XGROUP CREATE MKSTREAM (when it created the key) touch the key through key_modified()
// (WATCH, client tracking, blocked readers); the group commands, XSETID, XACK, XCLAIM and
// XREADGROUP only count as changes (dirty) and emit their keyspace event, as Redis 7.0
// does. XGROUP DESTROY also wakes blocked XREADGROUP clients, which then get -NOGROUP.
//
// Propagation (what the AOF gets), as redis-server 7.0 writes it:
//   XADD with `*` or `<ms>-*`  -> the same XADD with the ID it generated
//   MAXLEN/MINID with `~`       -> `=` and the threshold the trim reached (length / first ID)
//   XREADGROUP                  -> per delivered entry `XCLAIM key group consumer 0 <id> TIME
//                                  <ms> RETRYCOUNT <n> FORCE JUSTID LASTID <group last id>`;
//                                  with NOACK `XGROUP SETID key group <id> ENTRIESREAD <n>`
//                                  (after `XGROUP CREATECONSUMER` when it created one)
//   XCLAIM / XAUTOCLAIM         -> the same XCLAIM form per claimed entry, and for a pending
//                                  entry found deleted from the stream (which they drop)
//                                  the XCLAIM form of its old state, which drops it on replay
//   XCLAIM LASTID alone         -> XGROUP SETID
// Several propagated commands of one call are wrapped in MULTI/EXEC by Server::call.
//
// Blocking (server/blocking.h): XREAD/XREADGROUP with BLOCK that find nothing block on
// their keys; XREAD's `$` is rewritten in the blocked argv to the ID it stood for, so the
// re-run serves what came after that point. A re-run serves from the ready key only; an
// XREADGROUP re-run whose key is gone (or no stream) replies -UNBLOCKED, whose group is
// gone -NOGROUP, as Redis 7.0 does; XREAD just keeps waiting.
#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "eddy/base/clock.h"
#include "eddy/commands/command_table.h"
#include "eddy/commands/lookup.h"
#include "eddy/keyspace/database.h"
#include "eddy/server/blocking.h"
#include "eddy/server/server.h"
#include "eddy/types/stream.h"

namespace eddy {
namespace {

constexpr std::string_view kInvalidId =
    "ERR Invalid stream ID specified as stream command argument";
constexpr std::string_view kIdZero = "ERR The ID specified in XADD must be greater than 0-0";
constexpr std::string_view kIdTooSmall =
    "ERR The ID specified in XADD is equal or smaller than the target stream top item";
constexpr std::string_view kExhausted =
    "ERR The stream has exhausted the last possible ID, unable to add more items";
constexpr std::string_view kMaxlenNegative = "ERR The MAXLEN argument must be >= 0.";
constexpr std::string_view kLimitNegative = "ERR The LIMIT argument must be >= 0.";
constexpr std::string_view kTrimBoth =
    "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";
constexpr std::string_view kLimitNoStrategy =
    "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy";
constexpr std::string_view kLimitNoTilde =
    "ERR syntax error, LIMIT cannot be used without the special ~ option";
constexpr std::string_view kXtrimNoStrategy =
    "ERR syntax error, XTRIM must be called with a trimming strategy";
constexpr std::string_view kBadStart = "ERR invalid start ID for the interval";
constexpr std::string_view kBadEnd = "ERR invalid end ID for the interval";
constexpr std::string_view kUnbalanced =
    "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be "
    "specified.";
constexpr std::string_view kGroupOnlyXreadgroup =
    "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.";
constexpr std::string_view kNoackOnlyXreadgroup =
    "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.";
constexpr std::string_view kMissingGroup = "ERR Missing GROUP option for XREADGROUP";
constexpr std::string_view kDollarInGroup =
    "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history "
    "of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ "
    "ID would just return an empty result set.";
constexpr std::string_view kGtOutsideGroup =
    "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> "
    "<consumer> option.";
constexpr std::string_view kUnblockedNoKey = "UNBLOCKED the stream key no longer exists";
constexpr std::string_view kUnblockedNoGroup =
    "NOGROUP the consumer group this client was blocked on no longer exists";
constexpr std::string_view kKeyRequired =
    "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want "
    "to use the MKSTREAM option to create an empty stream automatically.";
constexpr std::string_view kEntriesReadRange = "ERR value for ENTRIESREAD must be positive or -1";
constexpr std::string_view kXsetidSmall =
    "ERR The ID specified in XSETID is smaller than the target stream top item";
constexpr std::string_view kXsetidMaxDeleted =
    "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id";
constexpr std::string_view kEntriesAddedNegative = "ERR entries_added must be positive";
constexpr std::string_view kEntriesAddedSmall =
    "ERR The entries_added specified in XSETID is smaller than the target stream length";
constexpr std::string_view kAutoclaimCount = "ERR COUNT must be > 0";
constexpr std::string_view kAutoclaimMemory =
    "ERR Insufficient memory, failed allocating transient memory, COUNT too high.";

// ---------------------------------------------------------------------------------------
// IDs

// Redis's string2ull: a strict integer, else strtoull over the whole string (which allows
// leading blanks, '+', and wraps a '-'-signed value) without errno. The bytes are read up
// to the first NUL, as the C string Redis parses ends there.
bool parse_u64(std::string_view s, uint64_t* out) {
  size_t nul = s.find('\0');
  if (nul != std::string_view::npos) s = s.substr(0, nul);
  int64_t ll;
  if (string_to_ll(s, &ll)) {
    if (ll < 0) return false;
    *out = static_cast<uint64_t>(ll);
    return true;
  }
  if (s.empty()) return false;
  std::string buf(s);
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(buf.c_str(), &end, 10);
  if (errno == EINVAL || errno == ERANGE || *end != '\0') return false;
  *out = v;
  return true;
}

// `<ms>[-<seq>]`; `-`/`+` unless strict; a missing seq is `missing_seq`; `<ms>-*` only
// when seq_auto is given (it is then set).
bool parse_id(std::string_view s, StreamID* id, uint64_t missing_seq, bool strict,
              bool* seq_auto = nullptr) {
  if (s.size() > 127) return false;
  size_t nul = s.find('\0');
  std::string_view c = nul == std::string_view::npos ? s : s.substr(0, nul);
  if (seq_auto) *seq_auto = false;
  if (c == "-" || c == "+") {
    if (strict) return false;
    *id = c == "-" ? StreamID::min() : StreamID::max();
    return true;
  }
  size_t dash = c.find('-');
  uint64_t ms = 0, seq = missing_seq;
  if (!parse_u64(c.substr(0, dash), &ms)) return false;
  if (dash != std::string_view::npos) {
    std::string_view rest = c.substr(dash + 1);
    if (seq_auto && rest == "*") {
      seq = 0;
      *seq_auto = true;
    } else if (!parse_u64(rest, &seq)) {
      return false;
    }
  }
  *id = {ms, seq};
  return true;
}

bool parse_strict_id(std::string_view s, StreamID* id) { return parse_id(s, id, 0, true); }

// A range end: an ID, `-`/`+`, or `(<id>` (exclusive, strict ID). *exclusive tells which.
bool parse_interval_id(std::string_view s, StreamID* id, uint64_t missing_seq,
                       bool* exclusive) {
  *exclusive = s.size() > 1 && s[0] == '(';
  if (*exclusive) return parse_id(s.substr(1), id, missing_seq, true);
  return parse_id(s, id, missing_seq, false);
}

// Range start/end with Redis's errors; false after replying.
bool parse_range(CommandContext& ctx, std::string_view start_arg, std::string_view end_arg,
                 StreamID* start, StreamID* end) {
  bool ex;
  if (!parse_interval_id(start_arg, start, 0, &ex)) {
    ctx.reply_error(kInvalidId);
    return false;
  }
  if (ex && !start->increment()) {
    ctx.reply_error(kBadStart);
    return false;
  }
  if (!parse_interval_id(end_arg, end, UINT64_MAX, &ex)) {
    ctx.reply_error(kInvalidId);
    return false;
  }
  if (ex && !end->decrement()) {
    ctx.reply_error(kBadEnd);
    return false;
  }
  return true;
}

size_t format_id(StreamID id, char* buf) {
  char* p = std::to_chars(buf, buf + 20, id.ms).ptr;
  *p++ = '-';
  p = std::to_chars(p, p + 20, id.seq).ptr;
  return static_cast<size_t>(p - buf);
}

std::string id_string(StreamID id) {
  char buf[48];
  return std::string(buf, format_id(id, buf));
}

void reply_id(ReplyWriter& r, StreamID id) {
  char buf[48];
  r.bulk(std::string_view(buf, format_id(id, buf)));
}

// [id, [field, value, ...]]
void reply_entry(ReplyWriter& r, const Stream::Iterator& it) {
  r.array(2);
  reply_id(r, it.id());
  r.array(2 * static_cast<size_t>(it.field_count()));
  it.for_each_field([&](const ElemRef& f, const ElemRef& v) {
    r.bulk(f.view());
    r.bulk(v.view());
  });
}

// Replies the live entry `id` (which must exist) as [id, [fields]].
void reply_entry_by_id(ReplyWriter& r, const Stream& s, StreamID id) {
  Stream::Iterator it(s, id, id, false);
  if (it.next()) reply_entry(r, it);
}

// ---------------------------------------------------------------------------------------
// Lookups

Stream* as_stream(Entry* e) { return e->val.as<Stream>(); }
bool is_stream(Entry* e) { return e->val.type() == ValueType::Stream; }

Stream::NodeLimits node_limits(CommandContext& ctx) {
  const Settings& s = ctx.server().settings();
  return {s.stream_node_max_bytes, s.stream_node_max_entries};
}

Stream* create_stream(CommandContext& ctx, std::string_view key) {
  auto s = std::make_unique<Stream>();
  Stream* raw = s.get();
  ctx.db().add(key, Value::object(ValueType::Stream, std::move(s)));
  return raw;
}

std::string nogroup_key_or_group(std::string_view key, std::string_view group) {
  return "NOGROUP No such key '" + std::string(key) + "' or consumer group '" +
         std::string(group) + "'";
}

std::string nogroup_for_key(std::string_view group, std::string_view key) {
  return "NOGROUP No such consumer group '" + std::string(group) + "' for key name '" +
         std::string(key) + "'";
}

// "unknown subcommand or wrong number of arguments for '<sub>'. Try <CMD> HELP."
std::string subcommand_syntax_error(CommandContext& ctx) {
  std::string cmd(ctx.arg(0));
  for (char& ch : cmd) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
  return "ERR unknown subcommand or wrong number of arguments for '" +
         std::string(ctx.arg(1).substr(0, 128)) + "'. Try " + cmd + " HELP.";
}

// A change that Redis counts (dirty) and announces, without touching WATCH or tracking.
void stream_changed(CommandContext& ctx, std::string_view key, std::string_view event) {
  ctx.add_dirty(1);
  ctx.notify(kNotifyStream, event, key, ctx.db_index());
}

StreamConsumer* create_consumer(CommandContext& ctx, ConsumerGroup* g, std::string_view key,
                                std::string_view name, int64_t now) {
  StreamConsumer* c = g->create_consumer(name, now);
  if (c) stream_changed(ctx, key, "xgroup-createconsumer");
  return c;
}

// ---------------------------------------------------------------------------------------
// Propagated forms

std::vector<std::string> xclaim_form(std::string_view key, std::string_view group,
                                     std::string_view id, const PendingEntry& pe,
                                     StreamID group_last_id) {
  return {"XCLAIM",
          std::string(key),
          std::string(group),
          pe.consumer->name,
          "0",
          std::string(id),
          "TIME",
          ll_to_string(pe.delivery_time),
          "RETRYCOUNT",
          std::to_string(pe.delivery_count),
          "FORCE",
          "JUSTID",
          "LASTID",
          id_string(group_last_id)};
}

std::vector<std::string> setid_form(std::string_view key, std::string_view group,
                                    const ConsumerGroup& g) {
  return {"XGROUP",        "SETID",        std::string(key), std::string(group),
          id_string(g.last_id), "ENTRIESREAD", ll_to_string(g.entries_read)};
}

// ---------------------------------------------------------------------------------------
// XADD / XTRIM

struct AddTrimArgs {
  bool nomkstream = false;
  bool trim = false;
  Stream::TrimSpec spec;
  size_t threshold_at = 0;  // argument index of the MAXLEN/MINID threshold
  size_t tilde_at = 0;      // argument index of `~` (0: none)
  bool id_auto = true;      // `*`
  bool seq_auto = false;    // `<ms>-*`
  StreamID id;
  size_t id_at = 0;
};

// Parses the options of XADD (up to and including the ID) or XTRIM. Returns false after
// replying an error.
bool parse_add_trim(CommandContext& ctx, bool xadd, AddTrimArgs* a) {
  const size_t argc = ctx.argc();
  int64_t limit = 0;
  bool limit_given = false;
  size_t i = 2;
  for (; i < argc; ++i) {
    const size_t more = argc - 1 - i;
    std::string_view opt = ctx.arg(i);
    if (xadd && opt == "*") {
      break;
    } else if ((iequals(opt, "maxlen") || iequals(opt, "minid")) && more) {
      const bool maxlen = iequals(opt, "maxlen");
      if (a->trim) {
        ctx.reply_error(kTrimBoth);
        return false;
      }
      a->spec.approx = false;
      a->tilde_at = 0;
      std::string_view next = ctx.arg(i + 1);
      if (more >= 2 && next == "~") {
        a->spec.approx = true;
        a->tilde_at = i + 1;
        ++i;
      } else if (more >= 2 && next == "=") {
        ++i;
      }
      if (maxlen) {
        int64_t v = 0;
        if (!string_to_ll(ctx.arg(i + 1), &v)) {
          ctx.reply_error(err::kNotInteger);
          return false;
        }
        if (v < 0) {
          ctx.reply_error(kMaxlenNegative);
          return false;
        }
        a->spec.by = Stream::TrimBy::MaxLen;
        a->spec.maxlen = static_cast<uint64_t>(v);
      } else {
        if (!parse_strict_id(ctx.arg(i + 1), &a->spec.minid)) {
          ctx.reply_error(kInvalidId);
          return false;
        }
        a->spec.by = Stream::TrimBy::MinId;
      }
      ++i;
      a->trim = true;
      a->threshold_at = i;
    } else if (iequals(opt, "limit") && more) {
      if (!string_to_ll(ctx.arg(i + 1), &limit)) {
        ctx.reply_error(err::kNotInteger);
        return false;
      }
      if (limit < 0) {
        ctx.reply_error(kLimitNegative);
        return false;
      }
      limit_given = true;
      ++i;
    } else if (xadd && iequals(opt, "nomkstream")) {
      a->nomkstream = true;
    } else if (xadd) {
      if (!parse_id(opt, &a->id, 0, true, &a->seq_auto)) {
        ctx.reply_error(kInvalidId);
        return false;
      }
      a->id_auto = false;
      break;
    } else {
      ctx.reply_error(err::kSyntax);
      return false;
    }
  }
  a->id_at = i;
  if (limit && !a->trim) {
    ctx.reply_error(kLimitNoStrategy);
    return false;
  }
  if (!xadd && !a->trim) {
    ctx.reply_error(kXtrimNoStrategy);
    return false;
  }
  if (limit_given) {
    if (!a->spec.approx) {
      ctx.reply_error(kLimitNoTilde);
      return false;
    }
    a->spec.limit = limit;
  } else {
    // `~` trims at most 100 nodes' worth of entries per call unless told otherwise.
    a->spec.limit = a->spec.approx ? 100 * ctx.server().settings().stream_node_max_entries : 0;
  }
  return true;
}

// The `~` form rewritten as `=` with the threshold the trim reached.
void rewrite_approx(const AddTrimArgs& a, const Stream& s, std::vector<std::string>* argv) {
  if (!a.spec.approx) return;
  (*argv)[a.tilde_at] = "=";
  (*argv)[a.threshold_at] = a.spec.by == Stream::TrimBy::MaxLen
                                ? std::to_string(s.length())
                                : id_string(s.first_packed_id());
}

// XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value ...
void xadd_command(CommandContext& ctx) {
  AddTrimArgs a;
  if (!parse_add_trim(ctx, true, &a)) return;
  const size_t field_at = a.id_at + 1;
  if (a.id_at >= ctx.argc() || ctx.argc() - field_at < 2 || (ctx.argc() - field_at) % 2)
    return ctx.reply_error(err::wrong_arity("xadd"));
  if (!a.id_auto && !a.seq_auto && a.id.is_zero()) return ctx.reply_error(kIdZero);
  std::string_view key = ctx.arg(1);
  Entry* e = lookup_write(ctx, key);
  if (e && !is_stream(e)) return ctx.reply_error(err::kWrongType);
  if (!e && a.nomkstream) return ctx.reply().null();
  Stream* s = e ? as_stream(e) : create_stream(ctx, key);
  if (s->last_id() == StreamID::max()) return ctx.reply_error(kExhausted);
  StreamID id;
  if (a.id_auto) {
    if (!s->next_id(static_cast<uint64_t>(now_ms()), false, &id))
      return ctx.reply_error(kExhausted);
  } else if (a.seq_auto) {
    if (!s->next_id(a.id.ms, true, &id)) return ctx.reply_error(kIdTooSmall);
  } else {
    if (a.id <= s->last_id()) return ctx.reply_error(kIdTooSmall);
    id = a.id;
  }
  s->append(id, ctx.args().subspan(field_at), node_limits(ctx));
  reply_id(ctx.reply(), id);
  ctx.key_modified(key, kNotifyStream, "xadd");
  if (a.trim && s->trim(a.spec) > 0) ctx.notify(kNotifyStream, "xtrim", key, ctx.db_index());
  if (a.id_auto || a.seq_auto || a.spec.approx) {
    std::vector<std::string> argv(ctx.args().begin(), ctx.args().end());
    if (a.id_auto || a.seq_auto) argv[a.id_at] = id_string(id);
    rewrite_approx(a, *s, &argv);
    ctx.propagate_as(std::move(argv));
  }
}

// XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]
void xtrim_command(CommandContext& ctx) {
  AddTrimArgs a;
  if (!parse_add_trim(ctx, false, &a)) return;
  std::string_view key = ctx.arg(1);
  Entry* e = lookup_write(ctx, key);
  if (!e) return ctx.reply().integer(0);
  if (!is_stream(e)) return ctx.reply_error(err::kWrongType);
  Stream* s = as_stream(e);
  int64_t removed = s->trim(a.spec);
  if (removed > 0) {
    ctx.key_modified(key, kNotifyStream, "xtrim");
    ctx.add_dirty(removed - 1);
    if (a.spec.approx) {
      std::vector<std::string> argv(ctx.args().begin(), ctx.args().end());
      rewrite_approx(a, *s, &argv);
      ctx.propagate_as(std::move(argv));
    }
  }
  ctx.reply().integer(removed);
}

// XDEL key id [id ...]
void xdel_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  Entry* e = lookup_write(ctx, key);
  if (!e) return ctx.reply().integer(0);
  if (!is_stream(e)) return ctx.reply_error(err::kWrongType);
  std::vector<StreamID> ids(ctx.argc() - 2);
  for (size_t j = 2; j < ctx.argc(); ++j)
    if (!parse_strict_id(ctx.arg(j), &ids[j - 2])) return ctx.reply_error(kInvalidId);
  Stream* s = as_stream(e);
  int64_t deleted = 0;
  for (StreamID id : ids) deleted += s->erase(id) ? 1 : 0;
  if (deleted > 0) {
    ctx.key_modified(key, kNotifyStream, "xdel");
    ctx.add_dirty(deleted - 1);
  }
  ctx.reply().integer(deleted);
}

// XLEN key
void xlen_command(CommandContext& ctx) {
  Entry* e = lookup_read(ctx, ctx.arg(1));
  if (!e) return ctx.reply().integer(0);
  if (!is_stream(e)) return ctx.reply_error(err::kWrongType);
  ctx.reply().integer(static_cast<int64_t>(as_stream(e)->length()));
}

// XRANGE key start end [COUNT count], XREVRANGE key end start [COUNT count]
void range_generic(CommandContext& ctx, bool reverse) {
  StreamID start, end;
  if (!parse_range(ctx, ctx.arg(reverse ? 3 : 2), ctx.arg(reverse ? 2 : 3), &start, &end))
    return;
  int64_t count = -1;
  for (size_t j = 4; j < ctx.argc(); ++j) {
    if (iequals(ctx.arg(j), "count") && j + 1 < ctx.argc()) {
      if (!string_to_ll(ctx.arg(++j), &count)) return ctx.reply_error(err::kNotInteger);
      if (count < 0) count = 0;
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }
  Entry* e = lookup_read(ctx, ctx.arg(1));
  if (!e) return ctx.reply().empty_array();
  if (!is_stream(e)) return ctx.reply_error(err::kWrongType);
  if (count == 0) return ctx.reply().null_array();
  ReplyWriter& r = ctx.reply();
  auto d = r.begin_array();
  size_t n = 0;
  Stream::Iterator it(*as_stream(e), start, end, reverse);
  while ((count < 0 || static_cast<int64_t>(n) < count) && it.next()) {
    reply_entry(r, it);
    ++n;
  }
  r.end(d, n);
}

void xrange_command(CommandContext& ctx) { range_generic(ctx, false); }
void xrevrange_command(CommandContext& ctx) { range_generic(ctx, true); }

// ---------------------------------------------------------------------------------------
// XREAD / XREADGROUP

struct ReadArgs {
  bool group = false;
  std::string_view group_name, consumer;
  bool noack = false;
  int64_t count = 0;  // 0: no limit
  bool block = false;
  int64_t deadline = 0;
  size_t streams_at = 0;
  size_t nstreams = 0;
};

bool parse_read(CommandContext& ctx, bool xreadgroup, ReadArgs* a) {
  const size_t argc = ctx.argc();
  for (size_t i = 1; i < argc; ++i) {
    const size_t more = argc - 1 - i;
    std::string_view o = ctx.arg(i);
    if (iequals(o, "block") && more) {
      ++i;
      if (!ctx.parse_block_timeout(ctx.arg(i), CommandContext::TimeoutUnit::Milliseconds,
                                   &a->deadline))
        return false;
      a->block = true;
    } else if (iequals(o, "count") && more) {
      ++i;
      if (!string_to_ll(ctx.arg(i), &a->count)) {
        ctx.reply_error(err::kNotInteger);
        return false;
      }
      if (a->count < 0) a->count = 0;
    } else if (iequals(o, "streams") && more) {
      a->streams_at = i + 1;
      size_t n = argc - a->streams_at;
      if (n % 2) {
        ctx.reply_error(kUnbalanced);
        return false;
      }
      a->nstreams = n / 2;
      break;
    } else if (iequals(o, "group") && more >= 2) {
      if (!xreadgroup) {
        ctx.reply_error(kGroupOnlyXreadgroup);
        return false;
      }
      a->group = true;
      a->group_name = ctx.arg(i + 1);
      a->consumer = ctx.arg(i + 2);
      i += 2;
    } else if (iequals(o, "noack")) {
      if (!xreadgroup) {
        ctx.reply_error(kNoackOnlyXreadgroup);
        return false;
      }
      a->noack = true;
    } else {
      ctx.reply_error(err::kSyntax);
      return false;
    }
  }
  if (a->streams_at == 0) {
    ctx.reply_error(err::kSyntax);
    return false;
  }
  if (xreadgroup && !a->group) {
    ctx.reply_error(kMissingGroup);
    return false;
  }
  return true;
}

struct ReadTarget {
  std::string_view key;
  Stream* stream = nullptr;
  ConsumerGroup* group = nullptr;
  bool new_entries = false;  // `>`
  StreamID after;            // serve IDs greater than this (XREAD, XREADGROUP history)
  size_t id_at = 0;
  bool dollar = false;
};

// Delivers new entries (after the group's last ID) to `consumer`, replying them and
// recording them in the PELs. Returns how many.
size_t serve_group_new(CommandContext& ctx, const ReadArgs& a, ReadTarget& t,
                       StreamConsumer* consumer, int64_t now) {
  ReplyWriter& r = ctx.reply();
  Stream& s = *t.stream;
  ConsumerGroup& g = *t.group;
  StreamID from = g.last_id;
  from.increment();
  auto d = r.begin_array();
  size_t n = 0;
  bool moved = false;
  Stream::Iterator it(s, from, StreamID::max(), false);
  while ((a.count == 0 || static_cast<int64_t>(n) < a.count) && it.next()) {
    StreamID id = it.id();
    if (id > g.last_id) {
      s.group_delivered(g, id);
      moved = true;
    }
    if (!a.noack) {
      PendingEntry* pe = g.pending(id);
      if (pe) {
        // Already pending (the group was moved back): it now belongs to this consumer.
        g.transfer(id, pe, consumer);
        pe->delivery_time = now;
        pe->delivery_count = 1;
      } else {
        pe = g.add_pending(id, consumer, now, 1);
      }
      ctx.also_propagate(xclaim_form(t.key, a.group_name, id_string(id), *pe, g.last_id));
    }
    reply_entry(r, it);
    ++n;
  }
  r.end(d, n);
  if (a.noack && moved) ctx.also_propagate(setid_form(t.key, a.group_name, g));
  return n;
}

// Replies the consumer's pending entries after t.after (deleted ones as [id, nil]) and
// counts a delivery for each live one.
void serve_group_history(CommandContext& ctx, const ReadArgs& a, ReadTarget& t,
                         StreamConsumer* consumer, int64_t now) {
  ReplyWriter& r = ctx.reply();
  StreamID from = t.after;
  auto d = r.begin_array();
  size_t n = 0;
  if (from.increment()) {
    Rax::Iterator it(consumer->pel);
    for (bool ok = it.seek_ge(from.key()); ok; ok = it.next()) {
      if (a.count != 0 && static_cast<int64_t>(n) >= a.count) break;
      StreamID id = StreamID::decode(it.key());
      auto* pe = static_cast<PendingEntry*>(it.value());
      Stream::Iterator e(*t.stream, id, id, false);
      if (e.next()) {
        pe->delivery_time = now;
        ++pe->delivery_count;
        reply_entry(r, e);
      } else {
        r.array(2);
        reply_id(r, id);
        r.null_array();
      }
      ++n;
    }
  }
  r.end(d, n);
}

// XREAD [COUNT count] [BLOCK ms] STREAMS key [key ...] id [id ...]
// XREADGROUP GROUP group consumer [COUNT count] [BLOCK ms] [NOACK] STREAMS key ... id ...
void read_generic(CommandContext& ctx, bool xreadgroup) {
  ReadArgs a;
  if (!parse_read(ctx, xreadgroup, &a)) return;
  const auto ready = ctx.ready_key();
  std::vector<ReadTarget> targets;
  targets.reserve(a.nstreams);
  for (size_t i = 0; i < a.nstreams; ++i) {
    ReadTarget t;
    t.key = ctx.arg(a.streams_at + i);
    t.id_at = a.streams_at + a.nstreams + i;
    if (ready) {
      // A woken client is served from the key that became ready (its first mention).
      if (t.key != *ready) continue;
      bool seen = false;
      for (auto& o : targets) seen |= o.key == t.key;
      if (seen) continue;
    }
    Entry* e = lookup_read(ctx, t.key);
    if (e && !is_stream(e)) {
      if (ready) {
        if (xreadgroup) return ctx.reply_error(kUnblockedNoKey);
        return ctx.block({}, a.deadline);
      }
      return ctx.reply_error(err::kWrongType);
    }
    t.stream = e ? as_stream(e) : nullptr;
    if (xreadgroup) {
      if (ready && !t.stream) return ctx.reply_error(kUnblockedNoKey);
      t.group = t.stream ? t.stream->group(a.group_name) : nullptr;
      if (!t.group) {
        if (ready) return ctx.reply_error(kUnblockedNoGroup);
        return ctx.reply_error(nogroup_key_or_group(t.key, a.group_name) +
                               " in XREADGROUP with GROUP option");
      }
    }
    std::string_view id = ctx.arg(t.id_at);
    if (id == "$") {
      if (xreadgroup) return ctx.reply_error(kDollarInGroup);
      t.dollar = true;
      t.after = t.stream ? t.stream->last_id() : StreamID::min();
    } else if (id == ">") {
      if (!xreadgroup) return ctx.reply_error(kGtOutsideGroup);
      t.new_entries = true;
    } else if (!parse_strict_id(id, &t.after)) {
      return ctx.reply_error(kInvalidId);
    } else if (xreadgroup && t.after == StreamID::max()) {
      // Redis stands `>` for the greatest ID: spelling that ID out means `>` too.
      t.new_entries = true;
    }
    targets.push_back(t);
  }

  const int64_t now = now_ms();
  ReplyWriter& r = ctx.reply();
  const bool resp3 = r.resp() >= 3;
  ReplyWriter::Deferred outer;
  size_t served = 0;
  for (ReadTarget& t : targets) {
    if (!t.stream) continue;
    bool history = xreadgroup && !t.new_entries;
    bool serve = history;
    if (!serve && t.stream->length() > 0) {
      StreamID last;
      t.stream->last_live_id(&last);
      serve = last > (xreadgroup ? t.group->last_id : t.after);
    }
    if (!serve) continue;
    if (served++ == 0) outer = resp3 ? r.begin_map() : r.begin_array();
    if (!resp3) r.array(2);
    r.bulk(t.key);
    if (!xreadgroup) {
      StreamID from = t.after;
      from.increment();
      auto d = r.begin_array();
      size_t n = 0;
      Stream::Iterator it(*t.stream, from, StreamID::max(), false);
      while ((a.count == 0 || static_cast<int64_t>(n) < a.count) && it.next()) {
        reply_entry(r, it);
        ++n;
      }
      r.end(d, n);
      continue;
    }
    StreamConsumer* consumer = t.group->find_consumer(a.consumer);
    if (!consumer) {
      consumer = create_consumer(ctx, t.group, t.key, a.consumer, now);
      if (a.noack) {
        ctx.also_propagate({"XGROUP", "CREATECONSUMER", std::string(t.key),
                            std::string(a.group_name), std::string(a.consumer)});
      }
    }
    consumer->seen_time = now;
    if (history) {
      serve_group_history(ctx, a, t, consumer, now);
    } else {
      serve_group_new(ctx, a, t, consumer, now);
    }
    ctx.add_dirty(1);
  }
  // XREADGROUP itself never reaches the AOF: its effects travel as the forms above.
  if (xreadgroup) ctx.propagate_as({});
  if (served) return r.end(outer, served);

  if (!a.block || !ctx.may_block()) return r.null_array();
  std::vector<std::string_view> keys;
  for (size_t i = 0; i < a.nstreams; ++i) keys.push_back(ctx.arg(a.streams_at + i));
  if (!xreadgroup && !ready) {
    // `$` means "what comes after now": the re-run must not see later entries as old.
    std::vector<std::string> ids;
    std::vector<std::string_view> argv(ctx.args().begin(), ctx.args().end());
    ids.reserve(targets.size());
    for (ReadTarget& t : targets)
      if (t.dollar) ids.push_back(id_string(t.after));
    size_t k = 0;
    for (ReadTarget& t : targets)
      if (t.dollar) argv[t.id_at] = ids[k++];
    return ctx.block(keys, a.deadline, argv);
  }
  ctx.block(keys, a.deadline);
}

void xread_command(CommandContext& ctx) { read_generic(ctx, false); }
void xreadgroup_command(CommandContext& ctx) { read_generic(ctx, true); }

// ---------------------------------------------------------------------------------------
// XACK / XPENDING / XCLAIM / XAUTOCLAIM

// XACK key group id [id ...]
void xack_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  Entry* e = lookup_read(ctx, key);
  if (e && !is_stream(e)) return ctx.reply_error(err::kWrongType);
  ConsumerGroup* g = e ? as_stream(e)->group(ctx.arg(2)) : nullptr;
  if (!g) return ctx.reply().integer(0);
  std::vector<StreamID> ids(ctx.argc() - 3);
  for (size_t j = 3; j < ctx.argc(); ++j)
    if (!parse_strict_id(ctx.arg(j), &ids[j - 3])) return ctx.reply_error(kInvalidId);
  int64_t acked = 0;
  for (StreamID id : ids) acked += g->ack(id) ? 1 : 0;
  ctx.add_dirty(acked);
  ctx.reply().integer(acked);
}

// XPENDING key group [[IDLE min-idle-time] start end count [consumer]]
void xpending_command(CommandContext& ctx) {
  const size_t argc = ctx.argc();
  const bool summary = argc == 3;
  if (!summary && (argc < 6 || argc > 9)) return ctx.reply_error(err::kSyntax);
  int64_t count = 0, min_idle = 0;
  StreamID start, end;
  std::string_view consumer_name;
  bool by_consumer = false;
  if (!summary) {
    size_t at = 3;
    if (iequals(ctx.arg(3), "idle")) {
      if (!string_to_ll(ctx.arg(4), &min_idle)) return ctx.reply_error(err::kNotInteger);
      if (argc < 8) return ctx.reply_error(err::kSyntax);
      at += 2;
    }
    if (!string_to_ll(ctx.arg(at + 2), &count)) return ctx.reply_error(err::kNotInteger);
    if (count < 0) count = 0;
    if (!parse_range(ctx, ctx.arg(at), ctx.arg(at + 1), &start, &end)) return;
    if (at + 3 < argc) {
      by_consumer = true;
      consumer_name = ctx.arg(at + 3);
    }
  }
  std::string_view key = ctx.arg(1);
  Entry* e = lookup_read(ctx, key);
  if (e && !is_stream(e)) return ctx.reply_error(err::kWrongType);
  ConsumerGroup* g = e ? as_stream(e)->group(ctx.arg(2)) : nullptr;
  if (!g) return ctx.reply_error(nogroup_key_or_group(key, ctx.arg(2)));
  ReplyWriter& r = ctx.reply();
  if (summary) {
    r.array(4);
    r.integer(static_cast<int64_t>(g->pending_count()));
    if (g->pending_count() == 0) {
      r.null();
      r.null();
      r.null_array();
      return;
    }
    Rax::Iterator it(g->pel);
    it.seek_first();
    reply_id(r, StreamID::decode(it.key()));
    it.seek_last();
    reply_id(r, StreamID::decode(it.key()));
    auto d = r.begin_array();
    size_t n = 0;
    Rax::Iterator c(g->consumers);
    for (bool ok = c.seek_first(); ok; ok = c.next()) {
      auto* sc = static_cast<StreamConsumer*>(c.value());
      if (sc->pel.empty()) continue;
      r.array(2);
      r.bulk(sc->name);
      r.bulk(static_cast<int64_t>(sc->pel.size()));
      ++n;
    }
    r.end(d, n);
    return;
  }
  const Rax* pel = &g->pel;
  if (by_consumer) {
    StreamConsumer* sc = g->find_consumer(consumer_name);
    if (!sc) return r.empty_array();
    pel = &sc->pel;
  }
  const int64_t now = now_ms();
  auto d = r.begin_array();
  int64_t n = 0;
  Rax::Iterator it(*pel);
  std::string end_key = end.key();
  for (bool ok = it.seek_ge(start.key()); ok && n < count; ok = it.next()) {
    if (it.key() > std::string_view(end_key)) break;
    auto* pe = static_cast<PendingEntry*>(it.value());
    int64_t idle = now - pe->delivery_time;
    if (min_idle && idle < min_idle) continue;
    r.array(4);
    reply_id(r, StreamID::decode(it.key()));
    r.bulk(pe->consumer->name);
    r.integer(idle);
    r.integer(static_cast<int64_t>(pe->delivery_count));
    ++n;
  }
  r.end(d, static_cast<size_t>(n));
}

// The claiming consumer, created on the first claim (seen-time refreshed).
StreamConsumer* claimer(CommandContext& ctx, ConsumerGroup* g, std::string_view key,
                        std::string_view name, int64_t now, StreamConsumer** cache) {
  if (*cache) return *cache;
  StreamConsumer* c = g->find_consumer(name);
  if (c) {
    c->seen_time = now;
  } else {
    c = create_consumer(ctx, g, key, name, now);
  }
  return *cache = c;
}

// XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-ms]
//        [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID id]
void xclaim_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1), group = ctx.arg(2), name = ctx.arg(3);
  Entry* e = lookup_read(ctx, key);
  if (e && !is_stream(e)) return ctx.reply_error(err::kWrongType);
  Stream* s = e ? as_stream(e) : nullptr;
  ConsumerGroup* g = s ? s->group(group) : nullptr;
  if (!g) return ctx.reply_error(nogroup_key_or_group(key, group));
  int64_t min_idle = 0;
  if (!string_to_ll(ctx.arg(4), &min_idle))
    return ctx.reply_error("ERR Invalid min-idle-time argument for XCLAIM");
  if (min_idle < 0) min_idle = 0;
  size_t j = 5;
  std::vector<StreamID> ids;
  for (; j < ctx.argc(); ++j) {
    StreamID id;
    if (!parse_strict_id(ctx.arg(j), &id)) break;
    ids.push_back(id);
  }
  const size_t last_id_arg = j;
  const int64_t now = now_ms();
  int64_t retrycount = -1, delivery = -1;
  bool force = false, justid = false;
  StreamID lastid;
  for (; j < ctx.argc(); ++j) {
    const size_t more = ctx.argc() - 1 - j;
    std::string_view opt = ctx.arg(j);
    if (iequals(opt, "force")) {
      force = true;
    } else if (iequals(opt, "justid")) {
      justid = true;
    } else if (iequals(opt, "idle") && more) {
      if (!string_to_ll(ctx.arg(++j), &delivery))
        return ctx.reply_error("ERR Invalid IDLE option argument for XCLAIM");
      delivery = now - delivery;
    } else if (iequals(opt, "time") && more) {
      if (!string_to_ll(ctx.arg(++j), &delivery))
        return ctx.reply_error("ERR Invalid TIME option argument for XCLAIM");
    } else if (iequals(opt, "retrycount") && more) {
      if (!string_to_ll(ctx.arg(++j), &retrycount))
        return ctx.reply_error("ERR Invalid RETRYCOUNT option argument for XCLAIM");
    } else if (iequals(opt, "lastid") && more) {
      if (!parse_strict_id(ctx.arg(++j), &lastid)) return ctx.reply_error(kInvalidId);
    } else {
      return ctx.reply_error("ERR Unrecognized XCLAIM option '" + std::string(opt) + "'");
    }
  }
  bool propagate_last_id = false;
  if (lastid > g->last_id) {
    g->last_id = lastid;
    propagate_last_id = true;
  }
  // A bogus delivery time (negative, or in the future) becomes now.
  if (delivery == -1 || delivery < 0 || delivery > now) delivery = now;

  ctx.propagate_as({});
  StreamConsumer* consumer = nullptr;
  ReplyWriter& r = ctx.reply();
  auto d = r.begin_array();
  size_t n = 0;
  for (size_t k = 0; k < ids.size(); ++k) {
    StreamID id = ids[k];
    std::string_view id_arg = ctx.arg(5 + k);
    PendingEntry* pe = g->pending(id);
    if (!s->contains(id)) {
      // Deleted from the stream: drop it from the PEL too.
      if (pe) {
        ctx.also_propagate(xclaim_form(key, group, id_arg, *pe, g->last_id));
        propagate_last_id = false;
        ctx.add_dirty(1);
        g->ack(id);
      }
      continue;
    }
    if (pe && min_idle && now - pe->delivery_time < min_idle) continue;
    if (!pe && !force) continue;
    StreamConsumer* c = claimer(ctx, g, key, name, now, &consumer);
    if (pe) {
      g->transfer(id, pe, c);
    } else {
      pe = g->add_pending(id, c, now, 1);
    }
    pe->delivery_time = delivery;
    if (retrycount >= 0) {
      pe->delivery_count = static_cast<uint64_t>(retrycount);
    } else if (!justid) {
      ++pe->delivery_count;
    }
    if (justid) {
      reply_id(r, id);
    } else {
      reply_entry_by_id(r, *s, id);
    }
    ++n;
    ctx.also_propagate(xclaim_form(key, group, id_arg, *pe, g->last_id));
    propagate_last_id = false;
    ctx.add_dirty(1);
  }
  (void)last_id_arg;
  if (propagate_last_id) {
    ctx.also_propagate(setid_form(key, group, *g));
    ctx.add_dirty(1);
  }
  r.end(d, n);
}

// XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]
void xautoclaim_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1), group = ctx.arg(2), name = ctx.arg(3);
  int64_t min_idle = 0;
  if (!string_to_ll(ctx.arg(4), &min_idle))
    return ctx.reply_error("ERR Invalid min-idle-time argument for XAUTOCLAIM");
  if (min_idle < 0) min_idle = 0;
  StreamID start, unused;
  bool ex = false;
  if (!parse_interval_id(ctx.arg(5), &start, 0, &ex)) return ctx.reply_error(kInvalidId);
  if (ex && !start.increment()) return ctx.reply_error(kBadStart);
  (void)unused;
  int64_t count = 100;
  bool justid = false;
  constexpr int64_t kAttemptsFactor = 10;
  // Redis allocates count IDs up front: its bound, and its failure for absurd counts.
  constexpr int64_t kMaxCount = INT64_MAX / 16;
  for (size_t j = 6; j < ctx.argc(); ++j) {
    const size_t more = ctx.argc() - 1 - j;
    std::string_view opt = ctx.arg(j);
    if (iequals(opt, "count") && more) {
      if (!string_to_ll(ctx.arg(j + 1), &count) || count < 1 || count > kMaxCount)
        return ctx.reply_error(kAutoclaimCount);
      ++j;
    } else if (iequals(opt, "justid")) {
      justid = true;
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }
  Entry* e = lookup_read(ctx, key);
  if (e && !is_stream(e)) return ctx.reply_error(err::kWrongType);
  Stream* s = e ? as_stream(e) : nullptr;
  ConsumerGroup* g = s ? s->group(group) : nullptr;
  if (!g) return ctx.reply_error(nogroup_key_or_group(key, group));
  if (count > (int64_t{1} << 43)) return ctx.reply_error(kAutoclaimMemory);

  ctx.propagate_as({});
  const int64_t now = now_ms();
  StreamConsumer* consumer = nullptr;
  int64_t attempts = count * kAttemptsFactor;
  std::vector<StreamID> deleted;
  ReplyWriter& r = ctx.reply();
  r.array(3);
  // The cursor comes first but is known last: claim into a list, then reply.
  std::vector<StreamID> claimed;
  Rax::Iterator it(g->pel);
  bool ok = it.seek_ge(start.key());
  while (attempts-- > 0 && count > 0 && ok) {
    StreamID id = StreamID::decode(it.key());
    auto* pe = static_cast<PendingEntry*>(it.value());
    if (!s->contains(id)) {
      std::string id_arg = id_string(id);
      ctx.also_propagate(xclaim_form(key, group, id_arg, *pe, g->last_id));
      ctx.add_dirty(1);
      g->ack(id);
      deleted.push_back(id);
      --count;
      ok = it.seek_ge(id.key());
      continue;
    }
    if (min_idle && now - pe->delivery_time < min_idle) {
      ok = it.next();
      continue;
    }
    StreamConsumer* c = claimer(ctx, g, key, name, now, &consumer);
    g->transfer(id, pe, c);
    pe->delivery_time = now;
    if (!justid) ++pe->delivery_count;
    claimed.push_back(id);
    --count;
    ctx.also_propagate(xclaim_form(key, group, id_string(id), *pe, g->last_id));
    ctx.add_dirty(1);
    // The PEL itself did not change shape (same keys), so the iterator stays valid.
    ok = it.next();
  }
  if (ok) {
    // Stopped early: the cursor is the next entry not examined (the current one).
    reply_id(r, StreamID::decode(it.key()));
  } else {
    reply_id(r, StreamID::min());
  }
  r.array(claimed.size());
  for (StreamID id : claimed) {
    if (justid) {
      reply_id(r, id);
    } else {
      reply_entry_by_id(r, *s, id);
    }
  }
  r.array(deleted.size());
  for (StreamID id : deleted) reply_id(r, id);
}

// XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]
void xsetid_command(CommandContext& ctx) {
  StreamID id;
  if (!parse_strict_id(ctx.arg(2), &id)) return ctx.reply_error(kInvalidId);
  int64_t entries_added = -1;
  StreamID max_deleted;
  for (size_t i = 3; i < ctx.argc(); ++i) {
    const size_t more = ctx.argc() - 1 - i;
    std::string_view opt = ctx.arg(i);
    if (iequals(opt, "entriesadded") && more) {
      if (!string_to_ll(ctx.arg(i + 1), &entries_added)) return ctx.reply_error(err::kNotInteger);
      if (entries_added < 0) return ctx.reply_error(kEntriesAddedNegative);
      ++i;
    } else if (iequals(opt, "maxdeletedid") && more) {
      if (!parse_strict_id(ctx.arg(i + 1), &max_deleted)) return ctx.reply_error(kInvalidId);
      if (id < max_deleted) return ctx.reply_error(kXsetidMaxDeleted);
      ++i;
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }
  std::string_view key = ctx.arg(1);
  Entry* e = lookup_write(ctx, key);
  if (!e) return ctx.reply_error(err::kNoSuchKey);
  if (!is_stream(e)) return ctx.reply_error(err::kWrongType);
  Stream* s = as_stream(e);
  if (s->length() > 0) {
    StreamID top;
    s->last_live_id(&top);
    if (id < top) return ctx.reply_error(kXsetidSmall);
    if (entries_added != -1 && s->length() > static_cast<uint64_t>(entries_added))
      return ctx.reply_error(kEntriesAddedSmall);
  }
  s->set_last_id(id);
  if (entries_added != -1) s->set_entries_added(static_cast<uint64_t>(entries_added));
  if (!max_deleted.is_zero()) s->set_max_deleted_id(max_deleted);
  stream_changed(ctx, key, "xsetid");
  ctx.reply().ok();
}

// ---------------------------------------------------------------------------------------
// XGROUP

struct GroupArgs {
  bool mkstream = false;
  int64_t entries_read = kEntriesReadInvalid;
  Entry* entry = nullptr;
  Stream* stream = nullptr;
  ConsumerGroup* group = nullptr;
};

// The checks every XGROUP subcommand but HELP shares, in Redis's order: options, key type,
// key existence, group existence (`need_group`). False after replying.
bool group_prologue(CommandContext& ctx, bool create, bool setid, bool need_group,
                    GroupArgs* a) {
  for (size_t i = 5; i < ctx.argc();) {
    std::string_view opt = ctx.arg(i);
    if (create && iequals(opt, "mkstream")) {
      a->mkstream = true;
      ++i;
    } else if ((create || setid) && iequals(opt, "entriesread") && i + 1 < ctx.argc()) {
      if (!string_to_ll(ctx.arg(i + 1), &a->entries_read)) {
        ctx.reply_error(err::kNotInteger);
        return false;
      }
      if (a->entries_read < 0 && a->entries_read != kEntriesReadInvalid) {
        ctx.reply_error(kEntriesReadRange);
        return false;
      }
      i += 2;
    } else {
      ctx.reply_error(subcommand_syntax_error(ctx));
      return false;
    }
  }
  std::string_view key = ctx.arg(2);
  a->entry = lookup_write(ctx, key);
  if (a->entry && !is_stream(a->entry)) {
    ctx.reply_error(err::kWrongType);
    return false;
  }
  a->stream = a->entry ? as_stream(a->entry) : nullptr;
  if (!a->stream && !(create && a->mkstream)) {
    ctx.reply_error(kKeyRequired);
    return false;
  }
  a->group = a->stream ? a->stream->group(ctx.arg(3)) : nullptr;
  if (need_group && !a->group) {
    ctx.reply_error(nogroup_for_key(ctx.arg(3), key));
    return false;
  }
  return true;
}

// XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD entries-read]
void xgroup_create_command(CommandContext& ctx) {
  GroupArgs a;
  if (!group_prologue(ctx, true, false, false, &a)) return;
  if (ctx.argc() > 8) return ctx.reply_error(subcommand_syntax_error(ctx));
  std::string_view key = ctx.arg(2);
  StreamID id;
  if (ctx.arg(4) == "$") {
    id = a.stream ? a.stream->last_id() : StreamID::min();
  } else if (!parse_strict_id(ctx.arg(4), &id)) {
    return ctx.reply_error(kInvalidId);
  }
  bool created_key = false;
  if (!a.stream) {
    a.stream = create_stream(ctx, key);
    created_key = true;
  }
  if (!a.stream->create_group(ctx.arg(3), id, a.entries_read))
    return ctx.reply_error(err::kBusyGroup);
  ctx.reply().ok();
  if (created_key) {
    ctx.key_modified(key, kNotifyStream, "xgroup-create");
  } else {
    stream_changed(ctx, key, "xgroup-create");
  }
}

// XGROUP SETID key group id|$ [ENTRIESREAD entries-read]
void xgroup_setid_command(CommandContext& ctx) {
  GroupArgs a;
  if (!group_prologue(ctx, false, true, true, &a)) return;
  if (ctx.argc() != 5 && ctx.argc() != 7) return ctx.reply_error(subcommand_syntax_error(ctx));
  StreamID id;
  if (ctx.arg(4) == "$") {
    id = a.stream->last_id();
  } else if (!parse_id(ctx.arg(4), &id, 0, false)) {
    return ctx.reply_error(kInvalidId);
  }
  a.group->last_id = id;
  a.group->entries_read = a.entries_read;
  ctx.reply().ok();
  stream_changed(ctx, ctx.arg(2), "xgroup-setid");
}

// XGROUP DESTROY key group
void xgroup_destroy_command(CommandContext& ctx) {
  GroupArgs a;
  if (!group_prologue(ctx, false, false, false, &a)) return;
  if (!a.group) return ctx.reply().integer(0);
  a.stream->destroy_group(ctx.arg(3));
  ctx.reply().integer(1);
  stream_changed(ctx, ctx.arg(2), "xgroup-destroy");
  // Blocked XREADGROUP clients of this group learn it is gone (-NOGROUP).
  ctx.server().blocking().signal_key(ctx.db_index(), ctx.arg(2));
}

// XGROUP CREATECONSUMER key group consumer
void xgroup_createconsumer_command(CommandContext& ctx) {
  GroupArgs a;
  if (!group_prologue(ctx, false, false, true, &a)) return;
  StreamConsumer* c = create_consumer(ctx, a.group, ctx.arg(2), ctx.arg(4), now_ms());
  ctx.reply().integer(c ? 1 : 0);
}

// XGROUP DELCONSUMER key group consumer
void xgroup_delconsumer_command(CommandContext& ctx) {
  GroupArgs a;
  if (!group_prologue(ctx, false, false, true, &a)) return;
  StreamConsumer* c = a.group->find_consumer(ctx.arg(4));
  int64_t pending = 0;
  if (c) {
    pending = static_cast<int64_t>(a.group->delete_consumer(c));
    stream_changed(ctx, ctx.arg(2), "xgroup-delconsumer");
  }
  ctx.reply().integer(pending);
}

constexpr std::array<std::string_view, 17> kGroupHelp = {
    "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CREATE <key> <groupname> <id|$> [option]",
    "    Create a new consumer group. Options are:",
    "    * MKSTREAM",
    "      Create the empty stream if it does not exist.",
    "    * ENTRIESREAD entries_read",
    "      Set the group's entries_read counter (internal use).",
    "CREATECONSUMER <key> <groupname> <consumer>",
    "    Create a new consumer in the specified group.",
    "DELCONSUMER <key> <groupname> <consumer>",
    "    Remove the specified consumer.",
    "DESTROY <key> <groupname>",
    "    Remove the specified group.",
    "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
    "    Set the current group ID and entries_read counter.",
    "HELP",
    "    Prints this help.",
};

void xgroup_help_command(CommandContext& ctx) {
  ctx.reply().array(kGroupHelp.size());
  for (std::string_view line : kGroupHelp) ctx.reply().simple(line);
}

// ---------------------------------------------------------------------------------------
// XINFO

Stream* info_stream(CommandContext& ctx) {
  Entry* e = lookup_read(ctx, ctx.arg(2));
  if (!e) {
    ctx.reply_error(err::kNoSuchKey);
    return nullptr;
  }
  if (!is_stream(e)) {
    ctx.reply_error(err::kWrongType);
    return nullptr;
  }
  return as_stream(e);
}

void reply_lag(ReplyWriter& r, const Stream& s, const ConsumerGroup& g) {
  auto lag = s.group_lag(g);
  if (lag) {
    r.integer(*lag);
  } else {
    r.null();
  }
}

void reply_entries_read(ReplyWriter& r, const ConsumerGroup& g) {
  if (g.entries_read != kEntriesReadInvalid) {
    r.integer(g.entries_read);
  } else {
    r.null();
  }
}

void reply_stream_head(ReplyWriter& r, const Stream& s) {
  r.bulk("length");
  r.integer(static_cast<int64_t>(s.length()));
  r.bulk("radix-tree-keys");
  r.integer(static_cast<int64_t>(s.node_count()));
  r.bulk("radix-tree-nodes");
  r.integer(static_cast<int64_t>(s.rax_node_count()));
  r.bulk("last-generated-id");
  reply_id(r, s.last_id());
  r.bulk("max-deleted-entry-id");
  reply_id(r, s.max_deleted_id());
  r.bulk("entries-added");
  r.integer(static_cast<int64_t>(s.entries_added()));
  r.bulk("recorded-first-entry-id");
  reply_id(r, s.first_id());
}

void reply_stream_full(ReplyWriter& r, const Stream& s, int64_t count) {
  r.map(9);
  reply_stream_head(r, s);
  r.bulk("entries");
  {
    auto d = r.begin_array();
    size_t n = 0;
    Stream::Iterator it(s, StreamID::min(), StreamID::max(), false);
    while ((count == 0 || static_cast<int64_t>(n) < count) && it.next()) {
      reply_entry(r, it);
      ++n;
    }
    r.end(d, n);
  }
  r.bulk("groups");
  r.array(s.group_count());
  if (!s.groups()) return;
  Rax::Iterator gi(*s.groups());
  for (bool ok = gi.seek_first(); ok; ok = gi.next()) {
    auto* g = static_cast<ConsumerGroup*>(gi.value());
    r.map(7);
    r.bulk("name");
    r.bulk(gi.key());
    r.bulk("last-delivered-id");
    reply_id(r, g->last_id);
    r.bulk("entries-read");
    reply_entries_read(r, *g);
    r.bulk("lag");
    reply_lag(r, s, *g);
    r.bulk("pel-count");
    r.integer(static_cast<int64_t>(g->pel.size()));
    r.bulk("pending");
    {
      size_t total = g->pel.size();
      size_t n = count == 0 ? total : std::min<size_t>(total, static_cast<size_t>(count));
      r.array(n);
      Rax::Iterator pi(g->pel);
      bool pok = pi.seek_first();
      for (size_t k = 0; k < n && pok; ++k, pok = pi.next()) {
        auto* pe = static_cast<PendingEntry*>(pi.value());
        r.array(4);
        reply_id(r, StreamID::decode(pi.key()));
        r.bulk(pe->consumer->name);
        r.integer(pe->delivery_time);
        r.integer(static_cast<int64_t>(pe->delivery_count));
      }
    }
    r.bulk("consumers");
    r.array(g->consumers.size());
    Rax::Iterator ci(g->consumers);
    for (bool cok = ci.seek_first(); cok; cok = ci.next()) {
      auto* c = static_cast<StreamConsumer*>(ci.value());
      r.map(4);
      r.bulk("name");
      r.bulk(c->name);
      r.bulk("seen-time");
      r.integer(c->seen_time);
      r.bulk("pel-count");
      r.integer(static_cast<int64_t>(c->pel.size()));
      r.bulk("pending");
      size_t total = c->pel.size();
      size_t n = count == 0 ? total : std::min<size_t>(total, static_cast<size_t>(count));
      r.array(n);
      Rax::Iterator pi(c->pel);
      bool pok = pi.seek_first();
      for (size_t k = 0; k < n && pok; ++k, pok = pi.next()) {
        auto* pe = static_cast<PendingEntry*>(pi.value());
        r.array(3);
        reply_id(r, StreamID::decode(pi.key()));
        r.integer(pe->delivery_time);
        r.integer(static_cast<int64_t>(pe->delivery_count));
      }
    }
  }
}

// XINFO STREAM key [FULL [COUNT count]]
void xinfo_stream_command(CommandContext& ctx) {
  Stream* s = info_stream(ctx);
  if (!s) return;
  ReplyWriter& r = ctx.reply();
  if (ctx.argc() > 3) {
    if (!iequals(ctx.arg(3), "full")) return ctx.reply_error(subcommand_syntax_error(ctx));
    int64_t count = 10;
    if (ctx.argc() == 6 && iequals(ctx.arg(4), "count")) {
      if (!string_to_ll(ctx.arg(5), &count)) return ctx.reply_error(err::kNotInteger);
      if (count < 0) count = 0;
    } else if (ctx.argc() != 4) {
      return ctx.reply_error(subcommand_syntax_error(ctx));
    }
    return reply_stream_full(r, *s, count);
  }
  r.map(10);
  reply_stream_head(r, *s);
  r.bulk("groups");
  r.integer(static_cast<int64_t>(s->group_count()));
  r.bulk("first-entry");
  Stream::Iterator first(*s, StreamID::min(), StreamID::max(), false);
  if (first.next()) {
    reply_entry(r, first);
  } else {
    r.null();
  }
  r.bulk("last-entry");
  Stream::Iterator last(*s, StreamID::min(), StreamID::max(), true);
  if (last.next()) {
    reply_entry(r, last);
  } else {
    r.null();
  }
}

// XINFO GROUPS key
void xinfo_groups_command(CommandContext& ctx) {
  Stream* s = info_stream(ctx);
  if (!s) return;
  ReplyWriter& r = ctx.reply();
  r.array(s->group_count());
  if (!s->groups()) return;
  Rax::Iterator gi(*s->groups());
  for (bool ok = gi.seek_first(); ok; ok = gi.next()) {
    auto* g = static_cast<ConsumerGroup*>(gi.value());
    r.map(6);
    r.bulk("name");
    r.bulk(gi.key());
    r.bulk("consumers");
    r.integer(static_cast<int64_t>(g->consumers.size()));
    r.bulk("pending");
    r.integer(static_cast<int64_t>(g->pel.size()));
    r.bulk("last-delivered-id");
    reply_id(r, g->last_id);
    r.bulk("entries-read");
    reply_entries_read(r, *g);
    r.bulk("lag");
    reply_lag(r, *s, *g);
  }
}

// XINFO CONSUMERS key group
void xinfo_consumers_command(CommandContext& ctx) {
  Stream* s = info_stream(ctx);
  if (!s) return;
  ConsumerGroup* g = s->group(ctx.arg(3));
  if (!g) return ctx.reply_error(nogroup_for_key(ctx.arg(3), ctx.arg(2)));
  const int64_t now = now_ms();
  ReplyWriter& r = ctx.reply();
  r.array(g->consumers.size());
  Rax::Iterator ci(g->consumers);
  for (bool ok = ci.seek_first(); ok; ok = ci.next()) {
    auto* c = static_cast<StreamConsumer*>(ci.value());
    r.map(3);
    r.bulk("name");
    r.bulk(c->name);
    r.bulk("pending");
    r.integer(static_cast<int64_t>(c->pel.size()));
    r.bulk("idle");
    r.integer(now - c->seen_time);
  }
}

constexpr std::array<std::string_view, 9> kInfoHelp = {
    "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CONSUMERS <key> <groupname>",
    "    Show consumers of <groupname>.",
    "GROUPS <key>",
    "    Show the stream consumer groups.",
    "STREAM <key> [FULL [COUNT <count>]",
    "    Show information about the stream.",
    "HELP",
    "    Prints this help.",
};

void xinfo_help_command(CommandContext& ctx) {
  ctx.reply().array(kInfoHelp.size());
  for (std::string_view line : kInfoHelp) ctx.reply().simple(line);
}

// ---------------------------------------------------------------------------------------
// Keys of XREAD / XREADGROUP (COMMAND GETKEYS), as their key specs find them: the first
// STREAMS token from `search_from`, then half of what follows it.
int read_keys(std::span<const std::string_view> argv, size_t search_from,
              std::vector<int>* out) {
  for (size_t i = search_from; i < argv.size(); ++i) {
    if (!iequals(argv[i], "streams")) continue;
    size_t first = i + 1;
    size_t n = (argv.size() - first) / 2;
    if (n == 0) return -1;
    for (size_t k = 0; k < n; ++k) out->push_back(static_cast<int>(first + k));
    return static_cast<int>(n);
  }
  return -1;
}
int xread_keys(std::span<const std::string_view> argv, std::vector<int>* out) {
  return read_keys(argv, 1, out);
}
int xreadgroup_keys(std::span<const std::string_view> argv, std::vector<int>* out) {
  return read_keys(argv, 4, out);
}

// ---------------------------------------------------------------------------------------
// Command table rows (arity, flags and key positions as redis-server 7.0 COMMAND INFO).

constexpr uint64_t kRead = kCmdReadOnly;
constexpr uint64_t kReadFast = kCmdReadOnly | kCmdFast;
constexpr uint64_t kWrite = kCmdWrite;
constexpr uint64_t kWriteFast = kCmdWrite | kCmdFast;
constexpr uint64_t kWriteOom = kCmdWrite | kCmdDenyOom;
constexpr uint64_t kWriteOomFast = kCmdWrite | kCmdDenyOom | kCmdFast;

const CommandSpec kGroupSubcommands[] = {
    {.name = "create", .arity = -5, .flags = kWriteOom, .keys = {2, 2, 1},
     .handler = xgroup_create_command, .group = CommandGroup::Stream,
     .summary = "Creates a consumer group, and the stream with MKSTREAM.", .since = "5.0.0",
     .complexity = "O(1)",
     .args = "key group <id | $> [MKSTREAM] [ENTRIESREAD entries-read]"},
    {.name = "createconsumer", .arity = 5, .flags = kWriteOom, .keys = {2, 2, 1},
     .handler = xgroup_createconsumer_command, .group = CommandGroup::Stream,
     .summary = "Creates a consumer in a consumer group.", .since = "6.2.0",
     .complexity = "O(1)", .args = "key group consumer"},
    {.name = "delconsumer", .arity = 5, .flags = kWrite, .keys = {2, 2, 1},
     .handler = xgroup_delconsumer_command, .group = CommandGroup::Stream,
     .summary = "Deletes a consumer and its pending entries from a consumer group.",
     .since = "5.0.0", .complexity = "O(1)", .args = "key group consumer"},
    {.name = "destroy", .arity = 4, .flags = kWrite, .keys = {2, 2, 1},
     .handler = xgroup_destroy_command, .group = CommandGroup::Stream,
     .summary = "Destroys a consumer group and its pending entries.", .since = "5.0.0",
     .complexity = "O(N), N being the entries of the group's pending entries list.",
     .args = "key group"},
    {.name = "help", .arity = 2, .flags = kCmdLoading | kCmdStale,
     .handler = xgroup_help_command, .group = CommandGroup::Stream,
     .summary = "Lists the XGROUP subcommands.", .since = "5.0.0", .complexity = "O(1)"},
    {.name = "setid", .arity = -5, .flags = kWrite, .keys = {2, 2, 1},
     .handler = xgroup_setid_command, .group = CommandGroup::Stream,
     .summary = "Sets the last delivered ID (and read counter) of a consumer group.",
     .since = "5.0.0", .complexity = "O(1)",
     .args = "key group <id | $> [ENTRIESREAD entries-read]"},
};

const CommandSpec kInfoSubcommands[] = {
    {.name = "consumers", .arity = 4, .flags = kRead, .keys = {2, 2, 1},
     .handler = xinfo_consumers_command, .group = CommandGroup::Stream,
     .summary = "Lists the consumers of a consumer group.", .since = "5.0.0",
     .complexity = "O(1)", .args = "key group",
     .tips = "nondeterministic_output"},
    {.name = "groups", .arity = 3, .flags = kRead, .keys = {2, 2, 1},
     .handler = xinfo_groups_command, .group = CommandGroup::Stream,
     .summary = "Lists the consumer groups of a stream.", .since = "5.0.0",
     .complexity = "O(1)", .args = "key"},
    {.name = "help", .arity = 2, .flags = kCmdLoading | kCmdStale,
     .handler = xinfo_help_command, .group = CommandGroup::Stream,
     .summary = "Lists the XINFO subcommands.", .since = "5.0.0", .complexity = "O(1)"},
    {.name = "stream", .arity = -3, .flags = kRead, .keys = {2, 2, 1},
     .handler = xinfo_stream_command, .group = CommandGroup::Stream,
     .summary = "Describes a stream; FULL adds its entries, groups, PELs and consumers.",
     .since = "5.0.0",
     .complexity = "O(1); with FULL, O(N) in the entries, pending entries and consumers "
                   "shown (at most COUNT each).",
     .args = "key [FULL [COUNT count]]"},
};

const CommandSpec kRows[] = {
    {.name = "xack", .arity = -4, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = xack_command, .group = CommandGroup::Stream,
     .summary = "Acknowledges entries of a consumer group, removing them from its PEL.",
     .since = "5.0.0", .complexity = "O(1) for each ID.", .args = "key group id [id ...]"},
    {.name = "xadd", .arity = -5, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = xadd_command, .group = CommandGroup::Stream,
     .summary = "Appends an entry to a stream, creating it if needed, and may trim it.",
     .since = "5.0.0",
     .complexity = "O(1) to add; trimming is O(N) in the entries removed.",
     .args = "key [NOMKSTREAM] [<MAXLEN | MINID> [= | ~] threshold [LIMIT count]] <* | id> "
             "field value [field value ...]",
     .tips = "nondeterministic_output"},
    {.name = "xautoclaim", .arity = -6, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = xautoclaim_command, .group = CommandGroup::Stream,
     .summary = "Claims the pending entries idle for long enough, scanning from a cursor.",
     .since = "6.2.0", .complexity = "O(1) for each entry examined (at most 10 x COUNT).",
     .args = "key group consumer min-idle-time start [COUNT count] [JUSTID]",
     .tips = "nondeterministic_output"},
    {.name = "xclaim", .arity = -6, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = xclaim_command, .group = CommandGroup::Stream,
     .summary = "Transfers pending entries to another consumer of the group.",
     .since = "5.0.0", .complexity = "O(log N) for each ID, N being the PEL size.",
     .args = "key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds] "
             "[RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid]",
     .tips = "nondeterministic_output"},
    {.name = "xdel", .arity = -3, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = xdel_command, .group = CommandGroup::Stream,
     .summary = "Deletes entries of a stream by ID.", .since = "5.0.0",
     .complexity = "O(1) for each ID (a node walk).", .args = "key id [id ...]"},
    {.name = "xgroup", .arity = -2, .group = CommandGroup::Stream,
     .summary = "Commands that manage consumer groups.", .since = "5.0.0",
     .complexity = "Depends on subcommand.", .subcommands = kGroupSubcommands},
    {.name = "xinfo", .arity = -2, .group = CommandGroup::Stream,
     .summary = "Commands that describe streams, groups and consumers.", .since = "5.0.0",
     .complexity = "Depends on subcommand.", .subcommands = kInfoSubcommands},
    {.name = "xlen", .arity = 2, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = xlen_command, .group = CommandGroup::Stream,
     .summary = "Returns the number of entries of a stream.", .since = "5.0.0",
     .complexity = "O(1)", .args = "key"},
    {.name = "xpending", .arity = -3, .flags = kRead, .keys = {1, 1, 1},
     .handler = xpending_command, .group = CommandGroup::Stream,
     .summary = "Summarises or lists the pending entries of a consumer group.",
     .since = "5.0.0",
     .complexity = "O(N) in the entries returned; the summary is O(consumers).",
     .args = "key group [[IDLE min-idle-time] start end count [consumer]]",
     .tips = "nondeterministic_output"},
    {.name = "xrange", .arity = -4, .flags = kRead, .keys = {1, 1, 1},
     .handler = xrange_command, .group = CommandGroup::Stream,
     .summary = "Returns the entries of a stream within a range of IDs.", .since = "5.0.0",
     .complexity = "O(N) in the entries returned.", .args = "key start end [COUNT count]"},
    {.name = "xread", .arity = -4, .flags = kCmdReadOnly | kCmdBlocking,
     .handler = xread_command, .group = CommandGroup::Stream,
     .summary = "Reads entries after given IDs from streams, optionally blocking until "
                "some arrive.",
     .since = "5.0.0", .complexity = "O(N) in the entries returned.",
     .args = "[COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]",
     .movable_keys = xread_keys},
    {.name = "xreadgroup", .arity = -7, .flags = kCmdWrite | kCmdBlocking,
     .handler = xreadgroup_command, .group = CommandGroup::Stream,
     .summary = "Reads entries for a consumer of a group (new ones or its pending ones), "
                "optionally blocking until some arrive.",
     .since = "5.0.0", .complexity = "O(N) in the entries returned.",
     .args = "GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key "
             "[key ...] id [id ...]",
     .movable_keys = xreadgroup_keys},
    {.name = "xrevrange", .arity = -4, .flags = kRead, .keys = {1, 1, 1},
     .handler = xrevrange_command, .group = CommandGroup::Stream,
     .summary = "Returns the entries of a stream within a range of IDs, newest first.",
     .since = "5.0.0", .complexity = "O(N) in the entries returned.",
     .args = "key end start [COUNT count]"},
    {.name = "xsetid", .arity = -3, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = xsetid_command, .group = CommandGroup::Stream,
     .summary = "Sets a stream's last ID (and its added/deleted counters).",
     .since = "5.0.0", .complexity = "O(1)",
     .args = "key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]"},
    {.name = "xtrim", .arity = -4, .flags = kWrite, .keys = {1, 1, 1},
     .handler = xtrim_command, .group = CommandGroup::Stream,
     .summary = "Removes the oldest entries of a stream, by length or by minimum ID.",
     .since = "5.0.0", .complexity = "O(N) in the entries removed.",
     .args = "key <MAXLEN | MINID> [= | ~] threshold [LIMIT count]",
     .tips = "nondeterministic_output"},
};

}  // namespace

void register_stream_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
