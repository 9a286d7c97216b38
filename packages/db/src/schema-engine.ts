import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

// Prisma's native schema engine is downloaded from a CDN at run time, which a closed network
// cannot reach; its WebAssembly build ships inside an npm package and can compute schema
// diffs offline. The package entry imports a .wasm file directly (which Node cannot), so the
// module is wired up by hand here.

type WasmBindings = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
type Engine = Awaited<ReturnType<WasmBindings["SchemaEngine"]["new"]>>;

const require = createRequire(import.meta.url);

// Node's type definitions only declare WebAssembly as a namespace; the two calls used here.
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(
    module: object,
    imports: Record<string, unknown>,
  ): Promise<{ exports: Record<string, unknown> }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
let bindings: Promise<WasmBindings> | undefined;

async function loadBindings(): Promise<WasmBindings> {
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const pkgDir = path.dirname(gluePath);
  const glue: WasmBindings = await import(pathToFileURL(gluePath).href);
  const bytes = await readFile(path.join(pkgDir, "schema_engine_bg.wasm"));
  const module = await wasmApi.compile(bytes);
  const instance = await wasmApi.instantiate(module, { "./schema_engine_bg.js": glue });
  const exports = instance.exports as { __wbindgen_start: () => void };
  (glue as unknown as { __wbg_set_wasm: (w: unknown) => void }).__wbg_set_wasm(exports);
  exports.__wbindgen_start();
  return glue;
}

async function openEngine(url: string, datamodel: string): Promise<Engine> {
  bindings ??= loadBindings();
  const { SchemaEngine } = await bindings;
  // The engine connects at construction even when it only compares two datamodels, so it is
  // given a real (but otherwise untouched) database.
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: url }));
  return SchemaEngine.new({ datamodels: [["schema.prisma", datamodel]] }, () => undefined, adapter);
}

/**
 * SQL that takes a database shaped like `from` (or an empty one) to the shape of `to`.
 * `url` names any reachable PostgreSQL database; nothing is written to it.
 */
export async function diffDatamodels(
  url: string,
  from: string | null,
  to: string,
): Promise<string> {
  const engine = await openEngine(url, to);
  try {
    const result = await engine.diff({
      from:
        from === null
          ? { tag: "empty" }
          : { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: from }] },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: to }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? "";
  } finally {
    engine.free();
  }
}
