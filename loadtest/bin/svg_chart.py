"""A dependency-free SVG chart of one load run: upstream VOD calls per second against the budget and the quota
(top), and what the clients sent per second (bottom), on the same time axis."""
from xml.sax.saxutils import escape

W, PANEL_H, LEFT, RIGHT, TOP, GAP = 960, 250, 70, 200, 40, 70
PALETTE = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#17becf", "#7f7f7f"]


def _nice_max(value):
    if value <= 0:
        return 10
    for exp in range(0, 8):
        for step in (1, 2, 2.5, 5):
            top = step * 10 ** exp
            if top >= value:
                return top
    return value


def _panel(out, y0, title, series, hlines, x_max, colors, phases):
    plot_w = W - LEFT - RIGHT
    y_max = _nice_max(max([v for pts in series.values() for _, v in pts] + [v for v, _, _ in hlines] + [1]) * 1.1)

    def x(t):
        return LEFT + plot_w * (t / x_max if x_max else 0)

    def y(v):
        return y0 + PANEL_H - PANEL_H * v / y_max

    out.append('<text x="%d" y="%d" font-size="14" font-weight="bold">%s</text>' % (LEFT, y0 - 12, escape(title)))
    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>' % (LEFT, y0, plot_w, PANEL_H))
    for i in range(0, 6):
        v = y_max * i / 5
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#eee"/>' % (LEFT, LEFT + plot_w, y(v), y(v)))
        out.append('<text x="%d" y="%.1f" font-size="11" text-anchor="end">%g</text>' % (LEFT - 5, y(v) + 4, v))
    for p in phases:
        if 0 < p["start"] < x_max:
            out.append('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#ccc" stroke-dasharray="2,3"/>' % (
                x(p["start"]), x(p["start"]), y0, y0 + PANEL_H))
        if p["end"] - p["start"] >= x_max / 12:
            out.append('<text x="%.1f" y="%d" font-size="10" fill="#888">%s</text>' % (
                x(p["start"]) + 3, y0 + 12, escape(p["name"])))
    legend_y = y0 + 10
    for value, label, color in hlines:
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="1.5" stroke-dasharray="6,4"/>'
                   % (LEFT, LEFT + plot_w, y(value), y(value), color))
        out.append('<text x="%d" y="%.1f" font-size="11" fill="%s">%s</text>' % (
            LEFT + plot_w + 8, legend_y, color, escape(label)))
        legend_y += 16
    for name, pts in series.items():
        if not pts:
            continue
        color = colors.get(name, "#333")
        path = " ".join("%s%.1f,%.1f" % ("M" if i == 0 else "L", x(t), y(v)) for i, (t, v) in enumerate(pts))
        out.append('<path d="%s" fill="none" stroke="%s" stroke-width="1.6"/>' % (path, color))
        out.append('<text x="%d" y="%.1f" font-size="11" fill="%s">%s</text>' % (
            LEFT + plot_w + 8, legend_y, color, escape(name)))
        legend_y += 16
    tick = next(step for step in (1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10 ** 9)
                if x_max / step <= 12)
    t = 0
    while t <= x_max:
        out.append('<text x="%.1f" y="%d" font-size="11" text-anchor="middle">%d</text>' % (
            x(t), y0 + PANEL_H + 15, t))
        t += tick
    out.append('<text x="%d" y="%d" font-size="11" text-anchor="middle">seconds since the run started</text>' % (
        LEFT + plot_w / 2, y0 + PANEL_H + 30))


def render(summary, upstream, client, phases):
    """upstream: {action: [(second, calls/s)]}; client: {name: [(second, requests)]}."""
    x_max = max([t for pts in list(upstream.values()) + list(client.values()) for t, _ in pts] + [1])
    height = TOP + 2 * PANEL_H + GAP + 60
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif">' % (W, height),
           '<rect width="100%" height="100%" fill="white"/>']
    budget, quota = summary["upstreamBudgetPerSecond"], summary["vodQuotaPerSecond"]
    up_colors = {a: PALETTE[(i + 2) % len(PALETTE)] for i, a in enumerate(sorted(upstream))}
    hlines = [(budget, "budget %g/s per API" % budget, "#ff7f0e"), (quota, "VOD quota %g/s per API" % quota, "#d62728")]
    _panel(out, TOP, "%s: upstream VOD calls per second (sent by playgate, from the emulator)" % summary["simulation"],
           upstream, hlines, x_max, up_colors, phases)
    client_colors = {"all requests": "#1f77b4", "failed": "#d62728"}
    for i, name in enumerate(n for n in sorted(client) if n not in client_colors):
        client_colors[name] = PALETTE[(i + 1) % len(PALETTE)]
    client = {k: [(t + 0.5, v) for t, v in pts] for k, pts in client.items()}
    _panel(out, TOP + PANEL_H + GAP, "client requests per second (without playgate, each would be a VOD call)",
           client, [(quota, "VOD quota %g/s per API" % quota, "#d62728")], x_max, client_colors, phases)
    out.append("</svg>\n")
    return "\n".join(out)
