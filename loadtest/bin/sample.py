#!/usr/bin/env python3
"""Polls the emulator's GET /__admin/stats once a second and appends {"t": epoch ms, "stats": {...}} lines to a
file, until terminated. The summary turns the cumulative counts into upstream calls per second."""
import json
import signal
import sys
import time
import urllib.request

url, out = sys.argv[1], sys.argv[2]
running = True


def stop(*_):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
with open(out, "a") as f:
    next_at = time.time()
    while running:
        try:
            with urllib.request.urlopen(url, timeout=0.8) as response:
                stats = json.loads(response.read())
            f.write(json.dumps({"t": int(time.time() * 1000), "stats": stats}) + "\n")
            f.flush()
        except (OSError, ValueError):
            pass  # a missed sample only widens one interval; the rate is divided by the real elapsed time
        next_at += 1.0
        time.sleep(max(0.0, next_at - time.time()))
