#!/usr/bin/env python3
"""Turns one load run into the summary a load tester reads: a table on the console, summary.json, summary.md and
upstream.svg next to Gatling's HTML report. Inputs (all optional but simulation.log): the simulation's client.json,
the emulator stats sampled every second, Prometheus scrapes of every gateway before and after, the Gatling console."""
import argparse
import glob
import json
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gatling_log  # noqa: E402
import svg_chart  # noqa: E402

ACTION_OF = {"play-auth": "GetVideoPlayAuth", "play-info": "GetPlayInfo"}
CACHE_VALUES = ("HIT", "MISS", "COALESCED", "STALE")


# ---------------------------------------------------------------- emulator stats (tolerant of the exact JSON shape)

def _number(value, *keys):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, dict):
        for key in keys:
            if key in value and isinstance(value[key], (int, float)):
                return value[key]
    return None


def _per_action(stats, candidates, inner=("calls", "count", "total", "accepted")):
    """{action: number} from the first dict in `candidates` that is keyed by VOD action names."""
    for key in candidates:
        node = stats.get(key) if isinstance(stats, dict) else None
        if isinstance(node, dict) and any(k.startswith("Get") for k in node):
            out = {}
            for action, value in node.items():
                n = _number(value, *inner)
                if n is not None:
                    out[action] = n
            return out
    return None


def upstream_calls(stats):
    """Calls per VOD action (every call the emulator received, throttled ones included)."""
    if not isinstance(stats, dict):
        return {}
    found = _per_action(stats, ("calls", "callsByAction", "actions", "byAction", "perAction"))
    if found is not None:
        return found
    return {k: v for k, v in stats.items() if k.startswith("Get") and isinstance(v, (int, float))}


def peak_per_second(stats):
    """The emulator's own peak calls in any one-second window, per action when it says so."""
    if not isinstance(stats, dict):
        return {}
    for key in ("peakCallsPerSecond", "maxCallsPerSecond", "peakPerSecond", "peak", "maxPerSecond"):
        node = stats.get(key)
        if isinstance(node, dict):
            return {k: v for k, v in node.items() if isinstance(v, (int, float))}
        if isinstance(node, (int, float)):
            return {"all actions": node}
    per_action = _per_action(stats, ("calls", "callsByAction", "actions", "byAction", "perAction"),
                             inner=("peakPerSecond", "maxPerSecond", "peakCallsPerSecond", "maxCallsPerSecond", "peak"))
    return per_action or {}


def throttled(stats):
    if not isinstance(stats, dict):
        return None
    for key in ("throttled", "throttledCalls", "rejectedThrottled"):
        node = stats.get(key)
        if isinstance(node, (int, float)):
            return node
        if isinstance(node, dict):
            return sum(v for v in node.values() if isinstance(v, (int, float)))
    per_action = _per_action(stats, ("calls", "callsByAction", "actions", "byAction", "perAction"),
                             inner=("throttled",))
    return sum(per_action.values()) if per_action else None


# ---------------------------------------------------------------- Prometheus

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def prometheus_cache_mix(text):
    """{family: {OUTCOME: n}} for every playgate_*_total counter with an `outcome` label (X-Cache values and problem
    codes, as playgate.requests has) or, failing that, a label valued HIT/MISS/COALESCED/STALE."""
    mix = {}
    for line in text.splitlines():
        m = LINE.match(line)
        if not m or not m.group(1).startswith("playgate") or not m.group(1).endswith("_total"):
            continue
        labels = dict(LABEL.findall(m.group(3) or ""))
        if "outcome" in labels:
            value = labels["outcome"].upper()
        else:
            values = [v.upper() for v in labels.values() if v.upper() in CACHE_VALUES]
            if not values:
                continue
            value = values[0]
        try:
            n = float(m.group(4))
        except ValueError:
            continue
        family = mix.setdefault(m.group(1), {})
        family[value] = family.get(value, 0) + n
    return mix


def gateway_counters(work):
    """{family: {OUTCOME: n}}: each counter's increase during the run, summed over every gateway instance."""
    total = {}
    for after in sorted(glob.glob(os.path.join(work, "prom-after-*.txt"))):
        before = after.replace("prom-after-", "prom-before-")
        a = prometheus_cache_mix(open(after).read())
        b = prometheus_cache_mix(open(before).read()) if os.path.exists(before) else {}
        for family, values in a.items():
            for k, v in values.items():
                f = total.setdefault(family, {})
                f[k] = f.get(k, 0) + v - b.get(family, {}).get(k, 0)
    return {family: {k: int(round(v)) for k, v in values.items() if round(v) > 0} for family, values in total.items()}


