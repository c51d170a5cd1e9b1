// Injectable wall clock.
//
// Everything that reads time (expiry, idle times, INFO uptime, TIME) goes through
// eddy::now_ms()/now_us() so that tests can substitute a ManualClock and drive expiry
// deterministically. The default clock reads the system real-time clock.
#pragma once
#include <cstdint>

namespace eddy {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t now_us() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t now_us() const override;
};

// A clock that only moves when told to; used by the in-process command tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_us) : now_(start_us) {}
  int64_t now_us() const override { return now_; }
  void advance_ms(int64_t ms) { now_ += ms * 1000; }
  void set_us(int64_t us) { now_ = us; }

 private:
  int64_t now_;
};

// Installs a clock (nullptr restores the system clock). Not thread-safe: call at start-up.
void set_clock(Clock* clock);
int64_t now_us();
inline int64_t now_ms() { return now_us() / 1000; }
// Milliseconds from the kernel's coarse clock (a few ms of resolution, no hardware clock
// read) for LRU stamps and client idle times; a ManualClock still decides it in tests.
int64_t now_ms_coarse();
// Monotonic microseconds for measuring durations (never affected by ManualClock).
int64_t monotonic_us();

}  // namespace eddy
