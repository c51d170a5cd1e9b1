#!/usr/bin/env python3
"""Records tests/unit/golden/command_info.txt and command_acl.txt from a running
redis-server 7.0 (the oracle): one line per command and subcommand, sorted by name.

  command_info.txt: name arity first last step flag...
  command_acl.txt:  name @category...

Usage: record_command_info.py [port]   (default 6379)
"""
import os
import socket
import sys


def read_reply(f):
    line = f.readline().rstrip(b"\r\n")
    kind, rest = line[:1], line[1:]
    if kind in (b"+", b"-"):
        return rest.decode()
    if kind == b":":
        return int(rest)
    if kind == b"$":
        n = int(rest)
        if n < 0:
            return None
        data = f.read(n + 2)[:-2]
        return data.decode()
    if kind == b"*":
        n = int(rest)
        return None if n < 0 else [read_reply(f) for _ in range(n)]
    raise ValueError("unexpected reply type %r" % kind)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 6379
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"*1\r\n$7\r\nCOMMAND\r\n")
    rows = read_reply(sock.makefile("rb"))
    info, acl = [], []

    def add(row):
        name, arity, flags, first, last, step, cats = row[:7]
        info.append(" ".join([name, str(arity), str(first), str(last), str(step)] + sorted(flags)))
        acl.append(" ".join([name] + sorted(cats)))
        for sub in row[9]:
            add(sub)

    for row in rows:
        add(row)
    here = os.path.dirname(os.path.abspath(__file__))
    header = "# Recorded from redis-server 7.0.15 COMMAND by record_command_info.py.\n"
    with open(os.path.join(here, "command_info.txt"), "w") as out:
        out.write(header + "# name arity first last step flag...\n")
        out.write("\n".join(sorted(info)) + "\n")
    with open(os.path.join(here, "command_acl.txt"), "w") as out:
        out.write(header + "# name @category...\n")
        out.write("\n".join(sorted(acl)) + "\n")


if __name__ == "__main__":
    main()
