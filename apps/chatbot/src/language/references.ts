import { readChoice, readReference } from "./choices.ts";
import { resolveDates } from "./dates.ts";
import { type Env, type Extraction, extract } from "./extract.ts";
import { rescheduleSplit } from "./keywords.ts";
import { keepOnly } from "./text.ts";
import { resolveTimes } from "./times.ts";
import type { AppointmentRef, SlotValues } from "./types.ts";

// Which existing appointment a cancel/reschedule message points at, and, for a reschedule,
// what it should become: "move my Friday 10am appointment to Monday at 3".

/** The reference described by a message (or part of one). */
export function referenceFrom(
  text: string,
  values: SlotValues,
  count?: number,
  answer = false,
): AppointmentRef {
  const ref: AppointmentRef = { ...readReference(text, count) };
  if (answer && ref.next === undefined && ref.ordinal === undefined) {
    const ordinal = readChoice(text, count ?? 0);
    if (ordinal !== undefined && ordinal > 0) ref.ordinal = ordinal;
  }
  if (values.date) ref.date = values.date;
  if (values.time) ref.time = values.time;
  if (values.dentist) ref.dentist = values.dentist;
  if (values.type) ref.type = values.type;
  return ref;
}

const OWNER_AFTER = /^\s*(?:'s)?\s*(?:appointment|booking|visit|one|slot)\b/;
const OWNER_BEFORE = /\b(?:appointment|booking|visit|one|slot)\s+(?:on|at|for)?\s*(?:the\s+)?$/;

/** With no "to …", a date that names the appointment ("my Friday appointment") is the old one. */
function describesExisting(text: string, start: number, end: number): boolean {
  return OWNER_AFTER.test(text.slice(end)) || OWNER_BEFORE.test(text.slice(0, start));
}

function unsplit(
  text: string,
  ex: Extraction,
  env: Env,
): { reference: AppointmentRef; to: SlotValues } {
  const oldDates = ex.dateMentions.filter((m) => describesExisting(text, m.start, m.end));
  const oldTimes = ex.timeMentions.filter((m) => describesExisting(text, m.start, m.end));
  const newDate = resolveDates(
    ex.dateMentions.filter((m) => !oldDates.includes(m)),
    env.today,
  );
  const newTime = resolveTimes(
    ex.timeMentions.filter((m) => !oldTimes.includes(m)),
    env.hours,
  );
  const oldDate = resolveDates(oldDates, env.today);
  const oldTime = resolveTimes(oldTimes, env.hours);
  // Dentist and type usually describe the appointment being moved ("my cleaning with Dr Lee").
  const refValues: SlotValues = {
    ...(oldDate ? { date: oldDate } : {}),
    ...(oldTime ? { time: oldTime } : {}),
    ...(ex.values.dentist ? { dentist: ex.values.dentist } : {}),
    ...(ex.values.type ? { type: ex.values.type } : {}),
  };
  const to: SlotValues = {
    ...(newDate ? { date: newDate } : {}),
    ...(newTime ? { time: newTime } : {}),
    ...(ex.values.earliest ? { earliest: true } : {}),
  };
  return { reference: referenceFrom(text, refValues), to };
}

export function rescheduleParts(
  text: string,
  env: Env,
): { reference: AppointmentRef; to: SlotValues } {
  const split = rescheduleSplit(text);
  if (!split) return unsplit(text, extract(text, env), env);
  if (split.reversed) {
    const newEx = extract(keepOnly(text, 0, split.at), env);
    const oldText = keepOnly(text, split.at, text.length);
    return { reference: referenceFrom(oldText, extract(oldText, env).values), to: newEx.values };
  }
  const oldText = keepOnly(text, 0, split.at);
  const newText = keepOnly(text, split.from, text.length);
  // "to 2" on its own is a clock time, read like an answer to "what time?".
  const newEx = extract(newText, env, "time");
  return { reference: referenceFrom(oldText, extract(oldText, env).values), to: newEx.values };
}
