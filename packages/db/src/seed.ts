import type { PrismaClient } from "./client.ts";
import { hashPassword } from "./passwords.ts";
import { planAppointments, type SeedStatus } from "./seed/appointments.ts";
import {
  DEMO_ACCOUNTS,
  DEMO_ADMIN,
  DEMO_APPOINTMENT_TYPES,
  DEMO_DENTISTS,
  DEMO_PATIENTS,
} from "./seed/demo-data.ts";
import { planExceptions } from "./seed/schedule.ts";
import { toDbDate } from "./seed/time.ts";

export {
  DEMO_ACCOUNTS,
  DEMO_ADMIN_EMAIL,
  DEMO_APPOINTMENT_TYPES,
  DEMO_DENTISTS,
  DEMO_PASSWORD,
  DEMO_PATIENTS,
  type DemoAccount,
  type DemoRole,
  MAIN_DEMO_PATIENT_EMAIL,
} from "./seed/demo-data.ts";
export { localParts, zonedTimeToUtc } from "./seed/time.ts";

export interface SeedOptions {
  /** The clinic's "today": appointments are laid out around it. */
  now: Date;
  /** Seed even when `production` is true (never into a database that already has users). */
  force?: boolean;
  production?: boolean;
}

export type SeedResult =
  | {
      seeded: true;
      users: number;
      dentists: number;
      patients: number;
      appointmentTypes: number;
      appointments: number;
      byStatus: Record<SeedStatus, number>;
    }
  | { seeded: false; code: "production" | "not_empty"; reason: string };

// Serialises two seeders started at once against the same database.
const SEED_LOCK_KEY = 72_707_370;

const NOT_EMPTY: SeedResult = {
  seeded: false,
  code: "not_empty",
  reason: "the database already has users; demo data is only added to an empty database",
};

/**
 * Fills an EMPTY database with a demo clinic: an admin, four dentists in two time zones with
 * weekly hours and exceptions, twenty patients, the five appointment types and a few weeks of
 * appointments around `now`. Writes no change events: the event log starts empty.
 */
export async function seedDemoData(
  prisma: PrismaClient,
  options: SeedOptions,
): Promise<SeedResult> {
  if (options.production && !options.force) {
    return {
      seeded: false,
      code: "production",
      reason: "refusing to create demo accounts with a known password in production (use --force)",
    };
  }
  // Cheap check first so a normal restart does not pay for hashing 25 passwords.
  if ((await prisma.user.count()) > 0) return NOT_EMPTY;

  const hashes = new Map(
    await Promise.all(
      DEMO_ACCOUNTS.map(async (a) => [a.email, await hashPassword(a.password)] as const),
    ),
  );
  const hashOf = (email: string) => hashes.get(email) ?? "";
  const exceptions = planExceptions(options.now, DEMO_DENTISTS);
  const book = planAppointments({
    now: options.now,
    dentists: DEMO_DENTISTS,
    exceptions,
    types: DEMO_APPOINTMENT_TYPES,
    patientCount: DEMO_PATIENTS.length,
  });

  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
      if ((await tx.user.count()) > 0) return NOT_EMPTY;

      await tx.user.create({
        data: {
          email: DEMO_ADMIN.email,
          passwordHash: hashOf(DEMO_ADMIN.email),
          role: "admin",
          fullName: DEMO_ADMIN.name,
        },
      });
      const dentistUsers = await tx.user.createManyAndReturn({
        data: DEMO_DENTISTS.map((d) => ({
          email: d.email,
          passwordHash: hashOf(d.email),
          role: "dentist" as const,
          fullName: d.name,
          phone: d.phone,
        })),
        select: { id: true, email: true },
      });
      const patientUsers = await tx.user.createManyAndReturn({
        data: DEMO_PATIENTS.map((p, i) => ({
          email: p.email,
          passwordHash: hashOf(p.email),
          role: "patient" as const,
          fullName: p.name,
          phone: p.phone,
          // Born between 1946 and 2009; deterministic like everything else here.
          dateOfBirth: new Date(Date.UTC(1946 + ((i * 7) % 64), (i * 5) % 12, 1 + ((i * 11) % 28))),
        })),
        select: { id: true, email: true },
      });
      const ids = new Map([...dentistUsers, ...patientUsers].map((r) => [r.email, r.id]));
      const idAt = (people: readonly { email: string }[], index: number) => {
        const id = ids.get(people[index]?.email ?? "");
        if (id === undefined) throw new Error(`seed: no user row for person #${index}`);
        return id;
      };
      const dentistId = (index: number) => idAt(DEMO_DENTISTS, index);

      await tx.dentist.createMany({
        data: DEMO_DENTISTS.map((d, i) => ({
          id: dentistId(i),
          specialty: d.specialty,
          timeZone: d.timeZone,
          slotMinutes: 15,
          bio: d.bio,
        })),
      });
      await tx.availabilityRange.createMany({
        data: DEMO_DENTISTS.flatMap((d, i) =>
          Object.entries(d.weekly).flatMap(([weekday, ranges]) =>
            (ranges ?? []).map(([startMinute, endMinute]) => ({
              dentistId: dentistId(i),
              weekday: Number(weekday),
              startMinute,
              endMinute,
            })),
          ),
        ),
      });
      await tx.availabilityException.createMany({
        data: exceptions.map((e) => ({
          dentistId: dentistId(e.dentistIndex),
          date: toDbDate(e.date),
          closed: e.closed,
          startMinute: e.startMinute,
          endMinute: e.endMinute,
          reason: e.reason,
        })),
      });
      const types = await tx.appointmentType.createManyAndReturn({
        data: [...DEMO_APPOINTMENT_TYPES],
        select: { id: true, code: true },
      });
      const typeIds = new Map(types.map((t) => [t.code, t.id]));
      const typeId = (code: string) => {
        const id = typeIds.get(code);
        if (id === undefined) throw new Error(`seed: unknown appointment type ${code}`);
        return id;
      };
      await tx.appointment.createMany({
        data: book.map((a) => ({
          patientId: idAt(DEMO_PATIENTS, a.patientIndex),
          dentistId: dentistId(a.dentistIndex),
          typeId: typeId(a.typeCode),
          startsAt: a.startsAt,
          endsAt: a.endsAt,
          status: a.status,
          source: a.source,
          notes: a.notes,
          patientNotes: a.patientNotes,
          medicalHistory: a.medicalHistory,
          cancellationReason: a.cancellationReason,
          cancelledAt: a.cancelledAt,
          createdAt: a.createdAt,
          updatedAt: a.updatedAt,
        })),
      });

      const byStatus: Record<SeedStatus, number> = {
        pending: 0,
        confirmed: 0,
        completed: 0,
        cancelled: 0,
      };
      for (const a of book) byStatus[a.status] += 1;
      return {
        seeded: true,
        users: DEMO_ACCOUNTS.length,
        dentists: DEMO_DENTISTS.length,
        patients: DEMO_PATIENTS.length,
        appointmentTypes: types.length,
        appointments: book.length,
        byStatus,
      };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}
