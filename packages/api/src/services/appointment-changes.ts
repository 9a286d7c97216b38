import type { AuthUser } from "../auth/tokens.ts";
import type { ApiDeps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { UpdateAppointmentInput } from "../schemas/appointments.ts";
import type { AppointmentStatus } from "../schemas/common.ts";
import type { AppointmentView } from "../schemas/views.ts";
import { withChanges } from "../unit-of-work.ts";
import {
  loadAccessibleAppointment,
  lostRace,
  reloadAppointment,
  staleVersion,
  withinCancellationWindow,
} from "./appointment-access.ts";
import { emitAppointmentChange, emitAppointmentSlot } from "./booking-events.ts";
import { mapSlotConflicts, slotUnavailable } from "./db-errors.ts";
import { durationOf, isFreeSlot, noticeMinutesFor } from "./free-slots.ts";
import { lockDentistSchedule } from "./locks.ts";
import { toAppointmentView } from "./views.ts";

// Changes to an existing appointment. Each write is conditional on the version that was read
// (`WHERE version = n`), so two editors cannot silently overwrite each other; a reschedule
// checks and takes the new time in the same transaction, under the dentist's lock, with the
// exclusion constraint as the final judge.

const MINUTE_MS = 60_000;
const ACTIVE: AppointmentStatus[] = ["pending", "confirmed"];

/** Allowed moves; completed and cancelled are final. */
const TRANSITIONS: Record<AppointmentStatus, AppointmentStatus[]> = {
  pending: ["confirmed", "cancelled"],
  confirmed: ["completed", "cancelled"],
  completed: [],
  cancelled: [],
};

function windowExpired(deps: ApiDeps, what: string): AppError {
  const minutes = deps.config.cancellationWindowMinutes;
  return new AppError(
    "CANCELLATION_WINDOW_EXPIRED",
    `Appointments cannot be ${what} less than ${minutes} minutes before they start`,
    { cancellationWindowMinutes: minutes },
  );
}

export function updateAppointment(
  deps: ApiDeps,
  user: AuthUser,
  input: UpdateAppointmentInput,
): Promise<AppointmentView> {
  return mapSlotConflicts(() =>
    withChanges(deps, user.id, async (tx, emit) => {
      const current = await loadAccessibleAppointment(tx, user, input.id);
      if (user.role === "patient" && input.notes !== undefined) {
        throw new AppError("FORBIDDEN", "Only staff can edit the appointment notes");
      }
      if (!ACTIVE.includes(current.status)) {
        throw new AppError("CONFLICT", `A ${current.status} appointment cannot be changed`);
      }
      if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
        throw staleVersion(current.version);
      }
      const now = deps.clock.now();
      const startsAt = input.startsAt ? new Date(input.startsAt) : current.startsAt;
      const typeId = input.typeId ?? current.typeId;
      const moving = startsAt.getTime() !== current.startsAt.getTime() || typeId !== current.typeId;
      let endsAt = current.endsAt;
      if (moving) {
        if (user.role === "patient") {
          const window = deps.config.cancellationWindowMinutes;
          if (withinCancellationWindow(current.startsAt, now, window)) {
            throw windowExpired(deps, "moved");
          }
        }
        await lockDentistSchedule(tx, current.dentistId);
        const durationMinutes = await durationOf(tx, { typeId });
        const free = await isFreeSlot(tx, deps, {
          dentistId: current.dentistId,
          startsAt,
          durationMinutes,
          forPatientId: current.patientId,
          noticeMinutes: noticeMinutesFor(user, deps),
          excludeAppointmentId: current.id,
        });
        if (!free) throw slotUnavailable();
        endsAt = new Date(startsAt.getTime() + durationMinutes * MINUTE_MS);
      }
      const written = await tx.appointment.updateMany({
        where: { id: current.id, version: current.version },
        data: {
          startsAt,
          endsAt,
          typeId,
          ...(input.notes !== undefined ? { notes: input.notes } : {}),
          ...(input.patientNotes !== undefined ? { patientNotes: input.patientNotes } : {}),
          version: { increment: 1 },
        },
      });
      if (written.count === 0) throw await lostRace(tx, current.id);
      const appointment = toAppointmentView(await reloadAppointment(tx, current.id));
      const previous = {
        startsAt: current.startsAt.toISOString(),
        endsAt: current.endsAt.toISOString(),
      };
      emitAppointmentChange(emit, {
        type: "appointment.updated",
        payload: moving ? { appointment, previous } : { appointment },
      });
      if (moving) {
        emitAppointmentSlot(emit, appointment, previous, "freed", "reschedule");
        emitAppointmentSlot(emit, appointment, appointment, "taken", "reschedule");
      }
      return appointment;
    }),
  );
}

/**
 * Moves an appointment along its life cycle. Only the transitions in TRANSITIONS exist;
 * patients may cancel their own, but not inside the cancellation window.
 */
export function changeStatus(
  deps: ApiDeps,
  user: AuthUser,
  id: string,
  to: Exclude<AppointmentStatus, "pending">,
  reason?: string,
): Promise<AppointmentView> {
  return withChanges(deps, user.id, async (tx, emit) => {
    const current = await loadAccessibleAppointment(tx, user, id);
    if (to !== "cancelled" && user.role === "patient") {
      throw new AppError("FORBIDDEN", "Only clinic staff can confirm or complete appointments");
    }
    if (!TRANSITIONS[current.status].includes(to)) {
      throw new AppError("CONFLICT", "Invalid status transition", { from: current.status, to });
    }
    const now = deps.clock.now();
    if (to === "completed" && current.startsAt > now) {
      throw new AppError("CONFLICT", "An appointment cannot be completed before it starts");
    }
    if (to === "cancelled" && user.role === "patient") {
      if (withinCancellationWindow(current.startsAt, now, deps.config.cancellationWindowMinutes)) {
        throw windowExpired(deps, "cancelled");
      }
    }
    const written = await tx.appointment.updateMany({
      where: { id, version: current.version, status: current.status },
      data: {
        status: to,
        version: { increment: 1 },
        ...(to === "cancelled" ? { cancelledAt: now, cancellationReason: reason ?? null } : {}),
      },
    });
    if (written.count === 0) throw await lostRace(tx, current.id);
    const appointment = toAppointmentView(await reloadAppointment(tx, id));
    if (to === "cancelled") {
      emitAppointmentChange(emit, { type: "appointment.cancelled", payload: { appointment } });
      // Cancelling frees the time, unless it is already over.
      if (current.endsAt > now) {
        emitAppointmentSlot(emit, appointment, appointment, "freed", "cancellation");
      }
    } else {
      emitAppointmentChange(emit, {
        type: "appointment.status_changed",
        payload: { appointment, from: current.status },
      });
    }
    return appointment;
  });
}
