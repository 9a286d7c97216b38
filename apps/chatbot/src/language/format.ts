import { type IsoDate, parseIsoDate, weekdayOf } from "./calendar.ts";
import { localDate, localMinutes } from "./zone.ts";

// Fixed English names rather than Intl's locale output, so replies read the same on every
// server regardless of its ICU data.

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** 630 → "10:30". */
export function formatTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** "2026-12-04" → "Fri 4 Dec". */
export function describeDate(date: IsoDate): string {
  const { month, day } = parseIsoDate(date);
  return `${WEEKDAYS[weekdayOf(date)] ?? ""} ${day} ${MONTHS[month - 1] ?? ""}`;
}

/** An instant shown on the clinic's clock: ("2026-12-04T10:00:00Z", "Europe/London") → "Fri 4 Dec, 10:00". */
export function describeSlot(startIso: string, timeZone: string): string {
  const instant = new Date(startIso);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`Not an ISO date-time: ${startIso}`);
  return `${describeDate(localDate(instant, timeZone))}, ${formatTime(localMinutes(instant, timeZone))}`;
}

/** ["a", "b", "c"] → "a, b and c"; pass "or" when offering alternatives. */
export function formatList(items: readonly string[], conjunction: "and" | "or" = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}

/** One option per line, numbered from 1 to match how `choose` intents count. */
export function formatNumberedList(items: readonly string[]): string {
  return items.map((item, i) => `${i + 1}. ${item}`).join("\n");
}
