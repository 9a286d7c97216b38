import { spawn } from "node:child_process";
import path from "node:path";
import { Writable } from "node:stream";
import type { ApiConfig } from "@dentalcare/api";
import { createAppointmentTypes, createDentist, createUser } from "@dentalcare/api/testing";
import type { TestDatabase } from "@dentalcare/db/testing";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { type RunningApp, startApp } from "./app.ts";
import { readEnv } from "./env.ts";
import { TEST_SECRET, testDatabase } from "./testing.ts";
import { CLOSE_SHUTDOWN, CLOSE_TOO_MANY_CONNECTIONS } from "./ws.ts";

// Abuse limits and hygiene over real HTTP and WebSocket: rate limits with Retry-After, body
// and message size limits, connections per user, CORS, security headers, logs that never
// hold a secret, a production start that refuses a weak secret, and a graceful shutdown.

const ALLOWED_ORIGIN = "https://clinic.example";
const PASSWORD = "correct-horse-battery";

let db: TestDatabase;
let app: RunningApp;
const logLines: string[] = [];
let patient: { id: string; role: "patient"; email: string };
let dentist: { id: string; role: "dentist" };
let types: Record<string, string>;

async function start(
  extra: { config?: Partial<ApiConfig>; wsMaxConnectionsPerUser?: number } = {},
): Promise<RunningApp> {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  return startApp({
    databaseUrl: db.url,
    log: pino({ level: "debug" }, sink),
    port: 0,
    host: "127.0.0.1",
    fanout: "local",
    config: { jwtSecret: TEST_SECRET, ...extra.config },
    serveWebApps: false,
    unscopedQueriesAsOwner: true,
    corsOrigins: [ALLOWED_ORIGIN],
    wsMaxPayloadBytes: 4_096,
    ...(extra.wsMaxConnectionsPerUser
      ? { wsMaxConnectionsPerUser: extra.wsMaxConnectionsPerUser }
      : {}),
  });
}

function post(url: string, body: unknown, token?: string) {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

beforeAll(async () => {
  db = await testDatabase();
  app = await start({
    config: {
      rateLimits: {
        login: { limit: 3, windowSeconds: 60 },
        holds: { limit: 2, windowSeconds: 60 },
      },
    },
    wsMaxConnectionsPerUser: 2,
  });
  const api = { deps: app.deps };
  patient = {
    ...(await createUser(api, "patient", { password: PASSWORD })),
    role: "patient",
  };
  dentist = { id: (await createDentist(api)).id, role: "dentist" };
  types = await createAppointmentTypes(api);
});

afterAll(async () => {
  await app.close();
  await db.drop();
});

describe("rate limits", () => {
  it("answer 429 RATE_LIMITED with Retry-After on sign-in, over REST and tRPC", async () => {
    const email = "nobody@limits.test";
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await post(`${app.url}/api/auth/login`, { email, password: "wrong" })).status);
    }
    expect(statuses).toEqual([401, 401, 401]);
    const limited = await post(`${app.url}/api/auth/login`, { email, password: "wrong" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const body = (await limited.json()) as { error: { code: string; timestamp: string } };
    expect(body.error).toMatchObject({ code: "RATE_LIMITED" });
    expect(body.error.timestamp).toBeTruthy();
    const viaTrpc = await post(`${app.url}/trpc/auth.login`, { email, password: "wrong" });
    expect(viaTrpc.status).toBe(429);
    expect(viaTrpc.headers.get("retry-after")).toBeTruthy();
    // Another account from the same address is still allowed to try.
    const other = await post(`${app.url}/api/auth/login`, {
      email: patient.email,
      password: PASSWORD,
    });
    expect(other.status).toBe(200);
  });

  it("limit holds per user", async () => {
    const { token } = await app.tokens.issue(patient);
    const date = new Date(Date.now() + 3 * 86_400_000);
    while (date.getUTCDay() === 0 || date.getUTCDay() === 6) date.setUTCDate(date.getUTCDate() + 1);
    const day = date.toISOString().slice(0, 10);
    const hold = (hour: number) =>
      post(
        `${app.url}/api/availability/reserve`,
        {
          dentistId: dentist.id,
          typeId: types.checkup,
          startsAt: `${day}T${String(hour).padStart(2, "0")}:00:00.000Z`,
        },
        token,
      );
    expect((await hold(9)).status).toBe(201);
    expect((await hold(10)).status).toBe(201);
    const third = await hold(11);
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBeTruthy();
  });
});

