// String commands: GET SET SETNX SETEX PSETEX GETSET GETDEL GETEX MGET MSET MSETNX APPEND
// STRLEN GETRANGE SUBSTR SETRANGE INCR DECR INCRBY DECRBY INCRBYFLOAT LCS.
//
// Encodings follow Redis so OBJECT ENCODING agrees: values written whole (SET, MSET, GETSET,
// APPEND creating a key) get the automatic int/embstr/raw choice of Value::string; values
// edited in place (APPEND to an existing key, SETRANGE) become raw; the INCR family stores
// an int; INCRBYFLOAT stores its formatted result as a plain (never int) string.
//
// Propagation: anything whose effect depends on the clock is rewritten to an absolute form,
// as Redis 7.0 writes it to its AOF: SET/SETEX/PSETEX with an expire become
// `SET key value PXAT <ms>` (NX/XX/GET dropped: the write already happened), GETEX becomes
// PEXPIREAT / PERSIST / DEL, GETSET becomes SET, GETDEL becomes DEL and INCRBYFLOAT becomes
// `SET key <result> KEEPTTL` so float formatting never differs on replay. SET ... GET without
// an expire is propagated without its GET tokens.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "eddy/base/clock.h"
#include "eddy/commands/command_table.h"
#include "eddy/commands/lookup.h"
#include "eddy/keyspace/database.h"
#include "eddy/server/server.h"

