#include "eddy/server/app.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/time.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <cstring>
#include <sstream>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "eddy/base/strutil.h"
#include "eddy/core/hash.h"
#include "eddy/server/network.h"
#include "eddy/server/persistence.h"
#include "eddy/server/aof.h"
#include "eddy/server/server.h"

namespace eddy {

namespace {

class LevelCharFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    char c = '*';
    switch (msg.level) {
      case spdlog::level::debug:
      case spdlog::level::trace: c = '.'; break;
      case spdlog::level::info: c = '*'; break;
      case spdlog::level::warn:
      case spdlog::level::err:
      case spdlog::level::critical: c = '#'; break;
      default: break;
    }
    dest.push_back(c);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<LevelCharFlag>();
  }
};

void print_usage() {
  std::cerr << "Usage: ./eddy-server [/path/to/redis.conf] [options] [-]\n"
               "       ./eddy-server - (read config from stdin)\n"
               "       ./eddy-server -v or --version\n"
               "       ./eddy-server -h or --help\n\n"
               "Examples:\n"
               "       ./eddy-server (run the server with default conf)\n"
               "       ./eddy-server /etc/redis/6379.conf\n"
               "       ./eddy-server --port 7777\n"
               "       ./eddy-server /etc/myredis.conf --loglevel verbose -\n"
               "       ./eddy-server /etc/myredis.conf --loglevel verbose\n";
}

void sd_notify_ready() {
  const char* path = std::getenv("NOTIFY_SOCKET");
  if (!path || !*path) return;
  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  std::string p(path);
  socklen_t len = sizeof(sa_family_t) + static_cast<socklen_t>(p.size());
  if (p[0] == '@') p[0] = '\0';
  std::memcpy(sa.sun_path, p.data(), std::min(p.size(), sizeof(sa.sun_path) - 1));
  const char* msg = "STATUS=Ready to accept connections\nREADY=1\n";
  ::sendto(fd, msg, std::strlen(msg), 0, reinterpret_cast<sockaddr*>(&sa), len);
  ::close(fd);
}

void daemonize() {
  if (::fork() != 0) std::exit(0);
  ::setsid();
  int fd = ::open("/dev/null", O_RDWR, 0);
  if (fd != -1) {
    ::dup2(fd, STDIN_FILENO);
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    if (fd > STDERR_FILENO) ::close(fd);
  }
}

}  // namespace

