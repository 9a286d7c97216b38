import { expect } from "vitest";
import { z } from "zod";
import { type Context, callerContext, createContextFactory } from "../context.ts";
import { type ErrorCode, toErrorBody } from "../errors.ts";
import { defaultRateLimits } from "../rate-limit.ts";
import { createCaller, type RouterInputs } from "../root.ts";
import type { ChatMessageView } from "../schemas/chat.ts";
import type { AppointmentView, ReservationView } from "../schemas/views.ts";
import {
  createAppointmentTypes,
  createDentist,
  createTestApi,
  createUser,
  type TestApi,
} from "../testing/index.ts";

// The world every case of the access matrix runs in: one patient's appointment with one
// dentist, that patient's hold, chat message and profile edit, and an exception in that
// dentist's schedule. Each case starts from this world as just built, with its own events.

export const NOW = "2030-01-07T08:00:00Z";
/** Tuesday 8 January 2030 in Europe/London (UTC in winter): inside the dentist's hours. */
export const DAY = "2030-01-08";
export const APPOINTMENT_AT = `${DAY}T09:00:00.000Z`;
export const HOLD_AT = `${DAY}T10:00:00.000Z`;
/** A third free time, for new bookings, reschedules and new holds. */
export const FREE_AT = `${DAY}T11:00:00.000Z`;
export const PASSWORD = "password123";

/**
 * Columns of the table, in this order: who calls, relative to the world's resources.
 * `service` is the chatbot worker signed in with its service token (no user, no role).
 */
export const WHO = [
  "anonymous",
  "patient",
  "otherPatient",
  "dentist",
  "otherDentist",
  "admin",
  "service",
] as const;
export type Who = (typeof WHO)[number];
export type Outcome = "ok" | Extract<ErrorCode, "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND">;
export type Row = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];

/** "health.check", "appointments.create", ...: every procedure of the router, by type. */
export type ProcedurePath = {
  [R in keyof RouterInputs & string]: `${R}.${keyof RouterInputs[R] & string}`;
}[keyof RouterInputs & string];

export type Caller = ReturnType<typeof createCaller>;
type User = { id: string; role: "patient" | "dentist" | "admin"; email: string };

export interface Cast {
  patient: User;
  otherPatient: User;
  dentist: User;
  otherDentist: User;
  admin: User;
  types: Awaited<ReturnType<typeof createAppointmentTypes>>;
}

export interface World {
  appointment: AppointmentView;
  hold: ReservationView;
  exceptionId: string;
  chat: ChatMessageView;
}

/**
 * The test API for the matrix. It calls far faster than any client may, so the abuse limits
 * (which have their own tests) are off.
 */
export function createMatrixApi(): Promise<TestApi> {
  const off = { limit: 0, windowSeconds: 60 };
  const rateLimits = Object.fromEntries(Object.keys(defaultRateLimits).map((kind) => [kind, off]));
  return createTestApi({ now: NOW, config: { rateLimits } });
}

export async function createCast(api: TestApi): Promise<Cast> {
  return {
    patient: await createUser(api, "patient", { password: PASSWORD }),
    otherPatient: await createUser(api, "patient"),
    dentist: await createDentist(api),
    otherDentist: await createDentist(api),
    admin: await createUser(api, "admin"),
    types: await createAppointmentTypes(api),
  };
}

export function userOf(cast: Cast, who: Who): User | null {
  return who === "anonymous" || who === "service" ? null : cast[who];
}

/** The request context of `who`; the service signs in with a real service token. */
export async function contextOf(api: TestApi, cast: Cast, who: Who): Promise<Context> {
  if (who === "service") {
    const { token } = await api.tokens.issueService("chatbot");
    const create = createContextFactory(api.deps, api.tokens);
    return create({ req: { headers: { authorization: `Bearer ${token}` } } });
  }
  const user = userOf(cast, who);
  return callerContext(api.deps, user ? { ...user, expiresAt: Number.MAX_SAFE_INTEGER } : null);
}

