// The directive table. Defaults are Redis 7.0's.
#include "eddy/server/config.h"

namespace eddy {

const std::vector<ConfigSpec>& Config::specs() {
  static const std::vector<ConfigSpec> rows = {
      {"bind", "", ConfigType::String, "* -::*", 0, 0, true},
      {"port", "", ConfigType::Int, "6379", 0, 65535, true},
      {"protected-mode", "", ConfigType::Bool, "yes"},
      {"tcp-backlog", "", ConfigType::Int, "511", 0, 2147483647, false},
      {"tcp-keepalive", "", ConfigType::Int, "300", 0, 2147483647},
      {"timeout", "", ConfigType::Int, "0", 0, 2147483647},
      {"unixsocket", "", ConfigType::String, "", 0, 0, false},
      {"unixsocketperm", "", ConfigType::Int, "0", 0, 777, false},
      {"daemonize", "", ConfigType::Bool, "no", 0, 0, false},
      {"supervised", "", ConfigType::Enum, "no", 0, 0, false, "upstart systemd auto no"},
      {"pidfile", "", ConfigType::String, "", 0, 0, false},
      {"loglevel", "", ConfigType::Enum, "notice", 0, 0, true, "debug verbose notice warning"},
      {"logfile", "", ConfigType::String, "", 0, 0, false},
      {"databases", "", ConfigType::Int, "16", 1, 2147483647, false},
      {"hz", "", ConfigType::Int, "10", 0, 0},
      {"maxclients", "", ConfigType::Int, "10000", 1, 2147483647},
      {"proto-max-bulk-len", "", ConfigType::Memory, "512mb", 1048576, 9223372036854775807LL},
      {"client-query-buffer-limit", "", ConfigType::Memory, "1gb", 1048576, 9223372036854775807LL},
      {"requirepass", "", ConfigType::String, ""},
      {"dir", "", ConfigType::String, "."},
      {"maxmemory", "", ConfigType::Memory, "0", 0, 9223372036854775807LL},
      {"maxmemory-policy", "", ConfigType::Enum, "noeviction", 0, 0, true,
       "volatile-lru volatile-lfu volatile-random volatile-ttl allkeys-lru allkeys-lfu "
       "allkeys-random noeviction"},
      {"notify-keyspace-events", "", ConfigType::String, ""},
      {"active-expire-effort", "", ConfigType::Int, "1", 1, 10},
      {"lazyfree-lazy-user-del", "", ConfigType::Bool, "no"},
      {"lazyfree-lazy-user-flush", "", ConfigType::Bool, "no"},
      {"save", "", ConfigType::String, "3600 1 300 100 60 10000"},
      {"appendonly", "", ConfigType::Bool, "no"},
  };
  return rows;
}

}  // namespace eddy
