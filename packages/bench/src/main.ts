import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { FULL, SMOKE } from "./config.ts";
import { renderHtml } from "./report/html.ts";
import { renderMarkdown, renderTargets } from "./report/markdown.ts";
import { ALL_SCENARIOS, Cleanup, runBench, type ScenarioName } from "./run.ts";

// `pnpm bench` / `pnpm bench:smoke`. Exits 1 only when the harness itself broke; a missed
// target is reported (and written to the results) but is not a failure of the harness.

const { values } = parseArgs({
  // `pnpm bench -- --levels 1000` passes the `--` along.
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    smoke: { type: "boolean", default: false },
    out: { type: "string" },
    "cpu-prof": { type: "boolean", default: false },
    diagnose: { type: "boolean", default: false },
    levels: { type: "string" },
    "fanout-rate": { type: "string" },
    "contention-rounds": { type: "string" },
    scenarios: { type: "string" },
  },
});

const REPO = path.resolve(import.meta.dirname, "../../..");
const outDir = path.resolve(values.out ?? path.join(REPO, "bench-results"));
const base = values.smoke ? SMOKE : FULL;
const profile = {
  ...base,
  fanout: {
    ...base.fanout,
    ...(values.levels ? { levels: values.levels.split(",").map((v) => Number(v.trim())) } : {}),
    ...(values["fanout-rate"] ? { bookingsPerSecond: Number(values["fanout-rate"]) } : {}),
  },
  contention: {
    ...base.contention,
    ...(values["contention-rounds"] ? { rounds: Number(values["contention-rounds"]) } : {}),
  },
};
const scenarios = (values.scenarios?.split(",").map((s) => s.trim()) ??
  ALL_SCENARIOS) as ScenarioName[];
for (const s of scenarios) {
  if (!ALL_SCENARIOS.includes(s))
    throw new Error(`unknown scenario ${s}; known: ${ALL_SCENARIOS.join(", ")}`);
}

const t0 = performance.now();
const log = (line: string) => {
  console.log(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${line}`);
};
const cleanup = new Cleanup();
let interrupted = false;
const onSignal = (signal: NodeJS.Signals) => {
  if (interrupted) return;
  interrupted = true;
  log(`${signal}: stopping everything that was started`);
  void cleanup.runAll(log).finally(() => process.exit(130));
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

async function main(): Promise<number> {
  await mkdir(outDir, { recursive: true });
  const cpuProfileDir = values["cpu-prof"] ? path.join(outDir, "profiles") : undefined;
  if (cpuProfileDir) await mkdir(cpuProfileDir, { recursive: true });
  const diagnoseDir = values.diagnose ? path.join(outDir, "diagnose") : undefined;
  if (diagnoseDir) await mkdir(diagnoseDir, { recursive: true });
  let results: Awaited<ReturnType<typeof runBench>>;
  try {
    results = await runBench({
      profile,
      scenarios,
      log,
      cleanup,
      ...(cpuProfileDir ? { cpuProfileDir } : {}),
      ...(diagnoseDir ? { diagnoseDir } : {}),
    });
  } finally {
    if (!interrupted) await cleanup.runAll(log);
  }
  const stamp = results.startedAt.replace(/[:.]/g, "-");
  const name = `bench-${results.profile}-${stamp}`;
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const md = renderMarkdown(results);
  const html = renderHtml(results);
  for (const [file, body] of [
    [`${name}.json`, json],
    [`${name}.md`, md],
    [`${name}.html`, html],
    [`latest-${results.profile}.json`, json],
    [`latest-${results.profile}.md`, md],
    [`latest-${results.profile}.html`, html],
  ] as const) {
    await writeFile(path.join(outDir, file), body);
  }
  console.log(`\n${renderTargets(results)}`);
  if (results.serverCrash) {
    console.error(
      `\nthe server died during the run (code ${results.serverCrash.code}, signal ${results.serverCrash.signal}):`,
    );
    console.error(results.serverCrash.stderrTail.slice(-2_000));
  }
  log(`results: ${path.join(outDir, `${name}.{json,md,html}`)}`);
  if (results.harnessErrors.length > 0) {
    for (const e of results.harnessErrors) console.error(`harness error: ${e}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