namespace eddy {
namespace {

constexpr std::string_view kOffsetOutOfRange = "ERR offset is out of range";
constexpr std::string_view kDecrementOverflow = "ERR decrement would overflow";
constexpr std::string_view kLcsNotStrings = "ERR The specified keys must contain string values";
constexpr std::string_view kLcsLenAndIdx =
    "ERR If you want both the length and indexes, please just use IDX.";
constexpr std::string_view kLcsTooLong = "ERR String too long for LCS";
constexpr std::string_view kLcsOverBulkLen =
    "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";

// Scratch for rendering int-encoded values.
using IntBuf = char[24];

// ---------------------------------------------------------------------------------------
// SET / GETEX option parsing

enum class ExpireKind : uint8_t { None, Ex, Px, ExAt, PxAt };

struct StringOptions {
  bool nx = false;
  bool xx = false;
  bool get = false;
  bool keepttl = false;
  bool persist = false;
  ExpireKind expire = ExpireKind::None;
  std::string_view expire_arg;
};

enum class OptionsOf : uint8_t { Set, GetEx };

// Parses SET's (or GETEX's) trailing options from argv[start]. False means syntax error.
// Repeating an option is accepted (the last expire value wins), mixing conflicting ones is
// not: NX with XX, two different expire kinds, KEEPTTL or PERSIST with an expire.
bool parse_string_options(std::span<const std::string_view> argv, size_t start,
                          OptionsOf which, StringOptions* o) {
  const bool is_set = which == OptionsOf::Set;
  for (size_t j = start; j < argv.size(); ++j) {
    std::string_view opt = argv[j];
    const bool has_next = j + 1 < argv.size();
    auto try_expire = [&](ExpireKind kind) {
      if (o->keepttl || o->persist || !has_next) return false;
      if (o->expire != ExpireKind::None && o->expire != kind) return false;
      o->expire = kind;
      o->expire_arg = argv[++j];
      return true;
    };
    if (is_set && iequals(opt, "NX") && !o->xx) {
      o->nx = true;
    } else if (is_set && iequals(opt, "XX") && !o->nx) {
      o->xx = true;
    } else if (is_set && iequals(opt, "GET")) {
      o->get = true;
    } else if (is_set && iequals(opt, "KEEPTTL") && o->expire == ExpireKind::None) {
      o->keepttl = true;
    } else if (!is_set && iequals(opt, "PERSIST") && o->expire == ExpireKind::None) {
      o->persist = true;
    } else if (iequals(opt, "EX")) {
      if (!try_expire(ExpireKind::Ex)) return false;
    } else if (iequals(opt, "PX")) {
      if (!try_expire(ExpireKind::Px)) return false;
    } else if (iequals(opt, "EXAT")) {
      if (!try_expire(ExpireKind::ExAt)) return false;
    } else if (iequals(opt, "PXAT")) {
      if (!try_expire(ExpireKind::PxAt)) return false;
    } else {
      return false;
    }
  }
  return true;
}

// Turns an expire argument into an absolute unix time in ms, replying Redis's error on
// failure: not an integer; zero or negative; seconds that overflow when scaled to ms; or a
// relative time whose sum with the clock overflows (the sum wraps, as in Redis, and the
// negative result is rejected).
bool expire_to_abs_ms(CommandContext& ctx, ExpireKind kind, std::string_view arg,
                      int64_t* out) {
  int64_t v = 0;
  if (!string_to_ll(arg, &v)) {
    ctx.reply_error(err::kNotInteger);
    return false;
  }
  const bool seconds = kind == ExpireKind::Ex || kind == ExpireKind::ExAt;
  if (v <= 0 || (seconds && v > std::numeric_limits<int64_t>::max() / 1000)) {
    ctx.reply_error(err::invalid_expire(ctx.command()->fullname));
    return false;
  }
  if (seconds) v *= 1000;
  if (kind == ExpireKind::Ex || kind == ExpireKind::Px) {
    v = static_cast<int64_t>(static_cast<uint64_t>(v) + static_cast<uint64_t>(now_ms()));
  }
  if (v <= 0) {
    ctx.reply_error(err::invalid_expire(ctx.command()->fullname));
    return false;
  }
  *out = v;
  return true;
}

// Redis's checkStringLength: a string may not grow beyond proto-max-bulk-len.
bool check_string_length(CommandContext& ctx, uint64_t size, uint64_t append) {
  uint64_t total = size + append;
  if (total < size || total > static_cast<uint64_t>(ctx.server().settings().proto_max_bulk_len)) {
    ctx.reply_error(err::kStringTooLong);
    return false;
  }
  return true;
}

// Replies with the string at `key` (nil when absent). False when the key holds another
// type (WRONGTYPE already replied). Redis's getGenericCommand.
bool get_generic(CommandContext& ctx, std::string_view key) {
  Entry* e = lookup_read(ctx, key);
  if (!e) {
    ctx.reply().null();
    return true;
  }
  if (!e->val.is_string()) {
    ctx.reply_error(err::kWrongType);
    return false;
  }
  IntBuf buf;
  ctx.reply().bulk(e->val.str(buf));
  return true;
}

// The shared body of SET, SETNX, SETEX and PSETEX. `ok_reply`/`abort_reply` select the
// replies of SETNX (1/0) instead of +OK/nil.
enum class SetReplies : uint8_t { OkNil, OneZero };

void set_generic(CommandContext& ctx, const StringOptions& o, std::string_view key,
                 std::string_view value, SetReplies replies) {
  int64_t when = 0;
  if (o.expire != ExpireKind::None && !expire_to_abs_ms(ctx, o.expire, o.expire_arg, &when)) {
    return;
  }
  bool found;
  if (o.get) {
    if (!get_generic(ctx, key)) return;
    found = ctx.db().find(key) != nullptr;
  } else {
    found = lookup_write(ctx, key) != nullptr;
  }
  if ((o.nx && found) || (o.xx && !found)) {
    if (!o.get) {
      if (replies == SetReplies::OneZero) {
        ctx.reply().integer(0);
      } else {
        ctx.reply().null();
      }
    }
    return;
  }
  Database& db = ctx.db();
  Entry* e = db.set(key, Value::string(value), o.keepttl);
  ctx.key_modified(key, kNotifyString, "set");
  if (o.expire != ExpireKind::None) {
    db.set_expire(e, when);
    ctx.propagate_as({"SET", std::string(key), std::string(value), "PXAT", ll_to_string(when)});
    ctx.notify(kNotifyGeneric, "expire", key, ctx.db_index());
  } else if (o.get) {
    std::vector<std::string> argv;
    for (size_t j = 0; j < ctx.argc(); ++j) {
      if (j >= 3 && iequals(ctx.arg(j), "GET")) continue;
      argv.emplace_back(ctx.arg(j));
    }
    ctx.propagate_as(std::move(argv));
  }
  if (o.get) return;
  if (replies == SetReplies::OneZero) {
    ctx.reply().integer(1);
  } else {
    ctx.reply().ok();
  }
}

// ---------------------------------------------------------------------------------------
// Handlers

// GET key
void get_command(CommandContext& ctx) { get_generic(ctx, ctx.arg(1)); }

// SET key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|
//     PXAT unix-time-milliseconds|KEEPTTL]
void set_command(CommandContext& ctx) {
  StringOptions o;
  if (!parse_string_options(ctx.args(), 3, OptionsOf::Set, &o)) {
    return ctx.reply_error(err::kSyntax);
  }
  set_generic(ctx, o, ctx.arg(1), ctx.arg(2), SetReplies::OkNil);
}

// SETNX key value
void setnx_command(CommandContext& ctx) {
  StringOptions o;
  o.nx = true;
  set_generic(ctx, o, ctx.arg(1), ctx.arg(2), SetReplies::OneZero);
}

// SETEX key seconds value
void setex_command(CommandContext& ctx) {
  StringOptions o;
  o.expire = ExpireKind::Ex;
  o.expire_arg = ctx.arg(2);
  set_generic(ctx, o, ctx.arg(1), ctx.arg(3), SetReplies::OkNil);
}

// PSETEX key milliseconds value
void psetex_command(CommandContext& ctx) {
  StringOptions o;
  o.expire = ExpireKind::Px;
  o.expire_arg = ctx.arg(2);
  set_generic(ctx, o, ctx.arg(1), ctx.arg(3), SetReplies::OkNil);
}

// GETSET key value
void getset_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1), value = ctx.arg(2);
  if (!get_generic(ctx, key)) return;
  ctx.db().set(key, Value::string(value));
  ctx.key_modified(key, kNotifyString, "set");
  ctx.propagate_as({"SET", std::string(key), std::string(value)});
}

