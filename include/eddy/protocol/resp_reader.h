// Client-side RESP2/RESP3 reader: turns reply bytes into a RespValue tree.
//
// Used by tests (in-process harness, integration) and benchmark tools, never by the server
// path. Understands every RESP3 type, including attributes (skipped) and streamed strings
// are not needed (Redis 7.0 never sends them).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eddy {

struct RespValue {
  enum class Type {
    Simple, Error, Integer, Bulk, Null, NullArray, Array, Map, Set, Push, Double, Boolean,
    BigNumber, Verbatim
  };
  Type type = Type::Null;
  std::string str;     // Simple, Error, Bulk, Double text, BigNumber, Verbatim (with "txt:")
  int64_t integer = 0; // Integer, Boolean (0/1)
  std::vector<RespValue> elems;  // Array, Set, Push; Map as k,v,k,v...

  // Compact human form used by test failure messages: "OK", "(error) ERR x", "(nil)",
  // "[a, b]", "{k: v}".
  std::string debug() const;
};

class RespReader {
 public:
  // Parses one value from buf[*pos]; nullopt if incomplete. Throws std::runtime_error on
  // malformed input.
  static std::optional<RespValue> parse(std::string_view buf, size_t* pos);
  // Parses all complete values in buf.
  static std::vector<RespValue> parse_all(std::string_view buf);
};

}  // namespace eddy
