import { describe, expect, it } from "vitest";
import { matchDentist } from "./dentists.ts";
import { DENTISTS, MICHAEL_LEE, PRIYA_PATEL, SARAH_LEE, TOMAS_GARCIA } from "./test-fixtures.ts";
import { normalize } from "./text.ts";
import type { Dentist } from "./types.ts";

const match = (text: string, dentists: Dentist[] = DENTISTS, answer = false) =>
  matchDentist(normalize(text), dentists, answer);

describe("dentists by name", () => {
  it.each(["Dr Patel", "Dr. Patel", "doctor patel", "with patel please", "Priya Patel"])(
    "%s → Priya Patel",
    (text) => {
      expect(match(text)).toMatchObject({ match: "one", dentist: PRIYA_PATEL });
    },
  );

  it("matches names with accents written without them", () => {
    expect(match("dr garcia")).toMatchObject({ match: "one", dentist: TOMAS_GARCIA });
  });

  it("reports a shared surname as ambiguous", () => {
    expect(match("Dr Lee")).toEqual({
      match: "ambiguous",
      ambiguous: [SARAH_LEE, MICHAEL_LEE],
      text: "dr lee",
    });
  });

  it("settles a shared surname with the first name", () => {
    expect(match("dr sarah lee")).toMatchObject({ match: "one", dentist: SARAH_LEE });
    expect(match("michael lee")).toMatchObject({ match: "one", dentist: MICHAEL_LEE });
  });

  it("takes a first name only with a title", () => {
    expect(match("Dr Michael")).toMatchObject({ match: "one", dentist: MICHAEL_LEE });
    // "I'm Sarah" is the patient introducing herself.
    expect(match("I'm Sarah and I need a check-up")).toBeUndefined();
  });

  it("reports an unknown titled name with the closest suggestions", () => {
    expect(match("can I see Dr Smith")).toEqual({
      match: "unknown",
      unknown: "Smith",
      suggestions: [],
    });
    expect(match("Dr Lea")).toEqual({
      match: "unknown",
      unknown: "Lea",
      suggestions: [SARAH_LEE, MICHAEL_LEE],
    });
    expect(match("Dr Patell")).toMatchObject({ unknown: "Patell", suggestions: [PRIYA_PATEL] });
  });

  it("does not read 'doctor' followed by an ordinary word as a name", () => {
    expect(match("I need to see a doctor please")).toBeUndefined();
  });

  it("needs the whole name when a name part is an everyday word", () => {
    const willYoung: Dentist = { id: "w", name: "Will Young", specialty: "General Dentistry" };
    expect(match("I will come tomorrow", [willYoung])).toBeUndefined();
    expect(match("book with will young", [willYoung])).toMatchObject({ dentist: willYoung });
  });
});

describe("dentists by specialty", () => {
  it("finds the clinic's orthodontist", () => {
    expect(match("I need an orthodontist")).toEqual({
      match: "one",
      dentist: MICHAEL_LEE,
      text: "orthodontist",
      specialty: "Orthodontics",
    });
    expect(match("something for my braces")).toMatchObject({ dentist: MICHAEL_LEE });
  });

  it("understands other names for a specialty", () => {
    expect(match("a children's dentist")).toMatchObject({ dentist: TOMAS_GARCIA });
    expect(match("the endodontist")).toMatchObject({ dentist: PRIYA_PATEL });
  });

  it("reports several dentists with the specialty as ambiguous", () => {
    const second: Dentist = { id: "x", name: "Ann Roe", specialty: "Orthodontist" };
    expect(match("an orthodontist", [...DENTISTS, second])).toMatchObject({
      match: "ambiguous",
      ambiguous: [MICHAEL_LEE, second],
    });
  });

  it("reports a specialty the clinic does not have", () => {
    expect(match("an oral surgeon")).toEqual({
      match: "unknown",
      unknown: "oral surgeon",
      suggestions: [],
    });
  });

  it("matches unlisted specialties by their stem", () => {
    const gero: Dentist = { id: "g", name: "Ida Holm", specialty: "Gerodontics" };
    expect(match("a gerodontist for my dad", [...DENTISTS, gero])).toMatchObject({ dentist: gero });
  });
});

describe("no preference", () => {
  it("reads 'any dentist' and, as an answer, 'I don't mind'", () => {
    expect(match("any dentist is fine")).toEqual({ match: "any", text: "any dentist" });
    expect(match("I don't mind", DENTISTS, true)).toEqual({ match: "any", text: "i don't mind" });
  });
});

describe("answers to 'which dentist?'", () => {
  it("accepts a first name on its own", () => {
    expect(match("Sarah", DENTISTS, true)).toMatchObject({ match: "one", dentist: SARAH_LEE });
  });

  it("reports an unfamiliar name as unknown with suggestions", () => {
    expect(match("Garsia", DENTISTS, true)).toEqual({
      match: "unknown",
      unknown: "Garsia",
      suggestions: [TOMAS_GARCIA],
    });
  });

  it("does not treat a question as a name", () => {
    expect(match("what dentists do you have", DENTISTS, true)).toBeUndefined();
  });
});
