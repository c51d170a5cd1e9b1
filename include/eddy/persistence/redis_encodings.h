// Redis's on-disk value encodings, written and read byte for byte: CRC-64 (Jones, as RDB
// and DUMP checksum), the listpack format Redis 7.0 stores small hashes / sorted sets /
// list nodes in, the intset format, and (read only, for files of Redis 6 and older) the
// ziplist and zipmap formats.
//
// These are interchange formats, independent of Eddy's own packed encodings (core/): the
// RDB writer converts Eddy's structures into them and the loader converts back. Every
// reader validates as it goes and reports a malformed blob instead of reading past it, so
// a corrupt file or RESTORE payload can never crash the server.
//
//   listpack: | total u32 | count u16 | entry ... | 0xFF |
//             entry = encoding+data | backlen (1-5 bytes, 7 bits each)
//   intset:   | encoding u32 (2/4/8) | length u32 | values, ascending, little endian |
//   ziplist:  | zlbytes u32 | zltail u32 | zllen u16 | entry ... | 0xFF |
//             entry = prevlen (1 or 5 bytes) | encoding | data
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace eddy {

uint64_t crc64(uint64_t crc, const void* data, size_t len);

// Builds a Redis listpack.
class RedisListpackWriter {
 public:
  RedisListpackWriter();
  // A string element; integer-looking strings are stored as integers, as Redis does.
  void add(std::string_view s);
  void add_int(int64_t v);
  size_t count() const { return count_; }
  // The finished blob (header filled in, terminator appended).
  std::string finish();

 private:
  void add_entry(const uint8_t* enc, size_t len);
  std::string buf_;
  size_t count_ = 0;
};

// One decoded element of a listpack/ziplist: a string, or an integer.
struct PackedElement {
  bool is_int = false;
  int64_t ival = 0;
  std::string_view str;
  std::string text() const { return is_int ? std::to_string(ival) : std::string(str); }
};

// Calls fn for every element; false when the blob is malformed (fn may have been called
// for the elements before the damage).
bool read_redis_listpack(std::string_view blob,
                         const std::function<void(const PackedElement&)>& fn);
bool read_redis_ziplist(std::string_view blob,
                        const std::function<void(const PackedElement&)>& fn);
// Zipmap (Redis < 2.6 small hashes): fn(field, value).
bool read_redis_zipmap(std::string_view blob,
                       const std::function<void(std::string_view, std::string_view)>& fn);

// Intset: values must be ascending and distinct.
std::string write_redis_intset(const std::vector<int64_t>& ascending);
bool read_redis_intset(std::string_view blob, const std::function<void(int64_t)>& fn);

// Redis's d2string / "%.17g" of a score as it stores scores in listpacks.
std::string redis_score_string(double d);

}  // namespace eddy
