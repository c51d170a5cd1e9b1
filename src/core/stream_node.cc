#include "eddy/core/stream_node.h"

#include "eddy/base/strutil.h"

namespace eddy {

namespace {
// Redis listpack "backlen": bytes needed to store an element's encoded length backwards.
size_t backlen_size(size_t l) {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}
constexpr size_t kRedisLpEmpty = 7;  // header (6) + end byte
}  // namespace

size_t StreamNode::redis_int_size(int64_t v) {
  size_t enc;
  if (v >= 0 && v <= 127) {
    enc = 1;
  } else if (v >= -4096 && v <= 4095) {
    enc = 2;
  } else if (v >= -32768 && v <= 32767) {
    enc = 3;
  } else if (v >= -8388608 && v <= 8388607) {
    enc = 4;
  } else if (v >= -2147483648LL && v <= 2147483647LL) {
    enc = 5;
  } else {
    enc = 9;
  }
  return enc + backlen_size(enc);
}

size_t StreamNode::redis_string_size(std::string_view s) {
  int64_t v;
  if (s.size() <= 20 && string_to_ll(s, &v)) return redis_int_size(v);
  size_t enc = s.size() < 64 ? 1 + s.size() : s.size() < 4096 ? 2 + s.size() : 5 + s.size();
  return enc + backlen_size(enc);
}

void StreamNode::push_int(int64_t v) {
  lp_.insert_int(lp_.end(), v);
  compat_bytes_ += static_cast<uint32_t>(redis_int_size(v));
}

void StreamNode::push_str(std::string_view s) {
  lp_.insert(lp_.end(), s);
  compat_bytes_ += static_cast<uint32_t>(redis_string_size(s));
}

StreamNode::StreamNode(std::span<const std::string_view> fv) {
  nmaster_ = static_cast<uint32_t>(fv.size() / 2);
  // Redis's master entry: count, deleted, n, the fields, a 0 terminator.
  compat_bytes_ = static_cast<uint32_t>(kRedisLpEmpty + 2 * redis_int_size(0) +
                                        redis_int_size(nmaster_) + redis_int_size(0));
  for (size_t i = 0; i < fv.size(); i += 2) push_str(fv[i]);
  first_entry_ = lp_.end();
}

StreamNode StreamNode::clone() const {
  StreamNode n;
  n.lp_ = lp_.clone();
  n.count_ = count_;
  n.deleted_ = deleted_;
  n.compat_bytes_ = compat_bytes_;
  n.nmaster_ = nmaster_;
  n.first_entry_ = first_entry_;
  return n;
}

int64_t StreamNode::int_at(Pos p) const {
  int64_t v = 0;
  if (!lp_.get_int(p, &v)) string_to_ll(lp_.get(p).view(), &v);
  return v;
}

void StreamNode::set_counter(uint32_t* c, uint32_t v) {
  compat_bytes_ -= static_cast<uint32_t>(redis_int_size(*c));
  compat_bytes_ += static_cast<uint32_t>(redis_int_size(v));
  *c = v;
}

void StreamNode::append(StreamID master, StreamID id, std::span<const std::string_view> fv) {
  const uint32_t n = static_cast<uint32_t>(fv.size() / 2);
  bool same = n == nmaster_;
  if (same) {
    Pos mf = master_fields_pos();
    for (uint32_t i = 0; i < n && same; ++i) {
      same = lp_.equals(mf, fv[2 * i]);
      mf = lp_.next(mf);
    }
  }
  push_int(same ? kSameFields : 0);
  push_int(static_cast<int64_t>(id.ms - master.ms));
  push_int(static_cast<int64_t>(id.seq - master.seq));
  if (same) {
    for (uint32_t i = 0; i < n; ++i) push_str(fv[2 * i + 1]);
    push_int(3 + n);
  } else {
    push_int(n);
    for (auto s : fv) push_str(s);
    push_int(3 + 2 * static_cast<int64_t>(n) + 1);
  }
  // Redis counts the new entry in its master from the start (1 for a new node).
  if (count_ + deleted_ == 0) {
    set_counter(&count_, 1);
  } else {
    set_counter(&count_, count_ + 1);
  }
}

StreamNode::Pos StreamNode::next(Pos p) const {
  int64_t flags = int_at(p);
  p = lp_.next(lp_.next(lp_.next(p)));  // past flags, ms, seq
  size_t skip;
  if (flags & kSameFields) {
    skip = nmaster_;
  } else {
    skip = 1 + 2 * static_cast<size_t>(int_at(p));
  }
  for (size_t i = 0; i < skip; ++i) p = lp_.next(p);
  return lp_.next(p);  // past lp-count
}

StreamNode::Pos StreamNode::prev(Pos p) const {
  if (p == first_entry_) return lp_.end();
  Pos q = lp_.prev(p);  // lp-count of the previous entry
  int64_t n = int_at(q);
  for (int64_t i = 0; i < n; ++i) q = lp_.prev(q);
  return q;
}

StreamNode::Entry StreamNode::read(StreamID master, Pos p) const {
  Entry e;
  e.pos = p;
  e.flags = int_at(p);
  p = lp_.next(p);
  e.id.ms = master.ms + static_cast<uint64_t>(int_at(p));
  p = lp_.next(p);
  e.id.seq = master.seq + static_cast<uint64_t>(int_at(p));
  p = lp_.next(p);
  if (e.flags & kSameFields) {
    e.nfields = nmaster_;
  } else {
    e.nfields = static_cast<uint32_t>(int_at(p));
    p = lp_.next(p);
  }
  e.fields = p;
  return e;
}

void StreamNode::mark_deleted(Pos p) {
  int64_t flags = int_at(p);
  // Same width: flags stay within the smallest integer encodings of both formats.
  lp_.replace_int(p, flags | kDeleted);
  set_counter(&count_, count_ - 1);
  set_counter(&deleted_, deleted_ + 1);
}

}  // namespace eddy
