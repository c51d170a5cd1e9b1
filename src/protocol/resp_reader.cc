#include "eddy/protocol/resp_reader.h"

#include <cstring>
#include <stdexcept>

#include "eddy/base/strutil.h"

namespace eddy {

std::string RespValue::debug() const {
  switch (type) {
    case Type::Simple: return str;
    case Type::Error: return "(error) " + str;
    case Type::Integer: return "(integer) " + std::to_string(integer);
    case Type::Bulk: return repr(str);
    case Type::Null: return "(nil)";
    case Type::NullArray: return "(nil-array)";
    case Type::Double: return "(double) " + str;
    case Type::Boolean: return integer ? "(true)" : "(false)";
    case Type::BigNumber: return "(big) " + str;
    case Type::Verbatim: return "(verbatim) " + repr(str);
    case Type::Map: {
      std::string r = "{";
      for (size_t i = 0; i + 1 < elems.size(); i += 2) {
        if (i) r += ", ";
        r += elems[i].debug() + ": " + elems[i + 1].debug();
      }
      return r + "}";
    }
    default: {
      std::string r = type == Type::Set ? "~[" : type == Type::Push ? ">[" : "[";
      for (size_t i = 0; i < elems.size(); ++i) {
        if (i) r += ", ";
        r += elems[i].debug();
      }
      return r + "]";
    }
  }
}

namespace {

bool read_line(std::string_view buf, size_t* pos, std::string_view* line) {
  size_t p = *pos;
  while (p + 1 < buf.size()) {
    if (buf[p] == '\r' && buf[p + 1] == '\n') {
      *line = buf.substr(*pos, p - *pos);
      *pos = p + 2;
      return true;
    }
    ++p;
  }
  return false;
}

int64_t to_int(std::string_view s) {
  int64_t v;
  if (!string_to_ll(s, &v)) throw std::runtime_error("bad integer in reply: " + std::string(s));
  return v;
}

}  // namespace

std::optional<RespValue> RespReader::parse(std::string_view buf, size_t* pos) {
  size_t p = *pos;
  if (p >= buf.size()) return std::nullopt;
  char t = buf[p++];
  std::string_view line;
  if (!read_line(buf, &p, &line)) return std::nullopt;
  RespValue v;
  auto aggregate = [&](RespValue::Type type, int64_t n) -> std::optional<RespValue> {
    v.type = type;
    for (int64_t i = 0; i < n; ++i) {
      auto e = parse(buf, &p);
      if (!e) return std::nullopt;
      v.elems.push_back(std::move(*e));
    }
    *pos = p;
    return v;
  };
  switch (t) {
    case '+': v.type = RespValue::Type::Simple; v.str = line; break;
    case '-': v.type = RespValue::Type::Error; v.str = line; break;
    case ':': v.type = RespValue::Type::Integer; v.integer = to_int(line); break;
    case ',': v.type = RespValue::Type::Double; v.str = line; break;
    case '(': v.type = RespValue::Type::BigNumber; v.str = line; break;
    case '_': v.type = RespValue::Type::Null; break;
    case '#': v.type = RespValue::Type::Boolean; v.integer = line == "t"; break;
    case '$':
    case '=':
    case '!': {
      int64_t n = to_int(line);
      if (n < 0) {
        v.type = RespValue::Type::Null;
        break;
      }
      if (buf.size() - p < static_cast<size_t>(n) + 2) return std::nullopt;
      v.type = t == '$' ? RespValue::Type::Bulk : t == '=' ? RespValue::Type::Verbatim
                                                             : RespValue::Type::Error;
      v.str = buf.substr(p, static_cast<size_t>(n));
      p += static_cast<size_t>(n) + 2;
      break;
    }
    case '*': {
      int64_t n = to_int(line);
      if (n < 0) {
        v.type = RespValue::Type::NullArray;
        break;
      }
      return aggregate(RespValue::Type::Array, n);
    }
    case '~': return aggregate(RespValue::Type::Set, to_int(line));
    case '>': return aggregate(RespValue::Type::Push, to_int(line));
    case '%': return aggregate(RespValue::Type::Map, to_int(line) * 2);
    case '|': {
      // Attribute: skip it, return the value that follows.
      auto attr = aggregate(RespValue::Type::Map, to_int(line) * 2);
      if (!attr) return std::nullopt;
      return parse(buf, pos);
    }
    default: throw std::runtime_error(std::string("bad RESP type byte: ") + t);
  }
  *pos = p;
  return v;
}

std::vector<RespValue> RespReader::parse_all(std::string_view buf) {
  std::vector<RespValue> out;
  size_t pos = 0;
  while (pos < buf.size()) {
    auto v = parse(buf, &pos);
    if (!v) break;
    out.push_back(std::move(*v));
  }
  return out;
}

}  // namespace eddy
