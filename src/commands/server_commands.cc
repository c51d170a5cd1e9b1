#include "eddy/commands/command_table.h"
#include "eddy/server/server.h"

namespace eddy {

void register_server_commands(CommandTable& t) { (void)t; }

}  // namespace eddy
