// SORT and SORT_RO: sort the elements of a list, set or sorted set, optionally by weights
// read from other keys, return a window of them (or values read through patterns), or
// store the result as a list (SORT ... STORE).
//
// How a call runs (Redis 7.0's semantics, checked against the oracle):
//   1. Options are parsed first, so a syntax error wins over WRONGTYPE. Repeated options
//      are accepted (the last LIMIT/STORE wins, GETs accumulate). A BY pattern without '*'
//      (`BY nosort`) means "don't sort", and stays so even if another BY follows.
//   2. The key is looked up (a counted read, STORE or not). A missing key is an empty list; any
//      type but list, set and sorted set is WRONGTYPE. A sorted set is converted to its
//      skiplist encoding (Redis does this for every SORT and SORT_RO; OBJECT ENCODING shows
//      it).
//   3. Unsorted sets have no stable order, so a set with "don't sort" and STORE is sorted
//      ALPHA (byte order) instead. Lists and sorted sets under "don't sort" keep their
//      order, reversed by DESC, and LIMIT takes its window from that order; sets under
//      "don't sort" ignore DESC.
//   4. Otherwise every element gets its sort key: the element itself or the value its BY
//      pattern points at (a missing value sorts first with ALPHA and weighs 0 without it).
//      Numeric keys parse as strtod() does ("" is 0, leading spaces and hex are fine,
//      trailing bytes, NaN and out-of-range values are not); one failure makes the whole
//      command fail with "One or more scores can't be converted into double". Numeric ties
//      are broken by comparing the elements' bytes; ALPHA compares with strcoll() (the
//      server's LC_COLLATE, as Redis) unless STORE is given, then by bytes; ALPHA ties keep
//      the load order (stable sort, like glibc's qsort that Redis uses).
//   5. LIMIT offset count: a negative offset is 0, a negative count means "to the end".
//
// Patterns (BY and GET): "#" is the element itself; otherwise the first '*' is replaced by
// the element and the key is read as a string, or, with "->field" after the '*', as a hash
// field. A pattern without '*' reads nothing (nil). Pattern keys are ordinary read lookups
// (keyspace hits/misses, "keymiss").
//
// STORE writes a list (GETs that found nothing store ""), replacing the destination and its
// TTL, with the "sortstore" event; an empty result deletes the destination ("del").
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "eddy/commands/command_table.h"
#include "eddy/commands/lookup.h"
#include "eddy/keyspace/database.h"
#include "eddy/server/server.h"
#include "eddy/types/hash.h"
#include "eddy/types/list.h"
#include "eddy/types/set.h"
#include "eddy/types/zset.h"

