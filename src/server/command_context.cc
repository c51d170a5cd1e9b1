#include "eddy/commands/command.h"
#include "eddy/server/server.h"

namespace eddy {

CommandContext::CommandContext(Server& server, Client& client,
                               std::span<const std::string_view> argv, const CommandEntry* cmd)
    : server_(server), client_(client), argv_(argv), cmd_(cmd) {}

Database& CommandContext::db() { return server_.db(client_.db); }
int CommandContext::db_index() const { return client_.db; }
ReplyWriter& CommandContext::reply() { return client_.writer; }

void CommandContext::key_modified(Database& db, std::string_view key, uint32_t cls,
                                  std::string_view event) {
  server_.key_modified(db.id(), key, cls, event);
}
void CommandContext::key_modified(std::string_view key, uint32_t cls, std::string_view event) {
  server_.key_modified(client_.db, key, cls, event);
}
void CommandContext::notify(uint32_t cls, std::string_view event, std::string_view key, int db) {
  server_.notify(cls, event, key, db);
}
void CommandContext::add_dirty(int64_t n) { server_.add_dirty(n); }
void CommandContext::propagate_as(std::vector<std::string> argv) {
  server_.set_propagate_override(std::move(argv));
}
void CommandContext::also_propagate(std::vector<std::string> argv) {
  server_.add_also_propagate(std::move(argv));
}

}  // namespace eddy
