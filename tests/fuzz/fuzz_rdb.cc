// libFuzzer target: arbitrary bytes as an RDB file and as a RESTORE payload (the value part,
// with a valid footer added so the decoder itself is exercised). Must never crash or leak.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "eddy/keyspace/database.h"
#include "eddy/persistence/rdb.h"
#include "eddy/persistence/redis_encodings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  eddy::CollectionLimits limits;
  // As a whole file.
  {
    std::vector<std::unique_ptr<eddy::Database>> dbs;
    for (int i = 0; i < 4; ++i) dbs.push_back(std::make_unique<eddy::Database>(i));
    std::string file = "REDIS0010";
    file.append(in);
    eddy::rdb_load(file, [&](int i) { return i < 4 ? dbs[static_cast<size_t>(i)].get() : nullptr; },
                   limits, 0);
  }
  // As a DUMP payload body with a correct footer.
  {
    std::string payload(in);
    payload += '\x0a';
    payload += '\x00';
    uint64_t crc = eddy::crc64(0, payload.data(), payload.size());
    for (int i = 0; i < 8; ++i) payload += static_cast<char>((crc >> (8 * i)) & 0xff);
    eddy::Value v;
    eddy::rdb_restore_value(payload, limits, &v);
  }
  return 0;
}
