// Pub/Sub commands: SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH SSUBSCRIBE
// SUNSUBSCRIBE SPUBLISH and PUBSUB (CHANNELS NUMSUB NUMPAT SHARDCHANNELS SHARDNUMSUB HELP).
//
// The router is pubsub/pubsub.h. Confirmations are pushes in RESP3 and plain arrays in
// RESP2, one per name, carrying the client's subscription count after that name: channels
// + patterns for the classic forms, shard channels alone for the S* forms (Redis 7.0).
// An unsubscribe without arguments confirms every name the client had, or a single
// confirmation with a nil name and count 0 when it had none.
//
// PUBLISH inside MULTI/EXEC delivers when EXEC runs it (queued like any command), and a
// RESP3 client publishing to a channel it listens to gets the message before the reply,
// as the oracle does.
#include <string>
#include <vector>

#include "eddy/commands/command_table.h"
#include "eddy/pubsub/pubsub.h"
#include "eddy/server/server.h"

namespace eddy {
namespace {

using Kind = PubSub::Kind;

int64_t classic_count(const Client& c) {
  return static_cast<int64_t>(c.sub_channels + c.sub_patterns);
}
int64_t shard_count(const Client& c) { return static_cast<int64_t>(c.sub_shard); }

void subscribe_generic(CommandContext& ctx, Kind kind, std::string_view word) {
  PubSub& ps = ctx.server().pubsub();
  Client& c = ctx.client();
  for (size_t i = 1; i < ctx.argc(); ++i) {
    std::string_view name = ctx.arg(i);
    ps.subscribe(c, kind, name);
    PubSub::confirm(ctx.reply(), word, &name, kind == Kind::Shard ? shard_count(c)
                                                                  : classic_count(c));
  }
}

void unsubscribe_generic(CommandContext& ctx, Kind kind, std::string_view word) {
  PubSub& ps = ctx.server().pubsub();
  Client& c = ctx.client();
  auto count = [&] { return kind == Kind::Shard ? shard_count(c) : classic_count(c); };
  if (ctx.argc() == 1) {
    std::vector<std::string> all = ps.names(c, kind);
    if (all.empty()) return PubSub::confirm(ctx.reply(), word, nullptr, count());
    for (const std::string& n : all) {
      ps.unsubscribe(c, kind, n);
      std::string_view name = n;
      PubSub::confirm(ctx.reply(), word, &name, count());
    }
    return;
  }
  for (size_t i = 1; i < ctx.argc(); ++i) {
    std::string_view name = ctx.arg(i);
    ps.unsubscribe(c, kind, name);
    PubSub::confirm(ctx.reply(), word, &name, count());
  }
}

// SUBSCRIBE channel [channel ...]
void subscribe_command(CommandContext& ctx) { subscribe_generic(ctx, Kind::Channel, "subscribe"); }
// UNSUBSCRIBE [channel [channel ...]]
void unsubscribe_command(CommandContext& ctx) {
  unsubscribe_generic(ctx, Kind::Channel, "unsubscribe");
}
// PSUBSCRIBE pattern [pattern ...]
void psubscribe_command(CommandContext& ctx) {
  subscribe_generic(ctx, Kind::Pattern, "psubscribe");
}
// PUNSUBSCRIBE [pattern [pattern ...]]
void punsubscribe_command(CommandContext& ctx) {
  unsubscribe_generic(ctx, Kind::Pattern, "punsubscribe");
}
// SSUBSCRIBE shardchannel [shardchannel ...]
void ssubscribe_command(CommandContext& ctx) { subscribe_generic(ctx, Kind::Shard, "ssubscribe"); }
// SUNSUBSCRIBE [shardchannel [shardchannel ...]]
void sunsubscribe_command(CommandContext& ctx) {
  unsubscribe_generic(ctx, Kind::Shard, "sunsubscribe");
}

// PUBLISH channel message
void publish_command(CommandContext& ctx) {
  ctx.reply().integer(ctx.server().pubsub().publish(ctx.arg(1), ctx.arg(2)));
}
// SPUBLISH shardchannel message
void spublish_command(CommandContext& ctx) {
  ctx.reply().integer(ctx.server().pubsub().spublish(ctx.arg(1), ctx.arg(2)));
}

void pubsub_syntax_error(CommandContext& ctx) {
  ctx.reply_error("ERR unknown subcommand or wrong number of arguments for '" +
                  std::string(ctx.arg(1)) + "'. Try PUBSUB HELP.");
}

// PUBSUB CHANNELS [pattern] / PUBSUB SHARDCHANNELS [pattern]
void channels_generic(CommandContext& ctx, bool shard) {
  if (ctx.argc() > 3) return pubsub_syntax_error(ctx);
  std::string_view pattern = ctx.argc() == 3 ? ctx.arg(2) : std::string_view();
  auto names = ctx.server().pubsub().active_channels(pattern, shard);
  ctx.reply().array(names.size());
  for (std::string_view n : names) ctx.reply().bulk(n);
}
void pubsub_channels_command(CommandContext& ctx) { channels_generic(ctx, false); }
void pubsub_shardchannels_command(CommandContext& ctx) { channels_generic(ctx, true); }

// PUBSUB NUMSUB [channel ...] / PUBSUB SHARDNUMSUB [shardchannel ...]: a flat array of
// name, count pairs (an array in RESP3 too, as Redis 7.0 sends it).
void numsub_generic(CommandContext& ctx, bool shard) {
  PubSub& ps = ctx.server().pubsub();
  ctx.reply().array((ctx.argc() - 2) * 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    ctx.reply().bulk(ctx.arg(i));
    ctx.reply().integer(ps.subscriber_count(ctx.arg(i), shard));
  }
}
void pubsub_numsub_command(CommandContext& ctx) { numsub_generic(ctx, false); }
void pubsub_shardnumsub_command(CommandContext& ctx) { numsub_generic(ctx, true); }

// PUBSUB NUMPAT
void pubsub_numpat_command(CommandContext& ctx) {
  ctx.reply().integer(static_cast<int64_t>(ctx.server().pubsub().pattern_count()));
}

constexpr std::string_view kHelp[] = {
    "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CHANNELS [<pattern>]",
    "    Return the currently active channels matching a <pattern> (default: '*').",
    "NUMPAT",
    "    Return number of subscriptions to patterns.",
    "NUMSUB [<channel> ...]",
    "    Return the number of subscribers for the specified channels, excluding",
    "    pattern subscriptions(default: no channels).",
    "SHARDCHANNELS [<pattern>]",
    "    Return the currently active shard level channels matching a <pattern> (default: "
    "'*').",
    "SHARDNUMSUB [<shardchannel> ...]",
    "    Return the number of subscribers for the specified shard level channel(s)",
    "HELP",
    "    Prints this help.",
};

// PUBSUB HELP
void pubsub_help_command(CommandContext& ctx) {
  ctx.reply().array(std::size(kHelp));
  for (std::string_view line : kHelp) ctx.reply().simple(line);
}

// Keys of SSUBSCRIBE / SUNSUBSCRIBE / SPUBLISH are the shard channels (cluster slots).
constexpr uint64_t kSubFlags = kCmdPubSub | kCmdNoScript | kCmdLoading | kCmdStale;
constexpr uint64_t kIntrospect = kCmdPubSub | kCmdLoading | kCmdStale;

const CommandSpec kPubSubSubcommands[] = {
    {.name = "channels", .arity = -2, .flags = kIntrospect, .handler = pubsub_channels_command,
     .group = CommandGroup::PubSub, .summary = "Returns the active channels.",
     .since = "2.8.0",
     .complexity = "O(N), N being the active channels (pattern matching each one).",
     .args = "[pattern]"},
    {.name = "help", .arity = 2, .flags = kCmdLoading | kCmdStale,
     .handler = pubsub_help_command, .group = CommandGroup::PubSub,
     .summary = "Lists the PUBSUB subcommands.", .since = "6.2.0", .complexity = "O(1)"},
    {.name = "numpat", .arity = 2, .flags = kIntrospect, .handler = pubsub_numpat_command,
     .group = CommandGroup::PubSub, .summary = "Returns the number of distinct patterns.",
     .since = "2.8.0", .complexity = "O(1)"},
    {.name = "numsub", .arity = -2, .flags = kIntrospect, .handler = pubsub_numsub_command,
     .group = CommandGroup::PubSub,
     .summary = "Returns the number of subscribers of channels (patterns not counted).",
     .since = "2.8.0", .complexity = "O(N) for the N channels asked about.",
     .args = "[channel [channel ...]]"},
    {.name = "shardchannels", .arity = -2, .flags = kIntrospect,
     .handler = pubsub_shardchannels_command, .group = CommandGroup::PubSub,
     .summary = "Returns the active shard channels.", .since = "7.0.0",
     .complexity = "O(N), N being the active shard channels.", .args = "[pattern]"},
    {.name = "shardnumsub", .arity = -2, .flags = kIntrospect,
     .handler = pubsub_shardnumsub_command, .group = CommandGroup::PubSub,
     .summary = "Returns the number of subscribers of shard channels.", .since = "7.0.0",
     .complexity = "O(N) for the N shard channels asked about.",
     .args = "[shardchannel [shardchannel ...]]"},
};

const CommandSpec kRows[] = {
    {.name = "subscribe", .arity = -2, .flags = kSubFlags, .handler = subscribe_command,
     .group = CommandGroup::PubSub, .summary = "Listens for messages published to channels.",
     .since = "2.0.0", .complexity = "O(N), N being the channels subscribed to.",
     .args = "channel [channel ...]"},
    {.name = "unsubscribe", .arity = -1, .flags = kSubFlags, .handler = unsubscribe_command,
     .group = CommandGroup::PubSub,
     .summary = "Stops listening to channels (all of them without arguments).",
     .since = "2.0.0", .complexity = "O(N), N being the channels unsubscribed from.",
     .args = "[channel [channel ...]]"},
    {.name = "psubscribe", .arity = -2, .flags = kSubFlags, .handler = psubscribe_command,
     .group = CommandGroup::PubSub,
     .summary = "Listens for messages published to channels matching glob patterns.",
     .since = "2.0.0", .complexity = "O(N), N being the patterns subscribed to.",
     .args = "pattern [pattern ...]"},
    {.name = "punsubscribe", .arity = -1, .flags = kSubFlags, .handler = punsubscribe_command,
     .group = CommandGroup::PubSub,
     .summary = "Stops listening to patterns (all of them without arguments).",
     .since = "2.0.0",
     .complexity = "O(N+M): N the patterns unsubscribed from, M the patterns in use.",
     .args = "[pattern [pattern ...]]"},
    {.name = "publish", .arity = 3,
     .flags = kCmdPubSub | kCmdLoading | kCmdStale | kCmdFast | kCmdMayReplicate,
     .handler = publish_command, .group = CommandGroup::PubSub,
     .summary = "Posts a message to a channel; returns how many subscribers received it.",
     .since = "2.0.0",
     .complexity = "O(N+M): N the channel's subscribers, M the patterns matching it (the "
                   "match list is cached per channel).",
     .args = "channel message"},
    {.name = "ssubscribe", .arity = -2, .flags = kSubFlags, .keys = {1, -1, 1},
     .handler = ssubscribe_command, .group = CommandGroup::PubSub,
     .summary = "Listens for messages published to shard channels.", .since = "7.0.0",
     .complexity = "O(N), N being the shard channels subscribed to.",
     .args = "shardchannel [shardchannel ...]"},
    {.name = "sunsubscribe", .arity = -1, .flags = kSubFlags, .keys = {1, -1, 1},
     .handler = sunsubscribe_command, .group = CommandGroup::PubSub,
     .summary = "Stops listening to shard channels (all of them without arguments).",
     .since = "7.0.0", .complexity = "O(N), N being the shard channels unsubscribed from.",
     .args = "[shardchannel [shardchannel ...]]"},
    {.name = "spublish", .arity = 3,
     .flags = kCmdPubSub | kCmdLoading | kCmdStale | kCmdFast | kCmdMayReplicate,
     .keys = {1, 1, 1}, .handler = spublish_command, .group = CommandGroup::PubSub,
     .summary = "Posts a message to a shard channel; returns how many subscribers received "
                "it.",
     .since = "7.0.0", .complexity = "O(N), N being the shard channel's subscribers.",
     .args = "shardchannel message"},
    {.name = "pubsub", .arity = -2, .group = CommandGroup::PubSub,
     .summary = "Introspection of the Pub/Sub state.", .since = "2.8.0",
     .complexity = "Depends on subcommand.", .subcommands = kPubSubSubcommands},
};

}  // namespace

void register_pubsub_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
