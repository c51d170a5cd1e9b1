// CollectionLimits: the encoding thresholds of the collection types, fed from config.
//
// The types layer never reads the server config; commands pass these values (built from
// `list-max-listpack-size`, `hash-max-listpack-entries`, ...) into every call that may
// change an encoding. Defaults are Redis 7.0's. Redis 7.0 has no packed encoding for
// non-integer sets (that arrived in 7.2), so there is no set listpack limit here: small
// sets of strings are hash tables, as the oracle reports.
#pragma once
#include <cstddef>
#include <cstdint>
#include <random>

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
};

// Random source for the random-member helpers (SRANDMEMBER, SPOP, HRANDFIELD, ...).
using TypeRng = std::mt19937_64;

}  // namespace eddy
