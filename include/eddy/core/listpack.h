// Listpack: Eddy's compact packed sequence of strings and integers in one allocation.
//
// The small encodings of every collection are built on it: a list node (List), field/value
// pairs in insertion order (Hash), member/score pairs sorted by score (ZSet). The format is
// our own; it plays the role Redis's listpack plays and `OBJECT ENCODING` calls it
// "listpack". Entries can be walked forwards and backwards without an index.
//
//   +-----------+-----------+---------+---------+-----+---------+
//   | bytes:u32 | count:u32 | entry 0 | entry 1 | ... | entry n |      (one malloc)
//   +-----------+-----------+---------+---------+-----+---------+
//   entry = head | payload | tail
//   head  = varint: byte 0 = [more:1][value low 6 bits][kind:1], then 7 bits per byte
//           kind 0: string, value = byte length, payload = the bytes
//           kind 1: integer, value = zigzag(int64), no payload
//   tail  = size of (head + payload) as a varint stored backwards: the byte nearest the
//           next entry holds the low 7 bits and its top bit says "another byte precedes"
//
// Costs: a string of up to 63 bytes takes len+2 bytes; an integer in [-32, 31] takes 2
// bytes, [-4096, 4095] 3 bytes. Strings that look like canonical integers (as
// string_to_ll() accepts them: no '+', no leading zeros, no "-0") are stored as integers
// and read back as the identical text, so the encoding is invisible to callers.
//
// Invariants: `bytes` is the exact encoded size; the allocation holds at least that and is
// realloc'd when it is too small or more than twice too big (so memory tracks content);
// `count` is the exact number of entries; an empty Listpack owns no allocation unless it
// was reserve()d. Positions (Pos) are byte offsets of entry heads and stay valid only until
// the next mutation (mutators return the position that callers continue from).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace eddy {

// LEB128-style varints (7 bits per byte, low groups first), shared by the packed nodes of
// the collection types (hash/set table nodes store their lengths this way).
namespace varint {
inline size_t size(uint64_t v) {
  size_t n = 1;
  while (v >= 128) {
    v >>= 7;
    ++n;
  }
  return n;
}
inline size_t put(uint8_t* p, uint64_t v) {
  size_t n = 0;
  while (v >= 128) {
    p[n++] = static_cast<uint8_t>(v | 128);
    v >>= 7;
  }
  p[n++] = static_cast<uint8_t>(v);
  return n;
}
inline size_t get(const uint8_t* p, uint64_t* v) {
  uint64_t r = 0;
  size_t n = 0;
  int shift = 0;
  uint8_t b;
  do {
    b = p[n++];
    r |= static_cast<uint64_t>(b & 127) << shift;
    shift += 7;
  } while (b & 128);
  *v = r;
  return n;
}
}  // namespace varint

// A borrowed element: a view of bytes owned by a container, or an integer rendered into
// this object's own storage. Valid while the container is not modified (and, for integers,
// while this object lives).
class ElemRef {
 public:
  ElemRef() = default;
  static ElemRef of_string(std::string_view s) {
    ElemRef e;
    e.ptr_ = s.data();
    e.len_ = static_cast<uint32_t>(s.size());
    return e;
  }
  static ElemRef of_int(int64_t v);

  std::string_view view() const { return is_int_ ? std::string_view(buf_, len_) : std::string_view(ptr_, len_); }
  std::string str() const { return std::string(view()); }
  size_t size() const { return len_; }
  bool is_int() const { return is_int_; }
  int64_t int_value() const { return ival_; }
  bool operator==(std::string_view s) const { return view() == s; }

 private:
  const char* ptr_ = "";
  uint32_t len_ = 0;
  bool is_int_ = false;
  int64_t ival_ = 0;
  char buf_[24];
};

// A search key prepared once for many comparisons against packed entries (the integer
// parse happens once, not per entry).
struct PackNeedle {
  explicit PackNeedle(std::string_view s);
  std::string_view str;
  bool is_int;
  int64_t ival;
};

class Listpack {
 public:
  using Pos = uint32_t;
  static constexpr uint32_t kHeaderSize = 8;

  Listpack() = default;
  ~Listpack() { std::free(buf_); }
  Listpack(const Listpack&) = delete;
  Listpack& operator=(const Listpack&) = delete;
  Listpack(Listpack&& o) noexcept : buf_(o.buf_) { o.buf_ = nullptr; }
  Listpack& operator=(Listpack&& o) noexcept {
    if (this != &o) {
      std::free(buf_);
      buf_ = o.buf_;
      o.buf_ = nullptr;
    }
    return *this;
  }
  Listpack clone() const;

