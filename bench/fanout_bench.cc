// fanout_bench: Pub/Sub fan-out load against one server (Eddy or redis-server).
//
//   fanout_bench --port P --subscribers N [--messages M] [--seconds S] [--size 64]
//
// One publisher connection (hiredis, pipelined PUBLISH in batches) and N subscriber
// connections on one channel, read by a single epoll loop on another thread. Two phases,
// each bounded by --messages and --seconds:
//   throughput: the publisher pipelines PUBLISH as fast as the server answers; reported as
//               delivered messages/s (messages x receivers, until the last one arrived);
//   latency:    one PUBLISH at a time (closed loop, a light load); each message carries its
//               send time, and publish-to-delivery latency is taken at every receiver
//               (p50 / p99).
// Prints one line: "subs=N delivered_per_s=X p50_us=Y p99_us=Z".
#include <arpa/inet.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

struct Options {
  int port = 6379;
  int subscribers = 1;
  long messages = 200000;
  double seconds = 10;
  size_t size = 64;
};

int connect_raw(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    perror("connect");
    std::exit(2);
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

// Subscriber side: every message has the same length, so the stream is cut by stride.
struct Sub {
  int fd = -1;
  std::string buf;
  size_t skip = 0;  // bytes of the subscribe confirmation still to drop
};

class Receivers {
 public:
  Receivers(const Options& o, const std::string& channel) : opts_(o) {
    std::string bulk = "$" + std::to_string(o.size) + "\r\n";
    msg_len_ = std::string("*3\r\n$7\r\nmessage\r\n$" + std::to_string(channel.size()) + "\r\n" +
                           channel + "\r\n" + bulk)
                   .size() +
               o.size + 2;
    header_len_ = msg_len_ - o.size - 2;
    confirm_len_ = std::string("*3\r\n$9\r\nsubscribe\r\n$" + std::to_string(channel.size()) +
                               "\r\n" + channel + "\r\n:1\r\n")
                       .size();
    ep_ = epoll_create1(0);
    subs_.resize(static_cast<size_t>(o.subscribers));
    std::string cmd = "*2\r\n$9\r\nSUBSCRIBE\r\n$" + std::to_string(channel.size()) + "\r\n" +
                      channel + "\r\n";
    for (size_t i = 0; i < subs_.size(); ++i) {
      Sub& s = subs_[i];
      s.fd = connect_raw(o.port);
      s.skip = confirm_len_;
      if (write(s.fd, cmd.data(), cmd.size()) != static_cast<ssize_t>(cmd.size())) std::exit(2);
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = i;
      epoll_ctl(ep_, EPOLL_CTL_ADD, s.fd, &ev);
    }
  }
  ~Receivers() {
    for (Sub& s : subs_) close(s.fd);
    close(ep_);
  }

  // Reads until `expected` messages arrived (or the deadline). Records latencies when asked.
  void run(int64_t expected, int64_t deadline_ns, bool record) {
    std::vector<epoll_event> evs(256);
    char tmp[1 << 16];
    while (received_.load() < expected && now_ns() < deadline_ns) {
      int n = epoll_wait(ep_, evs.data(), static_cast<int>(evs.size()), 50);
      for (int k = 0; k < n; ++k) {
        Sub& s = subs_[evs[static_cast<size_t>(k)].data.u64];
        ssize_t r = read(s.fd, tmp, sizeof(tmp));
        if (r <= 0) continue;
        s.buf.append(tmp, static_cast<size_t>(r));
        size_t pos = 0;
        if (s.skip) {
          size_t d = std::min(s.skip, s.buf.size());
          s.skip -= d;
          pos = d;
        }
        int64_t t = now_ns();
        int64_t got = 0;
        while (s.buf.size() - pos >= msg_len_) {
          if (record) {
            int64_t sent = std::strtoll(s.buf.data() + pos + header_len_, nullptr, 10);
            latencies_.push_back((t - sent) / 1000);
          }
          pos += msg_len_;
          ++got;
        }
        s.buf.erase(0, pos);
        received_ += got;
        last_ns_ = t;
      }
    }
  }
  int64_t received() const { return received_.load(); }
  void reset() {
    received_ = 0;
    latencies_.clear();
  }
  int64_t last_ns() const { return last_ns_; }
  std::vector<int64_t>& latencies() { return latencies_; }
  size_t confirm_len() const { return confirm_len_; }

 private:
  const Options& opts_;
  int ep_ = -1;
  std::vector<Sub> subs_;
  size_t msg_len_ = 0, header_len_ = 0, confirm_len_ = 0;
  std::atomic<int64_t> received_{0};
  int64_t last_ns_ = 0;
  std::vector<int64_t> latencies_;
};

std::string payload(size_t size) {
  std::string p = std::to_string(now_ns());
  p.resize(size, 'x');
  return p;
}

int64_t subscribers_of(redisContext* c, const std::string& channel) {
  auto* r = static_cast<redisReply*>(redisCommand(c, "PUBSUB NUMSUB %s", channel.c_str()));
  int64_t n = r && r->elements == 2 ? r->element[1]->integer : 0;
  freeReplyObject(r);
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--port") o.port = std::atoi(argv[i + 1]);
    else if (a == "--subscribers") o.subscribers = std::atoi(argv[i + 1]);
    else if (a == "--messages") o.messages = std::atol(argv[i + 1]);
    else if (a == "--seconds") o.seconds = std::atof(argv[i + 1]);
    else if (a == "--size") o.size = static_cast<size_t>(std::atol(argv[i + 1]));
  }
  if (o.size < 24) o.size = 24;
  const std::string channel = "bench:fanout";
  redisContext* pub = redisConnect("127.0.0.1", o.port);
  if (!pub || pub->err) {
    std::fprintf(stderr, "cannot connect to port %d\n", o.port);
    return 2;
  }
  Receivers recv(o, channel);
  for (int i = 0; i < 500 && subscribers_of(pub, channel) < o.subscribers; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));

  // Phase 1: throughput. Messages are capped so that the total deliveries stay bounded.
  const int64_t subs = o.subscribers;
  int64_t msgs = std::max<int64_t>(1, std::min<int64_t>(o.messages, 20'000'000 / subs));
  const int64_t budget_ns = static_cast<int64_t>(o.seconds * 1e9);
  int64_t t0 = now_ns();
  std::thread reader([&] { recv.run(msgs * subs, t0 + 2 * budget_ns, false); });
  const int kBatch = 64;
  int64_t sent = 0;
  std::string p = payload(o.size);
  while (sent < msgs && now_ns() - t0 < budget_ns) {
    int batch = static_cast<int>(std::min<int64_t>(kBatch, msgs - sent));
    for (int i = 0; i < batch; ++i)
      redisAppendCommand(pub, "PUBLISH %b %b", channel.data(), channel.size(), p.data(), p.size());
    for (int i = 0; i < batch; ++i) {
      void* r = nullptr;
      if (redisGetReply(pub, &r) != REDIS_OK) return 2;
      freeReplyObject(r);
    }
    sent += batch;
  }
  // Deliveries still in flight are counted until they arrive (the reader's own deadline).
  reader.join();
  double secs = static_cast<double>(recv.last_ns() - t0) / 1e9;
  double delivered_per_s = static_cast<double>(recv.received()) / secs;
  bool complete = recv.received() == sent * subs;

  // Phase 2: latency at light load (one PUBLISH in flight). One thread publishes, then
  // reads until every subscriber has the message, so no second thread competes for the
  // load generator's CPU.
  recv.reset();
  int64_t lat_msgs = std::max<int64_t>(1, std::min<int64_t>(2000, 200000 / subs));
  int64_t t1 = now_ns();
  int64_t sent2 = 0;
  while (sent2 < lat_msgs && now_ns() - t1 < budget_ns) {
    std::string m = payload(o.size);
    redisAppendCommand(pub, "PUBLISH %b %b", channel.data(), channel.size(), m.data(), m.size());
    redisBufferWrite(pub, nullptr);  // sent now; the reply is read after the deliveries
    ++sent2;
    recv.run(sent2 * subs, now_ns() + 5'000'000'000, true);
    void* r = nullptr;
    if (redisGetReply(pub, &r) != REDIS_OK) return 2;
    freeReplyObject(r);
  }
  auto& lat = recv.latencies();
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double q) {
    return lat.empty() ? 0 : lat[std::min(lat.size() - 1, static_cast<size_t>(q * lat.size()))];
  };
  std::printf("subs=%d published=%lld delivered_per_s=%.0f complete=%s p50_us=%lld p99_us=%lld\n",
              o.subscribers, static_cast<long long>(sent), delivered_per_s,
              complete ? "yes" : "no", static_cast<long long>(pct(0.50)),
              static_cast<long long>(pct(0.99)));
  redisFree(pub);
  return 0;
}
