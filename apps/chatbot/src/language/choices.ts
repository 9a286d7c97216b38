import { NUMBER_WORD_PATTERN, ORDINAL_WORD_PATTERN, readOrdinal } from "./text.ts";
import type { AppointmentRef } from "./types.ts";

// Positions in a list the bot showed ("2", "the second one", "option 3") and references to
// the patient's own appointments ("my next appointment", "the first one").

const POSITION = `(\\d{1,2}(?:st|nd|rd|th)?|${ORDINAL_WORD_PATTERN}|${NUMBER_WORD_PATTERN}|last)`;
const LEAD =
  "^(?:(?:ok|okay|yes|yeah|sure|um|uh|hmm|erm|i'?ll take|i'?ll go with|go with|let'?s do|take)[,!.]?\\s+)*";
const TAIL =
  "(?:\\s+(?:one|option|slot|choice|time|appointment|please|pls|thanks|thank you)\\b)*[.!]*$";

const WHOLE = [
  new RegExp(`${LEAD}(?:option|number|no\\.?|slot|choice|#)\\s*${POSITION}${TAIL}`),
  new RegExp(`${LEAD}(?:the\\s+)?${POSITION}${TAIL}`),
];
const EMBEDDED = [
  new RegExp(`(?:\\b(?:option|number|slot|choice)\\s+|#\\s*)(\\d{1,2}|${NUMBER_WORD_PATTERN})\\b`),
  new RegExp(`\\bthe\\s+${POSITION}\\s+(?:one|option|slot|choice|time)\\b`),
  new RegExp(`\\b(?:take|go with|pick|choose|prefer)\\s+(?:the\\s+)?${POSITION}\\b`),
];

function position(token: string | undefined, count: number): number | undefined {
  if (token === undefined) return undefined;
  return token === "last" ? count : readOrdinal(token);
}

/**
 * The list position a reply picks, if it picks one. With `wholeOnly` the message must be
 * nothing but the position ("2", "the second one"), not merely mention one.
 */
export function readChoice(text: string, count: number, wholeOnly = false): number | undefined {
  const trimmed = text.trim();
  for (const re of wholeOnly ? WHOLE : [...WHOLE, ...EMBEDDED]) {
    const m = re.exec(trimmed);
    if (m) return position(m[1], count);
  }
  return undefined;
}

const NEXT =
  /\b(?:next|upcoming|soonest|nearest|coming)\s+(?:appointment|booking|visit|one)\b|\bmy next\b|^(?:the\s+)?next(?:\s+one)?[.!]*$/;
const ORDINAL = [
  new RegExp(`\\b(?:the\\s+|my\\s+)?${POSITION}\\s+(?:appointment|booking|visit|one)\\b`),
  /\b(?:appointment|booking)\s+(?:number\s+|no\.?\s*|#\s*)?(\d{1,2})\b/,
  /#\s*(\d{1,2})\b/,
];

/** `count` is how many appointments were listed, when known, so "the last one" resolves. */
export function readReference(
  text: string,
  count?: number,
): Pick<AppointmentRef, "next" | "ordinal"> {
  if (NEXT.test(text)) return { next: true };
  for (const re of ORDINAL) {
    const m = re.exec(text);
    if (!m || (m[1] === "last" && count === undefined)) continue;
    const ordinal = position(m[1], count ?? 0);
    if (ordinal !== undefined) return { ordinal };
  }
  return {};
}
