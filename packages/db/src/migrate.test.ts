import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { applyMigrations, listMigrations } from "./migrate.ts";
import { withDatabase } from "./testing.ts";

const adminUrl = inject("pgAdminUrl");
const created: string[] = [];

async function emptyDatabase(): Promise<string> {
  const name = `dc_mig_${Math.random().toString(16).slice(2, 10)}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  created.push(name);
  return withDatabase(adminUrl, name);
}

afterAll(async () => {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  for (const name of created) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.end();
});

describe("migration runner", () => {
  it("applies every migration to an empty database and nothing on a second run", async () => {
    const url = await emptyDatabase();
    const all = await listMigrations();
    expect(all.length).toBeGreaterThanOrEqual(2);

    const first = await applyMigrations(url);
    expect(first.applied).toEqual(all);
    expect(first.alreadyApplied).toEqual([]);

    const second = await applyMigrations(url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(all);

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const rows = await c.query<{ migration_name: string; checksum: string; finished: boolean }>(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished
       FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    await c.end();
    expect(rows.rows.map((r) => r.migration_name)).toEqual(all);
    for (const r of rows.rows) {
      expect(r.finished).toBe(true);
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("is safe when several processes start at once", async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([
      applyMigrations(url),
      applyMigrations(url),
      applyMigrations(url),
    ]);
    const appliedCounts = results.map((r) => r.applied.length).sort();
    const total = (await listMigrations()).length;
    expect(appliedCounts).toEqual([0, 0, total]);
  });
});
