import { answerInContext } from "./answers.ts";
import { dateContext } from "./dates.ts";
import { envFor, extract } from "./extract.ts";
import { classify } from "./intents.ts";
import { suggestionsFor } from "./suggestions.ts";
import { normalize } from "./text.ts";
import { DEFAULT_WORKING_HOURS } from "./times.ts";
import type { Intent, ParseContext } from "./types.ts";

/**
 * Reads one patient message. Pure and offline: the same text and context always give the same
 * intent. Throws a RangeError for an unknown IANA zone or an invalid `now`.
 */
export function parseMessage(text: string, ctx: ParseContext): Intent {
  const env = envFor(
    ctx,
    dateContext(ctx.now, ctx.timeZone),
    ctx.workingHours ?? DEFAULT_WORKING_HOURS,
  );
  const normalized = normalize(text);
  if (normalized.length === 0) return { kind: "unknown", suggestions: suggestionsFor(ctx) };
  if (ctx.expecting) {
    const answer = answerInContext(normalized, ctx.expecting, env);
    if (answer) return answer;
  }
  return classify(normalized, extract(normalized, env), env);
}