def gateway_mix(counters):
    """The edge's outcomes (playgate.requests: X-Cache values and problem codes), or the closest family."""
    if not counters:
        return None, None
    if "playgate_requests_total" in counters:
        return "playgate_requests_total", counters["playgate_requests_total"]
    family = sorted(counters, key=lambda f: (0 if "request" in f else 1, f))[0]
    return family, counters[family]


# ---------------------------------------------------------------- statistics

def percentile(sorted_values, p):
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]


def latency(records):
    values = sorted(r.end - r.start for r in records)
    return {"p50": percentile(values, 50), "p95": percentile(values, 95), "p99": percentile(values, 99),
            "p999": percentile(values, 99.9), "max": values[-1] if values else None,
            "mean": round(sum(values) / len(values), 1) if values else None}


def throughput(records):
    if not records:
        return 0.0
    span = (max(r.end for r in records) - min(r.start for r in records)) / 1000.0
    return len(records) / span if span > 0 else float(len(records))


def per_second(records, key=lambda r: True):
    counts = {}
    for r in records:
        if key(r):
            s = r.start // 1000
            counts[s] = counts.get(s, 0) + 1
    return counts


def phase_stats(records, phases, series):
    totals = {}
    for pts in series.values():
        for t, v in pts:
            totals[t] = totals.get(t, 0) + v
    out = []
    for p in phases:
        lo, hi = p["start"] * 1000, p["end"] * 1000
        inside = [r for r in records if lo <= r.start < hi]
        seconds = max(1, p["end"] - p["start"])
        ko = sum(1 for r in inside if not r.ok)
        target = (p["fromRate"] + p["toRate"]) / 2 if p["name"] != "burst" else p["users"]
        upstream = [v for t, v in totals.items() if lo / 1000.0 < t <= hi / 1000.0 + 0.5]
        out.append({"name": p["name"], "start": p["start"], "end": p["end"], "seconds": seconds,
                    "peakUpstreamPerSecond": round(max(upstream)) if upstream else None, "targetRate": round(target, 1),
                    "achievedRate": round(len(inside) / seconds, 1), "requests": len(inside),
                    "errorPct": round(100.0 * ko / len(inside), 2) if inside else 0.0, **latency(inside)})
    return out


def knee(phases):
    steps = [p for p in phases if p["name"].startswith("step")]
    if not steps:
        return None
    base = steps[0]["p99"] or 1
    held = None
    for p in steps:
        ok = (p["achievedRate"] >= 0.95 * p["targetRate"] and p["errorPct"] <= 1.0
              and (p["p99"] or 0) <= max(4 * base, 100))
        if not ok:
            return {"highestHeld": held, "firstFailing": p["name"], "targetRate": p["targetRate"],
                    "why": "achieved %.0f/s of %.0f/s, errors %.2f%%, p99 %s ms (first step p99 %s ms)"
                           % (p["achievedRate"], p["targetRate"], p["errorPct"], p["p99"], base)}
        held = p["name"] + " (%.0f req/s)" % p["targetRate"]
    return {"highestHeld": held, "firstFailing": None, "why": "every step held (no knee in this range)"}


# ---------------------------------------------------------------- upstream series from the sampled stats

def sampled_series(work, run_start_ms):
    """{action: [(second, calls in that second)]} from the 1 s samples of the emulator's cumulative counts."""
    path = os.path.join(work, "samples.jsonl")
    if not os.path.exists(path):
        return {}
    samples = []
    for line in open(path):
        try:
            s = json.loads(line)
        except ValueError:
            continue
        # a sample whose answer took long was stamped late (a starved machine): its counts belong to an unknown
        # instant, and a rate over it would be wrong
        if "stats" in s and s["t"] - s.get("t0", s["t"]) <= 300:
            samples.append((s["t"], upstream_calls(s["stats"])))
    series = {}
    kept = samples[:1]
    for sample in samples[1:]:
        if sample[0] - kept[-1][0] >= 500:  # a rate over less than half a second is mostly noise
            kept.append(sample)
    for (t0, c0), (t1, c1) in zip(kept, kept[1:]):
        dt = (t1 - t0) / 1000.0
        for action in set(c0) | set(c1):
            rate = (c1.get(action, 0) - c0.get(action, 0)) / dt
            series.setdefault(action, []).append(((t1 - run_start_ms) / 1000.0, max(0.0, rate)))
    return series


