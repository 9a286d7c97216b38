import {
  bucketDelta,
  histogram,
  parsePrometheus,
  type Sample,
  total,
} from "@dentalcare/prometheus-text";

// The server's own view of a phase, from its /metrics endpoint: how long tRPC requests took
// between arrival and the end of the response, and how late its event loop ran. Compared with
// the load generator's latencies it tells time spent in the server from time spent queueing
// before it (the kernel, the machine's other processes, the load generator itself).

export async function scrapeMetrics(url: string): Promise<Sample[]> {
  const response = await fetch(`${url}/metrics`);
  return parsePrometheus(await response.text());
}

const only = (samples: readonly Sample[], label: string, value: string) =>
  samples.filter((s) => s.labels[label] === value);

/** Readable lines: the phase's tRPC request-duration distribution and event-loop delay. */
export function describePhase(before: readonly Sample[], after: readonly Sample[]): string[] {
  const DURATION = "dentalcare_http_request_duration_seconds";
  const buckets = bucketDelta(
    histogram(only(after, "surface", "trpc"), DURATION),
    histogram(only(before, "surface", "trpc"), DURATION),
  );
  const count = buckets.at(-1)?.count ?? 0;
  const lines = [`server-side tRPC request durations (${count} requests), share finished within:`];
  for (const b of buckets) {
    const label = Number.isFinite(b.le) ? `${b.le * 1000} ms` : "any";
    lines.push(`  ${label.padStart(8)}  ${((100 * b.count) / Math.max(1, count)).toFixed(1)} %`);
  }
  lines.push(...gcLines(before, after));
  // prom-client resets its event-loop delay monitor at every scrape: these cover the phase.
  const lag = (name: string) => after.find((s) => s.name === name)?.value;
  const ms = (v: number | undefined) => (v === undefined ? "–" : `${(v * 1000).toFixed(1)} ms`);
  lines.push(
    `event-loop delay: p50 ${ms(lag("nodejs_eventloop_lag_p50_seconds"))}, p99 ${ms(
      lag("nodejs_eventloop_lag_p99_seconds"),
    )}, max ${ms(lag("nodejs_eventloop_lag_max_seconds"))}`,
  );
  return lines;
}

/** Garbage-collection pauses in the phase, by kind: count, total, and how many took ≥ 10 ms. */
function gcLines(before: readonly Sample[], after: readonly Sample[]): string[] {
  const GC = "nodejs_gc_duration_seconds";
  const kinds = new Set(after.filter((s) => s.name === `${GC}_count`).map((s) => s.labels.kind));
  const lines = ["garbage collection in the phase (count, total, pauses over 10 ms):"];
  for (const kind of [...kinds].sort()) {
    if (kind === undefined) continue;
    const of = (samples: readonly Sample[]) => only(samples, "kind", kind);
    const count = total(of(after), `${GC}_count`) - total(of(before), `${GC}_count`);
    const sum = total(of(after), `${GC}_sum`) - total(of(before), `${GC}_sum`);
    const under10 =
      (histogram(of(after), GC).find((b) => b.le === 0.01)?.count ?? 0) -
      (histogram(of(before), GC).find((b) => b.le === 0.01)?.count ?? 0);
    lines.push(
      `  ${kind.padEnd(12)} ${String(count).padStart(6)}  ${(sum * 1000).toFixed(0).padStart(6)} ms  ${count - under10}`,
    );
  }
  return lines;
}
