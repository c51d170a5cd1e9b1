#include "eddy/base/strutil.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace eddy {

bool string_to_ull(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  if (s.size() == 1 && s[0] == '0') {
    *out = 0;
    return true;
  }
  if (s[0] < '1' || s[0] > '9') return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

bool string_to_ll(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  bool neg = false;
  if (s[0] == '-') {
    neg = true;
    s.remove_prefix(1);
    if (s.empty() || s[0] == '0') return false;
  }
  uint64_t v;
  if (!string_to_ull(s, &v)) return false;
  if (neg) {
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1) return false;
    *out = static_cast<int64_t>(0 - v);
  } else {
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
    *out = static_cast<int64_t>(v);
  }
  return true;
}

bool string_to_double(std::string_view s, double* out) {
  if (s.empty() || s.size() > 5 * 1024) return false;
  if (std::isspace(static_cast<unsigned char>(s[0]))) return false;
  std::string buf(s);
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(buf.c_str(), &end);
  if (end != buf.c_str() + buf.size()) return false;
  if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL || std::fpclassify(v) == FP_ZERO))
    return false;
  if (std::isnan(v)) return false;
  *out = v;
  return true;
}

bool string_to_long_double(std::string_view s, long double* out) {
  if (s.empty() || s.size() >= 5 * 1024) return false;
  if (std::isspace(static_cast<unsigned char>(s[0]))) return false;
  std::string buf(s);
  char* end = nullptr;
  errno = 0;
  long double v = std::strtold(buf.c_str(), &end);
  if (end != buf.c_str() + buf.size()) return false;
  if (errno == ERANGE && (v == HUGE_VALL || v == -HUGE_VALL || std::fpclassify(v) == FP_ZERO))
    return false;
  if (std::isnan(v)) return false;
  *out = v;
  return true;
}

int ll_to_chars(int64_t v, char* buf) {
  char tmp[24];
  int n = 0;
  uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  do {
    tmp[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u);
  int len = 0;
  if (v < 0) buf[len++] = '-';
  while (n) buf[len++] = tmp[--n];
  return len;
}

std::string ll_to_string(int64_t v) {
  char buf[24];
  return std::string(buf, static_cast<size_t>(ll_to_chars(v, buf)));
}

std::string double_to_string(double d) {
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  if (std::isnan(d)) return "nan";
  char buf[64];
  int n = std::snprintf(buf, sizeof(buf), "%.17g", d);
  return std::string(buf, static_cast<size_t>(n));
}

std::string long_double_to_string(long double d) {
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[5200];
  int n = std::snprintf(buf, sizeof(buf), "%.17Lf", d);
  if (n <= 0 || n >= static_cast<int>(sizeof(buf))) return "0";
  if (std::memchr(buf, '.', static_cast<size_t>(n))) {
    while (n > 0 && buf[n - 1] == '0') --n;
    if (n > 0 && buf[n - 1] == '.') --n;
  }
  if (n == 2 && buf[0] == '-' && buf[1] == '0') return "0";
  return std::string(buf, static_cast<size_t>(n));
}

namespace {

inline char fold(char c, bool nocase) {
  return nocase ? static_cast<char>(ascii_lower(c)) : c;
}

// Matches one non-star pattern token at p[j] against c. Sets *len to the token length.
bool match_token(std::string_view p, size_t j, char c, bool nocase, size_t* len) {
  const size_t n = p.size();
  if (p[j] == '?') {
    *len = 1;
    return true;
  }
  if (p[j] == '\\' && n - j >= 2) {
    *len = 2;
    return fold(p[j + 1], nocase) == fold(c, nocase);
  }
  if (p[j] != '[') {
    *len = 1;
    return fold(p[j], nocase) == fold(c, nocase);
  }
  size_t k = j + 1;
  bool negate = k < n && p[k] == '^';
  if (negate) ++k;
  bool matched = false;
  for (;;) {
    if (k >= n) break;  // unterminated class: consumes the rest of the pattern
    if (p[k] == '\\' && n - k >= 2) {
      ++k;
      if (p[k] == c) matched = true;
    } else if (p[k] == ']') {
      ++k;
      break;
    } else if (n - k >= 3 && p[k + 1] == '-') {
      char lo = p[k], hi = p[k + 2], cc = c;
      if (lo > hi) std::swap(lo, hi);
      if (nocase) {
        lo = fold(lo, true);
        hi = fold(hi, true);
        cc = fold(cc, true);
      }
      k += 2;
      if (cc >= lo && cc <= hi) matched = true;
    } else if (fold(p[k], nocase) == fold(c, nocase)) {
      matched = true;
    }
    ++k;
  }
  *len = k - j;
  return negate ? !matched : matched;
}

}  // namespace

bool glob_match(std::string_view p, std::string_view s, bool nocase) {
  // As in Redis, an empty string matches only the empty pattern (not even "*"); callers that
  // treat a lone "*" as "everything" (KEYS, SCAN) special-case it themselves.
  if (s.empty()) return p.empty();
  size_t i = 0, j = 0;
  size_t star_j = std::string_view::npos, star_i = 0;
  while (i < s.size()) {
    if (j < p.size() && p[j] == '*') {
      while (j < p.size() && p[j] == '*') ++j;
      if (j == p.size()) return true;
      star_j = j;
      star_i = i;
      continue;
    }
    size_t len = 0;
    if (j < p.size() && match_token(p, j, s[i], nocase, &len)) {
      j += len;
      ++i;
      continue;
    }
    if (star_j == std::string_view::npos) return false;
    i = ++star_i;
    j = star_j;
  }
  while (j < p.size() && p[j] == '*') ++j;
  return j == p.size();
}

std::string to_lower(std::string_view s) {
  std::string r(s);
  for (auto& c : r) c = static_cast<char>(ascii_lower(c));
  return r;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i]))
      return false;
  return true;
}