// GETDEL key
void getdel_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  if (!get_generic(ctx, key)) return;
  if (ctx.db().erase(key)) {
    ctx.key_modified(key, kNotifyGeneric, "del");
    ctx.propagate_as({"DEL", std::string(key)});
  }
}

// GETEX key [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|
//     PERSIST]
// Redis checks the options' syntax first, then the key (nil / WRONGTYPE), and only then the
// expire value, so `GETEX missing EX -1` is nil, not an error.
void getex_command(CommandContext& ctx) {
  StringOptions o;
  if (!parse_string_options(ctx.args(), 2, OptionsOf::GetEx, &o)) {
    return ctx.reply_error(err::kSyntax);
  }
  std::string_view key = ctx.arg(1);
  Entry* e = lookup_read(ctx, key);
  if (!e) return ctx.reply().null();
  if (!e->val.is_string()) return ctx.reply_error(err::kWrongType);
  int64_t when = 0;
  if (o.expire != ExpireKind::None && !expire_to_abs_ms(ctx, o.expire, o.expire_arg, &when)) {
    return;
  }
  IntBuf buf;
  ctx.reply().bulk(e->val.str(buf));

  Database& db = ctx.db();
  const bool absolute = o.expire == ExpireKind::ExAt || o.expire == ExpireKind::PxAt;
  if (absolute && when <= now_ms()) {
    // An absolute time already past deletes the key now (Redis propagates the DEL; it would
    // say UNLINK under lazyfree-lazy-expire, which Eddy does not offer).
    db.erase(key);
    ctx.key_modified(key, kNotifyGeneric, "del");
    ctx.propagate_as({"DEL", std::string(key)});
  } else if (o.expire != ExpireKind::None) {
    db.set_expire(e, when);
    ctx.key_modified(key, kNotifyGeneric, "expire");
    ctx.propagate_as({"PEXPIREAT", std::string(key), ll_to_string(when)});
  } else if (o.persist && db.persist(e)) {
    ctx.key_modified(key, kNotifyGeneric, "persist");
    ctx.propagate_as({"PERSIST", std::string(key)});
  }
}

