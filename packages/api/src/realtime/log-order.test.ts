import { describe, expect, it } from "vitest";
import { orderedRead, type PendingGap } from "./log-order.ts";

// The reading rule alone, with made-up snapshots; hub.test.ts runs it against PostgreSQL with
// transactions that really commit out of order and roll back.

const rows = (...ids: number[]) => ids.map((id) => ({ id: String(id) }));
const ids = (events: { id: string }[]) => events.map((e) => Number(e.id));
const snap = (xmin: number, xmax: number) => ({ xmin: BigInt(xmin), xmax: BigInt(xmax) });

describe("orderedRead", () => {
  it("hands out consecutive ids and moves the cursor to the last", () => {
    const r = orderedRead(10n, rows(11, 12, 13), snap(500, 500), null);
    expect(ids(r.ready)).toEqual([11, 12, 13]);
    expect(r.cursor).toBe(13n);
    expect(r.gap).toBeNull();
  });

  it("stops at a missing id while a transaction that may hold it is still running", () => {
    const r = orderedRead(10n, rows(11, 13, 14), snap(400, 500), null);
    expect(ids(r.ready)).toEqual([11]);
    expect(r.cursor).toBe(11n);
    expect(r.gap).toEqual({ from: 12n, through: 12n, horizon: 500n });
  });

  it("keeps the horizon of the first sighting and hands out the late id when it commits", () => {
    const first = orderedRead(11n, rows(13), snap(400, 500), null);
    // Later reads see newer transactions, but the gap still waits only for the old ones.
    const still = orderedRead(11n, rows(13, 14), snap(450, 600), first.gap);
    expect(still.ready).toEqual([]);
    expect(still.gap?.horizon).toBe(500n);
    const late = orderedRead(11n, rows(12, 13, 14), snap(450, 600), still.gap);
    expect(ids(late.ready)).toEqual([12, 13, 14]);
    expect(late.gap).toBeNull();
  });

  it("passes over an id once every transaction that could hold it has ended", () => {
    const gap: PendingGap = { from: 12n, through: 12n, horizon: 500n };
    const r = orderedRead(11n, rows(13, 14), snap(500, 650), gap);
    expect(ids(r.ready)).toEqual([13, 14]);
    expect(r.cursor).toBe(14n);
  });

  it("settles an empty-handed gap at once when nothing at all is running", () => {
    // xmin = xmax: no transaction is in progress, so nothing missing can still commit.
    const r = orderedRead(11n, rows(15), snap(700, 700), null);
    expect(ids(r.ready)).toEqual([15]);
  });

  it("gives ids missing only since a settled gap a horizon of their own", () => {
    // 12 was missing when 13 was first seen; 13 has since gone (pruned) and 14 is missing too.
    const gap: PendingGap = { from: 12n, through: 12n, horizon: 500n };
    const r = orderedRead(11n, rows(15), snap(520, 800), gap);
    expect(r.ready).toEqual([]);
    expect(r.cursor).toBe(12n);
    expect(r.gap).toEqual({ from: 13n, through: 14n, horizon: 800n });
  });

  it("ignores a gap recorded for another cursor and ids at or below the cursor", () => {
    const stale: PendingGap = { from: 3n, through: 4n, horizon: 1n };
    const r = orderedRead(11n, rows(10, 11, 13), snap(100, 900), stale);
    expect(r.ready).toEqual([]);
    expect(r.gap).toEqual({ from: 12n, through: 12n, horizon: 900n });
  });
});
