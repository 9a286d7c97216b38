import {
  CANCELLATION_REASONS,
  type DemoAppointmentType,
  type DemoDentist,
  MEDICAL_HISTORY,
  PATIENT_NOTES,
  STAFF_NOTES,
} from "./demo-data.ts";
import { effectiveRanges, type PlannedException } from "./schedule.ts";
import { addDays, dateKey, localParts, zonedTimeToUtc } from "./time.ts";

export type SeedStatus = "pending" | "confirmed" | "completed" | "cancelled";
export type SeedSource = "patient_app" | "admin" | "chatbot";

export interface PlannedAppointment {
  dentistIndex: number;
  patientIndex: number;
  typeCode: string;
  startsAt: Date;
  endsAt: Date;
  status: SeedStatus;
  source: SeedSource;
  notes: string | null;
  patientNotes: string | null;
  medicalHistory: string | null;
  cancellationReason: string | null;
  cancelledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PlanInput {
  now: Date;
  dentists: readonly DemoDentist[];
  exceptions: readonly PlannedException[];
  types: readonly DemoAppointmentType[];
  patientCount: number;
  daysBack?: number;
  daysAhead?: number;
}

const SLOT = 15;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Fixed so every run on the same `now` produces the same book.
const RANDOM_SEED = 0x5eed_c11c;
// Chance that an appointment starts at a given free quarter hour: past days look busy, future
// days keep enough free slots to book in the demo.
const PAST_DENSITY = 0.08;
const FUTURE_DENSITY = 0.06;
// patient01 is the main demo patient and gets a fuller history than the others.
const MAIN_PATIENT_SHARE = 0.07;

/** mulberry32: tiny, fast and good enough for demo data. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

function weighted<T>(random: Random, items: ReadonlyArray<readonly [T, number]>): T | undefined {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [item, w] of items) {
    roll -= w;
    if (roll < 0) return item;
  }
  return items.at(-1)?.[0];
}

function between(random: Random, from: number, to: number): Date {
  // Whole minutes read better in the apps than random milliseconds.
  return new Date(Math.floor((from + random() * (to - from)) / MINUTE) * MINUTE);
}

function overlaps(busy: Array<[number, number]> | undefined, start: number, end: number) {
  return (busy ?? []).some(([s, e]) => start < e && s < end);
}

/**
 * A reproducible appointment book for every dentist, `daysBack` days before and `daysAhead`
 * days after `now`. Appointments start on the 15-minute grid inside the dentist's local working
 * hours for that date (exceptions included) and never overlap for a dentist or a patient,
 * whatever their status. Past ones are completed or cancelled, future ones pending, confirmed
 * or (a few) cancelled; one that would be running at `now` is left out.
 */
export function planAppointments(input: PlanInput): PlannedAppointment[] {
  const random = createRandom(RANDOM_SEED);
  const now = input.now.getTime();
  const durations = new Map(input.types.map((t) => [t.code, t.durationMinutes]));
  const patientBusy = new Map<number, Array<[number, number]>>();
  const out: PlannedAppointment[] = [];

  const choosePatient = (start: number, end: number): number | undefined => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const index =
        random() < MAIN_PATIENT_SHARE
          ? 0
          : 1 + Math.floor(random() * Math.max(1, input.patientCount - 1));
      if (!overlaps(patientBusy.get(index), start, end)) return index;
    }
    return undefined;
  };

  input.dentists.forEach((dentist, dentistIndex) => {
    const exceptions = new Map(
      input.exceptions
        .filter((e) => e.dentistIndex === dentistIndex)
        .map((e) => [dateKey(e.date), e]),
    );
    const today = localParts(input.now, dentist.timeZone).date;
    for (let offset = -(input.daysBack ?? 28); offset <= (input.daysAhead ?? 21); offset++) {
      const date = addDays(today, offset);
      for (const [from, to] of effectiveRanges(dentist, exceptions.get(dateKey(date)), date)) {
        let cursor = Math.ceil(from / SLOT) * SLOT;
        while (cursor < to) {
          const startsAt = zonedTimeToUtc(date, cursor, dentist.timeZone).getTime();
          const past = startsAt < now;
          if (random() >= (past ? PAST_DENSITY : FUTURE_DENSITY)) {
            cursor += SLOT;
            continue;
          }
          const fitting = Object.entries(dentist.typeWeights).flatMap(([code, weight]) => {
            const minutes = durations.get(code);
            return minutes !== undefined && cursor + minutes <= to ? [[code, weight] as const] : [];
          });
          const code = weighted(random, fitting);
          const minutes = code === undefined ? undefined : durations.get(code);
          if (code === undefined || minutes === undefined) break;
          const endsAt = startsAt + minutes * MINUTE;
          const running = past && endsAt > now;
          const patientIndex = running ? undefined : choosePatient(startsAt, endsAt);
          if (patientIndex === undefined) {
            cursor += SLOT;
            continue;
          }
          const busy = patientBusy.get(patientIndex) ?? [];
          busy.push([startsAt, endsAt]);
          patientBusy.set(patientIndex, busy);
          out.push(
            detailsFor(random, { dentistIndex, patientIndex, code, startsAt, endsAt, now, past }),
          );
          cursor += minutes;
        }
      }
    }
  });
  ensureEveryStatus(out, now);
  ensureMainPatientIsBooked(out, now);
  return out;
}

