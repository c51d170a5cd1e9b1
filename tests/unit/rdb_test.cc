// Redis's interchange encodings and the RDB value codec: CRC-64 test vector, listpack /
// intset round trips with Redis's chosen encodings, ziplist and zipmap reading, corrupt
// blobs rejected, and DUMP payloads of each type decoding back to the same value.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "eddy/keyspace/database.h"
#include "eddy/persistence/rdb.h"
#include "eddy/persistence/redis_encodings.h"
#include "eddy/types/hash.h"
#include "eddy/types/list.h"
#include "eddy/types/set.h"
#include "eddy/types/zset.h"

namespace eddy {
namespace {

TEST(RedisEncodingsTest, Crc64MatchesTheJonesTestVector) {
  EXPECT_EQ(crc64(0, "123456789", 9), 0xe9c6d914c4b8d9caULL);
  // Incremental use gives the same as one pass.
  uint64_t c = crc64(0, "1234", 4);
  EXPECT_EQ(crc64(c, "56789", 5), 0xe9c6d914c4b8d9caULL);
}

TEST(RedisEncodingsTest, ListpackUsesRedisEncodingsForEachValueRange) {
  RedisListpackWriter w;
  w.add("5");        // 7-bit uint: 1 byte + backlen
  w.add("-100");     // 13-bit int
  w.add("30000");    // int16
  w.add("8000000");  // int24
  w.add("2000000000");
  w.add("9000000000");
  w.add("hello");
  w.add("01");  // not canonical: a string
  w.add(std::string(100, 'x'));
  w.add(std::string(5000, 'y'));
  std::string blob = w.finish();
  EXPECT_EQ(static_cast<uint8_t>(blob[6]), 5);     // first entry: the uint itself
  EXPECT_EQ(static_cast<uint8_t>(blob[7]), 1);     // its backlen
  std::vector<std::string> got;
  ASSERT_TRUE(read_redis_listpack(blob, [&](const PackedElement& e) { got.push_back(e.text()); }));
  EXPECT_EQ(got, (std::vector<std::string>{"5", "-100", "30000", "8000000", "2000000000",
                                           "9000000000", "hello", "01", std::string(100, 'x'),
                                           std::string(5000, 'y')}));
}

TEST(RedisEncodingsTest, MalformedListpacksAreRejectedWithoutReadingPastTheEnd) {
  RedisListpackWriter w;
  w.add("abc");
  w.add(std::string(70, 'q'));
  std::string blob = w.finish();
  for (size_t cut = 0; cut < blob.size(); ++cut) {
    std::string bad = blob.substr(0, cut);
    EXPECT_FALSE(read_redis_listpack(bad, [](const PackedElement&) {})) << cut;
  }
  std::string wrong_count = blob;
  wrong_count[4] = 7;
  EXPECT_FALSE(read_redis_listpack(wrong_count, [](const PackedElement&) {}));
}

TEST(RedisEncodingsTest, IntsetRoundTripsWithTheNarrowestWidth) {
  std::string small = write_redis_intset({-3, 1, 200});
  EXPECT_EQ(small.size(), 8u + 3 * 2);
  std::string wide = write_redis_intset({1, 5000000000LL});
  EXPECT_EQ(wide.size(), 8u + 2 * 8);
  std::vector<int64_t> back;
  ASSERT_TRUE(read_redis_intset(wide, [&](int64_t v) { back.push_back(v); }));
  EXPECT_EQ(back, (std::vector<int64_t>{1, 5000000000LL}));
  std::string unsorted = write_redis_intset({5, 1});
  EXPECT_FALSE(read_redis_intset(unsorted, [](int64_t) {}));
}

TEST(RedisEncodingsTest, ZiplistWithEveryEncodingIsRead) {
  // A ziplist written by Redis 6: "a", 12 (imm), 1000 (int16), 100000 (int24), and a
  // 70-byte string (14-bit length).
  std::string zl;
  auto le = [&](uint64_t v, int n) {
    for (int i = 0; i < n; ++i) zl += static_cast<char>((v >> (8 * i)) & 0xff);
  };
  le(0, 4);
  le(0, 4);
  le(5, 2);
  zl += '\x00';
  zl += '\x01';
  zl += 'a';
  zl += '\x03';
  zl += static_cast<char>(0xFD);  // imm 12
  zl += '\x02';
  zl += static_cast<char>(0xC0);
  le(1000, 2);
  zl += '\x04';
  zl += static_cast<char>(0xF0);
  le(100000, 3);
  zl += '\x05';
  zl += static_cast<char>(0x40);
  zl += static_cast<char>(70);
  zl += std::string(70, 's');
  zl += static_cast<char>(0xFF);
  for (int i = 0; i < 4; ++i) zl[static_cast<size_t>(i)] = static_cast<char>((zl.size() >> (8 * i)) & 0xff);
  std::vector<std::string> got;
  ASSERT_TRUE(read_redis_ziplist(zl, [&](const PackedElement& e) { got.push_back(e.text()); }));
  EXPECT_EQ(got, (std::vector<std::string>{"a", "12", "1000", "100000", std::string(70, 's')}));
}

TEST(RdbValueTest, DumpPayloadsOfEveryTypeDecodeToTheSameContents) {
  CollectionLimits limits;
  auto list = std::make_unique<List>();
  for (int i = 0; i < 1000; ++i) list->push_back(i % 2 ? std::to_string(i) : "e" + std::to_string(i));
  auto hash = std::make_unique<Hash>();
  for (int i = 0; i < 600; ++i) hash->set("f" + std::to_string(i), "v", limits);
  auto set = std::make_unique<Set>();
  for (int i = 0; i < 10; ++i) set->add(std::to_string(i * 7), limits);
  auto zset = std::make_unique<ZSet>();
  for (int i = 0; i < 300; ++i) zset->add("m" + std::to_string(i), i * 1.5, ZSet::kNone, limits);
  std::vector<Value> values;
  values.push_back(Value::string("plain"));
  values.push_back(Value::string("-123"));
  values.push_back(Value::string(std::string(300, 'c')));
  values.push_back(Value::object(ValueType::List, std::move(list)));
  values.push_back(Value::object(ValueType::Hash, std::move(hash)));
  values.push_back(Value::object(ValueType::Set, std::move(set)));
  values.push_back(Value::object(ValueType::ZSet, std::move(zset)));
  for (const Value& v : values) {
    std::string payload = rdb_dump_payload(v);
    ASSERT_TRUE(rdb_payload_footer_ok(payload));
    Value back;
    std::string why;
    ASSERT_TRUE(rdb_restore_value(payload, limits, &back, &why)) << why;
    EXPECT_EQ(back.type(), v.type());
    EXPECT_EQ(back.encoding(), v.encoding());
    // Re-encoding gives the same payload where the order is defined by the encoding (hash
    // tables come back in their own bucket order).
    if (v.encoding() != Encoding::Hashtable) EXPECT_EQ(rdb_dump_payload(back), payload);
  }
}

TEST(RdbValueTest, ATruncatedOrFlippedPayloadIsRefused) {
  std::string payload = rdb_dump_payload(Value::string(std::string(100, 'a') + "b"));
  std::string flipped = payload;
  flipped[3] ^= 0x20;
  EXPECT_FALSE(rdb_payload_footer_ok(flipped));
  EXPECT_FALSE(rdb_payload_footer_ok(payload.substr(0, 5)));
  std::string newer = payload;
  newer[newer.size() - 10] = 11;  // RDB version 11
  EXPECT_FALSE(rdb_payload_footer_ok(newer));
}

TEST(RdbFileTest, ASnapshotLoadsBackWithExpiresAndDatabases) {
  Database a(0), b(1);
  a.add("k", Value::string("v"));
  Entry* e = a.add("t", Value::string("x"));
  a.set_expire(e, 4102444800000);
  b.add("other", Value::string("1"));
  DbSource src = [&](int i) -> Database* { return i == 0 ? &a : i == 1 ? &b : nullptr; };
  std::string file = rdb_serialize(src, RdbSaveInfo{});
  EXPECT_EQ(file.substr(0, 9), "REDIS0010");
  Database a2(0), b2(1);
  DbSource dst = [&](int i) -> Database* { return i == 0 ? &a2 : i == 1 ? &b2 : nullptr; };
  RdbLoadResult r = rdb_load(file, dst, CollectionLimits{}, 0);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.keys_loaded, 3u);
  ASSERT_NE(a2.find("t"), nullptr);
  EXPECT_EQ(a2.expire_of(a2.find("t")), 4102444800000);
  EXPECT_NE(b2.find("other"), nullptr);
  // An already expired key is dropped on load.
  Database a3(0), b3(1);
  DbSource late = [&](int i) -> Database* { return i == 0 ? &a3 : i == 1 ? &b3 : nullptr; };
  RdbLoadResult r2 = rdb_load(file, late, CollectionLimits{}, 4102444800001);
  EXPECT_EQ(r2.keys_expired, 1u);
  EXPECT_EQ(a3.find("t"), nullptr);
  // A flipped byte fails the checksum; a cut file reports an offset.
  std::string bad = file;
  bad[file.rfind("other")] ^= 1;  // a key's byte: still parses, but the checksum is off
  Database a5(0), b5(1);
  DbSource fresh = [&](int i) -> Database* { return i == 0 ? &a5 : i == 1 ? &b5 : nullptr; };
  RdbLoadResult r4 = rdb_load(bad, fresh, CollectionLimits{}, 0);
  EXPECT_NE(r4.error.find("Wrong RDB checksum"), std::string::npos) << r4.error;
  Database a4(0), b4(1);
  DbSource cut = [&](int i) -> Database* { return i == 0 ? &a4 : i == 1 ? &b4 : nullptr; };
  RdbLoadResult r3 = rdb_load(file.substr(0, file.size() / 2), cut, CollectionLimits{}, 0);
  EXPECT_FALSE(r3.ok);
  EXPECT_NE(r3.error.find("offset"), std::string::npos) << r3.error;
}

TEST(RdbFileTest, ADuplicateKeyIsAnErrorUnlessMergingAndResizedbCannotOverAllocate) {
  Database a(0);
  a.add("k", Value::string("new"));
  DbSource src = [&](int i) -> Database* { return i == 0 ? &a : nullptr; };
  std::string file = rdb_serialize(src, RdbSaveInfo{});
  Database b(0);
  b.add("k", Value::string("old"));
  DbSource dst = [&](int i) -> Database* { return i == 0 ? &b : nullptr; };
  RdbLoadResult r = rdb_load(file, dst, CollectionLimits{}, 0);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("Duplicate key"), std::string::npos) << r.error;
  RdbLoadResult m = rdb_load(file, dst, CollectionLimits{}, 0, /*merge=*/true);
  ASSERT_TRUE(m.ok) << m.error;
  EXPECT_EQ(b.find("k")->val.to_string(), "new");
  // RESIZEDB claiming 2^60 keys in a file of a few bytes: loads (empty), no huge table.
  std::string tiny = "REDIS0010";
  tiny += static_cast<char>(kRdbOpSelectDb);
  tiny += '\0';
  tiny += static_cast<char>(kRdbOpResizeDb);
  tiny += static_cast<char>(0x81);  // 64-bit length follows, big endian
  tiny += std::string("\x10\0\0\0\0\0\0\0", 8);
  tiny += '\0';
  tiny += static_cast<char>(kRdbOpEof);
  tiny += std::string(8, '\0');  // checksum 0: not checked
  Database c(0);
  DbSource empty = [&](int i) -> Database* { return i == 0 ? &c : nullptr; };
  RdbLoadResult t = rdb_load(tiny, empty, CollectionLimits{}, 0);
  ASSERT_TRUE(t.ok) << t.error;
  EXPECT_EQ(c.size(), 0u);
  EXPECT_LT(c.memory_overhead(), size_t{1} << 20);
}


