#include "eddy/server/aof.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <spdlog/spdlog.h>

#include "eddy/base/clock.h"
#include "eddy/base/strutil.h"
#include "eddy/keyspace/database.h"
#include "eddy/persistence/rdb.h"
#include "eddy/server/persistence.h"
#include "eddy/types/hash.h"
#include "eddy/types/list.h"
#include "eddy/types/set.h"
#include "eddy/types/stream.h"
#include "eddy/types/zset.h"

namespace eddy {
namespace {

void append_resp(std::string& out, const std::vector<std::string>& argv) {
  char num[32];
  out += '*';
  out.append(num, static_cast<size_t>(ll_to_chars(static_cast<int64_t>(argv.size()), num)));
  out += "\r\n";
  for (const std::string& a : argv) {
    out += '$';
    out.append(num, static_cast<size_t>(ll_to_chars(static_cast<int64_t>(a.size()), num)));
    out += "\r\n";
    out += a;
    out += "\r\n";
  }
}

// Writes all n bytes; on failure `*done` (when given) says how many made it.
bool write_all(int fd, const char* p, size_t n, size_t* done = nullptr) {
  size_t written = 0;
  while (written < n) {
    ssize_t w = ::write(fd, p + written, n - written);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (done) *done = written;
      return false;
    }
    written += static_cast<size_t>(w);
  }
  return true;
}

int64_t file_size(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : 0;
}

bool file_exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

void fsync_dir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// A manifest token: plain, or "quoted" with backslash escapes.
bool next_token(std::string_view& line, std::string* out) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i == line.size()) return false;
  out->clear();
  if (line[i] == '"') {
    ++i;
    for (; i < line.size() && line[i] != '"'; ++i) {
      if (line[i] == '\\' && i + 1 < line.size()) ++i;
      *out += line[i];
    }
    if (i == line.size()) return false;
    ++i;
  } else {
    for (; i < line.size() && line[i] != ' ' && line[i] != '\t'; ++i) *out += line[i];
  }
  line.remove_prefix(i);
  return true;
}

std::string quote_if_needed(const std::string& s) {
  bool plain = !s.empty();
  for (char c : s)
    if (c == ' ' || c == '"' || c == '\\' || static_cast<unsigned char>(c) < 33) plain = false;
  if (plain) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + '"';
}

}  // namespace

// --- Manifest ----------------------------------------------------------------------------

std::optional<std::string> AofManifest::parse(std::string_view text, AofManifest* out) {
  *out = AofManifest();
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    File f;
    bool have_name = false, have_seq = false, have_type = false;
    std::string k, v;
    while (next_token(line, &k)) {
      if (!next_token(line, &v)) return "Invalid AOF manifest file format";
      if (k == "file") {
        f.name = v;
        have_name = true;
      } else if (k == "seq") {
        if (!string_to_ll(v, &f.seq) || f.seq < 0) return "Invalid AOF manifest file format";
        have_seq = true;
      } else if (k == "type") {
        if (v.size() != 1 || (v[0] != 'b' && v[0] != 'i' && v[0] != 'h'))
          return "Unknown AOF file type";
        f.type = v[0];
        have_type = true;
      }  // unknown keys are ignored (newer versions may add some)
    }
    if (!have_name || !have_seq || !have_type) return "Invalid AOF manifest file format";
    if (f.name.find('/') != std::string::npos) return "Invalid AOF manifest file format";
    if (f.type == 'b') {
      if (out->base) return "Found duplicate base file information";
      out->base = f;
      out->base_seq = f.seq;
    } else if (f.type == 'i') {
      if (!out->incrs.empty() && f.seq <= out->incrs.back().seq)
        return "Found a non-monotonic sequence number";
      out->incrs.push_back(f);
      out->incr_seq = f.seq;
    } else {
      out->history.push_back(f);
    }
  }
  if (!out->base && out->incrs.empty()) return "Found an empty AOF manifest";
  return std::nullopt;
}

std::string AofManifest::to_string() const {
  std::string s;
  auto line = [&s](const File& f) {
    s += "file " + quote_if_needed(f.name) + " seq " + std::to_string(f.seq) + " type " +
         f.type + "\n";
  };
  if (base) line(*base);
  for (const File& f : history) line(f);
  for (const File& f : incrs) line(f);
  return s;
}

// --- Set-up ------------------------------------------------------------------------------

Aof::Aof(Server& server) : server_(server) {
  thread_ = std::thread([this] { bg_loop(); });
  server_.info_counters["mem_aof_buffer"] = [this] { return static_cast<int64_t>(buf_.capacity()); };
}

