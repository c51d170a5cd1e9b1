// Connection state shared by the connection family (connection_commands.cc: AUTH, HELLO,
// RESET) and the CLIENT family (client_commands.cc): client names, credentials, the
// CLIENT LIST / CLIENT INFO line, and what RESET puts back.
//
// Users: until an ACL layer exists the only user is "default", whose password is
// `requirepass`; with an empty requirepass it accepts any password (Redis's "nopass").
#pragma once
#include <span>
#include <string>
#include <string_view>

namespace eddy {

class Server;
class Client;

inline constexpr std::string_view kBadClientName =
    "ERR Client names cannot contain spaces, newlines or special characters.";

// CLIENT SETNAME / HELLO SETNAME: every byte must be in '!'..'~'. An empty name is valid
// (it clears the name).
bool valid_client_name(std::string_view name);

// True if `user` names a user this server knows.
bool user_exists(const Server& server, std::string_view user);
// Checks a username/password pair; on success the client is authenticated as `user`.
// A failed attempt leaves the client's state as it was (an authenticated client stays so).
bool authenticate_client(Server& server, Client& c, std::string_view user,
                         std::string_view password);

// One CLIENT LIST / CLIENT INFO line, without the trailing newline. For the client running
// the command, `current_argv` and `current_cmd` describe the command in progress (Redis
// reports it as "cmd=" and counts its arguments in "argv-mem="); pass {} and "" otherwise.
std::string client_info_line(Server& server, const Client& c,
                             std::span<const std::string_view> current_argv = {},
                             std::string_view current_cmd = {});

// RESET: leaves MULTI (and unwatches), selects db 0, back to RESP2, drops the name,
// subscriptions and tracking, turns replies back on and de-authenticates when a password
// is required. Replying is left to the caller.
void reset_client_state(Server& server, Client& c);

}  // namespace eddy
