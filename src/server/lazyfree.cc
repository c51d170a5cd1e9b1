#include "eddy/server/lazyfree.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

#include "eddy/keyspace/database.h"

namespace eddy::lazyfree {
namespace {

struct Job {
  std::function<void()> fn;
  uint64_t objects;
};

// The worker lives in a function-local static: created on first use, joined at exit so no
// free is cut off half-way (and leak checkers see every job finish).
class Worker {
 public:
  ~Worker() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  void submit(Job job) {
    pending_.fetch_add(job.objects, std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
      queue_.push_back(std::move(job));
    }
    cv_.notify_all();
  }

  void drain() {
    std::unique_lock<std::mutex> lock(mu_);
    idle_cv_.wait(lock, [this] { return queue_.empty() && !busy_; });
  }

  std::atomic<uint64_t> pending_{0};
  std::atomic<uint64_t> freed_{0};

 private:
  void run() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stop_ and nothing left
      Job job = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
      lock.unlock();
      job.fn();
      job.fn = nullptr;  // whatever the closure captured is released here, off the loop
      pending_.fetch_sub(job.objects, std::memory_order_relaxed);
      freed_.fetch_add(job.objects, std::memory_order_relaxed);
      lock.lock();
      busy_ = false;
      if (queue_.empty()) idle_cv_.notify_all();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<Job> queue_;
  std::thread thread_;
  bool busy_ = false;
  bool stop_ = false;
};

Worker& worker() {
  static Worker w;
  return w;
}

}  // namespace

void submit(std::function<void()> job, uint64_t objects) {
  worker().submit(Job{std::move(job), objects});
}

void free_database(std::unique_ptr<Database> db) {
  uint64_t n = db->size();
  // std::function needs a copyable callable: hold the Database through a shared_ptr whose
  // only owner is the job (moved in, so the last reference never stays on this thread).
  submit([owned = std::shared_ptr<Database>(std::move(db))]() mutable { owned.reset(); }, n);
}

uint64_t pending_objects() { return worker().pending_.load(std::memory_order_relaxed); }
uint64_t freed_objects() { return worker().freed_.load(std::memory_order_relaxed); }
void reset_freed_objects() { worker().freed_.store(0, std::memory_order_relaxed); }
void drain() { worker().drain(); }

}  // namespace eddy::lazyfree
