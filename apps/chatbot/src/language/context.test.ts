import { describe, expect, it } from "vitest";
import { parseMessage } from "./parse.ts";
import {
  CLEANING,
  EMERGENCY,
  london,
  PRIYA_PATEL,
  SARAH_LEE,
  TOMAS_GARCIA,
} from "./test-fixtures.ts";
import type { ExpectedSlot, ParseContext } from "./types.ts";

// Short replies read against what the bot just asked. Today is Wednesday 2 December 2026.
const reply = (expecting: ExpectedSlot, text: string, extra: Partial<ParseContext> = {}) =>
  parseMessage(text, london({ expecting, ...extra }));

describe("expecting confirm", () => {
  it.each(["yes", "Yep!", "ok", "sure", "sounds good", "yes please book it", "👍"])(
    "%s confirms",
    (text) => {
      expect(reply("confirm", text)).toEqual({ kind: "confirm", values: {} });
    },
  );

  it.each(["no", "nope", "no thanks", "cancel", "never mind"])("%s declines", (text) => {
    expect(reply("confirm", text)).toEqual({ kind: "decline", values: {} });
  });

  it("keeps details given with the yes or no", () => {
    expect(reply("confirm", "sure, at 10 instead")).toMatchObject({
      kind: "confirm",
      values: { time: { minutes: 600 } },
    });
    expect(reply("confirm", "no, Friday instead")).toEqual({
      kind: "decline",
      values: { date: { match: "day", date: "2026-12-04", text: "friday", past: false } },
    });
  });

  it("reads a correction without yes or no as provided values", () => {
    expect(reply("confirm", "make it 11")).toMatchObject({
      kind: "provide",
      slot: "confirm",
      values: { time: { match: "exact", minutes: 660 } },
    });
  });

  it("lets a new request replace the answer", () => {
    expect(reply("confirm", "no, cancel my appointment on friday")).toMatchObject({
      kind: "cancel",
      reference: { date: { date: "2026-12-04" } },
    });
  });
});

describe("expecting choice", () => {
  it.each([
    ["1", 1],
    ["2", 2],
    ["the second one", 2],
    ["option 3", 3],
    ["the last one", 3],
    ["ok the first one please", 1],
  ])("%s picks %i", (text, index) => {
    expect(reply("choice", text)).toEqual({ kind: "choose", index, inRange: true });
  });

  it("says when the pick is outside the offered options", () => {
    expect(reply("choice", "5")).toEqual({ kind: "choose", index: 5, inRange: false });
    expect(reply("choice", "5", { choiceCount: 5 })).toEqual({
      kind: "choose",
      index: 5,
      inRange: true,
    });
    expect(reply("choice", "the last one", { choiceCount: 5 })).toMatchObject({ index: 5 });
  });

  it("declines all options or asks for something else", () => {
    expect(reply("choice", "none of them")).toEqual({ kind: "decline", values: {} });
    expect(reply("choice", "anything on Friday?")).toMatchObject({
      kind: "provide",
      slot: "choice",
      values: { date: { date: "2026-12-04" } },
    });
  });
});

describe("expecting date", () => {
  it.each([
    ["Friday", "2026-12-04"],
    ["tomorrow", "2026-12-03"],
    ["14", "2026-12-14"],
    ["the 1st", "2027-01-01"],
    ["Dec 3", "2026-12-03"],
  ])("%s → %s", (text, date) => {
    expect(reply("date", text)).toMatchObject({
      kind: "provide",
      slot: "date",
      values: { date: { match: "day", date } },
    });
  });

  it("keeps a time given with the date", () => {
    expect(reply("date", "tomorrow at 10")).toMatchObject({
      values: { date: { date: "2026-12-03" }, time: { minutes: 600 } },
    });
  });

  it("accepts 'as soon as possible' as an answer", () => {
    expect(reply("date", "as soon as possible")).toEqual({
      kind: "provide",
      slot: "date",
      values: { earliest: true },
    });
  });

  it("flags an ambiguous answer", () => {
    expect(reply("date", "3/4")).toMatchObject({ values: { date: { match: "ambiguous" } } });
  });

  it("switches topic when asked to", () => {
    expect(reply("date", "actually, cancel my appointment")).toEqual({
      kind: "cancel",
      reference: {},
    });
    expect(reply("date", "help")).toEqual({ kind: "help" });
  });
});

