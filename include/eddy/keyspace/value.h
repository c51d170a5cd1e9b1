// Value: what a key holds, in 16 bytes.
//
// Strings are stored compactly: an integer-looking string (OBJECT ENCODING "int") lives
// inline in the value; short strings ("embstr") are one exact-size allocation holding only
// the bytes (the length lives here); strings that were appended to or are long ("raw") are a
// growable std::string. Collections are an owned Object subclass (types/ layer).
//
//   +---------------------------+-------------+------+-----+-------+
//   | int64 | char* | Object*   | uint32 len  | type | enc | flags |
//   +---------------------------+-------------+------+-----+-------+
#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace eddy {

enum class ValueType : uint8_t { String = 0, List, Set, ZSet, Hash, Stream };
enum class Encoding : uint8_t {
  Int,
  Embstr,
  Raw,
  Listpack,
  Quicklist,
  Intset,
  Hashtable,
  Skiplist,
  Stream,
};

const char* type_name(ValueType t);      // "string", "list", ...
const char* encoding_name(Encoding e);   // "int", "embstr", ...

// Base of collection objects (List, Hash, Set, ZSet, Stream in types/).
class Object {
 public:
  virtual ~Object() = default;
  virtual Encoding encoding() const = 0;
  virtual std::unique_ptr<Object> clone() const = 0;
  // Approximate heap bytes owned (MEMORY USAGE).
  virtual size_t memory_usage() const = 0;
};

// Max length of a string stored as embstr (Redis: 44).
inline constexpr size_t kEmbstrMax = 44;

class Value {
 public:
  Value() : ival_(0), len_(0), type_(ValueType::String), enc_(Encoding::Embstr), flags_(0) {}
  ~Value() { reset(); }
  Value(const Value&) = delete;
  Value& operator=(const Value&) = delete;
  Value(Value&& o) noexcept { steal(o); }
  Value& operator=(Value&& o) noexcept {
    if (this != &o) {
      reset();
      steal(o);
    }
    return *this;
  }

  // A string value with Redis's automatic encoding (int when it parses as a strict int64 of
  // at most 20 chars, embstr up to 44 bytes, raw beyond).
  static Value string(std::string_view s);
  // A string that is never int-encoded: embstr up to 44 bytes, raw beyond (what Redis's
  // createStringObject gives, e.g. the result of INCRBYFLOAT even when it reads "3").
  static Value string_no_int(std::string_view s);
  // A string forced to raw encoding (result of APPEND/SETRANGE/... in Redis).
  static Value raw_string(std::string s);
  static Value integer(int64_t v);
  static Value object(ValueType t, std::unique_ptr<Object> obj);

  ValueType type() const { return type_; }
  Encoding encoding() const { return type_ == ValueType::String ? enc_ : obj_->encoding(); }
  bool is_string() const { return type_ == ValueType::String; }
  bool is_int() const { return type_ == ValueType::String && enc_ == Encoding::Int; }
  int64_t int_value() const { return ival_; }

  // String bytes. For int encoding the text is rendered into `scratch` (>= 24 bytes).
  std::string_view str(char* scratch) const;
  // String bytes as std::string (convenience, allocates).
  std::string to_string() const;
  size_t string_length() const;
  // Mutable raw string (converts to raw encoding first).
  std::string& raw();

  Object* obj() const { return obj_; }
  template <typename T>
  T* as() const {
    return static_cast<T*>(obj_);
  }

  Value clone() const;
  size_t memory_usage() const;

 private:
  void reset();
  void steal(Value& o) {
    std::memcpy(static_cast<void*>(this), static_cast<const void*>(&o), sizeof(Value));
    o.type_ = ValueType::String;
    o.enc_ = Encoding::Int;
    o.ival_ = 0;
  }

  union {
    int64_t ival_;
    char* sptr_;
    std::string* rptr_;
    Object* obj_;
  };
  uint32_t len_;
  ValueType type_;
  Encoding enc_;
  uint16_t flags_;
};

static_assert(sizeof(Value) == 16);

}  // namespace eddy
