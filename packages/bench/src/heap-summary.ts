import { readFile } from "node:fs/promises";

// `node --max-old-space-size=8000 --import tsx src/heap-summary.ts <file.heapsnapshot> [top]`:
// what a V8 heap snapshot holds, by object type and constructor (self sizes). Compare a
// snapshot taken with N subscribers connected against one taken idle to get the live heap
// each connection costs.

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

const STRING_TYPES = new Set(["string", "concatenated string", "sliced string"]);

async function main() {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error("usage: heap-summary.ts <file.heapsnapshot> [top]");
  const snap = JSON.parse(await readFile(file, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const groups = new Map<string, { bytes: number; count: number }>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt] ?? 0] ?? "?";
    const name = STRING_TYPES.has(type)
      ? "(string)"
      : type === "code"
        ? "(code)"
        : (snap.strings[snap.nodes[i + nameAt] ?? 0] ?? "").slice(0, 60);
    const bytes = snap.nodes[i + sizeAt] ?? 0;
    total += bytes;
    const key = `${type}: ${name}`;
    const group = groups.get(key) ?? { bytes: 0, count: 0 };
    group.bytes += bytes;
    group.count += 1;
    groups.set(key, group);
  }
  console.log(`total ${(total / 1e6).toFixed(1)} MB in ${snap.nodes.length / width} objects`);
  const top = [...groups].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, Number(topArg ?? 40));
  for (const [key, g] of top) {
    console.log(
      `${(g.bytes / 1e6).toFixed(2).padStart(8)} MB ${String(g.count).padStart(9)}  ${key}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
