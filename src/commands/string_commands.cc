// String commands.
#include "eddy/commands/command_table.h"
#include "eddy/keyspace/database.h"
#include "eddy/server/server.h"

namespace eddy {
namespace {

// GET key
void get_command(CommandContext& ctx) {
  Entry* e = ctx.db().lookup(ctx.arg(1));
  if (!e) return ctx.reply().null();
  if (!e->val.is_string()) return ctx.reply_error(err::kWrongType);
  char buf[24];
  ctx.reply().bulk(e->val.str(buf));
}

// SET key value (options come with the full string family)
void set_command(CommandContext& ctx) {
  ctx.db().set(ctx.arg(1), Value::string(ctx.arg(2)));
  ctx.key_modified(ctx.arg(1), kNotifyString, "set");
  ctx.reply().ok();
}

const CommandSpec kRows[] = {
    {.name = "get", .arity = 2, .flags = kCmdReadOnly | kCmdFast, .keys = {1, 1, 1},
     .handler = get_command, .group = CommandGroup::String,
     .summary = "Returns the string value of a key.", .since = "1.0.0", .complexity = "O(1)",
     .args = "key"},
    {.name = "set", .arity = -3, .flags = kCmdWrite | kCmdDenyOom, .keys = {1, 1, 1},
     .handler = set_command, .group = CommandGroup::String,
     .summary = "Sets the string value of a key.", .since = "1.0.0", .complexity = "O(1)",
     .args = "key value"},
};

}  // namespace

void register_string_commands(CommandTable& t) { t.add(kRows); }

}  // namespace eddy
