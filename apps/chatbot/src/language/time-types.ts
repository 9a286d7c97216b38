import type { Span } from "./text.ts";
import type { PartOfDay } from "./types.ts";

/** A clock time as written, before am/pm is settled. */
export interface Clock {
  hour: number;
  minute: number;
  meridiem?: "am" | "pm";
  /** Written in 24-hour form ("14:00", "09:30", "0:15"), so am/pm is not in question. */
  twentyFour: boolean;
}

export type TimeValue =
  | { kind: "at"; clock: Clock }
  | { kind: "between"; from: Clock; to: Clock }
  | { kind: "after"; clock: Clock }
  | { kind: "before"; clock: Clock }
  | { kind: "part"; part: PartOfDay };

export interface TimeMention extends Span {
  value: TimeValue;
}
