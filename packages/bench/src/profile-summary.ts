import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

// `node --import tsx src/profile-summary.ts <file.cpuprofile | folder>`: where a V8 CPU
// profile (node --cpu-prof) spent its time, by function and by package, self time only.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

function packageOf(url: string): string {
  if (!url) return "(native/idle)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith("node:")) return "node core";
  const m = /(apps|packages)\/[^/]+/.exec(url);
  return m ? m[0] : url;
}

export function summarizeProfile(profile: CpuProfile, top = 25): string {
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i];
    if (id === undefined) continue;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const f = node.callFrame;
    const where = f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : "";
    const key = `${f.functionName || "(anonymous)"} ${where} [${packageOf(f.url)}]`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const pkg =
      f.functionName === "(idle)"
        ? "(idle)"
        : f.functionName === "(garbage collector)"
          ? "(gc)"
          : packageOf(f.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  // Inclusive time of the project's own functions: which step of a request costs what.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const nodesById = new Map(profile.nodes.map((n) => [n.id, n]));
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = nodesById.get(cur)?.callFrame;
      if (!f || !/(apps|packages)\/[^/]+\/src\//.test(f.url) || f.url.includes("node_modules"))
        continue;
      const key = `${f.functionName || "(anonymous)"} ${path.basename(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
  const lines = [
    `profile: ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s`,
    "",
    "by package (self):",
  ];
  for (const [k, v] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15))
    lines.push(`  ${pct(v)}  ${k}`);
  lines.push("", "by function (self):");
  for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(v)}  ${k}`);
  lines.push("", "project functions (inclusive):");
  for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(v)}  ${k}`);
  return lines.join("\n");
}

async function main() {
  const target = process.argv[2];
  if (!target) throw new Error("usage: profile-summary <file.cpuprofile | folder>");
  const files = target.endsWith(".cpuprofile")
    ? [target]
    : (await readdir(target))
        .filter((f) => f.endsWith(".cpuprofile"))
        .map((f) => path.join(target, f));
  for (const file of files) {
    console.log(`== ${path.basename(file)}`);
    console.log(
      summarizeProfile(
        JSON.parse(await readFile(file, "utf8")) as CpuProfile,
        Number(process.argv[3] ?? 25),
      ),
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