// MGET key [key ...]
void mget_command(CommandContext& ctx) {
  ctx.reply().array(ctx.argc() - 1);
  for (size_t i = 1; i < ctx.argc(); ++i) {
    Entry* e = lookup_read(ctx, ctx.arg(i));
    if (!e || !e->val.is_string()) {
      ctx.reply().null();
      continue;
    }
    IntBuf buf;
    ctx.reply().bulk(e->val.str(buf));
  }
}

// Stores every key/value pair of MSET/MSETNX (later duplicates win).
void mset_pairs(CommandContext& ctx) {
  Database& db = ctx.db();
  for (size_t j = 1; j + 1 < ctx.argc(); j += 2) {
    db.set(ctx.arg(j), Value::string(ctx.arg(j + 1)));
    ctx.key_modified(ctx.arg(j), kNotifyString, "set");
  }
}

// MSET key value [key value ...]
void mset_command(CommandContext& ctx) {
  if (ctx.argc() % 2 == 0) return ctx.reply_error(err::wrong_arity(ctx.command()->fullname));
  mset_pairs(ctx);
  ctx.reply().ok();
}

// MSETNX key value [key value ...]
void msetnx_command(CommandContext& ctx) {
  if (ctx.argc() % 2 == 0) return ctx.reply_error(err::wrong_arity(ctx.command()->fullname));
  for (size_t j = 1; j < ctx.argc(); j += 2) {
    if (lookup_write(ctx, ctx.arg(j))) return ctx.reply().integer(0);
  }
  mset_pairs(ctx);
  ctx.reply().integer(1);
}

// APPEND key value
void append_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1), tail = ctx.arg(2);
  Entry* e = lookup_write(ctx, key);
  size_t total;
  if (!e) {
    // A new key keeps the argument's own encoding (APPEND k 123 reads back as "int").
    ctx.db().add(key, Value::string(tail));
    total = tail.size();
  } else {
    if (!e->val.is_string()) return ctx.reply_error(err::kWrongType);
    if (!check_string_length(ctx, e->val.string_length(), tail.size())) return;
    std::string& s = e->val.raw();
    s.append(tail);
    total = s.size();
  }
  ctx.key_modified(key, kNotifyString, "append");
  ctx.reply().integer(static_cast<int64_t>(total));
}

// STRLEN key
void strlen_command(CommandContext& ctx) {
  Entry* e = lookup_read(ctx, ctx.arg(1));
  if (!e) return ctx.reply().integer(0);
  if (!e->val.is_string()) return ctx.reply_error(err::kWrongType);
  ctx.reply().integer(static_cast<int64_t>(e->val.string_length()));
}

// GETRANGE key start end  (SUBSTR key start end)
// Negative indexes count from the end and clamp to 0; `end` clamps to the last byte. A
// range with both ends negative and start after end is empty before any clamping, so
// `GETRANGE k -1 -5` is "" while `GETRANGE k 0 -100` is the first byte.
void getrange_command(CommandContext& ctx) {
  int64_t start = 0, end = 0;
  if (!string_to_ll(ctx.arg(2), &start) || !string_to_ll(ctx.arg(3), &end)) {
    return ctx.reply_error(err::kNotInteger);
  }
  Entry* e = lookup_read(ctx, ctx.arg(1));
  if (!e) return ctx.reply().bulk("");
  if (!e->val.is_string()) return ctx.reply_error(err::kWrongType);
  IntBuf buf;
  std::string_view s = e->val.str(buf);
  const int64_t len = static_cast<int64_t>(s.size());
  if (start < 0 && end < 0 && start > end) return ctx.reply().bulk("");
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (len == 0 || start > end) return ctx.reply().bulk("");
  ctx.reply().bulk(s.substr(static_cast<size_t>(start), static_cast<size_t>(end - start + 1)));
}

