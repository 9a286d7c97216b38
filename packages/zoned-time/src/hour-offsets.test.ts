import { describe, expect, it } from "vitest";
import { icuOffsetMs, wallClockAt, wallClockByIcu } from "./index.ts";

// wallClockAt remembers each zone's offset per hour of UTC. This holds it to ICU itself, read
// afresh for every instant, around every offset change from 1880 to 2040 of zones whose
// changes fall at odd times: half- and quarter-hour offsets, half-hour daylight saving,
// negative daylight saving, local mean time in seconds, a skipped day.

const ZONES = [
  "America/St_Johns",
  "Asia/Kathmandu",
  "Australia/Lord_Howe",
  "Europe/Dublin",
  "Europe/Amsterdam",
  "Pacific/Apia",
];

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

// ICU read afresh for every instant (no remembered offsets), as the reference.
const icuWallClock = (ms: number, zone: string) => wallClockByIcu(new Date(ms), zone);
const offsetOf = icuOffsetMs;

/** The first second at which the offset differs from the one at `from` (a change lies in between). */
function changeBetween(from: number, to: number, zone: string): number {
  const before = offsetOf(from, zone);
  let lo = from;
  let hi = to;
  while (hi - lo > SECOND) {
    const mid = lo + Math.floor((hi - lo) / 2 / SECOND) * SECOND;
    if (offsetOf(mid, zone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

function changesOf(zone: string): number[] {
  const changes: number[] = [];
  const start = Date.UTC(1880, 0, 1);
  const end = Date.UTC(2040, 0, 1);
  let previous = offsetOf(start, zone);
  for (let t = start + 2 * DAY; t <= end; t += 2 * DAY) {
    const offset = offsetOf(t, zone);
    if (offset !== previous) changes.push(changeBetween(t - 2 * DAY, t, zone));
    previous = offset;
  }
  return changes;
}

describe("wall clock by remembered hourly offsets", () => {
  for (const zone of ZONES) {
    it(`agrees with ICU around every offset change of ${zone}`, () => {
      const changes = changesOf(zone);
      expect(changes.length).toBeGreaterThanOrEqual(2);
      const mismatches: string[] = [];
      for (const change of changes) {
        // Every minute from 90 before to 90 after, at a second that moves along, and the
        // seconds either side of the change itself.
        const instants = [change - SECOND, change, change + SECOND];
        for (let i = -90; i <= 90; i++)
          instants.push(change + i * MINUTE + ((i * 7) % 60) * SECOND);
        for (const ms of instants) {
          const got = wallClockAt(new Date(ms), zone);
          const want = icuWallClock(ms, zone);
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            mismatches.push(`${new Date(ms).toISOString()}: ${JSON.stringify(got)}`);
          }
        }
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
    });
  }

  it("agrees with ICU at instants spread over two centuries", () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const start = Date.UTC(1880, 0, 1);
    const span = Date.UTC(2080, 0, 1) - start;
    for (const zone of [...ZONES, "Europe/London", "America/New_York", "UTC"]) {
      for (let i = 0; i < 300; i++) {
        const ms = start + Math.floor(next() * span);
        expect(wallClockAt(new Date(ms), zone), `${zone} ${new Date(ms).toISOString()}`).toEqual(
          icuWallClock(ms, zone),
        );
      }
    }
  });
});
