import { maxDate } from "../language/calendar.ts";
import type { ExpectedSlot, Intent } from "../language/index.ts";
import { answer, reask, refine } from "./answers.ts";
import { afterBooking, afterHold, afterSearch, onSlotTaken, reaskHolding } from "./booking.ts";
import { appointmentList, daysFrom, offerList, today } from "./describe.ts";
import { help, listDentists, listTypes, suggestions } from "./info.ts";
import { afterCancel, afterFinding, answerManage, findAppointments } from "./manage.ts";
import { releaseHeld, to, withEffects } from "./state.ts";
import type {
  ActionResult,
  DialogueInput,
  DialogueState,
  Facts,
  Goal,
  Mode,
  Step,
} from "./types.ts";

// The dialogue manager: (state, input, facts) → (new state, what to say, actions). Pure; the
// worker performs the actions through typed procedures and feeds each result back in.

export function step(state: DialogueState, input: DialogueInput, facts: Facts): Step {
  switch (input.kind) {
    case "message":
      return onMessage(state, input.intent, facts);
    case "result":
      return onResult(state, input.result, facts);
    case "slotTaken":
      return onSlotTaken(state, input, facts);
  }
}

/** What the last reply asked, so the language layer reads short answers in context. */
export function expectationOf(state: DialogueState): {
  expecting?: ExpectedSlot;
  choiceCount?: number;
} {
  const mode = state.mode;
  switch (mode.kind) {
    case "asking": {
      const count = mode.choices?.length;
      if (count && (mode.slot === "date" || mode.slot === "time"))
        return { expecting: "choice", choiceCount: count };
      return count ? { expecting: mode.slot, choiceCount: count } : { expecting: mode.slot };
    }
    case "offering":
      return { expecting: "choice", choiceCount: mode.offers.length };
    case "holding":
      return mode.options.length > 1
        ? { expecting: "choice", choiceCount: mode.options.length }
        : { expecting: "confirm" };
    case "picking":
      return { expecting: "appointment", choiceCount: mode.candidates.length };
    case "confirmingCancel":
      return { expecting: "confirm" };
    default:
      return {};
  }
}

/** The open question again, after answering something else in between. */
function reminder(state: DialogueState, facts: Facts): string[] {
  const mode = state.mode;
  switch (mode.kind) {
    case "holding":
      return reaskHolding(state, mode, facts).say;
    case "offering":
      return ["Would one of these suit you?", offerList(facts, mode.offers)];
    case "asking":
      return reask(state, mode, facts, "Back to your booking:").say;
    case "picking":
      return ["Which of these did you mean?", appointmentList(facts, mode.candidates)];
    case "confirmingCancel":
      return ["Shall I still cancel that appointment?"];
    default:
      return [];
  }
}

function informing(state: DialogueState, facts: Facts, say: string[]): Step {
  return to(state, state.mode, [...say, ...reminder(state, facts)]);
}

/** The booking in progress, which new details refine rather than replace. */
function goalInProgress(mode: Mode): Goal {
  if (mode.kind === "asking" || mode.kind === "offering" || mode.kind === "holding") {
    const { browsing: _, ...goal } = mode.goal;
    return goal;
  }
  return {};
}

function browse(
  state: DialogueState,
  intent: Extract<Intent, { kind: "availability" }>,
  facts: Facts,
): Step {
  const { kind: _, range, ...values } = intent;
  const goal: Goal = { browsing: true };
  if (!values.date) {
    goal.dateFrom = maxDate(range.from, today(facts));
    goal.dateTo = range.defaulted ? daysFrom(facts, 6) : range.to;
  }
  return refine(state, goal, values, facts);
}

function onMessage(state: DialogueState, intent: Intent, facts: Facts): Step {
  const answered = answer(state, intent, facts) ?? answerManage(state, intent, facts);
  if (answered) return answered;
  const release = releaseHeld(state);
  switch (intent.kind) {
    case "greeting":
      return informing(state, facts, [
        "Hello! I'm the clinic's booking assistant. I can book, move or cancel appointments and tell you what's free.",
      ]);
    case "help":
      return informing(state, facts, help());
    case "listDentists":
      return informing(state, facts, listDentists(facts, intent.dentist));
    case "listTypes":
      return informing(state, facts, listTypes(facts));
    case "myAppointments":
      return findAppointments(state, "list", intent.reference, { resume: state.mode });
    case "availability":
      return withEffects(release, browse(state, intent, facts));
    case "book": {
      const { kind: _, ...values } = intent;
      return withEffects(release, refine(state, goalInProgress(state.mode), values, facts));
    }
    case "provide":
      return withEffects(release, refine(state, goalInProgress(state.mode), intent.values, facts));
    case "cancel":
      return withEffects(release, findAppointments(state, "cancel", intent.reference));
    case "reschedule":
      return withEffects(
        release,
        findAppointments(state, "reschedule", intent.reference, { to: intent.to }),
      );
    case "confirm":
      return to(state, state.mode, [
        "Great! What would you like to do? For example “book a check-up on Friday”.",
      ]);
    case "decline":
      return to(state, state.mode, ["Okay. Let me know if there's anything else I can do."]);
    case "choose":
      return to(state, state.mode, [
        "Sorry, I'm not sure which list you mean. What would you like to do?",
      ]);
    case "unknown":
      return informing(state, facts, suggestions(intent.suggestions));
  }
}

function onResult(state: DialogueState, result: ActionResult, facts: Facts): Step {
  const mode = state.mode;
  switch (mode.kind) {
    case "searching":
      return afterSearch(state, mode, result, facts);
    case "securing":
      return afterHold(state, mode, result, facts);
    case "booking":
      return afterBooking(state, mode, result, facts);
    case "finding":
      return afterFinding(state, mode, result, facts);
    case "cancelling":
      return afterCancel(state, mode, result, facts);
    default:
      return to(state, mode, []);
  }
}
