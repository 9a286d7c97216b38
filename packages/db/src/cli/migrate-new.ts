// Writes a new migration: the SQL that takes the last committed prisma/schema.prisma to the
// current one, computed offline by Prisma's WebAssembly schema engine.
//   pnpm db:migrate:new <name> [--from <git-rev>]      (default rev: HEAD)
//   pnpm db:migrate:new init --empty                    (diff from an empty database)
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../embedded.ts";
import { MIGRATIONS_DIR } from "../migrate.ts";
import { freePort } from "../ports.ts";
import { diffDatamodels } from "../schema-engine.ts";

const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith("--"));
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: pnpm db:migrate:new <snake_case_name> [--from <git-rev>] [--empty]");
  process.exit(2);
}
const fromIndex = args.indexOf("--from");
const rev = fromIndex >= 0 ? args[fromIndex + 1] : "HEAD";
const schemaPath = path.resolve(MIGRATIONS_DIR, "../schema.prisma");
const current = await readFile(schemaPath, "utf8");
const previous = args.includes("--empty")
  ? null
  : execFileSync("git", ["show", `${rev}:prisma/schema.prisma`], {
      cwd: path.dirname(schemaPath),
      encoding: "utf8",
    });

const scratch = await mkdtemp(path.join(tmpdir(), "dentalcare-diff-"));
const server = process.env.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({ dataDir: path.join(scratch, "data"), port: await freePort() });
try {
  const url = process.env.DATABASE_URL ?? server?.adminUrl ?? "";
  const sql = await diffDatamodels(url, previous, current);
  if (!sql.trim() || /^--\s*This is an empty migration/m.test(sql)) {
    console.log("schema.prisma has not changed since", rev, "- no migration written");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "migration.sql"), sql);
    console.log("wrote", path.relative(process.cwd(), path.join(dir, "migration.sql")));
  }
} finally {
  await server?.stop();
  await rm(scratch, { recursive: true, force: true });
}
