// stream_group_bench: end-to-end producer -> consumer group throughput.
//
//   stream_group_bench [--port P] [--entries N] [--consumers C] [--batch B]
//
// One producer connection appends N entries of 3 fields (XADD * in pipelined batches of B);
// C consumer connections (one thread each) loop on XREADGROUP GROUP g c<i> COUNT 100
// BLOCK 100 STREAMS s > and acknowledge each batch with one XACK. Prints entries/s (from
// the first XADD to the last XACK) and the PEL size at the end, which must be 0. Works
// against any Redis-compatible server (bench/compare_streams.sh runs it on both).
#include <hiredis/hiredis.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

redisContext* connect_or_die(int port) {
  redisContext* c = redisConnect("127.0.0.1", port);
  if (!c || c->err) {
    std::fprintf(stderr, "connect: %s\n", c ? c->errstr : "oom");
    std::exit(2);
  }
  return c;
}

redisReply* command(redisContext* c, const std::vector<std::string>& argv) {
  std::vector<const char*> p;
  std::vector<size_t> l;
  for (auto& a : argv) {
    p.push_back(a.data());
    l.push_back(a.size());
  }
  return static_cast<redisReply*>(
      redisCommandArgv(c, static_cast<int>(argv.size()), p.data(), l.data()));
}

}  // namespace

int main(int argc, char** argv) {
  int port = 6379;
  long entries = 200000;
  int consumers = 1;
  int batch = 100;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--port")) port = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--entries")) entries = std::atol(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--consumers")) consumers = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--batch")) batch = std::atoi(argv[i + 1]);
  }
  redisContext* admin = connect_or_die(port);
  freeReplyObject(command(admin, {"DEL", "bench:s"}));
  freeReplyObject(command(admin, {"XGROUP", "CREATE", "bench:s", "g", "$", "MKSTREAM"}));

  std::atomic<long> consumed{0};
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < consumers; ++i) {
    threads.emplace_back([&, i] {
      redisContext* c = connect_or_die(port);
      std::string name = "c" + std::to_string(i);
      while (!done.load()) {
        redisReply* r = command(c, {"XREADGROUP", "GROUP", "g", name, "COUNT", "100", "BLOCK",
                                    "100", "STREAMS", "bench:s", ">"});
        if (!r) break;
        if (r->type == REDIS_REPLY_ARRAY && r->elements > 0) {
          redisReply* list = r->element[0]->element[1];
          std::vector<std::string> ack = {"XACK", "bench:s", "g"};
          for (size_t k = 0; k < list->elements; ++k)
            ack.emplace_back(list->element[k]->element[0]->str, list->element[k]->element[0]->len);
          freeReplyObject(command(c, ack));
          if (consumed.fetch_add(static_cast<long>(list->elements)) +
                  static_cast<long>(list->elements) >= entries)
            done.store(true);
        }
        freeReplyObject(r);
      }
      redisFree(c);
    });
  }

  redisContext* producer = connect_or_die(port);
  auto start = std::chrono::steady_clock::now();
  char value[32];
  for (long sent = 0; sent < entries;) {
    int n = static_cast<int>(std::min<long>(batch, entries - sent));
    for (int k = 0; k < n; ++k) {
      std::snprintf(value, sizeof(value), "%ld", sent + k);
      redisAppendCommand(producer, "XADD bench:s * sensor s-%s temp %s status ok", value, value);
    }
    for (int k = 0; k < n; ++k) {
      void* r = nullptr;
      if (redisGetReply(producer, &r) != REDIS_OK) {
        std::fprintf(stderr, "producer: %s\n", producer->errstr);
        return 2;
      }
      freeReplyObject(r);
    }
    sent += n;
  }
  for (auto& t : threads) t.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  redisReply* p = command(admin, {"XPENDING", "bench:s", "g"});
  long long pending = p && p->type == REDIS_REPLY_ARRAY ? p->element[0]->integer : -1;
  freeReplyObject(p);
  std::printf("entries=%ld consumers=%d consumed=%ld seconds=%.3f entries_per_sec=%.0f pel_at_end=%lld\n",
              entries, consumers, consumed.load(), secs, static_cast<double>(consumed.load()) / secs,
              pending);
  freeReplyObject(command(admin, {"DEL", "bench:s"}));
  redisFree(admin);
  redisFree(producer);
  return pending == 0 ? 0 : 1;
}