def cpu_use(work, run_start_ms, run_end_ms):
    """Average CPU use in cores per component over the run, the whole machine's, and everyone else's."""
    path = os.path.join(work, "samples.jsonl")
    if not os.path.exists(path):
        return None
    inside = []
    for line in open(path):
        try:
            s = json.loads(line)
        except ValueError:
            continue
        if "cpu" in s and run_start_ms <= s["t"] <= run_end_ms + 1000:
            inside.append(s)
    if len(inside) < 2:
        return None
    first, last = inside[0], inside[-1]
    wall = (last["t"] - first["t"]) / 1000.0
    use = {label: round((last["cpu"].get(label, 0) - first["cpu"].get(label, 0)) / wall, 2) for label in last["cpu"]}
    busy = round((last["machine"]["busy"] - first["machine"]["busy"]) / wall, 2)
    return {"seconds": round(wall, 1), "cores": use, "machineBusyCores": busy,
            "otherProcessesCores": round(max(0.0, busy - sum(use.values())), 2)}


# ---------------------------------------------------------------- assembling the summary

def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def assertions(work):
    path = os.path.join(work, "gatling.log")
    found = []
    if os.path.exists(path):
        for line in open(path, errors="replace"):
            m = re.search(r"(\S.*?) : (true|false) \(actual : (.*)\)\s*$", line)
            if m:
                found.append({"assertion": m.group(1).replace("[INFO] ", ""), "passed": m.group(2) == "true",
                              "actual": m.group(3)})
    return found


def summarise(args):
    run_start, sim_class, records = gatling_log.read(os.path.join(args.report_dir, "simulation.log"))
    client = load_json(os.path.join(args.work, "client.json")) or {}
    before = load_json(os.path.join(args.work, "stats-before.json"))
    after = load_json(os.path.join(args.work, "stats-after.json"))
    ops = sorted({r.name for r in records})
    total, ko = len(records), sum(1 for r in records if not r.ok)
    counts = client.get("counts", {})

    def tally(kind):
        out = {}
        for key, n in counts.items():
            op, k, value = key.split("|", 2)
            if k == kind:
                out.setdefault(op, {})[value] = n
        return out

    calls_after, calls_before = upstream_calls(after), upstream_calls(before) or {}
    upstream = {a: calls_after[a] - calls_before.get(a, 0) for a in calls_after
                if calls_after[a] - calls_before.get(a, 0) > 0}
    upstream_total = sum(upstream.values()) if upstream else None
    peaks = {a: n for a, n in peak_per_second(after).items() if n > 0}
    series = sampled_series(args.work, run_start)
    last_second = max((r.end for r in records), default=0) / 1000.0 + 2
    series = {a: [(t, v) for t, v in pts if 0 <= t <= last_second] for a, pts in series.items()}
    series = {a: pts for a, pts in series.items() if any(v > 0 for _, v in pts)}
    sampled_peaks = {a: round(max((v for _, v in pts), default=0), 1) for a, pts in series.items()}

    direct = {}
    for op in ops:
        action = ACTION_OF.get(op, op)
        secs = per_second(records, lambda r, op=op: r.name == op)
        over = sum(max(0, n - args.quota) for n in secs.values())
        direct[action] = {"calls": sum(secs.values()), "peakPerSecond": max(secs.values(), default=0),
                          "secondsOverQuota": sum(1 for n in secs.values() if n > args.quota),
                          "callsOverQuota": over}
    direct_total = sum(d["calls"] for d in direct.values())
    counters = gateway_counters(args.work)
    family, gw_mix = gateway_mix(counters)
    planned = client.get("phases", [])
    if planned:
        end = planned[-1]["end"]
        late = max((r.start for r in records), default=0) // 1000 + 1
        if late > end + 1:
            # arrivals Gatling sent after its schedule's end: a starved load generator falls behind
            planned = planned + [{"name": "(late arrivals)", "start": end, "end": late, "fromRate": 0, "toRate": 0,
                                  "users": 0}]
    phases = phase_stats(records, planned, series)
    summary = {
        "simulation": client.get("simulation") or sim_class.rsplit(".", 1)[-1],
        "target": args.mode, "gatewayInstances": args.instances, "redis": args.redis,
        "upstreamBudgetPerSecond": args.budget, "vodQuotaPerSecond": args.quota,
        "knobs": client.get("knobs", {}),
        "client": {"requests": total, "ok": total - ko, "ko": ko,
                   "errorPct": round(100.0 * ko / total, 3) if total else 0.0,
                   "requestsPerSecond": round(throughput(records), 1), "latencyMs": latency(records),
                   "perCall": {op: {"requests": sum(1 for r in records if r.name == op),
                                    "latencyMs": latency([r for r in records if r.name == op])} for op in ops},
                   "statuses": tally("status"), "problems": tally("problem"), "xCache": tally("xcache"),
                   "events": {k.split("|", 2)[2]: n for k, n in counts.items() if k.startswith("all|event|")},
                   "topErrors": top_errors(records)},
        "gatewayXCache": {"metric": family, "counts": gw_mix} if gw_mix else None,
        "sharedTier": counters.get("playgate_l2_requests_total") or None,
        "upstream": {"callsByAction": upstream or None, "calls": upstream_total,
                     "peakPerSecondByAction": peaks or None, "sampledPeakPerSecondByAction": sampled_peaks or None,
                     "throttled": (throttled(after) or 0) - (throttled(before) or 0) if after else None},
        "requestsPerUpstreamCall": round(total / upstream_total, 1) if upstream_total else None,
        "withoutPlaygate": {"vodCalls": direct_total, "byAction": direct,
                            "callsSaved": direct_total - upstream_total if upstream_total is not None else None,
                            "wouldExceedQuota": any(d["peakPerSecond"] > args.quota for d in direct.values())},
        "phases": phases, "knee": knee(phases), "assertions": assertions(args.work),
        "gatlingExitCode": args.gatling_rc,
    }
    peak_values = list((peaks or sampled_peaks or {}).values())
    if after is None or not peak_values:
        summary["upstreamWithinQuota"] = None
    else:
        # the promise is about the peak; a throttled call with every window under the quota is the emulator's
        # inconsistency, reported as a warning rather than failing the run
        summary["upstreamWithinQuota"] = max(peak_values) <= args.quota
    summary["passed"] = args.gatling_rc == 0 and summary["upstreamWithinQuota"] is not False
    summary["machine"] = {"cores": args.cores, "loadAverageBefore": args.load_before,
                          "cpu": cpu_use(args.work, run_start,
                                         run_start + max((r.end for r in records), default=0))}
    summary["gatewayPipeline"] = args.pipeline or None
    return summary, records, series, run_start