Aof::~Aof() {
  kill_child();
  {
    std::lock_guard<std::mutex> lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
}

std::string Aof::dir_path() const { return server_.settings().appenddirname; }
std::string Aof::path_of(const std::string& name) const { return dir_path() + "/" + name; }
std::string Aof::base_name(int64_t seq) const {
  return server_.settings().appendfilename + "." + std::to_string(seq) + ".base." +
         (server_.settings().aof_use_rdb_preamble ? "rdb" : "aof");
}
std::string Aof::incr_name(int64_t seq) const {
  return server_.settings().appendfilename + "." + std::to_string(seq) + ".incr.aof";
}

bool Aof::persist_manifest(const AofManifest& m) {
  std::string name = server_.settings().appendfilename + ".manifest";
  std::string tmp = path_of("temp-" + name);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    spdlog::warn("Can't open the AOF manifest file {}: {}", tmp, std::strerror(errno));
    return false;
  }
  std::string text = m.to_string();
  bool ok = write_all(fd, text.data(), text.size()) && ::fsync(fd) == 0;
  int saved = errno;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path_of(name).c_str()) != 0) {
    spdlog::warn("Can't persist the AOF manifest file {}: {}", name,
                 std::strerror(ok ? errno : saved));
    ::unlink(tmp.c_str());
    return false;
  }
  fsync_dir(dir_path());
  return true;
}

void Aof::read_manifest() {
  const std::string mpath = path_of(server_.settings().appendfilename + ".manifest");
  auto text = read_file(mpath);
  if (!text) return;
  AofManifest m;
  if (auto err = AofManifest::parse(*text, &m)) {
    spdlog::warn("Ignoring the AOF manifest {}: {}", mpath, *err);
    return;
  }
  manifest_ = m;
}

std::optional<std::string> Aof::start() {
  const Settings& st = server_.settings();
  if (!st.appendonly) return std::nullopt;
  const std::string mpath = path_of(st.appendfilename + ".manifest");
  AofManifest m;
  if (auto text = read_file(mpath)) {
    if (auto err = AofManifest::parse(*text, &m)) return *err;
  } else if (file_exists(st.appendfilename)) {
    // A Redis 6 single-file AOF in `dir`: move it into the directory as the base.
    if (::mkdir(dir_path().c_str(), 0755) != 0 && errno != EEXIST)
      return "Can't create AOF directory " + dir_path() + ": " + std::strerror(errno);
    m.base = AofManifest::File{st.appendfilename, 1, 'b'};
    m.base_seq = 1;
    if (!persist_manifest(m)) return std::string("Can't persist the AOF manifest");
    if (::rename(st.appendfilename.c_str(), path_of(st.appendfilename).c_str()) != 0)
      return "Error moving the old AOF file " + st.appendfilename + ": " + std::strerror(errno);
    fsync_dir(".");
    fsync_dir(dir_path());
    spdlog::info("Successfully migrated an old-style AOF file ({}) into the AOF directory ({}).",
                 st.appendfilename, dir_path());
  }
  int64_t start_ms = now_ms();
  if (m.base || !m.incrs.empty()) {
    Database::set_lazy_expire_enabled(false);
    auto err = load_files(m);
    Database::set_lazy_expire_enabled(true);
    if (err) return err;
    spdlog::info("DB loaded from append only file: {:.3f} seconds",
                 static_cast<double>(now_ms() - start_ms) / 1000);
  }
  if (::mkdir(dir_path().c_str(), 0755) != 0 && errno != EEXIST)
    return "Can't create AOF directory " + dir_path() + ": " + std::strerror(errno);
  manifest_ = m;
  // No base yet: write one of the current dataset (empty, or what an incr-only AOF built).
  const bool created_base = !manifest_.base;
  if (!manifest_.base) {
    std::string name = base_name(manifest_.base_seq + 1);
    std::string err;
    if (!write_base(path_of(name), &err)) return "Can't create AOF base file " + name + ": " + err;
    manifest_.base = AofManifest::File{name, manifest_.base_seq + 1, 'b'};
    manifest_.base_seq = manifest_.base->seq;
    spdlog::info("Creating AOF base file {} on server start", name);
    if (!persist_manifest(manifest_)) return std::string("Can't persist the AOF manifest");
  }
  state_ = State::On;
  if (manifest_.incrs.empty()) {
    if (!open_new_incr(true)) return std::string("Can't open the append-only file");
    spdlog::info("Creating AOF incr file {} on server start", incr_open_);
  } else {
    incr_open_ = manifest_.incrs.back().name;
    fd_ = ::open(path_of(incr_open_).c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd_ < 0)
      return "Can't open the append-only file " + incr_open_ + ": " + std::strerror(errno);
    spdlog::info("Opening AOF incr file {} on server start", incr_open_);
  }
  // As Redis: growth is measured against the base file; a base written at this start
  // counts as nothing yet (both sizes start at 0).
  base_size_ = created_base ? 0 : file_size(path_of(manifest_.base->name));
  current_size_ = base_size_;
  for (auto& f : manifest_.incrs) current_size_ += file_size(path_of(f.name));
  last_fsync_ms_ = now_ms();
  selected_db_ = -1;
  return std::nullopt;
}

