import type { AuthUser } from "../auth/tokens.ts";
import { AppError } from "../errors.ts";
import { channels } from "./channels.ts";

// Which channels a subscriber may have. A request for anything else is FORBIDDEN rather
// than silently narrowed, so a client bug shows up at once.

function forbid(what: string): never {
  throw new AppError("FORBIDDEN", `You may not subscribe to ${what}`);
}

export function appointmentChannels(
  user: AuthUser,
  scope: { dentistId?: string | undefined; patientId?: string | undefined },
): string[] {
  if (user.role === "admin") {
    if (scope.dentistId) return [channels.appointmentsOfDentist(scope.dentistId)];
    if (scope.patientId) return [channels.appointmentsOfPatient(scope.patientId)];
    return [channels.appointmentsAll()];
  }
  if (user.role === "dentist") {
    if (scope.patientId) forbid("a patient's appointments");
    if (scope.dentistId && scope.dentistId !== user.id) forbid("another dentist's appointments");
    return [channels.appointmentsOfDentist(user.id)];
  }
  if (scope.dentistId) forbid("a dentist's appointments");
  if (scope.patientId && scope.patientId !== user.id) forbid("another patient's appointments");
  return [channels.appointmentsOfPatient(user.id)];
}

/** Schedules and free slots are public to every signed-in user; holds in them are anonymous. */
export function availabilityChannels(scope: { dentistId?: string | undefined }): string[] {
  return [
    scope.dentistId
      ? channels.availabilityOfDentist(scope.dentistId)
      : channels.availabilityGlobal(),
  ];
}

export function slotChannels(scope: { dentistId?: string | undefined }): string[] {
  return [scope.dentistId ? channels.slotsOfDentist(scope.dentistId) : channels.slotsGlobal()];
}

export function profileChannels(user: AuthUser, scope: { userId?: string | undefined }): string[] {
  if (user.role === "patient") {
    if (scope.userId && scope.userId !== user.id) forbid("another user's profile");
    return [channels.profileOf(user.id)];
  }
  return [scope.userId ? channels.profileOf(scope.userId) : channels.profilesAll()];
}
