// Network: the asio side of the server — listeners (TCP + unix socket), connections, the
// event loop with its before-sleep step, the cron timer and signal handling.
//
// The only layer that includes asio. One io_context on one thread owns everything. Each
// loop turn runs every ready handler (reads parse and execute commands, appending replies
// to client output buffers), then before_sleep() runs the registered hooks (the AOF will
// write and fsync here) and flushes every client with pending output using gather writes;
// what cannot be written now is completed when the socket becomes writable.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "eddy/server/server.h"

namespace eddy {

class Network {
 public:
  explicit Network(Server& server);
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // Binds every configured address; returns an error text on failure.
  std::optional<std::string> listen();
  // Runs the loop until shutdown. Returns the process exit code.
  int run();
  // Stops the loop from any handler.
  void stop();
  // Port actually bound (when port 0 was requested).
  uint16_t bound_port() const;

  // Hooks run at the start of each before-sleep step (AOF flush, blocked-client timeouts).
  void add_before_sleep(std::function<void()> fn);
  // False while output may hold replies whose AOF write has not happened yet: a socket
  // that becomes writable then waits for before-sleep instead of being written at once.
  void set_write_gate(std::function<bool()> fn);
  // Closes every client connection (shutdown).
  void close_all();

 public:
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace eddy
