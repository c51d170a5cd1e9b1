#include "eddy/server/network.h"

#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <asio.hpp>
#include <cerrno>
#include <csignal>
#include <map>
#include <optional>

#include <netinet/tcp.h>
#include <spdlog/spdlog.h>

#include "eddy/base/strutil.h"

#include "eddy/base/clock.h"
#include "eddy/server/blocking.h"

namespace eddy {

namespace {
using GenericSocket = asio::generic::stream_protocol::socket;

constexpr std::string_view kProtectedModeError =
    "-DENIED Redis is running in protected mode because protected mode is enabled and no "
    "password is set for the default user. In this mode connections are only accepted from "
    "the loopback interface. If you want to connect from external computers to Redis you may "
    "adopt one of the following solutions: 1) Just disable protected mode sending the command "
    "'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from "
    "the same host the server is running, however MAKE SURE Redis is not publicly accessible "
    "from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) "
    "Alternatively you can just disable the protected mode by editing the Redis configuration "
    "file, and setting the protected mode option to 'no', and then restarting the server. 3) "
    "If you started the server manually just for testing, restart it with the "
    "'--protected-mode no' option. 4) Set up an authentication password for the default user. "
    "NOTE: You only need to do one of the above things in order for the server to start "
    "accepting connections from the outside.\r\n";
}  // namespace

struct Conn;

struct Network::Impl {
  explicit Impl(Server& s)
      : server(s), cron_timer(io), block_timer(io), signals(io, SIGINT, SIGTERM) {}

  Server& server;
  asio::io_context io;
  std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> tcp;
  std::unique_ptr<asio::local::stream_protocol::acceptor> unix_acceptor;
  asio::steady_timer cron_timer;
  // Fires at the earliest deadline of a blocked client (BLPOP ... 0.05 times out in 50 ms,
  // not at the next cron tick).
  asio::steady_timer block_timer;
  int64_t block_timer_at = 0;  // unix ms the timer is armed for; 0 = idle
  asio::signal_set signals;
  std::map<uint64_t, std::shared_ptr<Conn>> conns;
  std::vector<std::shared_ptr<Conn>> pending_writes;
  std::vector<std::shared_ptr<Conn>> rearm_reads;  // read again after this turn's writes
  std::vector<std::function<void()>> before_sleep_hooks;
  std::function<bool()> write_gate;
  bool stopping = false;
  uint16_t port = 0;

  void accept_tcp(asio::ip::tcp::acceptor* a);
  void accept_unix();
  void on_new_socket(GenericSocket sock, std::string addr, std::string laddr, bool loopback,
                     bool is_unix);
  void schedule_cron();
  void arm_block_timer();
  void before_sleep();
  void close_conn(Conn* c);
};

struct Conn : Connection, std::enable_shared_from_this<Conn> {
  Conn(Network::Impl* n, GenericSocket s) : net(n), sock(std::move(s)) {}

  Network::Impl* net;
  GenericSocket sock;
  Client* client = nullptr;
  bool in_pending = false;
  bool waiting_write = false;
  bool reading_paused = false;
  bool read_armed = false;
  bool closed = false;

  void request_write() override {
    if (closed || in_pending) return;
    in_pending = true;
    net->pending_writes.push_back(shared_from_this());
  }
  void request_close() override {
    if (closed) return;
    // Defer the actual close to the before-sleep step so handlers never see a freed client.
    client->set(kClientCloseAsap);
    request_write();
  }
  void pause_reading(bool paused) override {
    reading_paused = paused;
    if (!paused) arm_read();
  }

  void arm_read() {
    if (closed || read_armed || reading_paused) return;
    read_armed = true;
    sock.async_wait(asio::socket_base::wait_read,
                    [self = shared_from_this()](const asio::error_code& ec) {
                      self->read_armed = false;
                      if (ec || self->closed) return;
                      self->on_readable();
                    });
  }

