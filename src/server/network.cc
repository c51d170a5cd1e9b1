#include "eddy/server/network.h"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <asio.hpp>
#include <cerrno>
#include <csignal>
#include <optional>
#include <unordered_map>

#include <netinet/tcp.h>
#include <spdlog/spdlog.h>

#include "eddy/base/strutil.h"

#include "eddy/base/clock.h"
#include "eddy/server/blocking.h"

namespace eddy {

namespace {

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
      : server(s), cron_timer(io), block_timer(io), signals(io, SIGINT, SIGTERM),
        clients_ep(io) {
    int fd = ::epoll_create1(EPOLL_CLOEXEC);
    if (fd < 0) throw std::runtime_error("epoll_create1 failed");
    clients_ep.assign(fd);
  }

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
  // Client sockets live in an epoll instance of their own, level-triggered, which asio
  // watches as one descriptor. A client's interest set changes only when it starts or
  // stops waiting for writability (or is paused), so a read costs no epoll_ctl; through
  // asio every read re-armed with one epoll_ctl(MOD), as much as the read itself at -P 1.
  asio::posix::stream_descriptor clients_ep;
  bool clients_ep_armed = false;
  uint64_t next_conn_id = 1;
  std::unordered_map<uint64_t, std::shared_ptr<Conn>> conns;  // by Conn::id (epoll data)
  std::vector<std::shared_ptr<Conn>> pending_writes;
  std::vector<std::function<void()>> before_sleep_hooks;
  std::function<bool()> write_gate;
  bool stopping = false;
  uint16_t port = 0;

  void accept_tcp(asio::ip::tcp::acceptor* a);
  void accept_unix();
  void on_new_socket(int fd, std::string addr, std::string laddr, bool loopback, bool is_unix);
  void arm_clients();
  void poll_clients();
  void schedule_cron();
  void arm_block_timer();
  void before_sleep();
  void close_conn(Conn* c);
};

struct Conn : Connection, std::enable_shared_from_this<Conn> {
  Conn(Network::Impl* n, int f, uint64_t i) : net(n), fd(f), id(i) {}

  Network::Impl* net;
  int fd;
  uint64_t id;
  Client* client = nullptr;
  uint32_t registered = EPOLLIN;  // the events in the epoll interest set
  bool in_pending = false;
  bool waiting_write = false;
  bool reading_paused = false;
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
    pause_reading(true);
    request_write();
  }
  void pause_reading(bool paused) override {
    reading_paused = paused;
    update_events();
  }

  // Brings the interest set in line with the state: readable unless paused, writable
  // while output waits for room in the socket.
  void update_events() {
    if (closed) return;
    uint32_t want = (reading_paused ? 0u : uint32_t{EPOLLIN}) | (waiting_write ? uint32_t{EPOLLOUT} : 0u);
    if (want == registered) return;
    epoll_event ev{};
    ev.events = want;
    ev.data.u64 = id;
    ::epoll_ctl(net->clients_ep.native_handle(), EPOLL_CTL_MOD, fd, &ev);
    registered = want;
  }

  void on_event(uint32_t ev) {
    if ((ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)) && waiting_write) {
      on_writable();
      if (closed) return;
    }
    if (!(ev & (EPOLLIN | EPOLLERR | EPOLLHUP))) return;
    if (reading_paused) {
      // Hang-up and error are reported even with no events asked for: the peer is gone.
      if (ev & (EPOLLERR | EPOLLHUP)) net->close_conn(this);
      return;
    }
    on_readable();
  }

  void on_writable() {
    waiting_write = false;
    // A reply to a command of this turn must not overtake its AOF write (and fsync): with
    // AOF data pending, write from before-sleep, after the AOF flush.
    if (net->write_gate && !net->write_gate()) {
      update_events();
      request_write();
    } else {
      flush();
    }
  }

  // One read per readiness report. The instance is level-triggered and re-armed once per
  // loop turn, after the turn's writes, so a client is read at most once per turn, as in
  // Redis: a client pipelining megabytes cannot make the server buffer all their replies
  // before sending any.
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
      n = ::read(fd, c.qbuf.data() + old, want);
      c.qbuf.resize(old + static_cast<size_t>(n > 0 ? n : 0));
    } else {
      n = ::read(fd, scratch, sizeof(scratch));
      if (n > 0) c.qbuf.append(scratch, static_cast<size_t>(n));
    }
    if (n <= 0) {
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
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
      pause_reading(true);
      request_write();
    }
  }

  // Writes as much as the socket takes. Returns false if the connection was closed.
  bool flush() {
    Client& c = *client;
    while (!c.out.empty()) {
      struct iovec iov[64];
      size_t cnt = c.out.gather(iov, 64);
      if (cnt == 0) break;
      // One buffer (the usual case) goes through write(), which skips writev's iovec
      // copy-in: per subscriber of a fan-out, that is measurable.
      ssize_t n = cnt == 1 ? ::write(fd, iov[0].iov_base, iov[0].iov_len)
                           : ::writev(fd, iov, static_cast<int>(cnt));
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
      waiting_write = true;
      update_events();
      return true;
    }
    if (c.has(kClientCloseAfterReply) || c.has(kClientCloseAsap)) {
      net->close_conn(this);
      return false;
    }
    update_events();
    return true;
  }
};

