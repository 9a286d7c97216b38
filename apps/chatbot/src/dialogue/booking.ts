import { describeDate, formatList, formatTime } from "../language/index.ts";
import {
  dentistName,
  describeAppointment,
  describeGoal,
  describeOffer,
  minutesLeft,
  offerList,
  offerMinutes,
  when,
} from "./describe.ts";
import { askDate, askType, isExactTime, nextQuestion, slotQuery } from "./goal.ts";
import { to } from "./state.ts";
import type { ActionResult, DialogueState, Facts, Goal, Mode, Offer, Step } from "./types.ts";

// Finding, holding and booking a slot: search → (offer up to three) → hold the chosen one →
// confirm → book. A hold keeps the slot while the patient decides; the server lets it lapse
// if they go quiet.

const MAX_OFFERS = 3;

/** Asks what is missing, or searches. `retry` is an offer that was just lost to someone else. */
export function search(
  state: DialogueState,
  goal: Goal,
  facts: Facts,
  say: string[] = [],
  retry?: Offer,
): Step {
  const question = nextQuestion(goal, facts);
  if (question) return to(state, question.mode, [...say, ...question.say]);
  return to(state, { kind: "searching", goal, ...(retry ? { retry } : {}) }, say, {
    kind: "findSlots",
    query: slotQuery(goal, facts, retry ? [retry.startsAt] : []),
  });
}

/** Holds `offer` for the patient (asking for the treatment first if it is not known yet). */
export function secure(
  state: DialogueState,
  goal: Goal,
  offer: Offer,
  options: Offer[],
  facts: Facts,
  say: string[] = [],
): Step {
  const typeId = goal.move?.typeId ?? goal.typeId ?? offer.typeId;
  if (!typeId) {
    const question = askType(facts, goal);
    const mode: Mode =
      question.mode.kind === "asking" ? { ...question.mode, chosen: offer } : question.mode;
    return to(state, mode, [...say, ...question.say]);
  }
  const held = { ...offer, typeId };
  return to(state, { kind: "securing", goal, offer: held, options }, say, {
    kind: "hold",
    offer: held,
  });
}

export function offering(
  state: DialogueState,
  goal: Goal,
  offers: Offer[],
  facts: Facts,
  say: string[],
): Step {
  const list = offers.slice(0, MAX_OFFERS);
  const question = list.length === 1 ? "Would that suit you?" : "Which would you like?";
  return to(state, { kind: "offering", goal, offers: list }, [
    ...say,
    offerList(facts, list),
    question,
  ]);
}

/** " with Dr. X" when every offer is with the same dentist (the list then leaves names out). */
function withWhom(facts: Facts, offers: Offer[]): string {
  const ids = new Set(offers.map((o) => o.dentistId));
  const [only] = ids;
  return ids.size === 1 && only ? ` with ${dentistName(facts, only)}` : "";
}

/** Offers at distinct times first, so three options are three choices of time. */
function spread(offers: Offer[]): Offer[] {
  const seen = new Set<string>();
  const first: Offer[] = [];
  const rest: Offer[] = [];
  for (const o of offers) {
    (seen.has(o.startsAt) ? rest : first).push(o);
    seen.add(o.startsAt);
  }
  return [...first, ...rest];
}

function nothingFree(state: DialogueState, goal: Goal, facts: Facts, say: string[]): Step {
  const scope = describeGoal(facts, goal);
  const lead = `Sorry, I have nothing free${scope ? ` ${scope}` : ""}.`;
  const question = askDate(goal, lead);
  return to(state, question.mode, [...say, ...question.say]);
}

export function afterSearch(
  state: DialogueState,
  mode: Extract<Mode, { kind: "searching" }>,
  result: ActionResult,
  facts: Facts,
): Step {
  if (result.kind !== "slots") return failed(state, result);
  const goal = mode.goal;
  const say = mode.retry
    ? [
        `Sorry, ${when(facts, mode.retry.dentistId, mode.retry.startsAt)} has just been taken by someone else.`,
      ]
    : [];
  const offers = spread(result.offers);
  // Straight to a hold when the patient named the time or asked for the earliest; otherwise,
  // and always after losing a slot, let them choose.
  const decisive = !goal.browsing && !mode.retry;
  if (isExactTime(goal) && goal.dateFrom === goal.dateTo) {
    const exact = offers.find((o) => offerMinutes(facts, o) === goal.timeFrom);
    if (exact && decisive) return secure(state, goal, exact, [], facts, say);
    const nearest = [...offers]
      .sort(
        (a, b) =>
          Math.abs(offerMinutes(facts, a) - goal.timeFrom) -
          Math.abs(offerMinutes(facts, b) - goal.timeFrom),
      )
      .slice(0, MAX_OFFERS)
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    if (nearest.length === 0) return nothingFree(state, goal, facts, say);
    const day = goal.dateFrom ? ` on ${describeDate(goal.dateFrom)}` : "";
    const lead = exact
      ? "Here are times close to that:"
      : `${formatTime(goal.timeFrom)} isn't free${day}. The closest times${withWhom(facts, nearest)} are:`;
    return offering(state, goal, nearest, facts, [...say, lead]);
  }
  if (offers.length === 0) return nothingFree(state, goal, facts, say);
  const first = offers[0];
  if (first && decisive && (goal.earliest || isExactTime(goal) || offers.length === 1)) {
    const lead = goal.earliest ? ["The earliest free time is:"] : [];
    return secure(state, goal, first, [], facts, [...say, ...lead]);
  }
  const lead = goal.browsing
    ? `Here's what's free${describeGoal(facts, goal) ? ` ${describeGoal(facts, goal)}` : ""}:`
    : `These times are free${withWhom(facts, offers.slice(0, MAX_OFFERS))}:`;
  return offering(state, goal, offers, facts, [...say, lead]);
}

