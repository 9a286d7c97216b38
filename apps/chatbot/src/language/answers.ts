import { readChoice } from "./choices.ts";
import { type Env, type Extraction, extract, hasValues } from "./extract.ts";
import { switchesTopic } from "./intents.ts";
import { CANCEL_ALONE, NO, YES } from "./keywords.ts";
import { referenceFrom } from "./references.ts";
import type { ExpectedSlot, Intent } from "./types.ts";

// Short replies read against what the bot just asked: "2" picks an option, "Friday" answers
// "which day?", "Lee" answers "which dentist?". Returns undefined when the reply is not an
// answer, so the message is then read on its own.

function provide(slot: ExpectedSlot, ex: Extraction): Intent {
  return { kind: "provide", slot, values: ex.values };
}

function answerConfirm(text: string, ex: Extraction, env: Env): Intent | undefined {
  if (YES.test(text)) return { kind: "confirm", values: ex.values };
  if (CANCEL_ALONE.test(text)) return { kind: "decline", values: ex.values };
  const switched = switchesTopic(text, ex, env);
  if (switched) return switched;
  if (NO.test(text)) return { kind: "decline", values: ex.values };
  return hasValues(ex.values) ? provide("confirm", ex) : undefined;
}

function answerChoice(text: string, ex: Extraction, count: number): Intent | undefined {
  const index = readChoice(text, count);
  if (index !== undefined) return { kind: "choose", index, inRange: index >= 1 && index <= count };
  if (NO.test(text)) return { kind: "decline", values: ex.values };
  if (hasValues(ex.values)) return provide("choice", ex);
  if (YES.test(text)) return { kind: "confirm", values: ex.values };
  return undefined;
}

function answerAppointment(
  text: string,
  ex: Extraction,
  count: number | undefined,
): Intent | undefined {
  // A bare "the 2nd" here is a position in the list just shown, not the 2nd of the month.
  const ordinal = readChoice(text, count ?? 0, true);
  if (ordinal !== undefined && ordinal > 0) {
    return { kind: "provide", slot: "appointment", values: {}, reference: { ordinal } };
  }
  const reference = referenceFrom(text, ex.values, count, true);
  if (Object.keys(reference).length > 0) {
    return { kind: "provide", slot: "appointment", values: ex.values, reference };
  }
  return NO.test(text) ? { kind: "decline", values: ex.values } : undefined;
}

/** Dentists and types are often offered as a numbered list, so a number picks from it. */
function answerPick(
  slot: "dentist" | "type",
  text: string,
  ex: Extraction,
  count: number,
): Intent | undefined {
  if (ex.values[slot]) return provide(slot, ex);
  const index = readChoice(text, count);
  if (index !== undefined) return { kind: "choose", index, inRange: index >= 1 && index <= count };
  if (NO.test(text)) return { kind: "decline", values: ex.values };
  return hasValues(ex.values) ? provide(slot, ex) : undefined;
}

export function answerInContext(
  text: string,
  expecting: ExpectedSlot,
  env: Env,
): Intent | undefined {
  const ex = extract(text, env, expecting);
  if (expecting === "confirm") return answerConfirm(text, ex, env);
  const switched = switchesTopic(text, ex, env);
  if (switched) return switched;
  const ctx = env.ctx;
  switch (expecting) {
    case "choice":
      return answerChoice(text, ex, ctx.choiceCount ?? 3);
    case "appointment":
      return answerAppointment(text, ex, ctx.choiceCount);
    case "dentist":
      return answerPick("dentist", text, ex, ctx.choiceCount ?? ctx.dentists.length);
    case "type":
      return answerPick("type", text, ex, ctx.choiceCount ?? ctx.appointmentTypes.length);
    case "date":
    case "time":
      if (hasValues(ex.values)) return provide(expecting, ex);
      return NO.test(text) ? { kind: "decline", values: ex.values } : undefined;
  }
}
