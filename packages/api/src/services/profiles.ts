import type { Prisma } from "@dentalcare/db";
import type { AuthUser } from "../auth/tokens.ts";
import type { ApiDeps } from "../deps.ts";
import { AppError, INVALID_TOKEN } from "../errors.ts";
import { channels } from "../realtime/channels.ts";
import type { ListProfilesInput, ProfilePage, UpdateProfileInput } from "../schemas/profiles.ts";
import type { ProfileView } from "../schemas/views.ts";
import type { Emit, Tx } from "../unit-of-work.ts";
import { withChanges } from "../unit-of-work.ts";
import { cachesFor } from "./cache.ts";

/** The columns a profile shows; never the password hash. */
export const PROFILE_SELECT = {
  id: true,
  email: true,
  role: true,
  fullName: true,
  phone: true,
  dateOfBirth: true,
  version: true,
  updatedAt: true,
} as const satisfies Prisma.UserSelect;

type ProfileRow = Prisma.UserGetPayload<{ select: typeof PROFILE_SELECT }>;

export function toProfileView(row: ProfileRow): ProfileView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    fullName: row.fullName,
    phone: row.phone,
    dateOfBirth: row.dateOfBirth ? row.dateOfBirth.toISOString().slice(0, 10) : null,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Tells every screen showing this profile (its owner, the clinic's staff) that it changed. */
export function emitProfileUpdated(emit: Emit, profile: ProfileView): void {
  emit({
    type: "profile.updated",
    table: "users",
    recordId: profile.id,
    channels: [channels.profileOf(profile.id), channels.profilesAll()],
    payload: { profile },
  });
}

type Db = Pick<Tx, "user">;

export async function findProfile(db: Db, id: string): Promise<ProfileView | null> {
  const row = await db.user.findUnique({ where: { id }, select: PROFILE_SELECT });
  return row ? toProfileView(row) : null;
}

/** The caller's own profile. A valid token whose user is gone is no longer valid. */
export async function getOwnProfile(deps: ApiDeps, user: AuthUser): Promise<ProfileView> {
  const profile = await findProfile(deps.db, user.id);
  if (!profile) throw new AppError("UNAUTHORIZED", INVALID_TOKEN);
  return profile;
}

/** Staff may read any profile; a patient only their own. */
export async function getProfile(
  deps: ApiDeps,
  viewer: AuthUser,
  id: string,
): Promise<ProfileView> {
  if (viewer.role === "patient" && viewer.id !== id) {
    throw new AppError("FORBIDDEN", "Patients may only view their own profile");
  }
  const profile = await findProfile(deps.db, id);
  if (!profile) throw new AppError("NOT_FOUND", "Profile not found", { id });
  return profile;
}

function parseDateOfBirth(
  deps: ApiDeps,
  value: string | null | undefined,
): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const date = new Date(`${value}T00:00:00Z`);
  const today = deps.clock.now().toISOString().slice(0, 10);
  if (value > today || date.getUTCFullYear() < 1900) {
    throw new AppError("VALIDATION_ERROR", "Invalid input", {
      fields: { dateOfBirth: ["must be a past date after 1900"] },
    });
  }
  return date;
}

export async function updateProfile(
  deps: ApiDeps,
  actor: AuthUser,
  userId: string,
  input: UpdateProfileInput,
): Promise<ProfileView> {
  const dateOfBirth = parseDateOfBirth(deps, input.dateOfBirth);
  const data: Prisma.UserUpdateManyMutationInput = {
    ...(input.fullName !== undefined ? { fullName: input.fullName } : {}),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
    ...(dateOfBirth !== undefined ? { dateOfBirth } : {}),
  };
  const changes = Object.keys(data).length > 0;
  const profile = await withChanges(deps, actor.id, async (tx, emit) => {
    const current = await findProfile(tx, userId);
    if (!current) throw new AppError("NOT_FOUND", "Profile not found", { id: userId });
    if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
      throw new AppError("CONFLICT", "The profile was changed by someone else; reload it", {
        expectedVersion: input.expectedVersion,
        currentVersion: current.version,
      });
    }
    if (!changes) return current;
    // The version in the WHERE makes a concurrent writer that read the same version lose.
    const updated = await tx.user.updateMany({
      where: { id: userId, version: current.version },
      data: { ...data, version: { increment: 1 } },
    });
    if (updated.count === 0) {
      throw new AppError("CONFLICT", "The profile was changed by someone else; reload it");
    }
    const next = await findProfile(tx, userId);
    if (!next) throw new AppError("NOT_FOUND", "Profile not found", { id: userId });
    emitProfileUpdated(emit, next);
    return next;
  });
  if (changes && profile.role === "dentist") cachesFor(deps).invalidateDentist(profile.id);
  return profile;
}

export async function listPatients(deps: ApiDeps, input: ListProfilesInput): Promise<ProfilePage> {
  const search = input.search?.trim();
  const where: Prisma.UserWhereInput = {
    role: "patient",
    ...(search
      ? {
          OR: [
            { fullName: { contains: search, mode: "insensitive" } },
            { email: { contains: search, mode: "insensitive" } },
            { phone: { contains: search } },
          ],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    deps.db.user.count({ where }),
    deps.db.user.findMany({
      where,
      select: PROFILE_SELECT,
      orderBy: [{ fullName: "asc" }, { id: "asc" }],
      take: input.limit,
      skip: input.offset,
    }),
  ]);
  return {
    data: rows.map(toProfileView),
    pagination: {
      total,
      limit: input.limit,
      offset: input.offset,
      hasMore: input.offset + rows.length < total,
    },
  };
}