describe("size limits", () => {
  it("refuse a tRPC body over 100 KB with 413 and keep serving", async () => {
    const big = JSON.stringify({ email: "a@b.test", password: "x".repeat(150_000) });
    const res = await post(`${app.url}/trpc/auth.login`, big);
    expect(res.status).toBe(413);
    const rest = await post(`${app.url}/api/auth/login`, big);
    expect(rest.status).toBe(413);
    expect(((await rest.json()) as { error: { code: string } }).error.code).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it("answer a request whose headers are too large in the error format", async () => {
    const res = await fetch(`${app.url}/api/appointments?q=${"x".repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_ERROR");
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it("close a WebSocket that sends a message over the limit, and keep serving", async () => {
    const ws = new WebSocket(app.wsUrl);
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    ws.send("x".repeat(10_000));
    expect(await closed).toBe(1009);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it("cap the WebSockets one user may hold open", async () => {
    const { token } = await app.tokens.issue(patient);
    const open = async () => {
      const ws = new WebSocket(`${app.wsUrl}?connectionParams=1`);
      await new Promise((resolve, reject) => {
        ws.once("open", resolve);
        ws.once("error", reject);
      });
      const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
      ws.send(JSON.stringify({ method: "connectionParams", data: { token } }));
      return { ws, closed };
    };
    const first = await open();
    const second = await open();
    const third = await open();
    expect(await third.closed).toBe(CLOSE_TOO_MANY_CONNECTIONS);
    first.ws.close();
    await first.closed;
    const fourth = await open();
    const stillOpen = await Promise.race([
      fourth.closed.then(() => false),
      new Promise((r) => setTimeout(() => r(true), 300)),
    ]);
    expect(stillOpen).toBe(true);
    second.ws.close();
    fourth.ws.close();
  });
});

describe("browsers", () => {
  it("get CORS headers only for configured origins", async () => {
    const allowed = await fetch(`${app.url}/health`, { headers: { origin: ALLOWED_ORIGIN } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    const denied = await fetch(`${app.url}/health`, { headers: { origin: "https://evil.test" } });
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${app.url}/trpc/auth.login`, {
      method: "OPTIONS",
      headers: { origin: ALLOWED_ORIGIN, "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    const evilPreflight = await fetch(`${app.url}/trpc/auth.login`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.test", "access-control-request-method": "POST" },
    });
    expect(evilPreflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("get security headers on every surface", async () => {
    for (const path of ["/health", "/api/profiles/me", "/trpc/health.check", "/nowhere"]) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
    }
  });
});

describe("logs", () => {
  it("never contain a password or a token", async () => {
    const res = await post(`${app.url}/api/auth/login`, {
      email: patient.email,
      password: PASSWORD,
    });
    const { token } = (await res.json()) as { token: string };
    await fetch(`${app.url}/api/profiles/me`, { headers: { authorization: `Bearer ${token}` } });
    await fetch(`${app.url}/trpc/profiles.me`, { headers: { authorization: `Bearer ${token}` } });
    await fetch(`${app.url}/trpc/profiles.me?token=${token}`);
    await fetch(`${app.url}/api/profiles/me`, { headers: { authorization: "Bearer not.a.token" } });
    await new Promise((r) => setTimeout(r, 100));
    const text = logLines.join("");
    expect(text).toContain('"msg":"request"');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split(".")[2] ?? "-");
    expect(text).not.toContain("not.a.token");
    expect(text).not.toContain(TEST_SECRET);
  });
});

describe("configuration", () => {
  it("refuses a missing, short or development JWT secret in production", () => {
    expect(() => readEnv({ NODE_ENV: "production" })).toThrow(/JWT_SECRET/);
    expect(() => readEnv({ NODE_ENV: "production", JWT_SECRET: "short" })).toThrow(/JWT_SECRET/);
    expect(() =>
      readEnv({
        NODE_ENV: "production",
        JWT_SECRET: "development-only-secret-change-me-please-0123456789",
      }),
    ).toThrow(/JWT_SECRET/);
    expect(readEnv({ NODE_ENV: "production", JWT_SECRET: TEST_SECRET }).jwtSecret).toBe(
      TEST_SECRET,
    );
  });

  it("a production process started without JWT_SECRET exits before listening", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: "0" };
    delete env.JWT_SECRET;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "main.ts")],
      {
        env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(output).toContain("JWT_SECRET");
    expect(output).not.toContain("listening on");
  }, 30_000);
});

describe("graceful shutdown", () => {
  it("finishes an in-flight request and tells WebSocket clients to reconnect", async () => {
    const own = await start();
    const { token } = await own.tokens.issue(patient);
    const ws = new WebSocket(own.wsUrl);
    await new Promise((resolve) => ws.once("open", resolve));
    const wsClosed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    // Hold the dentist's schedule lock so the booking waits inside its transaction.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query("SELECT pg_advisory_xact_lock(hashtext($1))", [dentist.id]);
    const date = new Date(Date.now() + 4 * 86_400_000);
    while (date.getUTCDay() === 0 || date.getUTCDay() === 6) date.setUTCDate(date.getUTCDate() + 1);
    const booking = post(
      `${own.url}/api/appointments`,
      {
        dentistId: dentist.id,
        typeId: types.checkup,
        startsAt: `${date.toISOString().slice(0, 10)}T14:00:00.000Z`,
      },
      token,
    );
    await new Promise((r) => setTimeout(r, 300));
    const closing = own.close();
    await new Promise((r) => setTimeout(r, 200));
    // No new connections while draining.
    await expect(fetch(`${own.url}/health`)).rejects.toThrow();
    await blocker.query("COMMIT");
    await blocker.end();
    const res = await booking;
    expect(res.status).toBe(201);
    expect(await wsClosed).toBe(CLOSE_SHUTDOWN);
    await closing;
  });
});
