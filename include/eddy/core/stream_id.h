// StreamID: the 128-bit ID of a stream entry, `<ms>-<seq>`, ordered by (ms, seq).
//
// Stored as radix-tree keys in 16-byte big-endian form, so byte order is ID order. Used by
// the packed stream nodes (core/stream_node.h) and the stream type (types/stream.h).
#pragma once
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace eddy {

struct StreamID {
  uint64_t ms = 0;
  uint64_t seq = 0;

  friend auto operator<=>(const StreamID&, const StreamID&) = default;
  friend bool operator==(const StreamID&, const StreamID&) = default;

  static constexpr StreamID min() { return {0, 0}; }
  static constexpr StreamID max() { return {UINT64_MAX, UINT64_MAX}; }
  bool is_zero() const { return ms == 0 && seq == 0; }

  // The next / previous ID; false (unchanged) at max() / min().
  bool increment() {
    if (seq == UINT64_MAX) {
      if (ms == UINT64_MAX) return false;
      ++ms;
      seq = 0;
    } else {
      ++seq;
    }
    return true;
  }
  bool decrement() {
    if (seq == 0) {
      if (ms == 0) return false;
      --ms;
      seq = UINT64_MAX;
    } else {
      --seq;
    }
    return true;
  }

  // 16-byte big-endian key.
  void encode(char out[16]) const {
    for (int i = 0; i < 8; ++i) {
      out[i] = static_cast<char>(ms >> (56 - 8 * i));
      out[8 + i] = static_cast<char>(seq >> (56 - 8 * i));
    }
  }
  std::string key() const {
    std::string s(16, '\0');
    encode(s.data());
    return s;
  }
  static StreamID decode(std::string_view key) {
    StreamID id;
    for (int i = 0; i < 8; ++i) {
      id.ms = (id.ms << 8) | static_cast<uint8_t>(key[i]);
      id.seq = (id.seq << 8) | static_cast<uint8_t>(key[8 + i]);
    }
    return id;
  }

  // "ms-seq".
  std::string to_string() const { return std::to_string(ms) + "-" + std::to_string(seq); }
};

}  // namespace eddy
