import { type Intent, parseMessage } from "../language/index.ts";
import { expectationOf, step } from "./machine.ts";
import { to } from "./state.ts";
import type { Action, ActionResult, DialogueInput, DialogueState, Facts } from "./types.ts";

/** Performs one action; failures come back as `{ kind: "failed" }`, never as exceptions. */
export type Perform = (action: Action) => Promise<ActionResult>;

const MAX_ACTIONS_PER_TURN = 8;
const SAVED_MODES = new Set([
  "idle",
  "asking",
  "offering",
  "holding",
  "picking",
  "confirmingCancel",
]);

/** Reads a message in the context of what the assistant last asked. */
export function understand(text: string, state: DialogueState, facts: Facts): Intent {
  const context = {
    now: facts.now,
    timeZone: facts.timeZone,
    dentists: facts.dentists,
    appointmentTypes: facts.types,
  };
  const expectation = expectationOf(state);
  const intent = parseMessage(text, { ...context, ...expectation });
  // A bare number answering a numbered list of dentists or treatments picks from that list,
  // even though it also reads as an unknown name.
  if (
    intent.kind === "provide" &&
    (intent.slot === "dentist" || intent.slot === "type") &&
    intent.values[intent.slot]?.match === "unknown" &&
    expectation.choiceCount !== undefined
  ) {
    const pick = parseMessage(text, {
      ...context,
      expecting: "choice",
      choiceCount: expectation.choiceCount,
    });
    if (pick.kind === "choose") return pick;
  }
  return intent;
}

/**
 * One turn: steps the dialogue, performs what it asks for and feeds the results back until it
 * has nothing left to do. Returns the state to save and everything said along the way.
 */
export async function runTurn(
  state: DialogueState,
  input: DialogueInput,
  facts: Facts,
  perform: Perform,
): Promise<{ state: DialogueState; say: string[] }> {
  let current = step(state, input, facts);
  const say = [...current.say];
  for (let i = 0; ; i++) {
    for (const effect of current.effects) await perform(effect);
    if (!current.action) break;
    if (i >= MAX_ACTIONS_PER_TURN) {
      current = to(current.state, { kind: "idle" }, [
        "Sorry, I got lost there. Could you say that again?",
      ]);
      say.push(...current.say);
      break;
    }
    const result = await perform(current.action);
    current = step(current.state, { kind: "result", result }, facts);
    say.push(...current.say);
  }
  // A turn always ends in a mode that waits for the patient.
  const final = SAVED_MODES.has(current.state.mode.kind)
    ? current.state
    : { ...current.state, mode: { kind: "idle" as const } };
  return { state: final, say };
}
