#include "eddy/protocol/errors.h"

#include "eddy/base/strutil.h"

namespace eddy::err {

std::string wrong_arity(std::string_view fullname) {
  return "ERR wrong number of arguments for '" + std::string(fullname) + "' command";
}

namespace {
// Redis sanitises names and args in these messages: newlines become spaces, and each piece
// is cut to 128 bytes.
std::string clip(std::string_view s) {
  std::string r(s.substr(0, 128));
  for (auto& c : r)
    if (c == '\r' || c == '\n') c = ' ';
  return r;
}
}  // namespace

std::string unknown_command(std::string_view name, const std::string_view* args, size_t nargs) {
  std::string r = "ERR unknown command '" + clip(name) + "', with args beginning with: ";
  std::string a;
  for (size_t i = 0; i < nargs && a.size() < 128; ++i) {
    size_t room = 128 - a.size();
    a += "'" + clip(args[i].substr(0, room)) + "' ";
  }
  return r + a;
}

std::string unknown_subcommand(std::string_view container, std::string_view sub) {
  std::string up(container);
  for (auto& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "ERR unknown subcommand '" + clip(sub) + "'. Try " + up + " HELP.";
}

std::string invalid_expire(std::string_view cmd) {
  return "ERR invalid expire time in '" + std::string(cmd) + "' command";
}

}  // namespace eddy::err
