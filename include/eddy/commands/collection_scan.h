// Arguments of the collection SCAN commands (HSCAN, SSCAN and, later, ZSCAN).
//
// The command handlers call these in Redis's order: the cursor is parsed before the key is
// looked up (`SSCAN missing x` is "ERR invalid cursor"), the MATCH / COUNT options only
// once the key exists and has the right type (`SSCAN missing 0 COUNT 0` is an empty scan,
// not a syntax error). Unlike SCAN there is no TYPE option.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace eddy {

inline constexpr std::string_view kInvalidCursor = "ERR invalid cursor";

struct CollectionScanArgs {
  int64_t count = 10;
  std::string_view pattern;
  bool use_pattern = false;  // false for no MATCH and for MATCH *
};

// Parses a cursor as Redis does (strtoul base 10): a leading space, trailing garbage or
// overflow are errors; "", "+5", "007" and "-1" (which wraps) are accepted.
bool parse_collection_cursor(std::string_view text, uint64_t* out);

// Parses `[MATCH pattern] [COUNT count]` from argv[start]. Returns an empty view on
// success, else the error to reply ("ERR syntax error", "ERR value is not an integer or
// out of range"). A count below 1 is a syntax error, as in Redis.
std::string_view parse_collection_scan_args(std::span<const std::string_view> argv,
                                            size_t start, CollectionScanArgs* out);

// The decimal text of a cursor (unsigned, as Redis replies it).
std::string cursor_text(uint64_t cursor);

}  // namespace eddy
