// RawConnection: a plain socket to a server that sends bytes and reads back whole RESP
// values (RESP2 or RESP3, parsed with our client-side RespReader) with a deadline.
//
// Used where a client library would hide what we test: exact reply bytes (compat runner),
// protocol errors and connection closes, split writes, RESP3. A read never hangs: it returns
// Timeout after the deadline, Closed when the peer closed (or reset) the connection, and
// Malformed when the bytes are not RESP. Bytes beyond the value stay buffered for the next
// read. Header-only, no gtest.
#pragma once
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/protocol/resp_reader.h"
#include "server_process.h"

namespace eddy::testing {

class RawConnection {
 public:
  enum class Status { Value, Timeout, Closed, Malformed };
  struct Read {
    Status status = Status::Timeout;
    RespValue value;   // when status == Value
    std::string raw;   // the exact bytes of the value
    std::string note;  // Malformed: what the reader said
  };

  RawConnection() = default;
  explicit RawConnection(int port) { connect(port); }
  RawConnection(RawConnection&& o) noexcept { *this = std::move(o); }
  RawConnection& operator=(RawConnection&& o) noexcept {
    if (this != &o) {
      close();
      fd_ = o.fd_;
      buf_ = std::move(o.buf_);
      peer_closed_ = o.peer_closed_;
      o.fd_ = -1;
    }
    return *this;
  }
  ~RawConnection() { close(); }

  bool connect(int port) {
    close();
    fd_ = ConnectLoopback(port);
    buf_.clear();
    peer_closed_ = false;
    return fd_ >= 0;
  }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool is_open() const { return fd_ >= 0; }
  // The peer closed (EOF or reset) during an earlier read.
  bool peer_closed() const { return peer_closed_; }
  int fd() const { return fd_; }

  // Writes all bytes; false if the connection is broken.
  bool send(std::string_view bytes) {
    if (fd_ < 0) return false;
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // A command in multibulk form.
  bool send_command(const std::vector<std::string>& argv) { return send(Encode(argv)); }

  static std::string Encode(const std::vector<std::string>& argv) {
    std::string s = "*" + std::to_string(argv.size()) + "\r\n";
    for (auto& a : argv) {
      s += "$" + std::to_string(a.size()) + "\r\n";
      s += a;
      s += "\r\n";
    }
    return s;
  }

  // Reads exactly one RESP value, waiting at most timeout_ms in total.
  Read read_value(int timeout_ms = 2000) {
    auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    Read r;
    for (;;) {
      if (!buf_.empty()) {
        size_t pos = 0;
        try {
          auto v = RespReader::parse(buf_, &pos);
          if (v) {
            r.status = Status::Value;
            r.value = std::move(*v);
            r.raw = buf_.substr(0, pos);
            buf_.erase(0, pos);
            return r;
          }
        } catch (const std::exception& e) {
          r.status = Status::Malformed;
          r.note = e.what();
          r.raw = buf_;
          buf_.clear();
          return r;
        }
      }
      int got = fill(deadline);
      if (got == 0) {
        r.status = Status::Closed;
        r.raw = buf_;
        return r;
      }
      if (got < 0) {
        r.status = Status::Timeout;
        r.raw = buf_;
        return r;
      }
    }
  }

  // Reads everything until the peer closes the connection or sends nothing for quiet_ms
  // (bounded by max_ms). Returns the bytes; *closed tells which of the two happened.
  std::string read_until_quiet(int quiet_ms, int max_ms, bool* closed) {
    auto end = Clock::now() + std::chrono::milliseconds(max_ms);
    *closed = false;
    for (;;) {
      auto quiet_end = Clock::now() + std::chrono::milliseconds(quiet_ms);
      int got = fill(std::min(quiet_end, end));
      if (got == 0) {
        *closed = true;
        break;
      }
      if (got < 0) break;
    }
    std::string out = std::move(buf_);
    buf_.clear();
    return out;
  }

  // Waits until the peer closes the connection (discarding data); false on timeout.
  bool wait_closed(int timeout_ms = 2000) {
    auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      int got = fill(deadline);
      if (got == 0) return true;
      if (got < 0) return false;
      buf_.clear();
    }
  }

  // Bytes received but not consumed by a read yet.
  const std::string& pending() const { return buf_; }

 private:
  using Clock = std::chrono::steady_clock;

  // Appends what the socket has, waiting until `deadline`. >0 bytes read, 0 closed/reset,
  // -1 timeout.
  int fill(Clock::time_point deadline) {
    if (fd_ < 0 || peer_closed_) return 0;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now())
                      .count();
      if (left < 0) left = 0;
      pollfd p{fd_, POLLIN, 0};
      int pr = ::poll(&p, 1, static_cast<int>(left));
      if (pr < 0 && errno == EINTR) continue;
      if (pr <= 0) return -1;
      char tmp[64 * 1024];
      ssize_t n = ::recv(fd_, tmp, sizeof(tmp), 0);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n <= 0) {
        peer_closed_ = true;
        return 0;
      }
      buf_.append(tmp, static_cast<size_t>(n));
      return static_cast<int>(n);
    }
  }

  int fd_ = -1;
  std::string buf_;
  bool peer_closed_ = false;
};

}  // namespace eddy::testing