// SETRANGE key offset value
void setrange_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1), patch = ctx.arg(3);
  int64_t offset = 0;
  if (!string_to_ll(ctx.arg(2), &offset)) return ctx.reply_error(err::kNotInteger);
  if (offset < 0) return ctx.reply_error(kOffsetOutOfRange);
  const auto off = static_cast<uint64_t>(offset);
  Entry* e = lookup_write(ctx, key);
  if (!e) {
    if (patch.empty()) return ctx.reply().integer(0);
    if (!check_string_length(ctx, off, patch.size())) return;
    e = ctx.db().add(key, Value::raw_string(std::string()));
  } else {
    if (!e->val.is_string()) return ctx.reply_error(err::kWrongType);
    if (patch.empty()) return ctx.reply().integer(static_cast<int64_t>(e->val.string_length()));
    if (!check_string_length(ctx, off, patch.size())) return;
  }
  std::string& s = e->val.raw();
  const size_t need = static_cast<size_t>(off) + patch.size();
  if (s.size() < need) s.resize(need, '\0');
  std::memcpy(s.data() + off, patch.data(), patch.size());
  ctx.key_modified(key, kNotifyString, "setrange");
  ctx.reply().integer(static_cast<int64_t>(s.size()));
}

// The shared body of INCR, DECR, INCRBY and DECRBY. The TTL is kept.
void incr_generic(CommandContext& ctx, int64_t by) {
  std::string_view key = ctx.arg(1);
  Entry* e = lookup_write(ctx, key);
  int64_t value = 0;
  if (e) {
    if (!e->val.is_string()) return ctx.reply_error(err::kWrongType);
    if (e->val.is_int()) {
      value = e->val.int_value();
    } else {
      IntBuf buf;
      if (!string_to_ll(e->val.str(buf), &value)) return ctx.reply_error(err::kNotInteger);
    }
  }
  if ((by < 0 && value < 0 && by < std::numeric_limits<int64_t>::min() - value) ||
      (by > 0 && value > 0 && by > std::numeric_limits<int64_t>::max() - value)) {
    return ctx.reply_error(err::kOverflow);
  }
  value += by;
  if (e) {
    e->val = Value::integer(value);
  } else {
    ctx.db().add(key, Value::integer(value));
  }
  ctx.key_modified(key, kNotifyString, "incrby");
  ctx.reply().integer(value);
}

// INCR key
void incr_command(CommandContext& ctx) { incr_generic(ctx, 1); }

// DECR key
void decr_command(CommandContext& ctx) { incr_generic(ctx, -1); }

// INCRBY key increment
void incrby_command(CommandContext& ctx) {
  int64_t by = 0;
  if (!string_to_ll(ctx.arg(2), &by)) return ctx.reply_error(err::kNotInteger);
  incr_generic(ctx, by);
}

// DECRBY key decrement
void decrby_command(CommandContext& ctx) {
  int64_t by = 0;
  if (!string_to_ll(ctx.arg(2), &by)) return ctx.reply_error(err::kNotInteger);
  if (by == std::numeric_limits<int64_t>::min()) return ctx.reply_error(kDecrementOverflow);
  incr_generic(ctx, -by);
}

