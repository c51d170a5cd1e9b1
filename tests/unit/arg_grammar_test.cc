#include "eddy/commands/arg_grammar.h"

#include <gtest/gtest.h>

#include <string>

namespace eddy {
namespace {

// Compact rendering of a tree for exact comparisons:
// name:type{token}(flags)[children], flags o=optional m=multiple t=multiple_token.
std::string Dump(const std::vector<ArgNode>& nodes) {
  std::string s;
  for (size_t i = 0; i < nodes.size(); ++i) {
    const ArgNode& n = nodes[i];
    if (i) s += ' ';
    s += n.name + ":" + arg_type_name(n.type);
    if (!n.token.empty()) s += "{" + n.token + "}";
    if (n.flags) {
      s += "(";
      if (n.flags & kArgOptional) s += 'o';
      if (n.flags & kArgMultiple) s += 'm';
      if (n.flags & kArgMultipleToken) s += 't';
      s += ")";
    }
    if (!n.children.empty()) s += "[" + Dump(n.children) + "]";
  }
  return s;
}

std::string ParseDump(std::string_view line) {
  ArgGrammar g = parse_arg_grammar(line);
  EXPECT_TRUE(g.ok()) << line << ": " << g.error;
  return Dump(g.args);
}

std::string Hint(std::string_view line) {
  ArgGrammar g = parse_arg_grammar(line);
  EXPECT_TRUE(g.ok()) << line << ": " << g.error;
  return render_arg_hint(g.args);
}

TEST(ArgGrammarTest, EmptyLineHasNoArguments) {
  ArgGrammar g = parse_arg_grammar("");
  EXPECT_TRUE(g.ok());
  EXPECT_TRUE(g.args.empty());
  EXPECT_EQ(render_arg_hint(g.args), "");
}

TEST(ArgGrammarTest, LowercaseWordsAreArgumentsTypedByTheirNames) {
  EXPECT_EQ(ParseDump("key value"), "key:key value:string");
  EXPECT_EQ(ParseDump("destination numkeys pattern timeout"),
            "destination:key numkeys:integer pattern:pattern timeout:double");
  EXPECT_EQ(ParseDump("unix-time-seconds unix-time-milliseconds"),
            "unix-time-seconds:unix-time unix-time-milliseconds:unix-time");
}

TEST(ArgGrammarTest, ExplicitTypeSuffixOverridesTheName) {
  EXPECT_EQ(ParseDump("key increment:double"), "key:key increment:double");
  EXPECT_EQ(ParseDump("start:string end:string"), "start:string end:string");
}

TEST(ArgGrammarTest, ColonInsideANameThatIsNotATypeStaysInTheName) {
  EXPECT_EQ(ParseDump("ip:port"), "ip:port:string");
}

TEST(ArgGrammarTest, CapsWordsArePureTokensNamedInLowercase) {
  EXPECT_EQ(ParseDump("[GET]"), "get:pure-token{GET}(o)");
  EXPECT_EQ(ParseDump("<* | id>"), "auto-id_id:oneof[auto-id:pure-token{*} id:string]");
}

TEST(ArgGrammarTest, SetSyntaxLineBuildsTheRedisShapedTree) {
  EXPECT_EQ(ParseDump("key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT "
                      "unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]"),
            "key:key value:string nx_xx:oneof(o)[nx:pure-token{NX} xx:pure-token{XX}] "
            "get:pure-token{GET}(o) "
            "seconds_milliseconds_unix-time-seconds_unix-time-milliseconds_keepttl:oneof(o)["
            "seconds:integer{EX} milliseconds:integer{PX} unix-time-seconds:unix-time{EXAT} "
            "unix-time-milliseconds:unix-time{PXAT} keepttl:pure-token{KEEPTTL}]");
}

TEST(ArgGrammarTest, RepetitionMarksThePrecedingArgumentMultiple) {
  EXPECT_EQ(ParseDump("key [key ...]"), "key:key(m)");
  EXPECT_EQ(ParseDump("numkeys key [key ...]"), "numkeys:integer key:key(m)");
  EXPECT_EQ(ParseDump("[key [key ...]]"), "key:key(om)");
}

TEST(ArgGrammarTest, RepeatedSequenceBecomesAMultipleBlock) {
  EXPECT_EQ(ParseDump("key field value [field value ...]"),
            "key:key field_value:block(m)[field:string value:string]");
  EXPECT_EQ(ParseDump("key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]"),
            "key:key nx_xx:oneof(o)[nx:pure-token{NX} xx:pure-token{XX}] "
            "gt_lt:oneof(o)[gt:pure-token{GT} lt:pure-token{LT}] ch:pure-token{CH}(o) "
            "incr:pure-token{INCR}(o) score_member:block(m)[score:double member:string]");
}

TEST(ArgGrammarTest, RepeatedTokenIsMultipleToken) {
  EXPECT_EQ(ParseDump("[GET pattern [GET pattern ...]]"), "pattern:pattern{GET}(omt)");
}

TEST(ArgGrammarTest, TokenBeforeRepeatedValueIsNotRepeated) {
  EXPECT_EQ(ParseDump("[WEIGHTS weight [weight ...]]"), "weight:integer{WEIGHTS}(om)");
}

TEST(ArgGrammarTest, TokenBeforeSeveralValuesMakesATokenBlock) {
  EXPECT_EQ(ParseDump("[LIMIT offset count]"),
            "limit:block{LIMIT}(o)[offset:integer count:integer]");
  EXPECT_EQ(ParseDump("STREAMS key [key ...] id [id ...]"),
            "streams:block{STREAMS}[key:key(m) id:string(m)]");
}

TEST(ArgGrammarTest, TokenBeforeRequiredAlternativesCarriesThem) {
  EXPECT_EQ(ParseDump("[AGGREGATE <SUM | MIN | MAX>]"),
            "aggregate:oneof{AGGREGATE}(o)[sum:pure-token{SUM} min:pure-token{MIN} "
            "max:pure-token{MAX}]");
}

TEST(ArgGrammarTest, OptionalGroupsStopATokensValues) {
  EXPECT_EQ(ParseDump("[COUNT count [ANY]]"),
            "count_any:block(o)[count:integer{COUNT} any:pure-token{ANY}(o)]");
}

TEST(ArgGrammarTest, GroupsCanBeNamed) {
  EXPECT_EQ(ParseDump("[condition: NX | XX]"),
            "condition:oneof(o)[nx:pure-token{NX} xx:pure-token{XX}]");
  EXPECT_EQ(ParseDump("[count-block: COUNT count [ANY]]"),
            "count-block:block(o)[count:integer{COUNT} any:pure-token{ANY}(o)]");
}

TEST(ArgGrammarTest, ALoneTokenCanBeNamed) {
  EXPECT_EQ(ParseDump("[change: CH] score"), "change:pure-token{CH}(o) score:double");
  EXPECT_EQ(Hint("[change: CH] score"), "[CH] score");
}

TEST(ArgGrammarTest, LoneRepetitionIsOptionalAndMultiple) {
  EXPECT_EQ(ParseDump("[arg ...]"), "arg:string(om)");
}

TEST(ArgGrammarTest, NestedXaddTrimmingGroupParses) {
  EXPECT_EQ(ParseDump("key [NOMKSTREAM] [<MAXLEN | MINID> [= | ~] threshold [LIMIT count]] "
                      "<* | id> field value [field value ...]"),
            "key:key nomkstream:pure-token{NOMKSTREAM}(o) "
            "maxlen_minid_equal_approximately_threshold_count:block(o)["
            "maxlen_minid:oneof[maxlen:pure-token{MAXLEN} minid:pure-token{MINID}] "
            "equal_approximately:oneof(o)[equal:pure-token{=} approximately:pure-token{~}] "
            "threshold:string count:integer{LIMIT}(o)] "
            "auto-id_id:oneof[auto-id:pure-token{*} id:string] "
            "field_value:block(m)[field:string value:string]");
}

// The hint lines below are what redis-cli 7.0 shows for these commands against
// redis-server 7.0 (captured from the oracle).
TEST(ArgGrammarTest, HintsRenderLikeRedisCli) {
  EXPECT_EQ(Hint("key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT "
                 "unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]"),
            "key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT "
            "unix-time-milliseconds|KEEPTTL]");
  EXPECT_EQ(Hint("key [NOMKSTREAM] [<MAXLEN | MINID> [= | ~] threshold [LIMIT count]] "
                 "<* | id> field value [field value ...]"),
            "key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value "
            "[field value ...]");
  EXPECT_EQ(Hint("key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] "
                 "[ASC | DESC] [ALPHA] [STORE destination]"),
            "key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] "
            "[ALPHA] [STORE destination]");
  EXPECT_EQ(Hint("[COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]"),
            "[COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]");
  EXPECT_EQ(Hint("destination numkeys key [key ...] [WEIGHTS weight [weight ...]] "
                 "[AGGREGATE <SUM | MIN | MAX>]"),
            "destination numkeys key [key ...] [WEIGHTS weight [weight ...]] "
            "[AGGREGATE SUM|MIN|MAX]");
  EXPECT_EQ(Hint("key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]"),
            "key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]");
  EXPECT_EQ(Hint("host port <key | \"\"> destination-db timeout [COPY] [REPLACE] "
                 "[AUTH password | AUTH2 username password] [KEYS key [key ...]]"),
            "host port key|\"\" destination-db timeout [COPY] [REPLACE] "
            "[AUTH password|AUTH2 username password] [KEYS key [key ...]]");
}

TEST(ArgGrammarTest, MalformedLinesReportWhere) {
  EXPECT_EQ(parse_arg_grammar("key [NX").error, "missing closing bracket at end of line");
  EXPECT_EQ(parse_arg_grammar("key NX]").error, "unbalanced closing bracket at offset 6");
  EXPECT_EQ(parse_arg_grammar("key <NX]").error, "mismatched closing bracket at offset 7");
  EXPECT_EQ(parse_arg_grammar("NX | XX").error,
            "alternatives at the top level need < > at offset 3");
  EXPECT_EQ(parse_arg_grammar("key ...").error, "'...' outside of [ ] at offset 4");
  EXPECT_EQ(parse_arg_grammar("[NX | | XX]").error, "empty alternative at offset 6");
  EXPECT_EQ(parse_arg_grammar("key []").error, "empty group or alternative at offset 5");
  EXPECT_EQ(parse_arg_grammar("<key ...>").error, "'...' must end a [ ] group at offset 5");
}

}  // namespace
}  // namespace eddy
