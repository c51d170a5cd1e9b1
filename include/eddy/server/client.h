// Client: one connection's state — query buffer and parser, output buffer and writer,
// selected database, protocol version, auth, MULTI queue, WATCHed keys, name and stats.
//
// Owned by the Server; the network side (server/network) holds a Connection that points
// back at it. In-process tests create clients with no connection and read `out` directly.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/protocol/output_buffer.h"
#include "eddy/protocol/reply_writer.h"
#include "eddy/protocol/request_parser.h"

namespace eddy {

struct CommandEntry;

// What the network layer provides to the server for one connection.
class Connection {
 public:
  virtual ~Connection() = default;
  // The client has new output: flush it in the next before-sleep step.
  virtual void request_write() = 0;
  // Close as soon as possible (after flushing if close_after_reply).
  virtual void request_close() = 0;
  // Stop/resume reading (CLIENT PAUSE, blocked clients keep reading for disconnects).
  virtual void pause_reading(bool paused) = 0;
};

enum ClientFlag : uint64_t {
  kClientMulti = 1 << 0,
  kClientDirtyCas = 1 << 1,      // a WATCHed key changed
  kClientDirtyExec = 1 << 2,     // a command was rejected while queueing
  kClientCloseAfterReply = 1 << 3,
  kClientCloseAsap = 1 << 4,
  kClientBlocked = 1 << 5,
  kClientPubSub = 1 << 6,
  kClientMonitor = 1 << 7,
  kClientNoEvict = 1 << 8,
  kClientNoTouch = 1 << 9,
  kClientReplyOff = 1 << 10,
  kClientReplySkipNext = 1 << 11,
  kClientReplySkip = 1 << 12,
  kClientUnixSocket = 1 << 13,
  kClientExecuting = 1 << 14,
  kClientPendingCommand = 1 << 15,  // stopped mid-buffer (paused/blocked), resume later
  kClientTracking = 1 << 16,
};

struct QueuedCommand {
  std::vector<std::string> argv;
  const CommandEntry* cmd;
};

class Client {
 public:
  Client(uint64_t id, int resp = 2) : id(id), writer(&out, resp) {}

  bool has(uint64_t f) const { return flags & f; }
  void set(uint64_t f) { flags |= f; }
  void clear(uint64_t f) { flags &= ~f; }

  uint64_t id;
  uint64_t flags = 0;
  std::string name;
  std::string addr;   // "127.0.0.1:50000" or "/path/sock:0"
  std::string laddr;  // local address
  int fd = -1;
  int db = 0;
  bool authenticated = false;
  std::string user = "default";
  std::string lib_name, lib_ver;

  std::string qbuf;
  size_t qpos = 0;
  size_t qbuf_peak = 0;
  RequestParser parser;
  std::vector<std::string_view> argv;

  OutputBuffer out;
  ReplyWriter writer;
  int64_t obuf_soft_limit_since_ms = 0;

  std::vector<QueuedCommand> multi_queue;
  std::vector<std::pair<int, std::string>> watched;  // (db, key)

  int64_t ctime_ms = 0;
  int64_t last_interaction_ms = 0;
  std::string last_cmd = "NULL";
  uint64_t commands_processed = 0;
  uint64_t net_input_bytes = 0;
  uint64_t net_output_bytes = 0;

  Connection* conn = nullptr;

  // Blocking state (server/blocking.h owns the details).
  struct BlockState* blocked = nullptr;

  // Pub/sub subscriptions counts; the names are in ClientSubs (pubsub/pubsub.h), owned by
  // the router.
  size_t sub_channels = 0, sub_patterns = 0, sub_shard = 0;
  struct ClientSubs* pubsub = nullptr;

  void write_ready() {
    if (conn && !out.empty()) conn->request_write();
  }
};

}  // namespace eddy