interface Slot {
  dentistIndex: number;
  patientIndex: number;
  code: string;
  startsAt: number;
  endsAt: number;
  now: number;
  past: boolean;
}

function detailsFor(random: Random, slot: Slot): PlannedAppointment {
  const { startsAt, endsAt, now, past } = slot;
  const roll = random();
  const status: SeedStatus = past
    ? roll < 0.15
      ? "cancelled"
      : "completed"
    : roll < 0.08
      ? "cancelled"
      : roll < 0.55
        ? "confirmed"
        : "pending";
  const source =
    weighted<SeedSource>(random, [
      ["patient_app", 45],
      ["admin", 30],
      ["chatbot", 25],
    ]) ?? "patient_app";
  // Booked between three weeks and an hour before the visit, and never after `now`.
  const latest = Math.min(startsAt - HOUR, now - HOUR);
  const createdAt = between(random, Math.min(startsAt - 21 * DAY, latest - HOUR), latest);
  const planned: PlannedAppointment = {
    dentistIndex: slot.dentistIndex,
    patientIndex: slot.patientIndex,
    typeCode: slot.code,
    startsAt: new Date(startsAt),
    endsAt: new Date(endsAt),
    status,
    source,
    notes: status === "completed" && random() < 0.4 ? pick(random, STAFF_NOTES) : null,
    patientNotes: random() < 0.3 ? pick(random, PATIENT_NOTES) : null,
    medicalHistory: random() < 0.1 ? pick(random, MEDICAL_HISTORY) : null,
    cancellationReason: null,
    cancelledAt: null,
    createdAt,
    updatedAt: status === "completed" ? new Date(endsAt) : createdAt,
  };
  return status === "cancelled" ? cancel(random, planned, now) : planned;
}

function cancel(random: Random, a: PlannedAppointment, now: number): PlannedAppointment {
  const latest = Math.min(a.startsAt.getTime(), now);
  const cancelledAt = between(random, a.createdAt.getTime(), latest);
  return {
    ...a,
    status: "cancelled",
    notes: null,
    cancellationReason: pick(random, CANCELLATION_REASONS),
    cancelledAt,
    updatedAt: cancelledAt,
  };
}

/**
 * The random draw makes a missing status practically impossible, but the demo relies on each
 * one being present for any `now`, so make sure rather than hope.
 */
function ensureEveryStatus(book: PlannedAppointment[], now: number): void {
  const random = createRandom(RANDOM_SEED + 1);
  const indexes = (keep: (a: PlannedAppointment) => boolean) =>
    book.flatMap((a, i) => (keep(a) ? [i] : []));
  const convert = (
    index: number | undefined,
    next: (a: PlannedAppointment) => PlannedAppointment,
  ) => {
    const a = index === undefined ? undefined : book[index];
    if (index !== undefined && a) book[index] = next(a);
  };
  const past = indexes((a) => a.startsAt.getTime() < now);
  const future = indexes((a) => a.startsAt.getTime() >= now);
  const some = (list: number[], status: SeedStatus) => list.some((i) => book[i]?.status === status);
  if (!some(past, "cancelled")) convert(past[0], (a) => cancel(random, a, now));
  if (!some(future, "cancelled")) convert(future.at(-1), (a) => cancel(random, a, now));
  const open = future.filter((i) => book[i]?.status !== "cancelled");
  if (!some(open, "pending")) convert(open[0], (a) => ({ ...a, status: "pending" }));
  if (!some(open, "confirmed")) convert(open.at(-1), (a) => ({ ...a, status: "confirmed" }));
}

/** The main demo patient should open the app to one confirmed and one pending visit ahead. */
function ensureMainPatientIsBooked(book: PlannedAppointment[], now: number): void {
  for (const status of ["confirmed", "pending"] as const) {
    const mine = book.filter((a) => a.patientIndex === 0);
    if (mine.some((a) => a.status === status && a.startsAt.getTime() >= now)) continue;
    const busy = mine.map((a): [number, number] => [a.startsAt.getTime(), a.endsAt.getTime()]);
    const index = book.findIndex(
      (a) =>
        a.status === status &&
        a.startsAt.getTime() >= now &&
        !overlaps(busy, a.startsAt.getTime(), a.endsAt.getTime()),
    );
    const found = book[index];
    if (found) book[index] = { ...found, patientIndex: 0 };
  }
}
