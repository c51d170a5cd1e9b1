#include "eddy/commands/collection_scan.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "eddy/base/strutil.h"
#include "eddy/protocol/errors.h"

namespace eddy {

bool parse_collection_cursor(std::string_view text, uint64_t* out) {
  std::string buf(text);
  if (!buf.empty() && std::isspace(static_cast<unsigned char>(buf[0]))) return false;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(buf.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE) return false;
  *out = v;
  return true;
}

std::string_view parse_collection_scan_args(std::span<const std::string_view> argv,
                                            size_t start, CollectionScanArgs* out) {
  for (size_t i = start; i < argv.size(); i += 2) {
    const bool has_value = i + 1 < argv.size();
    std::string_view opt = argv[i];
    if (iequals(opt, "count") && has_value) {
      int64_t n = 0;
      if (!string_to_ll(argv[i + 1], &n)) return err::kNotInteger;
      if (n < 1) return err::kSyntax;
      out->count = n;
    } else if (iequals(opt, "match") && has_value) {
      out->pattern = argv[i + 1];
      out->use_pattern = out->pattern != "*";
    } else {
      return err::kSyntax;
    }
  }
  return {};
}

std::string cursor_text(uint64_t cursor) {
  return std::to_string(static_cast<unsigned long long>(cursor));
}

}  // namespace eddy
