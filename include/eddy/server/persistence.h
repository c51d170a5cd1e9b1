// Persistence: RDB snapshots (SAVE, BGSAVE in a forked child, `save` points, loading at
// start-up, SHUTDOWN saving) and the state INFO persistence reports. Owned by the Server;
// the file format itself is persistence/rdb.h.
//
// BGSAVE forks: the child writes temp-<child pid>.rdb in `dir`, fsyncs it and renames it
// over `dbfilename`, so a crash at any moment leaves the previous file whole. The parent
// reaps the child from the cron (waitpid, non-blocking): on success the changes counted
// before the fork are subtracted from the dirty counter and LASTSAVE moves; on failure
// `rdb_last_bgsave_status` turns to err and, with stop-writes-on-bgsave-error, writes (and
// PING) are refused with Redis's MISCONF error until a save succeeds.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace eddy {

class Server;

class Persistence {
 public:
  explicit Persistence(Server& server) : server_(server) {}
  ~Persistence();
  Persistence(const Persistence&) = delete;
  Persistence& operator=(const Persistence&) = delete;

  // SAVE (and SHUTDOWN, DEBUG RELOAD): a foreground snapshot. Logs and returns false on
  // failure.
  bool save();
  enum class BgsaveStart { Started, Scheduled, AlreadyRunning, OtherChild, ForkFailed };
  // BGSAVE [SCHEDULE].
  BgsaveStart bgsave(bool schedule);
  bool bgsave_in_progress() const { return child_pid_ > 0; }
  // BGSAVE inside EXEC: the fork waits for the next cron.
  void schedule_bgsave() { bgsave_scheduled_ = true; }

  // Reaps a finished child, runs a scheduled BGSAVE, applies the `save` points (cron).
  void cron();
  // Waits for a running child and discards its result (SHUTDOWN, tests).
  void kill_child();

  // Loads `dbfilename` if it exists (start-up, DEBUG RELOAD). Returns an error text for a
  // corrupt file; a missing file is not an error.
  std::optional<std::string> load(bool merge = false);

  // stop-writes-on-bgsave-error: true when writes must get the MISCONF error.
  bool writes_refused() const;

  // INFO persistence figures.
  int64_t last_save_unix() const;
  bool last_bgsave_ok() const { return last_bgsave_ok_; }
  int64_t last_bgsave_time_sec() const { return last_bgsave_time_sec_; }
  int64_t current_bgsave_time_sec() const;
  int64_t saves() const { return saves_; }
  int64_t last_load_keys_loaded() const { return last_load_loaded_; }
  int64_t last_load_keys_expired() const { return last_load_expired_; }
  std::string rdb_path() const;

 private:
  void finish_bgsave(bool ok);

  Server& server_;
  pid_t child_pid_ = -1;
  int64_t child_start_ms_ = 0;
  int64_t dirty_at_fork_ = 0;
  bool bgsave_scheduled_ = false;
  bool last_bgsave_ok_ = true;
  int64_t last_bgsave_try_ms_ = 0;
  int64_t last_bgsave_time_sec_ = -1;
  int64_t saves_ = 0;
  int64_t last_load_loaded_ = 0, last_load_expired_ = 0;
};

}  // namespace eddy
