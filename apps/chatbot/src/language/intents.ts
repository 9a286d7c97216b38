import { addDays } from "./calendar.ts";
import { rangeOf } from "./dates.ts";
import { type Env, type Extraction, hasValues } from "./extract.ts";
import { type Cues, readCues } from "./keywords.ts";
import { referenceFrom, rescheduleParts } from "./references.ts";
import { suggestionsFor } from "./suggestions.ts";
import type { AvailabilityIntent, DateRange, Intent, SlotValues } from "./types.ts";

/** How far an availability search looks when the patient gave no dates. */
export const DEFAULT_SEARCH_DAYS = 7;

function searchRange(values: SlotValues, env: Env): DateRange {
  const said = rangeOf(values.date);
  if (said) return { ...said, defaulted: false };
  return { from: env.today, to: addDays(env.today, DEFAULT_SEARCH_DAYS - 1), defaulted: true };
}

function availability(values: SlotValues, env: Env): AvailabilityIntent {
  return { kind: "availability", ...values, range: searchRange(values, env) };
}

function bookingDetails(values: SlotValues): boolean {
  return values.date !== undefined || values.time !== undefined || values.type !== undefined;
}

function bySpecialty(values: SlotValues): boolean {
  const d = values.dentist;
  return (d?.match === "one" || d?.match === "ambiguous") && d.specialty !== undefined;
}

function fromCues(text: string, ex: Extraction, cues: Cues, env: Env): Intent | undefined {
  const values = ex.values;
  if (cues.reschedule) return { kind: "reschedule", ...rescheduleParts(text, env) };
  if (cues.cancel) return { kind: "cancel", reference: referenceFrom(text, values) };
  if (cues.myAppointments && !cues.bookVerb) {
    return { kind: "myAppointments", reference: referenceFrom(text, values) };
  }
  if (cues.availability && (!cues.bookVerb || cues.question)) return availability(values, env);
  if (cues.listDentists && !bookingDetails(values)) {
    return values.dentist
      ? { kind: "listDentists", dentist: values.dentist }
      : { kind: "listDentists" };
  }
  if (cues.doYouHave && bySpecialty(values) && !bookingDetails(values) && values.dentist) {
    return { kind: "listDentists", dentist: values.dentist };
  }
  if (cues.listTypes) return { kind: "listTypes" };
  return undefined;
}

/** The intent of a message read on its own, without what the bot last asked. */
export function classify(text: string, ex: Extraction, env: Env): Intent {
  const cues = readCues(ex.rest, text);
  const explicit = fromCues(text, ex, cues, env);
  if (explicit) return explicit;
  if (cues.bookVerb || cues.book || hasValues(ex.values)) return { kind: "book", ...ex.values };
  if (cues.help) return { kind: "help" };
  if (cues.yes) return { kind: "confirm", values: ex.values };
  if (cues.no) return { kind: "decline", values: ex.values };
  if (ex.greeting) return { kind: "greeting" };
  return { kind: "unknown", suggestions: suggestionsFor(env.ctx) };
}

/** Intents that change the subject even in the middle of answering a question. */
export function switchesTopic(text: string, ex: Extraction, env: Env): Intent | undefined {
  const cues = readCues(ex.rest, text);
  if (cues.help && !hasValues(ex.values)) return { kind: "help" };
  const explicit = fromCues(text, ex, cues, env);
  return explicit?.kind === "availability" ? undefined : explicit;
}
