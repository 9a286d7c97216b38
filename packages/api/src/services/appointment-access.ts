import type { AuthUser } from "../auth/tokens.ts";
import { AppError } from "../errors.ts";
import type { Tx } from "../unit-of-work.ts";
import { rowExists } from "./hidden-rows.ts";
import { type AppointmentRow, appointmentSelect } from "./views.ts";

// Who may see or touch an appointment: its patient, its dentist, and admins.

export function canAccessAppointment(
  user: Pick<AuthUser, "id" | "role">,
  a: { patientId: string; dentistId: string },
): boolean {
  if (user.role === "admin") return true;
  if (user.role === "patient") return a.patientId === user.id;
  return a.dentistId === user.id;
}

/** The appointment if this user may act on it: NOT_FOUND when missing, FORBIDDEN otherwise. */
export async function loadAccessibleAppointment(
  db: Tx,
  user: Pick<AuthUser, "id" | "role">,
  id: string,
): Promise<AppointmentRow> {
  const row = await db.appointment.findUnique({ where: { id }, select: appointmentSelect });
  if (!row) {
    // Row-level security hides other people's appointments; they stay "someone else's".
    if (await rowExists(db, "appointments", id)) {
      throw new AppError("FORBIDDEN", "This appointment belongs to someone else");
    }
    throw new AppError("NOT_FOUND", "Appointment not found");
  }
  if (!canAccessAppointment(user, row)) {
    throw new AppError("FORBIDDEN", "This appointment belongs to someone else");
  }
  return row;
}

/** Re-reads an appointment after a write, inside the same transaction. */
export async function reloadAppointment(db: Tx, id: string): Promise<AppointmentRow> {
  const row = await db.appointment.findUnique({ where: { id }, select: appointmentSelect });
  if (!row) throw new AppError("NOT_FOUND", "Appointment not found");
  return row;
}

export function staleVersion(currentVersion: number): AppError {
  return new AppError("CONFLICT", "The appointment was changed by someone else; reload it", {
    currentVersion,
  });
}

/** A conditional write matched nothing: someone else changed the row since it was read. */
export async function lostRace(db: Tx, id: string): Promise<AppError> {
  const row = await db.appointment.findUnique({ where: { id }, select: { version: true } });
  return row ? staleVersion(row.version) : new AppError("NOT_FOUND", "Appointment not found");
}

export function withinCancellationWindow(
  startsAt: Date,
  now: Date,
  windowMinutes: number,
): boolean {
  return startsAt.getTime() - now.getTime() < windowMinutes * 60_000;
}
