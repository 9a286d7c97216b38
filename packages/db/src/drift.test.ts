import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type CatalogSnapshot, compareCatalogs, readCatalog } from "./catalog.ts";
import { applyMigrations, MIGRATIONS_DIR } from "./migrate.ts";
import { diffDatamodels } from "./schema-engine.ts";
import { withDatabase } from "./testing.ts";

// Builds one database from prisma/migrations and another straight from schema.prisma (the
// SQL Prisma's schema engine produces from an empty database) and compares their catalogs.

const adminUrl = inject("pgAdminUrl");
const names: string[] = [];
const schemaPath = path.resolve(MIGRATIONS_DIR, "../schema.prisma");

async function sql(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function databaseFromSchema(datamodel: string): Promise<CatalogSnapshot> {
  const name = `dc_drift_${Math.random().toString(16).slice(2, 10)}`;
  names.push(name);
  await sql(adminUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabase(adminUrl, name);
  await sql(url, await diffDatamodels(url, null, datamodel));
  return readCatalog(url);
}

let fromMigrations: CatalogSnapshot;

beforeAll(async () => {
  const name = `dc_drift_${Math.random().toString(16).slice(2, 10)}`;
  names.push(name);
  await sql(adminUrl, `CREATE DATABASE "${name}"`);
  await applyMigrations(withDatabase(adminUrl, name));
  fromMigrations = await readCatalog(withDatabase(adminUrl, name));
}, 120_000);

afterAll(async () => {
  for (const name of names) await sql(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe("schema.prisma and prisma/migrations", () => {
  it("describe the same database", async () => {
    const schema = await readFile(schemaPath, "utf8");
    const report = compareCatalogs(await databaseFromSchema(schema), fromMigrations);
    expect(report).toEqual({ missingInMigrations: [], extraInMigrations: [] });
    expect(fromMigrations.columns.length).toBeGreaterThan(50);
  }, 120_000);

  it("reports drift when the schema gains a field the migrations lack", async () => {
    const schema = await readFile(schemaPath, "utf8");
    const changed = schema.replace(
      "  specialty   String\n",
      "  specialty   String\n  room        String?\n",
    );
    expect(changed).not.toBe(schema);
    const report = compareCatalogs(await databaseFromSchema(changed), fromMigrations);
    expect(report.missingInMigrations).toContain("columns: dentists.room text null default=-");
  }, 120_000);

  it("keeps the integrity rules that only the migrations can express", () => {
    const lines = fromMigrations.constraints.join("\n");
    expect(lines).toContain("appointments x appointments_no_overlap EXCLUDE USING gist");
    expect(lines).toContain("slot_reservations x slot_reservations_no_overlap EXCLUDE USING gist");
    expect(lines).toContain("appointments c appointments_time_order CHECK ((ends_at > starts_at))");
  });
});
