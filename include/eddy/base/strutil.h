// Number parsing/formatting and string helpers with Redis's exact semantics.
//
// Called by every layer above base. The parsers are strict in the way Redis is strict:
// string_to_ll() rejects leading spaces, '+', leading zeros and overflow, so that "int"
// encodings and "value is not an integer" errors match the oracle byte for byte.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eddy {

// ASCII-only lower case (what Redis folds command names and options with); no locale.
inline unsigned char ascii_lower(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + 32) : c;
}

// Strict signed 64-bit parse ("-0", "+1", " 1", "01" all rejected; "0" ok).
bool string_to_ll(std::string_view s, int64_t* out);
// Strict unsigned 64-bit parse (same rules, no sign).
bool string_to_ull(std::string_view s, uint64_t* out);
// Double parse as Redis's getDoubleFromObject: strtod on the whole string, no spaces,
// NaN rejected; "inf"/"-inf"/"+inf" accepted.
bool string_to_double(std::string_view s, double* out);
// Long double parse as getLongDoubleFromObject (used by INCRBYFLOAT/HINCRBYFLOAT).
bool string_to_long_double(std::string_view s, long double* out);

// Decimal text of v into buf (at least 21 bytes); returns length.
int ll_to_chars(int64_t v, char* buf);
std::string ll_to_string(int64_t v);
// "%.17g" formatting with inf/-inf spelled as Redis does (used for scores and RESP doubles).
std::string double_to_string(double d);
// Human long double formatting of INCRBYFLOAT: "%.17Lf" with trailing zeros (and a
// trailing '.') removed; inf/-inf rejected by callers beforehand.
std::string long_double_to_string(long double d);

// Glob match with Redis semantics: *, ?, [a-z], [^x], backslash escapes.
bool glob_match(std::string_view pattern, std::string_view str, bool nocase = false);

// ASCII lower-casing.
std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);

// Human memory format of INFO ("1.23M", "512B").
std::string bytes_to_human(uint64_t n);

// Quote a string the way Redis's sdscatrepr does ("\"a\\n\"", \xNN escapes).
std::string repr(std::string_view s);

// Memory units of redis.conf: "1gb", "100mb", "10k", "42"; false on bad input.
bool parse_memory(std::string_view s, int64_t* out);

// Splits a line the way sdssplitargs does (quotes, escapes). nullopt on unbalanced quotes.
std::optional<std::vector<std::string>> split_args(std::string_view line);

}  // namespace eddy
