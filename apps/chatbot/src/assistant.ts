import type { RouterInputs } from "@dentalcare/api";
import { performer } from "./actions.ts";
import type { Catalog } from "./catalog.ts";
import type { Api } from "./clients.ts";
import { runTurn, understand } from "./dialogue/run.ts";
import { restoreState } from "./dialogue/state.ts";
import type { DialogueState, Offer } from "./dialogue/types.ts";
import type { SlotCache } from "./slot-cache.ts";

// The pluggable language layer: something that takes the patient's message and the saved
// conversation state and answers, acting only through the patient's typed client. The
// deterministic dialogue is the default; an OpenAI-compatible model can stand in (llm/).

/** The dialogue state as the server keeps it: a JSON object. */
export type SavedState = RouterInputs["chat"]["reply"]["state"];

export interface Turn {
  text: string;
  state: SavedState;
  /** Typed procedures, called with the patient's own (short-lived) token. */
  api: Api;
  patientId: string;
  now: Date;
}

export interface Outcome {
  text: string;
  state: SavedState;
}

export interface SlotTaken {
  dentistId: string;
  startsAt: string;
  endsAt: string;
}

export interface Assistant {
  respond(turn: Turn): Promise<Outcome>;
  /** The slots a saved state has on offer, so the worker can watch them being taken. */
  offered?(state: SavedState): Offer[];
  /** A slot was taken by someone else: what to tell the patient, if anything. */
  notice?(state: SavedState, taken: SlotTaken, now: Date): Promise<Outcome | undefined>;
}

function saved(state: DialogueState): SavedState {
  return JSON.parse(JSON.stringify(state)) as SavedState;
}

export class DialogueAssistant implements Assistant {
  constructor(
    private readonly catalog: Catalog,
    private readonly cache: SlotCache,
  ) {}

  async respond(turn: Turn): Promise<Outcome> {
    const facts = await this.catalog.facts(turn.api, turn.now);
    const state = restoreState(turn.state);
    const intent = understand(turn.text, state, facts);
    const perform = performer({
      api: turn.api,
      cache: this.cache,
      patientId: turn.patientId,
      facts,
    });
    const result = await runTurn(state, { kind: "message", intent }, facts, perform);
    return { text: result.say.join("\n"), state: saved(result.state) };
  }

  offered(state: SavedState): Offer[] {
    const mode = restoreState(state).mode;
    return mode.kind === "offering" ? mode.offers : [];
  }

  async notice(state: SavedState, taken: SlotTaken, now: Date): Promise<Outcome | undefined> {
    const facts = this.catalog.cached(now);
    if (!facts) return undefined;
    // A notice only ever rearranges what is on offer; it never needs to call the server.
    const result = await runTurn(
      restoreState(state),
      { kind: "slotTaken", ...taken },
      facts,
      async () => ({
        kind: "failed",
        reason: "other",
        message: "not available while noticing",
      }),
    );
    return result.say.length > 0
      ? { text: result.say.join("\n"), state: saved(result.state) }
      : undefined;
  }
}
