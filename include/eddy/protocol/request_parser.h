// Incremental RESP request parser (server side): multibulk arrays and inline commands.
//
// Called by the server for each client's query buffer. It keeps its progress between calls
// (arguments are recorded as offsets into the buffer), so a command arriving one byte at a
// time is parsed in linear time. Limits mirror Redis: proto-max-bulk-len, 64 KiB inline
// lines and count strings, and the smaller limits for unauthenticated clients. Errors carry
// Redis's exact "Protocol error: ..." text; the caller replies "-ERR <text>" and closes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace eddy {

class RequestParser {
 public:
  enum class Status { NeedMore, Command, Empty, Error };

  static constexpr size_t kInlineMax = 64 * 1024;

  void set_max_bulk_len(int64_t n) { max_bulk_ = n; }
  void set_authenticated(bool a) { authenticated_ = a; }

  // Parses from buf[*pos]. On Command, argv holds views into buf and *pos is past the
  // command. On Empty (blank inline line, "*0"), *pos advanced and nothing to run.
  // On NeedMore, *pos is unchanged and the partial state is remembered.
  Status parse(std::string_view buf, size_t* pos, std::vector<std::string_view>* argv);

  const std::string& error() const { return error_; }
  // Bytes the current partially parsed bulk still needs (to size reads of big bulks).
  int64_t pending_bulk() const { return bulk_len_; }
  bool in_progress() const { return mb_remaining_ > 0 || mb_started_; }
  // The caller dropped `n` bytes from the front of its buffer (all before *pos).
  void shift(size_t n);
  void reset();

 private:
  Status parse_inline(std::string_view buf, size_t* pos, std::vector<std::string_view>* argv);
  Status fail(std::string msg) {
    error_ = std::move(msg);
    return Status::Error;
  }

  int64_t max_bulk_ = 512LL * 1024 * 1024;
  bool authenticated_ = true;
  std::string error_;

  // Multibulk progress.
  bool mb_started_ = false;
  int64_t mb_remaining_ = 0;
  int64_t bulk_len_ = -1;
  size_t cursor_ = 0;  // absolute offset of the next unparsed byte of the command
  std::vector<std::pair<size_t, size_t>> args_;
  std::vector<std::string> inline_args_;  // storage for inline-parsed arguments
};

}  // namespace eddy
