import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toErrorBody } from "../errors.ts";
import type { ChangeEvent } from "../realtime/event-types.ts";
import { createDentist, createTestApi, createUser, type TestApi } from "../testing/index.ts";

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi({ now: "2030-01-07T08:00:00Z" });
});
afterAll(() => api.close());

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return toErrorBody(error);
  }
  throw new Error("expected the call to fail");
}

describe("profiles.me / updateMe", () => {
  it("returns the caller's own profile", async () => {
    const patient = await createUser(api, "patient", { fullName: "Pat Patient" });
    const me = await api.caller(patient).profiles.me();
    expect(me).toMatchObject({
      id: patient.id,
      email: patient.email,
      role: "patient",
      fullName: "Pat Patient",
      phone: null,
      dateOfBirth: null,
      version: 1,
    });
    expect(me).not.toHaveProperty("passwordHash");
  });

  it("updates, bumps the version and emits profile.updated to the owner and the staff", async () => {
    const patient = await createUser(api, "patient");
    const seen: ChangeEvent[] = [];
    const detach = api.hub.subscribe((e) => seen.push(e));
    const updated = await api.caller(patient).profiles.updateMe({
      fullName: "New Name",
      phone: "+1 555 0100",
      dateOfBirth: "1990-05-17",
    });
    expect(updated).toMatchObject({
      fullName: "New Name",
      phone: "+1 555 0100",
      dateOfBirth: "1990-05-17",
      version: 2,
    });
    await api.hub.flush();
    detach();
    const event = seen.find((e) => e.recordId === patient.id);
    expect(event).toMatchObject({
      type: "profile.updated",
      table: "users",
      channels: [`profiles:user:${patient.id}`, "profiles:all"],
      actorId: patient.id,
      payload: { profile: updated },
    });
  });

  it("clears a field with null and leaves fields that were not sent alone", async () => {
    const patient = await createUser(api, "patient", { fullName: "Keep Me" });
    await api.caller(patient).profiles.updateMe({ phone: "+44 1234 5678" });
    const cleared = await api.caller(patient).profiles.updateMe({ phone: null });
    expect(cleared).toMatchObject({ fullName: "Keep Me", phone: null, version: 3 });
  });

  it("refuses a stale expectedVersion with CONFLICT and changes nothing", async () => {
    const patient = await createUser(api, "patient", { fullName: "Original" });
    await api.caller(patient).profiles.updateMe({ fullName: "Second", expectedVersion: 1 });
    const error = await errorOf(
      api.caller(patient).profiles.updateMe({ fullName: "Lost update", expectedVersion: 1 }),
    );
    expect(error).toMatchObject({
      code: "CONFLICT",
      details: { expectedVersion: 1, currentVersion: 2 },
    });
    expect((await api.caller(patient).profiles.me()).fullName).toBe("Second");
  });

  it("lets exactly one of two concurrent writers with the same version win", async () => {
    const patient = await createUser(api, "patient");
    const results = await Promise.allSettled([
      api.caller(patient).profiles.updateMe({ fullName: "Writer A", expectedVersion: 1 }),
      api.caller(patient).profiles.updateMe({ fullName: "Writer B", expectedVersion: 1 }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await api.caller(patient).profiles.me()).version).toBe(2);
  });

  it("emits nothing for an empty update", async () => {
    const patient = await createUser(api, "patient");
    const unchanged = await api.caller(patient).profiles.updateMe({});
    expect(unchanged.version).toBe(1);
    expect(await api.deps.db.realtimeEvent.count({ where: { recordId: patient.id } })).toBe(0);
  });

  it("validates fields, including a birth date in the future", async () => {
    const patient = await createUser(api, "patient");
    const invalid = await errorOf(
      api.caller(patient).profiles.updateMe({ fullName: "", phone: "call me", dateOfBirth: "x" }),
    );
    expect(invalid.code).toBe("VALIDATION_ERROR");
    expect(Object.keys((invalid.details as { fields: object }).fields).sort()).toEqual([
      "dateOfBirth",
      "fullName",
      "phone",
    ]);
    const future = await errorOf(
      api.caller(patient).profiles.updateMe({ dateOfBirth: "2031-01-01" }),
    );
    expect(future).toMatchObject({
      code: "VALIDATION_ERROR",
      details: { fields: { dateOfBirth: ["must be a past date after 1900"] } },
    });
  });
});

describe("profiles.byId", () => {
  it("lets staff read any profile and a patient only their own", async () => {
    const patient = await createUser(api, "patient");
    const other = await createUser(api, "patient");
    const dentist = await createDentist(api);
    const admin = await createUser(api, "admin");
    expect((await api.caller(dentist).profiles.byId({ id: patient.id })).id).toBe(patient.id);
    expect((await api.caller(admin).profiles.byId({ id: patient.id })).id).toBe(patient.id);
    expect((await api.caller(patient).profiles.byId({ id: patient.id })).id).toBe(patient.id);
    expect(await errorOf(api.caller(patient).profiles.byId({ id: other.id }))).toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("answers an unknown id with NOT_FOUND and a malformed one with VALIDATION_ERROR", async () => {
    const admin = await createUser(api, "admin");
    const missing = await errorOf(
      api.caller(admin).profiles.byId({ id: "00000000-0000-4000-8000-000000000000" }),
    );
    expect(missing.code).toBe("NOT_FOUND");
    const malformed = await errorOf(api.caller(admin).profiles.byId({ id: "nope" }));
    expect(malformed).toMatchObject({
      code: "VALIDATION_ERROR",
      details: { fields: { id: ["must be a UUID"] } },
    });
  });
});

describe("profiles.list", () => {
  it("pages through patients only, for staff only, with search", async () => {
    const fresh = await createTestApi();
    try {
      const admin = await createUser(fresh, "admin");
      const dentist = await createDentist(fresh);
      for (const name of ["Alice Able", "Bob Baker", "Carol Cole", "Dan Dune", "Eve Ever"]) {
        await createUser(fresh, "patient", { fullName: name });
      }
      const first = await fresh.caller(admin).profiles.list({ limit: 2, offset: 0 });
      expect(first.data.map((p) => p.fullName)).toEqual(["Alice Able", "Bob Baker"]);
      expect(first.pagination).toEqual({ total: 5, limit: 2, offset: 0, hasMore: true });
      const last = await fresh.caller(dentist).profiles.list({ limit: 2, offset: 4 });
      expect(last.data.map((p) => p.fullName)).toEqual(["Eve Ever"]);
      expect(last.pagination).toEqual({ total: 5, limit: 2, offset: 4, hasMore: false });
      expect(last.data.every((p) => p.role === "patient")).toBe(true);

      const found = await fresh
        .caller(admin)
        .profiles.list({ search: "cOLE", limit: 20, offset: 0 });
      expect(found.data.map((p) => p.fullName)).toEqual(["Carol Cole"]);

      const patient = await createUser(fresh, "patient");
      expect(
        await errorOf(fresh.caller(patient).profiles.list({ limit: 20, offset: 0 })),
      ).toMatchObject({ code: "FORBIDDEN" });
    } finally {
      await fresh.close();
    }
  });
});
