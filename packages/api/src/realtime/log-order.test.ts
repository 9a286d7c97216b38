import { describe, expect, it } from "vitest";
import { orderedRead, type PendingGap } from "./log-order.ts";

// The reading rule alone, with made-up snapshots; hub.test.ts runs it against PostgreSQL with
// transactions that really commit out of order and roll back.

const rows = (...ids: number[]) => ids.map((id) => ({ id: String(id) }));
const ids = (events: { id: string }[]) => events.map((e) => Number(e.id));
const snap = (xmin: number) => ({ xmin: BigInt(xmin) });
const gap = (from: number, through: number, horizon: number | null): PendingGap => ({
  from: BigInt(from),
  through: BigInt(through),
  horizon: horizon === null ? null : BigInt(horizon),
});

describe("orderedRead", () => {
  it("hands out consecutive ids and moves the cursor to the last", () => {
    const r = orderedRead(10n, rows(11, 12, 13), snap(500), null);
    expect(ids(r.ready)).toEqual([11, 12, 13]);
    expect(r.cursor).toBe(13n);
    expect(r.gap).toBeNull();
  });

  it("stops at a missing id and asks for a horizon, however far xmin has moved", () => {
    // Even with nothing running below a huge xmin, the gap waits until the reader has drawn a
    // transaction id of its own after this read (a writer may run above the read's xmax).
    const r = orderedRead(10n, rows(11, 13, 14), snap(1_000_000), null);
    expect(ids(r.ready)).toEqual([11]);
    expect(r.cursor).toBe(11n);
    expect(r.gap).toEqual(gap(12, 12, null));
  });

  it("waits while xmin is below the horizon, and hands out the late id when it commits", () => {
    const waiting = gap(12, 12, 500);
    const still = orderedRead(11n, rows(13, 14), snap(499), waiting);
    expect(still.ready).toEqual([]);
    expect(still.gap).toBe(waiting);
    const late = orderedRead(11n, rows(12, 13, 14), snap(450), still.gap);
    expect(ids(late.ready)).toEqual([12, 13, 14]);
    expect(late.gap).toBeNull();
  });

  it("passes over an id once every transaction below the horizon has ended", () => {
    const r = orderedRead(11n, rows(13, 14), snap(500), gap(12, 12, 500));
    expect(ids(r.ready)).toEqual([13, 14]);
    expect(r.cursor).toBe(14n);
    expect(r.gap).toBeNull();
  });

  it("gives ids missing only since a settled gap a gap of their own", () => {
    // 12 was missing when 13 was first seen; 13 has since gone (pruned) and 14 is missing too.
    const r = orderedRead(11n, rows(15), snap(520), gap(12, 12, 500));
    expect(r.ready).toEqual([]);
    expect(r.cursor).toBe(12n);
    expect(r.gap).toEqual(gap(13, 14, null));
  });

  it("ignores a gap recorded for another cursor and ids at or below the cursor", () => {
    const r = orderedRead(11n, rows(10, 11, 13), snap(900), gap(3, 4, 1));
    expect(r.ready).toEqual([]);
    expect(r.gap).toEqual(gap(12, 12, null));
  });
});
