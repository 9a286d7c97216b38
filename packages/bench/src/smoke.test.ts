import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BenchResults } from "./results.ts";

// The whole harness end to end at smoke size: PostgreSQL, the server process, load
// processes, every scenario, the result files. A missed target does not fail this test; a
// harness that no longer measures anything does.

const PACKAGE_DIR = path.resolve(import.meta.dirname, "..");
let out = "";

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

function runSmoke(dir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("sh", ["bin/bench.sh", "--smoke", "--out", dir], {
      cwd: PACKAGE_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("pnpm bench:smoke", () => {
  it("runs every scenario and writes JSON, Markdown and HTML results", async () => {
    out = await mkdtemp(path.join(tmpdir(), "dentalcare-bench-smoke-"));
    const { code, output } = await runSmoke(out);
    expect(code, output).toBe(0);

    const results = JSON.parse(
      await readFile(path.join(out, "latest-smoke.json"), "utf8"),
    ) as BenchResults;
    expect(results.harnessErrors).toEqual([]);
    expect(results.machine.nproc).toBeGreaterThan(0);
    expect(results.machine.node).toBe(process.version);

    const [level] = results.scenarios.fanout;
    expect(level?.connect.open).toBe(level?.subscribers);
    expect(level?.phase.delivery.deliveries).toBeGreaterThan(0);
    expect(level?.phase.delivery.commitToReceipt.count).toBe(level?.phase.delivery.deliveries);
    expect(results.scenarios.broadcast?.rate.delivery.deliveries).toBeGreaterThan(0);
    expect(results.scenarios.baseline?.burst.delivery.deliveries).toBeGreaterThan(0);
    expect(results.scenarios.throughput?.closedLoop.succeeded).toBeGreaterThan(0);
    expect(results.scenarios.contention?.rounds).toBe(results.config.contention.rounds);
    expect(results.scenarios.integrity?.overlappingAppointments).toBe(0);

    // Every target was measured (pass or miss, never "could not measure").
    const ids = results.targets.map((t) => t.id);
    for (const id of [
      "fanout.p99",
      "fanout.memoryPerConnection",
      "broadcast.p99",
      "throughput.rate",
      "throughput.p99",
      "contention.loserP99",
      "integrity.overlaps",
      "baseline.deliveriesRatio",
    ]) {
      expect(ids).toContain(id);
    }
    for (const t of results.targets) expect(t.pass, t.id).not.toBeNull();

    const md = await readFile(path.join(out, "latest-smoke.md"), "utf8");
    expect(md).toContain("## Targets");
    const html = await readFile(path.join(out, "latest-smoke.html"), "utf8");
    expect(html).toContain("<svg");
  });
});
