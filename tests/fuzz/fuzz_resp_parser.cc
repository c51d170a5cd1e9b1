// libFuzzer target: arbitrary bytes into a client's query buffer, through the real parser
// and dispatcher, delivered in random-sized pieces. Must never crash or leak.
#include <cstddef>
#include <cstdint>
#include <string>

#include "eddy/server/server.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static eddy::Server* server = [] {
    eddy::Config cfg;
    cfg.set("proto-max-bulk-len", "1mb");
    return new eddy::Server(std::move(cfg));
  }();
  eddy::Client* c = server->create_client(nullptr);
  c->authenticated = true;
  size_t pos = 0;
  while (pos < size) {
    size_t n = 1 + (data[pos] % 64);
    if (pos + n > size) n = size - pos;
    c->qbuf.append(reinterpret_cast<const char*>(data) + pos, n);
    pos += n;
    server->process_input(*c);
    c->out.clear();
    if (c->has(eddy::kClientCloseAfterReply)) break;
  }
  server->free_client(c);
  for (int i = 0; i < server->db_count(); ++i) server->db(i).clear();
  return 0;
}
