#!/usr/bin/env python3
"""Samples a load run once a second until terminated, appending one JSON line per sample to a file:
{"t0": epoch ms before, "t": epoch ms after asking, "stats": the emulator's GET /__admin/stats, "cpu": {label: CPU seconds used so far},
 "machine": {"busy": s, "total": s}}. The summary turns the cumulative counts into upstream calls per second and
CPU use per component (in cores), and shows how busy the rest of the machine was.

usage: sample.py OUT [--stats URL] [LABEL=PID ...]   (a LABEL=PID counts that process and all its descendants)"""
import json
import os
import signal
import sys
import time
import urllib.request

TICK = os.sysconf("SC_CLK_TCK")
running = True


def stop(*_):
    global running
    running = False


def children():
    """{ppid: [pid]} of every process now."""
    tree = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                tree.setdefault(int(fields[1]), []).append(int(entry))
            except (OSError, IndexError):
                pass
    return tree


def cpu_seconds(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0.0


def machine():
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return {"busy": (sum(values) - idle) / TICK, "total": sum(values) / TICK}


def main():
    out, args = sys.argv[1], sys.argv[2:]
    url = None
    if args[:1] == ["--stats"]:
        url, args = args[1], args[2:]
    roots = {label: int(pid) for label, pid in (a.split("=", 1) for a in args)}
    seen = {label: {} for label in roots}  # label -> {pid: last CPU seconds}, so exited children still count
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with open(out, "a") as f:
        next_at = time.time()
        while running:
            sample = {"t0": int(time.time() * 1000), "machine": machine(), "cpu": {}}
            tree = children()
            for label, root in roots.items():
                stack = [root]
                while stack:
                    pid = stack.pop()
                    used = cpu_seconds(pid)
                    if used:
                        seen[label][pid] = used
                    stack.extend(tree.get(pid, []))
                sample["cpu"][label] = round(sum(seen[label].values()), 2)
            if url:
                try:
                    with urllib.request.urlopen(url, timeout=0.8) as response:
                        sample["stats"] = json.loads(response.read())
                except (OSError, ValueError):
                    pass  # a missed sample widens one interval; rates divide by the real elapsed time
            # stamped after the stats answered: on a starved machine that answer can come seconds late, and the
            # counts it holds are as of then
            sample["t"] = int(time.time() * 1000)
            f.write(json.dumps(sample) + "\n")
            f.flush()
            next_at += 1.0
            time.sleep(max(0.0, next_at - time.time()))


if __name__ == "__main__":
    main()
