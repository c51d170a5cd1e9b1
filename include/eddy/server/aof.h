// AOF: Redis 7.0's multi-part append-only file. Owned by the Server; it is the Server's
// Propagator, so every write a command makes (in its propagated, deterministic form) is
// appended to the current INCR file.
//
// Files, inside `dir`/`appenddirname`, named exactly as Redis 7.0 names them:
//   <appendfilename>.<seq>.base.rdb|aof   the dataset at the last rewrite (RDB preamble when
//                                         aof-use-rdb-preamble yes, else RESP commands)
//   <appendfilename>.<seq>.incr.aof       commands since then, in RESP, with SELECTs
//   <appendfilename>.manifest             "file <name> seq <n> type b|i|h" lines
// so redis-server 7.0 loads Eddy's directory and Eddy loads Redis's.
//
// Write path: propagate() appends to an in-memory buffer; flush() (before-sleep, i.e.
// before any reply of the turn reaches a socket) writes it. Under `appendfsync always` the
// fsync happens there too; under `everysec` a background thread fsyncs at most once a
// second, and while it is still busy a flush waits up to 2 s before writing anyway
// (counted in aof_delayed_fsync) — Redis's rule. Write errors refuse writes with MISCONF
// until a write succeeds again (under `always` the server exits, as Redis does).
//
// Rewrite (BGREWRITEAOF, automatic growth rule, CONFIG SET appendonly yes): the parent
// opens a new INCR file at once and forks; the child writes the dataset to a temporary
// base; when it succeeds the parent renames it to the next base name, writes the manifest
// atomically (temp file, fsync, rename) and removes the history files. A crash at any
// moment leaves a manifest that names complete files.
#pragma once
#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "eddy/persistence/rdb.h"
#include "eddy/server/server.h"

namespace eddy {

// The manifest: which files make the AOF, in order.
struct AofManifest {
  struct File {
    std::string name;
    int64_t seq = 0;
    char type = 'i';  // 'b' base, 'i' incr, 'h' history
  };
  std::optional<File> base;
  std::vector<File> incrs;    // in load order
  std::vector<File> history;  // to be deleted
  int64_t base_seq = 0;       // highest seq used for a base
  int64_t incr_seq = 0;       // highest seq used for an incr

  // Parses manifest text; an error text on bad format.
  static std::optional<std::string> parse(std::string_view text, AofManifest* out);
  std::string to_string() const;
};

class Aof : public Propagator {
 public:
  explicit Aof(Server& server);
  ~Aof() override;
  Aof(const Aof&) = delete;
  Aof& operator=(const Aof&) = delete;

  // Start-up with appendonly yes: migrates a Redis 6 single file, loads base + incr files
  // into the (empty) databases, then opens the files for appending (creating the base and
  // first incr when there were none). An error text means: exit non-zero.
  std::optional<std::string> start();
  // Start-up with appendonly no: only reads the manifest, so that a later CONFIG SET
  // appendonly yes or BGREWRITEAOF continues its sequence numbers and removes its files.
  void read_manifest();

  // Propagator: appends a command (with a SELECT when the database changes).
  void propagate(int db, const std::vector<std::string>& argv) override;
  bool active() const override { return fd_ >= 0; }

  // Writes the buffer (before-sleep; `force` ignores the everysec fsync back-pressure).
  void flush(bool force = false);
  // everysec fsyncs, postponed flushes, reaping the rewrite child, scheduled and automatic
  // rewrites.
  void cron();
  // Flushes and fsyncs for exit; kills a rewrite child.
  void shutdown();

  enum class RewriteStart { Started, Scheduled, AlreadyRunning, Failed };
  RewriteStart bgrewrite();
  bool rewrite_in_progress() const { return child_pid_ > 0; }
  // BGREWRITEAOF inside EXEC or during a BGSAVE: the cron starts it when it can.
  void schedule_rewrite() { rewrite_scheduled_ = true; }
  void kill_child();
  // CONFIG SET appendonly yes is still writing the first base: exiting now would leave no
  // usable AOF, so SHUTDOWN (without FORCE) and signals are refused, as in Redis.
  // Logs Redis's line and returns true when exit must be refused (FORCE exits anyway).
  bool refuses_shutdown(bool force) const;
  // CONFIG SET appendonly yes|no.
  void on_appendonly_changed();

  // MISCONF: the last write or fsync failed.
  bool writes_refused() const;
  std::string write_error() const;

  // INFO persistence figures.
  bool enabled() const { return state_ != State::Off; }
  bool rewrite_scheduled() const { return rewrite_scheduled_; }
  int64_t last_rewrite_time_sec() const { return last_rewrite_time_sec_; }
  int64_t current_rewrite_time_sec() const;
  bool last_rewrite_ok() const { return last_rewrite_ok_; }
  int64_t rewrites() const { return rewrites_; }
  int64_t consecutive_failures() const { return consecutive_failures_; }
  bool last_write_ok() const { return last_write_ok_ && bg_fsync_errno_.load() == 0; }
  int64_t current_size() const { return current_size_; }
  int64_t base_size() const { return base_size_; }
  size_t buffer_length() const { return buf_.size(); }
  int64_t pending_fsync() const { return bg_jobs_pending_.load(); }
  int64_t delayed_fsync() const { return delayed_fsync_; }

  // Writes the dataset as RESP commands (the base of an AOF without RDB preamble).
  static bool write_commands(const std::string& path, Server& server, std::string* err);

 private:
  enum class State { Off, On, WaitRewrite };

  std::string dir_path() const;
  std::string path_of(const std::string& name) const;
  std::string base_name(int64_t seq) const;
  std::string incr_name(int64_t seq) const;
  bool persist_manifest(const AofManifest& m);
  DbSource databases();
  bool write_base(const std::string& path, std::string* err);
  std::optional<std::string> load_files(const AofManifest& m);
  std::optional<std::string> replay(const std::string& name, std::string_view data, bool last,
                                    size_t* valid_len);
  bool open_new_incr(bool add_to_manifest);
  bool start_rewrite();
  void finish_rewrite(bool ok);
  void remove_history();
  void fsync_now();
  void bg_submit(int fd, bool close_it);
  void bg_loop();
  void write_error_exit_if_always(const char* what, int err);

  Server& server_;
  State state_ = State::Off;
  AofManifest manifest_;
  int fd_ = -1;
  std::string incr_open_;  // name of the incr file fd_ writes
  std::string buf_;
  int selected_db_ = -1;
  int64_t current_size_ = 0, base_size_ = 0;
  int64_t last_fsync_ms_ = 0;
  bool unsynced_ = false;
  int64_t flush_postponed_ms_ = 0;
  int64_t delayed_fsync_ = 0;
  bool last_write_ok_ = true;
  int last_write_errno_ = 0;

  pid_t child_pid_ = -1;
  int64_t child_start_ms_ = 0;
  bool rewrite_scheduled_ = false;
  bool last_rewrite_ok_ = true;
  int64_t last_rewrite_time_sec_ = -1;
  int64_t rewrites_ = 0;
  int64_t consecutive_failures_ = 0;
  int64_t last_failed_rewrite_ms_ = 0;

  // Background fsync / close thread (Redis's bio).
  struct Job {
    int fd;
    bool close_it;
  };
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  bool stop_ = false;
  std::atomic<int64_t> bg_jobs_pending_{0};
  std::atomic<int> bg_fsync_errno_{0};
  std::thread thread_;
};

}  // namespace eddy
