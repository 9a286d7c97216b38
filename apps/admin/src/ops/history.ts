import {
  type Bucket,
  bucketDelta,
  byLabel,
  histogram,
  parsePrometheus,
  total,
} from "@dentalcare/prometheus-text";

// Successive scrapes of /metrics, turned into what the operations panel draws: events per
// second over time, and the latency of the events published in a recent window.

export interface Snapshot {
  at: number;
  events: number;
  latency: Bucket[];
  clients: number;
  subscriptions: Record<string, number>;
}

export const LATENCY_METRIC = "dentalcare_event_publish_latency_seconds";

export function snapshotOf(text: string, at: number): Snapshot {
  const samples = parsePrometheus(text);
  return {
    at,
    events: total(samples, "dentalcare_events_published_total"),
    latency: histogram(samples, LATENCY_METRIC),
    clients: total(samples, "dentalcare_connected_clients"),
    subscriptions: byLabel(samples, "dentalcare_active_subscriptions", "kind"),
  };
}

/** Keeps the last `max` scrapes (5 minutes at one every 2 s). */
export function append(history: readonly Snapshot[], next: Snapshot, max = 150): Snapshot[] {
  return [...history, next].slice(-max);
}

export interface Point {
  at: number;
  value: number;
}

/** Events per second between consecutive scrapes. */
export function eventRate(history: readonly Snapshot[]): Point[] {
  const points: Point[] = [];
  for (let i = 1; i < history.length; i++) {
    const prev = history[i - 1];
    const cur = history[i];
    if (!prev || !cur || cur.at <= prev.at) continue;
    // A counter that went down means the server restarted and counts from zero again.
    const published = cur.events >= prev.events ? cur.events - prev.events : cur.events;
    points.push({ at: cur.at, value: published / ((cur.at - prev.at) / 1000) });
  }
  return points;
}

/** Latency buckets of the events published in the last `windowMs` (all since start if short). */
export function recentLatency(history: readonly Snapshot[], windowMs: number): Bucket[] {
  const latest = history[history.length - 1];
  if (!latest) return [];
  const from = history.find((s) => s.at >= latest.at - windowMs && s !== latest);
  return bucketDelta(latest.latency, from?.latency);
}

/** Cumulative buckets → the count in each bucket alone, for drawing bars. */
export function perBucket(buckets: readonly Bucket[]): { le: number; count: number }[] {
  return buckets.map((b, i) => ({ le: b.le, count: b.count - (buckets[i - 1]?.count ?? 0) }));
}
