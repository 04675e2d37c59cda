#!/usr/bin/env python3
"""A tiny stand-in for a playgate fleet and the VOD emulator, used only by `loadtest/run --selftest` to check the
simulations, the one command and the summary without the real jars. It is NOT a model of playgate's performance:
one shared in-process cache with coalescing, a token-bucket budget, a fake upstream with latency and a per-second
quota, the emulator's admin stats, and per-instance readiness and Prometheus endpoints."""
import argparse
import json
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

lock = threading.Lock()
calls, peaks, window, throttled = {}, {}, {}, [0]
cache, inflight, served = {}, {}, {}
bucket = {"tokens": 0.0, "at": time.monotonic()}


def upstream(action, latency, qps):
    time.sleep(latency)
    with lock:
        second = int(time.time())
        key = (action, second)
        window[key] = window.get(key, 0) + 1
        calls[action] = calls.get(action, 0) + 1
        peaks[action] = max(peaks.get(action, 0), window[key])
        if window[key] > qps:
            throttled[0] += 1
            return False
    return True


def take_permit(budget):
    with lock:
        now = time.monotonic()
        bucket["tokens"] = min(budget, bucket["tokens"] + (now - bucket["at"]) * budget)
        bucket["at"] = now
        if bucket["tokens"] >= 1:
            bucket["tokens"] -= 1
            return True
        return False


def fetch(key, lifetime, min_validity, args):
    """Returns (expiresAt epoch s, X-Cache) or None when the budget is exhausted."""
    with lock:
        expires = cache.get(key)
        if expires and expires - time.time() >= min_validity:
            return expires, "HIT"
        event = inflight.get(key)
        leader = event is None
        if leader:
            event = inflight[key] = threading.Event()
    if not leader:
        event.wait(5)
        with lock:
            expires = cache.get(key)
        return (expires, "COALESCED") if expires else None
    try:
        if not take_permit(args.budget) or not upstream(key[0], args.latency_ms / 1000.0, args.qps):
            return None
        expires = time.time() + lifetime - 5
        with lock:
            cache[key] = expires
        return expires, "MISS"
    finally:
        with lock:
            inflight.pop(key, None)
        event.set()


class Api(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    args = None
    instance = 0

    def log_message(self, *_):
        pass

    def send(self, status, body, content_type="application/json", headers=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def problem(self, status, code, headers=()):
        self.send(status, json.dumps({"type": "about:blank", "title": code, "status": status, "code": code}),
                  "application/problem+json", headers)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.path.startswith("/__admin/reset"):
            with lock:
                calls.clear(); peaks.clear(); window.clear(); throttled[0] = 0
            return self.send(200, "{}")
        self.problem(404, "NOT_FOUND")

    def do_GET(self):
        url = urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        if url.path == "/__admin/stats":
            with lock:
                body = {"totalCalls": sum(calls.values()), "throttled": throttled[0],
                        "actions": {a: {"calls": n, "peakCallsPerSecond": peaks.get(a, 0)} for a, n in calls.items()}}
            return self.send(200, json.dumps(body))
        if url.path == "/actuator/health/readiness":
            return self.send(200, '{"status":"UP"}')
        if url.path == "/actuator/prometheus":
            with lock:
                lines = ['playgate_requests_total{endpoint="%s",outcome="%s"} %d' % (e, c.lower(), n)
                         for (i, e, c), n in served.items() if i == self.instance]
            return self.send(200, "\n".join(lines) + "\n", "text/plain")
        if len(parts) != 4 or parts[:2] != ["v1", "videos"] or parts[3] not in ("play-auth", "play-info"):
            return self.problem(404, "NOT_FOUND")
        video, op = parts[2], parts[3]
        if len(video) != 32 or not video.isalnum():
            return self.problem(400, "INVALID_VIDEO_ID")
        if video.startswith("NOTFOUND"):
            return self.problem(404, "VIDEO_NOT_FOUND")
        query = parse_qs(url.query)
        lifetime = int(query.get("authInfoTimeout", ["3000"])[0])
        min_validity = int(query.get("minValidity", ["0"])[0])
        action = "GetVideoPlayAuth" if op == "play-auth" else "GetPlayInfo"
        got = fetch((action, video, lifetime), lifetime, min_validity, self.args)
        if got is None:
            return self.problem(503, "UPSTREAM_BUSY", [("Retry-After", "1")])
        expires, how = got
        with lock:
            k = (self.instance, op, how)
            served[k] = served.get(k, 0) + 1
        at = datetime.fromtimestamp(expires, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.send(200, json.dumps({"videoId": video, "playAuth": "stand-in", "expiresAt": at}),
                  headers=[("X-Cache", how)])


def serve(port, instance, args):
    handler = type("Api%d" % port, (Api,), {"args": args, "instance": instance})
    server_class = type("Server%d" % port, (ThreadingHTTPServer,), {"request_queue_size": 1024})
    server = server_class(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--admin-port", type=int, required=True)
    ap.add_argument("--ports", required=True, help="api:management pairs, comma separated")
    ap.add_argument("--budget", type=float, default=300)
    ap.add_argument("--qps", type=int, default=360)
    ap.add_argument("--latency-ms", type=float, default=20)
    args = ap.parse_args()
    serve(args.admin_port, -1, args)
    for i, pair in enumerate(args.ports.split(",")):
        api, mgmt = pair.split(":")
        serve(int(api), i, args)
        serve(int(mgmt), i, args)
    print("stand-in ready", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
