import type { Prisma } from "@dentalcare/db";
import { hashPassword } from "../auth/passwords.ts";
import type { AuthUser } from "../auth/tokens.ts";
import type { ApiDeps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type {
  CreateDentistInput,
  ListDentistsInput,
  UpdateDentistInput,
} from "../schemas/dentists.ts";
import type { DentistView } from "../schemas/views.ts";
import type { Tx } from "../unit-of-work.ts";
import { withChanges } from "../unit-of-work.ts";
import { EMAIL_TAKEN, isUniqueViolation } from "./auth.ts";
import { readSchedule } from "./availability.ts";
import { emitScheduleChange } from "./booking-events.ts";
import { cachesFor } from "./cache.ts";
import { emitProfileUpdated, findProfile } from "./profiles.ts";

const DENTIST_SELECT = {
  id: true,
  specialty: true,
  timeZone: true,
  slotMinutes: true,
  active: true,
  bio: true,
  user: { select: { fullName: true, email: true } },
} as const satisfies Prisma.DentistSelect;

type DentistRow = Prisma.DentistGetPayload<{ select: typeof DENTIST_SELECT }>;

function toDentistView(row: DentistRow): DentistView {
  return {
    id: row.id,
    fullName: row.user.fullName,
    email: row.user.email,
    specialty: row.specialty,
    timeZone: row.timeZone,
    slotMinutes: row.slotMinutes,
    active: row.active,
    bio: row.bio,
  };
}

async function findDentist(db: Pick<Tx, "dentist">, id: string): Promise<DentistView | null> {
  const row = await db.dentist.findUnique({ where: { id }, select: DENTIST_SELECT });
  return row ? toDentistView(row) : null;
}

/** Dentists for a booking screen; patients never see inactive ones. Served from the cache. */
export function listDentists(
  deps: ApiDeps,
  viewer: AuthUser,
  input: ListDentistsInput,
): Promise<DentistView[]> {
  const activeOnly = viewer.role === "patient" || (input.activeOnly ?? true);
  return cachesFor(deps).dentistLists.getOrLoad(activeOnly ? "active" : "all", async () => {
    const rows = await deps.db.dentist.findMany({
      where: activeOnly ? { active: true } : {},
      select: DENTIST_SELECT,
      orderBy: [{ user: { fullName: "asc" } }, { id: "asc" }],
    });
    return rows.map(toDentistView);
  });
}

export function getDentist(deps: ApiDeps, id: string): Promise<DentistView> {
  return cachesFor(deps).dentists.getOrLoad(id, async () => {
    const dentist = await findDentist(deps.db, id);
    if (!dentist) throw new AppError("NOT_FOUND", "Dentist not found", { id });
    return dentist;
  });
}

/**
 * Creates a dentist account. Working hours are set afterwards through availability, so a new
 * dentist has no bookable slots until then.
 */
export async function createDentist(
  deps: ApiDeps,
  actor: AuthUser,
  input: CreateDentistInput,
): Promise<DentistView> {
  const passwordHash = await hashPassword(input.password);
  try {
    const dentist = await withChanges(deps, actor.id, async (tx, emit) => {
      const taken = await tx.user.findUnique({
        where: { email: input.email },
        select: { id: true },
      });
      if (taken) throw new AppError("CONFLICT", EMAIL_TAKEN);
      const user = await tx.user.create({
        data: {
          email: input.email,
          passwordHash,
          role: "dentist",
          fullName: input.fullName,
          dentist: {
            create: {
              specialty: input.specialty,
              timeZone: input.timeZone,
              slotMinutes: input.slotMinutes,
              bio: input.bio ?? null,
            },
          },
        },
        select: { id: true },
      });
      const profile = await findProfile(tx, user.id);
      const view = await findDentist(tx, user.id);
      if (!profile || !view) throw new Error("dentist vanished inside its own transaction");
      emitProfileUpdated(emit, profile);
      return view;
    });
    cachesFor(deps).invalidateDentist(dentist.id);
    return dentist;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", EMAIL_TAKEN);
    throw error;
  }
}

/**
 * Changes a dentist's practice details. The change is announced as `profile.updated` of the
 * dentist's user (its version is bumped so clients that order by version apply it); a new
 * time zone, slot length or deactivation also moves the bookable slots, which clients learn
 * when they refetch on that event.
 */
export async function updateDentist(
  deps: ApiDeps,
  actor: AuthUser,
  input: UpdateDentistInput,
): Promise<DentistView> {
  const { id, ...fields } = input;
  const data: Prisma.DentistUpdateInput = {
    ...(fields.specialty !== undefined ? { specialty: fields.specialty } : {}),
    ...(fields.timeZone !== undefined ? { timeZone: fields.timeZone } : {}),
    ...(fields.slotMinutes !== undefined ? { slotMinutes: fields.slotMinutes } : {}),
    ...(fields.active !== undefined ? { active: fields.active } : {}),
    ...(fields.bio !== undefined ? { bio: fields.bio } : {}),
  };
  const changes = Object.keys(data).length > 0;
  const dentist = await withChanges(deps, actor.id, async (tx, emit) => {
    const current = await findDentist(tx, id);
    if (!current) throw new AppError("NOT_FOUND", "Dentist not found", { id });
    if (!changes) return current;
    await tx.dentist.update({ where: { id }, data: { ...data, version: { increment: 1 } } });
    await tx.user.update({ where: { id }, data: { version: { increment: 1 } } });
    const profile = await findProfile(tx, id);
    const view = await findDentist(tx, id);
    if (!profile || !view) throw new AppError("NOT_FOUND", "Dentist not found", { id });
    emitProfileUpdated(emit, profile);
    // Zone, slot length and active all move the bookable slots: open slot pickers and the
    // chatbot's cache must hear about it like any schedule edit.
    if (
      fields.timeZone !== undefined ||
      fields.slotMinutes !== undefined ||
      fields.active !== undefined
    ) {
      emitScheduleChange(emit, await readSchedule(tx, id, deps.clock.now()));
    }
    return view;
  });
  if (changes) cachesFor(deps).invalidateDentist(id);
  return dentist;
}