DbSource Aof::databases() {
  return [this](int i) -> Database* { return i < server_.db_count() ? &server_.db(i) : nullptr; };
}

// The dataset as a base file: RDB with the aof-base marker, or RESP commands.
bool Aof::write_base(const std::string& path, std::string* err) {
  const Settings& st = server_.settings();
  if (!st.aof_use_rdb_preamble) return write_commands(path, server_, err);
  RdbSaveInfo info;
  info.aof_preamble = true;
  info.checksum = st.rdbchecksum;
  info.compress = st.rdbcompression;
  info.key_save_delay_us = st.rdb_key_save_delay_us;
  auto e = rdb_save_file(path, databases(), info);
  if (e) *err = *e;
  return !e;
}

bool Aof::open_new_incr(bool add_to_manifest) {
  int64_t seq = manifest_.incr_seq + 1;
  std::string name = incr_name(seq);
  int fd = ::open(path_of(name).c_str(), O_WRONLY | O_APPEND | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    spdlog::warn("Can't open the append-only file {}: {}", name, std::strerror(errno));
    return false;
  }
  AofManifest next = manifest_;
  next.incr_seq = seq;
  if (add_to_manifest) {
    next.incrs.push_back(AofManifest::File{name, seq, 'i'});
    if (!persist_manifest(next)) {
      ::close(fd);
      ::unlink(path_of(name).c_str());
      return false;
    }
  }
  manifest_ = next;
  if (fd_ >= 0) bg_submit(fd_, true);  // the old incr: closed after any pending fsync
  fd_ = fd;
  incr_open_ = name;
  selected_db_ = -1;  // a new file starts with a SELECT
  unsynced_ = false;
  return true;
}

// --- Loading -----------------------------------------------------------------------------

std::optional<std::string> Aof::load_files(const AofManifest& m) {
  std::vector<AofManifest::File> files;
  if (m.base) files.push_back(*m.base);
  files.insert(files.end(), m.incrs.begin(), m.incrs.end());
  for (size_t i = 0; i < files.size(); ++i) {
    const auto& f = files[i];
    const bool last = i + 1 == files.size();
    const std::string path = path_of(f.name);
    auto data = read_file(path);
    if (!data) {
      // Redis tolerates a missing last incr file only when it is empty... not at all: fatal.
      return "The AOF file " + f.name + " doesn't exist";
    }
    int64_t t0 = now_ms();
    std::string_view rest(*data);
    if (f.type == 'b') spdlog::info("Reading RDB base file on AOF loading...");
    if (rest.size() >= 5 && rest.substr(0, 5) == "REDIS") {
      RdbLoadResult res = rdb_load(rest, databases(), server_.settings().limits, now_ms());
      if (!res.ok) return "Error reading the RDB base file " + f.name + ", AOF loading aborted: " + res.error;
      if (res.aof_base) spdlog::info("RDB is base AOF");
      spdlog::info("Done loading RDB, keys loaded: {}, keys expired: {}.", res.keys_loaded,
                   res.keys_expired);
      rest.remove_prefix(res.consumed);
    }
    size_t valid = 0;
    size_t prefix = data->size() - rest.size();
    if (auto err = replay(f.name, rest, last, &valid)) return err;
    if (prefix + valid < data->size()) {
      // Truncated tail recovered (only possible for the last file, with aof-load-truncated).
      if (::truncate(path.c_str(), static_cast<off_t>(prefix + valid)) != 0)
        return "Error truncating the AOF file " + f.name + ": " + std::strerror(errno);
    }
    spdlog::info("DB loaded from {} file {}: {:.3f} seconds", f.type == 'b' ? "base" : "incr",
                 f.name, static_cast<double>(now_ms() - t0) / 1000);
  }
  return std::nullopt;
}

