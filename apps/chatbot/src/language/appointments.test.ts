import { describe, expect, it } from "vitest";
import { parseMessage } from "./parse.ts";
import { CLEANING, london, PRIYA_PATEL } from "./test-fixtures.ts";

// Messages about the patient's existing appointments. Today is Wednesday 2 December 2026.
const parse = (text: string) => parseMessage(text, london());

describe("my appointments", () => {
  it.each(["show my appointments", "what appointments do I have?", "do I have any bookings"])(
    "%s",
    (text) => {
      expect(parse(text)).toEqual({ kind: "myAppointments", reference: {} });
    },
  );

  it("keeps what narrows the question", () => {
    expect(parse("when is my next appointment?")).toEqual({
      kind: "myAppointments",
      reference: { next: true },
    });
    expect(parse("what appointments do I have next week?")).toMatchObject({
      kind: "myAppointments",
      reference: { date: { match: "range", from: "2026-12-07", to: "2026-12-13" } },
    });
  });
});

describe("cancel", () => {
  it.each([
    ["cancel my next appointment", { next: true }],
    ["please cancel the second one", { ordinal: 2 }],
    ["cancel appointment #3", { ordinal: 3 }],
    ["I want to cancel my appointment", {}],
  ])("%s", (text, reference) => {
    expect(parse(text)).toEqual({ kind: "cancel", reference });
  });

  it("refers to an appointment by date, dentist or type", () => {
    expect(parse("cancel my appointment on the 14th")).toMatchObject({
      kind: "cancel",
      reference: { date: { match: "day", date: "2026-12-14" } },
    });
    expect(parse("cancel my cleaning with Dr Patel")).toMatchObject({
      kind: "cancel",
      reference: { dentist: { dentist: PRIYA_PATEL }, type: { type: CLEANING } },
    });
  });

  it("reads 'can't make it' as a cancellation", () => {
    expect(parse("I can't make it tomorrow")).toMatchObject({
      kind: "cancel",
      reference: { date: { date: "2026-12-03" } },
    });
  });
});

describe("reschedule", () => {
  it("splits the old appointment from the new time at 'to'", () => {
    expect(parse("please reschedule my Friday appointment to Monday at 3pm")).toMatchObject({
      kind: "reschedule",
      reference: { date: { match: "day", date: "2026-12-04" } },
      to: { date: { match: "day", date: "2026-12-07" }, time: { match: "exact", minutes: 900 } },
    });
  });

  it("reads a bare number after 'to' as the new time", () => {
    expect(parse("move my 10am appointment to 2")).toMatchObject({
      kind: "reschedule",
      reference: { time: { minutes: 600 } },
      to: { time: { minutes: 840, inferredMeridiem: true } },
    });
  });

  it("keeps dentist and type with the appointment being moved", () => {
    expect(parse("Move my cleaning with Dr Patel to the 16th at 11")).toMatchObject({
      kind: "reschedule",
      reference: { dentist: { dentist: PRIYA_PATEL }, type: { type: CLEANING } },
      to: { date: { date: "2026-12-16" }, time: { minutes: 660 } },
    });
  });

  it("understands 'instead of'", () => {
    expect(parse("can you move it, Friday instead of Monday")).toMatchObject({
      kind: "reschedule",
      reference: { date: { date: "2026-12-07" } },
      to: { date: { date: "2026-12-04" } },
    });
  });

  it("tells the old appointment from the new date without 'to'", () => {
    expect(parse("reschedule my appointment on friday")).toMatchObject({
      kind: "reschedule",
      reference: { date: { date: "2026-12-04" } },
      to: {},
    });
    expect(parse("can we postpone until next week")).toMatchObject({
      kind: "reschedule",
      reference: {},
      to: { date: { match: "range", from: "2026-12-07" } },
    });
  });

  it("takes the next appointment and the earliest new slot", () => {
    expect(parse("move my next appointment to the earliest slot")).toEqual({
      kind: "reschedule",
      reference: { next: true },
      to: { earliest: true },
    });
  });
});
