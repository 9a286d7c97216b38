import type { AuthUser } from "../auth/tokens.ts";
import type { ApiDeps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { HoldInput } from "../schemas/reservations.ts";
import type { ReservationView } from "../schemas/views.ts";
import { type Emit, type Tx, withChanges } from "../unit-of-work.ts";
import { emitHoldChange } from "./booking-events.ts";
import { mapSlotConflicts, slotUnavailable } from "./db-errors.ts";
import { durationOf, isFreeSlot } from "./free-slots.ts";
import { expireLapsedHoldRows, rowExists } from "./hidden-rows.ts";
import { lockDentistAndPatientHolds } from "./locks.ts";
import { reservationSelect, toReservationView } from "./views.ts";

// Slot holds (requirement 8): a patient in checkout keeps a slot for a few minutes; other
// patients stop seeing it, the holder still does. Holds are private: only the holder's
// channel hears about them, everyone else gets an anonymous `slots.changed`.

const MINUTE_MS = 60_000;

function overlapping(startsAt: Date, endsAt: Date) {
  return { startsAt: { lt: endsAt }, endsAt: { gt: startsAt } };
}

/** Marks held-but-lapsed holds overlapping the interval as expired, announcing each. */
export async function expireLapsedHolds(
  tx: Tx,
  emit: Emit,
  now: Date,
  scope: { dentistId?: string; startsAt?: Date; endsAt?: Date } = {},
): Promise<ReservationView[]> {
  // Other patients' lapsed holds are hidden from this one by row-level security, yet block
  // the time until marked expired: a database function expires them in the system context.
  const rows = await expireLapsedHoldRows(tx, now, scope);
  const views = rows.map(toReservationView);
  for (const view of views) emitHoldChange(emit, "reservation.expired", view);
  return views;
}

export function hold(deps: ApiDeps, user: AuthUser, input: HoldInput): Promise<ReservationView> {
  const startsAt = new Date(input.startsAt);
  return mapSlotConflicts(() =>
    withChanges(deps, user.id, async (tx, emit) => {
      await lockDentistAndPatientHolds(tx, input.dentistId, user.id);
      const now = deps.clock.now();
      const durationMinutes = await durationOf(tx, { typeId: input.typeId });
      const endsAt = new Date(startsAt.getTime() + durationMinutes * MINUTE_MS);
      const live = { patientId: user.id, status: "held" as const, expiresAt: { gt: now } };

      // A retried request gets the hold it already has.
      const same = await tx.slotReservation.findFirst({
        where: { ...live, dentistId: input.dentistId, startsAt, endsAt, typeId: input.typeId },
        select: reservationSelect,
      });
      if (same) return toReservationView(same);

      const free = await isFreeSlot(tx, deps, {
        dentistId: input.dentistId,
        startsAt,
        durationMinutes,
        forPatientId: user.id,
        noticeMinutes: deps.config.minNoticeMinutes,
      });
      if (!free) throw slotUnavailable();

      await expireLapsedHolds(tx, emit, now, { dentistId: input.dentistId, startsAt, endsAt });
      // Picking another time that overlaps one's own hold moves the hold there.
      const superseded = await tx.slotReservation.updateManyAndReturn({
        where: { ...live, dentistId: input.dentistId, ...overlapping(startsAt, endsAt) },
        data: { status: "released", endedAt: now },
        select: reservationSelect,
      });
      for (const row of superseded) {
        emitHoldChange(emit, "reservation.released", toReservationView(row));
      }

      const max = deps.config.maxHoldsPerPatient;
      if ((await tx.slotReservation.count({ where: live })) >= max) {
        throw new AppError("CONFLICT", `You can hold at most ${max} slots at a time`, {
          maxHoldsPerPatient: max,
        });
      }
      const created = await tx.slotReservation.create({
        data: {
          dentistId: input.dentistId,
          patientId: user.id,
          typeId: input.typeId,
          startsAt,
          endsAt,
          expiresAt: new Date(now.getTime() + deps.config.holdTtlSeconds * 1000),
        },
        select: reservationSelect,
      });
      const view = toReservationView(created);
      emitHoldChange(emit, "reservation.held", view);
      return view;
    }),
  );
}

function assertCanRelease(user: AuthUser, r: { patientId: string; dentistId: string }): void {
  if (user.role === "admin") return;
  if (user.role === "patient" && r.patientId === user.id) return;
  if (user.role === "dentist" && r.dentistId === user.id) return;
  throw new AppError("FORBIDDEN", "This hold belongs to someone else");
}

export function release(deps: ApiDeps, user: AuthUser, id: string): Promise<ReservationView> {
  return withChanges(deps, user.id, async (tx, emit) => {
    const current = await tx.slotReservation.findUnique({
      where: { id },
      select: reservationSelect,
    });
    if (!current) {
      // Row-level security hides other people's holds; they stay "someone else's", not absent.
      if (await rowExists(tx, "slot_reservations", id)) {
        throw new AppError("FORBIDDEN", "This hold belongs to someone else");
      }
      throw new AppError("NOT_FOUND", "Hold not found");
    }
    assertCanRelease(user, current);
    const [row] = await tx.slotReservation.updateManyAndReturn({
      where: { id, status: "held" },
      data: { status: "released", endedAt: deps.clock.now() },
      select: reservationSelect,
    });
    if (!row) {
      throw new AppError("CONFLICT", "This hold is no longer active", { status: current.status });
    }
    const view = toReservationView(row);
    emitHoldChange(emit, "reservation.released", view);
    return view;
  });
}

export async function mine(deps: ApiDeps, user: AuthUser): Promise<ReservationView[]> {
  const rows = await deps.db.slotReservation.findMany({
    where: { patientId: user.id, status: "held", expiresAt: { gt: deps.clock.now() } },
    select: reservationSelect,
    orderBy: { startsAt: "asc" },
  });
  return rows.map(toReservationView);
}