// Replays RESP commands. `valid_len` gets the length of the part that was applied.
std::optional<std::string> Aof::replay(const std::string& name, std::string_view data,
                                       bool last, size_t* valid_len) {
  Client* fake = server_.create_client(nullptr);
  fake->authenticated = true;
  size_t pos = 0, valid = 0, before_multi = 0;
  bool in_multi = false;
  std::vector<std::string> args;
  std::vector<std::string_view> views;
  enum class Stop { End, Truncated, BadFormat, Unknown } stop = Stop::End;
  std::string unknown;
  auto read_line = [&](std::string_view* line) -> bool {
    size_t nl = data.find("\r\n", pos);
    if (nl == std::string_view::npos) return false;
    *line = data.substr(pos, nl - pos);
    pos = nl + 2;
    return true;
  };
  while (pos < data.size()) {
    if (data[pos] == '#') {  // annotation (aof-timestamp-enabled): skipped
      std::string_view line;
      if (!read_line(&line)) {
        stop = Stop::Truncated;
        break;
      }
      valid = pos;
      continue;
    }
    if (data[pos] != '*') {
      stop = Stop::BadFormat;
      break;
    }
    std::string_view line;
    if (!read_line(&line)) {
      stop = Stop::Truncated;
      break;
    }
    int64_t argc = 0;
    if (!string_to_ll(line.substr(1), &argc) || argc < 1) {
      stop = Stop::BadFormat;
      break;
    }
    args.clear();
    bool ok = true;
    for (int64_t j = 0; j < argc && ok; ++j) {
      if (pos >= data.size()) {
        stop = Stop::Truncated;
        ok = false;
        break;
      }
      if (data[pos] != '$') {
        stop = Stop::BadFormat;
        ok = false;
        break;
      }
      if (!read_line(&line)) {
        stop = Stop::Truncated;
        ok = false;
        break;
      }
      int64_t len = 0;
      if (!string_to_ll(line.substr(1), &len) || len < 0) {
        stop = Stop::BadFormat;
        ok = false;
        break;
      }
      if (data.size() - pos < static_cast<size_t>(len) + 2) {
        stop = Stop::Truncated;
        ok = false;
        break;
      }
      if (data.substr(pos + static_cast<size_t>(len), 2) != "\r\n") {
        stop = Stop::BadFormat;
        ok = false;
        break;
      }
      args.emplace_back(data.substr(pos, static_cast<size_t>(len)));
      pos += static_cast<size_t>(len) + 2;
    }
    if (!ok) break;
    if (!server_.commands().find(args[0])) {
      stop = Stop::Unknown;
      unknown = args[0];
      break;
    }
    const bool is_multi = iequals(args[0], "multi");
    const bool is_exec = iequals(args[0], "exec");
    if (is_multi) {
      before_multi = valid;
      in_multi = true;
    }
    views.assign(args.begin(), args.end());
    server_.execute(*fake, views);
    fake->out.consume(fake->out.size());  // keeps its chunk for the next reply
    if (is_exec) in_multi = false;
    valid = pos;
  }
  if (stop == Stop::End && in_multi) {
    // The file ends inside MULTI: what followed it was never acknowledged.
    stop = Stop::Truncated;
  }
  server_.free_client(fake);
  if (stop == Stop::Unknown)
    return "Unknown command '" + unknown + "' reading the append only file " + name;
  if (stop == Stop::BadFormat)
    return "Bad file format reading the append only file " + name +
           ": make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>";
  if (stop == Stop::Truncated) {
    size_t cut = in_multi ? before_multi : valid;
    if (!last)
      return "Fatal error: the truncated file is not the last file (" + name + ")";
    if (!server_.settings().aof_load_truncated)
      return "Unexpected end of file reading the append only file " + name +
             ". You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix "
             "<filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' "
             "configuration option to yes and restart the server.";
    if (in_multi) spdlog::warn("Revert incomplete MULTI/EXEC transaction in AOF file {}", name);
    spdlog::warn("!!! Truncating the AOF {} at offset {} !!!", name, cut);
    spdlog::warn("AOF {} loaded anyway because aof-load-truncated is enabled", name);
    *valid_len = cut;
    return std::nullopt;
  }
  *valid_len = data.size();
  return std::nullopt;
}

// --- Write path --------------------------------------------------------------------------

void Aof::propagate(int db, const std::vector<std::string>& argv) {
  if (fd_ < 0) return;  // off, or turning on and waiting for the rewrite to start
  if (db != selected_db_) {
    append_resp(buf_, {"SELECT", std::to_string(db)});
    selected_db_ = db;
  }
  append_resp(buf_, argv);
}

void Aof::write_error_exit_if_always(const char* what, int err) {
  if (server_.settings().appendfsync != "always") return;
  spdlog::warn("Can't recover from AOF {} error when the AOF fsync policy is 'always': {}. "
               "Exiting...", what, std::strerror(err));
  spdlog::default_logger()->flush();
  _exit(1);
}

