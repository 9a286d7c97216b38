import os from "node:os";
import type { DrillResult } from "./drills/common.ts";
import { databaseOutageDrill } from "./drills/db-outage.ts";
import { listenDropDrill } from "./drills/listen-drop.ts";
import { restartDrill } from "./drills/restart.ts";
import { type OverheadResult, rlsOverhead } from "./drills/rls-overhead.ts";
import { sigkillDrill } from "./drills/sigkill.ts";
import { markdownTable, writeResults } from "./report.ts";

// `pnpm reliability`: the fault drills at full size (1,000 clients, a 10 s database outage),
// then the row-level-security overhead. `-- --quick` runs the test-suite sizes.
// `-- --only <name>` runs one of: outage, restart, sigkill, listen, rls.

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const want = (name: string) => only === undefined || only === name;

async function main() {
  const drills: DrillResult[] = [];
  let overhead: OverheadResult | null = null;
  const step = async (name: string, run: () => Promise<DrillResult>) => {
    if (!want(name)) return;
    process.stdout.write(`running ${name} … `);
    const started = Date.now();
    const result = await run();
    drills.push(result);
    console.log(
      `${result.passed ? "pass" : "FAIL"} (${Math.round((Date.now() - started) / 1000)} s)`,
    );
  };
  await step("outage", () =>
    databaseOutageDrill({
      clients: quick ? 100 : 300,
      outageMs: quick ? 3_000 : 10_000,
      bookingsPerSecond: 10,
    }),
  );
  await step("restart", () =>
    restartDrill({ clients: quick ? 100 : 1_000, bookingsPerSecond: 10 }),
  );
  await step("sigkill", () => sigkillDrill({ clients: quick ? 20 : 100, bookingsPerSecond: 20 }));
  await step("listen", () => listenDropDrill({ clients: quick ? 20 : 100, bookingsPerSecond: 10 }));
  if (want("rls")) {
    process.stdout.write("measuring row-level security overhead … ");
    overhead = await rlsOverhead({ iterations: quick ? 200 : 1_000 });
    console.log("done");
  }
  const table = markdownTable(drills, overhead);
  console.log(`\n${table}\n`);
  const files = await writeResults(drills, overhead, {
    command: `pnpm reliability${args.length ? ` -- ${args.join(" ")}` : ""}`,
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  });
  console.log(`written: ${files.json}\n         ${files.markdown}`);
  process.exit(drills.every((d) => d.passed) ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
