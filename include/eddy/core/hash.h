// Seeded 64-bit hash for keyspace and collection tables.
//
// A multiply-mix hash keyed by a per-process random seed (set once at start-up), so that
// an attacker who does not know the seed cannot craft colliding keys (hash flooding).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace eddy {

void set_hash_seed(uint64_t seed);
uint64_t hash_seed();
uint64_t hash_bytes(const void* data, size_t len, uint64_t seed);
inline uint64_t hash_key(std::string_view s) { return hash_bytes(s.data(), s.size(), hash_seed()); }
// Case-insensitive variant (command names, config names).
uint64_t hash_key_nocase(std::string_view s);

}  // namespace eddy
