// Start-up of the real eddy-server binary: conf files and command-line options (Redis's
// fatal error block on stderr, exit status 1, line numbers), Debian's stock redis.conf,
// daemonize with a pid file, configuration from standard input, CONFIG REWRITE of the file
// the server was started with.
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "integration/server_process.h"
#include "integration/test_server.h"

namespace eddy::testing {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void WriteFile(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/eddy-startup-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct RunResult {
  int exit_code = -1;  // -1: still running when the deadline passed (then killed)
  std::string out, err;
};

// Runs eddy-server with `args` in `cwd`, standard input from `input`, until it exits.
RunResult RunToExit(const std::vector<std::string>& args, const TempDir& cwd,
                    const std::string& input = "", int timeout_ms = 10000) {
  std::string in = cwd.file(".stdin"), out = cwd.file(".stdout"), err = cwd.file(".stderr");
  WriteFile(in, input);
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(cwd.path().c_str()) != 0) ::_exit(127);
    int i = ::open(in.c_str(), O_RDONLY), o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644),
        e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(i, 0);
    ::dup2(o, 1);
    ::dup2(e, 2);
    std::vector<std::string> full{EDDY_SERVER_BIN};
    full.insert(full.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : full) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  RunResult r;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int st = 0;
    if (::waitpid(pid, &st, WNOHANG) == pid) {
      r.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &st, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

std::string Fatal(int line, const std::string& text, const std::string& why) {
  return "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, "
         "at line " + std::to_string(line) + "\n>>> '" + text + "'\n" + why + "\n";
}

Context ConnectTo(int port) {
  timeval tv{5, 0};
  redisContext* c = redisConnectWithTimeout("127.0.0.1", port, tv);
  if (c && c->err) {
    redisFree(c);
    return nullptr;
  }
  if (c) redisSetTimeout(c, tv);
  return Context(c);
}

Reply Cmd(redisContext* c, const std::vector<std::string>& argv) {
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  for (auto& a : argv) {
    ptrs.push_back(a.data());
    lens.push_back(a.size());
  }
  return Reply(static_cast<redisReply*>(
      redisCommandArgv(c, static_cast<int>(argv.size()), ptrs.data(), lens.data())));
}

bool WaitFor(const std::function<bool()>& cond, int timeout_ms = 20000) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST(StartupTest, UnknownDirectiveStopsWithRedisFatalBlockOnStderr) {
  TempDir tmp;
  WriteFile(tmp.file("bad.conf"), "port 7125\n# comment\n\nfoo bar\n");
  RunResult r = RunToExit({tmp.file("bad.conf")}, tmp);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, Fatal(4, "foo bar", "Bad directive or wrong number of arguments"));
  EXPECT_EQ(r.out, "");
}

TEST(StartupTest, CommandLineOptionsAreNumberedAfterTheFileLikeRedis) {
  TempDir tmp;
  WriteFile(tmp.file("ok.conf"), "port 7125\n");
  RunResult a = RunToExit({tmp.file("ok.conf"), "--port", "7", "--foo", "1"}, tmp);
  EXPECT_EQ(a.exit_code, 1);
  EXPECT_EQ(a.err, Fatal(4, "foo \"1\"", "Bad directive or wrong number of arguments"));
  // After a bare --name the next argument is its value, even when it starts with "--".
  RunResult b = RunToExit({"--foo", "--port", "1"}, tmp);
  EXPECT_EQ(b.err, Fatal(2, "foo \"--port\" \"1\"", "Bad directive or wrong number of arguments"));
  // A bare --save followed by another option means save "".
  RunResult c = RunToExit({"--save", "--maxmemory", "1x"}, tmp);
  EXPECT_EQ(c.err, Fatal(3, "maxmemory \"1x\"", "argument must be a memory value"));
  RunResult d = RunToExit({"--port", "1", "--bar", "a b", "c\"d"}, tmp);
  EXPECT_EQ(d.err, Fatal(3, "bar \"a b\" \"c\\\"d\"", "Bad directive or wrong number of arguments"));
  RunResult e = RunToExit({"--hz", "abc"}, tmp);
  EXPECT_EQ(e.err, Fatal(2, "hz \"abc\"", "argument couldn't be parsed into an integer"));
}

TEST(StartupTest, ConfigFromStandardInputComesBetweenFileAndOptions) {
  TempDir tmp;
  RunResult r = RunToExit({"-", "--bar"}, tmp, "port 7125\nhz 5\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, Fatal(4, "bar", "Bad directive or wrong number of arguments"));
  EXPECT_NE(r.out.find("# Reading config from stdin"), std::string::npos) << r.out;
}

TEST(StartupTest, MissingConfigFileIsAFatalLogLine) {
  TempDir tmp;
  RunResult r = RunToExit({"/nonexistent/eddy.conf"}, tmp);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(" # Fatal error, can't open config file '/nonexistent/eddy.conf': No "
                       "such file or directory\n"),
            std::string::npos)
      << r.out;
}

TEST(StartupTest, DebiansStockRedisConfStartsTheServer) {
  const char* stock = "/etc/redis/redis.conf";
  if (!fs::exists(stock)) GTEST_SKIP() << "no " << stock;
  TempDir tmp;
  std::string conf = tmp.file("redis.conf");
  // The stock file daemonizes and writes under /var; point those at our directory. The
  // port comes from the command line (ServerProcess appends --port P).
  WriteFile(conf, ReadFile(stock) + "\ndaemonize no\nlogfile " + tmp.file("redis.log") +
                      "\npidfile " + tmp.file("redis.pid") + "\ndir " + tmp.path().string() +
                      "\n");
  ServerProcess server;
  ServerProcess::Options o;
  o.binary = EDDY_SERVER_BIN;
  o.config_file = conf;
  ASSERT_EQ(server.start(o), "");
  Context c = ConnectTo(server.port());
  ASSERT_TRUE(c);
  EXPECT_TRUE(IsStatus(Cmd(c.get(), {"PING"}).get(), "PONG"));
  Reply bind = Cmd(c.get(), {"CONFIG", "GET", "bind"});
  ASSERT_TRUE(bind && bind->elements == 2);
  EXPECT_EQ(std::string(bind->element[1]->str), "127.0.0.1 -::1");
  Reply dir = Cmd(c.get(), {"CONFIG", "GET", "dir"});
  ASSERT_TRUE(dir && dir->elements == 2);
  EXPECT_EQ(std::string(dir->element[1]->str), fs::canonical(tmp.path()).string());
  EXPECT_EQ(ReadFile(tmp.file("redis.pid")), std::to_string(server.pid()) + "\n");

  // CONFIG REWRITE keeps the file's comments and updates the changed line in place.
  size_t comments_before = 0;
  for (char ch : ReadFile(conf)) comments_before += ch == '#';
  EXPECT_TRUE(IsStatus(Cmd(c.get(), {"CONFIG", "SET", "hz", "25"}).get(), "OK"));
  EXPECT_TRUE(IsStatus(Cmd(c.get(), {"CONFIG", "REWRITE"}).get(), "OK"));
  std::string rewritten = ReadFile(conf);
  EXPECT_NE(rewritten.find("\nhz 25\n"), std::string::npos);
  EXPECT_EQ(rewritten.find("\nhz 10\n"), std::string::npos);
  size_t comments_after = 0;
  for (char ch : rewritten) comments_after += ch == '#';
  EXPECT_EQ(comments_after, comments_before + 1);  // + "# Generated by CONFIG REWRITE"
}

TEST(StartupTest, DaemonizeDetachesWritesThePidFileAndServes) {
  TempDir tmp;
  int port = FreePort();
  std::string pidfile = tmp.file("x.pid");
  RunResult r = RunToExit({"--port", std::to_string(port), "--daemonize", "yes", "--pidfile",
                           pidfile, "--logfile", tmp.file("log"), "--save", "",
                           "--dir", tmp.path().string()},
                          tmp);
  EXPECT_EQ(r.exit_code, 0);  // the parent returns at once; the daemon lives on
  ASSERT_TRUE(WaitFor([&] { return !ReadFile(pidfile).empty(); })) << ReadFile(tmp.file("log"));
  pid_t pid = std::stoi(ReadFile(pidfile));
  ASSERT_GT(pid, 0);
  Context c;
  ASSERT_TRUE(WaitFor([&] {
    c = ConnectTo(port);
    return c != nullptr;
  }));
  EXPECT_TRUE(IsStatus(Cmd(c.get(), {"PING"}).get(), "PONG"));
  Reply daemonize = Cmd(c.get(), {"CONFIG", "GET", "daemonize", "pidfile"});
  ASSERT_TRUE(daemonize && daemonize->elements == 4);
  EXPECT_EQ(std::string(daemonize->element[1]->str), "yes");
  EXPECT_EQ(std::string(daemonize->element[3]->str), pidfile);
  Cmd(c.get(), {"SHUTDOWN", "NOSAVE"});
  bool gone = WaitFor([&] { return ::kill(pid, 0) != 0; }, 10000);
  if (!gone) ::kill(pid, SIGKILL);
  EXPECT_TRUE(gone) << "the daemon did not exit on SHUTDOWN";
  EXPECT_FALSE(fs::exists(pidfile)) << "the pid file outlived the server";
}

TEST(StartupTest, ConfEddyConfLoads) {
  fs::path conf = fs::path(__FILE__).parent_path().parent_path().parent_path() / "conf/eddy.conf";
  TempDir tmp;
  ServerProcess server;
  ServerProcess::Options o;
  o.binary = EDDY_SERVER_BIN;
  o.config_file = conf.string();
  ASSERT_EQ(server.start(o), "");
  Context c = ConnectTo(server.port());
  ASSERT_TRUE(c);
  EXPECT_TRUE(IsStatus(Cmd(c.get(), {"PING"}).get(), "PONG"));
}

}  // namespace
}  // namespace eddy::testing
