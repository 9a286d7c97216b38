import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { appRouter } from "../root.ts";
import type { TestApi } from "../testing/index.ts";
import {
  APPOINTMENT_AT,
  buildWorld,
  type Case,
  type Cast,
  callerOf,
  cell,
  createCast,
  createMatrixApi,
  DAY,
  FREE_AT,
  HOLD_AT,
  liveCase,
  type Outcome,
  outcomeOf,
  PASSWORD,
  type ProcedurePath,
  type Row,
  STANDARD_WEEK,
  snapshot,
  type Trial,
  userOf,
  WHO,
  type World,
} from "./access-matrix.fixtures.ts";
import { eventCursor } from "./booking.testkit.ts";

// Requirements 5.3 and 5.4 as one table: every procedure × every kind of caller → allowed
// ("ok", with its effect checked) or the exact error. The world's resources belong to
// `patient` (an appointment with `dentist`, a hold, a chat, a profile) and to `dentist` (a
// schedule with an exception); `otherPatient` and `otherDentist` are strangers to them. A
// refused call, a read and a subscription leave every table and the event log as they were.

const OK = "ok";
const U = "UNAUTHORIZED";
const F = "FORBIDDEN";
const N = "NOT_FOUND";

const selfId = (t: Trial) => userOf(t.cast, t.who)?.id;
const isStaff = (t: Trial) => t.who === "dentist" || t.who === "otherDentist" || t.who === "admin";
/** The owner's connection, which row-level security does not filter: the checks see all. */
const db = (t: Trial) => t.api.db.prisma;
const appointmentRow = (t: Trial) =>
  db(t).appointment.findUniqueOrThrow({ where: { id: t.w.appointment.id } });
let serial = 0;

/** Lists hold the world's appointment exactly for those entitled to it, and nothing foreign. */
function listsOnlyOwn(
  page: { data: { id: string; patientId: string; dentistId: string }[] },
  t: Trial,
) {
  const entitled = t.who === "patient" || t.who === "dentist" || t.who === "admin";
  expect(page.data.some((a) => a.id === t.w.appointment.id)).toBe(entitled);
  for (const a of page.data) {
    if (t.who === "patient" || t.who === "otherPatient") expect(a.patientId).toBe(selfId(t));
    if (t.who === "dentist" || t.who === "otherDentist") expect(a.dentistId).toBe(selfId(t));
  }
}

const bookAt = (t: Trial, startsAt: string) => ({
  dentistId: t.cast.dentist.id,
  typeId: t.cast.types.checkup,
  startsAt,
});

/** A slot feed is for everyone, so what it says about a booking must be anonymous. */
const slotFeed = {
  type: "slots.changed",
  recordId: (t: Trial) => t.w.appointment.id,
  seenBy: WHO,
  strangerPayload: ["dentistId", "startsAt", "endsAt", "effect", "reason"],
};

