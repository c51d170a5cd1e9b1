#include "eddy/server/config.h"

#include <fstream>
#include <sstream>

#include "eddy/base/strutil.h"

namespace eddy {

const ConfigSpec* Config::find_spec(std::string_view name) const {
  for (const ConfigSpec& s : specs())
    if (iequals(s.name, name) || (!s.alias.empty() && iequals(s.alias, name))) return &s;
  return nullptr;
}

Config::Config() {
  for (const ConfigSpec& s : specs()) {
    std::string canonical(s.default_value);
    if (s.normalize) {
      std::string c;
      if (!s.normalize(s.default_value, &c)) canonical = c;
    } else if (s.type == ConfigType::Memory) {
      int64_t v = 0;
      if (parse_memory(s.default_value, &v)) canonical = ll_to_string(v);
    }
    values_[std::string(s.name)] = canonical;
  }
  for (const ConfigSpec& s : specs()) refresh(s);
}

bool Config::known(std::string_view name) const { return find_spec(name) != nullptr; }

bool Config::is_mutable(std::string_view name) const {
  const ConfigSpec* s = find_spec(name);
  return s && s->mutable_at_runtime;
}

std::optional<std::string> Config::get(std::string_view name) const {
  const ConfigSpec* s = find_spec(name);
  if (!s) return std::nullopt;
  auto it = values_.find(std::string(s->name));
  return it == values_.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::vector<std::pair<std::string, std::string>> Config::get_matching(
    std::string_view pattern) const {
  std::vector<std::pair<std::string, std::string>> out;
  bool glob = pattern.find_first_of("*?[") != std::string_view::npos;
  for (const ConfigSpec& s : specs()) {
    bool hit = glob ? (glob_match(pattern, s.name, true) ||
                       (!s.alias.empty() && glob_match(pattern, s.alias, true)))
                    : (iequals(pattern, s.name) || (!s.alias.empty() && iequals(pattern, s.alias)));
    if (!hit) continue;
    std::string shown = (!glob && !s.alias.empty() && iequals(pattern, s.alias))
                            ? std::string(s.alias)
                            : std::string(s.name);
    out.emplace_back(shown, values_.at(std::string(s.name)));
    if (glob && !s.alias.empty() && glob_match(pattern, s.alias, true))
      out.emplace_back(std::string(s.alias), values_.at(std::string(s.name)));
  }
  return out;
}

std::optional<std::string> Config::set_value(const ConfigSpec& spec, std::string_view value,
                                             bool at_startup) {
  std::string canonical;
  switch (spec.type) {
    case ConfigType::Bool: {
      if (iequals(value, "yes")) canonical = "yes";
      else if (iequals(value, "no")) canonical = "no";
      else return "argument must be 'yes' or 'no'";
      break;
    }
    case ConfigType::Int:
    case ConfigType::Memory: {
      int64_t v;
      if (spec.type == ConfigType::Memory) {
        if (!parse_memory(value, &v)) return "argument must be a memory value";
      } else if (!string_to_ll(value, &v)) {
        return "argument couldn't be parsed into an integer";
      }
      if (spec.name == "hz") {
        if (v < 0) return "argument must be between 0 and 2147483647 inclusive";
        if (v > 500) v = 500;
        if (v < 1) v = 1;
      }
      if ((spec.min != 0 || spec.max != 0) && (v < spec.min || v > spec.max))
        return "argument must be between " + ll_to_string(spec.min) + " and " +
               ll_to_string(spec.max) + " inclusive";
      canonical = ll_to_string(v);
      break;
    }
    case ConfigType::Enum: {
      std::string lower = to_lower(value);
      bool ok = false;
      std::string list;
      std::istringstream in{std::string(spec.choices)};
      for (std::string c; in >> c;) {
        if (!list.empty()) list += ", ";
        list += c;
        if (c == lower) ok = true;
      }
      if (!ok) return "argument(s) must be one of the following: " + list;
      canonical = lower;
      break;
    }
    case ConfigType::String:
      canonical = std::string(value);
      break;
    case ConfigType::Special: {
      if (!spec.normalize) {
        canonical = std::string(value);
        break;
      }
      if (auto e = spec.normalize(value, &canonical)) return e;
      break;
    }
  }
  (void)at_startup;
  values_[std::string(spec.name)] = canonical;
  refresh(spec);
  for (auto& fn : observers_) fn(spec.name);
  return std::nullopt;
}

std::optional<std::string> Config::set(std::string_view name, std::string_view value) {
  const ConfigSpec* s = find_spec(name);
  if (!s) return "Unknown option";
  if (!s->mutable_at_runtime) return "can't set immutable config";
  return set_value(*s, value, false);
}

std::optional<std::string> Config::apply_directive(const std::vector<std::string>& argv) {
  if (argv.empty()) return std::nullopt;
  const ConfigSpec* s = find_spec(argv[0]);
  if (!s) return "Bad directive or wrong number of arguments";
  std::string value;
  if (s->multi_arg || s->type == ConfigType::Special) {
    for (size_t i = 1; i < argv.size(); ++i) {
      if (i > 1) value += ' ';
      value += argv[i];
    }
    if (s->multi_arg) {
      // Repeated lines accumulate (e.g. several "save" or "client-output-buffer-limit").
      std::string& cur = values_[std::string(s->name)];
      if (s->normalize) {
        std::string merged;
        if (auto e = s->normalize("__append__ " + cur + "\n" + value, &merged)) return e;
        return set_value(*s, merged, true);
      }
      (void)cur;
    }
  } else {
    if (argv.size() != 2) return "Bad directive or wrong number of arguments";
    value = argv[1];
  }
  return set_value(*s, value, true);
}

std::optional<std::string> Config::load_text(const std::string& text, const std::string& origin) {
  std::istringstream in(text);
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    std::string_view l = line;
    while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
    while (!l.empty() && (l.back() == ' ' || l.back() == '\t' || l.back() == '\r'))
      l.remove_suffix(1);
    if (l.empty() || l[0] == '#') continue;
    auto argv = split_args(l);
    std::optional<std::string> err;
    if (!argv) {
      err = "Unbalanced quotes in configuration line";
    } else if (!argv->empty()) {
      (*argv)[0] = to_lower((*argv)[0]);
      if ((*argv)[0] == "include") {
        if (argv->size() != 2) {
          err = "Bad directive or wrong number of arguments";
        } else if (auto e = load_file((*argv)[1])) {
          return e;
        }
      } else {
        err = apply_directive(*argv);
      }
    }
    if (err) {
      std::string msg = "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n";
      msg += "Reading the configuration file, at line " + std::to_string(lineno) + "\n";
      msg += ">>> '" + std::string(l) + "'\n";
      msg += *err + "\n";
      (void)origin;
      return msg;
    }
  }
  return std::nullopt;
}

std::optional<std::string> Config::load_file(const std::string& path) {
  std::ifstream f(path);
  if (!f) return "Fatal error, can't open config file '" + path + "': No such file or directory";
  std::stringstream ss;
  ss << f.rdbuf();
  return load_text(ss.str(), path);
}

std::optional<std::string> Config::rewrite() {
  if (config_file_.empty()) return "The server is running without a config file";
  std::ifstream f(config_file_);
  std::vector<std::string> lines;
  std::map<std::string, bool> written;
  for (std::string line; std::getline(f, line);) {
    auto argv = split_args(line);
    std::string_view trimmed = line;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t'))
      trimmed.remove_prefix(1);
    if (!argv || argv->empty() || trimmed.empty() || trimmed[0] == '#') {
      lines.push_back(line);
      continue;
    }
    const ConfigSpec* s = find_spec((*argv)[0]);
    if (!s) {
      lines.push_back(line);
      continue;
    }
    std::string name(s->name);
    if (written[name]) continue;
    written[name] = true;
    lines.push_back(name + " " + values_[name]);
  }
  bool header = false;
  for (const ConfigSpec& s : specs()) {
    std::string name(s.name);
    if (written[name]) continue;
    std::string def(s.default_value);
    if (values_[name] == def) continue;
    if (s.type == ConfigType::Memory) {
      int64_t v;
      if (parse_memory(def, &v) && ll_to_string(v) == values_[name]) continue;
    }
    if (!header) {
      lines.push_back("# Generated by CONFIG REWRITE");
      header = true;
    }
    std::string v = values_[name];
    lines.push_back(name + " " + (v.empty() ? "\"\"" : v));
  }
  std::string tmp = config_file_ + ".tmp-rewrite";
  {
    std::ofstream o(tmp, std::ios::trunc);
    if (!o) return "Rewriting config file: Permission denied";
    for (auto& l : lines) o << l << "\n";
    if (!o) return "Rewriting config file: I/O error";
  }
  if (std::rename(tmp.c_str(), config_file_.c_str()) != 0)
    return "Rewriting config file: rename failed";
  return std::nullopt;
}

void Config::refresh(const ConfigSpec& spec) {
  const std::string& v = values_[std::string(spec.name)];
  auto as_int = [&]() {
    int64_t n = 0;
    string_to_ll(v, &n);
    return n;
  };
  auto name = spec.name;
  Settings& s = settings_;
  if (name == "port") s.port = as_int();
  else if (name == "bind") {
    s.bind.clear();
    std::istringstream in(v);
    for (std::string b; in >> b;) s.bind.push_back(b);
  } else if (name == "protected-mode") s.protected_mode = v == "yes";
  else if (name == "tcp-backlog") s.tcp_backlog = as_int();
  else if (name == "tcp-keepalive") s.tcp_keepalive = as_int();
  else if (name == "timeout") s.timeout = as_int();
  else if (name == "unixsocket") s.unixsocket = v;
  else if (name == "unixsocketperm") s.unixsocketperm = std::stoll(v.empty() ? "0" : v, nullptr, 8);
  else if (name == "databases") s.databases = as_int();
  else if (name == "hz") s.hz = as_int();
  else if (name == "maxclients") s.maxclients = as_int();
  else if (name == "proto-max-bulk-len") s.proto_max_bulk_len = as_int();
  else if (name == "client-query-buffer-limit") s.client_query_buffer_limit = as_int();
  else if (name == "requirepass") s.requirepass = v;
  else if (name == "loglevel") s.loglevel = v;
  else if (name == "logfile") s.logfile = v;
  else if (name == "daemonize") s.daemonize = v == "yes";
  else if (name == "pidfile") s.pidfile = v;
  else if (name == "supervised") s.supervised = v;
  else if (name == "dir") s.dir = v;
  else if (name == "active-expire-effort") s.active_expire_effort = as_int();
  else if (name == "lazyfree-lazy-user-del") s.lazyfree_lazy_user_del = v == "yes";
  else if (name == "lazyfree-lazy-user-flush") s.lazyfree_lazy_user_flush = v == "yes";
  else if (name == "maxmemory") s.maxmemory = as_int();
  else if (name == "maxmemory-policy") s.maxmemory_policy = v;
  else if (name == "notify-keyspace-events") s.notify_keyspace_events = v;
}

}  // namespace eddy
