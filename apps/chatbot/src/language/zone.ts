// The chatbot's names for the shared time-zone conversions (one implementation for the whole
// product, so the assistant, the slot rules and the screens agree on DST days).
export {
  localDateOf as localDate,
  localMinuteOf as localMinutes,
  offsetMinutesAt as zoneOffsetMinutes,
  type WallClock,
  wallClockAt as wallClock,
  zonedTimeToInstant,
} from "@dentalcare/zoned-time";