void setup_logging(const std::string& logfile, const std::string& loglevel) {
  std::shared_ptr<spdlog::logger> logger;
  if (logfile.empty()) {
    logger = spdlog::stdout_logger_st("eddy");
  } else {
    logger = spdlog::basic_logger_st("eddy", logfile);
  }
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<LevelCharFlag>('*').set_pattern("%P:M %d %b %Y %H:%M:%S.%e %* %v");
  logger->set_formatter(std::move(formatter));
  if (loglevel == "debug") logger->set_level(spdlog::level::debug);
  else if (loglevel == "verbose") logger->set_level(spdlog::level::debug);
  else if (loglevel == "warning") logger->set_level(spdlog::level::warn);
  else logger->set_level(spdlog::level::info);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

namespace {

// A log line in Redis's format before logging is set up ("pid:C date # message").
void early_log(char level, const std::string& msg) {
  char when[64];
  timeval tv{};
  ::gettimeofday(&tv, nullptr);
  std::tm tm{};
  ::localtime_r(&tv.tv_sec, &tm);
  std::size_t n = std::strftime(when, sizeof(when), "%d %b %Y %H:%M:%S", &tm);
  std::snprintf(when + n, sizeof(when) - n, ".%03d", static_cast<int>(tv.tv_usec / 1000));
  std::printf("%d:C %s %c %s\n", static_cast<int>(::getpid()), when, level, msg.c_str());
  std::fflush(stdout);
}

// The command-line options as conf-file lines, built the way Redis builds them so that
// error line numbers agree: "--name" starts a line, other arguments are appended quoted.
// After a bare "--name" the next argument is its value even if it starts with "--"
// ("--loglevel --verbose" reads as `loglevel "--verbose"`), except that a bare "--save"
// followed by another option means `save ""`. A lone "-" as the first or last argument
// reads more configuration from standard input.
std::string build_options(int argc, char** argv, int j, bool* read_stdin) {
  std::string options;
  bool value_done = true;  // the last option already has its value
  for (; j < argc; ++j) {
    std::string a = argv[j];
    bool next_is_option =
        j + 1 < argc && argv[j + 1][0] == '-' && argv[j + 1][1] == '-';
    if (a == "-" && (j == 1 || j == argc - 1)) {
      *read_stdin = true;
    } else if (value_done && a.size() >= 2 && a[0] == '-' && a[1] == '-') {
      if (!options.empty()) options += "\n";
      options += a.substr(2) + " ";
      auto words = split_args(a);
      if (words && words->size() == 1) {
        value_done = false;
        if (next_is_option && iequals(a, "--save")) {
          options += "\"\"";
          value_done = true;
        }
      } else {
        value_done = true;  // "--port 6380" as one argument
      }
    } else {
      options += repr(a) + " ";
      value_done = true;
    }
  }
  return options;
}

}  // namespace

int run_app(int argc, char** argv) {
  std::string config_file;
  int j = 1;
  if (argc >= 2) {
    std::string a1 = argv[1];
    if (a1 == "-v" || a1 == "--version") {
      std::cout << "Eddy server v=" << kEddyVersion << " redis_version=" << kRedisCompatVersion
                << " bits=64 build=asio\n";
      return 0;
    }
    if (a1 == "-h" || a1 == "--help") {
      print_usage();
      return 0;
    }
    if (a1[0] != '-') {
      config_file = a1;
      j = 2;
    }
  }
  bool read_stdin = false;
  std::string options = build_options(argc, argv, j, &read_stdin);

  // The text Redis parses: the file, then standard input, then a newline and the options.
  Config config;
  std::string text;
  if (!config_file.empty()) {
    std::ifstream f(config_file, std::ios::binary);
    if (!f) {
      early_log('#', "Fatal error, can't open config file '" + config_file +
                         "': " + std::strerror(errno));
      return 1;
    }
    std::stringstream ss;
    ss << f.rdbuf();
    text = ss.str();
    char buf[PATH_MAX];
    if (::realpath(config_file.c_str(), buf)) config.set_config_file(buf);
  }
  if (read_stdin) {
    early_log('#', "Reading config from stdin");
    std::stringstream ss;
    ss << std::cin.rdbuf();
    text += ss.str();
  }
  text += "\n" + options;
  if (auto err = config.load_text(text, config_file)) {
    if (!err->empty() && err->front() == '\n') {
      std::fprintf(stderr, "%s", err->c_str());
    } else {
      early_log('#', *err);
    }
    return 1;
  }
  const Settings& st = config.settings();
  bool supervised_systemd =
      st.supervised == "systemd" || (st.supervised == "auto" && std::getenv("NOTIFY_SOCKET"));
  if (st.daemonize && !supervised_systemd) daemonize();
  setup_logging(st.logfile, st.loglevel);

  std::random_device rd;
  set_hash_seed((static_cast<uint64_t>(rd()) << 32) ^ rd());

  spdlog::info("oO0OoO0OoO0Oo Eddy is starting oO0OoO0OoO0Oo");
  spdlog::info("Eddy version={}, redis_version={}, bits=64, pid={}, just started", kEddyVersion,
               kRedisCompatVersion, ::getpid());
  if (config_file.empty())
    spdlog::warn("Warning: no config file specified, using the default config. In order to "
                 "specify a config file use {} /path/to/redis.conf", argv[0]);
  else
    spdlog::info("Configuration loaded");

  // A daemonized server without a pidfile writes Redis's default one (and CONFIG GET
  // pidfile shows it).
  if (st.pidfile.empty() && st.daemonize) config.force_set("pidfile", "/var/run/redis.pid");
  std::string pidfile = st.pidfile;
  if (!pidfile.empty()) {
    FILE* fp = std::fopen(pidfile.c_str(), "w");
    if (fp) {
      std::fprintf(fp, "%d\n", static_cast<int>(::getpid()));
      std::fclose(fp);
    } else {
      spdlog::warn("Failed to write PID file: {}", std::strerror(errno));
    }
  }

  auto server = std::make_unique<Server>(std::move(config));
  // CONFIG SET loglevel takes effect at once, as in Redis.
  server->config().on_change([srv = server.get()](std::string_view name) {
    if (name == "appendonly") return srv->aof().on_appendonly_changed();
    if (name != "loglevel") return;
    const std::string& level = srv->settings().loglevel;
    spdlog::level::level_enum l = level == "debug" || level == "verbose" ? spdlog::level::debug
                                  : level == "warning"                   ? spdlog::level::warn
                                                                         : spdlog::level::info;
    spdlog::default_logger()->set_level(l);
  });
  Network net(*server);
  if (auto err = net.listen()) {
    spdlog::warn("{}", *err);
    spdlog::warn("Failed listening on port {} (tcp), aborting.", server->settings().port);
    if (!pidfile.empty()) ::unlink(pidfile.c_str());
    return 1;
  }
  server->shutdown_hook = [&](int flags) {
    spdlog::warn("User requested shutdown...");
    // SHUTDOWN FORCE already logged its "exit anyway"; signals never force.
    if (!(flags & Server::kShutdownForce) && server->aof().refuses_shutdown(false)) return false;
    if (server->aof().enabled()) {
      spdlog::info("Calling fsync() on the AOF file.");
      server->aof().shutdown();
    } else {
      server->aof().kill_child();
    }
    // A signal (or SHUTDOWN already done saving): save when save points ask for it.
    if (!(flags & Server::kShutdownNoSave) &&
        ((flags & Server::kShutdownSave) || !server->settings().save_params.empty())) {
      server->persistence().kill_child();
      spdlog::info("Saving the final RDB snapshot before exiting.");
      if (!server->persistence().save() && !(flags & Server::kShutdownForce)) {
        spdlog::warn("Error trying to save the DB, can't exit.");
        return false;
      }
    }
    if (!pidfile.empty()) {
      spdlog::info("Removing the pid file.");
      ::unlink(pidfile.c_str());
    }
    spdlog::warn("Eddy is now ready to exit, bye bye...");
    (void)flags;
    return true;
  };
  spdlog::info("Server initialized");
  // With appendonly yes the AOF is the dataset (dump.rdb is not read), as in Redis.
  if (server->settings().appendonly) {
    if (auto err = server->aof().start()) {
      spdlog::warn("{}", *err);
      spdlog::warn("Fatal error loading the DB from the AOF. Exiting.");
      if (!pidfile.empty()) ::unlink(pidfile.c_str());
      return 1;
    }
    // Replayed commands are not this run's statistics.
    server->commands().reset_stats();
    server->stats().total_commands_processed = 0;
    server->stats().total_error_replies = 0;
    server->stats().error_codes.clear();
    server->stats().total_connections_received = 0;
  } else {
    server->aof().read_manifest();
    if (auto err = server->persistence().load()) {
      spdlog::warn("Fatal error loading the DB: {}. Exiting.", *err);
      if (!pidfile.empty()) ::unlink(pidfile.c_str());
      return 1;
    }
  }
  server->set_propagator(&server->aof());
  // The AOF buffer reaches the file (and, under appendfsync always, the disk) before any
  // reply of the loop turn is written.
  net.add_before_sleep([srv = server.get()] { srv->aof().flush(); });
  net.set_write_gate([srv = server.get()] { return srv->aof().buffer_length() == 0; });
  spdlog::info("Ready to accept connections");
  if (supervised_systemd) sd_notify_ready();
  int rc = net.run();
#if defined(__SANITIZE_ADDRESS__)
  // Sanitizer builds free everything, so leak checks see a clean exit.
  server.reset();
  return rc;
#else
  // Like Redis, leave without freeing the dataset key by key: the files are closed and
  // synced above, and a large keyspace would otherwise keep the process (and its port's
  // next user) busy for seconds.
  spdlog::default_logger()->flush();
  std::fflush(nullptr);
  _exit(rc);
#endif
}

}  // namespace eddy
