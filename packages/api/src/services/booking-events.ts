import { channels } from "../realtime/channels.ts";
import type { NewEvent, SlotChange } from "../realtime/event-types.ts";
import type { AppointmentView, ReservationView, ScheduleView } from "../schemas/views.ts";
import type { Emit } from "../unit-of-work.ts";

// Who hears what. Appointments go to both parties and the clinic-wide feed; holds are private
// to their patient, and everyone else only learns, anonymously, that a slot came or went.

export function appointmentChannels(a: Pick<AppointmentView, "dentistId" | "patientId">) {
  return [
    channels.appointmentsOfDentist(a.dentistId),
    channels.appointmentsOfPatient(a.patientId),
    channels.appointmentsAll(),
  ];
}

export function slotChannels(dentistId: string) {
  return [channels.slotsOfDentist(dentistId), channels.slotsGlobal()];
}

export function availabilityChannels(dentistId: string) {
  return [
    channels.availabilityOfDentist(dentistId),
    channels.availabilityGlobal(),
    ...slotChannels(dentistId),
  ];
}

export function emitSlotChange(
  emit: Emit,
  source: { table: string; recordId: string },
  change: SlotChange,
): void {
  emit({
    type: "slots.changed",
    table: source.table,
    recordId: source.recordId,
    channels: slotChannels(change.dentistId),
    payload: change,
  });
}

type HoldEvent = "reservation.held" | "reservation.released" | "reservation.expired";

const HOLD_SLOT_EFFECT: Record<HoldEvent, Pick<SlotChange, "effect" | "reason">> = {
  "reservation.held": { effect: "taken", reason: "hold" },
  "reservation.released": { effect: "freed", reason: "hold_released" },
  "reservation.expired": { effect: "freed", reason: "hold_expired" },
};

/** A hold's private event for its patient plus the anonymous slot change for everyone. */
export function emitHoldChange(emit: Emit, type: HoldEvent, reservation: ReservationView): void {
  emit({
    type,
    table: "slot_reservations",
    recordId: reservation.id,
    channels: [channels.appointmentsOfPatient(reservation.patientId)],
    payload: { reservation },
  });
  emitSlotChange(
    emit,
    { table: "slot_reservations", recordId: reservation.id },
    {
      dentistId: reservation.dentistId,
      startsAt: reservation.startsAt,
      endsAt: reservation.endsAt,
      ...HOLD_SLOT_EFFECT[type],
    },
  );
}

export function emitScheduleChange(emit: Emit, schedule: ScheduleView): void {
  emit({
    type: "availability.updated",
    table: "dentists",
    recordId: schedule.dentistId,
    channels: availabilityChannels(schedule.dentistId),
    payload: { schedule },
  });
}

export function emitAppointmentSlot(
  emit: Emit,
  appointment: Pick<AppointmentView, "id" | "dentistId">,
  interval: { startsAt: string; endsAt: string },
  effect: SlotChange["effect"],
  reason: SlotChange["reason"],
): void {
  emitSlotChange(
    emit,
    { table: "appointments", recordId: appointment.id },
    // Spelled out, not spread: callers pass whole appointment views as the interval, and
    // slot channels are open to every signed-in user, so nothing but the interval may leave.
    {
      dentistId: appointment.dentistId,
      startsAt: interval.startsAt,
      endsAt: interval.endsAt,
      effect,
      reason,
    },
  );
}

type AppointmentEvent = Extract<NewEvent, { table: string; type: `appointment.${string}` }>;
type AppointmentEventInput = AppointmentEvent extends infer E
  ? E extends NewEvent
    ? Pick<E, "type" | "payload">
    : never
  : never;

/** An appointment change, heard by its patient, its dentist and the clinic-wide feed. */
export function emitAppointmentChange(emit: Emit, event: AppointmentEventInput): void {
  const { appointment } = event.payload;
  emit({
    ...event,
    table: "appointments",
    recordId: appointment.id,
    channels: appointmentChannels(appointment),
  });
}

/** The hold became an appointment: private to the patient, like every hold event. */
export function emitHoldConverted(
  emit: Emit,
  reservation: ReservationView,
  appointmentId: string,
): void {
  emit({
    type: "reservation.converted",
    table: "slot_reservations",
    recordId: reservation.id,
    channels: [channels.appointmentsOfPatient(reservation.patientId)],
    payload: { reservation, appointmentId },
  });
}
