#include "eddy/keyspace/value.h"

#include <cstdlib>

#include "eddy/base/strutil.h"

namespace eddy {

const char* type_name(ValueType t) {
  switch (t) {
    case ValueType::String: return "string";
    case ValueType::List: return "list";
    case ValueType::Set: return "set";
    case ValueType::ZSet: return "zset";
    case ValueType::Hash: return "hash";
    case ValueType::Stream: return "stream";
  }
  return "none";
}

const char* encoding_name(Encoding e) {
  switch (e) {
    case Encoding::Int: return "int";
    case Encoding::Embstr: return "embstr";
    case Encoding::Raw: return "raw";
    case Encoding::Listpack: return "listpack";
    case Encoding::Quicklist: return "quicklist";
    case Encoding::Intset: return "intset";
    case Encoding::Hashtable: return "hashtable";
    case Encoding::Skiplist: return "skiplist";
    case Encoding::Stream: return "stream";
  }
  return "unknown";
}

Value Value::string(std::string_view s) {
  Value v;
  int64_t n;
  if (s.size() <= 20 && string_to_ll(s, &n)) {
    v.enc_ = Encoding::Int;
    v.ival_ = n;
    return v;
  }
  if (s.size() <= kEmbstrMax) {
    v.enc_ = Encoding::Embstr;
    v.len_ = static_cast<uint32_t>(s.size());
    if (s.empty()) {
      v.sptr_ = nullptr;
    } else {
      v.sptr_ = static_cast<char*>(std::malloc(s.size()));
      std::memcpy(v.sptr_, s.data(), s.size());
    }
    return v;
  }
  return raw_string(std::string(s));
}

Value Value::string_no_int(std::string_view s) {
  if (s.size() > kEmbstrMax) return raw_string(std::string(s));
  Value v;
  v.enc_ = Encoding::Embstr;
  v.len_ = static_cast<uint32_t>(s.size());
  v.sptr_ = nullptr;
  if (!s.empty()) {
    v.sptr_ = static_cast<char*>(std::malloc(s.size()));
    std::memcpy(v.sptr_, s.data(), s.size());
  }
  return v;
}

Value Value::raw_string(std::string s) {
  Value v;
  v.enc_ = Encoding::Raw;
  v.rptr_ = new std::string(std::move(s));
  return v;
}

Value Value::integer(int64_t n) {
  Value v;
  v.enc_ = Encoding::Int;
  v.ival_ = n;
  return v;
}

Value Value::object(ValueType t, std::unique_ptr<Object> obj) {
  Value v;
  v.type_ = t;
  v.enc_ = Encoding::Raw;
  v.obj_ = obj.release();
  return v;
}

std::string_view Value::str(char* scratch) const {
  switch (enc_) {
    case Encoding::Int: return std::string_view(scratch, static_cast<size_t>(ll_to_chars(ival_, scratch)));
    case Encoding::Embstr: return std::string_view(sptr_ ? sptr_ : "", len_);
    default: return *rptr_;
  }
}

std::string Value::to_string() const {
  char buf[24];
  return std::string(str(buf));
}

size_t Value::string_length() const {
  switch (enc_) {
    case Encoding::Int: {
      char buf[24];
      return static_cast<size_t>(ll_to_chars(ival_, buf));
    }
    case Encoding::Embstr: return len_;
    default: return rptr_->size();
  }
}

std::string& Value::raw() {
  if (enc_ != Encoding::Raw) {
    std::string s = to_string();
    reset();
    type_ = ValueType::String;
    enc_ = Encoding::Raw;
    rptr_ = new std::string(std::move(s));
  }
  return *rptr_;
}

Value Value::clone() const {
  if (type_ != ValueType::String) return object(type_, obj_->clone());
  switch (enc_) {
    case Encoding::Int: return integer(ival_);
    case Encoding::Embstr: {
      char buf[1];
      return string(str(buf));
    }
    default: return raw_string(*rptr_);
  }
}

size_t Value::memory_usage() const {
  if (type_ != ValueType::String) return obj_->memory_usage();
  switch (enc_) {
    case Encoding::Int: return 0;
    case Encoding::Embstr: return len_;
    default: return sizeof(std::string) + rptr_->capacity() + 1;
  }
}

void Value::reset() {
  if (type_ != ValueType::String) {
    delete obj_;
  } else if (enc_ == Encoding::Embstr) {
    std::free(sptr_);
  } else if (enc_ == Encoding::Raw) {
    delete rptr_;
  }
  type_ = ValueType::String;
  enc_ = Encoding::Int;
  ival_ = 0;
  len_ = 0;
}

}  // namespace eddy
