import type { IsoDate } from "./calendar.ts";

export type { IsoDate } from "./calendar.ts";

export interface Dentist {
  id: string;
  name: string;
  specialty: string;
}

export interface AppointmentType {
  id: string;
  code: string;
  name: string;
  durationMinutes: number;
}

/** What the bot just asked for, so that short answers can be read in context. */
export type ExpectedSlot =
  | "confirm"
  | "date"
  | "time"
  | "dentist"
  | "type"
  | "choice"
  | "appointment";

/** Minutes from local midnight; `end` is exclusive (a slot may start before it). */
export interface WorkingHours {
  start: number;
  end: number;
}

export interface ParseContext {
  now: Date;
  /** IANA zone of the clinic; every date and time in the result is local to it. */
  timeZone: string;
  dentists: readonly Dentist[];
  appointmentTypes: readonly AppointmentType[];
  expecting?: ExpectedSlot;
  /** How many options were offered when `expecting` is "choice" (default 3). */
  choiceCount?: number;
  /** Used to read "at 2" as 14:00; defaults to 08:00–20:00. */
  workingHours?: WorkingHours;
}

export type PartOfDay = "morning" | "afternoon" | "evening";

export type DentistEntity =
  | { match: "one"; dentist: Dentist; text: string; specialty?: string }
  | { match: "ambiguous"; ambiguous: Dentist[]; text: string; specialty?: string }
  | { match: "unknown"; unknown: string; suggestions: Dentist[] }
  /** The patient has no preference ("any dentist", "whoever"). */
  | { match: "any"; text: string };

export type TypeEntity =
  | { match: "one"; type: AppointmentType; text: string }
  | { match: "ambiguous"; ambiguous: AppointmentType[]; text: string }
  | { match: "unknown"; unknown: string; suggestions: AppointmentType[] };

export type DateEntity =
  | { match: "day"; date: IsoDate; text: string; past: boolean }
  | { match: "range"; from: IsoDate; to: IsoDate; text: string; past: boolean }
  /** Candidates in the order most likely meant in the clinic's locale. */
  | { match: "ambiguous"; ambiguous: IsoDate[]; text: string }
  /** Looks like a date but cannot exist, e.g. "30 Feb" or "13/13". */
  | { match: "invalid"; text: string };

export type TimeEntity =
  | {
      match: "exact";
      minutes: number;
      text: string;
      /** am/pm was not said and was chosen from working hours or the part of day. */
      inferredMeridiem: boolean;
      outsideHours: boolean;
      /** Only known when the same message says the date is today. */
      past: boolean;
    }
  | { match: "range"; from: number; to: number; text: string; partOfDay?: PartOfDay }
  | { match: "ambiguous"; ambiguous: number[]; text: string };

export interface SlotValues {
  dentist?: DentistEntity;
  type?: TypeEntity;
  date?: DateEntity;
  time?: TimeEntity;
  /** "earliest", "first available", "as soon as possible". */
  earliest?: boolean;
}

/**
 * Which of the patient's appointments is meant. Every field present narrows the choice;
 * an empty reference means the patient did not say.
 */
export interface AppointmentRef {
  next?: boolean;
  /** 1-based position in the list the bot showed. */
  ordinal?: number;
  date?: DateEntity;
  time?: TimeEntity;
  dentist?: DentistEntity;
  type?: TypeEntity;
}

export interface DateRange {
  from: IsoDate;
  to: IsoDate;
  /** Nothing usable was said, so this is the default search window. */
  defaulted: boolean;
}

export interface GreetingIntent {
  kind: "greeting";
}
export interface HelpIntent {
  kind: "help";
}
export interface ListDentistsIntent {
  kind: "listDentists";
  /** Present when the question narrows the list, e.g. "which orthodontists do you have". */
  dentist?: DentistEntity;
}
export interface ListTypesIntent {
  kind: "listTypes";
}
export interface AvailabilityIntent extends SlotValues {
  kind: "availability";
  range: DateRange;
}
export interface BookIntent extends SlotValues {
  kind: "book";
}
export interface MyAppointmentsIntent {
  kind: "myAppointments";
  reference: AppointmentRef;
}
export interface CancelIntent {
  kind: "cancel";
  reference: AppointmentRef;
}
export interface RescheduleIntent {
  kind: "reschedule";
  reference: AppointmentRef;
  to: SlotValues;
}
export interface ConfirmIntent {
  kind: "confirm";
  /** Details said along with the yes ("yes, at 10 please"). */
  values: SlotValues;
}
export interface DeclineIntent {
  kind: "decline";
  /** A correction said along with the no ("no, Friday instead"). */
  values: SlotValues;
}
export interface ChooseIntent {
  kind: "choose";
  /** 1-based. */
  index: number;
  inRange: boolean;
}
export interface ProvideIntent {
  kind: "provide";
  slot: ExpectedSlot;
  values: SlotValues;
  reference?: AppointmentRef;
}
export interface UnknownIntent {
  kind: "unknown";
  /** Example replies the bot can offer. */
  suggestions: string[];
}

export type Intent =
  | GreetingIntent
  | HelpIntent
  | ListDentistsIntent
  | ListTypesIntent
  | AvailabilityIntent
  | BookIntent
  | MyAppointmentsIntent
  | CancelIntent
  | RescheduleIntent
  | ConfirmIntent
  | DeclineIntent
  | ChooseIntent
  | ProvideIntent
  | UnknownIntent;

export type IntentKind = Intent["kind"];
