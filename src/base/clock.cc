#include "eddy/base/clock.h"

#include <time.h>

#include <chrono>

namespace eddy {
namespace {
SystemClock g_system_clock;
Clock* g_clock = &g_system_clock;
}  // namespace

int64_t SystemClock::now_us() const {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

void set_clock(Clock* clock) { g_clock = clock ? clock : &g_system_clock; }
int64_t now_us() { return g_clock->now_us(); }
int64_t now_ms_coarse() {
  if (g_clock != &g_system_clock) return g_clock->now_us() / 1000;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME_COARSE, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}
int64_t monotonic_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace eddy
