// Just enough of the Prometheus text format for the admin operations panel and the benchmark
// harness: samples with labels, histogram buckets, and quantiles estimated from buckets the
// way histogram_quantile does.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = LINE.exec(line);
    if (!m?.[1] || m[3] === undefined) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(LABEL)) {
      if (l[1] !== undefined && l[2] !== undefined) labels[l[1]] = l[2].replace(/\\(.)/g, "$1");
    }
    const value = m[3] === "+Inf" ? Number.POSITIVE_INFINITY : Number(m[3]);
    if (!Number.isNaN(value)) samples.push({ name: m[1], labels, value });
  }
  return samples;
}

/** Sum over all label sets of one metric (0 when absent). */
export function total(samples: readonly Sample[], name: string): number {
  return samples.filter((s) => s.name === name).reduce((sum, s) => sum + s.value, 0);
}

/** Value per value of one label, e.g. subscriptions by kind. */
export function byLabel(
  samples: readonly Sample[],
  name: string,
  label: string,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    if (s.name !== name) continue;
    const key = s.labels[label] ?? "";
    out[key] = (out[key] ?? 0) + s.value;
  }
  return out;
}

export interface Bucket {
  /** Upper bound in the metric's unit; Infinity for the last. */
  le: number;
  /** Cumulative count of observations ≤ le. */
  count: number;
}

export function histogram(samples: readonly Sample[], name: string): Bucket[] {
  const byLe = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${name}_bucket`) continue;
    const le = s.labels.le === "+Inf" ? Number.POSITIVE_INFINITY : Number(s.labels.le);
    if (!Number.isNaN(le)) byLe.set(le, (byLe.get(le) ?? 0) + s.value);
  }
  return [...byLe.entries()].sort(([a], [b]) => a - b).map(([le, count]) => ({ le, count }));
}

/** Bucket counts of `now` minus those of `before`: the observations made in between. */
export function bucketDelta(
  now: readonly Bucket[],
  before: readonly Bucket[] | undefined,
): Bucket[] {
  if (!before) return [...now];
  return now.map((b) => {
    const old = before.find((x) => x.le === b.le)?.count ?? 0;
    // A counter that went down means the server restarted: count from zero.
    return { le: b.le, count: b.count >= old ? b.count - old : b.count };
  });
}

/**
 * The q-quantile (0..1) of a cumulative histogram, interpolating linearly inside the bucket
 * that holds it; null without observations. Above the last finite bound it returns that bound.
 */
export function quantile(buckets: readonly Bucket[], q: number): number | null {
  const last = buckets[buckets.length - 1];
  if (!last || last.count === 0) return null;
  const rank = q * last.count;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      if (!Number.isFinite(b.le)) return lowerBound;
      const inBucket = b.count - lowerCount;
      if (inBucket === 0) return b.le;
      return lowerBound + (b.le - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = b.le;
    lowerCount = b.count;
  }
  return lowerBound;
}
