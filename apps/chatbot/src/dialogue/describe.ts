import {
  addDays,
  describeDate,
  describeSlot,
  formatList,
  formatNumberedList,
  formatTime,
  localDate,
  localMinutes,
} from "../language/index.ts";
import type { AppointmentBrief, Facts, Goal, Offer } from "./types.ts";

// How the assistant says things: slots on the dentist's own clock, names as the clinic has
// them, lists numbered the way `choose` counts.

export function dentistOf(facts: Facts, id: string) {
  return facts.dentists.find((d) => d.id === id);
}

export function typeOf(facts: Facts, id: string | null | undefined) {
  return id ? facts.types.find((t) => t.id === id) : undefined;
}

export function zoneOf(facts: Facts, dentistId: string): string {
  return dentistOf(facts, dentistId)?.timeZone ?? facts.timeZone;
}

export function dentistName(facts: Facts, id: string): string {
  return dentistOf(facts, id)?.name ?? "the dentist";
}

/** "Tue 8 Jan, 10:00" on the dentist's clock. */
export function when(facts: Facts, dentistId: string, startsAt: string): string {
  return describeSlot(startsAt, zoneOf(facts, dentistId));
}

/** Minutes from local midnight of a slot, on the dentist's clock. */
export function offerMinutes(facts: Facts, offer: Offer): number {
  return localMinutes(new Date(offer.startsAt), zoneOf(facts, offer.dentistId));
}

export function offerDate(facts: Facts, offer: Offer): string {
  return localDate(new Date(offer.startsAt), zoneOf(facts, offer.dentistId));
}

/** "a Cleaning with Dr. Emily Lee on Tue 8 Jan, 10:00". */
export function describeOffer(facts: Facts, offer: Offer, typeId = offer.typeId): string {
  const type = typeOf(facts, typeId);
  const what = type ? `a ${type.name} ` : "an appointment ";
  return `${what}with ${dentistName(facts, offer.dentistId)} on ${when(facts, offer.dentistId, offer.startsAt)}`;
}

export function describeAppointment(facts: Facts, a: AppointmentBrief): string {
  return `${a.typeName} with ${a.dentistName} on ${when(facts, a.dentistId, a.startsAt)}`;
}

/** Numbered options; the dentist is named when the list mixes dentists. */
export function offerList(facts: Facts, offers: readonly Offer[]): string {
  const mixed = new Set(offers.map((o) => o.dentistId)).size > 1;
  return formatNumberedList(
    offers.map((o) => {
      const time = when(facts, o.dentistId, o.startsAt);
      return mixed ? `${time} with ${dentistName(facts, o.dentistId)}` : time;
    }),
  );
}

export function appointmentList(facts: Facts, list: readonly AppointmentBrief[]): string {
  return formatNumberedList(list.map((a) => describeAppointment(facts, a)));
}

/** "with Dr. Lee on Fri 11 Jan in the afternoon", for saying what was searched. */
export function describeGoal(facts: Facts, goal: Goal): string {
  const parts: string[] = [];
  if (goal.dentistId) parts.push(`with ${dentistName(facts, goal.dentistId)}`);
  if (goal.dateFrom && goal.dateTo) {
    parts.push(
      goal.dateFrom === goal.dateTo
        ? `on ${describeDate(goal.dateFrom)}`
        : `between ${describeDate(goal.dateFrom)} and ${describeDate(goal.dateTo)}`,
    );
  }
  if (goal.timeFrom !== undefined && goal.timeTo !== undefined) {
    parts.push(
      goal.timeFrom === goal.timeTo
        ? `at ${formatTime(goal.timeFrom)}`
        : `between ${formatTime(goal.timeFrom)} and ${formatTime(goal.timeTo)}`,
    );
  }
  return parts.join(" ");
}

export function minutesLeft(facts: Facts, expiresAt: string): number {
  return Math.max(1, Math.round((Date.parse(expiresAt) - facts.now.getTime()) / 60_000));
}

export function today(facts: Facts): string {
  return localDate(facts.now, facts.timeZone);
}

export function daysFrom(facts: Facts, days: number): string {
  return addDays(today(facts), days);
}

export function dentistChoices(facts: Facts, ids: readonly string[]): string {
  return formatNumberedList(
    ids.map((id) => {
      const d = dentistOf(facts, id);
      return d ? `${d.name} (${d.specialty})` : id;
    }),
  );
}

export function typeChoices(facts: Facts, ids: readonly string[]): string {
  return formatNumberedList(
    ids.map((id) => {
      const t = typeOf(facts, id);
      return t ? `${t.name} (${t.durationMinutes} min)` : id;
    }),
  );
}

export { formatList };
