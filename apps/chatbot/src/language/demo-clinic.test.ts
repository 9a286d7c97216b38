import { describe, expect, it } from "vitest";
import { parseMessage } from "./parse.ts";
import type { AppointmentType, Dentist, ParseContext } from "./types.ts";

// The vocabulary of the demo seed (packages/db/src/seed/demo-data.ts), copied rather than
// imported so the language layer keeps no dependency on the database package.
const lee: Dentist = { id: "lee", name: "Dr. Emily Lee", specialty: "General dentistry" };
const patel: Dentist = { id: "patel", name: "Dr. Raj Patel", specialty: "Orthodontics" };
const garcia: Dentist = { id: "garcia", name: "Dr. Sofia Garcia", specialty: "Endodontics" };
const chen: Dentist = { id: "chen", name: "Dr. Michael Chen", specialty: "Pediatric dentistry" };
const types: AppointmentType[] = [
  { id: "1", code: "checkup", name: "Checkup", durationMinutes: 30 },
  { id: "2", code: "cleaning", name: "Cleaning", durationMinutes: 45 },
  { id: "3", code: "filling", name: "Filling", durationMinutes: 60 },
  { id: "4", code: "root_canal", name: "Root canal", durationMinutes: 90 },
  { id: "5", code: "emergency", name: "Emergency", durationMinutes: 30 },
];

const ctx = (overrides: Partial<ParseContext> = {}): ParseContext => ({
  now: new Date("2026-12-02T09:15:00Z"),
  timeZone: "Europe/London",
  dentists: [lee, patel, garcia, chen],
  appointmentTypes: types,
  ...overrides,
});

describe("the demo clinic", () => {
  it("books a check-up with Dr Lee", () => {
    expect(
      parseMessage("Can I book a check-up with Dr Lee on Friday at 9:30?", ctx()),
    ).toMatchObject({
      kind: "book",
      dentist: { match: "one", dentist: lee },
      type: { match: "one", type: types[0] },
      date: { date: "2026-12-04" },
      time: { minutes: 570 },
    });
  });

  it("finds the right specialist", () => {
    expect(parseMessage("my son needs a kids dentist", ctx())).toMatchObject({
      dentist: { match: "one", dentist: chen, specialty: "Pediatric dentistry" },
    });
    expect(parseMessage("I'd like to see someone about braces", ctx())).toMatchObject({
      dentist: { dentist: patel },
    });
  });

  it("matches the snake_case code of root canal", () => {
    expect(parseMessage("root canal treatment with Garcia", ctx())).toMatchObject({
      kind: "book",
      dentist: { dentist: garcia },
      type: { type: types[3] },
    });
  });

  it("takes a first name when asked which dentist", () => {
    expect(parseMessage("Raj", ctx({ expecting: "dentist" }))).toMatchObject({
      kind: "provide",
      values: { dentist: { match: "one", dentist: patel } },
    });
  });
});
