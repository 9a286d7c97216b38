import { closest } from "./fuzzy.ts";
import { COMMON_WORDS, NOT_A_NAME, nameTokens } from "./name-words.ts";
import { matchSpecialty } from "./specialties.ts";
import { blank, titleCase } from "./text.ts";
import type { Dentist, DentistEntity } from "./types.ts";

// Dentists are found by title + name ("Dr Lee", "doctor lee"), by a name part on its own
// ("Lee", "Sarah Lee"), by specialty ("an orthodontist"), or as "no preference".

const TITLED = /\b(?:dr|doctor|doc)\.? ([a-z][a-z'-]*)(?: ([a-z][a-z'-]*))?/g;
const ANY = /\b(?:any (?:dentist|doctor)|anyone|anybody|no preference|whoever)\b/;
const ANY_ANSWER =
  /^(?:any|either|either one|any of them|anyone is fine|i don'?t mind|don'?t mind|doesn'?t matter|it doesn'?t matter|don'?t care|not fussed|no preference|whoever|whoever is free|whichever)$/;
const FILLER = new Set(
  "i i'd id want would like prefer with please the one dr doctor to see rather maybe how about what see can have".split(
    " ",
  ),
);

const QUESTION_WORDS = new Set(
  "what who which when where why how dentist dentists doctor doctors list show".split(" "),
);

interface Indexed {
  dentist: Dentist;
  tokens: string[];
  surname: string;
}

function withAll(index: readonly Indexed[], query: readonly string[]): Dentist[] {
  return index.filter((i) => query.every((q) => i.tokens.includes(q))).map((i) => i.dentist);
}

function suggestionsFor(query: string, index: readonly Indexed[]): Dentist[] {
  return closest(query, index, (i) => [...i.tokens, i.tokens.join(" ")]).map((i) => i.dentist);
}

interface Found {
  dentists: Dentist[];
  texts: string[];
  unknown?: string;
}

function titled(text: string, index: readonly Indexed[], found: Found): string {
  let rest = text;
  for (const m of text.matchAll(TITLED)) {
    const [whole, first = "", second] = m;
    if (NOT_A_NAME.has(first)) continue;
    const both = second && !NOT_A_NAME.has(second) ? [first, second] : undefined;
    const pair = both ? withAll(index, both) : [];
    const used =
      pair.length > 0 ? whole : whole.slice(0, whole.length - (second ? second.length + 1 : 0));
    const matches = pair.length > 0 ? pair : withAll(index, [first]);
    if (matches.length > 0) found.dentists.push(...matches);
    else found.unknown ??= (both ?? [first]).join(" ");
    found.texts.push(used);
    rest = blank(rest, m.index, m.index + used.length);
  }
  return rest;
}

/**
 * Untitled names: a full name, or a surname on its own. A lone first name is not taken, since
 * patients introduce themselves ("I'm Sarah") far more often than they call a dentist that,
 * unless the message answers "which dentist?".
 */
function untitled(text: string, index: readonly Indexed[], found: Found, answer: boolean): void {
  const known = new Set(index.flatMap((i) => i.tokens));
  const runs: string[][] = [];
  let run: string[] = [];
  let lastEnd = -1;
  for (const m of text.matchAll(/[a-z][a-z'-]*/g)) {
    const word = m[0];
    const usable = known.has(word) && word.length >= 3;
    const adjacent = /^[\s,]*$/.test(text.slice(lastEnd, m.index));
    if (!usable || !adjacent) {
      if (run.length > 0) runs.push(run);
      run = [];
    }
    if (usable) run.push(word);
    lastEnd = m.index + word.length;
  }
  if (run.length > 0) runs.push(run);
  for (const words of runs) {
    const together = words.length > 1 ? withAll(index, words) : [];
    if (together.length > 0) {
      found.dentists.push(...together);
      found.texts.push(words.join(" "));
      continue;
    }
    for (const word of words) {
      // A lone everyday word ("will", "may") is only a name with the rest of the name.
      if (COMMON_WORDS.has(word)) continue;
      const matches = index.filter((i) => (answer ? i.tokens.includes(word) : i.surname === word));
      if (matches.length === 0) continue;
      found.dentists.push(...matches.map((i) => i.dentist));
      found.texts.push(word);
    }
  }
}

function fromFound(found: Found, index: readonly Indexed[]): DentistEntity | undefined {
  const unique = [...new Set(found.dentists)];
  const text = found.texts.join(" ");
  const [only] = unique;
  if (unique.length === 1 && only) return { match: "one", dentist: only, text };
  if (unique.length > 1) return { match: "ambiguous", ambiguous: unique, text };
  if (found.unknown) {
    return {
      match: "unknown",
      unknown: titleCase(found.unknown),
      suggestions: suggestionsFor(found.unknown, index),
    };
  }
  return undefined;
}

/**
 * The dentist a message talks about. With `answer` set the whole message is a reply to
 * "which dentist?", so a lone unfamiliar word is reported as an unknown name.
 */
export function matchDentist(
  text: string,
  dentists: readonly Dentist[],
  answer = false,
): DentistEntity | undefined {
  const index = dentists.map((dentist) => {
    const tokens = nameTokens(dentist.name);
    return { dentist, tokens, surname: tokens[tokens.length - 1] ?? "" };
  });
  const found: Found = { dentists: [], texts: [] };
  const rest = titled(text, index, found);
  untitled(rest, index, found, answer);
  const byName = fromFound(found, index);
  if (byName) return byName;

  const specialty = matchSpecialty(text, dentists);
  if (specialty) {
    const [only] = specialty.dentists;
    const label = only?.specialty;
    if (specialty.dentists.length === 1 && only) {
      return {
        match: "one",
        dentist: only,
        text: specialty.text,
        ...(label ? { specialty: label } : {}),
      };
    }
    if (specialty.dentists.length > 1) {
      return {
        match: "ambiguous",
        ambiguous: specialty.dentists,
        text: specialty.text,
        specialty: label ?? "",
      };
    }
    return { match: "unknown", unknown: specialty.text, suggestions: [] };
  }

  const trimmed = text.trim().replace(/[.!?]+$/, "");
  const any = answer ? (ANY_ANSWER.exec(trimmed) ?? ANY.exec(text)) : ANY.exec(text);
  if (any) return { match: "any", text: any[0] };

  if (answer) {
    const words = trimmed.split(/\s+/).filter((w) => w.length > 0 && !FILLER.has(w));
    const nameLike = (w: string): boolean =>
      /^[a-z][a-z'-]*$/.test(w) && !NOT_A_NAME.has(w) && !QUESTION_WORDS.has(w);
    if (words.length >= 1 && words.length <= 3 && words.every(nameLike)) {
      const unknown = words.join(" ");
      return {
        match: "unknown",
        unknown: titleCase(unknown),
        suggestions: suggestionsFor(unknown, index),
      };
    }
  }
  return undefined;
}
