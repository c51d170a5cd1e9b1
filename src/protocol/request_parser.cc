#include "eddy/protocol/request_parser.h"

#include <climits>
#include <cstring>

#include "eddy/base/strutil.h"

namespace eddy {

void RequestParser::reset() {
  mb_started_ = false;
  mb_remaining_ = 0;
  bulk_len_ = -1;
  cursor_ = 0;
  args_.clear();
}

void RequestParser::shift(size_t n) {
  if (!mb_started_) return;
  cursor_ -= n;
  for (auto& a : args_) a.first -= n;
}

RequestParser::Status RequestParser::parse_inline(std::string_view buf, size_t* pos,
                                                  std::vector<std::string_view>* argv) {
  size_t start = *pos;
  const char* nl = static_cast<const char*>(std::memchr(buf.data() + start, '\n', buf.size() - start));
  if (!nl) {
    if (buf.size() - start > kInlineMax) return fail("Protocol error: too big inline request");
    return Status::NeedMore;
  }
  size_t end = static_cast<size_t>(nl - buf.data());
  size_t line_end = end;
  if (line_end > start && buf[line_end - 1] == '\r') --line_end;
  auto parts = split_args(buf.substr(start, line_end - start));
  if (!parts) return fail("Protocol error: unbalanced quotes in request");
  *pos = end + 1;
  if (parts->empty()) return Status::Empty;
  inline_args_ = std::move(*parts);
  argv->clear();
  for (auto& s : inline_args_) argv->emplace_back(s);
  return Status::Command;
}

RequestParser::Status RequestParser::parse(std::string_view buf, size_t* pos,
                                           std::vector<std::string_view>* argv) {
  if (!mb_started_) {
    if (*pos >= buf.size()) return Status::NeedMore;
    if (buf[*pos] != '*') return parse_inline(buf, pos, argv);
    size_t start = *pos;
    const char* cr =
        static_cast<const char*>(std::memchr(buf.data() + start, '\r', buf.size() - start));
    if (!cr) {
      if (buf.size() - start > kInlineMax) return fail("Protocol error: too big mbulk count string");
      return Status::NeedMore;
    }
    size_t crpos = static_cast<size_t>(cr - buf.data());
    if (crpos + 1 >= buf.size()) return Status::NeedMore;  // need the '\n'
    int64_t n;
    bool ok = string_to_ll(buf.substr(start + 1, crpos - start - 1), &n);
    if (!ok || n > INT_MAX) return fail("Protocol error: invalid multibulk length");
    if (!authenticated_ && n > 10) return fail("Protocol error: unauthenticated multibulk length");
    if (n <= 0) {
      *pos = crpos + 2;
      return Status::Empty;
    }
    mb_started_ = true;
    mb_remaining_ = n;
    bulk_len_ = -1;
    cursor_ = crpos + 2;
    args_.clear();
    args_.reserve(static_cast<size_t>(n < 1024 ? n : 1024));
  }

  while (mb_remaining_ > 0) {
    if (bulk_len_ < 0) {
      if (cursor_ >= buf.size()) return Status::NeedMore;
      const char* cr =
          static_cast<const char*>(std::memchr(buf.data() + cursor_, '\r', buf.size() - cursor_));
      if (!cr) {
        if (buf.size() - cursor_ > kInlineMax) return fail("Protocol error: too big bulk count string");
        return Status::NeedMore;
      }
      size_t crpos = static_cast<size_t>(cr - buf.data());
      if (crpos + 1 >= buf.size()) return Status::NeedMore;
      if (buf[cursor_] != '$')
        return fail(std::string("Protocol error: expected '$', got '") + buf[cursor_] + "'");
      int64_t n;
      bool ok = string_to_ll(buf.substr(cursor_ + 1, crpos - cursor_ - 1), &n);
      if (!ok || n < 0 || n > max_bulk_) return fail("Protocol error: invalid bulk length");
      if (!authenticated_ && n > 16384) return fail("Protocol error: unauthenticated bulk length");
      bulk_len_ = n;
      cursor_ = crpos + 2;
    }
    if (buf.size() - cursor_ < static_cast<size_t>(bulk_len_) + 2) return Status::NeedMore;
    args_.emplace_back(cursor_, static_cast<size_t>(bulk_len_));
    cursor_ += static_cast<size_t>(bulk_len_) + 2;
    bulk_len_ = -1;
    --mb_remaining_;
  }
  argv->clear();
  for (auto& a : args_) argv->emplace_back(buf.data() + a.first, a.second);
  *pos = cursor_;
  mb_started_ = false;
  cursor_ = 0;
  return Status::Command;
}

}  // namespace eddy