export async function callerOf(api: TestApi, cast: Cast, who: Who): Promise<Caller> {
  return who === "service"
    ? createCaller(await contextOf(api, cast, who))
    : api.caller(userOf(cast, who));
}

export const STANDARD_WEEK = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, startMinute: 9 * 60, endMinute: 12 * 60 },
  { weekday, startMinute: 13 * 60, endMinute: 17 * 60 },
]);

/** Undoes what earlier cases did, then builds the world through the API as its owners would. */
export async function buildWorld(api: TestApi, cast: Cast): Promise<World> {
  api.clock.set(NOW);
  const db = api.db.prisma;
  await db.appointment.deleteMany({});
  await db.slotReservation.deleteMany({});
  await db.availabilityException.deleteMany({});
  await db.availabilityRange.deleteMany({ where: { dentistId: cast.dentist.id } });
  await db.availabilityRange.createMany({
    data: STANDARD_WEEK.map((r) => ({ dentistId: cast.dentist.id, ...r })),
  });
  const patient = api.caller(cast.patient);
  const appointment = await patient.appointments.create({
    dentistId: cast.dentist.id,
    typeId: cast.types.checkup,
    startsAt: APPOINTMENT_AT,
  });
  const hold = await patient.reservations.hold({
    dentistId: cast.dentist.id,
    typeId: cast.types.checkup,
    startsAt: HOLD_AT,
  });
  const schedule = await api.caller(cast.dentist).availability.addException({
    dentistId: cast.dentist.id,
    date: "2030-01-10",
    closed: true,
  });
  const exception = schedule.exceptions[0];
  if (!exception) throw new Error("the exception was not stored");
  await patient.profiles.updateMe({ fullName: "Patient A", phone: "+44 20 7946 0000" });
  const chat = await patient.chat.send({ text: "I need a checkup" });
  return { appointment, hold, exceptionId: exception.id, chat };
}

/** Everything a procedure could change, to prove a refused call changed nothing. */
export async function snapshot(api: TestApi, cast: Cast): Promise<unknown> {
  const db = api.db.prisma;
  const byId = { orderBy: { id: "asc" } } as const;
  const [appointments, holds, dentists, ranges, exceptions, users, chats, messages, events] =
    await Promise.all([
      db.appointment.findMany(byId),
      db.slotReservation.findMany(byId),
      db.dentist.findMany(byId),
      db.availabilityRange.findMany(byId),
      db.availabilityException.findMany(byId),
      db.user.findMany({ ...byId, omit: { passwordHash: true } }),
      db.chatConversation.findMany(byId),
      db.chatMessage.findMany(byId),
      db.realtimeEvent.count(),
    ]);
  // An empty snapshot would prove nothing (say, if these reads were ever filtered).
  expect(users.some((u) => u.id === cast.patient.id)).toBe(true);
  expect(appointments).not.toHaveLength(0);
  return { appointments, holds, dentists, ranges, exceptions, users, chats, messages, events };
}

/** The outcome of a call: "ok", or the public error code it failed with. */
export async function outcomeOf<T>(
  attempt: () => Promise<T>,
): Promise<{ outcome: "ok"; result: T } | { outcome: ErrorCode; message: string }> {
  try {
    return { outcome: "ok", result: await attempt() };
  } catch (error) {
    const body = toErrorBody(error);
    return { outcome: body.code, message: body.message };
  }
}

const changeEvent = z.looseObject({
  type: z.string(),
  recordId: z.string(),
  channels: z.array(z.string()),
});
/** The event as delivered, with its full text to look for identities it must not carry. */
export type SeenEvent = z.infer<typeof changeEvent> & { json: string };

/**
 * Starts a subscription in `context` and returns its first event, or null when nothing
 * arrives within `quietMs` (allowed, but nothing on the channels this caller was given).
 * Errors from the authorization middleware or the channel check propagate.
 */
