// LazyFree: frees memory off the main thread (FLUSHALL ASYNC, FLUSHDB ASYNC, and any
// other caller that wants to drop a large value without stalling the loop).
//
// One background thread, started on first use, drains a FIFO of jobs. The contract that
// keeps it lock-free for everyone else: a job owns everything it frees. Callers hand over
// memory no other thread can reach any more, e.g. a Database whose contents were swapped
// out of the live one. Values own all their bytes (no sharing between keys), so freeing
// them on another thread touches nothing the main thread uses. The allocator is
// thread-safe.
//
// INFO memory reports `lazyfree_pending_objects` (handed over, not yet freed) and
// `lazyfreed_objects` (freed in the background since start or CONFIG RESETSTAT).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>

namespace eddy {

class Database;

namespace lazyfree {

// Runs `job` on the background thread; `objects` is what the INFO counters count (keys).
void submit(std::function<void()> job, uint64_t objects);
// Frees a detached Database and every key in it in the background.
void free_database(std::unique_ptr<Database> db);

uint64_t pending_objects();
uint64_t freed_objects();
void reset_freed_objects();
// Blocks until every job submitted so far has run (tests, orderly shutdown).
void drain();

}  // namespace lazyfree
}  // namespace eddy