// Columns: anonymous, patient, otherPatient, dentist, otherDentist, admin, service.
const MATRIX: Record<ProcedurePath, Case[]> = {
  "health.check": [
    cell({
      variant: "system health",
      row: [OK, OK, OK, OK, OK, OK, OK],
      run: (t) => t.caller.health.check(),
      verify: (r) => expect(r.checks.database?.status).toBe("ok"),
    }),
  ],
  "auth.register": [
    cell({
      variant: "a new patient account",
      row: [OK, OK, OK, OK, OK, OK, OK],
      run: (t) =>
        t.caller.auth.register({
          email: `new-${t.who}-${serial++}@test.clinic`,
          password: PASSWORD,
          fullName: "New Patient",
        }),
      verify: async (r, t) =>
        expect(await db(t).user.findUnique({ where: { id: r.user.id } })).toMatchObject({
          role: "patient",
        }),
    }),
  ],
  "auth.login": [
    cell({
      variant: "the patient's credentials",
      row: [OK, OK, OK, OK, OK, OK, OK],
      run: (t) => t.caller.auth.login({ email: t.cast.patient.email, password: PASSWORD }),
      verify: (r, t) => expect(r.user.id).toBe(t.cast.patient.id),
    }),
  ],
  "auth.me": [
    cell({
      variant: "oneself",
      row: [U, OK, OK, OK, OK, OK, U],
      run: (t) => t.caller.auth.me(),
      verify: (r, t) => expect(r.id).toBe(selfId(t)),
    }),
  ],
  "auth.refresh": [
    cell({
      variant: "own session",
      row: [U, OK, OK, OK, OK, OK, U],
      run: (t) => t.caller.auth.refresh(),
      verify: (r, t) => expect(r.user.id).toBe(selfId(t)),
    }),
  ],
  "profiles.me": [
    cell({
      variant: "own profile",
      row: [U, OK, OK, OK, OK, OK, U],
      run: (t) => t.caller.profiles.me(),
      verify: (r, t) => expect(r.id).toBe(selfId(t)),
    }),
  ],
  "profiles.updateMe": [
    cell({
      variant: "own profile",
      row: [U, OK, OK, OK, OK, OK, U],
      run: (t) => t.caller.profiles.updateMe({ fullName: `Renamed ${t.who}` }),
      verify: async (r, t) => {
        expect(r.id).toBe(selfId(t));
        const self = await db(t).user.findUnique({ where: { id: r.id } });
        expect(self?.fullName).toBe(`Renamed ${t.who}`);
        const patient = await db(t).user.findUnique({ where: { id: t.cast.patient.id } });
        if (t.who !== "patient") expect(patient?.fullName).toBe("Patient A");
      },
    }),
  ],
  "profiles.list": [
    cell({
      variant: "the patient list",
      row: [U, F, F, OK, OK, OK, U],
      run: (t) => t.caller.profiles.list({ search: t.cast.patient.email }),
      verify: (r, t) => expect(r.data.map((p) => p.id)).toEqual([t.cast.patient.id]),
    }),
  ],
  "profiles.byId": [
    cell({
      variant: "the patient's profile",
      row: [U, OK, F, OK, OK, OK, U],
      run: (t) => t.caller.profiles.byId({ id: t.cast.patient.id }),
      verify: (r, t) => expect(r.id).toBe(t.cast.patient.id),
    }),
  ],
  "dentists.list": [
    cell({
      variant: "the directory",
      row: [U, OK, OK, OK, OK, OK, U],
      run: (t) => t.caller.dentists.list({}),
      verify: (r, t) => expect(r.map((d) => d.id)).toContain(t.cast.dentist.id),
    }),
  ],
  "dentists.byId": [
    cell({
      variant: "the dentist",
      row: [U, OK, OK, OK, OK, OK, U],
      run: (t) => t.caller.dentists.byId({ id: t.cast.dentist.id }),
      verify: (r, t) => expect(r.id).toBe(t.cast.dentist.id),
    }),
  ],
  "dentists.create": [
    cell({
      variant: "a new dentist account",
      row: [U, F, F, F, F, OK, U],
      run: (t) =>
        t.caller.dentists.create({
          email: `dr-${t.who}-${serial++}@test.clinic`,
          password: PASSWORD,
          fullName: "Dr New",
          specialty: "Orthodontics",
          timeZone: "Europe/London",
        }),
      verify: async (r, t) =>
        expect(await db(t).dentist.findUnique({ where: { id: r.id } })).not.toBeNull(),
    }),
  ],
  "dentists.update": [
    cell({
      variant: "the dentist's practice details",
      row: [U, F, F, F, F, OK, U],
      run: (t) => t.caller.dentists.update({ id: t.cast.dentist.id, bio: `Edited by ${t.who}` }),
      verify: async (_r, t) =>
        expect(await db(t).dentist.findUnique({ where: { id: t.cast.dentist.id } })).toMatchObject({
          bio: `Edited by ${t.who}`,
        }),
    }),
  ],
  "appointmentTypes.list": [
    cell({
      variant: "the catalogue",
      row: [U, OK, OK, OK, OK, OK, U],
      run: (t) => t.caller.appointmentTypes.list(),
      verify: (r) => expect(r).toHaveLength(5),
    }),
  ],
  "availability.get": [
    cell({
      variant: "the dentist's schedule",
      row: [U, OK, OK, OK, OK, OK, U],
      run: (t) => t.caller.availability.get({ dentistId: t.cast.dentist.id }),
      verify: (r, t) => expect(r.exceptions.map((e) => e.id)).toEqual([t.w.exceptionId]),
    }),
  ],
  "availability.slots": [
    cell({
      variant: "the dentist's free slots",
      row: [U, OK, OK, OK, OK, OK, U],
      run: (t) =>
        t.caller.availability.slots({
          dentistId: t.cast.dentist.id,
          date: DAY,
          durationMinutes: 30,
        }),
      verify: (r) => expect(r.slots.map((s) => s.startsAt)).not.toContain(APPOINTMENT_AT),
    }),
  ],
  "availability.update": [
    cell({
      variant: "the dentist's weekly hours",
      row: [U, F, F, OK, F, OK, U],
      run: (t) =>
        t.caller.availability.update({
          dentistId: t.cast.dentist.id,
          weekly: [...STANDARD_WEEK, { weekday: 6, startMinute: 540, endMinute: 720 }],
        }),
      verify: async (_r, t) =>
        expect(
          await db(t).availabilityRange.count({
            where: { dentistId: t.cast.dentist.id, weekday: 6 },
          }),
        ).toBe(1),
    }),
  ],
  "availability.addException": [
    cell({
      variant: "the dentist's schedule",
      row: [U, F, F, OK, F, OK, U],
      run: (t) =>
        t.caller.availability.addException({
          dentistId: t.cast.dentist.id,
          date: "2030-01-11",
          closed: true,
        }),
      verify: async (_r, t) =>
        expect(
          await db(t).availabilityException.count({ where: { dentistId: t.cast.dentist.id } }),
        ).toBe(2),
    }),
  ],
  "availability.removeException": [
    cell({
      variant: "the dentist's exception",
      row: [U, F, F, OK, F, OK, U],
      run: (t) => t.caller.availability.removeException({ id: t.w.exceptionId }),
      verify: async (_r, t) =>
        expect(
          await db(t).availabilityException.findUnique({ where: { id: t.w.exceptionId } }),
        ).toBeNull(),
    }),
  ],
  "reservations.hold": [
    cell({
      variant: "a free slot for oneself",
      row: [U, OK, OK, F, F, F, U],
      run: (t) => t.caller.reservations.hold(bookAt(t, FREE_AT)),
      verify: async (r, t) => {
        expect(r.patientId).toBe(selfId(t));
        const row = await db(t).slotReservation.findUnique({ where: { id: r.id } });
        expect(row?.status).toBe("held");
      },
    }),
  ],
  "reservations.release": [
    cell({
      variant: "the patient's hold",
      row: [U, OK, F, OK, F, OK, U],
      run: (t) => t.caller.reservations.release({ id: t.w.hold.id }),
      verify: async (_r, t) =>
        expect(
          await db(t).slotReservation.findUnique({ where: { id: t.w.hold.id } }),
        ).toMatchObject({ status: "released" }),
    }),
  ],
  "reservations.mine": [
    cell({
      variant: "own holds",
      row: [U, OK, OK, OK, OK, OK, U],
      run: (t) => t.caller.reservations.mine(),
      verify: (r, t) =>
        expect(r.map((h) => h.id)).toEqual(t.who === "patient" ? [t.w.hold.id] : []),
    }),
  ],
  "appointments.list": [
    cell({
      variant: "no filter",
      row: [U, OK, OK, OK, OK, OK, U],
      run: (t) => t.caller.appointments.list({}),
      verify: listsOnlyOwn,
    }),
    cell({
      variant: "patientId = the patient",
      row: [U, OK, F, OK, OK, OK, U],
      run: (t) => t.caller.appointments.list({ patientId: t.cast.patient.id }),
      verify: listsOnlyOwn,
    }),
    cell({
      variant: "dentistId = the dentist",
      row: [U, OK, OK, OK, F, OK, U],
      run: (t) => t.caller.appointments.list({ dentistId: t.cast.dentist.id }),
      verify: listsOnlyOwn,
    }),
  ],
  "appointments.byId": [
    cell({
      variant: "the appointment",
      row: [U, OK, F, OK, F, OK, U],
      run: (t) => t.caller.appointments.byId({ id: t.w.appointment.id }),
      verify: (r, t) => expect(r.id).toBe(t.w.appointment.id),
    }),
  ],
  "appointments.create": [
    cell({
      variant: "the patient with the dentist",
      row: [U, OK, F, OK, F, OK, U],
      run: (t) =>
        t.caller.appointments.create({ ...bookAt(t, FREE_AT), patientId: t.cast.patient.id }),
      verify: async (r, t) =>
        expect(await db(t).appointment.findUnique({ where: { id: r.id } })).toMatchObject({
          patientId: t.cast.patient.id,
          dentistId: t.cast.dentist.id,
        }),
    }),
    // Someone else's hold is not found rather than forbidden: its existence stays private.
    cell({
      variant: "the patient's held slot",
      row: [U, OK, N, OK, F, OK, U],
      run: (t) =>
        t.caller.appointments.create({
          ...bookAt(t, HOLD_AT),
          reservationId: t.w.hold.id,
          ...(isStaff(t) ? { patientId: t.cast.patient.id } : {}),
        }),
      verify: async (r, t) => {
        expect(r.patientId).toBe(t.cast.patient.id);
        const hold = await db(t).slotReservation.findUnique({ where: { id: t.w.hold.id } });
        expect(hold?.status).toBe("converted");
      },
    }),
    // Staff notes are the clinic's: update refuses them from patients, and so must create.
    cell({
      variant: "with staff notes",
      row: [U, F, F, OK, F, OK, U],
      run: (t) =>
        t.caller.appointments.create({
          ...bookAt(t, FREE_AT),
          patientId: t.cast.patient.id,
          notes: `by ${t.who}`,
        }),
      verify: async (r, t) =>
        expect(await db(t).appointment.findUnique({ where: { id: r.id } })).toMatchObject({
          notes: `by ${t.who}`,
        }),
    }),
    cell({
      variant: "as source admin",
      row: [U, F, F, OK, F, OK, U],
      run: (t) =>
        t.caller.appointments.create({
          ...bookAt(t, FREE_AT),
          patientId: t.cast.patient.id,
          source: "admin",
        }),
      verify: (r) => expect(r).toMatchObject({ source: "admin", status: "confirmed" }),
    }),
  ],
  "appointments.update": [
    cell({
      variant: "patient notes",
      row: [U, OK, F, OK, F, OK, U],
      run: (t) =>
        t.caller.appointments.update({ id: t.w.appointment.id, patientNotes: `by ${t.who}` }),
      verify: async (_r, t) =>
        expect(await appointmentRow(t)).toMatchObject({ patientNotes: `by ${t.who}`, version: 2 }),
    }),
    cell({
      variant: "staff notes",
      row: [U, F, F, OK, F, OK, U],
      run: (t) => t.caller.appointments.update({ id: t.w.appointment.id, notes: `by ${t.who}` }),
      verify: async (_r, t) =>
        expect(await appointmentRow(t)).toMatchObject({ notes: `by ${t.who}` }),
    }),
    cell({
      variant: "reschedule",
      row: [U, OK, F, OK, F, OK, U],
      run: (t) => t.caller.appointments.update({ id: t.w.appointment.id, startsAt: FREE_AT }),
      verify: async (_r, t) =>
        expect((await appointmentRow(t)).startsAt.toISOString()).toBe(FREE_AT),
    }),
  ],
  "appointments.cancel": [
    cell({
      variant: "the appointment",
      row: [U, OK, F, OK, F, OK, U],
      run: (t) => t.caller.appointments.cancel({ id: t.w.appointment.id, reason: t.who }),
      verify: async (_r, t) =>
        expect(await appointmentRow(t)).toMatchObject({
          status: "cancelled",
          cancellationReason: t.who,
        }),
    }),
  ],
  "appointments.confirm": [
    cell({
      variant: "the pending appointment",
      row: [U, F, F, OK, F, OK, U],
      run: (t) => t.caller.appointments.confirm({ id: t.w.appointment.id }),
      verify: async (_r, t) =>
        expect(await appointmentRow(t)).toMatchObject({ status: "confirmed" }),
    }),
  ],
  "appointments.complete": [
    cell({
      variant: "the confirmed appointment, once started",
      row: [U, F, F, OK, F, OK, U],
      prepare: async (s) => {
        await s.api.caller(s.cast.admin).appointments.confirm({ id: s.w.appointment.id });
        s.api.clock.set(`${DAY}T09:15:00Z`);
      },
      run: (t) => t.caller.appointments.complete({ id: t.w.appointment.id }),
      verify: async (_r, t) =>
        expect(await appointmentRow(t)).toMatchObject({ status: "completed" }),
    }),
  ],
  "live.onAppointments": [
    liveCase(
      "no scope",
      [U, OK, OK, OK, OK, OK, U],
      (c, t) => c.live.onAppointments({ lastEventId: t.since }),
      {
        type: "appointment.created",
        recordId: (t) => t.w.appointment.id,
        seenBy: ["patient", "dentist", "admin"],
      },
    ),
    liveCase(
      "patientId = the patient",
      [U, OK, F, F, F, OK, U],
      (c, t) => c.live.onAppointments({ lastEventId: t.since, patientId: t.cast.patient.id }),
      {
        type: "appointment.created",
        recordId: (t) => t.w.appointment.id,
        seenBy: ["patient", "admin"],
      },
    ),
    liveCase(
      "dentistId = the dentist",
      [U, F, F, OK, F, OK, U],
      (c, t) => c.live.onAppointments({ lastEventId: t.since, dentistId: t.cast.dentist.id }),
      {
        type: "appointment.created",
        recordId: (t) => t.w.appointment.id,
        seenBy: ["dentist", "admin"],
      },
    ),
  ],
  "live.onAvailability": [
    liveCase(
      "dentistId = the dentist",
      [U, OK, OK, OK, OK, OK, OK],
      (c, t) => c.live.onAvailability({ lastEventId: t.since, dentistId: t.cast.dentist.id }),
      { type: "availability.updated", recordId: (t) => t.cast.dentist.id, seenBy: WHO },
    ),
    liveCase(
      "all dentists",
      [U, OK, OK, OK, OK, OK, OK],
      (c, t) => c.live.onAvailability({ lastEventId: t.since }),
      { type: "availability.updated", recordId: (t) => t.cast.dentist.id, seenBy: WHO },
    ),
  ],
  "live.onSlots": [
    liveCase(
      "dentistId = the dentist",
      [U, OK, OK, OK, OK, OK, OK],
      (c, t) => c.live.onSlots({ lastEventId: t.since, dentistId: t.cast.dentist.id }),
      slotFeed,
    ),
    liveCase(
      "all dentists",
      [U, OK, OK, OK, OK, OK, OK],
      (c, t) => c.live.onSlots({ lastEventId: t.since }),
      slotFeed,
    ),
  ],
  // Staff may read every profile (profiles.list and byId), so their feed may name anyone.
  "live.onProfiles": [
    liveCase(
      "userId = the patient",
      [U, OK, F, OK, OK, OK, U],
      (c, t) => c.live.onProfiles({ lastEventId: t.since, userId: t.cast.patient.id }),
      {
        type: "profile.updated",
        recordId: (t) => t.cast.patient.id,
        seenBy: WHO,
        mayIdentify: WHO,
      },
    ),
    liveCase(
      "no scope",
      [U, OK, OK, OK, OK, OK, U],
      (c, t) => c.live.onProfiles({ lastEventId: t.since }),
      {
        type: "profile.updated",
        recordId: (t) => t.cast.patient.id,
        seenBy: ["patient", "dentist", "otherDentist", "admin"],
        mayIdentify: WHO,
      },
    ),
  ],
  "chat.send": [
    cell({
      variant: "into one's own conversation",
      row: [U, OK, OK, F, F, F, U],
      run: (t) => t.caller.chat.send({ text: `from ${t.who}` }),
      verify: async (r, t) => {
        expect(r.patientId).toBe(selfId(t));
        const conversation = await db(t).chatConversation.findUnique({
          where: { id: r.conversationId },
        });
        expect(conversation?.patientId).toBe(selfId(t));
      },
    }),
  ],
  "chat.history": [
    cell({
      variant: "one's own conversation",
      row: [U, OK, OK, F, F, F, U],
      run: (t) => t.caller.chat.history({}),
      verify: (r, t) => {
        expect(r.messages.map((m) => m.id).includes(t.w.chat.id)).toBe(t.who === "patient");
        for (const m of r.messages) expect(m.patientId).toBe(selfId(t));
      },
    }),
  ],
  "chat.onMessage": [
    liveCase(
      "one's own conversation",
      [U, OK, OK, F, F, F, U],
      (c, t) => c.chat.onMessage({ lastEventId: t.since }),
      { type: "chat.message", recordId: (t) => t.w.chat.id, seenBy: ["patient"] },
    ),
  ],
  "chat.onInbox": [
    liveCase(
      "every patient's messages",
      [U, F, F, F, F, F, OK],
      (c, t) => c.chat.onInbox({ lastEventId: t.since }),
      { type: "chat.message", recordId: (t) => t.w.chat.id, seenBy: ["service"] },
    ),
  ],
  "chat.pending": [
    cell({
      variant: "unanswered conversations",
      row: [U, F, F, F, F, F, OK],
      run: (t) => t.caller.chat.pending(),
      verify: (r, t) => expect(r.map((c) => c.conversationId)).toContain(t.w.chat.conversationId),
    }),
  ],
  "chat.conversation": [
    cell({
      variant: "the patient's conversation",
      row: [U, F, F, F, F, F, OK],
      run: (t) => t.caller.chat.conversation({ conversationId: t.w.chat.conversationId }),
      verify: (r, t) => expect(r.patientId).toBe(t.cast.patient.id),
    }),
  ],
  "chat.reply": [
    cell({
      variant: "in the patient's conversation",
      row: [U, F, F, F, F, F, OK],
      run: (t) =>
        t.caller.chat.reply({
          conversationId: t.w.chat.conversationId,
          replyToId: t.w.chat.id,
          text: "Which day suits you?",
          state: { step: "day" },
        }),
      verify: async (r, t) => {
        expect(r).toMatchObject({ author: "assistant", patientId: t.cast.patient.id });
        const conversation = await db(t).chatConversation.findUnique({
          where: { id: t.w.chat.conversationId },
        });
        expect(conversation?.lastHandledMessageId).toBe(t.w.chat.id);
      },
    }),
  ],
  "chat.status": [
    cell({
      variant: "is the assistant there",
      row: [U, OK, OK, F, F, F, U],
      run: (t) => t.caller.chat.status(),
      verify: (r) => expect(typeof r.online).toBe("boolean"),
    }),
  ],
  "chat.heartbeat": [
    cell({
      variant: "the worker checks in",
      row: [U, F, F, F, F, F, OK],
      run: (t) => t.caller.chat.heartbeat({ online: true }),
      verify: (r) => expect(r).toEqual({ online: true }),
    }),
  ],
  "audit.list": [
    cell({
      variant: "who changed the patient's profile",
      row: [U, F, F, F, F, OK, U],
      run: (t) => t.caller.audit.list({ recordId: t.cast.patient.id }),
      verify: (r) => expect(Array.isArray(r.data)).toBe(true),
    }),
  ],
  "chat.actAs": [
    cell({
      variant: "the patient who is chatting",
      row: [U, F, F, F, F, F, OK],
      run: (t) => t.caller.chat.actAs({ conversationId: t.w.chat.conversationId }),
      verify: async (r, t) => {
        expect(r.patientId).toBe(t.cast.patient.id);
        const verified = await t.api.tokens.verify(r.token);
        expect(verified.ok && verified.user).toMatchObject({
          id: t.cast.patient.id,
          role: "patient",
        });
      },
    }),
  ],
};