namespace eddy {
namespace {

constexpr std::string_view kBadScore = "ERR One or more scores can't be converted into double";

struct SortOptions {
  bool desc = false;
  bool alpha = false;
  bool dontsort = false;
  std::optional<std::string_view> by;
  int64_t offset = 0;
  int64_t count = -1;
  std::vector<std::string_view> gets;
  std::optional<std::string_view> store;
};

// Parses the options after the key. Returns an empty view, or the error to reply.
std::string_view parse_sort_options(std::span<const std::string_view> argv, bool readonly,
                                    SortOptions* o) {
  for (size_t j = 2; j < argv.size(); ++j) {
    const size_t left = argv.size() - j - 1;
    std::string_view opt = argv[j];
    if (iequals(opt, "asc")) {
      o->desc = false;
    } else if (iequals(opt, "desc")) {
      o->desc = true;
    } else if (iequals(opt, "alpha")) {
      o->alpha = true;
    } else if (iequals(opt, "limit") && left >= 2) {
      if (!string_to_ll(argv[j + 1], &o->offset) || !string_to_ll(argv[j + 2], &o->count)) {
        return err::kNotInteger;
      }
      j += 2;
    } else if (iequals(opt, "store") && left >= 1 && !readonly) {
      o->store = argv[++j];
    } else if (iequals(opt, "by") && left >= 1) {
      o->by = argv[++j];
      if (o->by->find('*') == std::string_view::npos) o->dontsort = true;
    } else if (iequals(opt, "get") && left >= 1) {
      o->gets.push_back(argv[++j]);
    } else {
      return err::kSyntax;
    }
  }
  return {};
}

// The value a BY/GET pattern points at for element `elem` (see the file comment).
std::optional<std::string> lookup_by_pattern(CommandContext& ctx, std::string_view pattern,
                                             std::string_view elem) {
  if (pattern == "#") return std::string(elem);
  const size_t star = pattern.find('*');
  if (star == std::string_view::npos) return std::nullopt;
  size_t key_end = pattern.size();
  std::string_view field;
  const size_t arrow = pattern.find("->", star + 1);
  if (arrow != std::string_view::npos && arrow + 2 < pattern.size()) {
    field = pattern.substr(arrow + 2);
    key_end = arrow;
  }
  std::string key;
  key.reserve(key_end + elem.size());
  key.append(pattern.substr(0, star));
  key.append(elem);
  key.append(pattern.substr(star + 1, key_end - star - 1));
  Entry* e = lookup_read(ctx, key);
  if (!e) return std::nullopt;
  if (!field.empty()) {
    if (e->val.type() != ValueType::Hash) return std::nullopt;
    std::optional<ElemRef> v = e->val.as<Hash>()->get(field);
    if (!v) return std::nullopt;
    return v->str();
  }
  if (!e->val.is_string()) return std::nullopt;
  return e->val.to_string();
}

// A sort weight as Redis reads one: strtod() over the whole string (which may be empty),
// rejecting trailing bytes, ERANGE (overflow and underflow) and NaN. The text stops at an
// embedded NUL, as it does for strtod().
bool parse_weight(const std::string& text, double* out) {
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(text.c_str(), &end);
  if (*end != '\0' || errno == ERANGE || std::isnan(v)) return false;
  *out = v;
  return true;
}

struct SortItem {
  std::string elem;
  double score = 0;
  std::optional<std::string> key;  // ALPHA with BY: the weight text (nullopt: missing)
};

int compare_bytes(std::string_view a, std::string_view b) {
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int compare_collate(const std::string& a, const std::string& b) {
  int c = std::strcoll(a.c_str(), b.c_str());
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// The window [*start, *end] that LIMIT selects out of n elements; false when it is empty.
bool limit_window(const SortOptions& o, int64_t n, int64_t* start, int64_t* end) {
  int64_t s = o.offset < 0 ? 0 : o.offset;
  if (s >= n) return false;
  int64_t e = n - 1;
  if (o.count >= 0 && o.count - 1 < n - 1 - s) e = s + o.count - 1;
  if (e < s) return false;
  *start = s;
  *end = e;
  return true;
}

// SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC]
//     [ALPHA] [STORE destination]
// SORT_RO key ... (the same without STORE)
void sort_generic(CommandContext& ctx, bool readonly) {
  SortOptions o;
  std::string_view error = parse_sort_options(ctx.args(), readonly, &o);
  if (!error.empty()) return ctx.reply_error(error);

  std::string_view key = ctx.arg(1);
  Entry* e = lookup_read(ctx, key);
  ValueType type = ValueType::List;
  if (e) {
    type = e->val.type();
    if (type != ValueType::List && type != ValueType::Set && type != ValueType::ZSet) {
      return ctx.reply_error(err::kWrongType);
    }
  }
  if (type == ValueType::Set && o.dontsort && o.store) {
    o.dontsort = false;
    o.alpha = true;
    o.by.reset();
  }

  // Load the elements. Lists and sorted sets under "don't sort" load only LIMIT's window,
  // in the order DESC asks for.
  std::vector<SortItem> items;
  int64_t start = 0, end = -1;
  bool windowed = false;
  if (e) {
    Object* obj = e->val.obj();
    if (type == ValueType::ZSet) static_cast<ZSet*>(obj)->convert_to_skiplist();
    auto add = [&](const ElemRef& m) { items.push_back(SortItem{m.str(), 0, std::nullopt}); };
    if (type == ValueType::List) {
      const auto* list = static_cast<const List*>(obj);
      const auto n = static_cast<int64_t>(list->length());
      if (o.dontsort) {
        windowed = true;
        if (limit_window(o, n, &start, &end)) {
          if (o.desc) {
            list->range(n - 1 - end, n - 1 - start, add);
            std::reverse(items.begin(), items.end());
          } else {
            list->range(start, end, add);
          }
        }
      } else {
        items.reserve(static_cast<size_t>(n));
        list->for_each(add);
      }
    } else if (type == ValueType::ZSet) {
      const auto* zset = static_cast<const ZSet*>(obj);
      const auto n = static_cast<int64_t>(zset->size());
      if (o.dontsort) {
        windowed = true;
        if (limit_window(o, n, &start, &end)) {
          zset->range_by_rank(static_cast<size_t>(start), static_cast<size_t>(end), o.desc,
                              [&](const ElemRef& m, double) { add(m); });
        }
      } else {
        items.reserve(static_cast<size_t>(n));
        zset->for_each([&](const ElemRef& m, double) { add(m); });
      }
    } else {
      const auto* set = static_cast<const Set*>(obj);
      items.reserve(set->size());
      set->for_each(add);
    }
  }

  if (!o.dontsort) {
    bool bad_score = false;
    for (SortItem& it : items) {
      std::optional<std::string> weight;
      if (o.by) {
        weight = lookup_by_pattern(ctx, *o.by, it.elem);
        if (!weight) continue;
      }
      if (o.alpha) {
        if (o.by) it.key = std::move(weight);
      } else if (!parse_weight(o.by ? *weight : it.elem, &it.score)) {
        bad_score = true;
      }
    }
    if (bad_score) return ctx.reply_error(kBadScore);

    const bool bytes = o.store.has_value();
    const bool by = o.by.has_value();
    auto compare = [&](const SortItem& a, const SortItem& b) {
      int c;
      if (!o.alpha) {
        if (a.score != b.score) {
          c = a.score > b.score ? 1 : -1;
        } else {
          c = compare_bytes(a.elem, b.elem);
        }
      } else if (by) {
        if (!a.key || !b.key) {
          c = a.key == b.key ? 0 : (!a.key ? -1 : 1);
        } else {
          c = bytes ? compare_bytes(*a.key, *b.key) : compare_collate(*a.key, *b.key);
        }
      } else {
        c = bytes ? compare_bytes(a.elem, b.elem) : compare_collate(a.elem, b.elem);
      }
      return o.desc ? -c : c;
    };
    std::stable_sort(items.begin(), items.end(),
                     [&](const SortItem& a, const SortItem& b) { return compare(a, b) < 0; });
  }

  const auto n = static_cast<int64_t>(items.size());
  if (windowed) {
    start = 0;
    end = n - 1;
  } else if (!limit_window(o, n, &start, &end)) {
    start = 0;
    end = -1;
  }
  const auto picked = static_cast<size_t>(end - start + 1);
  const size_t per_item = o.gets.empty() ? 1 : o.gets.size();
  const size_t outputlen = picked * per_item;

  if (!o.store) {
    ReplyWriter& w = ctx.reply();
    w.array(outputlen);
    for (int64_t i = start; i <= end; ++i) {
      const SortItem& it = items[static_cast<size_t>(i)];
      if (o.gets.empty()) {
        w.bulk(it.elem);
        continue;
      }
      for (std::string_view pattern : o.gets) {
        std::optional<std::string> v = lookup_by_pattern(ctx, pattern, it.elem);
        if (v) {
          w.bulk(*v);
        } else {
          w.null();
        }
      }
    }
    return;
  }

  std::string_view dst = *o.store;
  auto list = std::make_unique<List>(ctx.server().settings().limits.list_max_listpack_size);
  for (int64_t i = start; i <= end; ++i) {
    const SortItem& it = items[static_cast<size_t>(i)];
    if (o.gets.empty()) {
      list->push_back(it.elem);
      continue;
    }
    for (std::string_view pattern : o.gets) {
      std::optional<std::string> v = lookup_by_pattern(ctx, pattern, it.elem);
      list->push_back(v ? std::string_view(*v) : std::string_view());
    }
  }
  if (outputlen > 0) {
    ctx.db().set(dst, Value::object(ValueType::List, std::move(list)));
    ctx.key_modified(dst, kNotifyList, "sortstore");
    ctx.add_dirty(static_cast<int64_t>(outputlen) - 1);
  } else if (ctx.db().erase(dst)) {
    ctx.key_modified(dst, kNotifyGeneric, "del");
  }
  ctx.reply().integer(static_cast<int64_t>(outputlen));
}

void sort_command(CommandContext& ctx) { sort_generic(ctx, false); }
void sort_ro_command(CommandContext& ctx) { sort_generic(ctx, true); }

// SORT's keys: the sorted key and the destination of the last STORE. Options are skipped
// with their arguments as Redis's key extraction skips them (the argument after STORE is
// itself examined as an option, as in Redis).
int sort_keys(std::span<const std::string_view> argv, std::vector<int>* out) {
  if (argv.size() < 2) return -1;
  out->push_back(1);
  int store = 0;
  for (size_t i = 2; i < argv.size(); ++i) {
    std::string_view a = argv[i];
    if (iequals(a, "limit")) {
      i += 2;
    } else if (iequals(a, "get") || iequals(a, "by")) {
      i += 1;
    } else if (iequals(a, "store") && i + 1 < argv.size()) {
      store = static_cast<int>(i + 1);
    }
  }
  if (store) out->push_back(store);
  return static_cast<int>(out->size());
}

// SORT_RO's only key is the one it sorts (its BY/GET keys are not known in advance).
int sort_ro_keys(std::span<const std::string_view> argv, std::vector<int>* out) {
  if (argv.size() < 2) return -1;
  out->push_back(1);
  return 1;
}

// ---------------------------------------------------------------------------------------
// Command table rows (arity, flags and key positions as redis-server 7.0 COMMAND INFO).

constexpr std::string_view kSortAcl = "@list @set @sortedset @dangerous";

const CommandSpec kRows[] = {
    {.name = "sort", .arity = -2, .flags = kCmdWrite | kCmdDenyOom, .keys = {1, 1, 1},
     .handler = sort_command, .group = CommandGroup::Generic,
     .summary = "Sorts the elements of a list, set or sorted set, optionally storing the "
                "result as a list.",
     .since = "1.0.0",
     .complexity = "O(N+M*log(M)), N being the number of elements of the key and M the "
                   "number of elements returned; O(N) without sorting.",
     .args = "key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] "
             "[order: ASC | DESC] [sorting: ALPHA] [STORE destination]",
     .acl = kSortAcl, .movable_keys = sort_keys},
    {.name = "sort_ro", .arity = -2, .flags = kCmdReadOnly, .keys = {1, 1, 1},
     .handler = sort_ro_command, .group = CommandGroup::Generic,
     .summary = "Sorts the elements of a list, set or sorted set (SORT without STORE).",
     .since = "7.0.0",
     .complexity = "O(N+M*log(M)), N being the number of elements of the key and M the "
                   "number of elements returned; O(N) without sorting.",
     .args = "key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] "
             "[order: ASC | DESC] [sorting: ALPHA]",
     .acl = kSortAcl, .movable_keys = sort_ro_keys},
};

}  // namespace

void register_sort_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
