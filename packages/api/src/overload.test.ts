import type { Server } from "node:http";
import { createPrismaClient, type PrismaClient } from "@dentalcare/db";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerContext, createContextFactory } from "./context.ts";
import { scopedPrisma } from "./db-scope.ts";
import { toErrorBody } from "./errors.ts";
import { createRestHandler } from "./http/rest.ts";
import { listen } from "./http/test-server.ts";
import { retryAfterOf } from "./limits.ts";
import { isOverloadError, OVERLOAD_RETRY_AFTER_SECONDS } from "./overload.ts";
import { appRouter, createCaller } from "./root.ts";
import { clinic } from "./routers/booking.testkit.ts";
import { createTestApi, type TestApi } from "./testing/index.ts";

// A database too busy to hand out a connection answers 503 SERVICE_UNAVAILABLE with a
// Retry-After, on tRPC and REST alike, instead of a 500.

describe("isOverloadError", () => {
  it("recognises pool, connection and transaction timeouts and too many clients", () => {
    const wrapped = (cause: unknown) => Object.assign(new Error("outer"), { cause });
    expect(isOverloadError(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(
      isOverloadError(wrapped(new Error("Connection terminated due to connection timeout"))),
    ).toBe(true);
    expect(isOverloadError(Object.assign(new Error("Timed out fetching"), { code: "P2024" }))).toBe(
      true,
    );
    const expired =
      "Transaction already closed: A query cannot be executed on an expired transaction. The timeout for this transaction was 10000 ms";
    expect(isOverloadError(wrapped(Object.assign(new Error(expired), { code: "P2028" })))).toBe(
      true,
    );
    expect(
      isOverloadError(
        Object.assign(new Error("sorry, too many clients already"), { code: "53300" }),
      ),
    ).toBe(true);
  });

  it("leaves other failures alone", () => {
    expect(isOverloadError(new Error("relation does not exist"))).toBe(false);
    expect(isOverloadError(Object.assign(new Error("conflicting key"), { code: "23P01" }))).toBe(
      false,
    );
    expect(
      isOverloadError(Object.assign(new Error("Transaction not found"), { code: "P2028" })),
    ).toBe(false);
    expect(isOverloadError(null)).toBe(false);
  });
});

describe("a connection pool held busy", () => {
  let api: TestApi;
  let tiny: PrismaClient;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    api = await createTestApi({ now: "2030-01-07T08:00:00Z", rls: false });
    // One connection, so a single open transaction leaves nothing for anyone else.
    tiny = createPrismaClient(api.db.url, { maxConnections: 1 });
    const deps = { ...api.deps, db: scopedPrisma(tiny) };
    const log = pino({ level: "silent" });
    ({ server, base } = await listen(
      createRestHandler({
        router: appRouter,
        createContext: createContextFactory(deps, api.tokens),
        log,
      }),
    ));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await tiny.$disconnect();
    await api.close();
  });

  it("turns a booking that cannot get a connection into 503 with Retry-After", async () => {
    const c = await clinic(api);
    const booking = {
      dentistId: c.dentist.id,
      typeId: c.types.checkup,
      startsAt: "2030-01-08T09:00:00.000Z",
    };
    const { token } = await api.tokens.issue(c.patient);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = () => {};
    const isHolding = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const busy = tiny.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        holding();
        await held;
      },
      { timeout: 30_000 },
    );
    await isHolding;

    const deps = { ...api.deps, db: scopedPrisma(tiny) };
    const caller = createCaller(
      callerContext(deps, { ...c.patient, expiresAt: Number.MAX_SAFE_INTEGER }),
    );
    const [viaTrpc, viaRest] = await Promise.all([
      caller.appointments.create(booking).then(
        () => undefined,
        (error: unknown) => error,
      ),
      fetch(`${base}/api/appointments`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(booking),
      }),
    ]);
    release();
    await busy;

    const expected = {
      code: "SERVICE_UNAVAILABLE",
      message: "The server is busy; try again shortly",
      details: { retryAfterSeconds: OVERLOAD_RETRY_AFTER_SECONDS },
    };
    expect(toErrorBody(viaTrpc)).toMatchObject(expected);
    // What the tRPC HTTP handler puts in its Retry-After header.
    expect(retryAfterOf(viaTrpc)).toBe(OVERLOAD_RETRY_AFTER_SECONDS);
    expect(viaRest.status).toBe(503);
    expect(viaRest.headers.get("retry-after")).toBe(String(OVERLOAD_RETRY_AFTER_SECONDS));
    expect(await viaRest.json()).toMatchObject({ error: expected });

    // Once the pool is free again the same booking goes through.
    const booked = await caller.appointments.create(booking);
    expect(booked.startsAt).toBe(booking.startsAt);
    expect(await api.deps.db.appointment.count({ where: { dentistId: c.dentist.id } })).toBe(1);
  }, 30_000);
});
