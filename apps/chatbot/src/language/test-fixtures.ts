import type { AppointmentType, Dentist, ParseContext } from "./types.ts";

// Shared by the tests: a small clinic and a fixed clock. 2026-12-02 is a Wednesday; 09:15 UTC
// is 09:15 in London and 04:15 in New York.

export const NOW = new Date("2026-12-02T09:15:00Z");

export const SARAH_LEE: Dentist = {
  id: "d1",
  name: "Dr. Sarah Lee",
  specialty: "General Dentistry",
};
export const MICHAEL_LEE: Dentist = {
  id: "d2",
  name: "Dr. Michael Lee",
  specialty: "Orthodontics",
};
export const PRIYA_PATEL: Dentist = { id: "d3", name: "Priya Patel", specialty: "Endodontics" };
export const TOMAS_GARCIA: Dentist = {
  id: "d4",
  name: "Dr. Tomás García",
  specialty: "Pediatric Dentistry",
};
export const DENTISTS: Dentist[] = [SARAH_LEE, MICHAEL_LEE, PRIYA_PATEL, TOMAS_GARCIA];

const type = (
  id: string,
  code: string,
  name: string,
  durationMinutes: number,
): AppointmentType => ({
  id,
  code,
  name,
  durationMinutes,
});
export const CHECKUP = type("t1", "CHECKUP", "Check-up", 30);
export const CLEANING = type("t2", "CLEANING", "Cleaning", 45);
export const FILLING = type("t3", "FILLING", "Filling", 60);
export const ROOT_CANAL = type("t4", "ROOT_CANAL", "Root canal", 90);
export const EMERGENCY = type("t5", "EMERGENCY", "Emergency", 30);
export const TYPES: AppointmentType[] = [CHECKUP, CLEANING, FILLING, ROOT_CANAL, EMERGENCY];

export function london(overrides: Partial<ParseContext> = {}): ParseContext {
  return {
    now: NOW,
    timeZone: "Europe/London",
    dentists: DENTISTS,
    appointmentTypes: TYPES,
    ...overrides,
  };
}

export function newYork(overrides: Partial<ParseContext> = {}): ParseContext {
  return london({ timeZone: "America/New_York", ...overrides });
}