/** Every procedure's type by dotted path, as the router keeps them at run time. */
const procedures: Record<string, unknown> = appRouter._def.procedures;
const procedureDef = z.looseObject({ type: z.enum(["query", "mutation", "subscription"]) });
const procedureTypes = new Map<string, string>();
for (const [path, p] of Object.entries(procedures)) {
  if (typeof p === "function" && "_def" in p) {
    procedureTypes.set(path, procedureDef.parse(p._def).type);
  }
}

let api: TestApi;
let cast: Cast;

beforeAll(async () => {
  api = await createMatrixApi();
  cast = await createCast(api);
});
afterAll(async () => {
  await api.close();
});

it("covers every procedure of the router, so a new one must be added to the matrix", () => {
  expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(procedures).sort());
});

function column(row: Row, index: number): Outcome {
  const outcome = row[index];
  if (!outcome) throw new Error(`the row has no column ${index}`);
  return outcome;
}

/**
 * The world of the previous case, kept only when that case provably changed nothing (the
 * snapshot after it equals the one before), so every case still starts from a fresh world.
 */
let unchanged: { w: World; since: string } | null = null;

async function freshWorld(): Promise<{ w: World; since: string }> {
  const kept = unchanged;
  unchanged = null;
  if (kept) return kept;
  const since = (await eventCursor(api)).toString();
  return { w: await buildWorld(api, cast), since };
}

for (const [path, cases] of Object.entries(MATRIX)) {
  const type = procedureTypes.get(path);
  describe(path, () => {
    for (const c of cases) {
      WHO.forEach((who, index) => {
        const expected = column(c.row, index);
        it(`${c.variant} · ${who} → ${expected}`, async () => {
          const { w, since } = await freshWorld();
          await c.prepare?.({ api, cast, w });
          const caller = await callerOf(api, cast, who);
          const before = await snapshot(api, cast);
          const got = await outcomeOf(() => c.run({ api, cast, w, who, caller, since }));
          expect(got.outcome, "message" in got ? got.message : "allowed").toBe(expected);
          if (got.outcome === "ok") await got.result();
          if (got.outcome !== "ok" || type !== "mutation") {
            expect(await snapshot(api, cast)).toEqual(before);
            if (!c.prepare) unchanged = { w, since };
          }
        });
      });
    }
  });
}
