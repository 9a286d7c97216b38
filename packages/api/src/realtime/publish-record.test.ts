import pino from "pino";
import { describe, expect, it } from "vitest";
import type { EventLog } from "./event-log.ts";
import { PublishRecord } from "./publish-record.ts";

// The batching alone, with a stand-in log; hub.test.ts checks the written times in PostgreSQL.

class FakeLog {
  writes: { ids: string[]; at: number[] }[] = [];
  fail = false;
  async markPublished(ids: string[], at: number[]): Promise<void> {
    if (this.fail) throw new Error("database down");
    this.writes.push({ ids, at });
  }
}

function record(log: FakeLog, options: { flushEveryMs?: number; maxPending?: number } = {}) {
  const lines: string[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => lines.push(line) });
  const r = new PublishRecord({ log: log as unknown as EventLog, logger, ...options });
  return { r, lines };
}

describe("PublishRecord", () => {
  it("writes what waits in one batch after the interval, with the times taken at hand-out", async () => {
    const log = new FakeLog();
    const { r } = record(log, { flushEveryMs: 20 });
    const perf = performance.now();
    r.add(["1", "2"], 1_000_000, perf);
    r.add(["3"], 1_000_050, perf);
    expect(log.writes).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(log.writes).toHaveLength(1);
    expect(log.writes[0]?.ids).toEqual(["1", "2", "3"]);
    const at = log.writes[0]?.at ?? [];
    // The database's clock at the read plus the little time since, never before the read.
    expect(at[0]).toBeGreaterThanOrEqual(1_000_000);
    expect(at[0]).toBeLessThan(1_000_000 + 50);
    expect(at[2]).toBeGreaterThanOrEqual(1_000_050);
  });

  it("writes at once when the batch is full, and flush() writes the rest", async () => {
    const log = new FakeLog();
    const { r } = record(log, { flushEveryMs: 60_000, maxPending: 3 });
    r.add(["1", "2", "3", "4"], 0, performance.now());
    await r.flush();
    r.add(["5"], 0, performance.now());
    await r.flush();
    expect(log.writes.map((w) => w.ids)).toEqual([["1", "2", "3", "4"], ["5"]]);
  });

  it("logs a failed write and carries on", async () => {
    const log = new FakeLog();
    const { r, lines } = record(log, { flushEveryMs: 60_000 });
    log.fail = true;
    r.add(["1"], 0, performance.now());
    await expect(r.flush()).resolves.toBeUndefined();
    expect(lines.join("")).toContain("could not record publish times");
    log.fail = false;
    r.add(["2"], 0, performance.now());
    await r.flush();
    expect(log.writes.map((w) => w.ids)).toEqual([["2"]]);
  });
});
