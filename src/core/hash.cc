#include "eddy/core/hash.h"

#include "eddy/base/strutil.h"

#include <cctype>
#include <cstring>

namespace eddy {
namespace {
uint64_t g_seed = 0x6a09e667f3bcc909ULL;
constexpr uint64_t kP0 = 0xa0761d6478bd642fULL;
constexpr uint64_t kP1 = 0xe7037ed1a0b428dbULL;
constexpr uint64_t kP2 = 0x8ebc6af09c88c6e3ULL;

inline uint64_t mum(uint64_t a, uint64_t b) {
  __uint128_t r = static_cast<__uint128_t>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}
inline uint64_t load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
}  // namespace

void set_hash_seed(uint64_t seed) { g_seed = seed; }
uint64_t hash_seed() { return g_seed; }

uint64_t hash_bytes(const void* data, size_t len, uint64_t seed) {
  const uint8_t* p = static_cast<const uint8_t*>(data);
  uint64_t h = seed ^ mum(seed ^ kP0, kP1 ^ len);
  size_t n = len;
  while (n >= 16) {
    h = mum(load64(p) ^ kP1, load64(p + 8) ^ h);
    p += 16;
    n -= 16;
  }
  uint8_t tail[16] = {0};
  std::memcpy(tail, p, n);
  uint64_t a = load64(tail), b = load64(tail + 8);
  return mum(kP2 ^ len, mum(a ^ kP1, b ^ h));
}

uint64_t hash_key_nocase(std::string_view s) {
  char buf[64];
  if (s.size() <= sizeof(buf)) {
    for (size_t i = 0; i < s.size(); ++i)
      buf[i] = static_cast<char>(ascii_lower(s[i]));
    return hash_bytes(buf, s.size(), g_seed);
  }
  std::string_view rest = s;
  uint64_t h = g_seed;
  while (!rest.empty()) {
    size_t n = rest.size() < sizeof(buf) ? rest.size() : sizeof(buf);
    for (size_t i = 0; i < n; ++i)
      buf[i] = static_cast<char>(ascii_lower(rest[i]));
    h = hash_bytes(buf, n, h);
    rest.remove_prefix(n);
  }
  return h;
}

}  // namespace eddy
