import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContextFactory } from "../context.ts";
import { AppError, toErrorBody } from "../errors.ts";
import { createCaller } from "../root.ts";
import { createTestApi, createUser, type TestApi } from "../testing/index.ts";

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi({ now: "2030-01-07T08:00:00Z" });
});
afterAll(() => api.close());

/** A caller that presents `authorization` the way an HTTP client would. */
async function callerWithHeader(authorization?: string) {
  const createContext = createContextFactory(api.deps, api.tokens);
  const headers: Record<string, string> = authorization ? { authorization } : {};
  return createCaller(await createContext({ req: { headers } }));
}

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { trpc: error.code, ...toErrorBody(error) };
  }
  throw new Error("expected the call to fail");
}

describe("auth.register", () => {
  it("creates a patient, returns a working token and never the password hash", async () => {
    const result = await api.caller(null).auth.register({
      email: "Ada@Example.com",
      password: "correct horse",
      fullName: "Ada Lovelace",
      phone: "+44 20 7946 0000",
    });
    expect(result.user).toMatchObject({
      email: "ada@example.com",
      role: "patient",
      fullName: "Ada Lovelace",
      phone: "+44 20 7946 0000",
      version: 1,
    });
    expect(JSON.stringify(result)).not.toContain("scrypt");
    expect(result.expiresAt).toBe("2030-01-07T09:00:00.000Z");
    const me = await (await callerWithHeader(`Bearer ${result.token}`)).auth.me();
    expect(me.id).toBe(result.user.id);

    const row = await api.deps.db.user.findUniqueOrThrow({ where: { id: result.user.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain("correct horse");
  });

  it("announces the new patient on the profile channels in the same transaction", async () => {
    const { user } = await api.caller(null).auth.register({
      email: "grace@example.com",
      password: "password123",
      fullName: "Grace Hopper",
    });
    const events = await api.deps.db.realtimeEvent.findMany({ where: { recordId: user.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventType: "profile.updated",
      channels: [`profiles:user:${user.id}`, "profiles:all"],
      actorId: user.id,
    });
  });

  it("rejects a duplicate email with CONFLICT, whatever its case", async () => {
    await createUser(api, "patient", { email: "taken@example.com" });
    const error = await errorOf(
      api.caller(null).auth.register({
        email: "TAKEN@example.com",
        password: "password123",
        fullName: "Someone Else",
      }),
    );
    expect(error).toMatchObject({ trpc: "CONFLICT", code: "CONFLICT" });
  });

  it("validates every field and names the failing ones", async () => {
    const error = await errorOf(
      api.caller(null).auth.register({ email: "not-an-email", password: "short", fullName: "" }),
    );
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(Object.keys((error.details as { fields: object }).fields).sort()).toEqual([
      "email",
      "fullName",
      "password",
    ]);
  });
});

describe("auth.login", () => {
  it("signs in with the right password, for any role", async () => {
    const dentist = await createUser(api, "dentist", { password: "dentist-pass" });
    const result = await api.caller(null).auth.login({
      email: dentist.email.toUpperCase(),
      password: "dentist-pass",
    });
    expect(result.user).toMatchObject({ id: dentist.id, role: "dentist" });
    const verified = await api.tokens.verify(result.token);
    expect(verified).toMatchObject({ ok: true, user: { id: dentist.id, role: "dentist" } });
  });

  it("answers a wrong password and an unknown email identically", async () => {
    const patient = await createUser(api, "patient", { password: "right-password" });
    const wrongPassword = await errorOf(
      api.caller(null).auth.login({ email: patient.email, password: "wrong-password" }),
    );
    const unknownEmail = await errorOf(
      api.caller(null).auth.login({ email: "nobody@example.com", password: "right-password" }),
    );
    for (const error of [wrongPassword, unknownEmail]) {
      expect(error).toMatchObject({
        trpc: "UNAUTHORIZED",
        code: "UNAUTHORIZED",
        message: "Invalid email or password",
      });
      expect(error.details).toBeUndefined();
    }
  });
});

describe("tokens on every request (requirement 5)", () => {
  it("answers a missing token with 401 UNAUTHORIZED", async () => {
    const error = await errorOf((await callerWithHeader()).profiles.me());
    expect(error).toMatchObject({ trpc: "UNAUTHORIZED", code: "UNAUTHORIZED" });
  });

  it('answers a garbage token with "Invalid token"', async () => {
    const error = await errorOf((await callerWithHeader("Bearer not.a.jwt")).profiles.me());
    expect(error).toMatchObject({ trpc: "UNAUTHORIZED", message: "Invalid token" });
  });

  it('answers a token signed with another secret with "Invalid token"', async () => {
    const patient = await createUser(api, "patient");
    const { token } = await api.tokens.issue(patient);
    const [header, payload] = token.split(".");
    const forged = `${header}.${payload}.${"A".repeat(43)}`;
    const error = await errorOf((await callerWithHeader(`Bearer ${forged}`)).auth.me());
    expect(error.message).toBe("Invalid token");
  });

  it('answers an expired token with "Invalid token", judged by the clock', async () => {
    const patient = await createUser(api, "patient");
    const { token } = await api.tokens.issue(patient);
    api.clock.advance(59 * 60_000);
    expect((await (await callerWithHeader(`Bearer ${token}`)).auth.me()).id).toBe(patient.id);
    api.clock.advance(2 * 60_000);
    const error = await errorOf((await callerWithHeader(`Bearer ${token}`)).auth.me());
    expect(error).toMatchObject({
      trpc: "UNAUTHORIZED",
      code: "UNAUTHORIZED",
      message: "Invalid token",
    });
  });
});

describe("auth.refresh", () => {
  it("slides the session: a valid token buys a fresh one with a later expiry", async () => {
    const patient = await createUser(api, "patient");
    const first = await api.tokens.issue(patient);
    api.clock.advance(30 * 60_000);
    const refreshed = await (await callerWithHeader(`Bearer ${first.token}`)).auth.refresh();
    expect(new Date(refreshed.expiresAt).getTime()).toBeGreaterThan(
      new Date(first.expiresAt).getTime(),
    );
    api.clock.advance(45 * 60_000);
    await expect((await callerWithHeader(`Bearer ${first.token}`)).auth.me()).rejects.toThrow(
      "Invalid token",
    );
    expect((await (await callerWithHeader(`Bearer ${refreshed.token}`)).auth.me()).id).toBe(
      patient.id,
    );
  });

  it("refuses a token whose user no longer exists", async () => {
    const patient = await createUser(api, "patient");
    const { token } = await api.tokens.issue(patient);
    await api.deps.db.user.delete({ where: { id: patient.id } });
    const error = await errorOf((await callerWithHeader(`Bearer ${token}`)).auth.refresh());
    expect(error).toMatchObject({ code: "UNAUTHORIZED", message: "Invalid token" });
  });

  it("is only for signed-in callers", async () => {
    await expect(api.caller(null).auth.refresh()).rejects.toBeInstanceOf(AppError);
  });
});
