import { describe, expect, it } from "vitest";
import { parseMessage } from "./parse.ts";
import {
  CHECKUP,
  CLEANING,
  EMERGENCY,
  FILLING,
  london,
  MICHAEL_LEE,
  PRIYA_PATEL,
  SARAH_LEE,
  TOMAS_GARCIA,
} from "./test-fixtures.ts";

// Messages read on their own (the bot is not waiting for a particular answer).
// Today is Wednesday 2 December 2026, 09:15 in London.
const parse = (text: string) => parseMessage(text, london());

describe("conversation openers", () => {
  it.each(["Hi", "hello there!", "Good morning", "hey"])("%s is a greeting", (text) => {
    expect(parse(text)).toEqual({ kind: "greeting" });
  });

  it.each(["help", "What can you do?", "how does this work", "?"])("%s asks for help", (text) => {
    expect(parse(text)).toEqual({ kind: "help" });
  });

  it("lets the request after a greeting decide", () => {
    expect(parse("Hi, I'd like to book a cleaning")).toMatchObject({
      kind: "book",
      type: { match: "one", type: CLEANING },
    });
  });
});

describe("lists", () => {
  it.each(["Who are your dentists?", "which dentists work there", "list the doctors"])(
    "%s lists dentists",
    (text) => {
      expect(parse(text)).toEqual({ kind: "listDentists" });
    },
  );

  it("narrows the dentist list by specialty", () => {
    expect(parse("Do you have an orthodontist?")).toMatchObject({
      kind: "listDentists",
      dentist: { match: "one", dentist: MICHAEL_LEE, specialty: "Orthodontics" },
    });
  });

  it.each([
    "What treatments do you offer?",
    "what services do you have",
    "what kinds of appointments are there",
  ])("%s lists appointment types", (text) => {
    expect(parse(text)).toEqual({ kind: "listTypes" });
  });
});

describe("availability", () => {
  it("reads dentist and week", () => {
    expect(parse("Any availability next week with Dr Patel?")).toMatchObject({
      kind: "availability",
      dentist: { match: "one", dentist: PRIYA_PATEL },
      date: { match: "range", from: "2026-12-07", to: "2026-12-13" },
      range: { from: "2026-12-07", to: "2026-12-13", defaulted: false },
    });
  });

  it("reads a day and part of day", () => {
    expect(parse("Is Dr Garcia free tomorrow morning?")).toMatchObject({
      kind: "availability",
      dentist: { dentist: TOMAS_GARCIA },
      time: { match: "range", from: 480, to: 720, partOfDay: "morning" },
      range: { from: "2026-12-03", to: "2026-12-03" },
    });
  });

  it("searches the coming week when no date is given", () => {
    expect(parse("what slots do you have for a filling?")).toMatchObject({
      kind: "availability",
      type: { type: FILLING },
      range: { from: "2026-12-02", to: "2026-12-08", defaulted: true },
    });
  });

  it("treats 'anyone' as no dentist preference", () => {
    expect(parse("Is anyone free on Friday?")).toMatchObject({
      kind: "availability",
      dentist: { match: "any" },
      range: { from: "2026-12-04", to: "2026-12-04" },
    });
  });
});

describe("booking", () => {
  it("reads dentist, type, date and time together", () => {
    expect(
      parse("I'd like to book a check-up with Dr Sarah Lee next Tuesday at 10:30"),
    ).toMatchObject({
      kind: "book",
      dentist: { match: "one", dentist: SARAH_LEE },
      type: { match: "one", type: CHECKUP },
      date: { match: "day", date: "2026-12-08", past: false },
      time: { match: "exact", minutes: 630 },
    });
  });

  it("reads 'first available' as earliest, not as a position", () => {
    expect(parse("book me the first available check-up")).toEqual({
      kind: "book",
      type: { match: "one", type: CHECKUP, text: "check up" },
      earliest: true,
    });
    expect(parse("I need an emergency appointment as soon as possible")).toMatchObject({
      kind: "book",
      type: { type: EMERGENCY },
      earliest: true,
    });
  });

  it("reads symptoms as an emergency visit", () => {
    expect(parse("my tooth hurts, can I come in today?")).toMatchObject({
      kind: "book",
      type: { type: EMERGENCY },
      date: { match: "day", date: "2026-12-02" },
    });
  });

  it("books on details alone, without a booking verb", () => {
    expect(parse("cleaning tomorrow at 2")).toMatchObject({
      kind: "book",
      type: { type: CLEANING },
      date: { date: "2026-12-03" },
      time: { minutes: 840, inferredMeridiem: true },
    });
  });

  it("keeps ambiguous and unknown details for the bot to ask about", () => {
    expect(parse("can I see Dr Lee on 3/4")).toMatchObject({
      kind: "book",
      dentist: { match: "ambiguous", ambiguous: [SARAH_LEE, MICHAEL_LEE] },
      date: { match: "ambiguous", ambiguous: ["2027-04-03", "2027-03-04"] },
    });
    expect(parse("can I see Dr Smith on Friday")).toMatchObject({
      kind: "book",
      dentist: { match: "unknown", unknown: "Smith", suggestions: [] },
    });
  });

  it("flags a past day and a time already gone today", () => {
    expect(parse("book me for yesterday")).toMatchObject({
      date: { date: "2026-12-01", past: true },
    });
    expect(parse("book today at 8am")).toMatchObject({
      date: { date: "2026-12-02", past: false },
      time: { minutes: 480, past: true },
    });
    expect(parse("book today at 4pm")).toMatchObject({ time: { minutes: 960, past: false } });
  });
});

describe("yes, no and nonsense without context", () => {
  it("reads a bare yes or no", () => {
    expect(parse("yes")).toEqual({ kind: "confirm", values: {} });
    expect(parse("nope")).toEqual({ kind: "decline", values: {} });
  });

  it("offers example requests when nothing is understood", () => {
    const intent = parse("purple monkey dishwasher");
    expect(intent.kind).toBe("unknown");
    expect(intent).toMatchObject({ suggestions: expect.arrayContaining(["Show my appointments"]) });
    expect(parse("   ")).toMatchObject({ kind: "unknown" });
  });
});