  size_t size() const { return buf_ ? load32(buf_ + 4) : 0; }
  bool empty() const { return size() == 0; }
  // Encoded bytes including the header (0 when nothing is allocated).
  size_t bytes() const { return buf_ ? load32(buf_) : 0; }
  void clear();
  // Allocates room for `bytes` encoded bytes up front (an empty listpack only). Later
  // growth within that room needs no realloc; a big list's new node is sized this way so
  // it does not pass through every allocator size class on its way to full.
  void reserve(size_t bytes);

  // Bytes an entry holding `s` would take (used by callers enforcing node size limits).
  static size_t entry_size(std::string_view s);

  // --- positions -----------------------------------------------------------------------
  Pos begin() const { return kHeaderSize; }
  Pos end() const { return buf_ ? load32(buf_) : kHeaderSize; }
  Pos next(Pos p) const;
  // Position of the entry before p (p must be > begin()).
  Pos prev(Pos p) const;
  // Position of the last entry, or end() when empty.
  Pos last() const { return empty() ? end() : prev(end()); }
  // Entry at a 0-based index (negative counts from the end, -1 = last); end() if out of
  // range. Walks from the nearer end.
  Pos seek(int64_t index) const;

  // --- reading ---------------------------------------------------------------------------
  ElemRef get(Pos p) const;
  // True and *out set if the entry at p is stored as an integer.
  bool get_int(Pos p, int64_t* out) const;
  // Raw bytes of a string entry (meaningless for integer entries).
  std::string_view get_bytes(Pos p) const;
  bool equals(Pos p, const PackNeedle& n) const;
  bool equals(Pos p, std::string_view s) const { return equals(p, PackNeedle(s)); }
  // First entry equal to the needle among from, from+skip+1, ... (skip = 1 searches the
  // keys of key/value pairs). end() if none.
  Pos find(const PackNeedle& n, Pos from, uint32_t skip = 0) const;

  // --- writing ---------------------------------------------------------------------------
  // Inserts before p (p == end() appends); returns the position of the new entry.
  Pos insert(Pos p, std::string_view s);
  Pos insert_int(Pos p, int64_t v);
  // Inserts bytes that are never integer-encoded (binary payloads such as a raw double).
  Pos insert_bytes(Pos p, std::string_view s);
  void push_back(std::string_view s) { insert(end(), s); }
  void push_front(std::string_view s) { insert(begin(), s); }
  // Replaces the entry at p; returns p (the entry now at p is the new one).
  Pos replace(Pos p, std::string_view s);
  Pos replace_int(Pos p, int64_t v);
  Pos replace_bytes(Pos p, std::string_view s);
  // Removes the entry at p; returns the position of the entry that followed it.
  Pos erase(Pos p) { return erase_n(p, 1); }
  // Removes up to n entries starting at p; returns the position after them.
  Pos erase_n(Pos p, size_t n);

  // Moves the entries from p to the end into a new Listpack.
  Listpack split(Pos p);
  // Appends all entries of `other` (which is left empty).
  void append(Listpack&& other);

 private:
  struct Encoded {
    uint8_t head[10];
    uint8_t tail[5];
    uint8_t head_len;
    uint8_t tail_len;
    uint32_t payload_len;
    uint32_t total() const { return head_len + payload_len + tail_len; }
  };
  struct Decoded {
    uint64_t value;
    bool is_int;
    uint32_t head_len;
    uint32_t total;  // head + payload + tail
  };

  static uint32_t load32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  static void store32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }
  static void encode(uint64_t value, bool is_int, uint32_t payload_len, Encoded* e);
  static bool as_int(std::string_view s, int64_t* v);
  Decoded decode(Pos p) const;
  Pos insert_encoded(Pos p, const Encoded& e, const char* payload);
  Pos replace_encoded(Pos p, const Encoded& e, const char* payload);
  bool aliases(std::string_view s) const {
    return buf_ && s.data() >= reinterpret_cast<const char*>(buf_) &&
           s.data() < reinterpret_cast<const char*>(buf_) + bytes();
  }
  void set_count(uint32_t n) { store32(buf_ + 4, n); }
  void ensure_alloc();
  void resize(uint32_t new_bytes);

  uint8_t* buf_ = nullptr;
};

}  // namespace eddy
