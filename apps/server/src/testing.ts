import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Clock, Role } from "@dentalcare/api";
import { createDentalClient } from "@dentalcare/client";
import { createTestDatabase, type TestDatabase } from "@dentalcare/db/testing";
import { EventSource } from "eventsource";
import { pino } from "pino";
import { inject } from "vitest";
import { WebSocket } from "ws";
import { type RunningApp, startApp } from "./app.ts";

// Transport tests run the real server (in this process, or as a child process when a test
// needs to kill or restart it) against a fresh test database, with real clients.

export const TEST_SECRET = "test-secret-0123456789-0123456789-abcdef";

export async function testDatabase(): Promise<TestDatabase> {
  return createTestDatabase({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate") });
}

export async function startTestServer(
  db: TestDatabase,
  options: {
    fanout?: "local" | "postgres";
    tokenTtlSeconds?: number;
    holdTtlSeconds?: number;
    /** A clock the test controls (holds, notice periods and tokens all follow it). */
    clock?: Clock;
    trpcCalls?: "direct" | "adapter";
  } = {},
): Promise<RunningApp> {
  return startApp({
    ...(options.clock ? { clock: options.clock } : {}),
    databaseUrl: db.url,
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    port: 0,
    host: "127.0.0.1",
    fanout: options.fanout ?? "local",
    config: {
      jwtSecret: TEST_SECRET,
      tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
      holdTtlSeconds: options.holdTtlSeconds ?? 300,
    },
    serveWebApps: false,
    holdSweepIntervalMs: 200,
    unscopedQueriesAsOwner: true,
    ...(options.trpcCalls ? { trpcCalls: options.trpcCalls } : {}),
  });
}

export function connect(url: string, token: string | null, transport: "ws" | "sse" = "ws") {
  return createDentalClient({
    url,
    getToken: () => token,
    transport,
    WebSocket,
    EventSource,
    retryDelayMs: () => 100,
  });
}

export async function tokenFor(app: RunningApp, user: { id: string; role: Role }): Promise<string> {
  return (await app.tokens.issue(user)).token;
}

/** Collects what a subscription yields, with a way to wait for a condition. */
export class Inbox<T> {
  readonly items: T[] = [];
  readonly errors: unknown[] = [];
  #waiters: (() => void)[] = [];
  push = (item: T) => {
    this.items.push(item);
    for (const w of this.#waiters.splice(0)) w();
  };
  fail = (error: unknown) => {
    this.errors.push(error);
    for (const w of this.#waiters.splice(0)) w();
  };
  async until(predicate: (items: T[]) => boolean, timeoutMs = 5_000): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.items)) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out; got ${this.items.length} items, errors: ${this.errors.length}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.items;
  }
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const MAIN = path.resolve(import.meta.dirname, "main.ts");

/** Starts `apps/server` as its own process on the given database. */
export async function spawnServer(
  databaseUrl: string | null,
  extraEnv: Record<string, string> = {},
): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // null: no DATABASE_URL, so the server starts its own embedded PostgreSQL.
  if (databaseUrl === null) delete env.DATABASE_URL;
  else env.DATABASE_URL = databaseUrl;
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: {
      ...env,
      PORT: extraEnv.PORT ?? "0",
      HOST: "127.0.0.1",
      SEED_DEMO_DATA: "false",
      SERVE_WEB_APPS: "false",
      JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: "warn",
      NODE_ENV: "test",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30_000);
    lines.on("line", (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return {
    url,
    child,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
