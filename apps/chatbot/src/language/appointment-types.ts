import { closest, editDistance } from "./fuzzy.ts";
import type { AppointmentType, TypeEntity } from "./types.ts";

// Appointment types are matched on their name, their code, and on the everyday words patients
// use for the same visit. A clinic's type belongs to a concept when its own name or code
// contains one of that concept's words, so no per-clinic configuration is needed.

const CONCEPTS: readonly (readonly string[])[] = [
  [
    "checkup",
    "check up",
    "exam",
    "examination",
    "dental exam",
    "routine visit",
    "routine appointment",
    "routine check",
    "six month",
    "6 month",
  ],
  [
    "cleaning",
    "clean",
    "hygiene",
    "hygienist",
    "scale and polish",
    "scale polish",
    "scaling",
    "polish",
    "teeth cleaned",
    "descale",
  ],
  ["filling", "cavity", "cavities", "decay", "hole in my tooth", "lost a filling"],
  ["root canal", "root treatment", "endodontic", "rct"],
  [
    "emergency",
    "toothache",
    "tooth ache",
    "pain",
    "painful",
    "hurts",
    "hurting",
    "urgent",
    "urgently",
    "broken tooth",
    "chipped",
    "cracked",
    "swelling",
    "swollen",
    "abscess",
  ],
  ["extraction", "extract", "pulled", "pull out", "removal", "wisdom tooth"],
  ["whitening", "whiten", "bleaching"],
  ["consultation", "consult", "assessment", "new patient"],
  ["crown", "crowns"],
  ["implant", "implants"],
  ["braces", "invisalign", "aligners", "orthodontic"],
];

/** Lower-case words separated by single spaces, so phrases compare by whole words. */
export function matchable(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9']+/g, " ")
    .trim();
}

function contains(haystack: string, phrase: string): boolean {
  if (phrase.length === 0) return false;
  const padded = ` ${haystack} `;
  return padded.includes(` ${phrase} `) || padded.includes(` ${phrase}s `);
}

function labels(type: AppointmentType): string[] {
  const code = matchable(type.code);
  return [matchable(type.name), ...(code.length >= 3 ? [code] : [])];
}

function conceptsOf(text: string): (readonly string[])[] {
  return CONCEPTS.filter((words) => words.some((w) => contains(text, w)));
}

function conceptWord(text: string): string | undefined {
  for (const words of CONCEPTS) {
    const hit = words.find((w) => contains(text, w));
    if (hit) return hit;
  }
  return undefined;
}

/** "cleening" → "cleaning": one slip is forgiven in a longer word when nothing matched exactly. */
function typoConcept(text: string): (readonly string[])[] {
  const said = text.split(" ").filter((w) => w.length >= 6);
  return CONCEPTS.filter((words) =>
    words.some(
      (w) => w.length >= 6 && !w.includes(" ") && said.some((s) => editDistance(s, w) === 1),
    ),
  );
}

function entity(types: AppointmentType[], text: string): TypeEntity | undefined {
  const [only] = types;
  if (types.length === 1 && only) return { match: "one", type: only, text };
  if (types.length > 1) return { match: "ambiguous", ambiguous: types, text };
  return undefined;
}

function suggestionsFor(query: string, types: readonly AppointmentType[]): AppointmentType[] {
  return closest(query, types, labels);
}

/**
 * The appointment type a message talks about. With `answer` set the whole message replies to
 * "what kind of appointment?", so unrecognised words are reported as an unknown type.
 */
export function matchType(
  message: string,
  types: readonly AppointmentType[],
  answer = false,
): TypeEntity | undefined {
  const text = matchable(message);
  if (text.length === 0) return undefined;

  // Longest names first, so "deep cleaning" beats "cleaning" when the patient said the former.
  const byName = types
    .filter((t) => labels(t).some((l) => contains(text, l)))
    .filter((t, _, all) => {
      const name = matchable(t.name);
      return !all.some(
        (o) => o !== t && matchable(o.name).includes(name) && contains(text, matchable(o.name)),
      );
    });
  if (byName.length > 0) {
    const said = byName.map((t) => labels(t).find((l) => contains(text, l)) ?? t.name);
    return entity(byName, [...new Set(said)].join(" "));
  }

  const concepts = conceptsOf(text);
  const mentioned = concepts.length > 0 ? concepts : typoConcept(text);
  if (mentioned.length > 0) {
    const offered = types.filter((t) =>
      labels(t).some((l) => mentioned.some((c) => c.some((w) => contains(l, w)))),
    );
    const word = conceptWord(text) ?? mentioned[0]?.[0] ?? text;
    return (
      entity(offered, word) ?? {
        match: "unknown",
        unknown: word,
        suggestions: suggestionsFor(word, types),
      }
    );
  }

  if (answer)
    return { match: "unknown", unknown: message.trim(), suggestions: suggestionsFor(text, types) };
  return undefined;
}