// The loader inserts keys a few records after reading them (to prefetch their buckets);
// a duplicate must still be found at any distance, and in file order.
TEST(RdbFileTest, DuplicatesAreFoundAtAnyDistanceAndPerDatabase) {
  auto str = [](std::string_view s) { return static_cast<char>(s.size()) + std::string(s); };
  auto file_of = [&](const std::vector<std::pair<int, std::string>>& keys) {
    std::string f = "REDIS0010";
    int cur = -1;
    for (const auto& [db, k] : keys) {
      if (db != cur) {
        f += static_cast<char>(kRdbOpSelectDb);
        f += static_cast<char>(db);
        cur = db;
      }
      f += static_cast<char>(kRdbString);
      f += str(k) + str("v-" + k);
    }
    f += static_cast<char>(kRdbOpEof);
    f += std::string(8, '\0');
    return f;
  };
  for (int distance = 1; distance <= 7; ++distance) {
    std::vector<std::pair<int, std::string>> keys;
    for (int i = 0; i < 10; ++i) keys.push_back({0, "k" + std::to_string(i)});
    keys.insert(keys.begin() + 2 + distance, {0, "k2"});  // k2 again, `distance` records on
    Database a(0);
    DbSource src = [&](int i) -> Database* { return i == 0 ? &a : nullptr; };
    RdbLoadResult r = rdb_load(file_of(keys), src, CollectionLimits{}, 0);
    EXPECT_FALSE(r.ok) << distance;
    EXPECT_NE(r.error.find("Duplicate key '\"k2\"'"), std::string::npos) << r.error;
  }
  // The same name in two databases is not a duplicate; everything lands where it belongs.
  Database a(0), b(1);
  DbSource two = [&](int i) -> Database* { return i == 0 ? &a : i == 1 ? &b : nullptr; };
  RdbLoadResult ok = rdb_load(file_of({{0, "x"}, {0, "y"}, {1, "x"}, {1, "z"}, {0, "z"}}), two,
                              CollectionLimits{}, 0);
  ASSERT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(ok.keys_loaded, 5u);
  EXPECT_EQ(a.size(), 3u);
  EXPECT_EQ(b.size(), 2u);
  EXPECT_EQ(b.find("x")->val.to_string(), "v-x");
  EXPECT_EQ(a.find("z")->val.to_string(), "v-z");
  // A file cut in the middle of a record keeps the error of the cut, not of the keys
  // still waiting to be inserted.
  std::string cut = file_of({{0, "p"}, {0, "q"}, {0, "r"}});
  cut.resize(cut.size() - 12);
  Database c(0);
  DbSource one = [&](int i) -> Database* { return i == 0 ? &c : nullptr; };
  RdbLoadResult rc = rdb_load(cut, one, CollectionLimits{}, 0);
  EXPECT_FALSE(rc.ok);
  EXPECT_EQ(rc.error.find("Duplicate"), std::string::npos) << rc.error;
}

}  // namespace
}  // namespace eddy
