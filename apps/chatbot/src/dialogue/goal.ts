import { maxDate } from "../language/calendar.ts";
import {
  describeDate,
  formatList,
  formatNumberedList,
  formatTime,
  type SlotValues,
} from "../language/index.ts";
import { daysFrom, dentistChoices, dentistName, today, typeChoices } from "./describe.ts";
import type { AskSlot, Facts, Goal, Mode, SlotQuery } from "./types.ts";

// Folding what the patient said into the booking goal, and the question to ask when something
// is missing or unclear. A problem is a question plus the mode that waits for its answer.

/** How far "earliest" looks ahead. */
export const EARLIEST_SEARCH_DAYS = 30;

export interface Problem {
  say: string[];
  mode: Mode;
}

export type Merged = { ok: true; goal: Goal } | { ok: false; problem: Problem };

function ask(slot: AskSlot, goal: Goal, say: string[], choices?: string[]): Problem {
  return { say, mode: { kind: "asking", slot, goal, ...(choices ? { choices } : {}) } };
}

export function askDate(goal: Goal, lead?: string): Problem {
  const { dateFrom: _f, dateTo: _t, earliest: _e, ...rest } = goal;
  return ask("date", rest, [
    ...(lead ? [lead] : []),
    "Which day would suit you? For example “tomorrow”, “Friday”, “the 14th” or “earliest”.",
  ]);
}

export function askType(facts: Facts, goal: Goal, lead?: string): Problem {
  const ids = facts.types.map((t) => t.id);
  return ask(
    "type",
    goal,
    [...(lead ? [lead] : []), "What is the appointment for?", typeChoices(facts, ids)],
    ids,
  );
}

export function askDentist(facts: Facts, goal: Goal, ids: string[], lead: string): Problem {
  return ask("dentist", goal, [lead, dentistChoices(facts, ids), "Or say “any dentist”."], ids);
}

function mergeDentist(goal: Goal, v: SlotValues["dentist"], facts: Facts): Merged {
  // A move keeps its dentist: the appointment changes time, not diary.
  if (!v || goal.move) return { ok: true, goal };
  switch (v.match) {
    case "one":
      return { ok: true, goal: { ...goal, dentistId: v.dentist.id } };
    case "any": {
      const { dentistId: _, ...rest } = goal;
      return { ok: true, goal: rest };
    }
    case "ambiguous":
      return {
        ok: false,
        problem: askDentist(
          facts,
          goal,
          v.ambiguous.map((d) => d.id),
          `Which ${v.specialty ? "one" : "dentist"} do you mean?`,
        ),
      };
    case "unknown": {
      const suggested = v.suggestions.map((d) => d.id);
      const ids = suggested.length > 0 ? suggested : facts.dentists.map((d) => d.id);
      const lead =
        suggested.length > 0
          ? `I couldn't find a dentist called “${v.unknown}”. Did you mean ${formatList(
              suggested.map((id) => dentistName(facts, id)),
              "or",
            )}?`
          : `I couldn't find a dentist called “${v.unknown}”. Our dentists are:`;
      return { ok: false, problem: askDentist(facts, goal, ids, lead) };
    }
  }
}

function mergeType(goal: Goal, v: SlotValues["type"], facts: Facts): Merged {
  if (!v) return { ok: true, goal };
  switch (v.match) {
    case "one":
      return { ok: true, goal: { ...goal, typeId: v.type.id } };
    case "ambiguous": {
      const ids = v.ambiguous.map((t) => t.id);
      return {
        ok: false,
        problem: ask("type", goal, ["Which treatment do you mean?", typeChoices(facts, ids)], ids),
      };
    }
    case "unknown":
      return {
        ok: false,
        problem: askType(facts, goal, `Sorry, we don't offer “${v.unknown}” here.`),
      };
  }
}