def top_errors(records, limit=5):
    counts = {}
    for r in records:
        if not r.ok:
            key = "%s: %s" % (r.name, r.message or "KO")
            counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1])[:limit])


# ---------------------------------------------------------------- rendering

def fmt(n, digits=0):
    if n is None:
        return "n/a"
    if isinstance(n, float) and digits:
        return f"{n:,.{digits}f}"
    return f"{int(round(n)):,}"


def mix_line(mix):
    if not mix:
        return "n/a"
    total = sum(mix.values()) or 1
    order = [k for k in CACHE_VALUES if k in mix] + sorted(k for k in mix if k not in CACHE_VALUES)
    return ", ".join("%s %s (%.1f%%)" % (k, fmt(mix[k]), 100.0 * mix[k] / total) for k in order)


def merged(per_op):
    out = {}
    for values in (per_op or {}).values():
        for k, v in values.items():
            out[k] = out.get(k, 0) + v
    return out


def rows(s):
    c, u, w = s["client"], s["upstream"], s["withoutPlaygate"]
    lat = c["latencyMs"]
    budget, quota = s["upstreamBudgetPerSecond"], s["vodQuotaPerSecond"]
    peak = u["peakPerSecondByAction"] or u["sampledPeakPerSecondByAction"] or {}
    peak_text = ", ".join("%s %s/s" % (a, fmt(v)) for a, v in sorted(peak.items())) or "n/a"
    peak_max = max(peak.values(), default=None)
    calls = u["callsByAction"] or {}
    out = [
        ("Client requests", "%s in total, %s req/s" % (fmt(c["requests"]), fmt(c["requestsPerSecond"], 1))),
        ("Latency (ms)", "p50 %s | p95 %s | p99 %s | p99.9 %s | max %s" % tuple(
            fmt(lat[k]) for k in ("p50", "p95", "p99", "p999", "max"))),
        ("Errors", "%s of %s (%.2f%%)" % (fmt(c["ko"]), fmt(c["requests"]), c["errorPct"])),
        ("X-Cache mix (clients saw)", mix_line(merged(c["xCache"]))),
    ]
    if s["gatewayXCache"]:
        out.append(("Outcomes (gateway metrics)", mix_line(s["gatewayXCache"]["counts"])))
    if s.get("sharedTier"):
        out.append(("Shared tier (Redis L2) lookups", mix_line(s["sharedTier"])))
    problems = merged(c["problems"])
    if problems:
        out.append(("Problem codes answered", ", ".join("%s %s" % (k, fmt(v)) for k, v in sorted(problems.items()))))
    out += [
        ("Upstream VOD calls", ("%s (%s)" % (fmt(u["calls"]), ", ".join(
            "%s %s" % (a, fmt(n)) for a, n in sorted(calls.items())))) if u["calls"] is not None else "n/a"),
        ("Peak upstream calls/s", "%s; budget %s/s per API, VOD quota %s/s%s" % (
            peak_text, fmt(budget), fmt(quota),
            "" if peak_max is None else (" -> OVER the VOD quota" if peak_max > quota else
                                         " -> over budget, under the quota" if peak_max > budget else
                                         " -> within budget"))),
        ("Upstream calls throttled by VOD", fmt(u["throttled"]) + (
            " (warning: although no one-second window exceeded the quota)"
            if u["throttled"] and s["upstreamWithinQuota"] else "")),
        ("Client requests per upstream call", fmt(s["requestsPerUpstreamCall"], 1)
         if s["requestsPerUpstreamCall"] else "n/a"),
        ("Without playgate (1 request = 1 VOD call)", "%s VOD calls, peak %s; %s" % (
            fmt(w["vodCalls"]), ", ".join("%s %s/s" % (a, fmt(d["peakPerSecond"])) for a, d in sorted(
                w["byAction"].items())),
            "WOULD EXCEED the %s/s quota in %s s (~%s calls throttled)" % (
                fmt(quota), fmt(max(d["secondsOverQuota"] for d in w["byAction"].values())),
                fmt(sum(d["callsOverQuota"] for d in w["byAction"].values())))
            if w["wouldExceedQuota"] else "within the %s/s quota" % fmt(quota))),
        ("Upstream calls saved by playgate", ("%s (%.1f%%)" % (fmt(w["callsSaved"]), 100.0 * w["callsSaved"] /
                                                              w["vodCalls"])) if w["callsSaved"] is not None
         and w["vodCalls"] else "n/a"),
    ]
    if c["events"] or s["simulation"] == "ExpiryWave":
        below = c["events"].get("handed-out-below-minValidity", 0)
        out.append(("Handed out with < minValidity left", "%s (checked on every 200 by the client)" % fmt(below)))
    if s["knee"]:
        k = s["knee"]
        out.append(("Knee", "highest step held: %s; %s" % (k["highestHeld"] or "none",
                                                           ("first failing: %s: %s" % (k["firstFailing"], k["why"]))
                                                           if k["firstFailing"] else k["why"])))
    cpu = (s.get("machine") or {}).get("cpu")
    if cpu:
        parts = ", ".join("%s %.2f" % (k, v) for k, v in sorted(cpu["cores"].items(), key=lambda kv: -kv[1]))
        out.append(("CPU used (cores, run average)", "%s; whole machine %.2f of %s, other processes %.2f "
                    "(load average %s before the run)" % (parts, cpu["machineBusyCores"], s["machine"]["cores"],
                                                          cpu["otherProcessesCores"],
                                                          s["machine"]["loadAverageBefore"])))
    if s["passed"]:
        verdict = "PASSED (all assertions held%s)" % (
            ", VOD never over its quota" if s["upstreamWithinQuota"] else "")
    elif s["gatlingExitCode"]:
        verdict = "FAILED (Gatling exit code %s; see the assertions)" % s["gatlingExitCode"]
    else:
        verdict = "FAILED: playgate let VOD see more than its %s/s quota in one second" % fmt(quota)
    out.append(("Verdict", verdict))
    return out


