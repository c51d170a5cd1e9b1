// Stream: the value of a stream key — an append-only log of entries (ID + field/value
// pairs) with consumer groups, their consumers and pending-entry lists (PEL).
//
// The stream commands (commands/stream_commands.cc) call it; it knows nothing of RESP or
// of argument syntax, and returns data and status enums.
//
//   nodes_ (Rax, core/rax.h): master ID (16 B big-endian) -> StreamNode* (core/stream_node.h)
//      [1-0 .. 1-99] [5-0 .. 5-99] [9-3 ...]      each node: up to stream-node-max-entries
//                                                 entries / stream-node-max-bytes
//   groups_ (Rax, created on first group): name -> ConsumerGroup
//      ConsumerGroup: last_id, entries_read, pel (ID -> PendingEntry*),
//                     consumers (name -> StreamConsumer)
//      StreamConsumer: name, seen_time, pel (ID -> the same PendingEntry*)
//      PendingEntry: delivery_time, delivery_count, owner (StreamConsumer*)
//
// Metadata as Redis 7.0 keeps it: length (live entries), last_id (the greatest ID ever
// added, or set by XSETID), first_id (the first live entry, 0-0 when empty),
// max_deleted_id (greatest ID removed by XDEL), entries_added (ever added, for `lag`).
//
// Invariants: node keys are their first entry's ID and nodes hold increasing IDs, all
// <= last_id; a PendingEntry is in exactly one group PEL and in its owner's PEL under the
// same ID; a group PEL may name IDs that were since deleted from the stream (as in Redis:
// XCLAIM/XAUTOCLAIM/XREADGROUP report and clean them). A node whose entries were all
// trimmed by an exact XTRIM may stay, empty, until an XADD fills it or it is trimmed away,
// as Redis 7.0 leaves it (XINFO radix-tree-keys shows it); XDEL frees a node once empty.
//
// Memory: entries cost their packed bytes (IDs as small deltas, repeated field names
// shared through the master entry); a pending entry costs one 24-byte PendingEntry slot plus
// about 9 bytes in each of the two PELs when IDs are dense (Rax leaf slots).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/core/rax.h"
#include "eddy/core/stream_id.h"
#include "eddy/core/stream_node.h"
#include "eddy/keyspace/value.h"

namespace eddy {

// "Unknown" for ConsumerGroup::entries_read (XINFO GROUPS shows nil).
inline constexpr int64_t kEntriesReadInvalid = -1;

struct StreamConsumer;

struct PendingEntry {
  int64_t delivery_time = 0;  // unix ms of the last delivery
  uint64_t delivery_count = 0;
  union {
    StreamConsumer* consumer = nullptr;
    PendingEntry* next_free;  // while in the group's free list
  };
};
static_assert(sizeof(PendingEntry) == 24);

// Slots for a group's PendingEntries: blocks of 24-byte slots (growing from 8 to 512 per
// block) with a free list, so an entry costs 24 bytes rather than a 32-byte allocator
// class. Slots are reused, never returned, until the group goes.
class PendingPool {
 public:
  PendingPool() = default;
  ~PendingPool();
  PendingPool(const PendingPool&) = delete;
  PendingPool& operator=(const PendingPool&) = delete;
  PendingEntry* alloc();
  void free(PendingEntry* pe);
  size_t memory_usage() const { return capacity_ * sizeof(PendingEntry); }

 private:
  std::vector<PendingEntry*> blocks_;
  size_t capacity_ = 0;   // slots in all blocks
  size_t last_used_ = 0;  // slots handed out from the last block
  size_t last_size_ = 0;
  PendingEntry* free_ = nullptr;
};

struct StreamConsumer {
  std::string name;
  int64_t seen_time = 0;  // unix ms of the last read/claim attempt (XINFO CONSUMERS idle)
  Rax pel;                // ID key -> PendingEntry* (owned by the group's PEL)
};

class ConsumerGroup {
 public:
  ConsumerGroup(StreamID last_id, int64_t entries_read)
      : last_id(last_id), entries_read(entries_read) {}
  ~ConsumerGroup();
  ConsumerGroup(const ConsumerGroup&) = delete;
  ConsumerGroup& operator=(const ConsumerGroup&) = delete;
  std::unique_ptr<ConsumerGroup> clone() const;

  StreamConsumer* find_consumer(std::string_view name) const {
    return static_cast<StreamConsumer*>(consumers.get(name));
  }
  // nullptr when a consumer of that name exists.
  StreamConsumer* create_consumer(std::string_view name, int64_t now_ms);
  // Removes the consumer and its pending entries (from the group PEL too); returns how
  // many entries it had pending.
  size_t delete_consumer(StreamConsumer* c);

  PendingEntry* pending(StreamID id) const {
    return static_cast<PendingEntry*>(pel.get(id.key()));
  }
  // A new PEL entry for id (not pending yet) owned by c.
  PendingEntry* add_pending(StreamID id, StreamConsumer* c, int64_t delivery_time,
                            uint64_t delivery_count);
  // Gives a pending entry to another consumer.
  void transfer(StreamID id, PendingEntry* pe, StreamConsumer* to);
  // Removes id from both PELs; false when it was not pending.
  bool ack(StreamID id);
  size_t pending_count() const { return pel.size(); }