function mergeDate(goal: Goal, v: SlotValues["date"], facts: Facts): Merged {
  if (!v) return { ok: true, goal };
  switch (v.match) {
    case "day":
      if (v.past) return { ok: false, problem: askDate(goal, "That day has already gone.") };
      return { ok: true, goal: { ...goal, dateFrom: v.date, dateTo: v.date } };
    case "range": {
      const from = maxDate(v.from, today(facts));
      if (v.past || v.to < from) {
        return { ok: false, problem: askDate(goal, "Those days have already gone.") };
      }
      return { ok: true, goal: { ...goal, dateFrom: from, dateTo: v.to } };
    }
    case "ambiguous":
      return {
        ok: false,
        problem: ask(
          "date",
          goal,
          [
            `Sorry, which day do you mean by “${v.text}”?`,
            formatNumberedList(v.ambiguous.map(describeDate)),
          ],
          v.ambiguous,
        ),
      };
    case "invalid":
      return { ok: false, problem: askDate(goal, `“${v.text}” isn't a date I can find.`) };
  }
}

function mergeTime(goal: Goal, v: SlotValues["time"]): Merged {
  if (!v) return { ok: true, goal };
  switch (v.match) {
    case "exact":
      if (v.outsideHours || v.past) {
        const why = v.past ? "That time has already passed." : "We're closed at that time.";
        return {
          ok: false,
          problem: ask("time", goal, [`${why} What time would suit you?`]),
        };
      }
      return { ok: true, goal: { ...goal, timeFrom: v.minutes, timeTo: v.minutes } };
    case "range":
      return { ok: true, goal: { ...goal, timeFrom: v.from, timeTo: v.to } };
    case "ambiguous":
      return {
        ok: false,
        problem: ask(
          "time",
          goal,
          [`Did you mean ${formatList(v.ambiguous.map(formatTime), "or")}?`],
          v.ambiguous.map(String),
        ),
      };
  }
}

/** Folds new details into the goal; later details replace earlier ones. */
export function mergeValues(goal: Goal, values: SlotValues, facts: Facts): Merged {
  let merged: Goal = { ...goal };
  if (values.earliest) merged = { ...merged, earliest: true };
  if (values.date && !values.earliest) {
    const { earliest: _, ...rest } = merged;
    merged = rest;
  }
  // Everything usable is kept; the first unclear detail is then asked about, with a goal that
  // already holds the rest ("a checkup with Dr Pattel tomorrow" keeps the checkup and the day).
  let unclear: ((g: Goal) => Merged) | undefined;
  for (const apply of [
    (g: Goal) => mergeDentist(g, values.dentist, facts),
    (g: Goal) => mergeType(g, values.type, facts),
    (g: Goal) => mergeDate(g, values.date, facts),
    (g: Goal) => mergeTime(g, values.time),
  ]) {
    const result = apply(merged);
    if (result.ok) merged = result.goal;
    else unclear ??= apply;
  }
  return unclear ? unclear(merged) : { ok: true, goal: merged };
}

/** What still has to be asked before slots can be searched, if anything. */
export function nextQuestion(goal: Goal, facts: Facts): Problem | undefined {
  if (!goal.typeId && !goal.move && !goal.browsing) return askType(facts, goal);
  if (!goal.dateFrom && !goal.earliest) return askDate(goal);
  return undefined;
}

export function isExactTime(goal: Goal): goal is Goal & { timeFrom: number } {
  return goal.timeFrom !== undefined && goal.timeFrom === goal.timeTo;
}

export function slotQuery(goal: Goal, facts: Facts, exclude: string[] = []): SlotQuery {
  const from = goal.dateFrom ?? today(facts);
  const to = goal.dateTo ?? (goal.earliest ? daysFrom(facts, EARLIEST_SEARCH_DAYS) : from);
  // An exact time on one day looks at the whole day, so the nearest alternatives can be
  // offered; over several days it looks for the first day with that time free.
  const wholeDay = isExactTime(goal) && from === to;
  return {
    dentistIds: goal.dentistId ? [goal.dentistId] : facts.dentists.map((d) => d.id),
    typeId: goal.move?.typeId ?? goal.typeId ?? null,
    dateFrom: from,
    dateTo: to,
    ...(!wholeDay && goal.timeFrom !== undefined ? { timeFrom: goal.timeFrom } : {}),
    ...(!wholeDay && goal.timeTo !== undefined ? { timeTo: goal.timeTo } : {}),
    limit: wholeDay ? 500 : 3,
    ...(exclude.length > 0 ? { exclude } : {}),
  };
}
