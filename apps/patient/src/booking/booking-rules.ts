import { addDays, CANCELLATION_WINDOW_MESSAGE } from "@dentalcare/client";

// The booking screens' small rules, free of React so they are easy to test.

/** The dates a patient can pick from: today and the next `count - 1` days. */
export function nextDays(today: string, count = 14): string[] {
  return Array.from({ length: count }, (_, i) => addDays(today, i));
}

/** 299_500 ms → "4:59" (rounded down; never negative). */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}

/** Spoken form for screen readers: "4 minutes 59 seconds". */
export function spokenCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const parts = [];
  if (minutes > 0) parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
  if (seconds > 0 || minutes === 0) parts.push(`${seconds} second${seconds === 1 ? "" : "s"}`);
  return parts.join(" ");
}

export const CANCELLATION_WINDOW_MINUTES = 60;

export type CancelRule = { allowed: true } | { allowed: false; reason: string };

/** Patients may cancel active appointments up to an hour before the start. */
export function cancelRule(
  appointment: { startsAt: string; status: string },
  now: number,
  windowMinutes = CANCELLATION_WINDOW_MINUTES,
): CancelRule {
  if (appointment.status !== "pending" && appointment.status !== "confirmed") {
    return { allowed: false, reason: `This appointment is ${appointment.status}.` };
  }
  if (Date.parse(appointment.startsAt) - now < windowMinutes * 60_000) {
    return { allowed: false, reason: CANCELLATION_WINDOW_MESSAGE };
  }
  return { allowed: true };
}

/** Upcoming (active and not yet over) first by time; then the rest, newest first. */
export function splitAppointments<T extends { startsAt: string; endsAt: string; status: string }>(
  items: readonly T[],
  now: number,
): { upcoming: T[]; past: T[] } {
  const upcoming: T[] = [];
  const past: T[] = [];
  for (const a of items) {
    const active = a.status === "pending" || a.status === "confirmed";
    if (active && Date.parse(a.endsAt) > now) upcoming.push(a);
    else past.push(a);
  }
  upcoming.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  past.sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
  return { upcoming, past };
}
