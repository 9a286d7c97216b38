import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpStatusOf, toErrorBody } from "../errors.ts";
import { appRouter } from "../root.ts";
import { clinic } from "../routers/booking.testkit.ts";
import { createTestApi, type TestApi } from "../testing/index.ts";
import { hostileInput } from "./hostile.ts";

// Every tRPC procedure, called by every kind of caller with hostile input: the answer is a
// result or a 4xx in the one error format, never an INTERNAL_ERROR, and a refused call
// writes nothing. Procedures are read from the router, so a new one is covered at once.

const NOW = "2030-01-07T08:00:00Z";
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

let api: TestApi;
let c: Awaited<ReturnType<typeof clinic>>;
const knownIds: string[] = [];

type Procedures = Record<string, { _def: { type: "query" | "mutation" | "subscription" } }>;
const procedures = appRouter._def.procedures as unknown as Procedures;

async function rowCounts(): Promise<Record<string, number>> {
  const [row] = await api.db.prisma.$queryRaw<Record<string, number>[]>`
    SELECT (SELECT count(*)::int FROM users) AS users,
           (SELECT count(*)::int FROM dentists) AS dentists,
           (SELECT count(*)::int FROM appointments) AS appointments,
           (SELECT count(*)::int FROM slot_reservations) AS holds,
           (SELECT count(*)::int FROM availability_ranges) AS ranges,
           (SELECT count(*)::int FROM availability_exceptions) AS exceptions,
           (SELECT count(*)::int FROM realtime_events) AS events,
           (SELECT coalesce(sum(version), 0)::int FROM appointments) AS "appointmentVersions",
           (SELECT coalesce(sum(version), 0)::int FROM users) AS "userVersions"`;
  return row ?? {};
}

type Call = (input: unknown, opts?: { signal?: AbortSignal }) => Promise<unknown>;

function procedureOf(caller: unknown, path: string): Call {
  let node: unknown = caller;
  for (const part of path.split(".")) node = (node as Record<string, unknown>)[part];
  return node as Call;
}

async function settle(result: unknown): Promise<void> {
  // A subscription's answer is an async iterable; closing it ends the stream at once.
  if (result && typeof result === "object" && Symbol.asyncIterator in result) {
    const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    await iterator.return?.();
  }
}

beforeAll(async () => {
  api = await createTestApi({ now: NOW });
  c = await clinic(api);
  const a = await api.caller(c.patient).appointments.create({
    dentistId: c.dentist.id,
    typeId: c.types.checkup,
    startsAt: "2030-01-08T09:00:00.000Z",
  });
  const hold = await api.caller(c.patient).reservations.hold({
    dentistId: c.dentist.id,
    typeId: c.types.checkup,
    startsAt: "2030-01-08T11:00:00.000Z",
  });
  knownIds.push(
    a.id,
    hold.id,
    c.dentist.id,
    c.otherDentist.id,
    c.patient.id,
    c.otherPatient.id,
    c.admin.id,
    c.types.checkup,
  );
});

afterAll(async () => {
  await api.close();
});

describe("every procedure under hostile input", () => {
  const callers = ["anonymous", "patient", "dentist", "admin"] as const;
  const paths = Object.keys(procedures).sort();

  it("covers the whole router", () => {
    expect(paths.length).toBeGreaterThan(30);
    expect(paths).toContain("appointments.create");
    expect(paths).toContain("audit.list");
  });

  for (const path of paths) {
    it(`${path} answers 4xx or a result, never 500, and writes nothing when it refuses`, async () => {
      const who = {
        anonymous: null,
        patient: c.patient,
        dentist: c.dentist,
        admin: c.admin,
      } as const;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...callers),
          hostileInput(knownIds),
          async (role, input) => {
            const call = procedureOf(api.caller(who[role]), path);
            const before = await rowCounts();
            const controller = new AbortController();
            try {
              await settle(await call(input, { signal: controller.signal }));
            } catch (error) {
              const body = toErrorBody(error);
              expect(body.code, `${role} ${JSON.stringify(input)?.slice(0, 300)}`).not.toBe(
                "INTERNAL_ERROR",
              );
              expect(httpStatusOf(body)).toBeLessThan(500);
              expect(body.timestamp).toBeTruthy();
              expect(await rowCounts()).toEqual(before);
            } finally {
              controller.abort();
            }
          },
        ),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261122) },
      );
    }, 60_000);
  }
});
