// The chatbot's language layer: patient message + conversation context → structured intent.
// Pure and offline; see README.md in this folder for what it understands.

export { addDays, type IsoDate } from "./calendar.ts";
export {
  describeDate,
  describeSlot,
  formatList,
  formatNumberedList,
  formatTime,
} from "./format.ts";
export { DEFAULT_SEARCH_DAYS } from "./intents.ts";
export { parseMessage } from "./parse.ts";
export { DEFAULT_WORKING_HOURS, PARTS_OF_DAY } from "./times.ts";
export type * from "./types.ts";
export { localDate, localMinutes, zonedTimeToInstant } from "./zone.ts";
