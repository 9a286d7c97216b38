import pg from "pg";

// A comparable description of a database's shape, read from PostgreSQL's catalog. Used to
// prove that the migrations build exactly what schema.prisma describes.

export interface CatalogSnapshot {
  columns: string[];
  indexes: string[];
  constraints: string[];
  enums: string[];
}

export async function readCatalog(url: string): Promise<CatalogSnapshot> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{ line: string }>(`
      SELECT format('%s.%s %s %s default=%s', table_name, column_name, udt_name,
                    CASE is_nullable WHEN 'YES' THEN 'null' ELSE 'not null' END,
                    coalesce(column_default, '-')) AS line
      FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`);
    const indexes = await client.query<{ line: string }>(`
      SELECT i.indexdef AS line
      FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename <> '_prisma_migrations'
        AND NOT EXISTS (
          SELECT 1 FROM pg_constraint c
          WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass
            AND c.contype = 'x')`);
    const constraints = await client.query<{ line: string }>(`
      SELECT format('%s %s %s %s', t.relname, c.contype, c.conname, pg_get_constraintdef(c.oid)) AS line
      FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`);
    const enums = await client.query<{ line: string }>(`
      SELECT format('%s: %s', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)) AS line
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname`);
    const sorted = (r: { rows: { line: string }[] }) => r.rows.map((x) => x.line).sort();
    return {
      columns: sorted(columns),
      indexes: sorted(indexes),
      constraints: sorted(constraints),
      enums: sorted(enums),
    };
  } finally {
    await client.end();
  }
}

export interface DriftReport {
  missingInMigrations: string[];
  extraInMigrations: string[];
}

// Checks and exclusion constraints cannot be written in schema.prisma, so the migrations may
// add them; neither can an index's storage parameters (`WITH (fastupdate=off)`), so indexes
// are compared without them. Anything else that differs is drift.
const MIGRATION_ONLY = /^\S+ [cx] /;
const STORAGE_PARAMETERS = / WITH \([^)]*\)$/;

export function compareCatalogs(
  fromSchema: CatalogSnapshot,
  fromMigrations: CatalogSnapshot,
): DriftReport {
  const keys = ["columns", "indexes", "constraints", "enums"] as const;
  const missing: string[] = [];
  const extra: string[] = [];
  for (const key of keys) {
    const comparable = (lines: string[]) =>
      key === "indexes" ? lines.map((line) => line.replace(STORAGE_PARAMETERS, "")) : lines;
    const a = new Set(comparable(fromSchema[key]));
    const b = new Set(comparable(fromMigrations[key]));
    for (const line of a) if (!b.has(line)) missing.push(`${key}: ${line}`);
    for (const line of b) {
      if (a.has(line)) continue;
      if (key === "constraints" && MIGRATION_ONLY.test(line)) continue;
      extra.push(`${key}: ${line}`);
    }
  }
  return { missingInMigrations: missing, extraInMigrations: extra };
}
