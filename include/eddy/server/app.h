// App: wires a Server, its Network and the optional subsystems together and runs them.
//
// main() parses the command line (exactly as redis-server does) into a Config and calls
// run_app(). Integration tests start the real binary instead.
#pragma once
#include <string>
#include <vector>

namespace eddy {

inline constexpr const char* kEddyVersion = "0.1.0";
inline constexpr const char* kRedisCompatVersion = "7.0.15";

// Runs the server process with redis-server style arguments. Returns the exit code.
int run_app(int argc, char** argv);

// Sets up spdlog for Redis's log line format ("pid:M 22 Nov 2026 07:40:52.123 * text")
// honouring loglevel and logfile ("" = stdout).
void setup_logging(const std::string& logfile, const std::string& loglevel);

}  // namespace eddy
