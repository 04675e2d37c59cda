#!/usr/bin/env python3
"""Warms freshly started gateways (JIT, connection pools, the SDK path to the emulator) with a modest, unmeasured
load before the measured run: a cold JVM on a 2-core machine answers its first seconds of load many times slower,
and that would be measured as the gateway's capacity. Uses video ids starting with `w`, which no simulation asks for,
so the measured run still starts with cold caches.

usage: warmup.py SECONDS RATE BASE_URL [BASE_URL ...]"""
import random
import sys
import threading
import time
import urllib.error
import urllib.request


def main():
    seconds, rate, urls = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
    threads = 8
    deadline = time.time() + seconds
    counts = {"ok": 0, "failed": 0}
    lock = threading.Lock()

    def worker(n):
        rng = random.Random(n)
        interval = threads / rate
        next_at = time.time() + rng.random() * interval
        i = n
        while time.time() < deadline:
            rank = rng.randint(1, 50) if rng.random() < 0.5 else rng.randint(1000, 10 ** 9)
            op = "play-auth" if rng.random() < 0.7 else "play-info"
            url = "%s/v1/videos/w%031d/%s" % (urls[i % len(urls)], rank, op)
            i += 1
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    response.read()
                ok = True
            except (urllib.error.URLError, OSError):
                ok = False
            with lock:
                counts["ok" if ok else "failed"] += 1
            next_at += interval
            time.sleep(max(0.0, next_at - time.time()))

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    print("warm-up: %d requests answered, %d failed" % (counts["ok"], counts["failed"]))


if __name__ == "__main__":
    main()
