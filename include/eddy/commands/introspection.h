// Command metadata derived from the CommandSpec rows: the flag names and ACL categories
// COMMAND INFO reports, and the key positions COMMAND GETKEYS (and anything else that
// needs a command's keys: ACL key patterns, cluster slots) extracts from an argv.
//
// Called by the COMMAND family (introspection_commands.cc) and the command-table test.
// ACL categories follow one rule (DESIGN.md §3): flags give @write/@read/@admin
// @dangerous/@pubsub/@fast|@slow/@blocking, the group gives the data category (@string,
// @keyspace, @connection...), and the row's `acl` field adds the rest; when `acl` names a
// data category itself (SORT: "@list @set @sortedset"), the group's default is not added.
// Container rows (CONFIG, CLIENT...) carry only what their flags give, as in Redis.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "eddy/commands/command_table.h"

namespace eddy {

// ACL categories in Redis's order (the order COMMAND INFO lists them in).
enum AclCategory : uint32_t {
  kAclKeyspace = 1u << 0,
  kAclRead = 1u << 1,
  kAclWrite = 1u << 2,
  kAclSet = 1u << 3,
  kAclSortedSet = 1u << 4,
  kAclList = 1u << 5,
  kAclHash = 1u << 6,
  kAclString = 1u << 7,
  kAclBitmap = 1u << 8,
  kAclHyperLogLog = 1u << 9,
  kAclGeo = 1u << 10,
  kAclStream = 1u << 11,
  kAclPubSub = 1u << 12,
  kAclAdmin = 1u << 13,
  kAclFast = 1u << 14,
  kAclSlow = 1u << 15,
  kAclBlocking = 1u << 16,
  kAclDangerous = 1u << 17,
  kAclConnection = 1u << 18,
  kAclTransaction = 1u << 19,
  kAclScripting = 1u << 20,
};
inline constexpr int kAclCategoryCount = 21;

// Name without '@' ("keyspace", "sortedset"...) of category bit i (0-based).
std::string_view acl_category_name(int bit);
// Bit for a name, with or without '@', case-insensitive; 0 if unknown.
uint32_t acl_category_from_name(std::string_view name);
// Parses a row's `acl` field ("@keyspace @dangerous"); false if it names an unknown one.
bool parse_acl_field(std::string_view field, uint32_t* out);
// All categories of a row (see the rule above).
uint32_t command_acl_categories(const CommandSpec& row);

// COMMAND INFO flag names of a row, in Redis's order (hidden flags such as may_replicate
// and protected are not listed, "movablekeys" is added for rows with movable keys).
std::vector<std::string_view> command_flag_names(const CommandSpec& row);

// True if the row has keys at all (a key range or a movable-keys function).
bool command_has_keys(const CommandSpec& row);

// Key positions of a full argv (argv[0] is the command name, argv[1] the subcommand for
// container commands). Returns false when the arguments are malformed for key extraction
// (e.g. numkeys out of range); positions past the end of argv are never returned.
bool command_key_positions(const CommandSpec& row, std::span<const std::string_view> argv,
                           std::vector<int>* out);

}  // namespace eddy