describe("expecting time", () => {
  it.each([
    ["10", 600],
    ["2", 840],
    ["10:30", 630],
    ["10am", 600],
    ["half past two", 870],
  ])("%s → %i", (text, minutes) => {
    expect(reply("time", text)).toMatchObject({
      kind: "provide",
      slot: "time",
      values: { time: { match: "exact", minutes } },
    });
  });

  it("accepts a part of day or a window", () => {
    expect(reply("time", "I'd prefer the morning")).toMatchObject({
      values: { time: { match: "range", from: 480, to: 720, partOfDay: "morning" } },
    });
    expect(reply("time", "anything after 3")).toMatchObject({
      values: { time: { match: "range", from: 900, to: 1200 } },
    });
  });

  it("asks about a bare hour that fits no working hours", () => {
    expect(reply("time", "10", { workingHours: { start: 11 * 60, end: 19 * 60 } })).toMatchObject({
      values: { time: { match: "ambiguous", ambiguous: [600, 1320] } },
    });
  });
});

describe("expecting dentist", () => {
  it.each([
    ["Dr Patel", PRIYA_PATEL],
    ["patel", PRIYA_PATEL],
    ["Sarah", SARAH_LEE],
    ["garcia please", TOMAS_GARCIA],
  ])("%s", (text, dentist) => {
    expect(reply("dentist", text)).toMatchObject({
      kind: "provide",
      slot: "dentist",
      values: { dentist: { match: "one", dentist } },
    });
  });

  it("reports ambiguous, unknown and no-preference answers", () => {
    expect(reply("dentist", "Dr Lee")).toMatchObject({
      values: { dentist: { match: "ambiguous" } },
    });
    expect(reply("dentist", "Smith")).toMatchObject({
      values: { dentist: { match: "unknown", unknown: "Smith", suggestions: [] } },
    });
    expect(reply("dentist", "Patle")).toMatchObject({
      values: { dentist: { match: "unknown", unknown: "Patle", suggestions: [PRIYA_PATEL] } },
    });
    expect(reply("dentist", "doesn't matter")).toMatchObject({
      values: { dentist: { match: "any" } },
    });
  });

  it("picks from a numbered list of dentists", () => {
    expect(reply("dentist", "2")).toEqual({ kind: "choose", index: 2, inRange: true });
  });

  it("answers a question about the dentists instead of guessing a name", () => {
    expect(reply("dentist", "what dentists do you have")).toEqual({ kind: "listDentists" });
  });
});

describe("expecting type", () => {
  it.each([
    ["cleaning", CLEANING],
    ["a scale and polish", CLEANING],
    ["cleening", CLEANING],
    ["toothache", EMERGENCY],
  ])("%s", (text, type) => {
    expect(reply("type", text)).toMatchObject({
      kind: "provide",
      slot: "type",
      values: { type: { match: "one", type } },
    });
  });

  it("reports a type the clinic does not offer", () => {
    expect(reply("type", "whitening")).toMatchObject({
      values: { type: { match: "unknown", unknown: "whitening" } },
    });
  });
});

describe("expecting appointment", () => {
  it("reads a list position, not a day of the month", () => {
    expect(reply("appointment", "the 2nd")).toEqual({
      kind: "provide",
      slot: "appointment",
      values: {},
      reference: { ordinal: 2 },
    });
    expect(reply("appointment", "1")).toMatchObject({ reference: { ordinal: 1 } });
  });

  it("reads next, a date or a dentist", () => {
    expect(reply("appointment", "the next one")).toMatchObject({ reference: { next: true } });
    expect(reply("appointment", "the one on friday")).toMatchObject({
      reference: { date: { date: "2026-12-04" } },
    });
    expect(reply("appointment", "the one with dr patel")).toMatchObject({
      reference: { dentist: { dentist: PRIYA_PATEL } },
    });
  });
});

describe("replies that answer nothing", () => {
  it("suggests answers that fit the question", () => {
    expect(reply("confirm", "hmm")).toEqual({ kind: "unknown", suggestions: ["yes", "no"] });
    expect(reply("choice", "blah", { choiceCount: 2 })).toEqual({
      kind: "unknown",
      suggestions: ["1", "2"],
    });
  });
});
