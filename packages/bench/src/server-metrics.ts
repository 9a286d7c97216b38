// The server's own view of a phase, from its /metrics endpoint: how long tRPC requests took
// between arrival and the end of the response, and how late its event loop ran. Compared with
// the load generator's latencies it tells time spent in the server from time spent queueing
// before it (the kernel, the machine's other processes, the load generator itself).

interface Sample {
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Map<string, Sample[]> {
  const out = new Map<string, Sample[]>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match) continue;
    const [, name = "", rawLabels = "", value = "0"] = match;
    const labels: Record<string, string> = {};
    for (const pair of rawLabels.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1] ?? ""] = pair[2] ?? "";
    const list = out.get(name) ?? [];
    list.push({ labels, value: Number(value) });
    out.set(name, list);
  }
  return out;
}

export async function scrapeMetrics(url: string): Promise<Map<string, Sample[]>> {
  const response = await fetch(`${url}/metrics`);
  return parse(await response.text());
}

const DURATION = "dentalcare_http_request_duration_seconds";

/** Cumulative tRPC request counts per upper bound (seconds), summed over statuses. */
function trpcBuckets(metrics: Map<string, Sample[]>): Map<number, number> {
  const buckets = new Map<number, number>();
  for (const s of metrics.get(`${DURATION}_bucket`) ?? []) {
    if (s.labels.surface !== "trpc") continue;
    const le = s.labels.le === "+Inf" ? Number.POSITIVE_INFINITY : Number(s.labels.le);
    buckets.set(le, (buckets.get(le) ?? 0) + s.value);
  }
  return buckets;
}

/** Readable lines: the phase's tRPC request-duration distribution and event-loop delay. */
export function describePhase(before: Map<string, Sample[]>, after: Map<string, Sample[]>) {
  const a = trpcBuckets(after);
  const b = trpcBuckets(before);
  const bounds = [...a.keys()].sort((x, y) => x - y);
  const total = a.get(Number.POSITIVE_INFINITY) ?? 0;
  const count = total - (b.get(Number.POSITIVE_INFINITY) ?? 0);
  const lines = [`server-side tRPC request durations (${count} requests), share finished within:`];
  for (const le of bounds) {
    const n = (a.get(le) ?? 0) - (b.get(le) ?? 0);
    const label = Number.isFinite(le) ? `${le * 1000} ms` : "any";
    lines.push(`  ${label.padStart(8)}  ${((100 * n) / Math.max(1, count)).toFixed(1)} %`);
  }
  lines.push(...gcLines(before, after));
  // prom-client resets its event-loop delay monitor at every scrape: these cover the phase.
  const lag = (name: string) => after.get(name)?.[0]?.value;
  const ms = (v: number | undefined) => (v === undefined ? "–" : `${(v * 1000).toFixed(1)} ms`);
  lines.push(
    `event-loop delay: p50 ${ms(lag("nodejs_eventloop_lag_p50_seconds"))}, p99 ${ms(
      lag("nodejs_eventloop_lag_p99_seconds"),
    )}, max ${ms(lag("nodejs_eventloop_lag_max_seconds"))}`,
  );
  return lines;
}

const GC = "nodejs_gc_duration_seconds";

/** Garbage-collection pauses in the phase, by kind: count, total, and how many took ≥ 10 ms. */
function gcLines(before: Map<string, Sample[]>, after: Map<string, Sample[]>): string[] {
  const total = (m: Map<string, Sample[]>, suffix: string, kind: string, le?: string) =>
    (m.get(`${GC}_${suffix}`) ?? [])
      .filter((s) => s.labels.kind === kind && (le === undefined || s.labels.le === le))
      .reduce((sum, s) => sum + s.value, 0);
  const kinds = new Set((after.get(`${GC}_count`) ?? []).map((s) => s.labels.kind ?? ""));
  const lines = ["garbage collection in the phase (count, total, pauses over 10 ms):"];
  for (const kind of [...kinds].sort()) {
    const count = total(after, "count", kind) - total(before, "count", kind);
    const sum = total(after, "sum", kind) - total(before, "sum", kind);
    const under10 = total(after, "bucket", kind, "0.01") - total(before, "bucket", kind, "0.01");
    lines.push(
      `  ${kind.padEnd(12)} ${String(count).padStart(6)}  ${(sum * 1000).toFixed(0).padStart(6)} ms  ${count - under10}`,
    );
  }
  return lines;
}
