import { describe, expect, it } from "vitest";
import { parseMessage } from "./parse.ts";
import type { BookIntent, Intent } from "./types.ts";
import { zonedTimeToInstant } from "./zone.ts";

// The whole pipeline around daylight-saving changes. London moves to BST at 01:00 UTC on
// Sunday 29 March 2026; New York leaves EDT at 06:00 UTC on Sunday 1 November 2026.
function book(text: string, now: string, timeZone: string): BookIntent {
  const intent: Intent = parseMessage(text, {
    now: new Date(now),
    timeZone,
    dentists: [],
    appointmentTypes: [],
  });
  if (intent.kind !== "book") throw new Error(`expected book, got ${intent.kind}`);
  return intent;
}

describe("dates across a DST change", () => {
  it("books the Sunday clocks go forward at the right instant", () => {
    const intent = book("Sunday at 10am", "2026-03-27T23:30:00Z", "Europe/London");
    expect(intent.date).toMatchObject({ match: "day", date: "2026-03-29" });
    expect(intent.time).toMatchObject({ match: "exact", minutes: 600 });
    // 10:00 BST, one hour earlier in UTC than the same wall time the day before.
    expect(zonedTimeToInstant("2026-03-29", 600, "Europe/London").toISOString()).toBe(
      "2026-03-29T09:00:00.000Z",
    );
  });

  it("counts 'tomorrow' from the clinic's date on either side of the change", () => {
    expect(book("tomorrow", "2026-03-28T23:30:00Z", "Europe/London").date).toMatchObject({
      date: "2026-03-29",
    });
    // An hour of wall clock later than UTC: already Monday in London.
    expect(book("tomorrow", "2026-03-29T23:30:00Z", "Europe/London").date).toMatchObject({
      date: "2026-03-31",
    });
  });

  it("uses New York's summer offset until the autumn change", () => {
    // 00:30 EDT on 1 Nov; a fixed winter offset (-5) would still say 31 October.
    const intent = book("today at 9", "2026-11-01T04:30:00Z", "America/New_York");
    expect(intent.date).toMatchObject({ date: "2026-11-01", past: false });
    expect(intent.time).toMatchObject({ minutes: 540, past: false });
    expect(zonedTimeToInstant("2026-11-01", 540, "America/New_York").toISOString()).toBe(
      "2026-11-01T14:00:00.000Z",
    );
  });

  it("gives the same answer whatever the server's own zone", () => {
    // chrono computes in the host zone; the reference is built from the clinic's wall-clock
    // fields, so moving the host across zones (and their DST dates) must change nothing.
    const original = process.env.TZ;
    try {
      for (const host of ["UTC", "America/Los_Angeles", "Asia/Kolkata", "Australia/Lord_Howe"]) {
        process.env.TZ = host;
        const nz = book("next friday at 2", "2026-10-31T23:30:00Z", "Pacific/Auckland");
        expect(nz.date, host).toMatchObject({ date: "2026-11-06" });
        expect(nz.time, host).toMatchObject({ minutes: 840 });
        const uk = book("tomorrow", "2026-03-29T23:30:00Z", "Europe/London");
        expect(uk.date, host).toMatchObject({ date: "2026-03-31" });
      }
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});