void Aof::flush(bool force) {
  if (fd_ < 0 || buf_.empty()) return;
  const std::string& policy = server_.settings().appendfsync;
  const int64_t now = now_ms();
  if (policy == "everysec" && !force && bg_jobs_pending_.load() > 0) {
    // An fsync is still running: wait up to 2 s before writing over it.
    if (flush_postponed_ms_ == 0) {
      flush_postponed_ms_ = now;
      return;
    }
    if (now - flush_postponed_ms_ < 2000) return;
    ++delayed_fsync_;
    spdlog::info("Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF "
                 "buffer without waiting for fsync to complete, this may slow down Eddy.");
  }
  flush_postponed_ms_ = 0;
  size_t partial = 0;
  if (!write_all(fd_, buf_.data(), buf_.size(), &partial)) {
    int e = errno;
    if (last_write_ok_ || e != last_write_errno_)
      spdlog::warn("Error writing to the AOF file: {}", std::strerror(e));
    // Take a partial write back so the file ends on a whole command (the end offset is
    // asked for only here, not on every flush).
    off_t end = partial ? ::lseek(fd_, 0, SEEK_END) : -1;
    if (end >= 0 && ::ftruncate(fd_, end - static_cast<off_t>(partial)) != 0)
      spdlog::warn("Could not remove short write from the append-only file. Eddy may refuse "
                   "to load the AOF the next time it starts. ftruncate: {}", std::strerror(errno));
    write_error_exit_if_always("write", e);
    last_write_ok_ = false;
    last_write_errno_ = e;
    return;  // kept in the buffer; cron retries
  }
  if (!last_write_ok_) spdlog::warn("AOF write error looks solved, Eddy can write again.");
  last_write_ok_ = true;
  current_size_ += static_cast<int64_t>(buf_.size());
  if (buf_.capacity() > (4 << 20)) {
    std::string().swap(buf_);
  } else {
    buf_.clear();
  }
  unsynced_ = true;
  const bool skip = server_.settings().no_appendfsync_on_rewrite &&
                    (child_pid_ > 0 || server_.persistence().bgsave_in_progress());
  if (skip) return;
  if (policy == "always") {
    fsync_now();
  } else if (policy == "everysec" && now - last_fsync_ms_ >= 1000 && bg_jobs_pending_.load() == 0) {
    bg_submit(fd_, false);
    last_fsync_ms_ = now;
    unsynced_ = false;
  }
}

void Aof::fsync_now() {
  if (fd_ < 0) return;
  if (::fdatasync(fd_) != 0) {
    int e = errno;
    spdlog::warn("Can't persist AOF for fsync error: {}", std::strerror(e));
    write_error_exit_if_always("fsync", e);
    last_write_ok_ = false;
    last_write_errno_ = e;
    return;
  }
  last_fsync_ms_ = now_ms();
  unsynced_ = false;
}

bool Aof::writes_refused() const { return state_ != State::Off && !last_write_ok(); }

std::string Aof::write_error() const {
  int e = bg_fsync_errno_.load();
  return std::strerror(e ? e : last_write_errno_);
}

void Aof::bg_submit(int fd, bool close_it) {
  {
    std::lock_guard<std::mutex> lk(mu_);
    jobs_.push_back(Job{fd, close_it});
    if (!close_it) bg_jobs_pending_.fetch_add(1);
  }
  cv_.notify_one();
}

void Aof::bg_loop() {
  std::unique_lock<std::mutex> lk(mu_);
  for (;;) {
    cv_.wait(lk, [this] { return stop_ || !jobs_.empty(); });
    if (jobs_.empty() && stop_) return;
    Job j = jobs_.front();
    jobs_.pop_front();
    lk.unlock();
    if (j.close_it) {
      ::close(j.fd);
    } else {
      int rc = ::fdatasync(j.fd);
      // EBADF/EINVAL: the file was closed meanwhile; not a disk error.
      if (rc != 0 && errno != EBADF && errno != EINVAL) {
        bg_fsync_errno_.store(errno);
      } else if (rc == 0) {
        bg_fsync_errno_.store(0);
      }
      bg_jobs_pending_.fetch_sub(1);
    }
    lk.lock();
  }
}

// --- Rewrite -----------------------------------------------------------------------------

int64_t Aof::current_rewrite_time_sec() const {
  return child_pid_ > 0 ? (now_ms() - child_start_ms_) / 1000 : -1;
}

Aof::RewriteStart Aof::bgrewrite() {
  if (child_pid_ > 0) return RewriteStart::AlreadyRunning;
  if (server_.persistence().bgsave_in_progress()) {
    rewrite_scheduled_ = true;
    return RewriteStart::Scheduled;
  }
  return start_rewrite() ? RewriteStart::Started : RewriteStart::Failed;
}

