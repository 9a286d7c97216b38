import { describe, expect, it } from "vitest";
import { matchType } from "./appointment-types.ts";
import { CHECKUP, CLEANING, EMERGENCY, FILLING, ROOT_CANAL, TYPES } from "./test-fixtures.ts";
import type { AppointmentType } from "./types.ts";

describe("appointment types", () => {
  it.each([
    ["a check-up", CHECKUP],
    ["checkup", CHECKUP],
    ["check up", CHECKUP],
    ["an exam", CHECKUP],
    ["routine check", CHECKUP],
    ["cleaning", CLEANING],
    ["hygiene appointment", CLEANING],
    ["scale and polish", CLEANING],
    ["scale & polish", CLEANING],
    ["I think I have a cavity", FILLING],
    ["lost a filling", FILLING],
    ["root canal", ROOT_CANAL],
    ["emergency", EMERGENCY],
    ["I have a toothache", EMERGENCY],
    ["it's really painful", EMERGENCY],
    ["urgent please", EMERGENCY],
  ])("%s → %s", (text, expected) => {
    expect(matchType(text, TYPES)).toMatchObject({ match: "one", type: expected });
  });

  it("matches by code", () => {
    const typed: AppointmentType = {
      id: "x",
      code: "WHITENING_STD",
      name: "Smile refresh",
      durationMinutes: 60,
    };
    expect(matchType("whitening", [...TYPES, typed])).toMatchObject({ match: "one", type: typed });
  });

  it("prefers the longer name the patient actually said", () => {
    const deep: AppointmentType = {
      id: "x",
      code: "DEEP",
      name: "Deep cleaning",
      durationMinutes: 60,
    };
    expect(matchType("deep cleaning", [...TYPES, deep])).toMatchObject({
      match: "one",
      type: deep,
    });
    expect(matchType("cleaning", [...TYPES, deep])).toMatchObject({ match: "one", type: CLEANING });
  });

  it("reports a synonym that fits several types as ambiguous", () => {
    const deep: AppointmentType = {
      id: "x",
      code: "DEEP",
      name: "Deep cleaning",
      durationMinutes: 60,
    };
    expect(matchType("hygiene visit", [...TYPES, deep])).toMatchObject({
      match: "ambiguous",
      ambiguous: [CLEANING, deep],
    });
  });

  it("forgives a single typo in a longer word", () => {
    expect(matchType("cleening", TYPES)).toMatchObject({ match: "one", type: CLEANING });
  });

  it("reports a treatment the clinic does not offer", () => {
    expect(matchType("teeth whitening", TYPES)).toEqual({
      match: "unknown",
      unknown: "whitening",
      suggestions: [],
    });
  });

  it("finds nothing in unrelated text unless answering the question", () => {
    expect(matchType("can you check my appointments", TYPES)).toBeUndefined();
    expect(matchType("rot canal", TYPES, true)).toEqual({
      match: "unknown",
      unknown: "rot canal",
      suggestions: [ROOT_CANAL],
    });
  });
});
