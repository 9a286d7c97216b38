import {
  type AppointmentRef,
  type DateEntity,
  type Intent,
  localDate,
  localMinutes,
  type SlotValues,
  type TimeEntity,
} from "../language/index.ts";
import { failed, reaskHolding, search } from "./booking.ts";
import { appointmentList, describeAppointment, zoneOf } from "./describe.ts";
import { mergeValues, nextQuestion } from "./goal.ts";
import { to } from "./state.ts";
import type {
  ActionResult,
  AppointmentBrief,
  DialogueState,
  Facts,
  Goal,
  Mode,
  Step,
} from "./types.ts";

// The patient's own appointments: listing them, and picking one to cancel or move.

type Of<K extends Mode["kind"]> = Extract<Mode, { kind: K }>;
type Purpose = "cancel" | "reschedule";

export function findAppointments(
  state: DialogueState,
  purpose: Of<"finding">["purpose"],
  reference: AppointmentRef,
  extra: { to?: SlotValues; resume?: Mode } = {},
): Step {
  return to(state, { kind: "finding", purpose, reference, ...extra }, [], {
    kind: "listAppointments",
  });
}

function upcoming(list: AppointmentBrief[], facts: Facts): AppointmentBrief[] {
  const now = facts.now.toISOString();
  return list
    .filter((a) => (a.status === "pending" || a.status === "confirmed") && a.startsAt > now)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

function onDate(a: AppointmentBrief, date: DateEntity, facts: Facts): boolean {
  const day = localDate(new Date(a.startsAt), zoneOf(facts, a.dentistId));
  switch (date.match) {
    case "day":
      return day === date.date;
    case "range":
      return day >= date.from && day <= date.to;
    case "ambiguous":
      return date.ambiguous.includes(day);
    case "invalid":
      return false;
  }
}

function atTime(a: AppointmentBrief, time: TimeEntity, facts: Facts): boolean {
  const minutes = localMinutes(new Date(a.startsAt), zoneOf(facts, a.dentistId));
  switch (time.match) {
    case "exact":
      return minutes === time.minutes;
    case "range":
      return minutes >= time.from && minutes < time.to;
    case "ambiguous":
      return time.ambiguous.includes(minutes);
  }
}

/** The appointments a reference can mean, within `list` (positions count in `shown`). */
export function resolveReference(
  ref: AppointmentRef,
  list: AppointmentBrief[],
  shown: AppointmentBrief[] | undefined,
  facts: Facts,
): AppointmentBrief[] {
  if (ref.ordinal !== undefined) {
    const pick = (shown ?? list)[ref.ordinal - 1];
    return pick && list.some((a) => a.id === pick.id) ? [pick] : [];
  }
  let out = ref.next ? list.slice(0, 1) : list;
  if (ref.date) {
    const date = ref.date;
    out = out.filter((a) => onDate(a, date, facts));
  }
  if (ref.time) {
    const time = ref.time;
    out = out.filter((a) => atTime(a, time, facts));
  }
  const d = ref.dentist;
  if (d?.match === "one") out = out.filter((a) => a.dentistId === d.dentist.id);
  if (d?.match === "ambiguous")
    out = out.filter((a) => d.ambiguous.some((x) => x.id === a.dentistId));
  const t = ref.type;
  if (t?.match === "one") out = out.filter((a) => a.typeId === t.type.id);
  return out;
}

function verb(purpose: Purpose): string {
  return purpose === "cancel" ? "cancel" : "move";
}

function picking(
  state: DialogueState,
  purpose: Purpose,
  candidates: AppointmentBrief[],
  facts: Facts,
  lead: string,
  toValues?: SlotValues,
): Step {
  return to(
    { ...state, listed: candidates },
    { kind: "picking", purpose, candidates, ...(toValues ? { to: toValues } : {}) },
    [lead, appointmentList(facts, candidates), `Which one would you like to ${verb(purpose)}?`],
  );
}

function proceed(
  state: DialogueState,
  purpose: Purpose,
  a: AppointmentBrief,
  facts: Facts,
  toValues?: SlotValues,
): Step {
  if (purpose === "cancel") {
    return to(state, { kind: "confirmingCancel", appointment: a }, [
      `Shall I cancel your ${describeAppointment(facts, a)}?`,
    ]);
  }
  const start: Goal = { move: a, dentistId: a.dentistId, typeId: a.typeId };
  // Named when a question comes next; a held time names the appointment anyway.
  const lead = `Let's move your ${describeAppointment(facts, a)}.`;
  const merged = toValues
    ? mergeValues(start, toValues, facts)
    : { ok: true as const, goal: start };
  if (!merged.ok) return to(state, merged.problem.mode, [lead, ...merged.problem.say]);
  const question = nextQuestion(merged.goal, facts);
  if (question) return to(state, question.mode, [lead, ...question.say]);
  return search(state, merged.goal, facts);
}

export function afterFinding(
  state: DialogueState,
  mode: Of<"finding">,
  result: ActionResult,
  facts: Facts,
): Step {
  if (result.kind !== "appointments") return failed(state, result);
  const list = upcoming(result.appointments, facts);
  if (mode.purpose === "list") return listed(state, mode, list, facts);
  if (list.length === 0) {
    return to(state, { kind: "idle" }, [
      `You have no upcoming appointments to ${verb(mode.purpose)}.`,
    ]);
  }
  const matches = resolveReference(mode.reference, list, state.listed, facts);
  const [only] = matches;
  if (matches.length === 1 && only) return proceed(state, mode.purpose, only, facts, mode.to);
  const lead =
    matches.length === 0
      ? "I couldn't find that appointment. Your upcoming appointments are:"
      : "You have these appointments:";
  return picking(state, mode.purpose, matches.length === 0 ? list : matches, facts, lead, mode.to);
}

function listed(
  state: DialogueState,
  mode: Of<"finding">,
  list: AppointmentBrief[],
  facts: Facts,
): Step {
  const resume = mode.resume ?? { kind: "idle" };
  const next = { ...state, listed: list };
  let say: string[];
  const [first] = list;
  if (!first) say = ["You have no upcoming appointments. Would you like to book one?"];
  else if (mode.reference.next)
    say = [`Your next appointment is your ${describeAppointment(facts, first)}.`];
  else say = ["Your upcoming appointments:", appointmentList(facts, list)];
  if (resume.kind === "holding") {
    const again = reaskHolding(next, resume, facts);
    return { ...again, say: [...say, ...again.say] };
  }
  return to(next, resume, say);
}

function onPicking(
  state: DialogueState,
  mode: Of<"picking">,
  intent: Intent,
  facts: Facts,
): Step | undefined {
  const again = (lead: string) =>
    picking(state, mode.purpose, mode.candidates, facts, lead, mode.to);
  switch (intent.kind) {
    case "choose": {
      const a = mode.candidates[intent.index - 1];
      return a
        ? proceed(state, mode.purpose, a, facts, mode.to)
        : again("Please pick one of these:");
    }
    case "provide": {
      const matches = resolveReference(
        intent.reference ?? {},
        mode.candidates,
        mode.candidates,
        facts,
      );
      const [only] = matches;
      if (matches.length === 1 && only) return proceed(state, mode.purpose, only, facts, mode.to);
      return again("Sorry, which one do you mean?");
    }
    case "decline":
      return to(state, { kind: "idle" }, ["Okay, I've left your appointments as they are."]);
    case "unknown":
      return again("Sorry, I didn't catch that.");
    default:
      return undefined;
  }
}

function onConfirmingCancel(
  state: DialogueState,
  mode: Of<"confirmingCancel">,
  intent: Intent,
  facts: Facts,
): Step | undefined {
  const what = describeAppointment(facts, mode.appointment);
  switch (intent.kind) {
    case "confirm":
      return to(state, { kind: "cancelling", appointment: mode.appointment }, [], {
        kind: "cancel",
        appointment: mode.appointment,
      });
    case "decline":
      return to(state, { kind: "idle" }, [`Okay, I've kept your ${what}.`]);
    case "provide":
    case "unknown":
    case "choose":
      return to(state, mode, [`Shall I cancel your ${what}? Please say yes or no.`]);
    default:
      return undefined;
  }
}

export function afterCancel(
  state: DialogueState,
  mode: Of<"cancelling">,
  result: ActionResult,
  facts: Facts,
): Step {
  const what = describeAppointment(facts, mode.appointment);
  if (result.kind === "cancelled")
    return to(state, { kind: "idle" }, [`Your ${what} has been cancelled.`]);
  if (result.kind === "failed" && result.reason === "window") {
    return to(state, { kind: "idle" }, [
      `Sorry, your ${what} starts too soon to be cancelled here (${result.message.replace(/\.$/, "").toLowerCase()}). Please call the clinic.`,
    ]);
  }
  return failed(state, result);
}

export function answerManage(state: DialogueState, intent: Intent, facts: Facts): Step | undefined {
  const mode = state.mode;
  if (mode.kind === "picking") return onPicking(state, mode, intent, facts);
  if (mode.kind === "confirmingCancel") return onConfirmingCancel(state, mode, intent, facts);
  return undefined;
}
