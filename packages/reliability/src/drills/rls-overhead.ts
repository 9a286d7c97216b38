import {
  type ApiDeps,
  callerContext,
  createCaller,
  defaultApiConfig,
  EventHub,
  scopedPrisma,
  systemClock,
} from "@dentalcare/api";
import { createPrismaClient, prepareAppRole, withSessionSettings } from "@dentalcare/db";
import { pino } from "pino";
import { percentile } from "../clients.ts";
import { startDrillDatabase } from "../cluster.ts";
import { SlotAllocator } from "../load.ts";
import { round } from "./common.ts";

// What row-level security costs a request: appointments.list and appointments.create called
// in-process (no HTTP), as a patient, with the API on the owner's connection (policies not
// applied) and on the RLS role with the acting user set per transaction. Alternating rounds
// keep drift (cache warm-up, table growth) from favouring either side.

export interface OverheadResult {
  iterations: number;
  listP50Ms: { off: number; on: number };
  listP95Ms: { off: number; on: number };
  createP50Ms: { off: number; on: number };
  createP95Ms: { off: number; on: number };
  listOverheadPercent: number;
  createOverheadPercent: number;
}

export async function rlsOverhead(o: { iterations: number }): Promise<OverheadResult> {
  const db = await startDrillDatabase({ patients: 20 });
  const log = pino({ level: "silent" });
  const role = await prepareAppRole(db.url, "reliability-app-role-password");
  if (!role.ok) throw new Error(role.reason);
  const owner = createPrismaClient(db.url, { maxConnections: 5 });
  const app = createPrismaClient(role.url, { maxConnections: 5 });
  const hub = new EventHub({
    url: withSessionSettings(db.url, { "app.role": "system" }),
    log,
    fanout: "local",
  });
  await hub.start();
  const deps = (rls: boolean): ApiDeps => ({
    db: rls ? scopedPrisma(app) : owner,
    clock: systemClock,
    config: defaultApiConfig,
    log,
    commits: hub,
    hub,
  });
  const patient = { id: db.clinic.patients[0] ?? "", role: "patient" as const, expiresAt: 2 ** 31 };
  const slots = new SlotAllocator(db.clinic);
  const samples = {
    list: { off: [] as number[], on: [] as number[] },
    create: { off: [] as number[], on: [] as number[] },
  };
  const time = async (fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  try {
    const rounds = 4;
    for (let r = 0; r < rounds; r++) {
      for (const mode of r % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const)) {
        const caller = createCaller(callerContext(deps(mode === "on"), patient));
        const n = Math.ceil(o.iterations / rounds);
        for (let i = 0; i < n; i++) {
          const ms = await time(() =>
            caller.appointments.create({ ...slots.next(), typeId: db.clinic.typeId }),
          );
          if (r > 0 || i >= 10) samples.create[mode].push(ms);
        }
        for (let i = 0; i < n; i++) {
          const ms = await time(() => caller.appointments.list({ limit: 20 }));
          if (r > 0 || i >= 10) samples.list[mode].push(ms);
        }
      }
    }
    const p = (xs: number[], q: number) =>
      round(
        percentile(
          [...xs].sort((a, b) => a - b),
          q,
        ),
      );
    const listP50 = { off: p(samples.list.off, 50), on: p(samples.list.on, 50) };
    const createP50 = { off: p(samples.create.off, 50), on: p(samples.create.on, 50) };
    return {
      iterations: o.iterations,
      listP50Ms: listP50,
      listP95Ms: { off: p(samples.list.off, 95), on: p(samples.list.on, 95) },
      createP50Ms: createP50,
      createP95Ms: { off: p(samples.create.off, 95), on: p(samples.create.on, 95) },
      listOverheadPercent: round(((listP50.on - listP50.off) / listP50.off) * 100, 1),
      createOverheadPercent: round(((createP50.on - createP50.off) / createP50.off) * 100, 1),
    };
  } finally {
    await hub.stop();
    await owner.$disconnect();
    await app.$disconnect();
    await db.destroy();
  }
}
