import type { LatencySummary } from "../histogram.ts";
import type { BenchResults } from "../results.ts";
import { num, targetText, verdict } from "./format.ts";
import { renderMarkdown } from "./markdown.ts";

// One self-contained page: the targets, latency percentiles against load as inline SVG, and
// the full Markdown report below it (as preformatted text, no scripts, no external files).

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const COLORS = { p50: "#2b8a3e", p95: "#e67700", p99: "#c92a2a", max: "#5f3dc4" } as const;
type Pct = keyof typeof COLORS;
const PCTS: Pct[] = ["p50", "p95", "p99", "max"];

interface Series {
  name: string;
  color: string;
  points: [number, number][];
}

/** Log-scale y axis in milliseconds; x is categorical (one tick per load level). */
function lineChart(
  title: string,
  xLabels: string[],
  series: Series[],
  limit?: { ms: number; label: string },
  /** Join the points: only when x is a load ladder, not separate runs side by side. */
  connect = true,
) {
  const W = 640;
  const H = 320;
  const L = 60;
  const R = 120;
  const T = 30;
  const B = 40;
  const values = series.flatMap((s) => s.points.map(([, y]) => Math.max(y, 0.1)));
  if (limit) values.push(limit.ms);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values, 1)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values, 10)));
  const y = (v: number) =>
    T +
    (H - T - B) *
      (1 - (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)));
  const x = (i: number) =>
    L + (xLabels.length === 1 ? (W - L - R) / 2 : ((W - L - R) * i) / (xLabels.length - 1));
  const parts: string[] = [
    `<text x="${W / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(title)}</text>`,
  ];
  for (let v = lo; v <= hi; v *= 10) {
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${L - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">${num(v, 1)} ms</text>`,
    );
  }
  xLabels.forEach((label, i) => {
    parts.push(
      `<text x="${x(i)}" y="${H - B + 16}" text-anchor="middle" font-size="11">${esc(label)}</text>`,
    );
  });
  if (limit) {
    parts.push(
      `<line x1="${L}" x2="${W - R}" y1="${y(limit.ms)}" y2="${y(limit.ms)}" stroke="#000" stroke-dasharray="5,4"/>`,
    );
    parts.push(
      `<text x="${W - R + 4}" y="${y(limit.ms) + 4}" font-size="11">${esc(limit.label)}</text>`,
    );
  }
  series.forEach((s, k) => {
    const pts = s.points.map(([i, v]) => `${x(i)},${y(v)}`).join(" ");
    if (connect) {
      parts.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    }
    for (const [i, v] of s.points) {
      parts.push(
        `<circle cx="${x(i)}" cy="${y(v)}" r="${connect ? 3 : 5}" fill="${s.color}"><title>${esc(s.name)}: ${num(v, 2)} ms</title></circle>`,
      );
    }
    parts.push(
      `<rect x="${W - R + 10}" y="${T + 10 + k * 18}" width="12" height="3" fill="${s.color}"/>`,
    );
    parts.push(
      `<text x="${W - R + 28}" y="${T + 15 + k * 18}" font-size="12">${esc(s.name)}</text>`,
    );
  });
  parts.push(`<text x="${W / 2}" y="${H - 6}" text-anchor="middle" font-size="11">load</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">${parts.join("")}</svg>`;
}

function percentileSeries(rows: LatencySummary[]): Series[] {
  return PCTS.map((p) => ({
    name: p,
    color: COLORS[p],
    points: rows.map((l, i) => [i, l[p]] as [number, number]),
  }));
}

function charts(r: BenchResults): string[] {
  const s = r.scenarios;
  const out: string[] = [];
  if (s.fanout.length > 0) {
    out.push(
      lineChart(
        `Fan-out: commit→client latency vs subscribers (${r.config.fanout.bookingsPerSecond} bookings/s)`,
        s.fanout.map((l) => `${num(l.subscribers, 0)} subs`),
        percentileSeries(s.fanout.map((l) => l.phase.delivery.commitToReceipt)),
        { ms: 60, label: "p99 target" },
      ),
    );
  }
  const runs: [string, LatencySummary][] = [];
  if (s.broadcast)
    runs.push([
      `ours ${num(s.broadcast.subscribers, 0)} @${r.config.broadcast.eventsPerSecond}/s`,
      s.broadcast.rate.delivery.commitToReceipt,
    ]);
  if (s.baseline)
    runs.push([
      `raw ws @${r.config.broadcast.eventsPerSecond}/s`,
      s.baseline.rate.delivery.commitToReceipt,
    ]);
  if (s.broadcast) runs.push(["ours burst", s.broadcast.burst.delivery.commitToReceipt]);
  if (s.baseline) runs.push(["raw ws burst", s.baseline.burst.delivery.commitToReceipt]);
  if (runs.length > 0) {
    out.push(
      lineChart(
        "Broadcast: ours vs raw ws",
        runs.map(([n]) => n),
        percentileSeries(runs.map(([, l]) => l)),
        { ms: 250, label: "p99 target" },
        false,
      ),
    );
  }
  const booking: [string, LatencySummary][] = [];
  if (s.throughput) {
    booking.push([
      `closed ${num(s.throughput.closedLoop.perSecond, 0)}/s`,
      s.throughput.closedLoop.serviceTime,
    ]);
    booking.push([
      `open ${s.throughput.openLoop.rate}/s`,
      s.throughput.openLoop.scheduleToResponse,
    ]);
  }
  if (s.contention) booking.push(["contention losers", s.contention.loserLatency]);
  if (booking.length > 0) {
    out.push(
      lineChart(
        "Bookings: appointments.create latency",
        booking.map(([n]) => n),
        percentileSeries(booking.map(([, l]) => l)),
        { ms: 50, label: "p99 target" },
        false,
      ),
    );
  }
  return out;
}

export function renderHtml(r: BenchResults): string {
  const rows = r.targets
    .map((t) => {
      const v = verdict(t);
      const color = v === "PASS" ? "#2b8a3e" : v === "MISS" ? "#c92a2a" : "#868e96";
      return `<tr><td>${esc(t.scenario)}</td><td>${esc(t.what)}${t.note ? `<br><small>${esc(t.note)}</small>` : ""}</td><td>${num(t.value, 2)} ${esc(t.unit)}</td><td>${esc(targetText(t))}</td><td style="color:${color};font-weight:bold">${v}</td></tr>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>DentalCare Sync benchmark (${esc(r.profile)})</title>
<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}pre{background:#f8f9fa;padding:1em;overflow-x:auto;font-size:12px}svg{margin:1em 0;border:1px solid #eee}</style>
</head><body>
<h1>DentalCare Sync benchmark (${esc(r.profile)})</h1>
<p>${esc(r.startedAt)} · ${r.machine.nproc} cores · Node ${esc(r.machine.node)} · revision ${esc(r.revision)}</p>
<h2>Targets</h2>
<table><tr><th>Scenario</th><th>Figure</th><th>Value</th><th>Target</th><th>Result</th></tr>
${rows}
</table>
<h2>Latency against load</h2>
${charts(r).join("\n")}
<h2>Full report</h2>
<pre>${esc(renderMarkdown(r))}</pre>
</body></html>
`;
}
