import { randomBytes, randomUUID } from "node:crypto";
import { Prisma } from "@dentalcare/db";
import { hashPassword, verifyPassword } from "../auth/passwords.ts";
import type { AuthUser, TokenService } from "../auth/tokens.ts";
import type { ApiDeps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { AuthResult, LoginInput, RegisterInput } from "../schemas/auth.ts";
import type { ProfileView } from "../schemas/views.ts";
import { withChanges } from "../unit-of-work.ts";
import { emitProfileUpdated, getOwnProfile, PROFILE_SELECT, toProfileView } from "./profiles.ts";

export const INVALID_CREDENTIALS = "Invalid email or password";
export const EMAIL_TAKEN = "An account with this email already exists";

export function tokenService(deps: Pick<ApiDeps, "tokens">): TokenService {
  if (!deps.tokens) throw new Error("ApiDeps.tokens is not configured");
  return deps.tokens;
}

/** True for a unique-constraint violation (a concurrent insert of the same email). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

async function signIn(tokens: TokenService, user: ProfileView): Promise<AuthResult> {
  const { token, expiresAt } = await tokens.issue({ id: user.id, role: user.role });
  return { token, expiresAt, user };
}

/** Creates a patient account and signs it in. */
export async function register(deps: ApiDeps, input: RegisterInput): Promise<AuthResult> {
  const tokens = tokenService(deps);
  const passwordHash = await hashPassword(input.password);
  // The id is chosen here so the new patient is the recorded actor of their own sign-up.
  const id = randomUUID();
  try {
    const user = await withChanges(deps, id, async (tx, emit) => {
      const taken = await tx.user.findUnique({
        where: { email: input.email },
        select: { id: true },
      });
      if (taken) throw new AppError("CONFLICT", EMAIL_TAKEN);
      const row = await tx.user.create({
        data: {
          id,
          email: input.email,
          passwordHash,
          role: "patient",
          fullName: input.fullName,
          phone: input.phone ?? null,
        },
        select: PROFILE_SELECT,
      });
      const profile = toProfileView(row);
      // A new patient appears in the staff's patient list.
      emitProfileUpdated(emit, profile);
      return profile;
    });
    return await signIn(tokens, user);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", EMAIL_TAKEN);
    throw error;
  }
}

// A real scrypt hash of a random password, compared against when the email is unknown, so
// that a wrong email costs the same time as a wrong password and the two cannot be told apart.
let decoyHash: Promise<string> | undefined;
function decoy(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(32).toString("base64"));
  return decoyHash;
}

export async function login(deps: ApiDeps, input: LoginInput): Promise<AuthResult> {
  const tokens = tokenService(deps);
  const row = await deps.db.user.findUnique({
    where: { email: input.email },
    select: { ...PROFILE_SELECT, passwordHash: true },
  });
  const matches = await verifyPassword(input.password, row?.passwordHash ?? (await decoy()));
  if (!row || !matches) throw new AppError("UNAUTHORIZED", INVALID_CREDENTIALS);
  const { passwordHash: _, ...profile } = row;
  return signIn(tokens, toProfileView(profile));
}

/**
 * A sliding session: a still-valid token is exchanged for a fresh one. The role comes from the
 * database, so a changed role takes effect; a deleted user gets "Invalid token".
 */
export async function refresh(deps: ApiDeps, user: AuthUser): Promise<AuthResult> {
  // A token lent to a service for one conversation must not turn into a full session.
  if (user.actor) {
    throw new AppError("FORBIDDEN", "A token held on someone's behalf cannot be refreshed");
  }
  const tokens = tokenService(deps);
  return signIn(tokens, await getOwnProfile(deps, user));
}
