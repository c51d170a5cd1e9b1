#include "eddy/persistence/redis_encodings.h"

#include <cstring>

#include "eddy/base/strutil.h"

namespace eddy {

// --- CRC-64 (Jones polynomial, reflected, init 0, no final xor) -----------------------------

namespace {
struct Crc64Table {
  uint64_t t[8][256];
  Crc64Table() {
    const uint64_t poly = 0x95ac9329ac4bc9b5ULL;  // 0xad93d23594c935a9 reflected
    for (int i = 0; i < 256; ++i) {
      uint64_t c = static_cast<uint64_t>(i);
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ poly : c >> 1;
      t[0][i] = c;
    }
    for (int i = 0; i < 256; ++i)
      for (int k = 1; k < 8; ++k) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xff];
  }
};
const Crc64Table& crc_table() {
  static const Crc64Table table;
  return table;
}
}  // namespace

uint64_t crc64(uint64_t crc, const void* data, size_t len) {
  const auto& T = crc_table().t;
  const auto* p = static_cast<const uint8_t*>(data);
  // Slicing by 8 for the bulk, bytewise for the tail.
  while (len >= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    crc ^= v;
    crc = T[7][crc & 0xff] ^ T[6][(crc >> 8) & 0xff] ^ T[5][(crc >> 16) & 0xff] ^
          T[4][(crc >> 24) & 0xff] ^ T[3][(crc >> 32) & 0xff] ^ T[2][(crc >> 40) & 0xff] ^
          T[1][(crc >> 48) & 0xff] ^ T[0][crc >> 56];
    p += 8;
    len -= 8;
  }
  while (len--) crc = T[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return crc;
}

// --- listpack --------------------------------------------------------------------------------

namespace {

void put_le(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
uint64_t get_le(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}
int64_t sign_extend(uint64_t v, int bits) {
  uint64_t m = 1ULL << (bits - 1);
  return static_cast<int64_t>((v ^ m) - m);
}

// Size of the backlen that follows an entry whose encoding+data is `l` bytes.
size_t backlen_size(uint64_t l) {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

void put_backlen(std::string& out, uint64_t l) {
  switch (backlen_size(l)) {
    case 1: out += static_cast<char>(l); break;
    case 2:
      out += static_cast<char>(l >> 7);
      out += static_cast<char>((l & 127) | 128);
      break;
    case 3:
      out += static_cast<char>(l >> 14);
      out += static_cast<char>(((l >> 7) & 127) | 128);
      out += static_cast<char>((l & 127) | 128);
      break;
    case 4:
      out += static_cast<char>(l >> 21);
      out += static_cast<char>(((l >> 14) & 127) | 128);
      out += static_cast<char>(((l >> 7) & 127) | 128);
      out += static_cast<char>((l & 127) | 128);
      break;
    default:
      out += static_cast<char>(l >> 28);
      out += static_cast<char>(((l >> 21) & 127) | 128);
      out += static_cast<char>(((l >> 14) & 127) | 128);
      out += static_cast<char>(((l >> 7) & 127) | 128);
      out += static_cast<char>((l & 127) | 128);
      break;
  }
}

}  // namespace

RedisListpackWriter::RedisListpackWriter() { buf_.assign(6, '\0'); }

void RedisListpackWriter::add_entry(const uint8_t* enc, size_t len) {
  buf_.append(reinterpret_cast<const char*>(enc), len);
  put_backlen(buf_, len);
  ++count_;
}

void RedisListpackWriter::add_int(int64_t v) {
  std::string e;
  if (v >= 0 && v <= 127) {
    e += static_cast<char>(v);
  } else if (v >= -4096 && v <= 4095) {
    uint64_t u = static_cast<uint64_t>(v) & 0x1fff;
    e += static_cast<char>(0xC0 | (u >> 8));
    e += static_cast<char>(u & 0xff);
  } else if (v >= -32768 && v <= 32767) {
    e += static_cast<char>(0xF1);
    put_le(e, static_cast<uint64_t>(v), 2);
  } else if (v >= -8388608 && v <= 8388607) {
    e += static_cast<char>(0xF2);
    put_le(e, static_cast<uint64_t>(v), 3);
  } else if (v >= INT32_MIN && v <= INT32_MAX) {
    e += static_cast<char>(0xF3);
    put_le(e, static_cast<uint64_t>(v), 4);
  } else {
    e += static_cast<char>(0xF4);
    put_le(e, static_cast<uint64_t>(v), 8);
  }
  add_entry(reinterpret_cast<const uint8_t*>(e.data()), e.size());
}

void RedisListpackWriter::add(std::string_view s) {
  int64_t v;
  if (s.size() < 21 && string_to_ll(s, &v)) return add_int(v);
  std::string e;
  size_t n = s.size();
  if (n < 64) {
    e += static_cast<char>(0x80 | n);
  } else if (n < 4096) {
    e += static_cast<char>(0xE0 | (n >> 8));
    e += static_cast<char>(n & 0xff);
  } else {
    e += static_cast<char>(0xF0);
    put_le(e, n, 4);
  }
  e.append(s);
  add_entry(reinterpret_cast<const uint8_t*>(e.data()), e.size());
}

std::string RedisListpackWriter::finish() {
  buf_ += static_cast<char>(0xFF);
  uint32_t total = static_cast<uint32_t>(buf_.size());
  uint16_t count = count_ > 65535 ? 65535 : static_cast<uint16_t>(count_);
  for (int i = 0; i < 4; ++i) buf_[i] = static_cast<char>((total >> (8 * i)) & 0xff);
  buf_[4] = static_cast<char>(count & 0xff);
  buf_[5] = static_cast<char>(count >> 8);
  return std::move(buf_);
}

bool read_redis_listpack(std::string_view blob,
                         const std::function<void(const PackedElement&)>& fn) {
  const auto* b = reinterpret_cast<const uint8_t*>(blob.data());
  const size_t n = blob.size();
  if (n < 7 || get_le(b, 4) != n || b[n - 1] != 0xFF) return false;
  const size_t declared = get_le(b + 4, 2);
  size_t p = 6, seen = 0;
  while (p < n - 1) {
    PackedElement el;
    uint8_t c = b[p];
    size_t enc_len;  // encoding + data
    auto need = [&](size_t k) { return p + k <= n - 1; };
    if ((c & 0x80) == 0) {
      el.is_int = true;
      el.ival = c & 0x7f;
      enc_len = 1;
    } else if ((c & 0xC0) == 0x80) {
      size_t len = c & 0x3f;
      if (!need(1 + len)) return false;
      el.str = std::string_view(blob.data() + p + 1, len);
      enc_len = 1 + len;
    } else if ((c & 0xE0) == 0xC0) {
      if (!need(2)) return false;
      el.is_int = true;
      el.ival = sign_extend((static_cast<uint64_t>(c & 0x1f) << 8) | b[p + 1], 13);
      enc_len = 2;
    } else if ((c & 0xF0) == 0xE0) {
      if (!need(2)) return false;
      size_t len = (static_cast<size_t>(c & 0x0f) << 8) | b[p + 1];
      if (!need(2 + len)) return false;
      el.str = std::string_view(blob.data() + p + 2, len);
      enc_len = 2 + len;
    } else {
      int ibytes = 0;
      switch (c) {
        case 0xF0: {
          if (!need(5)) return false;
          size_t len = get_le(b + p + 1, 4);
          if (len > n || !need(5 + len)) return false;
          el.str = std::string_view(blob.data() + p + 5, len);
          enc_len = 5 + len;
          break;
        }
        case 0xF1: ibytes = 2; break;
        case 0xF2: ibytes = 3; break;
        case 0xF3: ibytes = 4; break;
        case 0xF4: ibytes = 8; break;
        default: return false;  // 0xFF before the end, or an unknown encoding
      }
      if (ibytes) {
        if (!need(1 + static_cast<size_t>(ibytes))) return false;
        el.is_int = true;
        uint64_t raw = get_le(b + p + 1, ibytes);
        el.ival = ibytes == 8 ? static_cast<int64_t>(raw) : sign_extend(raw, 8 * ibytes);
        enc_len = 1 + static_cast<size_t>(ibytes);
      }
    }
    size_t bl = backlen_size(enc_len);
    if (!need(enc_len + bl)) return false;
    p += enc_len + bl;
    ++seen;
    fn(el);
  }
  if (p != n - 1) return false;
  return declared == 65535 || declared == seen;
}

// --- ziplist ---------------------------------------------------------------------------------

bool read_redis_ziplist(std::string_view blob,
                        const std::function<void(const PackedElement&)>& fn) {
  const auto* b = reinterpret_cast<const uint8_t*>(blob.data());
  const size_t n = blob.size();
  if (n < 11 || get_le(b, 4) != n || b[n - 1] != 0xFF) return false;
  const size_t declared = get_le(b + 8, 2);
  size_t p = 10, seen = 0;
  while (p < n - 1) {
    // prevlen
    if (b[p] < 254) {
      p += 1;
    } else if (b[p] == 254) {
      if (p + 5 > n - 1) return false;
      p += 5;
    } else {
      return false;
    }
    if (p >= n - 1) return false;
    uint8_t c = b[p];
    PackedElement el;
    size_t len = 0, head = 0;
    switch (c >> 6) {
      case 0:
        len = c & 0x3f;
        head = 1;
        break;
      case 1:
        if (p + 2 > n - 1) return false;
        len = (static_cast<size_t>(c & 0x3f) << 8) | b[p + 1];
        head = 2;
        break;
      case 2:
        if (c != 0x80 || p + 5 > n - 1) return false;
        len = (static_cast<size_t>(b[p + 1]) << 24) | (static_cast<size_t>(b[p + 2]) << 16) |
              (static_cast<size_t>(b[p + 3]) << 8) | b[p + 4];
        head = 5;
        break;
      default: {
        el.is_int = true;
        int ibytes = 0;
        if (c == 0xC0) ibytes = 2;
        else if (c == 0xD0) ibytes = 4;
        else if (c == 0xE0) ibytes = 8;
        else if (c == 0xF0) ibytes = 3;
        else if (c == 0xFE) ibytes = 1;
        else if (c >= 0xF1 && c <= 0xFD) el.ival = (c & 0x0f) - 1;
        else return false;
        if (p + 1 + static_cast<size_t>(ibytes) > n - 1) return false;
        if (ibytes) {
          uint64_t raw = get_le(b + p + 1, ibytes);
          el.ival = ibytes == 8 ? static_cast<int64_t>(raw) : sign_extend(raw, 8 * ibytes);
        }
        p += 1 + static_cast<size_t>(ibytes);
        ++seen;
        fn(el);
        continue;
      }
    }
    if (len > n || p + head + len > n - 1) return false;
    el.str = std::string_view(blob.data() + p + head, len);
    p += head + len;
    ++seen;
    fn(el);
  }
  return declared == 65535 || declared == seen;
}

// --- zipmap ----------------------------------------------------------------------------------

bool read_redis_zipmap(std::string_view blob,
                       const std::function<void(std::string_view, std::string_view)>& fn) {
  const auto* b = reinterpret_cast<const uint8_t*>(blob.data());
  const size_t n = blob.size();
  if (n < 2) return false;
  size_t p = 1;  // zmlen
  auto read_len = [&](size_t* out) {
    if (p >= n) return false;
    if (b[p] < 254) {
      *out = b[p++];
      return true;
    }
    if (b[p] == 254) {
      if (p + 5 > n) return false;
      *out = get_le(b + p + 1, 4);
      p += 5;
      return true;
    }
    return false;
  };
  while (p < n && b[p] != 0xFF) {
    size_t klen, vlen;
    if (!read_len(&klen) || klen > n || p + klen > n) return false;
    std::string_view key(blob.data() + p, klen);
    p += klen;
    if (!read_len(&vlen) || p >= n) return false;
    size_t free_bytes = b[p++];
    if (vlen > n || p + vlen + free_bytes > n) return false;
    std::string_view val(blob.data() + p, vlen);
    p += vlen + free_bytes;
    fn(key, val);
  }
  return p == n - 1;
}

// --- intset ----------------------------------------------------------------------------------

std::string write_redis_intset(const std::vector<int64_t>& v) {
  int width = 2;
  for (int64_t x : v) {
    if (x < INT32_MIN || x > INT32_MAX) width = 8;
    else if ((x < INT16_MIN || x > INT16_MAX) && width < 4) width = 4;
  }
  std::string out;
  put_le(out, static_cast<uint64_t>(width), 4);
  put_le(out, v.size(), 4);
  for (int64_t x : v) put_le(out, static_cast<uint64_t>(x), width);
  return out;
}

bool read_redis_intset(std::string_view blob, const std::function<void(int64_t)>& fn) {
  const auto* b = reinterpret_cast<const uint8_t*>(blob.data());
  if (blob.size() < 8) return false;
  uint64_t width = get_le(b, 4), count = get_le(b + 4, 4);
  if (width != 2 && width != 4 && width != 8) return false;
  if (blob.size() != 8 + count * width) return false;
  bool first = true;
  int64_t prev = 0;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t raw = get_le(b + 8 + i * width, static_cast<int>(width));
    int64_t v = width == 8 ? static_cast<int64_t>(raw) : sign_extend(raw, static_cast<int>(8 * width));
    if (!first && v <= prev) return false;  // must be ascending and distinct
    first = false;
    prev = v;
    fn(v);
  }
  return true;
}

std::string redis_score_string(double d) { return double_to_string(d); }

}  // namespace eddy
