#include "eddy/core/listpack.h"

#include <malloc.h>

#include <cstdlib>

#include "eddy/base/strutil.h"

namespace eddy {
namespace {

inline uint64_t zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t unzigzag(uint64_t z) {
  return static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
}
inline uint32_t varint_groups(uint64_t v) {
  uint32_t n = 1;
  while (v >= 128) {
    v >>= 7;
    ++n;
  }
  return n;
}

}  // namespace

ElemRef ElemRef::of_int(int64_t v) {
  ElemRef e;
  e.is_int_ = true;
  e.ival_ = v;
  e.len_ = static_cast<uint32_t>(ll_to_chars(v, e.buf_));
  return e;
}

PackNeedle::PackNeedle(std::string_view s) : str(s), is_int(false), ival(0) {
  is_int = s.size() <= 20 && string_to_ll(s, &ival);
}

bool Listpack::as_int(std::string_view s, int64_t* v) {
  return s.size() <= 20 && !s.empty() && string_to_ll(s, v);
}

void Listpack::encode(uint64_t value, bool is_int, uint32_t payload_len, Encoded* e) {
  uint8_t* h = e->head;
  *h = static_cast<uint8_t>((is_int ? 1 : 0) | ((value & 63) << 1) | (value >= 64 ? 0x80 : 0));
  value >>= 6;
  uint8_t n = 1;
  while (value) {
    h[n++] = static_cast<uint8_t>((value & 127) | (value >= 128 ? 0x80 : 0));
    value >>= 7;
  }
  e->head_len = n;
  e->payload_len = payload_len;
  uint32_t len = n + payload_len;
  uint32_t groups = varint_groups(len);
  for (uint32_t k = 0; k < groups; ++k) {
    uint32_t g = groups - 1 - k;
    e->tail[k] = static_cast<uint8_t>(((len >> (7 * g)) & 127) | (k > 0 ? 0x80 : 0));
  }
  e->tail_len = static_cast<uint8_t>(groups);
}

Listpack::Decoded Listpack::decode(Pos p) const {
  const uint8_t* q = buf_ + p;
  uint8_t b = q[0];
  Decoded d;
  d.is_int = b & 1;
  d.value = (b >> 1) & 63;
  uint32_t i = 1;
  int shift = 6;
  while (b & 0x80) {
    b = q[i++];
    d.value |= static_cast<uint64_t>(b & 127) << shift;
    shift += 7;
  }
  d.head_len = i;
  uint32_t len = i + (d.is_int ? 0 : static_cast<uint32_t>(d.value));
  d.total = len + varint_groups(len);
  return d;
}

size_t Listpack::entry_size(std::string_view s) {
  int64_t v;
  Encoded e;
  if (as_int(s, &v))
    encode(zigzag(v), true, 0, &e);
  else
    encode(s.size(), false, static_cast<uint32_t>(s.size()), &e);
  return e.total();
}

Listpack Listpack::clone() const {
  Listpack c;
  if (buf_) {
    size_t n = bytes();
    c.buf_ = static_cast<uint8_t*>(std::malloc(n));
    if (!c.buf_) std::abort();
    std::memcpy(c.buf_, buf_, n);
  }
  return c;
}

void Listpack::clear() {
  std::free(buf_);
  buf_ = nullptr;
}

void Listpack::ensure_alloc() {
  if (buf_) return;
  buf_ = static_cast<uint8_t*>(std::malloc(kHeaderSize));
  if (!buf_) std::abort();
  store32(buf_, kHeaderSize);
  store32(buf_ + 4, 0);
}

void Listpack::reserve(size_t n) {
  if (buf_ || n < kHeaderSize) return;
  buf_ = static_cast<uint8_t*>(std::malloc(n));
  if (!buf_) std::abort();
  store32(buf_, kHeaderSize);
  store32(buf_ + 4, 0);
}

// Grows in place while the allocation has room (malloc_usable_size), and gives memory
// back only when the encoding shrank to half of the allocation or less.
void Listpack::resize(uint32_t new_bytes) {
  size_t usable = malloc_usable_size(buf_);
  bool keep = new_bytes <= usable && new_bytes > usable / 2;
  if (!keep) {
    auto* nb = static_cast<uint8_t*>(std::realloc(buf_, new_bytes));
    if (!nb) std::abort();
    buf_ = nb;
  }
  store32(buf_, new_bytes);
}

Listpack::Pos Listpack::next(Pos p) const { return p + decode(p).total; }

Listpack::Pos Listpack::prev(Pos p) const {
  const uint8_t* q = buf_ + p;
  uint32_t len = 0;
  uint32_t n = 0;
  int shift = 0;
  uint8_t b;
  do {
    b = *--q;
    len |= static_cast<uint32_t>(b & 127) << shift;
    shift += 7;
    ++n;
  } while (b & 0x80);
  return p - n - len;
}

Listpack::Pos Listpack::seek(int64_t index) const {
  int64_t n = static_cast<int64_t>(size());
  if (index < 0) index += n;
  if (index < 0 || index >= n) return end();
  if (index <= n / 2) {
    Pos p = begin();
    while (index--) p = next(p);
    return p;
  }
  Pos p = end();
  for (int64_t k = n - index; k > 0; --k) p = prev(p);
  return p;
}

ElemRef Listpack::get(Pos p) const {
  Decoded d = decode(p);
  if (d.is_int) return ElemRef::of_int(unzigzag(d.value));
  return ElemRef::of_string(
      std::string_view(reinterpret_cast<const char*>(buf_ + p + d.head_len), d.value));
}

bool Listpack::get_int(Pos p, int64_t* out) const {
  Decoded d = decode(p);
  if (!d.is_int) return false;
  *out = unzigzag(d.value);
  return true;
}

std::string_view Listpack::get_bytes(Pos p) const {
  Decoded d = decode(p);
  if (d.is_int) return {};
  return std::string_view(reinterpret_cast<const char*>(buf_ + p + d.head_len), d.value);
}

bool Listpack::equals(Pos p, const PackNeedle& n) const {
  Decoded d = decode(p);
  if (d.is_int) return n.is_int && d.value == zigzag(n.ival);
  return !n.is_int && d.value == n.str.size() &&
         std::memcmp(buf_ + p + d.head_len, n.str.data(), n.str.size()) == 0;
}

Listpack::Pos Listpack::find(const PackNeedle& n, Pos from, uint32_t skip) const {
  Pos e = end();
  uint64_t want = n.is_int ? zigzag(n.ival) : n.str.size();
  Pos p = from;
  while (p < e) {
    Decoded d = decode(p);
    if (d.is_int == n.is_int && d.value == want &&
        (d.is_int || std::memcmp(buf_ + p + d.head_len, n.str.data(), n.str.size()) == 0))
      return p;
    p += d.total;
    for (uint32_t k = 0; k < skip && p < e; ++k) p = next(p);
  }
  return e;
}

Listpack::Pos Listpack::insert_encoded(Pos p, const Encoded& e, const char* payload) {
  ensure_alloc();
  uint32_t old = load32(buf_);
  uint32_t add = e.total();
  resize(old + add);
  std::memmove(buf_ + p + add, buf_ + p, old - p);
  uint8_t* w = buf_ + p;
  std::memcpy(w, e.head, e.head_len);
  w += e.head_len;
  if (e.payload_len) std::memcpy(w, payload, e.payload_len);
  w += e.payload_len;
  std::memcpy(w, e.tail, e.tail_len);
  set_count(load32(buf_ + 4) + 1);
  return p;
}

Listpack::Pos Listpack::insert(Pos p, std::string_view s) {
  int64_t v;
  if (as_int(s, &v)) return insert_int(p, v);
  return insert_bytes(p, s);
}

Listpack::Pos Listpack::insert_int(Pos p, int64_t v) {
  Encoded e;
  encode(zigzag(v), true, 0, &e);
  return insert_encoded(p, e, nullptr);
}

Listpack::Pos Listpack::insert_bytes(Pos p, std::string_view s) {
  Encoded e;
  encode(s.size(), false, static_cast<uint32_t>(s.size()), &e);
  // The payload may alias our own buffer (an entry copied within the pack); copy it out
  // before realloc can move the buffer.
  if (aliases(s)) {
    std::string copy(s);
    return insert_encoded(p, e, copy.data());
  }
  return insert_encoded(p, e, s.data());
}

Listpack::Pos Listpack::replace_encoded(Pos p, const Encoded& e, const char* payload) {
  uint32_t old_total = decode(p).total;
  uint32_t new_total = e.total();
  uint32_t bytes = load32(buf_);
  if (new_total > old_total) {
    resize(bytes - old_total + new_total);
    std::memmove(buf_ + p + new_total, buf_ + p + old_total, bytes - p - old_total);
  } else if (new_total < old_total) {
    std::memmove(buf_ + p + new_total, buf_ + p + old_total, bytes - p - old_total);
    resize(bytes - old_total + new_total);
  }
  uint8_t* w = buf_ + p;
  std::memcpy(w, e.head, e.head_len);
  w += e.head_len;
  if (e.payload_len) std::memmove(w, payload, e.payload_len);
  w += e.payload_len;
  std::memcpy(w, e.tail, e.tail_len);
  return p;
}

Listpack::Pos Listpack::replace(Pos p, std::string_view s) {
  int64_t v;
  if (as_int(s, &v)) return replace_int(p, v);
  return replace_bytes(p, s);
}

Listpack::Pos Listpack::replace_int(Pos p, int64_t v) {
  Encoded e;
  encode(zigzag(v), true, 0, &e);
  return replace_encoded(p, e, nullptr);
}

Listpack::Pos Listpack::replace_bytes(Pos p, std::string_view s) {
  Encoded e;
  encode(s.size(), false, static_cast<uint32_t>(s.size()), &e);
  if (aliases(s)) {
    std::string copy(s);
    return replace_encoded(p, e, copy.data());
  }
  return replace_encoded(p, e, s.data());
}

Listpack::Pos Listpack::erase_n(Pos p, size_t n) {
  if (!buf_) return p;
  uint32_t bytes = load32(buf_);
  Pos q = p;
  uint32_t removed = 0;
  while (removed < n && q < bytes) {
    q = next(q);
    ++removed;
  }
  if (removed == 0) return p;
  uint32_t left = load32(buf_ + 4) - removed;
  if (left == 0) {
    clear();
    return kHeaderSize;
  }
  std::memmove(buf_ + p, buf_ + q, bytes - q);
  resize(bytes - (q - p));
  set_count(left);
  return p;
}

Listpack Listpack::split(Pos p) {
  Listpack out;
  if (!buf_ || p >= end()) return out;
  if (p == begin()) {
    out.buf_ = buf_;
    buf_ = nullptr;
    return out;
  }
  uint32_t bytes = load32(buf_);
  uint32_t moved = 0;
  for (Pos q = p; q < bytes; q = next(q)) ++moved;
  uint32_t tail_bytes = bytes - p;
  out.buf_ = static_cast<uint8_t*>(std::malloc(kHeaderSize + tail_bytes));
  if (!out.buf_) std::abort();
  store32(out.buf_, kHeaderSize + tail_bytes);
  store32(out.buf_ + 4, moved);
  std::memcpy(out.buf_ + kHeaderSize, buf_ + p, tail_bytes);
  set_count(load32(buf_ + 4) - moved);
  resize(p);
  return out;
}

void Listpack::append(Listpack&& other) {
  if (other.empty()) return;
  if (empty()) {
    std::swap(buf_, other.buf_);
    other.clear();
    return;
  }
  uint32_t bytes = load32(buf_);
  uint32_t extra = load32(other.buf_) - kHeaderSize;
  uint32_t count = load32(buf_ + 4) + load32(other.buf_ + 4);
  resize(bytes + extra);
  std::memcpy(buf_ + bytes, other.buf_ + kHeaderSize, extra);
  set_count(count);
  other.clear();
}

}  // namespace eddy
