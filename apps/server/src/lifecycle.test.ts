import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { applyMigrations, freePort, startEmbeddedPostgres } from "@dentalcare/db";
import { runningCluster } from "@dentalcare/db/local-database";
import pg from "pg";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { startApp } from "./app.ts";
import { spawnServer, TEST_SECRET } from "./testing.ts";

// The server's life on a machine with nothing set up: its own PostgreSQL, migrations, demo
// data, health, and a shutdown that leaves nothing running.

const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "dentalcare-lifecycle-"));
  scratch.push(dir);
  return dir;
}

function postgresProcessesFor(dataDir: string): string[] {
  const out = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return out.split("\n").filter((line) => line.includes("postgres") && line.includes(dataDir));
}

describe("first start with no DATABASE_URL", () => {
  it("starts embedded PostgreSQL, migrates, seeds demo data, answers /health, and stops it all on SIGTERM", async () => {
    const dataDir = path.join(await tempDir(), "pg");
    const server = await spawnServer(null, {
      EMBEDDED_PG_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      SEED_DEMO_DATA: "true",
      NODE_ENV: "development",
    });
    try {
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      const body = (await health.json()) as {
        status: string;
        checks: Record<string, { status: string }>;
      };
      expect(body.status).toBe("healthy");
      expect(body.checks.database?.status).toBe("ok");
      expect(body.checks.realtime?.status).toBe("ok");
      const cluster = runningCluster(dataDir);
      expect(cluster).toBeDefined();
      const client = new pg.Client({
        connectionString: `postgresql://postgres:postgres@127.0.0.1:${cluster?.port}/dentalcare`,
      });
      await client.connect();
      const admins = await client.query("SELECT email FROM users WHERE role = 'admin'");
      await client.end();
      expect(admins.rows).toEqual([{ email: "admin@demo.clinic" }]);
      expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);
    } finally {
      expect(await server.stop("SIGTERM")).toBe(0);
    }
    expect(runningCluster(dataDir)).toBeUndefined();
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  }, 120_000);
});

describe("/health", () => {
  it("answers 503 while the database is down and 200 again once it is back", async () => {
    const dataDir = path.join(await tempDir(), "pg");
    const port = await freePort();
    let cluster = await startEmbeddedPostgres({ dataDir, port });
    const url = cluster.urlFor("postgres");
    await applyMigrations(url);
    const app = await startApp({
      databaseUrl: url,
      log: pino({ level: "silent" }),
      port: 0,
      host: "127.0.0.1",
      fanout: "local",
      config: { jwtSecret: TEST_SECRET },
      serveWebApps: false,
    });
    try {
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
      await cluster.stop();
      const down = await fetch(`${app.url}/health`);
      expect(down.status).toBe(503);
      const body = (await down.json()) as {
        status: string;
        checks: Record<string, { status: string }>;
      };
      expect(body.status).toBe("unhealthy");
      expect(body.checks.database?.status).toBe("error");

      cluster = await startEmbeddedPostgres({ dataDir, port });
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await fetch(`${app.url}/health`)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe(200);
    } finally {
      await app.close();
      await cluster.stop();
    }
  }, 120_000);
});
