// List commands (issue 3): not implemented yet; the family's rows land here.
#include "eddy/commands/command_table.h"

namespace eddy {

void register_list_commands(CommandTable& t) {}

}  // namespace eddy
