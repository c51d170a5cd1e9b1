#include "eddy/persistence/rdb.h"

#include <fcntl.h>
#include <liblzf/lzf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#include "eddy/base/strutil.h"
#include "eddy/keyspace/database.h"
#include "eddy/persistence/redis_encodings.h"
#include "eddy/types/hash.h"
#include "eddy/types/list.h"
#include "eddy/types/set.h"
#include "eddy/types/zset.h"

namespace eddy {

// Streams live in their own file (persistence/rdb_stream.cc) once the stream type exists.
bool rdb_write_stream(RdbWriter& w, const Value& v);
bool rdb_read_stream(RdbReader& r, uint8_t type, Value* out);

namespace {

constexpr uint8_t kEncInt8 = 0, kEncInt16 = 1, kEncInt32 = 2, kEncLzf = 3;
constexpr uint64_t kQuicklistNodePlain = 1, kQuicklistNodePacked = 2;

void put_le(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

}  // namespace

// --- writer ----------------------------------------------------------------------------------

void RdbWriter::length(uint64_t n) {
  if (n < (1 << 6)) {
    byte(static_cast<uint8_t>(n));
  } else if (n < (1 << 14)) {
    byte(static_cast<uint8_t>(0x40 | (n >> 8)));
    byte(static_cast<uint8_t>(n & 0xff));
  } else if (n <= UINT32_MAX) {
    byte(0x80);
    for (int i = 3; i >= 0; --i) byte(static_cast<uint8_t>((n >> (8 * i)) & 0xff));
  } else {
    byte(0x81);
    for (int i = 7; i >= 0; --i) byte(static_cast<uint8_t>((n >> (8 * i)) & 0xff));
  }
}

void RdbWriter::string(std::string_view s) {
  // Integer form, as rdbTryIntegerEncoding: short, canonical, within 32 bits.
  int64_t v;
  if (s.size() <= 11 && string_to_ll(s, &v) && v >= INT32_MIN && v <= INT32_MAX) {
    if (v >= INT8_MIN && v <= INT8_MAX) {
      byte(0xC0 | kEncInt8);
      put_le(out_, static_cast<uint64_t>(v), 1);
    } else if (v >= INT16_MIN && v <= INT16_MAX) {
      byte(0xC0 | kEncInt16);
      put_le(out_, static_cast<uint64_t>(v), 2);
    } else {
      byte(0xC0 | kEncInt32);
      put_le(out_, static_cast<uint64_t>(v), 4);
    }
    return;
  }
  if (compress_ && s.size() > 20) {
    std::string buf(s.size() - 4, '\0');
    unsigned int clen = lzf_compress(s.data(), static_cast<unsigned int>(s.size()), buf.data(),
                                     static_cast<unsigned int>(buf.size()));
    if (clen > 0) {
      byte(0xC0 | kEncLzf);
      length(clen);
      length(s.size());
      out_.append(buf.data(), clen);
      return;
    }
  }
  length(s.size());
  out_.append(s);
}

void RdbWriter::integer_string(int64_t v) {
  char buf[24];
  int n = ll_to_chars(v, buf);
  string(std::string_view(buf, static_cast<size_t>(n)));
}

void RdbWriter::binary_double(double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  put_le(out_, bits, 8);
}

void RdbWriter::millis(int64_t ms) { put_le(out_, static_cast<uint64_t>(ms), 8); }

uint8_t RdbWriter::type_of(const Value& v) {
  switch (v.type()) {
    case ValueType::String: return kRdbString;
    case ValueType::List: return kRdbListQuicklist2;
    case ValueType::Set: return v.encoding() == Encoding::Intset ? kRdbSetIntset : kRdbSet;
    case ValueType::ZSet: return v.encoding() == Encoding::Listpack ? kRdbZSetListpack : kRdbZSet2;
    case ValueType::Hash: return v.encoding() == Encoding::Listpack ? kRdbHashListpack : kRdbHash;
    case ValueType::Stream: return kRdbStreamListpacks2;
  }
  return kRdbString;
}

void RdbWriter::value(const Value& v) {
  byte(type_of(v));
  value_body(v);
}

void RdbWriter::value_body(const Value& v) {
  switch (v.type()) {
    case ValueType::String: {
      char scratch[24];
      string(v.str(scratch));
      return;
    }
    case ValueType::List: {
      const List* l = v.as<List>();
      length(l->node_count());
      l->for_each_node([&](const Listpack& node) {
        RedisListpackWriter lp;
        for (auto p = node.begin(); p != node.end(); p = node.next(p)) {
          ElemRef e = node.get(p);
          if (e.is_int()) {
            lp.add_int(e.int_value());
          } else {
            lp.add(e.view());
          }
        }
        length(kQuicklistNodePacked);
        string(lp.finish());
      });
      return;
    }
    case ValueType::Set: {
      const Set* s = v.as<Set>();
      if (s->encoding() == Encoding::Intset) {
        std::vector<int64_t> ints;
        ints.reserve(s->size());
        s->for_each([&](const ElemRef& e) {
          int64_t x = 0;
          if (e.is_int()) {
            x = e.int_value();
          } else {
            string_to_ll(e.view(), &x);
          }
          ints.push_back(x);
        });
        string(write_redis_intset(ints));
        return;
      }
      length(s->size());
      s->for_each([&](const ElemRef& e) { string(e.view()); });
      return;
    }
    case ValueType::ZSet: {
      const ZSet* z = v.as<ZSet>();
      if (z->encoding() == Encoding::Listpack) {
        RedisListpackWriter lp;
        z->for_each([&](const ElemRef& m, double score) {
          lp.add(m.view());
          lp.add(redis_score_string(score));
        });
        string(lp.finish());
        return;
      }
      // Greatest to smallest, as Redis saves a skiplist (the loader then appends in order).
      length(z->size());
      z->range_by_rank(0, z->size() - 1, true, [&](const ElemRef& m, double score) {
        string(m.view());
        binary_double(score);
      });
      return;
    }
    case ValueType::Hash: {
      const Hash* h = v.as<Hash>();
      if (h->encoding() == Encoding::Listpack) {
        RedisListpackWriter lp;
        h->for_each([&](const ElemRef& f, const ElemRef& val) {
          lp.add(f.view());
          lp.add(val.view());
        });
        string(lp.finish());
        return;
      }
      length(h->size());
      h->for_each([&](const ElemRef& f, const ElemRef& val) {
        string(f.view());
        string(val.view());
      });
      return;
    }
    case ValueType::Stream:
      rdb_write_stream(*this, v);
      return;
  }
}

// --- reader ----------------------------------------------------------------------------------

bool RdbReader::fail(std::string why) {
  if (error_.empty()) error_ = why + " at offset " + std::to_string(pos_);
  return false;
}

bool RdbReader::raw(size_t n, std::string_view* out) {
  if (n > data_.size() - pos_) return fail("unexpected end of data");
  *out = data_.substr(pos_, n);
  pos_ += n;
  return true;
}

bool RdbReader::byte(uint8_t* out) {
  if (pos_ >= data_.size()) return fail("unexpected end of data");
  *out = static_cast<uint8_t>(data_[pos_++]);
  return true;
}

bool RdbReader::length(uint64_t* out, bool* encoded) {
  uint8_t b;
  if (!byte(&b)) return false;
  if (encoded) *encoded = false;
  switch (b >> 6) {
    case 0: *out = b & 0x3f; return true;
    case 1: {
      uint8_t b2;
      if (!byte(&b2)) return false;
      *out = (static_cast<uint64_t>(b & 0x3f) << 8) | b2;
      return true;
    }
    case 2: {
      int n = b == 0x80 ? 4 : b == 0x81 ? 8 : 0;
      if (!n) return fail("invalid length encoding");
      std::string_view s;
      if (!raw(static_cast<size_t>(n), &s)) return false;
      uint64_t v = 0;
      for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(s[static_cast<size_t>(i)]);
      *out = v;
      return true;
    }
    default:
      if (!encoded) return fail("unexpected string encoding where a length belongs");
      *encoded = true;
      *out = b & 0x3f;
      return true;
  }
}

bool RdbReader::string(std::string* out) {
  bool encoded;
  uint64_t n;
  if (!length(&n, &encoded)) return false;
  if (!encoded) {
    std::string_view s;
    if (!raw(n, &s)) return false;
    out->assign(s);
    return true;
  }
  std::string_view s;
  switch (n) {
    case kEncInt8:
    case kEncInt16:
    case kEncInt32: {
      int bytes = n == kEncInt8 ? 1 : n == kEncInt16 ? 2 : 4;
      if (!raw(static_cast<size_t>(bytes), &s)) return false;
      uint64_t v = 0;
      for (int i = 0; i < bytes; ++i)
        v |= static_cast<uint64_t>(static_cast<uint8_t>(s[static_cast<size_t>(i)])) << (8 * i);
      int64_t iv = bytes == 1   ? static_cast<int8_t>(v)
                   : bytes == 2 ? static_cast<int16_t>(v)
                                : static_cast<int32_t>(v);
      *out = std::to_string(iv);
      return true;
    }
    case kEncLzf: {
      uint64_t clen, len;
      if (!length(&clen) || !length(&len)) return false;
      if (!raw(clen, &s)) return false;
      // LZF expands at most ~90 times (a 3-byte back reference copies 264 bytes): a larger
      // claimed length is corrupt, and must not make us allocate it.
      if (len == 0 || len > clen * 100 + 64 || len > (1ULL << 32)) return fail("invalid LZF length");
      out->assign(len, '\0');
      unsigned int got = lzf_decompress(s.data(), static_cast<unsigned int>(clen), out->data(),
                                        static_cast<unsigned int>(len));
      if (got != len) return fail("invalid LZF compressed string");
      return true;
    }
    default:
      return fail("unknown string encoding " + std::to_string(n));
  }
}

bool RdbReader::binary_double(double* out) {
  std::string_view s;
  if (!raw(8, &s)) return false;
  std::memcpy(out, s.data(), 8);
  return true;
}

bool RdbReader::text_double(double* out) {
  uint8_t len;
  if (!byte(&len)) return false;
  if (len == 253) {
    *out = std::numeric_limits<double>::quiet_NaN();
  } else if (len == 254) {
    *out = std::numeric_limits<double>::infinity();
  } else if (len == 255) {
    *out = -std::numeric_limits<double>::infinity();
  } else {
    std::string_view s;
    if (!raw(len, &s)) return false;
    std::string buf(s);
    char* end = nullptr;
    *out = std::strtod(buf.c_str(), &end);
    if (end != buf.c_str() + buf.size()) return fail("invalid double value");
  }
  return true;
}

bool RdbReader::millis(int64_t* out) {
  std::string_view s;
  if (!raw(8, &s)) return false;
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v |= static_cast<uint64_t>(static_cast<uint8_t>(s[static_cast<size_t>(i)])) << (8 * i);
  *out = static_cast<int64_t>(v);
  return true;
}

bool RdbReader::seconds32(int64_t* out) {
  std::string_view s;
  if (!raw(4, &s)) return false;
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= static_cast<uint32_t>(static_cast<uint8_t>(s[static_cast<size_t>(i)])) << (8 * i);
  *out = static_cast<int32_t>(v);
  return true;
}

namespace {

// Elements of a packed blob, viewing the blob's bytes (no copies): the vector is reused
// from one value to the next, so loading a million small hashes allocates nothing here.
const std::vector<PackedElement>& unpack(std::string_view blob, bool ziplist, bool* ok) {
  static thread_local std::vector<PackedElement> out;
  if (out.capacity() > 65536) std::vector<PackedElement>().swap(out);  // after a huge blob
  out.clear();
  auto fn = [&](const PackedElement& e) { out.push_back(e); };
  *ok = ziplist ? read_redis_ziplist(blob, fn) : read_redis_listpack(blob, fn);
  return out;
}

// An element's text: its bytes, or an integer rendered into `buf`.
struct ElemText {
  char buf[24];
  std::string_view operator()(const PackedElement& e) { return e.is_int ? of(e.ival) : e.str; }
  std::string_view of(int64_t v) {
    auto r = std::to_chars(buf, buf + sizeof(buf), v);
    return std::string_view(buf, static_cast<size_t>(r.ptr - buf));
  }
};

bool valid_score(double d) { return !std::isnan(d); }

}  // namespace

bool RdbReader::value(uint8_t type, const CollectionLimits& limits, Value* out) {
  limits_ = &limits;
  switch (type) {
    case kRdbString: {
      std::string s;
      if (!string(&s)) return false;
      *out = Value::string(s);
      return true;
    }
    case kRdbList:
    case kRdbListZiplist:
    case kRdbListQuicklist:
    case kRdbListQuicklist2: {
      auto list = std::make_unique<List>(limits.list_max_listpack_size);
      if (type == kRdbList) {
        uint64_t n;
        if (!length(&n)) return false;
        for (uint64_t i = 0; i < n; ++i) {
          std::string s;
          if (!string(&s)) return false;
          list->push_back(s);
        }
      } else if (type == kRdbListZiplist) {
        std::string blob;
        if (!string(&blob)) return false;
        bool ok;
        ElemText text;
        for (auto& e : unpack(blob, true, &ok)) list->push_back(text(e));
        if (!ok) return fail("invalid ziplist");
      } else {
        uint64_t nodes;
        if (!length(&nodes)) return false;
        for (uint64_t i = 0; i < nodes; ++i) {
          uint64_t container = kQuicklistNodePacked;
          if (type == kRdbListQuicklist2 && !length(&container)) return false;
          std::string blob;
          if (!string(&blob)) return false;
          if (container == kQuicklistNodePlain) {
            list->push_back(blob);
            continue;
          }
          if (container != kQuicklistNodePacked) return fail("invalid quicklist node container");
          bool ok;
          const auto& elems = unpack(blob, type == kRdbListQuicklist, &ok);
          if (!ok) return fail(type == kRdbListQuicklist ? "invalid ziplist" : "invalid listpack");
          // Redis skips empty nodes when loading.
          ElemText text;
          for (auto& e : elems) list->push_back(text(e));
        }
      }
      if (list->empty()) return fail("empty list");
      *out = Value::object(ValueType::List, std::move(list));
      return true;
    }
    case kRdbSet:
    case kRdbSetIntset: {
      auto set = std::make_unique<Set>();
      if (type == kRdbSet) {
        uint64_t n;
        if (!length(&n)) return false;
        for (uint64_t i = 0; i < n; ++i) {
          std::string s;
          if (!string(&s)) return false;
          if (!set->add(s, limits)) return fail("duplicate set member");
        }
      } else {
        std::string blob;
        if (!string(&blob)) return false;
        std::vector<int64_t> ints;
        if (!read_redis_intset(blob, [&](int64_t v) { ints.push_back(v); }))
          return fail("invalid intset");
        ElemText text;
        for (int64_t v : ints) set->add(text.of(v), limits);
      }
      if (set->empty()) return fail("empty set");
      *out = Value::object(ValueType::Set, std::move(set));
      return true;
    }
    case kRdbZSet:
    case kRdbZSet2:
    case kRdbZSetZiplist:
    case kRdbZSetListpack: {
      auto z = std::make_unique<ZSet>();
      if (type == kRdbZSet || type == kRdbZSet2) {
        uint64_t n;
        if (!length(&n)) return false;
        for (uint64_t i = 0; i < n; ++i) {
          std::string m;
          double score;
          if (!string(&m)) return false;
          if (!(type == kRdbZSet2 ? binary_double(&score) : text_double(&score))) return false;
          if (!valid_score(score)) return fail("zset score is NaN");
          if (z->add(m, score, ZSet::kNX, limits) != ZSet::AddResult::Added)
            return fail("duplicate sorted set member");
        }
      } else {
        std::string blob;
        if (!string(&blob)) return false;
        bool ok;
        const auto& elems = unpack(blob, type == kRdbZSetZiplist, &ok);
        if (!ok || elems.size() % 2) return fail("invalid sorted set listpack");
        ElemText text;
        for (size_t i = 0; i < elems.size(); i += 2) {
          double score;
          const PackedElement& se = elems[i + 1];
          if (se.is_int) score = static_cast<double>(se.ival);
          else if (!string_to_double(se.str, &score)) return fail("invalid sorted set score");
          if (z->add(text(elems[i]), score, ZSet::kNX, limits) != ZSet::AddResult::Added)
            return fail("duplicate sorted set member");
        }
      }
      if (z->empty()) return fail("empty sorted set");
      *out = Value::object(ValueType::ZSet, std::move(z));
      return true;
    }
    case kRdbHash:
    case kRdbHashZipmap:
    case kRdbHashZiplist:
    case kRdbHashListpack: {
      auto h = std::make_unique<Hash>();
      bool dup = false;
      auto put = [&](std::string_view f, std::string_view v) {
        if (!h->set(f, v, limits)) dup = true;  // set() is false when the field existed
      };
      if (type == kRdbHash) {
        uint64_t n;
        if (!length(&n)) return false;
        for (uint64_t i = 0; i < n; ++i) {
          std::string f, v;
          if (!string(&f) || !string(&v)) return false;
          put(f, v);
        }
      } else if (type == kRdbHashZipmap) {
        std::string blob;
        if (!string(&blob)) return false;
        if (!read_redis_zipmap(blob, put)) return fail("invalid zipmap");
      } else {
        std::string blob;
        if (!string(&blob)) return false;
        bool ok;
        const auto& elems = unpack(blob, type == kRdbHashZiplist, &ok);
        if (!ok || elems.size() % 2) return fail("invalid hash listpack");
        ElemText ftext, vtext;
        for (size_t i = 0; i < elems.size(); i += 2) put(ftext(elems[i]), vtext(elems[i + 1]));
      }
      if (dup) return fail("duplicate hash field");
      if (h->empty()) return fail("empty hash");
      *out = Value::object(ValueType::Hash, std::move(h));
      return true;
    }
    case kRdbStreamListpacks:
    case kRdbStreamListpacks2:
      return rdb_read_stream(*this, type, out);
    case kRdbModule:
    case kRdbModule2:
      return fail("module value (Eddy has no modules)");
    default:
      return fail("unknown value type " + std::to_string(type));
  }
}

// --- DUMP / RESTORE payloads -------------------------------------------------------------

std::string rdb_dump_payload(const Value& v, bool compress) {
  RdbWriter w(compress);
  w.value(v);
  std::string& out = w.buffer();
  put_le(out, kRdbVersion, 2);
  uint64_t crc = crc64(0, out.data(), out.size());
  put_le(out, crc, 8);
  return std::move(out);
}

bool rdb_payload_footer_ok(std::string_view p) {
  if (p.size() < 10) return false;
  const auto* f = reinterpret_cast<const uint8_t*>(p.data() + p.size() - 10);
  int version = f[0] | (f[1] << 8);
  if (version > kRdbVersion) return false;
  uint64_t crc = crc64(0, p.data(), p.size() - 8);
  uint64_t stored = 0;
  for (int i = 0; i < 8; ++i) stored |= static_cast<uint64_t>(f[2 + i]) << (8 * i);
  return crc == stored;
}

bool rdb_restore_value(std::string_view p, const CollectionLimits& limits, Value* out,
                       std::string* why) {
  RdbReader r(p.substr(0, p.size() - 10));
  uint8_t type;
  bool ok = r.byte(&type) && r.value(type, limits, out);
  if (ok && !r.at_end()) ok = r.fail("trailing bytes after the value");
  if (!ok && why) *why = r.error();
  return ok;
}

// --- files -----------------------------------------------------------------------------------

namespace {

void aux(RdbWriter& w, std::string_view key, std::string_view value) {
  w.byte(kRdbOpAux);
  w.string(key);
  w.string(value);
}

// Writes the snapshot, handing chunks of roughly 1 MiB to `sink` as they fill.
void serialize(const DbSource& dbs, const RdbSaveInfo& info,
               const std::function<void(std::string_view)>& sink) {
  RdbWriter w(info.compress);
  uint64_t crc = 0;
  auto flush = [&](bool force) {
    if (!force && w.size() < (1 << 20)) return;
    crc = crc64(crc, w.buffer().data(), w.buffer().size());
    sink(w.buffer());
    w.buffer().clear();
  };
  w.raw("REDIS0010");
  aux(w, "redis-ver", "7.0.15");
  aux(w, "redis-bits", "64");
  w.byte(kRdbOpAux);
  w.string("ctime");
  w.integer_string(static_cast<int64_t>(time(nullptr)));
  w.byte(kRdbOpAux);
  w.string("used-mem");
  w.integer_string(info.used_memory);
  aux(w, "aof-base", info.aof_preamble ? "1" : "0");
  for (int i = 0;; ++i) {
    Database* db = dbs(i);
    if (!db) break;
    if (db->size() == 0) continue;
    w.byte(kRdbOpSelectDb);
    w.length(static_cast<uint64_t>(i));
    w.byte(kRdbOpResizeDb);
    w.length(db->size());
    w.length(db->expires_size());
    db->for_each([&](Entry* e) {
      int64_t when = db->expire_of(e);
      if (when != -1) {
        w.byte(kRdbOpExpireTimeMs);
        w.millis(when);
      }
      if (info.save_idle) {
        w.byte(kRdbOpIdle);
        w.length(static_cast<uint64_t>(entry_idle_seconds(e)));
      }
      w.byte(RdbWriter::type_of(e->val));
      w.string(e->key());
      w.value_body(e->val);
      flush(false);
      if (info.key_save_delay_us > 0) ::usleep(static_cast<useconds_t>(info.key_save_delay_us));
    });
  }
  w.byte(kRdbOpEof);
  flush(true);
  std::string tail;
  put_le(tail, info.checksum ? crc64(crc, nullptr, 0) : 0, 8);
  sink(tail);
}

}  // namespace

std::string rdb_serialize(const DbSource& dbs, const RdbSaveInfo& info) {
  std::string out;
  serialize(dbs, info, [&](std::string_view chunk) { out.append(chunk); });
  return out;
}

std::optional<std::string> rdb_save_file(const std::string& path, const DbSource& dbs,
                                         const RdbSaveInfo& info) {
  std::string dir = ".";
  size_t slash = path.rfind('/');
  if (slash != std::string::npos) dir = path.substr(0, slash);
  std::string tmp = dir + "/temp-" + std::to_string(getpid()) + ".rdb";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return "Failed opening the temp RDB file " + tmp + " (in server root dir " + dir +
                     ") for saving: " + std::strerror(errno);
  std::string err;
  serialize(dbs, info, [&](std::string_view chunk) {
    while (!chunk.empty() && err.empty()) {
      ssize_t n = ::write(fd, chunk.data(), chunk.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        err = std::string("Write error saving DB on disk: ") + std::strerror(errno);
        break;
      }
      chunk.remove_prefix(static_cast<size_t>(n));
    }
  });
  if (err.empty() && ::fsync(fd) != 0) err = std::string("fsync: ") + std::strerror(errno);
  ::close(fd);
  if (err.empty() && ::rename(tmp.c_str(), path.c_str()) != 0)
    err = "Error moving temp DB file " + tmp + " on the final destination " + path + ": " +
          std::strerror(errno);
  if (!err.empty()) {
    ::unlink(tmp.c_str());
    return err;
  }
  // Make the rename durable.
  int dfd = ::open(dir.c_str(), O_RDONLY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return std::nullopt;
}

std::optional<std::string> read_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return std::nullopt;
  std::string data;
  struct stat st{};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) data.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return data;
}

RdbLoadResult rdb_load(std::string_view data, const DbSource& dbs,
                       const CollectionLimits& limits, int64_t now_ms, bool merge) {
  RdbLoadResult res;
  RdbReader r(data);
  std::string_view magic;
  if (!r.raw(9, &magic) || magic.substr(0, 5) != "REDIS") {
    res.error = "Wrong signature trying to load DB from file";
    return res;
  }
  int version = 0;
  for (char c : magic.substr(5)) {
    if (c < '0' || c > '9') {
      res.error = "Wrong signature trying to load DB from file";
      return res;
    }
    version = version * 10 + (c - '0');
  }
  if (version < 1 || version > kRdbVersion) {
    res.error = "Can't handle RDB format version " + std::to_string(version);
    return res;
  }
  Database* db = dbs(0);
  int64_t expire = -1;
  int64_t idle = -1;
  // Keys go into the table a few records after they are read. Each key's bucket is
  // prefetched when it is read and the head of its chain kChainLag records later, so the
  // duplicate check finds both in cache: without this, those two memory loads were a third
  // of the load time. Records are committed in file order, so duplicates and expiry behave
  // exactly as with immediate inserts.
  struct Staged {
    Database* db;
    std::string key;
    uint64_t h;
    Value v;
    int64_t expire;
    int64_t idle;
    size_t offset;  // where the record starts (for the duplicate-key error)
  };
  constexpr size_t kChainLag = 2;  // records between the bucket and the chain prefetch
  constexpr size_t kDepth = 4;     // records staged; the oldest is inserted when a 5th is read
  Staged ring[kDepth];
  size_t staged_first = 0, staged_count = 0;
  std::string dup_error;
  auto commit = [&](Staged& s) {
    Database* d = s.db;
    if (merge && d->find(s.key)) d->erase(s.key);
    bool dup = false;
    if (s.expire != -1 && s.expire < now_ms && !res.aof_base) {
      if (d->find(s.key)) dup = true;
      else ++res.keys_expired;
    } else if (Entry* e = d->add_if_absent(s.key, s.h, s.v)) {
      if (s.expire != -1) d->set_expire(e, s.expire);
      if (s.idle >= 0) {
        uint32_t now = lru_clock();
        e->lru = static_cast<uint32_t>(now - std::min<int64_t>(s.idle, now)) & 0xffffff;
      }
      ++res.keys_loaded;
    } else {
      dup = true;
    }
    if (dup && dup_error.empty())
      dup_error = "Duplicate key '" + repr(s.key) + "' found in RDB file at offset " +
                  std::to_string(s.offset);
    s.v = Value();
    return !dup;
  };
  auto commit_oldest = [&] {
    Staged& s = ring[staged_first];
    staged_first = (staged_first + 1) % kDepth;
    --staged_count;
    return commit(s);
  };
  auto drain = [&] {
    while (staged_count)
      if (!commit_oldest()) return false;
    return true;
  };
  for (;;) {
    const size_t record_offset = r.offset();
    uint8_t type;
    if (!r.byte(&type)) break;
    if (type == kRdbOpExpireTimeMs) {
      if (!r.millis(&expire)) break;
      continue;
    }
    if (type == kRdbOpExpireTime) {
      int64_t s;
      if (!r.seconds32(&s)) break;
      expire = s * 1000;
      continue;
    }
    if (type == kRdbOpIdle) {
      uint64_t v;
      if (!r.length(&v)) break;
      idle = static_cast<int64_t>(v);
      continue;
    }
    if (type == kRdbOpFreq) {
      uint8_t f;
      if (!r.byte(&f)) break;
      continue;
    }
    if (type == kRdbOpSelectDb) {
      uint64_t id;
      if (!r.length(&id)) break;
      db = id < 100000 ? dbs(static_cast<int>(id)) : nullptr;
      if (!db) {
        r.fail("FATAL: Data file was created with a Redis server configured to handle more "
               "than " + std::to_string(id) + " databases");
        break;
      }
      continue;
    }
    if (type == kRdbOpResizeDb) {
      uint64_t a, b;
      if (!r.length(&a) || !r.length(&b)) break;
      // Sizes the tables once instead of growing them key by key. A key takes at least a
      // few bytes of file, which bounds what a corrupt header can make us allocate.
      const uint64_t cap = data.size() / 4;
      if (db) db->reserve(static_cast<size_t>(std::min(a, cap)), static_cast<size_t>(std::min(b, cap)));
      continue;
    }
    if (type == kRdbOpAux) {
      std::string k, v;
      if (!r.string(&k) || !r.string(&v)) break;
      if (k == "aof-base" || k == "aof-preamble") res.aof_base = v != "0";
      continue;
    }
    if (type == kRdbOpModuleAux) {
      r.fail("module auxiliary data (Eddy has no modules)");
      break;
    }
    if (type == kRdbOpFunction2 || type == kRdbOpFunction) {
      r.fail("functions library (Eddy has no scripting)");
      break;
    }
    if (type == kRdbOpEof) {
      if (!drain()) break;
      if (version >= 5) {
        size_t body = r.offset();
        std::string_view sum;
        if (!r.raw(8, &sum)) break;
        uint64_t stored = 0;
        for (int i = 0; i < 8; ++i)
          stored |= static_cast<uint64_t>(static_cast<uint8_t>(sum[static_cast<size_t>(i)]))
                    << (8 * i);
        if (stored != 0) {
          uint64_t crc = crc64(0, data.data(), body);
          if (crc != stored) {
            char buf[128];
            snprintf(buf, sizeof(buf), "Wrong RDB checksum expected: (%llx) got (%llx)",
                     static_cast<unsigned long long>(stored), static_cast<unsigned long long>(crc));
            res.error = buf;
            return res;
          }
        }
      }
      res.ok = true;
      res.consumed = r.offset();
      return res;
    }
    if (staged_count == kDepth && !commit_oldest()) break;
    Staged& s = ring[(staged_first + staged_count) % kDepth];
    if (!r.string(&s.key)) break;
    if (!r.value(type, limits, &s.v)) break;
    s.db = db;
    s.h = hash_key(s.key);
    s.expire = expire;
    s.idle = idle;
    s.offset = record_offset;
    db->prefetch_bucket(s.h);
    if (staged_count >= kChainLag) {
      const Staged& prev = ring[(staged_first + staged_count - kChainLag) % kDepth];
      prev.db->prefetch_chain(prev.h);
    }
    ++staged_count;
    expire = -1;
    idle = -1;
  }
  if (dup_error.empty()) drain();  // what was read before the failure, for its duplicate error
  if (!dup_error.empty()) {
    res.error = dup_error;
    return res;
  }
  res.error = r.error().empty() ? "Short read or OOM loading DB" : r.error();
  return res;
}

}  // namespace eddy
