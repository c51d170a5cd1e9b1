// Argument grammar: turns a CommandSpec::args syntax line into the argument tree that
// COMMAND DOCS replies with (and that redis-cli 7.0 turns back into its input hints).
//
// Called by the COMMAND DOCS handler and by the command-table test (every row's line must
// parse). The input is the syntax line of the Redis docs, e.g.
//
//   key value [NX | XX] [GET] [EX seconds | PX milliseconds | KEEPTTL]
//   destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>]
//
//   word in CAPS (or no letters: * = ~ "")  a pure token, typed by the client as is
//   lowercase word                          an argument; its type comes from its name
//                                           (key, count, seconds, pattern, ...), or is
//                                           given explicitly: `increment:double`
//   [ ... ]                                 optional
//   < ... >                                 required group (needed around alternatives)
//   a | b                                   one of (inside [ ] or < >)
//   x [x ...]   T x [T x ...]   a b [a b ...]   repetition of what precedes the [ ... ]
//   [name: ...]                             names a group (COMMAND DOCS "name" field)
//
// A token followed by one argument becomes that argument's "token" (EX seconds); followed
// by several, a block carrying the token (LIMIT offset count). Alternatives and bracketed
// sequences become "oneof" and "block" nodes. Names of unnamed groups are derived from
// their children ("nx_xx"), which is where Eddy's COMMAND DOCS differs from Redis's
// hand-written names ("condition"); the hint redis-cli renders is the same.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace eddy {

enum class ArgType : uint8_t {
  String, Integer, Double, Key, Pattern, UnixTime, PureToken, OneOf, Block,
};
// The COMMAND DOCS spelling: "string", "integer", ..., "pure-token", "oneof", "block".
const char* arg_type_name(ArgType t);

enum ArgFlag : uint8_t {
  kArgOptional = 1 << 0,
  kArgMultiple = 1 << 1,
  kArgMultipleToken = 1 << 2,  // the token repeats with each value: GET p [GET p ...]
};

struct ArgNode {
  std::string name;
  ArgType type = ArgType::String;
  std::string token;              // empty when the argument has no token
  uint8_t flags = 0;              // ArgFlag bits
  std::vector<ArgNode> children;  // OneOf and Block only
};

struct ArgGrammar {
  std::vector<ArgNode> args;
  std::string error;  // empty when the line parsed
  bool ok() const { return error.empty(); }
};

// Parses a syntax line (empty line: no arguments). Never throws; errors name the offset.
ArgGrammar parse_arg_grammar(std::string_view line);

// Renders a tree as redis-cli 7.0 renders its hint line from COMMAND DOCS:
// "key value [NX|XX] [GET] [EX seconds|PX milliseconds|KEEPTTL]".
std::string render_arg_hint(std::span<const ArgNode> args);

}  // namespace eddy
