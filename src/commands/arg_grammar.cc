// Argument grammar parser (see arg_grammar.h for the accepted syntax).
//
// Two passes: a recursive-descent parse of the line into "units" (tokens, names, optional
// and required groups, repetitions) that keep their canonical text, so "x [x ...]" can be
// recognised by comparing the repeated text with what precedes it; then a conversion of
// units into ArgNodes that attaches tokens to the arguments that follow them.
#include "eddy/commands/arg_grammar.h"

#include <algorithm>
#include <cctype>

namespace eddy {

const char* arg_type_name(ArgType t) {
  switch (t) {
    case ArgType::String: return "string";
    case ArgType::Integer: return "integer";
    case ArgType::Double: return "double";
    case ArgType::Key: return "key";
    case ArgType::Pattern: return "pattern";
    case ArgType::UnixTime: return "unix-time";
    case ArgType::PureToken: return "pure-token";
    case ArgType::OneOf: return "oneof";
    case ArgType::Block: return "block";
  }
  return "string";
}

namespace {

// Argument names whose type is not "string", as the Redis docs type them most often.
// A row can always be explicit instead: "increment:double".
struct NamedType {
  std::string_view name;
  ArgType type;
};
constexpr NamedType kNamedTypes[] = {
    {"key", ArgType::Key},           {"destination", ArgType::Key},
    {"source", ArgType::Key},        {"newkey", ArgType::Key},
    {"destkey", ArgType::Key},       {"sourcekey", ArgType::Key},
    {"src", ArgType::Key},           {"dst", ArgType::Key},
    {"key1", ArgType::Key},          {"key2", ArgType::Key},
    {"pattern", ArgType::Pattern},   {"count", ArgType::Integer},
    {"seconds", ArgType::Integer},   {"milliseconds", ArgType::Integer},
    {"ms", ArgType::Integer},        {"numkeys", ArgType::Integer},
    {"offset", ArgType::Integer},    {"index", ArgType::Integer},
    {"index1", ArgType::Integer},    {"index2", ArgType::Integer},
    {"start", ArgType::Integer},     {"stop", ArgType::Integer},
    {"end", ArgType::Integer},       {"db", ArgType::Integer},
    {"destination-db", ArgType::Integer}, {"port", ArgType::Integer},
    {"limit", ArgType::Integer},     {"cursor", ArgType::Integer},
    {"len", ArgType::Integer},       {"slot", ArgType::Integer},
    {"weight", ArgType::Integer},    {"ttl", ArgType::Integer},
    {"rank", ArgType::Integer},      {"bit", ArgType::Integer},
    {"bits", ArgType::Integer},      {"version", ArgType::Integer},
    {"protover", ArgType::Integer},  {"numreplicas", ArgType::Integer},
    {"client-id", ArgType::Integer}, {"increment", ArgType::Integer},
    {"decrement", ArgType::Integer}, {"frequency", ArgType::Integer},
    {"num-matches", ArgType::Integer}, {"start-slot", ArgType::Integer},
    {"end-slot", ArgType::Integer},  {"config-epoch", ArgType::Integer},
    {"entries-read", ArgType::Integer}, {"entries-added", ArgType::Integer},
    {"min-idle-time", ArgType::Integer}, {"timeout", ArgType::Double},
    {"score", ArgType::Double},      {"latitude", ArgType::Double},
    {"longitude", ArgType::Double},  {"radius", ArgType::Double},
    {"width", ArgType::Double},      {"height", ArgType::Double},
};

// Explicit type suffixes ("name:type").
constexpr NamedType kTypeSuffixes[] = {
    {"string", ArgType::String},   {"integer", ArgType::Integer},
    {"double", ArgType::Double},   {"key", ArgType::Key},
    {"pattern", ArgType::Pattern}, {"unix-time", ArgType::UnixTime},
};

ArgType type_from_name(std::string_view name) {
  if (name.starts_with("unix-time")) return ArgType::UnixTime;
  for (const NamedType& nt : kNamedTypes)
    if (nt.name == name) return nt.type;
  return ArgType::String;
}

bool has_lower(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Name of a pure token: its lowercase spelling, or a word for tokens without letters.
std::string token_name(std::string_view tok) {
  bool alpha = std::any_of(tok.begin(), tok.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  if (alpha) {
    std::string s(tok);
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  if (tok == "*") return "auto-id";
  if (tok == "=") return "equal";
  if (tok == "~") return "approximately";
  if (tok == "$") return "last-id";
  if (tok == "+") return "plus";
  if (tok == "-") return "minus";
  if (tok == "\"\"") return "empty-string";
  return "token";
}

struct Lexeme {
  enum Kind { Word, Open, Close, OpenReq, CloseReq, Bar, Ellipsis } kind;
  std::string_view text;
  size_t pos;
};

bool is_punct(char c) { return c == '[' || c == ']' || c == '<' || c == '>' || c == '|'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::vector<Lexeme> lex(std::string_view s) {
  std::vector<Lexeme> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (is_punct(c)) {
      Lexeme::Kind k = c == '[' ? Lexeme::Open
                       : c == ']' ? Lexeme::Close
                       : c == '<' ? Lexeme::OpenReq
                       : c == '>' ? Lexeme::CloseReq
                                  : Lexeme::Bar;
      out.push_back({k, s.substr(i, 1), i});
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && !is_space(s[j]) && !is_punct(s[j])) ++j;
    std::string_view w = s.substr(i, j - i);
    out.push_back({w == "..." ? Lexeme::Ellipsis : Lexeme::Word, w, i});
    i = j;
  }
  return out;
}

// One parsed element of a sequence, before tokens are attached to their values.
struct Unit {
  enum Kind { Token, Name, Optional, Required, Multiple } kind = Name;
  std::string text;  // canonical spelling, compared to recognise repetitions
  std::string word;  // Token: the token; Name: the argument name
  ArgType type = ArgType::String;
  std::string group_name;                // Optional/Required: "[name: ...]"
  std::vector<std::vector<Unit>> alts;   // Optional/Required: alternatives; Multiple: alts[0]
  bool optional = false;                 // Multiple written as a lone "[x ...]"
};

std::string alts_text(const std::vector<std::vector<Unit>>& alts) {
  std::string s;
  for (size_t a = 0; a < alts.size(); ++a) {
    if (a) s += " | ";
    for (size_t i = 0; i < alts[a].size(); ++i) {
      if (i) s += ' ';
      s += alts[a][i].text;
    }
  }
  return s;
}

class Parser {
 public:
  explicit Parser(std::string_view line) : lexemes_(lex(line)) {}

  bool parse(std::vector<Unit>* top) {
    while (i_ < lexemes_.size() && error_.empty()) {
      const Lexeme& l = lexemes_[i_];
      if (l.kind == Lexeme::Bar) return fail(l, "alternatives at the top level need < >");
      if (l.kind == Lexeme::Close || l.kind == Lexeme::CloseReq)
        return fail(l, "unbalanced closing bracket");
      if (l.kind == Lexeme::Ellipsis) return fail(l, "'...' outside of [ ]");
      parse_item(top);
    }
    return error_.empty();
  }
  const std::string& error() const { return error_; }

 private:
  bool fail(const Lexeme& l, std::string_view why) {
    if (error_.empty()) error_ = std::string(why) + " at offset " + std::to_string(l.pos);
    return false;
  }
  bool fail_end(std::string_view why) {
    if (error_.empty()) error_ = std::string(why) + " at end of line";
    return false;
  }

  void parse_item(std::vector<Unit>* seq) {
    const Lexeme& l = lexemes_[i_++];
    if (l.kind == Lexeme::Word) {
      seq->push_back(word_unit(l));
      return;
    }
    bool optional = l.kind == Lexeme::Open;
    Unit g;
    g.kind = optional ? Unit::Optional : Unit::Required;
    bool ellipsis = false;
    if (!parse_group(optional ? Lexeme::Close : Lexeme::CloseReq, &g, &ellipsis)) return;
    if (ellipsis) return add_repetition(seq, std::move(g));
    g.text = (optional ? "[" : "<") + alts_text(g.alts) + (optional ? "]" : ">");
    seq->push_back(std::move(g));
  }

  Unit word_unit(const Lexeme& l) {
    Unit u;
    u.text = std::string(l.text);
    if (!has_lower(l.text)) {
      u.kind = Unit::Token;
      u.word = u.text;
      return u;
    }
    u.kind = Unit::Name;
    std::string_view w = l.text;
    size_t colon = w.rfind(':');
    if (colon != std::string_view::npos) {
      std::string_view suffix = w.substr(colon + 1);
      for (const NamedType& t : kTypeSuffixes) {
        if (t.name == suffix) {
          u.word = std::string(w.substr(0, colon));
          u.type = t.type;
          return u;
        }
      }
    }
    u.word = std::string(w);
    u.type = type_from_name(w);
    return u;
  }

  // Parses alternatives up to the closing lexeme (already past the opening one).
  bool parse_group(Lexeme::Kind close, Unit* g, bool* ellipsis) {
    if (i_ < lexemes_.size() && lexemes_[i_].kind == Lexeme::Word &&
        lexemes_[i_].text.size() > 1 && lexemes_[i_].text.back() == ':') {
      g->group_name = std::string(lexemes_[i_].text.substr(0, lexemes_[i_].text.size() - 1));
      ++i_;
    }
    g->alts.emplace_back();
    for (;;) {
      if (!error_.empty()) return false;
      if (i_ >= lexemes_.size()) return fail_end("missing closing bracket");
      const Lexeme& l = lexemes_[i_];
      if (l.kind == close) {
        if (g->alts.back().empty()) return fail(l, "empty group or alternative");
        ++i_;
        break;
      }
      if (l.kind == Lexeme::Close || l.kind == Lexeme::CloseReq)
        return fail(l, "mismatched closing bracket");
      if (l.kind == Lexeme::Bar) {
        if (g->alts.back().empty()) return fail(l, "empty alternative");
        g->alts.emplace_back();
        ++i_;
        continue;
      }
      if (l.kind == Lexeme::Ellipsis) {
        if (close != Lexeme::Close || i_ + 1 >= lexemes_.size() ||
            lexemes_[i_ + 1].kind != Lexeme::Close)
          return fail(l, "'...' must end a [ ] group");
        if (g->alts.back().empty()) return fail(l, "empty group or alternative");
        i_ += 2;
        *ellipsis = true;
        break;
      }
      parse_item(&g->alts.back());
    }
    return error_.empty();
  }

  // "[x ...]": if the sequence ends with x, the two collapse into "x, one or more times";
  // a lone "[x ...]" means "x, zero or more times".
  void add_repetition(std::vector<Unit>* seq, Unit g) {
    Unit m;
    m.kind = Unit::Multiple;
    if (g.alts.size() == 1) {
      const std::vector<Unit>& rep = g.alts[0];
      size_t n = rep.size();
      bool same = seq->size() >= n;
      for (size_t k = 0; same && k < n; ++k)
        same = (*seq)[seq->size() - n + k].text == rep[k].text;
      if (same) {
        seq->resize(seq->size() - n);
        m.alts = std::move(g.alts);
        m.text = alts_text(m.alts) + " [" + alts_text(m.alts) + " ...]";
        seq->push_back(std::move(m));
        return;
      }
      m.alts = std::move(g.alts);
    } else {
      g.kind = Unit::Required;
      g.text = "<" + alts_text(g.alts) + ">";
      m.alts.push_back({std::move(g)});
    }
    m.optional = true;
    m.text = "[" + alts_text(m.alts) + " ...]";
    seq->push_back(std::move(m));
  }

  std::vector<Lexeme> lexemes_;
  size_t i_ = 0;
  std::string error_;
};

std::string joined_names(const std::vector<ArgNode>& nodes) {
  std::string s;
  for (const ArgNode& n : nodes) {
    if (!s.empty()) s += '_';
    s += n.name;
  }
  return s;
}

ArgNode convert_unit(const Unit& u);
std::vector<ArgNode> convert_seq(const std::vector<Unit>& units);

// A sequence as one node: itself if it has one element, else an (unnamed) block.
ArgNode single_node(const std::vector<Unit>& units) {
  std::vector<ArgNode> nodes = convert_seq(units);
  if (nodes.size() == 1) return std::move(nodes[0]);
  ArgNode b;
  b.type = ArgType::Block;
  b.name = joined_names(nodes);
  b.children = std::move(nodes);
  return b;
}

ArgNode pure_token(const std::string& tok) {
  ArgNode n;
  n.name = token_name(tok);
  n.type = ArgType::PureToken;
  n.token = tok;
  return n;
}

ArgNode convert_unit(const Unit& u) {
  switch (u.kind) {
    case Unit::Token: return pure_token(u.word);
    case Unit::Name: {
      ArgNode n;
      n.name = u.word;
      n.type = u.type;
      return n;
    }
    case Unit::Optional:
    case Unit::Required: {
      ArgNode n;
      if (u.alts.size() > 1) {
        n.type = ArgType::OneOf;
        for (const auto& alt : u.alts) n.children.push_back(single_node(alt));
        n.name = joined_names(n.children);
      } else {
        n = single_node(u.alts[0]);
      }
      // A name labels a group, or a lone token ("[change: CH]", as Redis names ZADD's CH).
      if (!u.group_name.empty() && (n.type == ArgType::OneOf || n.type == ArgType::Block ||
                                    n.type == ArgType::PureToken))
        n.name = u.group_name;
      if (u.kind == Unit::Optional) n.flags |= kArgOptional;
      return n;
    }
    case Unit::Multiple: {
      const std::vector<Unit>& content = u.alts[0];
      ArgNode n = single_node(content);
      n.flags |= kArgMultiple;
      if (content.front().kind == Unit::Token && n.token == content.front().word)
        n.flags |= kArgMultipleToken;
      if (u.optional) n.flags |= kArgOptional;
      return n;
    }
  }
  return {};
}

// A token takes the values that follow it up to the next token or optional group.
bool is_token_value(const Unit& u) {
  return u.kind == Unit::Name || u.kind == Unit::Required ||
         (u.kind == Unit::Multiple && !u.optional);
}

std::vector<ArgNode> convert_seq(const std::vector<Unit>& units) {
  std::vector<ArgNode> out;
  for (size_t i = 0; i < units.size();) {
    const Unit& u = units[i];
    if (u.kind != Unit::Token) {
      out.push_back(convert_unit(u));
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < units.size() && is_token_value(units[j])) ++j;
    if (j == i + 1) {
      out.push_back(pure_token(u.word));
    } else if (j == i + 2) {
      const Unit& value = units[i + 1];
      ArgNode n = convert_unit(value);
      if (n.token.empty()) {
        // An unnamed group is named after its token: [AGGREGATE <SUM | MIN | MAX>].
        bool is_group = n.type == ArgType::OneOf || n.type == ArgType::Block;
        if (is_group && value.kind == Unit::Required && value.group_name.empty())
          n.name = token_name(u.word);
        n.token = u.word;
        out.push_back(std::move(n));
      } else {
        ArgNode b;
        b.type = ArgType::Block;
        b.name = token_name(u.word);
        b.token = u.word;
        b.children.push_back(std::move(n));
        out.push_back(std::move(b));
      }
    } else {
      ArgNode b;
      b.type = ArgType::Block;
      b.name = token_name(u.word);
      b.token = u.word;
      for (size_t k = i + 1; k < j; ++k) b.children.push_back(convert_unit(units[k]));
      out.push_back(std::move(b));
    }
    i = j;
  }
  return out;
}

std::string render_node(const ArgNode& n) {
  std::string inner;
  switch (n.type) {
    case ArgType::PureToken: inner = n.token; break;
    case ArgType::OneOf:
    case ArgType::Block:
      for (size_t i = 0; i < n.children.size(); ++i) {
        if (i) inner += n.type == ArgType::OneOf ? "|" : " ";
        inner += render_node(n.children[i]);
      }
      break;
    default: inner = n.name; break;
  }
  std::string s = (!n.token.empty() && n.type != ArgType::PureToken) ? n.token + " " + inner
                                                                       : inner;
  if (n.flags & kArgMultiple) s += " [" + ((n.flags & kArgMultipleToken) ? s : inner) + " ...]";
  if (n.flags & kArgOptional) s = "[" + s + "]";
  return s;
}

}  // namespace

ArgGrammar parse_arg_grammar(std::string_view line) {
  ArgGrammar g;
  Parser p(line);
  std::vector<Unit> units;
  if (!p.parse(&units)) {
    g.error = p.error();
    return g;
  }
  g.args = convert_seq(units);
  return g;
}

std::string render_arg_hint(std::span<const ArgNode> args) {
  std::string s;
  for (const ArgNode& n : args) {
    if (!s.empty()) s += ' ';
    s += render_node(n);
  }
  return s;
}

}  // namespace eddy