bool Aof::start_rewrite() {
  rewrite_scheduled_ = false;
  if (::mkdir(dir_path().c_str(), 0755) != 0 && errno != EEXIST) {
    spdlog::warn("Can't create AOF directory {}: {}", dir_path(), std::strerror(errno));
    return false;
  }
  // What was written so far is complete and durable in the old incr before the switch.
  if (state_ == State::On) {
    flush(true);
    if (fd_ >= 0) fsync_now();
    if (!open_new_incr(true)) return false;
    spdlog::info("Creating AOF incr file {} on background rewrite", incr_open_);
  } else if (state_ == State::WaitRewrite) {
    // Turning on: record writes from now on in a new incr that joins the manifest when the
    // base is ready. One left by a failed attempt holds writes the new base will contain
    // too (replaying them twice would apply INCRs twice): it is dropped.
    if (fd_ >= 0) {
      bg_submit(fd_, true);
      fd_ = -1;
      ::unlink(path_of(incr_open_).c_str());
      buf_.clear();
    }
    if (!open_new_incr(false)) return false;
  }
  std::fflush(nullptr);
  spdlog::default_logger()->flush();
  pid_t pid = fork();
  if (pid < 0) {
    spdlog::warn("Can't rewrite append only file in background: fork: {}", std::strerror(errno));
    last_rewrite_ok_ = false;
    return false;
  }
  if (pid == 0) {
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGINT, SIG_DFL);
    std::string tmp = "temp-rewriteaof-bg-" + std::to_string(::getpid()) + ".aof";
    std::string err;
    if (!write_base(tmp, &err)) {
      spdlog::warn("Error rewriting the append only file: {}", err);
      spdlog::default_logger()->flush();
      _exit(1);
    }
    spdlog::info("Successfully created the temporary AOF base file {}", tmp);
    spdlog::default_logger()->flush();
    _exit(0);
  }
  child_pid_ = pid;
  child_start_ms_ = now_ms();
  spdlog::info("Background append only file rewriting started by pid {}", pid);
  return true;
}

void Aof::finish_rewrite(bool ok) {
  std::string tmp = "temp-rewriteaof-bg-" + std::to_string(child_pid_) + ".aof";
  child_pid_ = -1;
  last_rewrite_time_sec_ = (now_ms() - child_start_ms_) / 1000;
  if (!ok) {
    spdlog::warn("Background AOF rewrite terminated with error");
    ::unlink(tmp.c_str());
    last_rewrite_ok_ = false;
    ++consecutive_failures_;
    last_failed_rewrite_ms_ = now_ms();
    if (state_ == State::WaitRewrite) rewrite_scheduled_ = true;  // retried from the cron
    return;
  }
  spdlog::info("Background AOF rewrite terminated with success");
  AofManifest next = manifest_;
  int64_t seq = next.base_seq + 1;
  std::string name = base_name(seq);
  if (::rename(tmp.c_str(), path_of(name).c_str()) != 0) {
    spdlog::warn("Error trying to rename the temporary AOF base file {} into {}: {}", tmp, name,
                 std::strerror(errno));
    ::unlink(tmp.c_str());
    last_rewrite_ok_ = false;
    ++consecutive_failures_;
    return;
  }
  spdlog::info("Successfully renamed the temporary AOF base file {} into {}", tmp, name);
  if (next.base) {
    next.base->type = 'h';
    next.history.push_back(*next.base);
  }
  next.base = AofManifest::File{name, seq, 'b'};
  next.base_seq = seq;
  // Every incr before the one opened at the rewrite's start is in the new base.
  std::vector<AofManifest::File> keep;
  for (auto& f : next.incrs) {
    if (state_ != State::Off && f.name == incr_open_) {
      keep.push_back(f);
    } else {
      f.type = 'h';
      next.history.push_back(f);
    }
  }
  if (state_ == State::WaitRewrite && fd_ >= 0 && keep.empty())
    keep.push_back(AofManifest::File{incr_open_, next.incr_seq, 'i'});
  next.incrs = keep;
  if (!persist_manifest(next)) {
    ::unlink(path_of(name).c_str());
    last_rewrite_ok_ = false;
    ++consecutive_failures_;
    return;
  }
  manifest_ = next;
  if (state_ == State::WaitRewrite) {
    state_ = State::On;
  }
  current_size_ = file_size(path_of(name));
  for (auto& f : manifest_.incrs) current_size_ += file_size(path_of(f.name));
  current_size_ += static_cast<int64_t>(buf_.size());
  base_size_ = current_size_;
  ++rewrites_;
  consecutive_failures_ = 0;
  last_rewrite_ok_ = true;
  if (!server_.settings().aof_disable_auto_gc) remove_history();
  spdlog::info("Background AOF rewrite finished successfully");
}

