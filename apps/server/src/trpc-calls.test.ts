import { createAppointmentTypes, createDentist, createUser } from "@dentalcare/api/testing";
import type { TestDatabase } from "@dentalcare/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "./app.ts";
import { startTestServer, testDatabase, tokenFor } from "./testing.ts";

// The real server answers plain tRPC queries and mutations without tRPC's Fetch emulation
// (packages/api/src/http/trpc-calls.ts). Clients must not be able to tell: the same requests
// to a server on tRPC's own adapter and to one on the direct path get the same status,
// headers and body (only error timestamps differ), with the product's error format,
// authentication and booking rules.

let db: TestDatabase;
let direct: RunningApp;
let adapter: RunningApp;
let patientToken: string;
let dentistId: string;
let typeId: string;

beforeAll(async () => {
  db = await testDatabase();
  direct = await startTestServer(db);
  adapter = await startTestServer(db, { trpcCalls: "adapter" });
  const api = { deps: direct.deps };
  const patient = await createUser(api, "patient");
  patientToken = await tokenFor(direct, { id: patient.id, role: "patient" });
  dentistId = (await createDentist(api)).id;
  typeId = (await createAppointmentTypes(api)).checkup ?? "";
});

afterAll(async () => {
  await direct?.close();
  await adapter?.close();
  await db?.drop();
});

function slot(hour: number): string {
  const date = new Date(Date.now() + 7 * 86_400_000);
  while (date.getUTCDay() === 0 || date.getUTCDay() === 6) date.setUTCDate(date.getUTCDate() + 1);
  return `${date.toISOString().slice(0, 10)}T${String(hour).padStart(2, "0")}:00:00.000Z`;
}

interface Request {
  path: string;
  method?: "GET" | "POST";
  body?: unknown;
  token?: string;
}

async function send(app: RunningApp, r: Request) {
  const res = await fetch(`${app.url}/trpc/${r.path}`, {
    method: r.method ?? "GET",
    headers: {
      ...(r.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(r.token ? { authorization: `Bearer ${r.token}` } : {}),
    },
    ...(r.body !== undefined ? { body: JSON.stringify(r.body) } : {}),
  });
  const pick = ["content-type", "vary", "retry-after", "access-control-allow-origin"];
  return {
    status: res.status,
    headers: Object.fromEntries(pick.map((h) => [h, res.headers.get(h)])),
    // Error bodies carry the moment they were made.
    body: (await res.text()).replace(/"timestamp":"[^"]+"/g, '"timestamp":"…"'),
  };
}

const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));

describe("tRPC over HTTP on the direct path", () => {
  it.each<[string, () => Request]>([
    ["no token", () => ({ path: "appointments.list" })],
    ["an invalid token", () => ({ path: "appointments.list", token: "not-a-token" })],
    ["a query", () => ({ path: `dentists.list?input=${input({})}`, token: patientToken })],
    [
      "a batch of a success and a refusal",
      () => ({
        path: `dentists.list,dentists.byId?batch=1&input=${input({ 0: {} })}`,
        token: patientToken,
      }),
    ],
    [
      "invalid booking input",
      () => ({
        path: "appointments.create",
        method: "POST",
        body: { dentistId },
        token: patientToken,
      }),
    ],
    [
      "a booking of a slot that is taken",
      () => ({
        path: "appointments.create",
        method: "POST",
        body: { dentistId, typeId, startsAt: slot(9) },
        token: patientToken,
      }),
    ],
  ])("%s: the same answer as tRPC's adapter", async (_name, request) => {
    if (_name.includes("taken")) {
      const first = await send(direct, request());
      expect(first.status).toBe(200);
    }
    const expected = await send(adapter, request());
    const actual = await send(direct, request());
    expect(actual).toEqual(expected);
    expect(actual.headers["content-type"]).toBe("application/json");
  });

  it("books through the direct path, with the product's error format when refused", async () => {
    const request: Request = {
      path: "appointments.create",
      method: "POST",
      body: { dentistId, typeId, startsAt: slot(11) },
      token: patientToken,
    };
    const booked = await send(direct, request);
    expect(booked.status).toBe(200);
    const view = JSON.parse(booked.body) as {
      result: { data: { status: string; startsAt: string } };
    };
    expect(view.result.data).toMatchObject({ status: "pending", startsAt: slot(11) });
    const again = await send(direct, request);
    expect(again.status).toBe(409);
    const refusal = JSON.parse(again.body) as { error: { data: { error: { code: string } } } };
    expect(refusal.error.data.error.code).toBe("SLOT_UNAVAILABLE");
  });
});
