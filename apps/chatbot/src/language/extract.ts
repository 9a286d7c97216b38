import { matchType } from "./appointment-types.ts";
import type { IsoDate } from "./calendar.ts";
import { nextDayOfMonth } from "./date-patterns.ts";
import { type DateContext, type DateMention, findDates, resolveDates } from "./dates.ts";
import { matchDentist } from "./dentists.ts";
import { EARLIEST, GREETING } from "./keywords.ts";
import { blank, squash, takeAll } from "./text.ts";
import { bareClock, findTimes } from "./time-patterns.ts";
import { resolveTimes, type TimeMention } from "./times.ts";
import type { ExpectedSlot, ParseContext, SlotValues, TimeEntity, WorkingHours } from "./types.ts";
import { localMinutes } from "./zone.ts";

/** Per-message facts shared by every extraction pass. */
export interface Env {
  ctx: ParseContext;
  dates: DateContext;
  today: IsoDate;
  nowMinutes: number;
  hours: WorkingHours;
}

export function envFor(ctx: ParseContext, dates: DateContext, hours: WorkingHours): Env {
  return { ctx, dates, today: dates.today, nowMinutes: localMinutes(ctx.now, ctx.timeZone), hours };
}

export interface Extraction {
  /** What is left once entities are blanked out, spaces squashed; read for intent cues. */
  rest: string;
  greeting: boolean;
  dateMentions: DateMention[];
  timeMentions: TimeMention[];
  values: SlotValues;
}

/** A lone number answers "which day?" as a day of the month and "what time?" as a clock time. */
function bareNumber(
  text: string,
  env: Env,
  answer: ExpectedSlot | undefined,
): { dates: DateMention[]; times: TimeMention[] } | undefined {
  const trimmed = text.trim();
  if (answer === "date" && /^(?:the\s+)?\d{1,2}$/.test(trimmed)) {
    const day = Number(trimmed.replace(/\D/g, ""));
    const mention: DateMention = {
      start: 0,
      end: text.length,
      text: trimmed,
      value: nextDayOfMonth(env.dates, day),
    };
    return { dates: [mention], times: [] };
  }
  const clock = answer === "time" ? bareClock(trimmed) : undefined;
  return clock ? { dates: [], times: [clock] } : undefined;
}

function markPast(
  time: TimeEntity | undefined,
  values: SlotValues,
  env: Env,
): TimeEntity | undefined {
  if (time?.match !== "exact" || values.date?.match !== "day" || values.date.date !== env.today)
    return time;
  return { ...time, past: time.minutes < env.nowMinutes };
}

/** Everything the message says about dentist, type, date and time. */
export function extract(text: string, env: Env, answer?: ExpectedSlot): Extraction {
  let rest = text;
  const greetingMatch = GREETING.exec(rest);
  if (greetingMatch) rest = blank(rest, 0, greetingMatch[0].length);
  const earliest = takeAll(rest, EARLIEST);
  rest = earliest.rest;

  const bare = bareNumber(rest, env, answer);
  let dateMentions: DateMention[];
  let timeMentions: TimeMention[];
  if (bare) {
    dateMentions = bare.dates;
    timeMentions = bare.times;
    rest = " ".repeat(rest.length);
  } else {
    const dates = findDates(rest, env.dates);
    const times = findTimes(dates.rest);
    dateMentions = dates.mentions;
    timeMentions = times.mentions;
    rest = times.rest;
    for (const m of dateMentions) rest = blank(rest, m.start, m.end);
  }

  const dentist = matchDentist(rest, env.ctx.dentists, answer === "dentist");
  const type = matchType(rest, env.ctx.appointmentTypes, answer === "type");
  const values: SlotValues = {};
  if (dentist) values.dentist = dentist;
  if (type) values.type = type;
  const date = resolveDates(dateMentions, env.today);
  if (date) values.date = date;
  const time = markPast(resolveTimes(timeMentions, env.hours), values, env);
  if (time) values.time = time;
  if (earliest.matches.length > 0) values.earliest = true;

  return {
    rest: squash(rest),
    greeting: greetingMatch !== null,
    dateMentions,
    timeMentions,
    values,
  };
}

export function hasValues(values: SlotValues): boolean {
  return Object.keys(values).length > 0;
}
