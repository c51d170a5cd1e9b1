// Stream values in RDB files: STREAM_LISTPACKS_2 (type 19, what Redis 7.0 writes) and the
// older STREAM_LISTPACKS (15) for reading.
//
//   nodes:  count | (master ID as a 16-byte string, node as a Redis stream listpack) ...
//   meta:   length | last_id | first_id | max_deleted_id | entries_added      (v2 adds the
//           last three; v1 derives them)
//   groups: count | name | last_id | entries_read (v2) |
//           PEL: count | (16-byte ID, delivery time ms, delivery count) ... |
//           consumers: count | name | seen time ms | PEL: count | 16-byte ID ...
//
// A node's listpack is Redis's stream node layout: the master entry (live count, deleted
// count, number of master fields, the fields, 0), then per entry flags, ms and seq deltas
// from the master ID, [number of fields, field, value ...] or (same fields as the master)
// values only, and the entry's element count. Eddy's own nodes have the same entry layout
// with the counters kept outside, so writing is a re-encoding; loading re-appends the
// entries (deleted ones too, then deletes them) so node boundaries come out as the
// configured limits make them.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "eddy/base/strutil.h"
#include "eddy/persistence/rdb.h"
#include "eddy/persistence/redis_encodings.h"
#include "eddy/types/stream.h"