std::string bytes_to_human(uint64_t n) {
  char buf[64];
  double d = static_cast<double>(n);
  const char* units = "KMGTP";
  if (n < 1024) {
    std::snprintf(buf, sizeof(buf), "%lluB", static_cast<unsigned long long>(n));
    return buf;
  }
  double scale = 1024;
  for (int u = 0; u < 5; ++u) {
    if (d < scale * 1024 || u == 4) {
      if (u == 4 && d >= scale * 1024) break;
      std::snprintf(buf, sizeof(buf), "%.2f%c", d / scale, units[u]);
      return buf;
    }
    scale *= 1024;
  }
  std::snprintf(buf, sizeof(buf), "%lluB", static_cast<unsigned long long>(n));
  return buf;
}

std::string repr(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      default:
        if (std::isprint(c)) {
          out += static_cast<char>(c);
        } else {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\x%02x", c);
          out += buf;
        }
    }
  }
  out += '"';
  return out;
}

bool parse_memory(std::string_view s, int64_t* out) {
  size_t k = 0;
  if (k < s.size() && s[k] == '-') ++k;
  while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k;
  std::string_view num = s.substr(0, k), unit = s.substr(k);
  int64_t mul = 1;
  std::string u = to_lower(unit);
  if (u.empty() || u == "b") mul = 1;
  else if (u == "k") mul = 1000;
  else if (u == "kb") mul = 1024;
  else if (u == "m") mul = 1000 * 1000;
  else if (u == "mb") mul = 1024 * 1024;
  else if (u == "g") mul = 1000LL * 1000 * 1000;
  else if (u == "gb") mul = 1024LL * 1024 * 1024;
  else return false;
  int64_t v;
  if (num.empty()) return false;
  if (num == "-0" || (num.size() > 1 && num[0] == '0')) {
    // Redis accepts leading zeros here (strtoll); normalise.
    while (num.size() > 1 && num[0] == '0') num.remove_prefix(1);
  }
  if (!string_to_ll(num, &v)) return false;
  if (v != 0 && (v > INT64_MAX / mul || v < INT64_MIN / mul)) return false;
  *out = v * mul;
  return true;
}

namespace {
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<std::vector<std::string>> split_args(std::string_view line) {
  std::vector<std::string> out;
  size_t i = 0, n = line.size();
  for (;;) {
    while (i < n && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i >= n) return out;
    std::string cur;
    bool inq = false, insq = false, done = false;
    while (!done) {
      if (inq) {
        if (i >= n) return std::nullopt;
        if (line[i] == '\\' && i + 3 < n && line[i + 1] == 'x' && hex_digit(line[i + 2]) >= 0 &&
            hex_digit(line[i + 3]) >= 0) {
          cur += static_cast<char>(hex_digit(line[i + 2]) * 16 + hex_digit(line[i + 3]));
          i += 3;
        } else if (line[i] == '\\' && i + 1 < n) {
          ++i;
          char c = line[i];
          switch (c) {
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'b': c = '\b'; break;
            case 'a': c = '\a'; break;
            default: break;
          }
          cur += c;
        } else if (line[i] == '"') {
          if (i + 1 < n && !std::isspace(static_cast<unsigned char>(line[i + 1])))
            return std::nullopt;
          done = true;
        } else {
          cur += line[i];
        }
      } else if (insq) {
        if (i >= n) return std::nullopt;
        if (line[i] == '\\' && i + 1 < n && line[i + 1] == '\'') {
          ++i;
          cur += '\'';
        } else if (line[i] == '\'') {
          if (i + 1 < n && !std::isspace(static_cast<unsigned char>(line[i + 1])))
            return std::nullopt;
          done = true;
        } else {
          cur += line[i];
        }
      } else {
        if (i >= n) {
          done = true;
          break;
        }
        char c = line[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\0') {
          done = true;
        } else if (c == '"') {
          inq = true;
        } else if (c == '\'') {
          insq = true;
        } else {
          cur += c;
        }
      }
      if (i < n) ++i;
    }
    out.push_back(std::move(cur));
  }
}

}  // namespace eddy
