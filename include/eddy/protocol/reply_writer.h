// ReplyWriter: the only way handlers produce replies. Hides RESP2 vs RESP3.
//
// Handlers never branch on the protocol version: map() is an array of 2n in RESP2, set() an
// array, dbl() a bulk string, boolean() an integer, null() "$-1" (or "*-1" via
// null_array()), push() an array. Deferred lengths let a handler emit elements before it
// knows their count. error() takes the text without '-' and reports the error code to the
// stats sink (INFO errorstats).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "eddy/protocol/output_buffer.h"

namespace eddy {

class ErrorStatsSink {
 public:
  virtual ~ErrorStatsSink() = default;
  virtual void on_error_reply(std::string_view text) = 0;
};

class ReplyWriter {
 public:
  ReplyWriter(OutputBuffer* out, int resp) : out_(out), resp_(resp) {}

  int resp() const { return resp_; }
  void set_resp(int r) { resp_ = r; }
  void set_error_sink(ErrorStatsSink* s) { errsink_ = s; }
  // When muted (CLIENT REPLY OFF/SKIP) nothing is written.
  void set_muted(bool m) { muted_ = m; }
  bool muted() const { return muted_; }
  OutputBuffer* buffer() const { return out_; }

  void ok() { raw("+OK\r\n"); }
  void simple(std::string_view s);
  void error(std::string_view text);
  void integer(int64_t v);
  void bulk(std::string_view s);
  void bulk(int64_t v);  // an integer as a bulk string
  void dbl(double d);
  // A double with a given textual form (RESP2 bulk of text; RESP3 ",text").
  void dbl_text(std::string_view text);
  void boolean(bool b);
  void null();        // null bulk (RESP2 "$-1")
  void null_array();  // null multibulk (RESP2 "*-1")
  void array(size_t n) { header('*', n); }
  void map(size_t n) { header(resp_ >= 3 ? '%' : '*', resp_ >= 3 ? n : n * 2); }
  void set(size_t n) { header(resp_ >= 3 ? '~' : '*', n); }
  void push(size_t n) { header(resp_ >= 3 ? '>' : '*', n); }
  void attribute(size_t n) { header('|', n); }
  void verbatim(std::string_view text, std::string_view format = "txt");
  void big_number(std::string_view digits);
  void empty_array() { raw("*0\r\n"); }
  void bulks(std::initializer_list<std::string_view> items);

  // Deferred lengths.
  struct Deferred {
    OutputBuffer::Slot slot;
    char kind = '*';
    int depth = 0;  // deferred replies must be closed innermost first
  };
  Deferred begin_array() { return begin('*'); }
  Deferred begin_map() { return begin(resp_ >= 3 ? '%' : 'm'); }
  Deferred begin_set() { return begin(resp_ >= 3 ? '~' : '*'); }
  void end(Deferred d, size_t n);

  // Raw protocol bytes (already formatted).
  void raw(std::string_view s) {
    if (!muted_) out_->append(s);
  }

 private:
  void header(char type, size_t n);
  Deferred begin(char kind);

  OutputBuffer* out_;
  int resp_;
  bool muted_ = false;
  int open_deferred_ = 0;
  ErrorStatsSink* errsink_ = nullptr;
};

}  // namespace eddy
