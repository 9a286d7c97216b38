import { describe, expect, it } from "vitest";
import {
  append,
  eventRate,
  perBucket,
  recentLatency,
  type Snapshot,
  snapshotOf,
} from "./history.ts";

const scrape = (events: number, fast: number, all: number) => `
dentalcare_event_publish_latency_seconds_bucket{le="0.01"} ${fast}
dentalcare_event_publish_latency_seconds_bucket{le="+Inf"} ${all}
dentalcare_events_published_total{type="a"} ${events}
dentalcare_connected_clients{transport="ws"} 2
dentalcare_active_subscriptions{kind="slots"} 4
`;

describe("metrics history", () => {
  it("turns scrapes into events per second and recent latency", () => {
    let history: Snapshot[] = [];
    history = append(history, snapshotOf(scrape(10, 5, 10), 0));
    history = append(history, snapshotOf(scrape(14, 8, 14), 2_000));
    history = append(history, snapshotOf(scrape(20, 9, 20), 4_000));
    expect(history[2]?.clients).toBe(2);
    expect(history[2]?.subscriptions).toEqual({ slots: 4 });
    expect(eventRate(history)).toEqual([
      { at: 2_000, value: 2 },
      { at: 4_000, value: 3 },
    ]);
    expect(recentLatency(history, 2_000)).toEqual([
      { le: 0.01, count: 1 },
      { le: Number.POSITIVE_INFINITY, count: 6 },
    ]);
    expect(perBucket(recentLatency(history, 60_000))).toEqual([
      { le: 0.01, count: 4 },
      { le: Number.POSITIVE_INFINITY, count: 6 },
    ]);
  });

  it("keeps a bounded history and survives a server restart", () => {
    let history: Snapshot[] = [];
    for (let i = 0; i < 5; i++) history = append(history, snapshotOf(scrape(i, 0, 0), i * 1000), 3);
    expect(history.map((s) => s.at)).toEqual([2_000, 3_000, 4_000]);
    history = append(history, snapshotOf(scrape(1, 0, 0), 5_000), 3);
    expect(eventRate(history).at(-1)).toEqual({ at: 5_000, value: 1 });
  });
});
