import hdr from "hdr-histogram-js";

// Latencies are recorded in microseconds; summaries are reported in milliseconds.

export type Histogram = ReturnType<typeof hdr.build>;

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export function newHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function decodeHistogram(encoded: string): Histogram {
  const decoded = hdr.decodeFromCompressedBase64(encoded, 32, false);
  // Decoded histograms have a fixed range; copy into a resizable one so merges never overflow.
  const h = newHistogram();
  h.add(decoded);
  return h;
}

/** Several encoded histograms (one per load process) merged into one. */
export function mergeEncoded(encoded: string[]): Histogram {
  const merged = newHistogram();
  for (const e of encoded) merged.add(decodeHistogram(e));
  return merged;
}

const ms = (us: number) => Math.round(us) / 1000;

export function summarize(h: Histogram): LatencySummary {
  if (h.totalCount === 0) {
    return { count: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, mean: 0 };
  }
  return {
    count: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p95: ms(h.getValueAtPercentile(95)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
    mean: ms(h.mean),
  };
}

/** Records a latency given in milliseconds (negative clock noise counts as zero). */
export function recordMs(h: Histogram, valueMs: number, expectedIntervalMs?: number): void {
  const us = Math.max(0, Math.round(valueMs * 1000));
  if (expectedIntervalMs !== undefined && expectedIntervalMs > 0) {
    h.recordValueWithExpectedInterval(us, Math.round(expectedIntervalMs * 1000));
  } else {
    h.recordValue(us);
  }
}
