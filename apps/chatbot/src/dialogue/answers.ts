import type { Intent, SlotValues } from "../language/index.ts";
import { book, offering, reaskHolding, search, secure } from "./booking.ts";
import { dentistChoices, offerList, typeChoices } from "./describe.ts";
import { askDate, askType, mergeValues } from "./goal.ts";
import { releaseHeld, to, withEffects } from "./state.ts";
import type { DialogueState, Facts, Goal, Mode, Offer, Step } from "./types.ts";

// Replies to what the assistant just asked: a number from a list, "yes", "no", or a detail
// ("make it 11", "Friday instead"). Returns undefined for anything else, which is then read
// as a request of its own.

type Of<K extends Mode["kind"]> = Extract<Mode, { kind: K }>;

function hasValues(values: SlotValues): boolean {
  return Object.keys(values).length > 0;
}

/** Folds details into the goal and carries on: a question if one is needed, else a search. */
export function refine(
  state: DialogueState,
  goal: Goal,
  values: SlotValues,
  facts: Facts,
  say: string[] = [],
): Step {
  const merged = mergeValues(goal, values, facts);
  if (!merged.ok) return to(state, merged.problem.mode, [...say, ...merged.problem.say]);
  return search(state, merged.goal, facts, say);
}

function pickOutOfRange(state: DialogueState, count: number): Step {
  return to(state, state.mode, [`Please pick a number from 1 to ${count}.`]);
}

function onOffering(
  state: DialogueState,
  mode: Of<"offering">,
  intent: Intent,
  facts: Facts,
): Step | undefined {
  const count = mode.offers.length;
  switch (intent.kind) {
    case "choose": {
      const offer = mode.offers[intent.index - 1];
      if (!intent.inRange || !offer) return pickOutOfRange(state, count);
      return secure(state, mode.goal, offer, mode.offers, facts);
    }
    case "confirm": {
      const [only] = mode.offers;
      if (count === 1 && only) return secure(state, mode.goal, only, mode.offers, facts);
      return to(state, mode, [`Which one would you like? Say a number from 1 to ${count}.`]);
    }
    case "decline":
      if (hasValues(intent.values)) return refine(state, mode.goal, intent.values, facts);
      return askDateStep(state, mode.goal, "No problem.");
    case "provide":
      return refine(state, mode.goal, intent.values, facts);
    case "unknown":
      return to(state, mode, [
        "Sorry, I didn't catch that. Which of these would you like?",
        offerList(facts, mode.offers),
      ]);
    default:
      return undefined;
  }
}

function askDateStep(state: DialogueState, goal: Goal, lead: string): Step {
  const question = askDate(goal, lead);
  return to(state, question.mode, question.say);
}

function onHolding(
  state: DialogueState,
  mode: Of<"holding">,
  intent: Intent,
  facts: Facts,
): Step | undefined {
  const release = releaseHeld(state);
  switch (intent.kind) {
    case "confirm":
      if (hasValues(intent.values))
        return withEffects(release, refine(state, mode.goal, intent.values, facts));
      return book(state, mode);
    case "decline": {
      if (hasValues(intent.values))
        return withEffects(release, refine(state, mode.goal, intent.values, facts));
      const others = mode.options.filter(
        (o) => o.startsAt !== mode.offer.startsAt || o.dentistId !== mode.offer.dentistId,
      );
      const lead = "No problem, I've let that time go.";
      if (others.length > 0)
        return withEffects(
          release,
          offering(state, mode.goal, others, facts, [lead, "Would one of these suit you instead?"]),
        );
      return withEffects(release, askDateStep(state, mode.goal, lead));
    }
    case "choose": {
      const offer = mode.options[intent.index - 1];
      if (!intent.inRange || !offer) return pickOutOfRange(state, mode.options.length);
      if (sameSlot(offer, mode.offer))
        return reaskHolding(state, mode, facts, "That's the one I'm holding.");
      return withEffects(release, secure(state, mode.goal, offer, mode.options, facts));
    }
    case "provide":
      return withEffects(release, refine(state, mode.goal, intent.values, facts));
    case "unknown":
      return reaskHolding(state, mode, facts, "Sorry, I didn't catch that.");
    default:
      return undefined;
  }
}