namespace eddy {

bool rdb_write_stream(RdbWriter& w, const Value& v) {
  const Stream* s = v.as<Stream>();
  w.length(s->node_count());
  s->for_each_node([&](StreamID master, const StreamNode& node) {
    RedisListpackWriter lp;
    lp.add_int(static_cast<int64_t>(node.count()));
    lp.add_int(static_cast<int64_t>(node.deleted()));
    lp.add_int(node.master_fields());
    node.for_each_master_field([&](const ElemRef& f) { lp.add(f.view()); });
    lp.add_int(0);
    for (auto p = node.first(); p != node.end(); p = node.next(p)) {
      StreamNode::Entry e = node.read(master, p);
      const bool same = e.flags & StreamNode::kSameFields;
      lp.add_int(e.flags);
      lp.add_int(static_cast<int64_t>(e.id.ms - master.ms));
      lp.add_int(static_cast<int64_t>(e.id.seq - master.seq));
      if (!same) lp.add_int(e.nfields);
      node.for_each_field(e, [&](const ElemRef& f, const ElemRef& val) {
        if (!same) lp.add(f.view());
        lp.add(val.view());
      });
      lp.add_int(same ? e.nfields + 3 : 2 * static_cast<int64_t>(e.nfields) + 4);
    }
    w.string(master.key());
    w.string(lp.finish());
  });
  auto id = [&](StreamID x) {
    w.length(x.ms);
    w.length(x.seq);
  };
  w.length(s->length());
  id(s->last_id());
  id(s->first_id());
  id(s->max_deleted_id());
  w.length(s->entries_added());
  const Rax* groups = s->groups();
  w.length(groups ? groups->size() : 0);
  if (!groups) return true;
  Rax::Iterator git(*groups);
  for (bool ok = git.seek_first(); ok; ok = git.next()) {
    const auto* g = static_cast<const ConsumerGroup*>(git.value());
    w.string(git.key());
    id(g->last_id);
    w.length(static_cast<uint64_t>(g->entries_read));
    w.length(g->pel.size());
    Rax::Iterator pit(g->pel);
    for (bool more = pit.seek_first(); more; more = pit.next()) {
      const auto* pe = static_cast<const PendingEntry*>(pit.value());
      w.raw(pit.key());
      w.millis(pe->delivery_time);
      w.length(pe->delivery_count);
    }
    w.length(g->consumers.size());
    Rax::Iterator cit(g->consumers);
    for (bool more = cit.seek_first(); more; more = cit.next()) {
      const auto* c = static_cast<const StreamConsumer*>(cit.value());
      w.string(c->name);
      w.millis(c->seen_time);
      w.length(c->pel.size());
      Rax::Iterator cp(c->pel);
      for (bool m = cp.seek_first(); m; m = cp.next()) w.raw(cp.key());
    }
  }
  return true;
}

namespace {

bool read_id(RdbReader& r, StreamID* out) { return r.length(&out->ms) && r.length(&out->seq); }

}  // namespace

bool rdb_read_stream(RdbReader& r, uint8_t type, Value* out) {
  const bool v2 = type == kRdbStreamListpacks2;
  auto s = std::make_unique<Stream>();
  // The loader is given collection limits through RdbReader::value; streams use defaults
  // that the server overrides (stream-node-max-*) via limits passed at load time.
  Stream::NodeLimits nl;
  nl.max_bytes = r.stream_limits().stream_node_max_bytes;
  nl.max_entries = r.stream_limits().stream_node_max_entries;
  uint64_t nodes;
  if (!r.length(&nodes)) return false;
  std::vector<StreamID> deleted;
  StreamID prev;
  bool any = false;
  for (uint64_t n = 0; n < nodes; ++n) {
    std::string key, blob;
    if (!r.string(&key) || !r.string(&blob)) return false;
    if (key.size() != 16) return r.fail("stream node key is not a 16-byte ID");
    StreamID master = StreamID::decode(key);
    std::vector<PackedElement> el;
    if (!read_redis_listpack(blob, [&](const PackedElement& e) { el.push_back(e); }))
      return r.fail("invalid stream node listpack");
    // Materialise each element as text (fields and values may be integer-encoded).
    std::vector<std::string> text;
    text.reserve(el.size());
    for (auto& e : el) text.push_back(e.text());
    auto as_int = [&](size_t i, int64_t* v) {
      if (i >= el.size()) return false;
      if (el[i].is_int) {
        *v = el[i].ival;
        return true;
      }
      return string_to_ll(el[i].str, v);
    };
    int64_t count, dels, nmaster;
    if (!as_int(0, &count) || !as_int(1, &dels) || !as_int(2, &nmaster) || nmaster < 0 ||
        static_cast<size_t>(nmaster) + 4 > el.size())
      return r.fail("invalid stream master entry");
    size_t p = 3;
    std::vector<std::string_view> master_fields;
    for (int64_t i = 0; i < nmaster; ++i) master_fields.push_back(text[p++]);
    int64_t zero;
    if (!as_int(p++, &zero) || zero != 0) return r.fail("invalid stream master entry");
    int64_t seen_live = 0, seen_deleted = 0;
    while (p < el.size()) {
      int64_t flags, msd, seqd, nf;
      if (!as_int(p, &flags) || !as_int(p + 1, &msd) || !as_int(p + 2, &seqd))
        return r.fail("invalid stream entry");
      p += 3;
      const bool same = flags & StreamNode::kSameFields;
      if (same) {
        nf = nmaster;
      } else if (!as_int(p++, &nf) || nf < 0) {
        return r.fail("invalid stream entry");
      }
      size_t need = static_cast<size_t>(same ? nf : 2 * nf);
      if (p + need + 1 > el.size()) return r.fail("truncated stream entry");
      std::vector<std::string_view> fv;
      for (int64_t i = 0; i < nf; ++i) {
        if (same) {
          fv.push_back(master_fields[static_cast<size_t>(i)]);
          fv.push_back(text[p++]);
        } else {
          fv.push_back(text[p++]);
          fv.push_back(text[p++]);
        }
      }
      int64_t lpcount;
      if (!as_int(p++, &lpcount) || lpcount != (same ? nf + 3 : 2 * nf + 4))
        return r.fail("invalid stream entry element count");
      StreamID id{master.ms + static_cast<uint64_t>(msd), master.seq + static_cast<uint64_t>(seqd)};
      if (any && id <= prev) return r.fail("stream entry IDs out of order");
      any = true;
      prev = id;
      s->append(id, fv, nl);
      if (flags & StreamNode::kDeleted) {
        deleted.push_back(id);
        ++seen_deleted;
      } else {
        ++seen_live;
      }
    }
    if (seen_live != count || seen_deleted != dels)
      return r.fail("stream node counts do not match its entries");
  }
  for (StreamID id : deleted) s->erase(id);
  uint64_t length;
  StreamID last, first, maxdel;
  uint64_t added = 0;
  if (!r.length(&length) || !read_id(r, &last)) return false;
  if (v2) {
    if (!read_id(r, &first) || !read_id(r, &maxdel) || !r.length(&added)) return false;
  } else {
    added = length;
  }
  if (length != s->length()) return r.fail("stream length does not match its entries");
  if (any && last < prev) return r.fail("stream last ID is below its entries");
  s->set_last_id(last);
  s->set_entries_added(added);
  if (v2) s->set_max_deleted_id(maxdel);
  uint64_t ngroups;
  if (!r.length(&ngroups)) return false;
  for (uint64_t g = 0; g < ngroups; ++g) {
    std::string name;
    StreamID glast;
    if (!r.string(&name) || !read_id(r, &glast)) return false;
    int64_t entries_read;
    if (v2) {
      uint64_t er;
      if (!r.length(&er)) return false;
      entries_read = static_cast<int64_t>(er);
    } else {
      entries_read = s->estimate_entries_read(glast);
    }
    ConsumerGroup* cg = s->create_group(name, glast, entries_read);
    if (!cg) return r.fail("duplicated consumer group name");
    uint64_t npel;
    if (!r.length(&npel)) return false;
    struct Pending {
      int64_t time;
      uint64_t count;
      bool owned = false;
    };
    std::map<std::string, Pending> pel;
    for (uint64_t i = 0; i < npel; ++i) {
      std::string_view idkey;
      Pending pe;
      if (!r.raw(16, &idkey) || !r.millis(&pe.time) || !r.length(&pe.count)) return false;
      if (!pel.emplace(std::string(idkey), pe).second) return r.fail("duplicated pending entry");
    }
    uint64_t nconsumers;
    if (!r.length(&nconsumers)) return false;
    for (uint64_t c = 0; c < nconsumers; ++c) {
      std::string cname;
      int64_t seen;
      uint64_t cpel;
      if (!r.string(&cname) || !r.millis(&seen) || !r.length(&cpel)) return false;
      StreamConsumer* consumer = cg->create_consumer(cname, seen);
      if (!consumer) return r.fail("duplicated consumer name");
      for (uint64_t i = 0; i < cpel; ++i) {
        std::string_view idkey;
        if (!r.raw(16, &idkey)) return false;
        auto it = pel.find(std::string(idkey));
        if (it == pel.end() || it->second.owned)
          return r.fail("consumer pending entry not in the group's PEL");
        it->second.owned = true;
        cg->add_pending(StreamID::decode(idkey), consumer, it->second.time, it->second.count);
      }
    }
    for (auto& [k, pe] : pel)
      if (!pe.owned) return r.fail("pending entry without a consumer");
  }
  *out = Value::object(ValueType::Stream, std::move(s));
  return true;
}

}  // namespace eddy
