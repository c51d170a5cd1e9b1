// Config: one table of directives serving the conf file, the command line
// (`--name value`), CONFIG GET/SET/REWRITE and the typed settings the server reads.
//
// Each row names a directive (and its old alias), its type, default, bounds, whether CONFIG
// SET may change it at runtime, and whether Eddy implements it or only accepts it (the
// accepted-only ones are listed in docs/configuration.md). Values are kept in their
// canonical text (as CONFIG GET prints them) and mirrored into `settings()` for hot paths.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eddy {

enum class ConfigType { Bool, Int, Memory, String, Enum, Special };

struct ConfigSpec;

// Typed copies of the directives the server consults on hot paths.
struct Settings {
  int64_t port = 6379;
  std::vector<std::string> bind = {"*", "-::*"};
  bool protected_mode = true;
  int64_t tcp_backlog = 511;
  int64_t tcp_keepalive = 300;
  int64_t timeout = 0;
  std::string unixsocket;
  int64_t unixsocketperm = 0;
  int64_t databases = 16;
  int64_t hz = 10;
  int64_t maxclients = 10000;
  int64_t proto_max_bulk_len = 512LL * 1024 * 1024;
  int64_t client_query_buffer_limit = 1024LL * 1024 * 1024;
  std::string requirepass;
  std::string loglevel = "notice";
  std::string logfile;
  bool daemonize = false;
  std::string pidfile;
  std::string supervised = "no";
  std::string dir;
  bool active_expire_enabled = true;
  int64_t active_expire_effort = 1;
  bool lazyfree_lazy_user_del = false;
  bool lazyfree_lazy_user_flush = false;
  std::string notify_keyspace_events;  // canonical flags text
  uint32_t notify_flags = 0;
  // client-output-buffer-limit: normal, replica, pubsub — hard, soft, soft seconds
  struct ObufLimit {
    int64_t hard = 0, soft = 0, soft_seconds = 0;
  } obuf_limits[3] = {{0, 0, 0}, {256LL << 20, 64LL << 20, 60}, {32LL << 20, 8LL << 20, 60}};
  int64_t maxmemory = 0;
  std::string maxmemory_policy = "noeviction";
};

class Config {
 public:
  Config();

  // Loads a redis.conf-style file. On error returns the Redis-style fatal message.
  std::optional<std::string> load_file(const std::string& path);
  // Applies directives from text (file content plus command-line options), Redis style.
  std::optional<std::string> load_text(const std::string& text, const std::string& origin);
  // One directive with its arguments (file/command line). Returns error text or nullopt.
  std::optional<std::string> apply_directive(const std::vector<std::string>& argv);

  // CONFIG SET of one name/value; returns error text (without "ERR ") or nullopt.
  std::optional<std::string> set(std::string_view name, std::string_view value);
  // Is `name` a known config (or alias)?
  bool known(std::string_view name) const;
  bool is_mutable(std::string_view name) const;
  // Canonical current value, as CONFIG GET prints it.
  std::optional<std::string> get(std::string_view name) const;
  // All (name, value) pairs whose name (or alias) matches the glob, canonical names only.
  std::vector<std::pair<std::string, std::string>> get_matching(std::string_view pattern) const;
  // CONFIG REWRITE: rewrites the loaded file in place. Returns error text or nullopt.
  std::optional<std::string> rewrite();

  const Settings& settings() const { return settings_; }
  const std::string& config_file() const { return config_file_; }
  void set_config_file(std::string path) { config_file_ = std::move(path); }

  // Observers called after a directive changed (e.g. the server re-reads hz).
  void on_change(std::function<void(std::string_view name)> fn) { observers_.push_back(std::move(fn)); }

  // Row access for documentation/tests.
  static const std::vector<ConfigSpec>& specs();

 private:
  const ConfigSpec* find_spec(std::string_view name) const;
  std::optional<std::string> set_value(const ConfigSpec& spec, std::string_view value,
                                       bool at_startup);
  void refresh(const ConfigSpec& spec);

  std::map<std::string, std::string> values_;  // canonical name -> canonical text
  Settings settings_;
  std::string config_file_;
  std::vector<std::function<void(std::string_view)>> observers_;
};

struct ConfigSpec {
  std::string_view name;
  std::string_view alias;
  ConfigType type;
  std::string_view default_value;
  int64_t min = 0;
  int64_t max = 0;
  bool mutable_at_runtime = true;
  // Enum choices separated by spaces ("yes no", "debug verbose notice warning").
  std::string_view choices = {};
  // false: accepted and shown by CONFIG GET but without effect in Eddy (documented).
  bool implemented = true;
  // Special types: parse/normalise the value; returns error or nullopt; writes canonical.
  std::optional<std::string> (*normalize)(std::string_view in, std::string* canonical) = nullptr;
  // Multi-argument directives that accumulate when repeated in a file (save, rename-command).
  bool multi_arg = false;
};

}  // namespace eddy