  StreamID last_id;
  int64_t entries_read;
  Rax pel;        // ID key -> PendingEntry* (slots of `pool`)
  Rax consumers;  // name -> StreamConsumer*
  PendingPool pool;
};

class Stream final : public Object {
 public:
  struct NodeLimits {
    int64_t max_bytes = 4096;   // stream-node-max-bytes (0: no limit but 1 GiB)
    int64_t max_entries = 100;  // stream-node-max-entries (0: no limit)
  };
  enum class TrimBy { MaxLen, MinId };
  struct TrimSpec {
    TrimBy by = TrimBy::MaxLen;
    uint64_t maxlen = 0;
    StreamID minid;
    bool approx = false;  // `~`: whole nodes only
    int64_t limit = 0;    // `~` only: at most this many entries (0: no limit)
  };

  Stream() = default;
  ~Stream() override;
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  Encoding encoding() const override { return Encoding::Stream; }
  std::unique_ptr<Object> clone() const override;
  size_t memory_usage() const override;

  uint64_t length() const { return length_; }
  StreamID last_id() const { return last_id_; }
  StreamID first_id() const { return first_id_; }
  StreamID max_deleted_id() const { return max_deleted_id_; }
  uint64_t entries_added() const { return entries_added_; }
  void set_last_id(StreamID id) { last_id_ = id; }
  void set_entries_added(uint64_t n) { entries_added_ = n; }
  void set_max_deleted_id(StreamID id) { max_deleted_id_ = id; }
  // Radix-tree keys (nodes) and radix-tree nodes (allocations) for XINFO STREAM.
  size_t node_count() const { return nodes_.size(); }
  size_t rax_node_count() const { return nodes_.node_count(); }

  // The ID `*` gives now (`ms` = the clock), or `<ms>-*` (`seq_auto`): false when no ID
  // greater than last_id() is possible that way.
  bool next_id(uint64_t ms, bool ms_given, StreamID* out) const;
  // Appends an entry; id must be greater than last_id(). fv: field, value, field, ...
  void append(StreamID id, std::span<const std::string_view> fv, const NodeLimits& limits);
  // Trims per spec; returns the number of entries removed.
  int64_t trim(const TrimSpec& spec);
  // XDEL of one ID: true when a live entry was removed.
  bool erase(StreamID id);
  // True when a live entry has this ID.
  bool contains(StreamID id) const;
  // The last live entry's ID (false when empty).
  bool last_live_id(StreamID* out) const;
  // The first entry still packed in a node, deleted or not; max() when there is none
  // (what Redis 7.0 writes for a `MINID ~` trim it propagates).
  StreamID first_packed_id() const;

  // Redis 7.0's logical read counter of `id` (the number of entries up to it ever added)
  // when it can be known, else kEntriesReadInvalid.
  int64_t estimate_entries_read(StreamID id) const;
  // True when an entry deleted by XDEL may lie in [start, end] (end omitted: to the end).
  bool range_has_tombstones(StreamID start, std::optional<StreamID> end) const;
  // The `lag` of a group as XINFO GROUPS reports it (nullopt: unknown, nil).
  std::optional<int64_t> group_lag(const ConsumerGroup& g) const;
  // Records that the group read the entry `id` (> its last_id), keeping entries_read.
  void group_delivered(ConsumerGroup& g, StreamID id) const;

  // Consumer groups, in name order.
  ConsumerGroup* group(std::string_view name) const {
    return groups_ ? static_cast<ConsumerGroup*>(groups_->get(name)) : nullptr;
  }
  // nullptr when the name is taken.
  ConsumerGroup* create_group(std::string_view name, StreamID last_id, int64_t entries_read);
  bool destroy_group(std::string_view name);
  size_t group_count() const { return groups_ ? groups_->size() : 0; }
  const Rax* groups() const { return groups_.get(); }

  // Calls fn(StreamID master, const StreamNode&) for every node in ID order (RDB).
  template <typename Fn>
  void for_each_node(Fn&& fn) const {
    Rax::Iterator it(nodes_);
    for (bool ok = it.seek_first(); ok; ok = it.next())
      fn(StreamID::decode(it.key()), *static_cast<const StreamNode*>(it.value()));
  }

  // Live entries in [start, end], forward or reverse.
  class Iterator {
   public:
    Iterator(const Stream& s, StreamID start, StreamID end, bool reverse);
    bool next();
    StreamID id() const { return entry_.id; }
    uint32_t field_count() const { return entry_.nfields; }
    template <typename Fn>
    void for_each_field(Fn&& fn) const {
      node_->for_each_field(entry_, fn);
    }

   private:
    bool load_node();
    const Stream* s_;
    Rax::Iterator rit_;
    StreamID start_, end_;
    bool reverse_;
    bool started_ = false;
    bool done_ = false;
    StreamNode* node_ = nullptr;
    StreamID master_;
    StreamNode::Pos pos_ = 0;
    StreamNode::Entry entry_;
  };

 private:
  // Recomputes first_id_ from the first live entry (0-0 when empty).
  void refresh_first_id();
  void remove_node(std::string_view key, StreamNode* node);

  Rax nodes_;
  uint64_t length_ = 0;
  StreamID last_id_;
  StreamID first_id_;
  StreamID max_deleted_id_;
  uint64_t entries_added_ = 0;
  std::unique_ptr<Rax> groups_;
};

}  // namespace eddy