// INCRBYFLOAT key increment
// Computed in long double and stored as its human text (at most 17 decimals, trailing zeros
// dropped), the same digits Redis produces; the TTL is kept.
void incrbyfloat_command(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  Entry* e = lookup_write(ctx, key);
  long double value = 0;
  if (e) {
    if (!e->val.is_string()) return ctx.reply_error(err::kWrongType);
    if (e->val.is_int()) {
      value = static_cast<long double>(e->val.int_value());
    } else {
      IntBuf buf;
      if (!string_to_long_double(e->val.str(buf), &value)) return ctx.reply_error(err::kNotFloat);
    }
  }
  long double incr = 0;
  if (!string_to_long_double(ctx.arg(2), &incr)) return ctx.reply_error(err::kNotFloat);
  value += incr;
  if (std::isnan(value) || std::isinf(value)) return ctx.reply_error(err::kIncrNanOrInf);
  std::string text = long_double_to_string(value);
  if (e) {
    e->val = Value::string_no_int(text);
  } else {
    ctx.db().add(key, Value::string_no_int(text));
  }
  ctx.key_modified(key, kNotifyString, "incrbyfloat");
  ctx.reply().bulk(text);
  ctx.propagate_as({"SET", std::string(key), text, "KEEPTTL"});
}

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]
//
// Classic dynamic programming: table[i][j] is the LCS length of a[0..i) and b[0..j). The
// walk back from (alen, blen) takes a matching byte when a[i-1] == b[j-1], else steps
// towards the larger neighbour (i-1 on a strict win, j-1 on ties), which fixes which of
// several equally long LCSs is reported. Runs of consecutive matches are reported from the
// end of the strings backwards, each as [a_first, a_last] [b_first, b_last] (+ length).
void lcs_command(CommandContext& ctx) {
  Entry* ea = lookup_read(ctx, ctx.arg(1));
  Entry* eb = lookup_read(ctx, ctx.arg(2));
  if ((ea && !ea->val.is_string()) || (eb && !eb->val.is_string())) {
    return ctx.reply_error(kLcsNotStrings);
  }
  // Copies: the strings must outlive nothing else, but int values need their own text.
  std::string a = ea ? ea->val.to_string() : std::string();
  std::string b = eb ? eb->val.to_string() : std::string();

  bool want_len = false, want_idx = false, with_match_len = false;
  int64_t min_match_len = 0;
  for (size_t j = 3; j < ctx.argc(); ++j) {
    std::string_view opt = ctx.arg(j);
    const bool has_next = j + 1 < ctx.argc();
    if (iequals(opt, "IDX")) {
      want_idx = true;
    } else if (iequals(opt, "LEN")) {
      want_len = true;
    } else if (iequals(opt, "WITHMATCHLEN")) {
      with_match_len = true;
    } else if (iequals(opt, "MINMATCHLEN") && has_next) {
      if (!string_to_ll(ctx.arg(j + 1), &min_match_len)) return ctx.reply_error(err::kNotInteger);
      if (min_match_len < 0) min_match_len = 0;
      ++j;
    } else {
      return ctx.reply_error(err::kSyntax);
    }
  }
  if (want_len && want_idx) return ctx.reply_error(kLcsLenAndIdx);
  constexpr size_t kMaxLen = std::numeric_limits<uint32_t>::max() - 1;
  if (a.size() >= kMaxLen || b.size() >= kMaxLen) return ctx.reply_error(kLcsTooLong);

  const size_t alen = a.size(), blen = b.size(), cols = blen + 1;
  const uint64_t cells = static_cast<uint64_t>(alen + 1) * cols;
  if (cells * sizeof(uint32_t) >
      static_cast<uint64_t>(ctx.server().settings().proto_max_bulk_len)) {
    return ctx.reply_error(kLcsOverBulkLen);
  }
  std::vector<uint32_t> table(static_cast<size_t>(cells), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t& { return table[i * cols + j]; };
  for (size_t i = 1; i <= alen; ++i) {
    for (size_t j = 1; j <= blen; ++j) {
      if (a[i - 1] == b[j - 1]) {
        at(i, j) = at(i - 1, j - 1) + 1;
      } else {
        at(i, j) = std::max(at(i - 1, j), at(i, j - 1));
      }
    }
  }
  const uint32_t total = at(alen, blen);
  if (want_len) return ctx.reply().integer(total);

  struct Run {
    size_t a_first, a_last, b_first, b_last;
  };
  std::vector<Run> runs;
  std::string common(total, '\0');
  size_t filled = total;
  bool open = false;
  Run cur{};
  auto close_run = [&] {
    const size_t n = cur.a_last - cur.a_first + 1;
    if (min_match_len == 0 || n >= static_cast<uint64_t>(min_match_len)) runs.push_back(cur);
    open = false;
  };
  size_t i = alen, j = blen;
  while (i > 0 && j > 0) {
    if (a[i - 1] == b[j - 1]) {
      common[--filled] = a[i - 1];
      if (!open) {
        cur = {i - 1, i - 1, j - 1, j - 1};
        open = true;
      } else {
        // Walking back from a match always lands on the byte before the run's start.
        cur.a_first = i - 1;
        cur.b_first = j - 1;
      }
      --i;
      --j;
      if (i == 0 || j == 0) close_run();
    } else {
      if (at(i - 1, j) > at(i, j - 1)) {
        --i;
      } else {
        --j;
      }
      if (open) close_run();
    }
  }
  if (!want_idx) return ctx.reply().bulk(common);

  ReplyWriter& r = ctx.reply();
  r.map(2);
  r.bulk("matches");
  r.array(runs.size());
  for (const Run& run : runs) {
    r.array(with_match_len ? 3 : 2);
    r.array(2);
    r.integer(static_cast<int64_t>(run.a_first));
    r.integer(static_cast<int64_t>(run.a_last));
    r.array(2);
    r.integer(static_cast<int64_t>(run.b_first));
    r.integer(static_cast<int64_t>(run.b_last));
    if (with_match_len) r.integer(static_cast<int64_t>(run.a_last - run.a_first + 1));
  }
  r.bulk("len");
  r.integer(total);
}

// ---------------------------------------------------------------------------------------
// Command table rows (arity, flags and key positions as redis-server 7.0 COMMAND INFO).

constexpr uint64_t kRead = kCmdReadOnly;
constexpr uint64_t kReadFast = kCmdReadOnly | kCmdFast;
constexpr uint64_t kWriteOom = kCmdWrite | kCmdDenyOom;
constexpr uint64_t kWriteOomFast = kCmdWrite | kCmdDenyOom | kCmdFast;
constexpr uint64_t kWriteFast = kCmdWrite | kCmdFast;

const CommandSpec kRows[] = {
    {.name = "get", .arity = 2, .flags = kReadFast, .keys = {1, 1, 1}, .handler = get_command,
     .group = CommandGroup::String, .summary = "Returns the string value of a key.",
     .since = "1.0.0", .complexity = "O(1)", .args = "key"},
    {.name = "set", .arity = -3, .flags = kWriteOom, .keys = {1, 1, 1}, .handler = set_command,
     .group = CommandGroup::String,
     .summary = "Sets the string value of a key, optionally only if it exists or not, with an "
                "expiry, or returning the previous value.",
     .since = "1.0.0", .complexity = "O(1)",
     .args = "key value [condition: NX | XX] [GET] [expiration: EX seconds | PX milliseconds | "
             "EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]"},
    {.name = "setnx", .arity = 3, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = setnx_command, .group = CommandGroup::String,
     .summary = "Sets the string value of a key only when the key does not exist.",
     .since = "1.0.0", .complexity = "O(1)", .args = "key value"},
    {.name = "setex", .arity = 4, .flags = kWriteOom, .keys = {1, 1, 1},
     .handler = setex_command, .group = CommandGroup::String,
     .summary = "Sets the string value of a key together with its time to live in seconds.",
     .since = "2.0.0", .complexity = "O(1)", .args = "key seconds value"},
    {.name = "psetex", .arity = 4, .flags = kWriteOom, .keys = {1, 1, 1},
     .handler = psetex_command, .group = CommandGroup::String,
     .summary = "Sets the string value of a key together with its time to live in "
                "milliseconds.",
     .since = "2.6.0", .complexity = "O(1)", .args = "key milliseconds value"},
    {.name = "getset", .arity = 3, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = getset_command, .group = CommandGroup::String,
     .summary = "Sets the string value of a key and returns the value it held before.",
     .since = "1.0.0", .complexity = "O(1)", .args = "key value"},
    {.name = "getdel", .arity = 2, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = getdel_command, .group = CommandGroup::String,
     .summary = "Returns the string value of a key and deletes the key.", .since = "6.2.0",
     .complexity = "O(1)", .args = "key"},
    {.name = "getex", .arity = -2, .flags = kWriteFast, .keys = {1, 1, 1},
     .handler = getex_command, .group = CommandGroup::String,
     .summary = "Returns the string value of a key and sets or removes its expiration.",
     .since = "6.2.0", .complexity = "O(1)",
     .args = "key [expiration: EX seconds | PX milliseconds | EXAT unix-time-seconds | "
             "PXAT unix-time-milliseconds | PERSIST]"},
    {.name = "mget", .arity = -2, .flags = kReadFast, .keys = {1, -1, 1},
     .handler = mget_command, .group = CommandGroup::String,
     .summary = "Returns the string values of one or more keys.", .since = "1.0.0",
     .complexity = "O(N), N being the number of keys read.", .args = "key [key ...]",
     .tips = "request_policy:multi_shard"},
    {.name = "mset", .arity = -3, .flags = kWriteOom, .keys = {1, -1, 2},
     .handler = mset_command, .group = CommandGroup::String,
     .summary = "Sets the string values of one or more keys.", .since = "1.0.1",
     .complexity = "O(N), N being the number of keys written.",
     .args = "key value [key value ...]",
     .tips = "request_policy:multi_shard response_policy:all_succeeded"},
    {.name = "msetnx", .arity = -3, .flags = kWriteOom, .keys = {1, -1, 2},
     .handler = msetnx_command, .group = CommandGroup::String,
     .summary = "Sets the string values of one or more keys, only when none of them exists.",
     .since = "1.0.1", .complexity = "O(N), N being the number of keys written.",
     .args = "key value [key value ...]",
     .tips = "request_policy:multi_shard response_policy:agg_min"},
    {.name = "append", .arity = 3, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = append_command, .group = CommandGroup::String,
     .summary = "Appends a string to the value of a key, creating the key if needed.",
     .since = "2.0.0",
     .complexity = "O(1) amortized: the string grows geometrically, so each append copies "
                   "only the appended bytes on average.",
     .args = "key value"},
    {.name = "strlen", .arity = 2, .flags = kReadFast, .keys = {1, 1, 1},
     .handler = strlen_command, .group = CommandGroup::String,
     .summary = "Returns the length of a string value.", .since = "2.2.0",
     .complexity = "O(1)", .args = "key"},
    {.name = "getrange", .arity = 4, .flags = kRead, .keys = {1, 1, 1},
     .handler = getrange_command, .group = CommandGroup::String,
     .summary = "Returns a substring of the string stored at a key.", .since = "2.4.0",
     .complexity = "O(N), N being the length of the returned substring.",
     .args = "key start end"},
    {.name = "substr", .arity = 4, .flags = kRead, .keys = {1, 1, 1},
     .handler = getrange_command, .group = CommandGroup::String,
     .summary = "Returns a substring of the string stored at a key (old name of GETRANGE).",
     .since = "1.0.0", .complexity = "O(N), N being the length of the returned substring.",
     .args = "key start end"},
    {.name = "setrange", .arity = 4, .flags = kWriteOom, .keys = {1, 1, 1},
     .handler = setrange_command, .group = CommandGroup::String,
     .summary = "Overwrites part of a string value from an offset, padding with zero bytes "
                "and creating the key if needed.",
     .since = "2.2.0",
     .complexity = "O(M), M being the length of the value written (plus the zero padding "
                   "when the string grows).",
     .args = "key offset value"},
    {.name = "incr", .arity = 2, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = incr_command, .group = CommandGroup::String,
     .summary = "Increments the integer value of a key by one; a missing key counts as 0.",
     .since = "1.0.0", .complexity = "O(1)", .args = "key"},
    {.name = "decr", .arity = 2, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = decr_command, .group = CommandGroup::String,
     .summary = "Decrements the integer value of a key by one; a missing key counts as 0.",
     .since = "1.0.0", .complexity = "O(1)", .args = "key"},
    {.name = "incrby", .arity = 3, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = incrby_command, .group = CommandGroup::String,
     .summary = "Increments the integer value of a key by a number; a missing key counts as "
                "0.",
     .since = "1.0.0", .complexity = "O(1)", .args = "key increment"},
    {.name = "decrby", .arity = 3, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = decrby_command, .group = CommandGroup::String,
     .summary = "Decrements the integer value of a key by a number; a missing key counts as "
                "0.",
     .since = "1.0.0", .complexity = "O(1)", .args = "key decrement"},
    {.name = "incrbyfloat", .arity = 3, .flags = kWriteOomFast, .keys = {1, 1, 1},
     .handler = incrbyfloat_command, .group = CommandGroup::String,
     .summary = "Increments the floating point value of a key by a number; a missing key "
                "counts as 0.",
     .since = "2.6.0", .complexity = "O(1)", .args = "key increment:double"},
    {.name = "lcs", .arity = -3, .flags = kRead, .keys = {1, 2, 1}, .handler = lcs_command,
     .group = CommandGroup::String,
     .summary = "Finds the longest common subsequence of two strings.", .since = "7.0.0",
     .complexity = "O(N*M), N and M being the lengths of the two strings.",
     .args = "key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]"},
};

}  // namespace

void register_string_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
