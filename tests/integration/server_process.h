// ServerProcess: runs a real server binary (eddy-server or redis-server) as a child process
// on a free loopback port, for the integration tests and the compat runner.
//
// start() creates a private working directory under /tmp (so dump files and logs of one run
// never meet another's), sends the child's stdout/stderr to `server.log` there, and returns
// once the server answers PING (or fails with the log tail as the error). The child gets
// PR_SET_PDEATHSIG so it dies with its parent even when the parent is SIGKILLed; stop() (and
// the destructor) send SIGTERM, then SIGKILL if the server does not exit in time, and remove
// the working directory. Plain POSIX, no gtest, header-only.
#pragma once
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace eddy::testing {

// A TCP port on 127.0.0.1 that was free a moment ago (the kernel's ephemeral range, so it
// does not collide with the fixed port ranges people use by hand).
inline int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  int port = -1;
  socklen_t len = sizeof(a);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

// Blocking TCP connection to 127.0.0.1:port with TCP_NODELAY; -1 on failure.
inline int ConnectLoopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

class ServerProcess {
 public:
  struct Options {
    std::string binary;              // path, or a name looked up in PATH
    std::vector<std::string> args;   // after "--port P"
    std::string config_file;         // optional, passed first (before --port)
    int port = 0;                    // 0: pick a free one (retried if it was taken)
    int startup_timeout_ms = 20000;  // sanitizer builds start slowly on a busy machine
    bool keep_dir = false;           // keep the working directory after stop()
  };

  ServerProcess() = default;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess() { stop(); }

  // Starts the server and waits until it answers PING. Returns an empty string on success,
  // otherwise what went wrong (with the tail of the server log).
  std::string start(Options opts) {
    stop();
    opts_ = std::move(opts);
    // The child runs in its own directory: a relative binary path must not depend on it.
    if (opts_.binary.find('/') != std::string::npos)
      opts_.binary = std::filesystem::absolute(opts_.binary).string();
    std::string err;
    for (int attempt = 0; attempt < 5; ++attempt) {
      port_ = opts_.port ? opts_.port : FreePort();
      err = start_once();
      if (err.empty()) return err;
      // A picked port can be taken between FreePort() and the child's bind: try another.
      if (opts_.port || !exited_early_) break;
      cleanup_dir();
    }
    return err;
  }

  // SIGTERM, then SIGKILL after timeout_ms. Returns the wait status (or -1 if not running).
  int stop(int timeout_ms = 10000) {
    int status = -1;
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      auto r = wait_exit(timeout_ms);
      if (!r) {
        ::kill(pid_, SIGKILL);
        r = wait_exit(5000);
      }
      status = r.value_or(-1);
    }
    pid_ = -1;
    if (!opts_.keep_dir) cleanup_dir();
    return status;
  }

  // Sends a signal without waiting.
  void signal(int sig) {
    if (pid_ > 0) ::kill(pid_, sig);
  }

  // Waits for the child to exit; the wait status, or nullopt on timeout.
  std::optional<int> wait_exit(int timeout_ms) {
    if (pid_ <= 0) return exit_status_;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      int st = 0;
      pid_t r = ::waitpid(pid_, &st, WNOHANG);
      if (r == pid_ || (r < 0 && errno == ECHILD)) {
        pid_ = -1;
        exit_status_ = st;
        return st;
      }
      if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  // True while the child runs (reaps it if it died).
  bool alive() {
    if (pid_ <= 0) return false;
    return !wait_exit(0).has_value();
  }
  // "exited with status 1", "killed by signal 11 (Segmentation fault)".
  static std::string describe_status(int st) {
    if (WIFEXITED(st)) return "exited with status " + std::to_string(WEXITSTATUS(st));
    if (WIFSIGNALED(st))
      return "killed by signal " + std::to_string(WTERMSIG(st)) + " (" +
             ::strsignal(WTERMSIG(st)) + ")";
    return "wait status " + std::to_string(st);
  }
  std::optional<int> exit_status() const { return exit_status_; }

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& dir() const { return dir_; }
  std::string log_path() const { return dir_ + "/server.log"; }
  std::string log() const {
    std::ifstream f(log_path(), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  // The last `lines` lines of the log.
  std::string log_tail(size_t lines = 30) const {
    std::string l = log();
    size_t pos = l.size();
    if (pos && l[pos - 1] == '\n') --pos;
    for (size_t n = 0; n < lines && pos > 0; ++n) {
      size_t nl = l.rfind('\n', pos - 1);
      if (nl == std::string::npos) {
        pos = 0;
        break;
      }
      pos = nl;
    }
    return l.substr(pos == 0 ? 0 : pos + 1);
  }
  // Resident set size of the server in bytes (from /proc), or -1.
  long rss_bytes() const {
    if (pid_ <= 0) return -1;
    std::ifstream f("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(f, line))
      if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6) * 1024;
    return -1;
  }

 private:
  std::string start_once() {
    exited_early_ = false;
    exit_status_.reset();
    char tmpl[] = "/tmp/eddy-server-XXXXXX";
    if (!::mkdtemp(tmpl)) return std::string("mkdtemp: ") + std::strerror(errno);
    dir_ = tmpl;
    std::vector<std::string> argv{opts_.binary};
    if (!opts_.config_file.empty()) argv.push_back(opts_.config_file);
    argv.push_back("--port");
    argv.push_back(std::to_string(port_));
    for (auto& a : opts_.args) argv.push_back(a);
    std::string log = log_path();
    pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) return std::string("fork: ") + std::strerror(errno);
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(127);
      // Own process group: a ^C at the terminal reaches the parent, which cleans up.
      ::setpgid(0, 0);
      if (::chdir(dir_.c_str()) != 0) ::_exit(127);
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::close(fd);
      }
      std::vector<char*> cargv;
      for (auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
      cargv.push_back(nullptr);
      ::execvp(cargv[0], cargv.data());
      std::fprintf(stderr, "exec %s: %s\n", cargv[0], std::strerror(errno));
      ::_exit(127);
    }
    pid_ = pid;
    auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(opts_.startup_timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
      if (!alive()) {
        exited_early_ = true;
        return opts_.binary + " " + describe_status(exit_status_.value_or(0)) +
               " during startup on port " + std::to_string(port_) + "; log:\n" + log_tail();
      }
      if (ping_ok()) return "";
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::string tail = log_tail();
    stop(2000);
    return opts_.binary + " did not answer PING on port " + std::to_string(port_) +
           " within " + std::to_string(opts_.startup_timeout_ms) + " ms; log:\n" + tail;
  }

  // One PING; any reply but -LOADING means the server accepts commands (a -NOAUTH reply
  // from a server with requirepass counts as ready).
  bool ping_ok() {
    int fd = ConnectLoopback(port_);
    if (fd < 0) return false;
    static constexpr char kPing[] = "*1\r\n$4\r\nPING\r\n";
    bool ok = false;
    if (::send(fd, kPing, sizeof(kPing) - 1, MSG_NOSIGNAL) == sizeof(kPing) - 1) {
      std::string got;
      pollfd p{fd, POLLIN, 0};
      while (got.find("\r\n") == std::string::npos && ::poll(&p, 1, 1000) > 0) {
        char buf[256];
        ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
        if (n <= 0) break;
        got.append(buf, static_cast<size_t>(n));
      }
      ok = got.find("\r\n") != std::string::npos && got.rfind("-LOADING", 0) != 0;
    }
    ::close(fd);
    return ok;
  }

  void cleanup_dir() {
    if (dir_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    dir_.clear();
  }

  Options opts_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string dir_;
  bool exited_early_ = false;
  std::optional<int> exit_status_;
};

}  // namespace eddy::testing
