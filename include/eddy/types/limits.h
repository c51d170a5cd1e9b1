// CollectionLimits: the encoding thresholds of the collection types, fed from config;
// plus the two small helpers every type's API uses (TypeRng, FnRef).
//
// The types layer never reads the server config; commands pass these values (built from
// `list-max-listpack-size`, `hash-max-listpack-entries`, ...) into every call that may
// change an encoding. Defaults are Redis 7.0's. Redis 7.0 has no packed encoding for
// non-integer sets (that arrived in 7.2), so there is no set listpack limit here: small
// sets of strings are hash tables, as the oracle reports.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <type_traits>
#include <utility>

namespace eddy {

struct CollectionLimits {
  // list-max-listpack-size: -1..-5 cap each list node at 4/8/16/32/64 KiB, a positive
  // value caps it at that many entries.
  int list_max_listpack_size = -2;
  size_t hash_max_listpack_entries = 512;
  size_t hash_max_listpack_value = 64;
  size_t set_max_intset_entries = 512;
  size_t zset_max_listpack_entries = 128;
  size_t zset_max_listpack_value = 64;
  // stream-node-max-bytes / -entries (for streams built by the RDB loader).
  int64_t stream_node_max_bytes = 4096;
  int64_t stream_node_max_entries = 100;
};

// Random source for the random-member helpers (SRANDMEMBER, SPOP, HRANDFIELD, ...).
using TypeRng = std::mt19937_64;

// A non-owning reference to a callable, so that visitors (for_each, scan, sampling) keep
// their code in .cc files without std::function's allocation. The callable must outlive
// the call it is passed to (pass lambdas directly as arguments).
template <typename Sig>
class FnRef;
template <typename R, typename... Args>
class FnRef<R(Args...)> {
 public:
  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, FnRef>>>
  FnRef(F&& f)  // NOLINT(google-explicit-constructor): implicit on purpose, like function_ref
      : obj_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        call_([](void* o, Args... a) -> R {
          return (*static_cast<std::remove_reference_t<F>*>(o))(std::forward<Args>(a)...);
        }) {}
  R operator()(Args... a) const { return call_(obj_, std::forward<Args>(a)...); }

 private:
  void* obj_;
  R (*call_)(void*, Args...);
};

}  // namespace eddy
