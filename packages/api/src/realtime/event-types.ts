import type { ChatMessageView } from "../schemas/chat.ts";
import type {
  AppointmentView,
  ProfileView,
  ReservationView,
  ScheduleView,
} from "../schemas/views.ts";

// The typed event map: every change the system broadcasts, with its payload.

export interface SlotChange {
  dentistId: string;
  /** The interval whose availability changed; a client refetches slots on days it touches. */
  startsAt: string;
  endsAt: string;
  /** taken: no longer bookable by others; freed: bookable again. */
  effect: "taken" | "freed";
  reason: "hold" | "hold_released" | "hold_expired" | "booking" | "cancellation" | "reschedule";
}

export interface EventPayloads {
  "appointment.created": { appointment: AppointmentView };
  "appointment.updated": {
    appointment: AppointmentView;
    previous?: { startsAt: string; endsAt: string };
  };
  "appointment.status_changed": { appointment: AppointmentView; from: AppointmentView["status"] };
  "appointment.cancelled": { appointment: AppointmentView };
  "availability.updated": { schedule: ScheduleView };
  "reservation.held": { reservation: ReservationView };
  "reservation.released": { reservation: ReservationView };
  "reservation.expired": { reservation: ReservationView };
  "reservation.converted": { reservation: ReservationView; appointmentId: string };
  "slots.changed": SlotChange;
  "profile.updated": { profile: ProfileView };
  "chat.message": { message: ChatMessageView };
}

export type EventType = keyof EventPayloads;

/** An event as the service layer emits it, before it has an id. */
export type NewEvent = {
  [K in EventType]: {
    type: K;
    table: string;
    recordId: string;
    channels: string[];
    payload: EventPayloads[K];
  };
}[EventType];

/** An event as stored in the log and delivered to subscribers. */
export type ChangeEvent = NewEvent & {
  /** Replay cursor: a decimal string of the log's bigint id. */
  id: string;
  actorId: string | null;
  /** When the row was written inside its transaction (close to commit). */
  createdAt: string;
};