def console(s, report_dir):
    lines = ["", "=" * 100,
             "playgate load run: %s  |  %s gateway instance(s), redis %s, target %s" % (
                 s["simulation"], s["gatewayInstances"], s["redis"], s["target"])]
    if s.get("gatewayPipeline"):
        lines.append("gateway pipeline: %s" % s["gatewayPipeline"])
    lines.append("=" * 100)
    width = max(len(k) for k, _ in rows(s)) + 2
    lines += ["%s%s" % (k.ljust(width), v) for k, v in rows(s)]
    if s["phases"]:
        lines += ["", "Phases:", phase_table(s["phases"], md=False)]
    if s["assertions"]:
        lines += ["", "Assertions:"] + ["  [%s] %s (actual %s)" % ("ok" if a["passed"] else "FAILED", a["assertion"],
                                                                   a["actual"]) for a in s["assertions"]]
    if s["client"]["topErrors"]:
        lines += ["", "Most frequent failures:"] + ["  %s x %s" % (fmt(n), e)
                                                     for e, n in s["client"]["topErrors"].items()]
    lines += ["", "Report: %s/index.html (Gatling), summary.md, summary.json, upstream.svg" % report_dir, "=" * 100]
    return "\n".join(lines)


def phase_table(phases, md):
    head = ["phase", "seconds", "target req/s", "achieved req/s", "p50", "p95", "p99", "max", "errors %",
            "peak upstream/s"]
    body = [[p["name"], str(p["seconds"]), fmt(p["targetRate"]), fmt(p["achievedRate"], 1), fmt(p["p50"]),
             fmt(p["p95"]), fmt(p["p99"]), fmt(p["max"]), "%.2f" % p["errorPct"], fmt(p["peakUpstreamPerSecond"])]
            for p in phases]
    if md:
        return "\n".join(["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] +
                         ["| " + " | ".join(r) + " |" for r in body])
    widths = [max(len(r[i]) for r in [head] + body) for i in range(len(head))]
    return "\n".join("  " + "  ".join(c.rjust(widths[i]) if i else c.ljust(widths[i]) for i, c in enumerate(r))
                     for r in [head] + body)


def markdown(s):
    out = ["# Load run: %s" % s["simulation"], "",
           "%s gateway instance(s), redis %s, target %s; upstream budget %s calls/s per API, VOD quota %s/s. "
           "Latencies in ms, measured by Gatling (open workload model) from the client side.%s" % (
               s["gatewayInstances"], s["redis"], s["target"], s["upstreamBudgetPerSecond"],
               s["vodQuotaPerSecond"],
               " Gateway pipeline: `%s`." % s["gatewayPipeline"] if s.get("gatewayPipeline") else ""), "",
           "| | |", "|---|---|"]
    out += ["| %s | %s |" % (k, v.replace("|", "/")) for k, v in rows(s)]
    if s["phases"]:
        out += ["", "## Phases", "", phase_table(s["phases"], md=True)]
    if s["assertions"]:
        out += ["", "## Assertions", ""] + ["- %s %s (actual %s)" % ("✅" if a["passed"] else "❌", a["assertion"],
                                                                    a["actual"]) for a in s["assertions"]]
    out += ["", "## Knobs", "", ", ".join("`%s=%s`" % kv for kv in sorted(s["knobs"].items())) or "(defaults)",
            "", "![upstream calls per second](upstream.svg)", ""]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--report-dir", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--budget", type=float, default=300)
    ap.add_argument("--quota", type=float, default=360)
    ap.add_argument("--instances", default="?")
    ap.add_argument("--redis", default="?")
    ap.add_argument("--mode", default="local")
    ap.add_argument("--gatling-rc", type=int, default=0)
    ap.add_argument("--cores", default="?")
    ap.add_argument("--load-before", default="?")
    ap.add_argument("--pipeline", default="")
    args = ap.parse_args()
    summary, records, series, run_start = summarise(args)
    with open(os.path.join(args.report_dir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    with open(os.path.join(args.report_dir, "summary.md"), "w") as f:
        f.write(markdown(summary))
    client_series = {"all requests": sorted(per_second(records).items())}
    for op in sorted({r.name for r in records}):
        client_series[op] = sorted(per_second(records, lambda r, op=op: r.name == op).items())
    client_series["failed"] = sorted(per_second(records, lambda r: not r.ok).items())
    with open(os.path.join(args.report_dir, "upstream.svg"), "w") as f:
        f.write(svg_chart.render(summary, series, client_series, summary["phases"]))
    print(console(summary, args.report_dir))
    return 3 if summary["gatlingExitCode"] == 0 and not summary["passed"] else 0


if __name__ == "__main__":
    sys.exit(main())
