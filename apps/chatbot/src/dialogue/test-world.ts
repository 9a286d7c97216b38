import { addDays, localDate, localMinutes, zonedTimeToInstant } from "../language/index.ts";
import type { Perform } from "./run.ts";
import type { Action, ActionResult, AppointmentBrief, Facts, Offer } from "./types.ts";

// An in-memory clinic for the dialogue tests: the same rules as the server in miniature (slots
// of 30 minutes from 09:00 to 12:00 on weekdays, holds that hide a slot, a one-hour
// cancellation window), so conversations can be played without one.

export const NOW = new Date("2030-01-07T08:00:00Z"); // Monday, 08:00 in London
const ZONE = "Europe/London";

export const LEE = {
  id: "d-lee",
  name: "Dr. Emily Lee",
  specialty: "General dentistry",
  timeZone: ZONE,
};
export const PATEL = {
  id: "d-patel",
  name: "Dr. Raj Patel",
  specialty: "Orthodontics",
  timeZone: ZONE,
};
export const CHECKUP = { id: "t-checkup", code: "checkup", name: "Checkup", durationMinutes: 30 };
export const CLEANING = {
  id: "t-cleaning",
  code: "cleaning",
  name: "Cleaning",
  durationMinutes: 30,
};

export function facts(now = NOW): Facts {
  return { now, timeZone: ZONE, dentists: [LEE, PATEL], types: [CHECKUP, CLEANING] };
}

export function at(date: string, hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(":").map(Number);
  return zonedTimeToInstant(date, h * 60 + m, ZONE).toISOString();
}

export class TestWorld {
  readonly taken = new Map<string, string>(); // dentistId|startsAt → "hold:<id>" or "appt:<id>"
  readonly appointments: AppointmentBrief[] = [];
  readonly log: Action[] = [];
  #serial = 0;
  now = NOW;

  key(dentistId: string, startsAt: string): string {
    return `${dentistId}|${startsAt}`;
  }

  /** Someone else takes a slot. */
  takeByOther(dentistId: string, startsAt: string): void {
    this.taken.set(this.key(dentistId, startsAt), "other");
  }

  addAppointment(
    a: Omit<AppointmentBrief, "id" | "status"> & { status?: AppointmentBrief["status"] },
  ) {
    const appointment: AppointmentBrief = { id: `a${++this.#serial}`, status: "confirmed", ...a };
    this.appointments.push(appointment);
    this.taken.set(this.key(a.dentistId, a.startsAt), `appt:${appointment.id}`);
    return appointment;
  }

  holds(): string[] {
    return [...this.taken.values()].filter((v) => v.startsWith("hold:"));
  }

  #slots(dentistId: string, date: string, typeId: string | null): Offer[] {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) return [];
    const out: Offer[] = [];
    for (let minutes = 9 * 60; minutes < 12 * 60; minutes += 30) {
      const startsAt = zonedTimeToInstant(date, minutes, ZONE).toISOString();
      if (startsAt < new Date(this.now.getTime() + 3_600_000).toISOString()) continue;
      if (this.taken.has(this.key(dentistId, startsAt))) continue;
      const endsAt = new Date(Date.parse(startsAt) + 30 * 60_000).toISOString();
      out.push({ dentistId, typeId, startsAt, endsAt });
    }
    return out;
  }

  perform: Perform = async (action): Promise<ActionResult> => {
    this.log.push(action);
    switch (action.kind) {
      case "findSlots": {
        const q = action.query;
        const found: Offer[] = [];
        for (let d = q.dateFrom; d <= q.dateTo; d = addDays(d, 1)) {
          for (const id of q.dentistIds) {
            for (const o of this.#slots(id, d, q.typeId)) {
              const m = localMinutes(new Date(o.startsAt), ZONE);
              if (q.timeFrom !== undefined && m < q.timeFrom) continue;
              if (
                q.timeTo !== undefined &&
                (q.timeTo === q.timeFrom ? m !== q.timeTo : m >= q.timeTo)
              )
                continue;
              if (q.exclude?.includes(o.startsAt)) continue;
              found.push(o);
            }
          }
          if (found.length >= q.limit) break;
        }
        return {
          kind: "slots",
          offers: found.sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
        };
      }
      case "hold": {
        const key = this.key(action.offer.dentistId, action.offer.startsAt);
        if (this.taken.has(key)) return { kind: "failed", reason: "taken", message: "taken" };
        const id = `r${++this.#serial}`;
        this.taken.set(key, `hold:${id}`);
        return {
          kind: "held",
          reservationId: id,
          expiresAt: new Date(this.now.getTime() + 300_000).toISOString(),
        };
      }
      case "release": {
        for (const [k, v] of this.taken)
          if (v === `hold:${action.reservationId}`) this.taken.delete(k);
        return { kind: "released" };
      }
      case "book": {
        const key = this.key(action.offer.dentistId, action.offer.startsAt);
        if (this.taken.get(key) !== `hold:${action.reservationId}`)
          return { kind: "failed", reason: "taken", message: "taken" };
        this.taken.delete(key);
        const type = [CHECKUP, CLEANING].find((t) => t.id === action.offer.typeId);
        const dentist = [LEE, PATEL].find((x) => x.id === action.offer.dentistId);
        const appointment = this.addAppointment({
          dentistId: action.offer.dentistId,
          dentistName: dentist?.name ?? "",
          typeId: action.offer.typeId,
          typeName: type?.name ?? "",
          startsAt: action.offer.startsAt,
          status: "pending",
        });
        return { kind: "booked", appointment };
      }
      case "move": {
        const a = this.appointments.find((x) => x.id === action.appointment.id);
        if (!a) return { kind: "failed", reason: "other", message: "Appointment not found" };
        this.taken.delete(this.key(a.dentistId, a.startsAt));
        a.startsAt = action.offer.startsAt;
        this.taken.set(this.key(a.dentistId, a.startsAt), `appt:${a.id}`);
        return { kind: "moved", appointment: { ...a } };
      }
      case "cancel": {
        const a = this.appointments.find((x) => x.id === action.appointment.id);
        if (!a) return { kind: "failed", reason: "other", message: "Appointment not found" };
        if (Date.parse(a.startsAt) - this.now.getTime() < 3_600_000) {
          return {
            kind: "failed",
            reason: "window",
            message: "Appointments cannot be cancelled less than 60 minutes before they start",
          };
        }
        a.status = "cancelled";
        this.taken.delete(this.key(a.dentistId, a.startsAt));
        return { kind: "cancelled", appointment: { ...a } };
      }
      case "listAppointments":
        return { kind: "appointments", appointments: this.appointments.map((a) => ({ ...a })) };
    }
  };
}

export function localDay(iso: string): string {
  return localDate(new Date(iso), ZONE);
}