export async function firstEvent(
  context: Context,
  start: (caller: Caller) => Promise<AsyncIterable<unknown>>,
  quietMs = 300,
): Promise<SeenEvent | null> {
  const abort = new AbortController();
  const iterator = (await start(createCaller(context, { signal: abort.signal })))[
    Symbol.asyncIterator
  ]();
  let timer: NodeJS.Timeout | undefined;
  try {
    const next = iterator.next();
    const quiet = new Promise<"quiet">((resolve) => {
      timer = setTimeout(() => resolve("quiet"), quietMs);
    });
    const first = await Promise.race([next, quiet]);
    if (first === "quiet") {
      abort.abort();
      await next;
      return null;
    }
    if (first.done) return null;
    // Tracked items arrive as [id, event, marker].
    const item: unknown = first.value;
    const event = changeEvent.parse(Array.isArray(item) ? item[1] : item);
    return { ...event, json: JSON.stringify(event) };
  } finally {
    clearTimeout(timer);
    abort.abort();
    await iterator.return?.(undefined);
  }
}

/** One call of the matrix: who calls, in which world, with which client. */
export interface Trial {
  api: TestApi;
  cast: Cast;
  w: World;
  who: Who;
  caller: Caller;
  /** The event log position before the world was built: subscriptions replay from here. */
  since: string;
}

export type Setup = Pick<Trial, "api" | "cast" | "w">;

export interface Case {
  variant: string;
  row: Row;
  /** Runs before the "before" snapshot, e.g. to move the appointment along. */
  prepare?: (s: Setup) => Promise<unknown>;
  /** Calls the procedure; the returned function checks the effect of an allowed call. */
  run: (t: Trial) => Promise<() => unknown>;
}

/** A case whose verification sees the typed result of its call. */
export function cell<T>(spec: {
  variant: string;
  row: Row;
  prepare?: (s: Setup) => Promise<unknown>;
  run: (t: Trial) => Promise<T>;
  verify?: (result: T, t: Trial) => unknown;
}): Case {
  return {
    variant: spec.variant,
    row: spec.row,
    ...(spec.prepare ? { prepare: spec.prepare } : {}),
    run: async (t) => {
      const result = await spec.run(t);
      return () => spec.verify?.(result, t);
    },
  };
}

/** Who may learn the world's patient from an event: the patient, their dentist, admins, the bot. */
const PATIENTS_CIRCLE: readonly Who[] = ["patient", "dentist", "admin", "service"];

/**
 * Subscribes from the world's start and expects the first event only for `seenBy` (the others
 * get nothing). Whatever arrives, nobody outside `mayIdentify` may find the patient's id
 * anywhere in it, payload or actor: what a stranger receives is anonymous.
 */
export function liveCase(
  variant: string,
  row: Row,
  start: (c: Caller, t: Trial) => Promise<AsyncIterable<unknown>>,
  first: {
    type: string;
    recordId: (t: Trial) => string;
    seenBy: readonly Who[];
    mayIdentify?: readonly Who[];
    /** The only payload fields a caller outside `mayIdentify` may receive. */
    strangerPayload?: readonly string[];
  },
): Case {
  return cell({
    variant,
    row,
    run: async (t) => firstEvent(await contextOf(t.api, t.cast, t.who), (c) => start(c, t)),
    verify: (event: SeenEvent | null, t) => {
      if (!first.seenBy.includes(t.who)) return expect(event).toBeNull();
      expect(event?.type).toBe(first.type);
      expect(event?.recordId).toBe(first.recordId(t));
      if (!(first.mayIdentify ?? PATIENTS_CIRCLE).includes(t.who)) {
        if (first.strangerPayload) {
          const fields = Object.keys(z.record(z.string(), z.unknown()).parse(event?.payload));
          expect.soft(fields.sort(), "payload fields").toEqual([...first.strangerPayload].sort());
        }
        expect(event?.json, "the event names the patient").not.toContain(t.cast.patient.id);
      }
    },
  });
}