void Network::Impl::close_conn(Conn* c) {
  if (c->closed) return;
  c->closed = true;
  auto self = c->shared_from_this();
  // Removed from the epoll set explicitly: a forked child may still hold the socket, and
  // then close() alone would leave it registered.
  ::epoll_ctl(clients_ep.native_handle(), EPOLL_CTL_DEL, c->fd, nullptr);
  ::close(c->fd);
  if (c->client) {
    server.free_client(c->client);
    c->client = nullptr;
  }
  conns.erase(c->id);
}

void Network::Impl::on_new_socket(int fd, std::string addr, std::string laddr, bool loopback,
                                  bool is_unix) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  const Settings& st = server.settings();
  if (static_cast<int64_t>(server.clients().size()) >= st.maxclients) {
    std::string_view msg = "-ERR max number of clients reached\r\n";
    (void)::write(fd, msg.data(), msg.size());
    ++server.stats().rejected_connections;
    ::close(fd);
    return;
  }
  bool default_bind = st.bind.size() == 2 && st.bind[0] == "*" && st.bind[1] == "-::*";
  if (!is_unix && !loopback && st.protected_mode && st.requirepass.empty() && default_bind) {
    (void)::write(fd, kProtectedModeError.data(), kProtectedModeError.size());
    ++server.stats().rejected_connections;
    ::close(fd);
    return;
  }
  const uint64_t id = next_conn_id++;
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = id;
  if (::epoll_ctl(clients_ep.native_handle(), EPOLL_CTL_ADD, fd, &ev) != 0) {
    spdlog::warn("Error registering fd event for the new client: {}", std::strerror(errno));
    ::close(fd);
    return;
  }
  auto conn = std::make_shared<Conn>(this, fd, id);
  Client* client = server.create_client(conn.get());
  client->addr = std::move(addr);
  client->laddr = std::move(laddr);
  client->fd = fd;
  if (is_unix) client->set(kClientUnixSocket);
  conn->client = client;
  conns[id] = conn;
}

void Network::Impl::arm_clients() {
  if (clients_ep_armed || stopping) return;
  clients_ep_armed = true;
  clients_ep.async_wait(asio::posix::descriptor_base::wait_read,
                        [this](const asio::error_code& ec) {
                          clients_ep_armed = false;
                          if (ec || stopping) return;
                          poll_clients();
                        });
}

void Network::Impl::poll_clients() {
  epoll_event evs[256];
  int n = ::epoll_wait(clients_ep.native_handle(), evs, 256, 0);
  for (int i = 0; i < n; ++i) {
    auto it = conns.find(evs[i].data.u64);
    if (it == conns.end()) continue;  // closed by an earlier event of this batch
    std::shared_ptr<Conn> c = it->second;
    c->on_event(evs[i].events);
  }
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
      if (fd >= 0) on_new_socket(fd, addr, laddr, loopback, false);
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
      if (fd >= 0) on_new_socket(fd, path + ":0", path + ":0", true, true);
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
  // Clients are read again only after this turn's writes (see Conn::on_readable).
  arm_clients();
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
  I.arm_clients();
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
