#include "eddy/protocol/reply_writer.h"

#include <cassert>

#include <cmath>
#include <cstdio>

#include "eddy/base/strutil.h"

namespace eddy {

void ReplyWriter::header(char type, size_t n) {
  char buf[32];
  buf[0] = type;
  int len = 1 + ll_to_chars(static_cast<int64_t>(n), buf + 1);
  buf[len++] = '\r';
  buf[len++] = '\n';
  raw(std::string_view(buf, static_cast<size_t>(len)));
}

void ReplyWriter::simple(std::string_view s) {
  if (muted_) return;
  out_->append('+');
  out_->append(s);
  out_->append("\r\n");
}

void ReplyWriter::error(std::string_view text) {
  if (errsink_) errsink_->on_error_reply(text);
  if (muted_) return;
  // Error text may never carry newlines (Redis replaces them with spaces).
  std::string t(text);
  for (auto& c : t)
    if (c == '\r' || c == '\n') c = ' ';
  out_->append('-');
  out_->append(t);
  out_->append("\r\n");
}

void ReplyWriter::integer(int64_t v) {
  char buf[32];
  buf[0] = ':';
  int len = 1 + ll_to_chars(v, buf + 1);
  buf[len++] = '\r';
  buf[len++] = '\n';
  raw(std::string_view(buf, static_cast<size_t>(len)));
}

void ReplyWriter::bulk(std::string_view s) {
  if (muted_) return;
  header('$', s.size());
  out_->append(s);
  out_->append("\r\n");
}

void ReplyWriter::bulk(int64_t v) {
  char buf[24];
  bulk(std::string_view(buf, static_cast<size_t>(ll_to_chars(v, buf))));
}

void ReplyWriter::dbl(double d) {
  if (resp_ >= 3) {
    if (std::isinf(d)) {
      raw(d > 0 ? ",inf\r\n" : ",-inf\r\n");
      return;
    }
    if (std::isnan(d)) {
      raw(",nan\r\n");
      return;
    }
  }
  dbl_text(double_to_string(d));
}

void ReplyWriter::dbl_text(std::string_view text) {
  if (resp_ >= 3) {
    if (muted_) return;
    out_->append(',');
    out_->append(text);
    out_->append("\r\n");
  } else {
    bulk(text);
  }
}

void ReplyWriter::boolean(bool b) {
  if (resp_ >= 3)
    raw(b ? "#t\r\n" : "#f\r\n");
  else
    raw(b ? ":1\r\n" : ":0\r\n");
}

void ReplyWriter::null() { raw(resp_ >= 3 ? "_\r\n" : "$-1\r\n"); }
void ReplyWriter::null_array() { raw(resp_ >= 3 ? "_\r\n" : "*-1\r\n"); }

void ReplyWriter::verbatim(std::string_view text, std::string_view format) {
  if (resp_ < 3) {
    bulk(text);
    return;
  }
  if (muted_) return;
  header('=', text.size() + 4);
  out_->append(format.substr(0, 3));
  out_->append(':');
  out_->append(text);
  out_->append("\r\n");
}

void ReplyWriter::big_number(std::string_view digits) {
  if (resp_ < 3) {
    bulk(digits);
    return;
  }
  if (muted_) return;
  out_->append('(');
  out_->append(digits);
  out_->append("\r\n");
}

void ReplyWriter::bulks(std::initializer_list<std::string_view> items) {
  array(items.size());
  for (auto s : items) bulk(s);
}

ReplyWriter::Deferred ReplyWriter::begin(char kind) {
  if (muted_) return {};
  return Deferred{out_->placeholder(), kind, ++open_deferred_};
}

void ReplyWriter::end(Deferred d, size_t n) {
  if (!d.slot.chunk) return;
  assert(d.depth == open_deferred_ && "deferred replies closed out of order");
  --open_deferred_;
  char type = d.kind;
  if (type == 'm') {  // RESP2 map: array of 2n
    type = '*';
    n *= 2;
  }
  char buf[32];
  buf[0] = type;
  int len = 1 + ll_to_chars(static_cast<int64_t>(n), buf + 1);
  buf[len++] = '\r';
  buf[len++] = '\n';
  out_->fill_placeholder(d.slot, std::string_view(buf, static_cast<size_t>(len)));
}

}  // namespace eddy
