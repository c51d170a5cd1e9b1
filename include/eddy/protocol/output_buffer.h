// OutputBuffer: a client's pending reply bytes, as a queue of chunks.
//
// ReplyWriter appends to the last chunk (16 KiB) so small replies cost no allocation once a
// chunk exists; large bulks get their own chunk. The server drains chunks with gather
// writes (writev) once per loop turn. References to chunks stay valid while chunks are
// appended (std::deque), which deferred lengths rely on.
#pragma once
#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

namespace eddy {

class OutputBuffer {
 public:
  static constexpr size_t kChunk = 16 * 1024;

  void append(std::string_view s) {
    if (s.empty()) return;
    bytes_ += s.size();
    if (!chunks_.empty()) {
      std::string& last = chunks_.back();
      if (last.size() + s.size() <= last.capacity() || last.size() + s.size() <= kChunk) {
        if (last.capacity() < kChunk && last.size() + s.size() > last.capacity())
          last.reserve(kChunk);
        last.append(s);
        return;
      }
    }
    if (s.size() >= kChunk) {
      if (!chunks_.empty() && chunks_.back().empty()) {
        chunks_.back().assign(s);  // the kept empty chunk (see consume())
        return;
      }
      chunks_.emplace_back(s);
      return;
    }
    chunks_.emplace_back();
    chunks_.back().reserve(kChunk);
    chunks_.back().append(s);
  }
  void append(char c) { append(std::string_view(&c, 1)); }

  // Deferred lengths: a position in the last chunk where a header is inserted later. The
  // bytes written after it (usually a few hundred, in the same chunk) move up when the
  // header is filled in; no chunk is allocated per deferred reply. Positions of nested
  // deferred replies stay valid because the inner one is filled first (LIFO).
  struct Slot {
    std::string* chunk = nullptr;
    size_t offset = 0;
  };
  Slot placeholder() {
    if (chunks_.empty() || chunks_.back().size() >= kChunk) {
      chunks_.emplace_back();
      chunks_.back().reserve(kChunk);
    }
    return Slot{&chunks_.back(), chunks_.back().size()};
  }
  void fill_placeholder(Slot slot, std::string_view s) {
    slot.chunk->insert(slot.offset, s);
    bytes_ += s.size();
  }

  size_t size() const { return bytes_ - sent_; }
  bool empty() const { return size() == 0; }
  size_t chunk_count() const { return chunks_.size(); }
  // Memory held, including a kept empty chunk (tot-mem, used_memory_clients).
  size_t memory() const {
    size_t m = 0;
    for (auto& c : chunks_) m += c.capacity();
    return m;
  }
  // Memory of the chunks after the first: the part Redis keeps in its reply list, which its
  // omem and client_recent_max_output_buffer count (its static 16 KiB buffer is not).
  size_t list_memory() const {
    size_t m = 0;
    for (size_t i = 1; i < chunks_.size(); ++i) m += chunks_[i].capacity();
    return m;
  }
  // Frees the chunk kept after the buffer drained (called from cron for idle buffers).
  void release_spare() {
    if (empty() && !chunks_.empty()) clear();
  }

  // Gather view for writev: fills up to max (ptr,len) pairs from the front.
  template <typename IoVec>
  size_t gather(IoVec* iov, size_t max) const {
    size_t n = 0;
    size_t skip = front_off_;
    for (auto it = chunks_.begin(); it != chunks_.end() && n < max; ++it) {
      if (it->size() <= skip) {
        skip = 0;
        continue;
      }
      iov[n].iov_base = const_cast<char*>(it->data() + skip);
      iov[n].iov_len = it->size() - skip;
      skip = 0;
      ++n;
    }
    return n;
  }
  // Drops n bytes from the front after a successful write.
  void consume(size_t n) {
    sent_ += n;
    while (n && !chunks_.empty()) {
      size_t avail = chunks_.front().size() - front_off_;
      if (n >= avail) {
        n -= avail;
        front_off_ = 0;
        if (chunks_.size() == 1 && chunks_.front().capacity() <= kChunk) {
          // The last chunk is kept (emptied) for the next replies, as Redis keeps its
          // static reply buffer: a subscriber fed one message at a time would otherwise
          // allocate and free 16 KiB per message. release_spare() drops it.
          chunks_.front().clear();
          break;
        }
        chunks_.pop_front();
      } else {
        front_off_ += n;
        n = 0;
      }
    }
    while (!chunks_.empty() && chunks_.front().size() == front_off_ && chunks_.size() > 1) {
      chunks_.pop_front();
      front_off_ = 0;
    }
    if (chunks_.size() == 1 && front_off_ == chunks_.front().size()) {
      chunks_.front().clear();
      front_off_ = 0;
    }
    if (empty()) {
      bytes_ = sent_ = 0;
    }
  }
  // Everything as one string (tests).
  std::string take_all() {
    std::string r;
    size_t skip = front_off_;
    for (auto& c : chunks_) {
      r.append(c, skip < c.size() ? skip : c.size());
      skip = 0;
    }
    clear();
    return r;
  }
  void clear() {
    chunks_.clear();
    front_off_ = 0;
    bytes_ = sent_ = 0;
  }

 private:
  std::deque<std::string> chunks_;
  size_t front_off_ = 0;
  size_t bytes_ = 0;  // total appended since last empty
  size_t sent_ = 0;
};

}  // namespace eddy
