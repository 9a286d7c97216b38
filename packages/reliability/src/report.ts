import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DrillResult } from "./drills/common.ts";
import type { OverheadResult } from "./drills/rls-overhead.ts";

// The reliability table: printed, and written as JSON and Markdown to reliability-results/.

export const RESULTS_DIR = path.resolve(import.meta.dirname, "../../../reliability-results");

export function markdownTable(drills: DrillResult[], overhead: OverheadResult | null): string {
  const head = [
    "| scenario | load | faults injected | events committed | deliveries expected | received | lost | duplicated | recovery (s) | result |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  const rows = drills.map(
    (d) =>
      `| ${d.scenario} | ${d.load} | ${d.faults} | ${d.eventsCommitted} | ${d.deliveriesExpected} | ${d.received} | ${d.lost} | ${d.duplicated} | ${d.recoverySeconds ?? "–"} | ${d.passed ? "pass" : "FAIL"} |`,
  );
  const details = drills.map(
    (d) =>
      `- **${d.scenario}**: ${Object.entries(d.details)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}`,
  );
  const out = [...head, ...rows, "", ...details];
  if (overhead) {
    out.push(
      "",
      `Row-level security overhead (in-process, p50 / p95 ms over ${overhead.iterations} calls each):`,
      "",
      "| procedure | owner connection (no RLS) | RLS role + acting user | p50 overhead |",
      "| --- | ---: | ---: | ---: |",
      `| appointments.list | ${overhead.listP50Ms.off} / ${overhead.listP95Ms.off} | ${overhead.listP50Ms.on} / ${overhead.listP95Ms.on} | ${overhead.listOverheadPercent} % |`,
      `| appointments.create | ${overhead.createP50Ms.off} / ${overhead.createP95Ms.off} | ${overhead.createP50Ms.on} / ${overhead.createP95Ms.on} | ${overhead.createOverheadPercent} % |`,
    );
  }
  return out.join("\n");
}

export async function writeResults(
  drills: DrillResult[],
  overhead: OverheadResult | null,
  meta: Record<string, unknown>,
): Promise<{ json: string; markdown: string }> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const json = path.join(RESULTS_DIR, `reliability-${stamp}.json`);
  const markdown = path.join(RESULTS_DIR, `reliability-${stamp}.md`);
  await writeFile(json, `${JSON.stringify({ meta, drills, rlsOverhead: overhead }, null, 2)}\n`);
  await writeFile(
    markdown,
    `# Reliability drills\n\n${Object.entries(meta)
      .map(([k, v]) => `- ${k}: ${String(v)}`)
      .join("\n")}\n\n${markdownTable(drills, overhead)}\n`,
  );
  await writeFile(path.join(RESULTS_DIR, "latest.md"), `${markdownTable(drills, overhead)}\n`);
  return { json, markdown };
}
