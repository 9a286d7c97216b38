import { createPrismaClient, prepareAppRole } from "@dentalcare/db";
import { createTestDatabase, type TestDatabase } from "@dentalcare/db/testing";
import { pino } from "pino";
import { inject } from "vitest";
import { hashPassword } from "../auth/passwords.ts";
import { type AuthUser, TokenService } from "../auth/tokens.ts";
import { type Clock, FixedClock } from "../clock.ts";
import { type ApiConfig, defaultApiConfig } from "../config.ts";
import { callerContext } from "../context.ts";
import { scopedPrisma } from "../db-scope.ts";
import type { ApiDeps } from "../deps.ts";
import { EventHub } from "../realtime/hub.ts";
import { createCaller } from "../root.ts";
import type { Role } from "../schemas/common.ts";

// Test harness: a fresh database built from the migrations (no demo data), real services,
// a fixed clock, and callers acting as any user.
//
// Procedures run as the server runs them: on the row-level-security role, as the calling
// user (db-scope.ts). Queries a test makes itself outside any procedure (fixtures, checks of
// what was written) go to the owner's connection, which the policies do not restrict.

/** The app role's password in test clusters (every test file sets the same one). */
export const TEST_APP_ROLE_PASSWORD = "test-app-role-password-0123456789";

export interface TestApi {
  db: TestDatabase;
  deps: ApiDeps;
  hub: EventHub;
  clock: FixedClock;
  tokens: TokenService;
  caller(user: AuthUser | { id: string; role: Role } | null): ReturnType<typeof createCaller>;
  close(): Promise<void>;
}

export async function createTestApi(
  options: {
    now?: string;
    config?: Partial<ApiConfig>;
    clock?: Clock;
    /** false: procedures use the owner's connection too (no row-level security). */
    rls?: boolean;
  } = {},
): Promise<TestApi> {
  const db = await createTestDatabase({
    adminUrl: inject("pgAdminUrl"),
    template: inject("pgTemplate"),
  });
  const clock = new FixedClock(options.now ?? "2030-01-07T08:00:00Z");
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const config = { ...defaultApiConfig, ...options.config };
  const hub = new EventHub({ url: db.url, log, fanout: "local", pollIntervalMs: 200 });
  await hub.start();
  const role = options.rls === false ? null : await prepareAppRole(db.url, TEST_APP_ROLE_PASSWORD);
  if (role && !role.ok) throw new Error(`row-level security role unavailable: ${role.reason}`);
  const appDb = role?.ok ? createPrismaClient(role.url, { maxConnections: 10 }) : null;
  const deps: ApiDeps = {
    db: appDb ? scopedPrisma(appDb, { unscoped: db.prisma }) : db.prisma,
    clock: options.clock ?? clock,
    config,
    log,
    commits: hub,
    hub,
  };
  const tokens = new TokenService({
    secret: config.jwtSecret,
    issuer: config.jwtIssuer,
    ttlSeconds: config.tokenTtlSeconds,
    now: () => deps.clock.now(),
  });
  deps.tokens = tokens;
  return {
    db,
    deps,
    hub,
    clock,
    tokens,
    caller: (user) =>
      createCaller(
        callerContext(deps, user ? { expiresAt: Number.MAX_SAFE_INTEGER, ...user } : null),
      ),
    async close() {
      await hub.stop();
      await appDb?.$disconnect();
      await db.drop();
    },
  };
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function createUser(
  api: Pick<TestApi, "deps">,
  role: Role,
  fields: { email?: string; fullName?: string; password?: string } = {},
): Promise<{ id: string; role: Role; email: string }> {
  const email = fields.email ?? `${role}-${unique()}@test.clinic`;
  const user = await api.deps.db.user.create({
    data: {
      email,
      role,
      fullName: fields.fullName ?? `${role} ${unique()}`,
      passwordHash: await hashPassword(fields.password ?? "password123"),
    },
  });
  return { id: user.id, role, email };
}

/** A dentist working 09:00–12:00 and 13:00–17:00 Monday to Friday in `timeZone`. */
export async function createDentist(
  api: Pick<TestApi, "deps">,
  fields: { timeZone?: string; fullName?: string; specialty?: string; slotMinutes?: number } = {},
): Promise<{ id: string; role: "dentist"; email: string }> {
  const user = await createUser(api, "dentist", { fullName: fields.fullName ?? `Dr ${unique()}` });
  await api.deps.db.dentist.create({
    data: {
      id: user.id,
      specialty: fields.specialty ?? "General dentistry",
      timeZone: fields.timeZone ?? "Europe/London",
      slotMinutes: fields.slotMinutes ?? 15,
      weeklyRanges: {
        create: [1, 2, 3, 4, 5].flatMap((weekday) => [
          { weekday, startMinute: 9 * 60, endMinute: 12 * 60 },
          { weekday, startMinute: 13 * 60, endMinute: 17 * 60 },
        ]),
      },
    },
  });
  return { ...user, role: "dentist" };
}

export const STANDARD_TYPES = [
  { code: "checkup", name: "Checkup", durationMinutes: 30 },
  { code: "cleaning", name: "Cleaning", durationMinutes: 45 },
  { code: "filling", name: "Filling", durationMinutes: 60 },
  { code: "root_canal", name: "Root canal", durationMinutes: 90 },
  { code: "emergency", name: "Emergency", durationMinutes: 30 },
] as const;

export async function createAppointmentTypes(
  api: Pick<TestApi, "deps">,
): Promise<Record<(typeof STANDARD_TYPES)[number]["code"], string>> {
  const out: Record<string, string> = {};
  for (const t of STANDARD_TYPES) {
    const row = await api.deps.db.appointmentType.upsert({
      where: { code: t.code },
      create: t,
      update: {},
    });
    out[t.code] = row.id;
  }
  return out as Record<(typeof STANDARD_TYPES)[number]["code"], string>;
}
