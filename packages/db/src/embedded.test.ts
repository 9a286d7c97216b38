import { spawnSync } from "node:child_process";
import { chmod, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded.ts";
import { freePort } from "./ports.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function parentWithMode(mode: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "dentalcare-embedded-"));
  dirs.push(dir);
  await chmod(dir, mode);
  return dir;
}

describe("startEmbeddedPostgres", () => {
  it("runs a real server and leaves a shared parent folder's mode (e.g. /tmp's 1777) alone", async () => {
    const shared = await parentWithMode(0o1777);
    const db = await startEmbeddedPostgres({
      dataDir: path.join(shared, "data"),
      port: await freePort(),
    });
    try {
      const client = new pg.Client({ connectionString: db.adminUrl });
      await client.connect();
      const r = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      await client.end();
      expect(r.rows[0]?.v).toMatch(/^17\./);
    } finally {
      await db.stop();
    }
    expect((await stat(shared)).mode & 0o7777).toBe(0o1777);
  });

  it("only adds traverse rights to a private parent so the postgres user can reach its data", async () => {
    if (process.getuid?.() !== 0) return; // Only root runs the server as another user.
    const own = await parentWithMode(0o700);
    const db = await startEmbeddedPostgres({
      dataDir: path.join(own, "data"),
      port: await freePort(),
    });
    await db.stop();
    expect((await stat(own)).mode & 0o7777).toBe(0o711);
  });

  it("leaves the exit code of a process that used it alone (a failed test run must fail)", async () => {
    // The package's exit hook used to call process.exit(0) on `beforeExit`.
    const dir = await parentWithMode(0o755);
    const embedded = fileURLToPath(new URL("./embedded.ts", import.meta.url));
    const ports = fileURLToPath(new URL("./ports.ts", import.meta.url));
    const script = `
      const { startEmbeddedPostgres } = await import(${JSON.stringify(embedded)});
      const { freePort } = await import(${JSON.stringify(ports)});
      const db = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(dir, "data"))}, port: await freePort() });
      await db.stop();
      process.exitCode = 3;`;
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { cwd: path.dirname(embedded), encoding: "utf8", timeout: 60_000 },
    );
    expect(child.stderr).toBe("");
    expect(child.status).toBe(3);
  });
});
