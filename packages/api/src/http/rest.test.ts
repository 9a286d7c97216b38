import type { Server } from "node:http";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createContextFactory } from "../context.ts";
import { appRouter } from "../root.ts";
import { createDentist, createTestApi, createUser, type TestApi } from "../testing/index.ts";
import { withRequestLogging } from "./request-log.ts";
import { createRestHandler } from "./rest.ts";
import { listen } from "./test-server.ts";

// The REST surface over real HTTP: a node:http server on a free port, called with fetch.

let api: TestApi;
let server: Server;
let base: string;
let logLines: Record<string, unknown>[] = [];
let rawLog = "";

beforeAll(async () => {
  api = await createTestApi({ now: "2030-01-07T08:00:00Z" });
  const log = pino(
    { level: "info" },
    {
      write(line: string) {
        rawLog += line;
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  const rest = createRestHandler({
    router: appRouter,
    createContext: createContextFactory(api.deps, api.tokens),
    log,
  });
  ({ server, base } = await listen(withRequestLogging(log, rest)));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await api.close();
});
beforeEach(() => {
  logLines = [];
  rawLog = "";
});

interface Call {
  method?: string;
  token?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

async function call<T = Record<string, unknown>>(path: string, opts: Call = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(`${base}${path}`, { method: opts.method ?? "GET", headers, body });
  const text = await res.text();
  const json: unknown =
    text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, text, json: json as T };
}

/** Asserts the one error format and returns its inner object. */
function errorBody(json: unknown, code: string) {
  expect(Object.keys(json as object)).toEqual(["error"]);
  const error = (json as { error: Record<string, unknown> }).error;
  expect(
    Object.keys(error).every((k) => ["code", "message", "details", "timestamp"].includes(k)),
  ).toBe(true);
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe("string");
  expect(new Date(String(error.timestamp)).toISOString()).toBe(error.timestamp);
  return error;
}

async function tokenFor(user: { id: string; role: "admin" | "dentist" | "patient" }) {
  return (await api.tokens.issue(user)).token;
}

describe("auth over REST", () => {
  it("POST /api/auth/register answers 201 with a token; a duplicate 409", async () => {
    const body = { email: "rest@example.com", password: "password123", fullName: "Rest Patient" };
    const created = await call("/api/auth/register", { method: "POST", body });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ token: expect.any(String), user: { role: "patient" } });
    const again = await call("/api/auth/register", { method: "POST", body });
    expect(again.status).toBe(409);
    errorBody(again.json, "CONFLICT");
  });

  it("POST /api/auth/login answers 200, and 401 with one message for wrong credentials", async () => {
    const user = await createUser(api, "patient", { password: "login-pass" });
    const ok = await call<{ token: string }>("/api/auth/login", {
      method: "POST",
      body: { email: user.email, password: "login-pass" },
    });
    expect(ok.status).toBe(200);
    const me = await call("/api/profiles/me", { token: ok.json.token });
    expect(me.status).toBe(200);
    expect(me.json.id).toBe(user.id);

    const wrong = await call("/api/auth/login", {
      method: "POST",
      body: { email: user.email, password: "nope-nope" },
    });
    expect(wrong.status).toBe(401);
    expect(errorBody(wrong.json, "UNAUTHORIZED").message).toBe("Invalid email or password");
  });

  it("answers 401: missing token, garbage token, expired token", async () => {
    const missing = await call("/api/profiles/me");
    expect(missing.status).toBe(401);
    errorBody(missing.json, "UNAUTHORIZED");

    const garbage = await call("/api/profiles/me", { token: "garbage" });
    expect(garbage.status).toBe(401);
    expect(errorBody(garbage.json, "UNAUTHORIZED").message).toBe("Invalid token");

    const user = await createUser(api, "patient");
    const token = await tokenFor(user);
    api.clock.advance(2 * 3_600_000);
    const expired = await call("/api/profiles/me", { token });
    expect(expired.status).toBe(401);
    const error = errorBody(expired.json, "UNAUTHORIZED");
    expect(error).toEqual({
      code: "UNAUTHORIZED",
      message: "Invalid token",
      timestamp: api.clock.now().toISOString(),
    });
  });
});

describe("validation, malformed and oversized bodies", () => {
  it("answers 400 VALIDATION_ERROR naming each failing field", async () => {
    const user = await createUser(api, "patient");
    const res = await call("/api/profiles/me", {
      method: "PUT",
      token: await tokenFor(user),
      body: { fullName: "", phone: "not a phone", expectedVersion: "one" },
    });
    expect(res.status).toBe(400);
    const error = errorBody(res.json, "VALIDATION_ERROR");
    expect(Object.keys((error.details as { fields: object }).fields).sort()).toEqual([
      "expectedVersion",
      "fullName",
      "phone",
    ]);
  });

  it("accepts a JSON content type with a charset and updates the profile", async () => {
    const user = await createUser(api, "patient");
    const res = await call("/api/profiles/me", {
      method: "PUT",
      token: await tokenFor(user),
      body: { fullName: "Charset Person" },
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ fullName: "Charset Person", version: 2 });
  });

  it("answers malformed JSON, a non-object body and a non-JSON body with 400", async () => {
    const cases: Call[] = [
      { raw: '{"email": "a@b.c",', headers: { "content-type": "application/json" } },
      { raw: "[1,2,3]", headers: { "content-type": "application/json" } },
      { raw: "email=a@b.c", headers: { "content-type": "application/x-www-form-urlencoded" } },
    ];
    for (const c of cases) {
      const res = await call("/api/auth/login", { method: "POST", ...c });
      expect(res.status).toBe(400);
      const error = errorBody(res.json, "VALIDATION_ERROR");
      expect(error.details).toHaveProperty(["fields", "(body)"]);
    }
  });

  it("answers a body over 100 KB with 413", async () => {
    const res = await call("/api/auth/register", {
      method: "POST",
      body: { email: "big@example.com", password: "password123", fullName: "x".repeat(110_000) },
    });
    expect(res.status).toBe(413);
    errorBody(res.json, "PAYLOAD_TOO_LARGE");
  });

  it("answers 413 for an oversized chunked body that declares no length", async () => {
    const chunk = new TextEncoder().encode(`"${"y".repeat(16 * 1024)}",`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"pad":['));
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    errorBody(await res.json(), "PAYLOAD_TOO_LARGE");
  });
});

describe("routes", () => {
  it("answers an unknown route and an unknown id with 404 NOT_FOUND", async () => {
    const admin = await createUser(api, "admin");
    const token = await tokenFor(admin);
    const route = await call("/api/nothing-here", { token });
    expect(route.status).toBe(404);
    expect(errorBody(route.json, "NOT_FOUND").message).toBe("No route for GET /api/nothing-here");
    const wrongMethod = await call("/api/profiles/me", { method: "DELETE", token });
    expect(wrongMethod.status).toBe(404);
    const id = await call("/api/profiles/00000000-0000-4000-8000-000000000000", { token });
    expect(id.status).toBe(404);
    errorBody(id.json, "NOT_FOUND");
  });

  it("leaves paths outside /api to the next handler", async () => {
    expect((await call("/somewhere-else")).status).toBe(418);
  });

  it("GET /api/profiles pages patients for staff and refuses patients", async () => {
    const fresh = await createTestApi({ now: api.clock.now().toISOString() });
    const log = pino({ level: "silent" });
    const local = await listen(
      createRestHandler({
        router: appRouter,
        createContext: createContextFactory(fresh.deps, fresh.tokens),
        log,
      }),
    );
    try {
      const dentist = await createDentist(fresh);
      for (const name of ["Ann", "Ben", "Cat"])
        await createUser(fresh, "patient", { fullName: name });
      const token = (await fresh.tokens.issue(dentist)).token;
      const page = await fetch(`${local.base}/api/profiles?limit=2&offset=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(page.status).toBe(200);
      const json = (await page.json()) as { data: { fullName: string }[]; pagination: unknown };
      expect(json.data.map((p) => p.fullName)).toEqual(["Ben", "Cat"]);
      expect(json.pagination).toEqual({ total: 3, limit: 2, offset: 1, hasMore: false });

      const bad = await fetch(`${local.base}/api/profiles?limit=500`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { details: unknown } }).error.details).toHaveProperty([
        "fields",
        "limit",
      ]);

      const patient = await createUser(fresh, "patient");
      const forbidden = await fetch(`${local.base}/api/profiles`, {
        headers: { authorization: `Bearer ${(await fresh.tokens.issue(patient)).token}` },
      });
      expect(forbidden.status).toBe(403);
    } finally {
      await new Promise((resolve) => local.server.close(resolve));
      await fresh.close();
    }
  });

  it("routes /api/profiles/dentists before /api/profiles/{id}, and reads query booleans", async () => {
    const admin = await createUser(api, "admin");
    const token = await tokenFor(admin);
    const dentist = await createDentist(api, { fullName: "Dr Routed" });
    const list = await call<{ id: string }[]>("/api/profiles/dentists", { token });
    expect(list.status).toBe(200);
    expect(list.json.map((d) => d.id)).toContain(dentist.id);
    const one = await call(`/api/profiles/dentists/${dentist.id}`, { token });
    expect(one.json).toMatchObject({ id: dentist.id, fullName: "Dr Routed" });

    const created = await call<{ id: string }>("/api/profiles/dentists", {
      method: "POST",
      token,
      body: {
        email: "benched@clinic.test",
        password: "password123",
        fullName: "Dr Benched",
        specialty: "General",
        timeZone: "Europe/Berlin",
      },
    });
    expect(created.status).toBe(201);
    const updated = await call(`/api/profiles/dentists/${created.json.id}`, {
      method: "PUT",
      token,
      body: { active: false },
    });
    expect(updated.json.active).toBe(false);
    const activeOnly = await call<{ id: string }[]>("/api/profiles/dentists?activeOnly=true", {
      token,
    });
    const all = await call<{ id: string }[]>("/api/profiles/dentists?activeOnly=false", { token });
    expect(activeOnly.json.map((d) => d.id)).not.toContain(created.json.id);
    expect(all.json.map((d) => d.id)).toContain(created.json.id);
  });

  it("GET /health answers 200 with the report", async () => {
    const res = await call("/health");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "healthy", checks: { database: { status: "ok" } } });
  });
});

describe("request logging", () => {
  it("writes one line per request with its fields, and echoes the request id", async () => {
    const user = await createUser(api, "patient", { password: "secret-password" });
    const login = await call<{ token: string }>("/api/auth/login", {
      method: "POST",
      body: { email: user.email, password: "secret-password" },
      headers: { "x-request-id": "client-chosen-id-1" },
    });
    expect(login.headers.get("x-request-id")).toBe("client-chosen-id-1");
    const me = await call("/api/profiles/me?probe=1", { token: login.json.token });
    const generated = me.headers.get("x-request-id");
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 20));

    const lines = logLines.filter((l) => l.msg === "request");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      requestId: "client-chosen-id-1",
      method: "POST",
      path: "/api/auth/login",
      status: 200,
      durationMs: expect.any(Number),
    });
    expect(lines[1]).toMatchObject({
      requestId: generated,
      method: "GET",
      path: "/api/profiles/me",
      status: 200,
      userId: user.id,
    });
    expect(rawLog).not.toContain("secret-password");
    expect(rawLog).not.toContain(login.json.token);
    expect(rawLog).not.toContain("probe");
  });

  it("replaces a request id that could forge log lines", async () => {
    const res = await call("/health", {
      headers: { "x-request-id": 'evil" "level":60 "msg":"forged' },
    });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
