#include "eddy/server/persistence.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <spdlog/spdlog.h>

#include "eddy/base/clock.h"
#include "eddy/keyspace/database.h"
#include "eddy/persistence/rdb.h"
#include "eddy/server/server.h"
#include "eddy/server/aof.h"

namespace eddy {
namespace {

RdbSaveInfo save_info(Server& server, bool preamble = false) {
  RdbSaveInfo info;
  info.aof_preamble = preamble;
  info.checksum = server.settings().rdbchecksum;
  info.compress = server.settings().rdbcompression;
  info.used_memory = static_cast<int64_t>(Server::used_memory());
  info.key_save_delay_us = server.settings().rdb_key_save_delay_us;
  // Redis keeps idle times in the file only when eviction uses them.
  info.save_idle = server.settings().maxmemory_policy.find("lru") != std::string::npos;
  return info;
}

DbSource db_source(Server& server) {
  return [&server](int i) -> Database* { return i < server.db_count() ? &server.db(i) : nullptr; };
}

}  // namespace

Persistence::~Persistence() { kill_child(); }

std::string Persistence::rdb_path() const { return server_.settings().dbfilename; }

int64_t Persistence::last_save_unix() const { return server_.stats().lastsave; }

int64_t Persistence::current_bgsave_time_sec() const {
  return child_pid_ > 0 ? (now_ms() - child_start_ms_) / 1000 : -1;
}

bool Persistence::save() {
  if (child_pid_ > 0) {
    spdlog::warn("Background save already in progress");
    return false;
  }
  int64_t start = now_ms();
  auto err = rdb_save_file(rdb_path(), db_source(server_), save_info(server_));
  if (err) {
    spdlog::warn("{}", *err);
    return false;
  }
  spdlog::info("DB saved on disk");
  server_.stats().dirty = 0;
  server_.stats().lastsave = now_ms() / 1000;
  last_bgsave_ok_ = true;
  ++saves_;
  (void)start;
  return true;
}

Persistence::BgsaveStart Persistence::bgsave(bool schedule) {
  if (child_pid_ > 0) return BgsaveStart::AlreadyRunning;
  if (server_.aof().rewrite_in_progress()) {
    if (!schedule) return BgsaveStart::OtherChild;
    bgsave_scheduled_ = true;
    return BgsaveStart::Scheduled;
  }
  last_bgsave_try_ms_ = now_ms();
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    last_bgsave_ok_ = false;
    spdlog::warn("Can't save in background: fork: {}", std::strerror(errno));
    return BgsaveStart::ForkFailed;
  }
  if (pid == 0) {
    // Child: write the snapshot and leave without running any parent cleanup.
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGINT, SIG_DFL);
    auto err = rdb_save_file(rdb_path(), db_source(server_), save_info(server_));
    if (err) {
      spdlog::warn("{}", *err);
      std::fflush(nullptr);
      _exit(1);
    }
    spdlog::info("DB saved on disk");
    spdlog::default_logger()->flush();
    _exit(0);
  }
  child_pid_ = pid;
  child_start_ms_ = now_ms();
  dirty_at_fork_ = server_.stats().dirty;
  bgsave_scheduled_ = false;
  spdlog::info("Background saving started by pid {}", pid);
  return BgsaveStart::Started;
}

void Persistence::finish_bgsave(bool ok) {
  last_bgsave_time_sec_ = (now_ms() - child_start_ms_) / 1000;
  if (ok) {
    spdlog::info("Background saving terminated with success");
    server_.stats().dirty -= dirty_at_fork_;
    server_.stats().lastsave = now_ms() / 1000;
    last_bgsave_ok_ = true;
    ++saves_;
  } else {
    spdlog::warn("Background saving error");
    last_bgsave_ok_ = false;
    std::string tmp = "temp-" + std::to_string(child_pid_) + ".rdb";
    ::unlink(tmp.c_str());
  }
  child_pid_ = -1;
}

void Persistence::cron() {
  if (child_pid_ > 0) {
    int status = 0;
    pid_t r = waitpid(child_pid_, &status, WNOHANG);
    if (r == child_pid_) {
      bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
      if (WIFSIGNALED(status))
        spdlog::warn("Background saving terminated by signal {}", WTERMSIG(status));
      finish_bgsave(ok);
    } else if (r < 0) {
      finish_bgsave(false);
    }
    return;
  }
  // One child at a time: an AOF rewrite holds back scheduled saves and save points.
  if (server_.aof().rewrite_in_progress()) return;
  if (bgsave_scheduled_) {
    bgsave(false);
    return;
  }
  const Settings& st = server_.settings();
  int64_t now = now_ms();
  for (auto [seconds, changes] : st.save_params) {
    // Retry a failed save only after 5 seconds, as Redis does.
    if (server_.stats().dirty >= changes && now / 1000 - server_.stats().lastsave > seconds &&
        (now - last_bgsave_try_ms_ > 5000 || last_bgsave_ok_)) {
      spdlog::info("{} changes in {} seconds. Saving...", changes, seconds);
      bgsave(false);
      return;
    }
  }
}

void Persistence::kill_child() {
  if (child_pid_ <= 0) return;
  ::kill(child_pid_, SIGUSR1);
  int status;
  waitpid(child_pid_, &status, 0);
  std::string tmp = "temp-" + std::to_string(child_pid_) + ".rdb";
  ::unlink(tmp.c_str());
  child_pid_ = -1;
}

std::optional<std::string> Persistence::load(bool merge) {
  auto data = read_file(rdb_path());
  if (!data) return std::nullopt;  // no file: an empty dataset
  int64_t start = now_ms();
  RdbLoadResult res =
      rdb_load(*data, db_source(server_), server_.settings().limits, now_ms(), merge);
  if (!res.ok) return res.error;
  last_load_loaded_ = static_cast<int64_t>(res.keys_loaded);
  last_load_expired_ = static_cast<int64_t>(res.keys_expired);
  spdlog::info("Done loading RDB, keys loaded: {}, keys expired: {}.", res.keys_loaded,
               res.keys_expired);
  spdlog::info("DB loaded from disk: {:.3f} seconds", static_cast<double>(now_ms() - start) / 1000);
  return std::nullopt;
}

bool Persistence::writes_refused() const {
  const Settings& st = server_.settings();
  return st.stop_writes_on_bgsave_error && !st.save_params.empty() && !last_bgsave_ok_;
}

}  // namespace eddy
