// RDB: Redis 7.0's snapshot format (RDB version 10), written and read by Eddy, so a
// dump.rdb moves between redis-server 7.0 and Eddy in both directions; also the value
// serialization DUMP / RESTORE use.
//
//   "REDIS0010" | AUX redis-ver / redis-bits / ctime / used-mem / aof-base |
//   per database: SELECTDB n | RESIZEDB keys expires |
//                 [EXPIRETIME_MS t] [IDLE s | FREQ f] type key value ... |
//   EOF | CRC-64 of everything before (8 bytes, little endian; 0 when rdbchecksum no)
//
// DUMP payload: type | value | RDB version (2 bytes LE) | CRC-64 (8 bytes LE).
//
// What Eddy writes is what Redis 7.0 writes for the same encodings (strings with integer
// and LZF forms, quicklist-2 lists of listpack nodes, listpack or plain hashes and sorted
// sets, intset or plain sets, streams with groups, consumers and PELs). The loader also
// takes every older encoding redis-server 7.0 takes (ziplist, zipmap, old quicklist,
// linked lists, zset with text scores), so files of Redis 2.x..6.x load too. Malformed
// input is reported with what was wrong and at which offset, never read past.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "eddy/keyspace/value.h"
#include "eddy/types/limits.h"

namespace eddy {

class Database;

inline constexpr int kRdbVersion = 10;

// RDB type bytes and opcodes.
enum RdbType : uint8_t {
  kRdbString = 0,
  kRdbList = 1,
  kRdbSet = 2,
  kRdbZSet = 3,
  kRdbHash = 4,
  kRdbZSet2 = 5,
  kRdbModule = 6,
  kRdbModule2 = 7,
  kRdbHashZipmap = 9,
  kRdbListZiplist = 10,
  kRdbSetIntset = 11,
  kRdbZSetZiplist = 12,
  kRdbHashZiplist = 13,
  kRdbListQuicklist = 14,
  kRdbStreamListpacks = 15,
  kRdbHashListpack = 16,
  kRdbZSetListpack = 17,
  kRdbListQuicklist2 = 18,
  kRdbStreamListpacks2 = 19,
};
enum RdbOpcode : uint8_t {
  kRdbOpFunction2 = 245,
  kRdbOpFunction = 246,
  kRdbOpModuleAux = 247,
  kRdbOpIdle = 248,
  kRdbOpFreq = 249,
  kRdbOpAux = 250,
  kRdbOpResizeDb = 251,
  kRdbOpExpireTimeMs = 252,
  kRdbOpExpireTime = 253,
  kRdbOpSelectDb = 254,
  kRdbOpEof = 255,
};

// Appends RDB-encoded items to a byte buffer.
class RdbWriter {
 public:
  explicit RdbWriter(bool compress = true) : compress_(compress) {}
  void byte(uint8_t b) { out_ += static_cast<char>(b); }
  void raw(std::string_view s) { out_.append(s); }
  void length(uint64_t n);
  // A string with Redis's choices: integer form when it is one (up to 32 bits), LZF when
  // compression is on, it is longer than 20 bytes and it shrinks, else raw.
  void string(std::string_view s);
  void integer_string(int64_t v);  // as string() of its decimal text
  void binary_double(double d);    // 8 bytes little endian (ZSET_2, streams)
  void millis(int64_t ms);         // 8 bytes little endian
  // Writes `v` with its type byte first (DUMP, and each key of a file).
  void value(const Value& v);
  static uint8_t type_of(const Value& v);
  // Writes only the value body, for a type written separately.
  void value_body(const Value& v);

  std::string& buffer() { return out_; }
  size_t size() const { return out_.size(); }

 private:
  bool compress_;
  std::string out_;
};

// Reads RDB-encoded items from a buffer. Every method returns false on malformed or
// truncated input and records why; the buffer is never read past its end.
class RdbReader {
 public:
  explicit RdbReader(std::string_view data) : data_(data) {}
  bool byte(uint8_t* out);
  // A length; `encoded` (optional) is set when it is a special string encoding instead.
  bool length(uint64_t* out, bool* encoded = nullptr);
  bool string(std::string* out);
  bool raw(size_t n, std::string_view* out);
  bool binary_double(double* out);
  bool text_double(double* out);  // old ZSET format: length-prefixed text
  bool millis(int64_t* out);
  bool seconds32(int64_t* out);
  // A value of RDB type `type`; limits decide encodings as the oracle does after loading.
  bool value(uint8_t type, const CollectionLimits& limits, Value* out);

  // The limits of the value being read (streams build their nodes with them).
  const CollectionLimits& stream_limits() const { return limits_ ? *limits_ : kDefaults; }
  size_t offset() const { return pos_; }
  bool at_end() const { return pos_ >= data_.size(); }
  const std::string& error() const { return error_; }
  bool fail(std::string why);

 private:
  static inline const CollectionLimits kDefaults{};
  std::string_view data_;
  const CollectionLimits* limits_ = nullptr;
  size_t pos_ = 0;
  std::string error_;
};

// Serialized value for DUMP: type, body, version footer and checksum.
std::string rdb_dump_payload(const Value& v, bool compress = true);
// Checks a RESTORE payload's footer: false when the version is newer than 10 or the
// checksum is wrong (Redis's "DUMP payload version or checksum are wrong").
bool rdb_payload_footer_ok(std::string_view payload);
// Decodes a payload whose footer was checked; false for bad data ("Bad data format").
bool rdb_restore_value(std::string_view payload, const CollectionLimits& limits, Value* out,
                       std::string* why = nullptr);

// --- Whole files -------------------------------------------------------------------------

struct RdbSaveInfo {
  bool aof_preamble = false;  // "aof-base" aux field
  bool checksum = true;
  bool compress = true;
  int64_t used_memory = 0;
  int64_t key_save_delay_us = 0;  // rdb-key-save-delay (slows a save down for tests)
  bool save_idle = false;          // an LRU maxmemory-policy: write each key's idle time
};

// Snapshot of every database, as one buffer (the writer flushes it in chunks).
// `visit_db(i)` gives database i or nullptr past the last one.
using DbSource = std::function<Database*(int)>;
// Writes the snapshot to `path` through a temporary file in the same directory, fsynced and
// renamed over `path`. Returns an error text or nullopt.
std::optional<std::string> rdb_save_file(const std::string& path, const DbSource& dbs,
                                         const RdbSaveInfo& info);
// The snapshot as bytes (AOF preamble, DEBUG RELOAD, tests).
std::string rdb_serialize(const DbSource& dbs, const RdbSaveInfo& info);

struct RdbLoadResult {
  bool ok = false;
  std::string error;        // what was wrong, with the offset
  size_t keys_loaded = 0;
  size_t keys_expired = 0;  // skipped because already expired (a master drops them)
  bool aof_base = false;    // the file says it is an AOF preamble
  size_t consumed = 0;      // bytes up to and including the checksum (an AOF tail follows)
};
// Loads a snapshot into the databases (which should be empty); `now_ms` decides expiry.
// `merge`: a key already present is replaced (DEBUG RELOAD MERGE) instead of an error.
RdbLoadResult rdb_load(std::string_view data, const DbSource& dbs,
                       const CollectionLimits& limits, int64_t now_ms, bool merge = false);
// Reads a whole file; nullopt if it cannot be opened.
std::optional<std::string> read_file(const std::string& path);

}  // namespace eddy