function sameSlot(a: Offer, b: Offer): boolean {
  return a.dentistId === b.dentistId && a.startsAt === b.startsAt;
}

/** The value a numbered answer stands for, as the slot's details. */
function chosenValues(mode: Of<"asking">, choice: string, goal: Goal): Goal {
  switch (mode.slot) {
    case "dentist":
      return { ...goal, dentistId: choice };
    case "type":
      return { ...goal, typeId: choice };
    case "date": {
      const { earliest: _, ...rest } = goal;
      return { ...rest, dateFrom: choice, dateTo: choice };
    }
    case "time":
      return { ...goal, timeFrom: Number(choice), timeTo: Number(choice) };
  }
}

function carryOn(state: DialogueState, mode: Of<"asking">, goal: Goal, facts: Facts): Step {
  if (mode.chosen && (goal.typeId || goal.move)) return secure(state, goal, mode.chosen, [], facts);
  return search(state, goal, facts);
}

export function reask(state: DialogueState, mode: Of<"asking">, facts: Facts, lead: string): Step {
  const choices = mode.choices ?? [];
  switch (mode.slot) {
    case "type":
      return to(state, mode, [
        lead,
        "What is the appointment for?",
        typeChoices(facts, choices.length > 0 ? choices : facts.types.map((t) => t.id)),
      ]);
    case "dentist":
      return to(state, mode, [
        lead,
        "Which dentist would you like?",
        dentistChoices(facts, choices),
        "Or say “any dentist”.",
      ]);
    case "date":
      return to(state, mode, [lead, ...askDate(mode.goal).say]);
    case "time":
      return to(state, mode, [
        lead,
        "What time would suit you? For example “10am” or “in the afternoon”.",
      ]);
  }
}

function onAsking(
  state: DialogueState,
  mode: Of<"asking">,
  intent: Intent,
  facts: Facts,
): Step | undefined {
  const choices = mode.choices ?? [];
  switch (intent.kind) {
    case "choose": {
      const choice = choices[intent.index - 1];
      if (choices.length === 0) return reask(state, mode, facts, "Sorry, I didn't catch that.");
      if (!intent.inRange || choice === undefined) return pickOutOfRange(state, choices.length);
      return carryOn(state, mode, chosenValues(mode, choice, mode.goal), facts);
    }
    case "provide": {
      const merged = mergeValues(mode.goal, intent.values, facts);
      if (!merged.ok) {
        const next =
          merged.problem.mode.kind === "asking" && mode.chosen
            ? { ...merged.problem.mode, chosen: mode.chosen }
            : merged.problem.mode;
        return to(state, next, merged.problem.say);
      }
      return carryOn(state, mode, merged.goal, facts);
    }
    case "confirm": {
      const [only] = choices;
      if (choices.length === 1 && only !== undefined)
        return carryOn(state, mode, chosenValues(mode, only, mode.goal), facts);
      return reask(state, mode, facts, "Sorry, which one?");
    }
    case "decline":
      if (hasValues(intent.values)) return refine(state, mode.goal, intent.values, facts);
      return to(state, { kind: "idle" }, ["Okay, no problem. Is there anything else I can do?"]);
    case "unknown":
      return reask(state, mode, facts, "Sorry, I didn't catch that.");
    default:
      return undefined;
  }
}

/** The answer to the question the current mode asked, if the intent is one. */
export function answer(state: DialogueState, intent: Intent, facts: Facts): Step | undefined {
  const mode = state.mode;
  switch (mode.kind) {
    case "offering":
      return onOffering(state, mode, intent, facts);
    case "holding":
      return onHolding(state, mode, intent, facts);
    case "asking":
      return onAsking(state, mode, intent, facts);
    default:
      return undefined;
  }
}

export { askType };
