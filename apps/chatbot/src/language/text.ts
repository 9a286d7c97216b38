// Shared text helpers. Every extractor works on the normalised text and blanks out what it
// consumed (same length, spaces) so later extractors cannot read the same words twice.

export function normalize(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}

export function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + " ".repeat(end - start) + text.slice(end);
}

/** Keeps only [start, end) of the text, blanking the rest so positions stay comparable. */
export function keepOnly(text: string, start: number, end: number): string {
  return " ".repeat(start) + text.slice(start, end) + " ".repeat(Math.max(0, text.length - end));
}

export interface Span {
  start: number;
  end: number;
  text: string;
}

/** All matches of a global regex, blanking each one out of the returned text. */
export function takeAll(
  text: string,
  pattern: RegExp,
): { matches: RegExpExecArray[]; rest: string } {
  const flags = pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`;
  const re = new RegExp(pattern.source, flags);
  const matches = [...text.matchAll(re)];
  let rest = text;
  for (const m of matches) rest = blank(rest, m.index, m.index + m[0].length);
  return { matches, rest };
}

export function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};

export const ORDINAL_WORDS: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
};

export const NUMBER_WORD_PATTERN = Object.keys(NUMBER_WORDS).join("|");
export const ORDINAL_WORD_PATTERN = Object.keys(ORDINAL_WORDS).join("|");

/** "3", "three" → 3. */
export function readNumber(token: string): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  return NUMBER_WORDS[token];
}

/** "2nd", "second", "2" → 2. */
export function readOrdinal(token: string): number | undefined {
  const digits = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(token);
  if (digits) return Number(digits[1]);
  return ORDINAL_WORDS[token] ?? NUMBER_WORDS[token];
}

export function titleCase(text: string): string {
  return text.replace(/\b[a-z]/g, (c) => c.toUpperCase());
}
