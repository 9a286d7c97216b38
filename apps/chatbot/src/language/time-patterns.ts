import { NUMBER_WORD_PATTERN, readNumber, takeAll } from "./text.ts";
import type { Clock, TimeMention, TimeValue } from "./time-types.ts";

// Time expressions are read with our own patterns rather than chrono so that am/pm can be
// decided from the clinic's hours ("at 2" is 14:00) and "half past two" is understood.

const H = `(\\d{1,2}|${NUMBER_WORD_PATTERN})`;
const MIN = "(?:[:.](\\d{2}))?";
const MER = "(?:\\s*([ap])\\.?\\s?m\\b\\.?)";
const CLOCK = `${H}${MIN}${MER}?`;
const AT = "(?:(?:at|around|about|approx(?:imately)?)\\s+|@\\s*)?";
// A bare number followed by these is a quantity or a date, not a time.
const NOT_TIME_AFTER =
  "(?!\\s*(?:st|nd|rd|th)\\b|[/:.]?\\d|\\s*(?:days?|weeks?|months?|years?|hours?|hrs?|mins?|minutes?|people|of)\\b)";

function clock(
  hourText: string | undefined,
  minuteText?: string,
  meridiem?: string,
): Clock | undefined {
  const hour = readNumber(hourText ?? "");
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (hour === undefined || minute > 59) return undefined;
  if (meridiem === "a" || meridiem === "p") {
    if (hour < 1 || hour > 12) return undefined;
    return { hour, minute, meridiem: meridiem === "a" ? "am" : "pm", twentyFour: false };
  }
  if (hour > 23) return undefined;
  const twentyFour = hour > 12 || hour === 0 || (hourText ?? "").startsWith("0");
  return { hour, minute, twentyFour };
}

function shifted(c: Clock | undefined, minutes: number): Clock | undefined {
  if (!c) return undefined;
  const total = c.hour * 60 + c.minute + minutes;
  const hour = Math.floor(total / 60);
  return { ...c, hour: hour === 0 ? 12 : hour, minute: total % 60 };
}

type Reader = (m: RegExpExecArray) => TimeValue | undefined;

const at = (c: Clock | undefined): TimeValue | undefined =>
  c ? { kind: "at", clock: c } : undefined;

const PATTERNS: readonly [RegExp, Reader][] = [
  [
    new RegExp(`\\b(?:between|from)\\s+${CLOCK}\\s*(?:and|to|-|until|till)\\s*${CLOCK}`),
    (m) => {
      const from = clock(m[1], m[2], m[3] ?? m[6]);
      const to = clock(m[4], m[5], m[6]);
      return from && to ? { kind: "between", from, to } : undefined;
    },
  ],
  [
    new RegExp(`\\b${H}${MIN}${MER}?\\s*(?:-|to|until|till)\\s*${H}${MIN}${MER}`),
    (m) => {
      const from = clock(m[1], m[2], m[3] ?? m[6]);
      const to = clock(m[4], m[5], m[6]);
      return from && to ? { kind: "between", from, to } : undefined;
    },
  ],
  [
    new RegExp(
      `\\b(after|from|later than|before|by|until|till|no later than|earlier than)\\s+(?:about\\s+|around\\s+)?${CLOCK}${NOT_TIME_AFTER}`,
    ),
    (m) => {
      const c = clock(m[2], m[3], m[4]);
      if (!c) return undefined;
      return /^(after|from|later)/.test(m[1] ?? "")
        ? { kind: "after", clock: c }
        : { kind: "before", clock: c };
    },
  ],
  [
    new RegExp(`${AT}\\b(half|quarter)\\s+past\\s+${H}\\b${MER}?`),
    (m) => at(shifted(clock(m[2], undefined, m[3]), m[1] === "half" ? 30 : 15)),
  ],
  [
    new RegExp(`${AT}\\bquarter\\s+to\\s+${H}\\b${MER}?`),
    (m) => at(shifted(clock(m[1], undefined, m[2]), -15)),
  ],
  // British "half two" means 2:30; only trusted after "at" to avoid "half a day".
  [
    new RegExp(`\\bat\\s+half\\s+${H}\\b${MER}?`),
    (m) => at(shifted(clock(m[1], undefined, m[2]), 30)),
  ],
  [
    new RegExp(`${AT}\\b(\\d{1,2})[:.](\\d{2})${MER}?(?![./:]?\\d)`),
    (m) => at(clock(m[1], m[2], m[3])),
  ],
  [new RegExp(`${AT}\\b${H}${MER}`), (m) => at(clock(m[1], undefined, m[2]))],
  [new RegExp(`${AT}\\b${H}\\s*o'?\\s?clock\\b`), (m) => at(clock(m[1]))],
  [
    new RegExp(
      `(?:\\b(?:at|around|about|make it|say|how about|what about)|@)\\s*(?:around\\s+|about\\s+)?${H}\\b${NOT_TIME_AFTER}`,
    ),
    (m) => at(clock(m[1])),
  ],
  [
    new RegExp(`${AT}\\b${H}${MIN}\\s+(?:in\\s+the|this)\\s+(morning|afternoon|evening)\\b`),
    (m) => at(clock(m[1], m[2], m[3] === "morning" ? "a" : "p")),
  ],
  [
    /\b(?:at\s+)?(?:12\s+)?(?:noon|midday)\b/,
    () => at({ hour: 12, minute: 0, meridiem: "pm", twentyFour: false }),
  ],
  [/\b(?:at\s+)?midnight\b/, () => at({ hour: 0, minute: 0, twentyFour: true })],
  [/\b(?:in\s+the\s+)?morning\b/, () => ({ kind: "part", part: "morning" })],
  [/\b(?:in\s+the\s+)?afternoon\b/, () => ({ kind: "part", part: "afternoon" })],
  [/\b(?:in\s+the\s+)?evening\b|\btonight\b/, () => ({ kind: "part", part: "evening" })],
];

export function findTimes(text: string): { mentions: TimeMention[]; rest: string } {
  const mentions: TimeMention[] = [];
  let rest = text;
  for (const [pattern, read] of PATTERNS) {
    const taken = takeAll(rest, pattern);
    for (const m of taken.matches) {
      const value = read(m);
      if (value) {
        mentions.push({ start: m.index, end: m.index + m[0].length, text: m[0].trim(), value });
      }
    }
    rest = taken.rest;
  }
  mentions.sort((a, b) => a.start - b.start);
  return { mentions, rest };
}

/** A whole message that is only a number ("10", "10:30") when the bot asked for a time. */
export function bareClock(text: string): TimeMention | undefined {
  const m = new RegExp(`^${H}${MIN}$`).exec(text.trim());
  const c = m ? clock(m[1], m[2]) : undefined;
  return c
    ? { start: 0, end: text.length, text: text.trim(), value: { kind: "at", clock: c } }
    : undefined;
}