  void on_readable() {
    Client& c = *client;
    // Small reads land in a shared scratch buffer and are appended (no zero-filling of the
    // query buffer); a big pending bulk is read straight into the query buffer.
    static char scratch[16 * 1024];
    int64_t pending = c.parser.pending_bulk();
    ssize_t n;
    if (pending > static_cast<int64_t>(sizeof(scratch))) {
      size_t want = static_cast<size_t>(std::min<int64_t>(pending + 2, 1 << 20));
      size_t old = c.qbuf.size();
      c.qbuf.resize(old + want);
      n = ::read(sock.native_handle(), c.qbuf.data() + old, want);
      c.qbuf.resize(old + static_cast<size_t>(n > 0 ? n : 0));
    } else {
      n = ::read(sock.native_handle(), scratch, sizeof(scratch));
      if (n > 0) c.qbuf.append(scratch, static_cast<size_t>(n));
    }
    if (n <= 0) {
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        arm_read();
        return;
      }
      net->close_conn(this);
      return;
    }
    c.net_input_bytes += static_cast<uint64_t>(n);
    net->server.stats().net_input_bytes += static_cast<uint64_t>(n);
    ++net->server.stats().total_reads_processed;
    if (c.qbuf.size() > c.qbuf_peak) c.qbuf_peak = c.qbuf.size();
    if (static_cast<int64_t>(c.qbuf.size() - c.qpos) >
        net->server.settings().client_query_buffer_limit) {
      spdlog::warn("Closing client that reached max query buffer length: id={} addr={} (qbuf initial bytes: {})",
                   c.id, c.addr, repr(std::string_view(c.qbuf).substr(0, 64)));
      ++net->server.stats().client_qbuf_limit_disconnections;
      net->close_conn(this);
      return;
    }
    net->server.process_input(c);
    if (closed) return;
    if (c.has(kClientCloseAsap)) {
      request_write();
      return;
    }
    // One read per client per loop turn, as Redis does: the next read waits until this
    // turn's replies were written, so a client pipelining megabytes cannot make the server
    // buffer all their replies before sending any.
    net->rearm_reads.push_back(shared_from_this());
  }

  // Writes as much as the socket takes. Returns false if the connection was closed.
  bool flush() {
    Client& c = *client;
    while (!c.out.empty()) {
      struct iovec iov[64];
      size_t cnt = c.out.gather(iov, 64);
      if (cnt == 0) break;
      ssize_t n = ::writev(sock.native_handle(), iov, static_cast<int>(cnt));
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) break;
        net->close_conn(this);
        return false;
      }
      c.out.consume(static_cast<size_t>(n));
      c.net_output_bytes += static_cast<uint64_t>(n);
      net->server.stats().net_output_bytes += static_cast<uint64_t>(n);
      ++net->server.stats().total_writes_processed;
    }
    if (!c.out.empty()) {
      if (!waiting_write) {
        waiting_write = true;
        sock.async_wait(asio::socket_base::wait_write,
                        [self = shared_from_this()](const asio::error_code& ec) {
                          self->waiting_write = false;
                          if (ec || self->closed) return;
                          // A reply to a command of this turn must not overtake its AOF
                          // write (and fsync): with AOF data pending, write from
                          // before-sleep, after the AOF flush.
                          if (self->net->write_gate && !self->net->write_gate()) {
                            self->request_write();
                          } else {
                            self->flush();
                          }
                        });
      }
      return true;
    }
    if (c.has(kClientCloseAfterReply) || c.has(kClientCloseAsap)) {
      net->close_conn(this);
      return false;
    }
    return true;
  }
};

void Network::Impl::close_conn(Conn* c) {
  if (c->closed) return;
  c->closed = true;
  auto self = c->shared_from_this();
  asio::error_code ec;
  c->sock.close(ec);
  if (c->client) {
    server.free_client(c->client);
    c->client = nullptr;
  }
  conns.erase(reinterpret_cast<uint64_t>(c));
}

void Network::Impl::on_new_socket(GenericSocket sock, std::string addr, std::string laddr,
                                  bool loopback, bool is_unix) {
  asio::error_code ec;
  sock.non_blocking(true, ec);
  const Settings& st = server.settings();
  if (static_cast<int64_t>(server.clients().size()) >= st.maxclients) {
    std::string_view msg = "-ERR max number of clients reached\r\n";
    (void)::write(sock.native_handle(), msg.data(), msg.size());
    ++server.stats().rejected_connections;
    sock.close(ec);
    return;
  }
  bool default_bind = st.bind.size() == 2 && st.bind[0] == "*" && st.bind[1] == "-::*";
  if (!is_unix && !loopback && st.protected_mode && st.requirepass.empty() && default_bind) {
    (void)::write(sock.native_handle(), kProtectedModeError.data(), kProtectedModeError.size());
    ++server.stats().rejected_connections;
    sock.close(ec);
    return;
  }
  auto conn = std::make_shared<Conn>(this, std::move(sock));
  Client* client = server.create_client(conn.get());
  client->addr = std::move(addr);
  client->laddr = std::move(laddr);
  client->fd = conn->sock.native_handle();
  if (is_unix) client->set(kClientUnixSocket);
  conn->client = client;
  conns[reinterpret_cast<uint64_t>(conn.get())] = conn;
  conn->arm_read();
}

