import type { Assistant, Outcome, SavedState, Turn } from "../assistant.ts";
import type { Catalog } from "../catalog.ts";
import type { Facts } from "../dialogue/types.ts";
import type { LlmSettings } from "../env.ts";
import { describeSlot } from "../language/index.ts";
import { type ChatMessage, complete } from "./protocol.ts";
import { runTool, TOOL_DEFINITIONS } from "./tools.ts";

// The language layer backed by an OpenAI-compatible model with tool calling. The model reads
// the conversation and decides which typed procedure to call; the worker calls it as the
// patient and hands back the result, until the model answers in words. The transcript (tool
// results included, so a hold's id survives to the "yes") is the saved state.

const MAX_ROUNDS = 6;
const KEEP_MESSAGES = 30;
const MAX_STATE_CHARS = 28_000;
const FALLBACK = "Sorry, I couldn't work that out. Could you say it another way?";

function systemPrompt(facts: Facts): string {
  const dentists = facts.dentists.map(
    (d) => `- ${d.name} (${d.specialty}, ${d.timeZone}) id ${d.id}`,
  );
  const types = facts.types.map((t) => `- ${t.name}, ${t.durationMinutes} min, id ${t.id}`);
  return [
    "You are the booking assistant of a dental clinic, talking to one signed-in patient.",
    `Now is ${facts.now.toISOString()} (${describeSlot(facts.now.toISOString(), facts.timeZone)} in ${facts.timeZone}).`,
    "Act only through the tools. Offer at most three concrete times. Before booking, hold the",
    "chosen slot with reservations_hold and ask the patient to confirm; book with",
    "appointments_create (with the reservationId) only after an explicit yes. If they decline or",
    "choose another time, release the hold. Confirm before cancelling. Keep answers short.",
    "Dentists:",
    ...dentists,
    "Treatments:",
    ...types,
  ].join("\n");
}

function transcriptOf(state: SavedState): ChatMessage[] {
  const saved = (state as { llm?: { messages?: unknown } }).llm?.messages;
  return Array.isArray(saved) ? (saved as ChatMessage[]) : [];
}

/** The newest messages that fit, starting at a patient message so no tool result is orphaned. */
function trim(messages: ChatMessage[]): ChatMessage[] {
  let kept = messages.slice(-KEEP_MESSAGES);
  while (
    kept.length > 0 &&
    (kept[0]?.role !== "user" || JSON.stringify(kept).length > MAX_STATE_CHARS)
  ) {
    kept = kept.slice(1);
  }
  return kept;
}

export class LlmAssistant implements Assistant {
  constructor(
    private readonly settings: LlmSettings,
    private readonly catalog: Catalog,
  ) {}

  async respond(turn: Turn): Promise<Outcome> {
    const facts = await this.catalog.facts(turn.api, turn.now);
    const history: ChatMessage[] = [
      ...transcriptOf(turn.state),
      { role: "user", content: turn.text },
    ];
    let text = FALLBACK;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const reply = await complete(
        this.settings,
        [{ role: "system", content: systemPrompt(facts) }, ...history],
        TOOL_DEFINITIONS,
      );
      history.push(reply);
      if (!reply.tool_calls) {
        text = reply.content?.trim() || FALLBACK;
        break;
      }
      for (const call of reply.tool_calls) {
        const content = await runTool(turn.api, call.function.name, call.function.arguments);
        history.push({ role: "tool", tool_call_id: call.id, content });
      }
    }
    const state = { llm: { messages: trim(history) } };
    return { text, state: JSON.parse(JSON.stringify(state)) as SavedState };
  }
}