function holdingQuestion(facts: Facts, mode: Extract<Mode, { kind: "holding" }>): string {
  const minutes = minutesLeft(facts, mode.expiresAt);
  const keep = `I'm holding it for you for ${minutes} minute${minutes === 1 ? "" : "s"}`;
  if (mode.goal.move) {
    return `I can move your ${describeAppointment(facts, mode.goal.move)} to ${when(facts, mode.offer.dentistId, mode.offer.startsAt)}. ${keep} — shall I move it?`;
  }
  return `I can book ${describeOffer(facts, mode.offer)}. ${keep} — shall I book it?`;
}

export function reaskHolding(
  state: DialogueState,
  mode: Extract<Mode, { kind: "holding" }>,
  facts: Facts,
  lead?: string,
): Step {
  return to(state, mode, [...(lead ? [lead] : []), holdingQuestion(facts, mode)]);
}

export function afterHold(
  state: DialogueState,
  mode: Extract<Mode, { kind: "securing" }>,
  result: ActionResult,
  facts: Facts,
): Step {
  if (result.kind === "held") {
    const holding: Extract<Mode, { kind: "holding" }> = {
      kind: "holding",
      goal: mode.goal,
      offer: mode.offer,
      reservationId: result.reservationId,
      expiresAt: result.expiresAt,
      options: mode.options,
    };
    return to(state, holding, [holdingQuestion(facts, holding)]);
  }
  if (result.kind === "failed" && result.reason === "taken") {
    return search(state, mode.goal, facts, [], mode.offer);
  }
  return failed(state, result);
}

export function book(state: DialogueState, mode: Extract<Mode, { kind: "holding" }>): Step {
  const next: Mode = {
    kind: "booking",
    goal: mode.goal,
    offer: mode.offer,
    reservationId: mode.reservationId,
    options: mode.options,
  };
  const typeId = mode.offer.typeId ?? mode.goal.typeId ?? "";
  return to(
    state,
    next,
    [],
    mode.goal.move
      ? {
          kind: "move",
          appointment: mode.goal.move,
          offer: mode.offer,
          reservationId: mode.reservationId,
        }
      : { kind: "book", offer: { ...mode.offer, typeId }, reservationId: mode.reservationId },
  );
}

export function afterBooking(
  state: DialogueState,
  mode: Extract<Mode, { kind: "booking" }>,
  result: ActionResult,
  facts: Facts,
): Step {
  const giveBack = [{ kind: "release" as const, reservationId: mode.reservationId }];
  const idle: Mode = { kind: "idle" };
  switch (result.kind) {
    case "booked": {
      const status =
        result.appointment.status === "pending" ? " The clinic will confirm it shortly." : "";
      return to(state, idle, [
        `Done! Your ${describeAppointment(facts, result.appointment)} is booked.${status}`,
      ]);
    }
    case "moved":
      // A move does not use up the hold the way a booking does; give it back.
      return to(
        state,
        idle,
        [`Done! Your ${describeAppointment(facts, result.appointment)} is now booked.`],
        undefined,
        giveBack,
      );
    case "failed":
      if (result.reason === "taken") {
        return withRelease(
          search(state, mode.goal, facts, [], mode.offer),
          mode.goal.move ? giveBack : [],
        );
      }
      if (result.reason === "window" && mode.goal.move) {
        const what = describeAppointment(facts, mode.goal.move);
        return to(
          state,
          idle,
          [`Sorry, your ${what} starts too soon to be moved here. Please call the clinic.`],
          undefined,
          giveBack,
        );
      }
      return to(state, idle, [`Sorry, that didn't work: ${result.message}`], undefined, giveBack);
    default:
      return failed(state, result);
  }
}

function withRelease(step: Step, effects: Step["effects"]): Step {
  return effects.length > 0 ? { ...step, effects: [...effects, ...step.effects] } : step;
}

export function failed(state: DialogueState, result: ActionResult): Step {
  const message =
    result.kind === "failed"
      ? result.reason === "limit"
        ? `Sorry, ${result.message.charAt(0).toLowerCase()}${result.message.slice(1)}. Please book or give back a held time first.`
        : `Sorry, something went wrong on my side (${result.message}). Please try again.`
      : "Sorry, something went wrong on my side. Please try again.";
  return to(state, { kind: "idle" }, [message]);
}

/** Someone else took a slot: drop it from the options shown, and say so. */
export function onSlotTaken(
  state: DialogueState,
  taken: { dentistId: string; startsAt: string; endsAt: string },
  facts: Facts,
): Step {
  const mode = state.mode;
  if (mode.kind !== "offering") return to(state, mode, []);
  const clashes = (o: Offer) =>
    o.dentistId === taken.dentistId && o.startsAt < taken.endsAt && taken.startsAt < o.endsAt;
  const gone = mode.offers.filter(clashes);
  if (gone.length === 0) return to(state, mode, []);
  const left = mode.offers.filter((o) => !clashes(o));
  const times = gone.map((o) => when(facts, o.dentistId, o.startsAt));
  const lead = `Sorry, ${formatList(times)} ${times.length === 1 ? "has" : "have"} just been taken by someone else.`;
  if (left.length === 0) {
    const question = askDate(mode.goal, lead);
    return to(state, question.mode, question.say);
  }
  return offering(state, mode.goal, left, facts, [lead, "Still free:"]);
}
