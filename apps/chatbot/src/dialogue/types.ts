import type { AppointmentRef, Intent, IsoDate, SlotValues } from "../language/index.ts";

// The dialogue manager's vocabulary. Everything here is plain JSON, because the state is saved
// with every reply and read back by whichever worker handles the next message.

export interface DentistFact {
  id: string;
  name: string;
  specialty: string;
  timeZone: string;
}

export interface TypeFact {
  id: string;
  code: string;
  name: string;
  durationMinutes: number;
}

/** What the dialogue may assume about the world for one step. */
export interface Facts {
  now: Date;
  /** The clinic's zone: how the patient's "tomorrow at 10" is read. */
  timeZone: string;
  dentists: readonly DentistFact[];
  types: readonly TypeFact[];
}

/** A concrete free slot the assistant can offer. */
export interface Offer {
  dentistId: string;
  /** Null when found without a treatment in mind ("what's free on Friday?"). */
  typeId: string | null;
  startsAt: string;
  endsAt: string;
}

/** An appointment of the patient's, as much as the dialogue needs of it. */
export interface AppointmentBrief {
  id: string;
  dentistId: string;
  dentistName: string;
  typeId: string;
  typeName: string;
  startsAt: string;
  status: "pending" | "confirmed" | "completed" | "cancelled";
}

/** What the patient wants booked (or an existing appointment moved to). */
export interface Goal {
  dentistId?: string;
  typeId?: string;
  dateFrom?: IsoDate;
  dateTo?: IsoDate;
  /** Minutes from local midnight: an exact time has from === to. */
  timeFrom?: number;
  timeTo?: number;
  earliest?: boolean;
  /** Set when rescheduling: this appointment moves, keeping its dentist and treatment. */
  move?: AppointmentBrief;
  /** Only show times; the patient asked what is free rather than to book. */
  browsing?: boolean;
}

export type AskSlot = "dentist" | "type" | "date" | "time";

export type Mode =
  | { kind: "idle" }
  /** A question about the booking; `choices` are the numbered answers offered, if any. */
  | { kind: "asking"; slot: AskSlot; goal: Goal; choices?: string[]; chosen?: Offer }
  | { kind: "offering"; goal: Goal; offers: Offer[] }
  /** A slot held for the patient while they confirm; `options` is the list it came from. */
  | {
      kind: "holding";
      goal: Goal;
      offer: Offer;
      reservationId: string;
      expiresAt: string;
      options: Offer[];
    }
  | {
      kind: "picking";
      purpose: "cancel" | "reschedule";
      candidates: AppointmentBrief[];
      to?: SlotValues;
    }
  | { kind: "confirmingCancel"; appointment: AppointmentBrief }
  // Waiting for the result of an action within one turn; never saved between turns.
  | { kind: "searching"; goal: Goal; retry?: Offer }
  | { kind: "securing"; goal: Goal; offer: Offer; options: Offer[] }
  | { kind: "booking"; goal: Goal; offer: Offer; reservationId: string; options: Offer[] }
  | {
      kind: "finding";
      purpose: "cancel" | "reschedule" | "list";
      reference: AppointmentRef;
      to?: SlotValues;
      /** Where a conversation picks up again after just listing appointments. */
      resume?: Mode;
    }
  | { kind: "cancelling"; appointment: AppointmentBrief };

export interface DialogueState {
  version: 1;
  mode: Mode;
  /** The appointments last listed, so "cancel the second one" has a meaning. */
  listed?: AppointmentBrief[];
}

export interface SlotQuery {
  dentistIds: string[];
  typeId: string | null;
  dateFrom: IsoDate;
  dateTo: IsoDate;
  /** Local start times from `timeFrom` up to (not including) `timeTo`; equal means exactly. */
  timeFrom?: number;
  timeTo?: number;
  /** Stop after the first days that together give at least this many slots. */
  limit: number;
  exclude?: string[];
}

/** Effects the dialogue asks for; the worker performs them through typed procedures. */
export type Action =
  | { kind: "findSlots"; query: SlotQuery }
  | { kind: "hold"; offer: Offer & { typeId: string } }
  | { kind: "release"; reservationId: string }
  | { kind: "book"; offer: Offer & { typeId: string }; reservationId: string }
  | { kind: "move"; appointment: AppointmentBrief; offer: Offer; reservationId: string }
  | { kind: "cancel"; appointment: AppointmentBrief }
  | { kind: "listAppointments" };

export type Failure = "taken" | "window" | "limit" | "other";

export type ActionResult =
  | { kind: "slots"; offers: Offer[] }
  | { kind: "held"; reservationId: string; expiresAt: string }
  | { kind: "booked"; appointment: AppointmentBrief }
  | { kind: "moved"; appointment: AppointmentBrief }
  | { kind: "cancelled"; appointment: AppointmentBrief }
  | { kind: "appointments"; appointments: AppointmentBrief[] }
  | { kind: "released" }
  | { kind: "failed"; reason: Failure; message: string };

export type DialogueInput =
  | { kind: "message"; intent: Intent }
  | { kind: "result"; result: ActionResult }
  /** Someone else took a slot; the assistant may have offered it. */
  | { kind: "slotTaken"; dentistId: string; startsAt: string; endsAt: string };

/** One step: the new state, what to say, and at most one action whose result comes back. */
export interface Step {
  state: DialogueState;
  say: string[];
  /** Done first, results not needed (giving a hold back). */
  effects: Action[];
  action?: Action;
}