void Network::Impl::accept_tcp(asio::ip::tcp::acceptor* a) {
  a->async_accept([this, a](const asio::error_code& ec, asio::ip::tcp::socket s) {
    if (stopping) return;
    if (!ec) {
      asio::error_code e2;
      s.set_option(asio::ip::tcp::no_delay(true), e2);
      int64_t ka = server.settings().tcp_keepalive;
      if (ka > 0) {
        s.set_option(asio::socket_base::keep_alive(true), e2);
        int idle = static_cast<int>(ka), intvl = std::max(1, static_cast<int>(ka / 3)), cnt = 3;
        ::setsockopt(s.native_handle(), IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
        ::setsockopt(s.native_handle(), IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof(intvl));
        ::setsockopt(s.native_handle(), IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof(cnt));
      }
      auto rep = s.remote_endpoint(e2);
      auto loc = s.local_endpoint(e2);
      auto fmt_ep = [](const asio::ip::tcp::endpoint& ep) {
        std::string ip = ep.address().to_string();
        if (ep.address().is_v6()) {
          auto v6 = ep.address().to_v6();
          if (v6.is_v4_mapped()) ip = asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_string();
        }
        return ip + ":" + std::to_string(ep.port());
      };
      bool loopback = rep.address().is_loopback() ||
                      (rep.address().is_v6() && rep.address().to_v6().is_v4_mapped() &&
                       asio::ip::make_address_v4(asio::ip::v4_mapped, rep.address().to_v6()).is_loopback());
      std::string addr = fmt_ep(rep), laddr = fmt_ep(loc);
      int fd = s.release(e2);
      GenericSocket g(io, asio::generic::stream_protocol(rep.protocol().family(), SOCK_STREAM), fd);
      on_new_socket(std::move(g), addr, laddr, loopback, false);
    }
    accept_tcp(a);
  });
}

void Network::Impl::accept_unix() {
  unix_acceptor->async_accept([this](const asio::error_code& ec,
                                     asio::local::stream_protocol::socket s) {
    if (stopping) return;
    if (!ec) {
      asio::error_code e2;
      std::string path = server.settings().unixsocket;
      int fd = s.release(e2);
      GenericSocket g(io, asio::generic::stream_protocol(AF_UNIX, SOCK_STREAM), fd);
      on_new_socket(std::move(g), path + ":0", path + ":0", true, true);
    }
    accept_unix();
  });
}

void Network::Impl::schedule_cron() {
  int64_t hz = server.settings().hz > 0 ? server.settings().hz : 10;
  cron_timer.expires_after(std::chrono::microseconds(1000000 / hz));
  cron_timer.async_wait([this](const asio::error_code& ec) {
    if (ec || stopping) return;
    server.cron();
    // Output-buffer and idle-close requests raised by cron are handled in before_sleep.
    schedule_cron();
  });
}

void Network::Impl::arm_block_timer() {
  int64_t deadline = server.blocking().next_deadline();
  if (deadline == 0 || (block_timer_at != 0 && block_timer_at <= deadline)) return;
  block_timer_at = deadline;
  int64_t wait = std::max<int64_t>(0, deadline - now_ms());
  block_timer.expires_after(std::chrono::milliseconds(wait));
  block_timer.async_wait([this](const asio::error_code& ec) {
    if (ec || stopping) return;  // re-armed for an earlier deadline, or shutting down
    block_timer_at = 0;
    server.blocking().handle_timeouts(now_ms());
  });
}

void Network::Impl::before_sleep() {
  for (auto& hook : before_sleep_hooks) hook();
  server.blocking().handle_timeouts(now_ms());
  arm_block_timer();
  while (!pending_writes.empty()) {
    auto batch = std::move(pending_writes);
    pending_writes.clear();
    // Newest first: the client whose command produced this turn's output (a publisher)
    // asked last, after the subscribers its PUBLISH fed; answering it first lets it send
    // its next commands while the fan-out is still being written.
    for (auto it = batch.rbegin(); it != batch.rend(); ++it) {
      auto& c = *it;
      c->in_pending = false;
      if (c->closed || !c->client) continue;
      if (c->client->has(kClientCloseAsap) && c->client->out.empty()) {
        close_conn(c.get());
        continue;
      }
      if (!c->waiting_write) c->flush();
    }
  }
  auto again = std::move(rearm_reads);
  rearm_reads.clear();
  for (auto& c : again) c->arm_read();
}

Network::Network(Server& server) : impl_(std::make_unique<Impl>(server)) {
  server.tcp_port = 0;
}

Network::~Network() {
  close_all();
}

void Network::close_all() {
  auto conns = impl_->conns;
  for (auto& [k, c] : conns) impl_->close_conn(c.get());
}

void Network::set_write_gate(std::function<bool()> fn) { impl_->write_gate = std::move(fn); }

void Network::add_before_sleep(std::function<void()> fn) {
  impl_->before_sleep_hooks.push_back(std::move(fn));
}

uint16_t Network::bound_port() const { return impl_->port; }

std::optional<std::string> Network::listen() {
  const Settings& st = impl_->server.settings();
  Impl& I = *impl_;
  uint16_t port = static_cast<uint16_t>(st.port);
  if (st.port != 0 || true) {
    for (const std::string& spec : st.bind) {
      bool optional = !spec.empty() && spec[0] == '-';
      std::string host = optional ? spec.substr(1) : spec;
      asio::ip::address addr;
      asio::error_code ec;
      if (host == "*") addr = asio::ip::address_v4::any();
      else if (host == "::*") addr = asio::ip::address_v6::any();
      else addr = asio::ip::make_address(host, ec);
      if (ec) {
        if (optional) continue;
        return "Invalid bind address '" + host + "'";
      }
      if (st.port == 0 && !I.tcp.empty()) port = I.port;
      auto acc = std::make_unique<asio::ip::tcp::acceptor>(I.io);
      asio::ip::tcp::endpoint ep(addr, port);
      acc->open(ep.protocol(), ec);
      if (!ec) acc->set_option(asio::socket_base::reuse_address(true), ec);
      if (!ec && addr.is_v6()) acc->set_option(asio::ip::v6_only(true), ec);
      if (!ec) acc->bind(ep, ec);
      if (!ec) acc->listen(static_cast<int>(st.tcp_backlog), ec);
      if (ec) {
        if (optional) continue;
        return "Warning: Could not create server TCP listening socket " + host + ":" +
               std::to_string(port) + ": " + ec.message();
      }
      I.port = acc->local_endpoint().port();
      port = I.port;
      I.tcp.push_back(std::move(acc));
    }
  }
  if (!st.unixsocket.empty()) {
    ::unlink(st.unixsocket.c_str());
    asio::error_code ec;
    I.unix_acceptor = std::make_unique<asio::local::stream_protocol::acceptor>(I.io);
    asio::local::stream_protocol::endpoint ep(st.unixsocket);
    I.unix_acceptor->open(ep.protocol(), ec);
    if (!ec) I.unix_acceptor->bind(ep, ec);
    if (!ec) I.unix_acceptor->listen(static_cast<int>(st.tcp_backlog), ec);
    if (ec) return "Failed opening Unix socket: " + ec.message();
    if (st.unixsocketperm) ::chmod(st.unixsocket.c_str(), static_cast<mode_t>(st.unixsocketperm));
  }
  if (I.tcp.empty() && !I.unix_acceptor) return "Configured to not listen anywhere, exiting.";
  impl_->server.tcp_port = I.port;
  return std::nullopt;
}

void Network::stop() {
  impl_->stopping = true;
  impl_->io.stop();
}

int Network::run() {
  Impl& I = *impl_;
  for (auto& a : I.tcp) I.accept_tcp(a.get());
  if (I.unix_acceptor) I.accept_unix();
  I.schedule_cron();
  std::function<void()> wait_signal = [&]() {
    I.signals.async_wait([&](const asio::error_code& ec, int sig) {
      if (ec) return;
      spdlog::warn("Received {} scheduling shutdown...", sig == SIGINT ? "SIGINT" : "SIGTERM");
      I.server.request_shutdown(0);
      wait_signal();
    });
  };
  wait_signal();
  std::signal(SIGPIPE, SIG_IGN);
  while (!I.stopping) {
    I.io.run_one();
    I.io.poll();
    I.before_sleep();
    if (I.server.shutdown_requested()) {
      int flags = I.server.shutdown_flags();
      bool ok = !I.server.shutdown_hook || I.server.shutdown_hook(flags);
      if (ok) break;
      I.server.cancel_shutdown();
    }
  }
  I.stopping = true;
  I.before_sleep();
  asio::error_code ec;
  for (auto& a : I.tcp) a->close(ec);
  if (I.unix_acceptor) {
    I.unix_acceptor->close(ec);
    ::unlink(I.server.settings().unixsocket.c_str());
  }
  close_all();
  return 0;
}

}  // namespace eddy