void Aof::remove_history() {
  for (const auto& f : manifest_.history) {
    spdlog::info("Removing the history file {} in the background", f.name);
    ::unlink(path_of(f.name).c_str());
  }
  if (manifest_.history.empty()) return;
  manifest_.history.clear();
  persist_manifest(manifest_);
}

void Aof::kill_child() {
  if (child_pid_ <= 0) return;
  spdlog::info("Killing running AOF rewrite child: {}", child_pid_);
  ::kill(child_pid_, SIGUSR1);
  int status;
  waitpid(child_pid_, &status, 0);
  ::unlink(("temp-rewriteaof-bg-" + std::to_string(child_pid_) + ".aof").c_str());
  child_pid_ = -1;
}

void Aof::cron() {
  if (child_pid_ > 0) {
    int status = 0;
    pid_t r = waitpid(child_pid_, &status, WNOHANG);
    if (r == child_pid_) {
      if (WIFSIGNALED(status))
        spdlog::warn("Background AOF rewrite terminated by signal {}", WTERMSIG(status));
      finish_rewrite(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    } else if (r < 0) {
      finish_rewrite(false);
    }
  }
  // A postponed (everysec back-pressure) or failed write is retried.
  if (!buf_.empty() && (flush_postponed_ms_ != 0 || !last_write_ok_)) flush();
  // everysec: data written but not yet fsynced for a second (no further writes came).
  if (fd_ >= 0 && unsynced_ && server_.settings().appendfsync == "everysec" &&
      now_ms() - last_fsync_ms_ >= 1000 && bg_jobs_pending_.load() == 0) {
    bg_submit(fd_, false);
    last_fsync_ms_ = now_ms();
    unsynced_ = false;
  }
  if (child_pid_ > 0 || server_.persistence().bgsave_in_progress()) return;
  if (rewrite_scheduled_ &&
      (consecutive_failures_ == 0 || now_ms() - last_failed_rewrite_ms_ > 5000)) {
    start_rewrite();
    return;
  }
  const Settings& st = server_.settings();
  if (state_ == State::On && st.auto_aof_rewrite_percentage > 0 &&
      current_size_ > st.auto_aof_rewrite_min_size &&
      (consecutive_failures_ == 0 || now_ms() - last_failed_rewrite_ms_ > 5000)) {
    int64_t base = base_size_ ? base_size_ : 1;
    int64_t growth = (current_size_ * 100 / base) - 100;
    if (growth >= st.auto_aof_rewrite_percentage) {
      spdlog::info("Starting automatic rewriting of AOF on {}% growth", growth);
      start_rewrite();
    }
  }
}

bool Aof::refuses_shutdown(bool force) const {
  if (state_ != State::WaitRewrite || child_pid_ <= 0) return false;
  if (force) {
    spdlog::warn("Writing initial AOF. Exit anyway.");
    return false;
  }
  spdlog::warn("Writing initial AOF, can't exit.");
  return true;
}

void Aof::shutdown() {
  kill_child();
  if (fd_ < 0) return;
  flush(true);
  fsync_now();
}

void Aof::on_appendonly_changed() {
  const bool want = server_.settings().appendonly;
  if (want && state_ == State::Off) {
    state_ = State::WaitRewrite;
    if (child_pid_ > 0 || server_.persistence().bgsave_in_progress()) {
      // A rewrite started while off must not become the base: the new incr was not open.
      if (child_pid_ > 0) kill_child();
      rewrite_scheduled_ = true;
      spdlog::info("AOF was enabled but there is already another background operation. An AOF "
                   "background was scheduled to start when possible.");
      return;
    }
    if (!start_rewrite()) rewrite_scheduled_ = true;
    return;
  }
  if (!want && state_ != State::Off) {
    flush(true);
    fsync_now();
    const bool was_waiting = state_ == State::WaitRewrite;
    kill_child();
    if (fd_ >= 0) bg_submit(fd_, true);
    fd_ = -1;
    if (was_waiting && !incr_open_.empty()) ::unlink(path_of(incr_open_).c_str());
    incr_open_.clear();
    buf_.clear();
    state_ = State::Off;
    rewrite_scheduled_ = false;
  }
}

// --- The dataset as commands (base without RDB preamble) ---------------------------------

bool Aof::write_commands(const std::string& path, Server& server, std::string* err) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    *err = std::strerror(errno);
    return false;
  }
  std::string out;
  bool ok = true;
  auto emit = [&](const std::vector<std::string>& argv) {
    append_resp(out, argv);
    if (out.size() > (1 << 20)) {
      ok = ok && write_all(fd, out.data(), out.size());
      out.clear();
    }
  };
  constexpr size_t kBatch = 64;  // items per command, as Redis batches
  const int64_t delay = server.settings().rdb_key_save_delay_us;
  for (int i = 0; i < server.db_count(); ++i) {
    Database& db = server.db(i);
    if (db.size() == 0) continue;
    emit({"SELECT", std::to_string(i)});
    db.for_each([&](const Entry* ep) {
      const Entry& e = *ep;
      const std::string key(e.key());
      const Value& v = e.val;
      std::vector<std::string> cmd;
      auto batch = [&](const char* name, size_t reserve_args) {
        if (cmd.size() >= 2 + kBatch * reserve_args) {
          emit(cmd);
          cmd.clear();
        }
        if (cmd.empty()) cmd = {name, key};
      };
      switch (v.type()) {
        case ValueType::String:
          emit({"SET", key, v.to_string()});
          break;
        case ValueType::List:
          v.as<List>()->for_each([&](const ElemRef& el) {
            batch("RPUSH", 1);
            cmd.push_back(el.str());
          });
          break;
        case ValueType::Set:
          v.as<Set>()->for_each([&](const ElemRef& el) {
            batch("SADD", 1);
            cmd.push_back(el.str());
          });
          break;
        case ValueType::ZSet:
          v.as<ZSet>()->for_each([&](const ElemRef& m, double score) {
            batch("ZADD", 2);
            cmd.push_back(double_to_string(score));
            cmd.push_back(m.str());
          });
          break;
        case ValueType::Hash:
          v.as<Hash>()->for_each([&](const ElemRef& f, const ElemRef& val) {
            batch("HMSET", 2);
            cmd.push_back(f.str());
            cmd.push_back(val.str());
          });
          break;
        case ValueType::Stream: {
          const Stream* s = v.as<Stream>();
          auto id = [](StreamID x) { return x.to_string(); };
          if (s->length() == 0) {
            // An empty stream: create it with a dummy entry trimmed away at once.
            StreamID first = s->last_id();
            if (first.ms == 0 && first.seq == 0) first.seq = 1;  // XADD refuses 0-0
            emit({"XADD", key, "MAXLEN", "0", id(first), "x", "y"});
          } else {
            Stream::Iterator it(*s, StreamID{0, 0}, StreamID::max(), false);
            while (it.next()) {
              std::vector<std::string> x = {"XADD", key, id(it.id())};
              it.for_each_field([&](const ElemRef& f, const ElemRef& val) {
                x.push_back(f.str());
                x.push_back(val.str());
              });
              emit(x);
            }
          }
          emit({"XSETID", key, id(s->last_id()), "ENTRIESADDED",
                std::to_string(s->entries_added()), "MAXDELETEDID", id(s->max_deleted_id())});
          if (const Rax* groups = s->groups()) {
            Rax::Iterator git(*groups);
            for (bool more = git.seek_first(); more; more = git.next()) {
              const auto* g = static_cast<const ConsumerGroup*>(git.value());
              const std::string gname(git.key());
              std::vector<std::string> create = {"XGROUP", "CREATE", key, gname, id(g->last_id)};
              if (g->entries_read != kEntriesReadInvalid) {
                create.push_back("ENTRIESREAD");
                create.push_back(std::to_string(g->entries_read));
              }
              emit(create);
              Rax::Iterator cit(g->consumers);
              for (bool m = cit.seek_first(); m; m = cit.next()) {
                const auto* c = static_cast<const StreamConsumer*>(cit.value());
                emit({"XGROUP", "CREATECONSUMER", key, gname, c->name});
                Rax::Iterator pit(c->pel);
                for (bool p = pit.seek_first(); p; p = pit.next()) {
                  const auto* pe = static_cast<const PendingEntry*>(pit.value());
                  emit({"XCLAIM", key, gname, c->name, "0", id(StreamID::decode(pit.key())),
                        "TIME", std::to_string(pe->delivery_time), "RETRYCOUNT",
                        std::to_string(pe->delivery_count), "JUSTID", "FORCE"});
                }
              }
            }
          }
          break;
        }
      }
      if (!cmd.empty()) emit(cmd);
      if (db.expire_of(&e) != -1) emit({"PEXPIREAT", key, std::to_string(db.expire_of(&e))});
      if (delay > 0) ::usleep(static_cast<useconds_t>(delay));
    });
  }
  ok = ok && write_all(fd, out.data(), out.size()) && ::fsync(fd) == 0;
  if (!ok) *err = std::strerror(errno);
  ::close(fd);
  return ok;
}

}  // namespace eddy
