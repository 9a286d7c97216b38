import { describe, expect, it } from "vitest";
import { bucketDelta, byLabel, histogram, parsePrometheus, quantile, total } from "./index.ts";

const TEXT = `# HELP dentalcare_event_publish_latency_seconds Time from write to publish
# TYPE dentalcare_event_publish_latency_seconds histogram
dentalcare_event_publish_latency_seconds_bucket{le="0.005"} 0
dentalcare_event_publish_latency_seconds_bucket{le="0.01"} 4
dentalcare_event_publish_latency_seconds_bucket{le="0.05"} 10
dentalcare_event_publish_latency_seconds_bucket{le="+Inf"} 10
dentalcare_event_publish_latency_seconds_sum 0.24
dentalcare_event_publish_latency_seconds_count 10
dentalcare_events_published_total{type="reservation.held"} 2
dentalcare_events_published_total{type="slots.changed"} 4
dentalcare_connected_clients{transport="ws"} 3
dentalcare_active_subscriptions{kind="appointments"} 2
dentalcare_active_subscriptions{kind="slots"} 5
process_cpu_seconds_total 1.5e-1
`;

describe("Prometheus text", () => {
  const samples = parsePrometheus(TEXT);

  it("reads samples with labels", () => {
    expect(total(samples, "dentalcare_events_published_total")).toBe(6);
    expect(total(samples, "dentalcare_connected_clients")).toBe(3);
    expect(byLabel(samples, "dentalcare_active_subscriptions", "kind")).toEqual({
      appointments: 2,
      slots: 5,
    });
    expect(total(samples, "process_cpu_seconds_total")).toBeCloseTo(0.15);
    expect(total(samples, "missing")).toBe(0);
  });

  it("estimates quantiles from buckets like histogram_quantile", () => {
    const buckets = histogram(samples, "dentalcare_event_publish_latency_seconds");
    expect(buckets.map((b) => b.le)).toEqual([0.005, 0.01, 0.05, Number.POSITIVE_INFINITY]);
    // rank 5 of 10 lies in (0.01, 0.05]: one of its six observations → 0.01 + 0.04 / 6.
    expect(quantile(buckets, 0.5)).toBeCloseTo(0.01 + 0.04 / 6);
    expect(quantile(buckets, 0.2)).toBeCloseTo(0.0075);
    expect(quantile([{ le: 0.1, count: 0 }], 0.5)).toBeNull();
    expect(
      quantile(
        [
          { le: 0.1, count: 1 },
          { le: Number.POSITIVE_INFINITY, count: 3 },
        ],
        0.95,
      ),
    ).toBe(0.1);
  });

  it("subtracts an earlier scrape, starting over after a restart", () => {
    const now = [
      { le: 0.01, count: 5 },
      { le: Number.POSITIVE_INFINITY, count: 8 },
    ];
    expect(
      bucketDelta(now, [
        { le: 0.01, count: 4 },
        { le: Number.POSITIVE_INFINITY, count: 6 },
      ]),
    ).toEqual([
      { le: 0.01, count: 1 },
      { le: Number.POSITIVE_INFINITY, count: 2 },
    ]);
    expect(
      bucketDelta(now, [
        { le: 0.01, count: 9 },
        { le: Number.POSITIVE_INFINITY, count: 9 },
      ]),
    ).toEqual(now);
  });
});
