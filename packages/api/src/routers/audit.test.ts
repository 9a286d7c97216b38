import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContextFactory } from "../context.ts";
import { createRestHandler } from "../http/rest.ts";
import { listen } from "../http/test-server.ts";
import { appRouter } from "../root.ts";
import { createTestApi, type TestApi } from "../testing/index.ts";
import { clinic, expectError } from "./booking.testkit.ts";

// Requirement: every change carries its actor, and admins can ask who changed what and when.

const NOW = "2030-01-07T08:00:00Z";
let api: TestApi;
let c: Awaited<ReturnType<typeof clinic>>;
let appointmentId: string;

beforeAll(async () => {
  api = await createTestApi({ now: NOW });
  c = await clinic(api);
  const a = await api.caller(c.patient).appointments.create({
    dentistId: c.dentist.id,
    typeId: c.types.checkup,
    startsAt: "2030-01-08T09:00:00.000Z",
  });
  appointmentId = a.id;
  api.clock.set("2030-01-07T09:00:00Z");
  await api.caller(c.dentist).appointments.confirm({ id: a.id });
  await api.caller(c.patient).profiles.updateMe({ phone: "+44 20 7946 0000" });
});

afterAll(async () => {
  await api.close();
});

describe("audit.list", () => {
  it("tells an admin who changed a record, newest first", async () => {
    const page = await api.caller(c.admin).audit.list({ recordId: appointmentId });
    expect(page.data.map((e) => [e.type, e.actorId, e.actorRole])).toEqual([
      ["appointment.status_changed", c.dentist.id, "dentist"],
      ["slots.changed", c.patient.id, "patient"],
      ["appointment.created", c.patient.id, "patient"],
    ]);
    expect(page.data[0]?.actorName).toBeTruthy();
    expect(page.pagination).toMatchObject({ total: 3, hasMore: false });
  });

  it("filters by actor, table and time, and pages", async () => {
    const byPatient = await api.caller(c.admin).audit.list({ actorId: c.patient.id });
    expect(byPatient.data.every((e) => e.actorId === c.patient.id)).toBe(true);
    expect(byPatient.data.map((e) => e.type)).toContain("profile.updated");
    const users = await api.caller(c.admin).audit.list({ table: "users" });
    expect(users.data.every((e) => e.table === "users")).toBe(true);
    const all = await api.caller(c.admin).audit.list({});
    const first = all.data.at(-1)?.at ?? "";
    const later = await api.caller(c.admin).audit.list({ from: first, to: "2100-01-01" });
    expect(later.pagination.total).toBe(all.pagination.total);
    const none = await api.caller(c.admin).audit.list({ to: "2000-01-01" });
    expect(none.data).toEqual([]);
    const page = await api.caller(c.admin).audit.list({ limit: 1, offset: 1 });
    expect(page.data).toHaveLength(1);
    expect(page.data[0]?.id).toBe(all.data[1]?.id);
  });

  it("is for admins only", async () => {
    await expectError(api.caller(c.dentist).audit.list({}), "FORBIDDEN");
    await expectError(api.caller(c.patient).audit.list({}), "FORBIDDEN");
    await expectError(api.caller(null).audit.list({}), "UNAUTHORIZED");
    await expectError(api.caller(c.admin).audit.list({ limit: 0 }), "VALIDATION_ERROR");
  });

  it("is served at GET /api/audit", async () => {
    const tokens = api.tokens;
    const rest = createRestHandler({
      router: appRouter,
      createContext: createContextFactory(api.deps, tokens),
      log: api.deps.log,
    });
    const { server, base } = await listen(rest);
    try {
      const { token } = await tokens.issue(c.admin);
      const res = await fetch(`${base}/api/audit?recordId=${appointmentId}&limit=5`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { type: string }[] };
      expect(body.data.map((e) => e.type)).toEqual([
        "appointment.status_changed",
        "slots.changed",
        "appointment.created",
      ]);
      const { token: patientToken } = await tokens.issue(c.patient);
      const denied = await fetch(`${base}/api/audit`, {
        headers: { authorization: `Bearer ${patientToken}` },
      });
      expect(denied.status).toBe(403);
    } finally {
      server.close();
    }
  });
});
