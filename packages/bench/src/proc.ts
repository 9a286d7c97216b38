import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Resource figures read straight from /proc (Linux): resident memory and CPU time of a
// process, and the whole machine's busy time, sampled while a scenario runs.

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    } catch {
      ticksPerSecond = 100;
    }
    if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

/** VmRSS of a process in bytes, or null when it is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match?.[1] ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds a process has used so far. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces; fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / clockTicks() : null;
  } catch {
    return null;
  }
}

/** The PostgreSQL serving `dataDir` and all its backends (from postmaster.pid and /proc). */
export function postgresPids(dataDir: string): number[] {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return [];
  }
  if (!Number.isInteger(postmaster) || postmaster <= 0) return [];
  const pids = [postmaster];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === postmaster) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

interface MachineTicks {
  busy: number;
  total: number;
}

function machineTicks(): MachineTicks {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  // idle and iowait are fields 4 and 5.
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

export interface ResourceReport {
  seconds: number;
  /** CPU of the server process, in percent of one core (200 = both cores of two). */
  serverCpuPercent: number;
  /** CPU of PostgreSQL (postmaster and every backend), percent of one core. */
  databaseCpuPercent: number;
  /** CPU of all load-generator processes together, percent of one core. */
  loadCpuPercent: number;
  /** Busy share of the whole machine (all cores), percent. */
  machineBusyPercent: number;
  serverRssStartBytes: number;
  serverRssEndBytes: number;
  serverRssPeakBytes: number;
}

/** Samples the server's memory while a phase runs and reports CPU use over the phase. */
export class ResourceSampler {
  readonly #serverPid: number;
  readonly #loadPids: number[];
  readonly #dbPids: () => number[];
  #db0 = new Map<number, number>();
  #started = 0;
  #serverCpu0 = 0;
  #loadCpu0 = 0;
  #machine0: MachineTicks = { busy: 0, total: 0 };
  #rssStart = 0;
  #rssPeak = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(serverPid: number, loadPids: number[], dbPids: () => number[] = () => []) {
    this.#serverPid = serverPid;
    this.#loadPids = loadPids;
    this.#dbPids = dbPids;
  }

  #dbCpu(): Map<number, number> {
    return new Map(this.#dbPids().map((pid) => [pid, cpuSeconds(pid) ?? 0]));
  }

  #loadCpu(): number {
    return this.#loadPids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);
  }

  start(): void {
    this.#started = performance.now();
    this.#serverCpu0 = cpuSeconds(this.#serverPid) ?? 0;
    this.#loadCpu0 = this.#loadCpu();
    this.#machine0 = machineTicks();
    this.#db0 = this.#dbCpu();
    this.#rssStart = rssBytes(this.#serverPid) ?? 0;
    this.#rssPeak = this.#rssStart;
    this.#timer = setInterval(() => {
      this.#rssPeak = Math.max(this.#rssPeak, rssBytes(this.#serverPid) ?? 0);
    }, 250);
  }

  stop(): ResourceReport {
    if (this.#timer) clearInterval(this.#timer);
    const seconds = Math.max(0.001, (performance.now() - this.#started) / 1000);
    const machine = machineTicks();
    const rssEnd = rssBytes(this.#serverPid) ?? 0;
    const busy = machine.busy - this.#machine0.busy;
    const total = Math.max(1, machine.total - this.#machine0.total);
    let db = 0;
    // Backends that ended during the phase are missed; the pools keep theirs open.
    for (const [pid, cpu] of this.#dbCpu()) db += cpu - (this.#db0.get(pid) ?? 0);
    return {
      seconds: round(seconds, 2),
      serverCpuPercent: round(
        (((cpuSeconds(this.#serverPid) ?? 0) - this.#serverCpu0) / seconds) * 100,
        1,
      ),
      databaseCpuPercent: round((db / seconds) * 100, 1),
      loadCpuPercent: round(((this.#loadCpu() - this.#loadCpu0) / seconds) * 100, 1),
      machineBusyPercent: round((busy / total) * 100, 1),
      serverRssStartBytes: this.#rssStart,
      serverRssEndBytes: rssEnd,
      serverRssPeakBytes: Math.max(this.#rssPeak, rssEnd),
    };
  }
}

/** How busy the machine is with work that is not ours, measured before anything starts. */
export async function backgroundBusyPercent(seconds: number): Promise<number> {
  const a = machineTicks();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const b = machineTicks();
  return round(((b.busy - a.busy) / Math.max(1, b.total - a.total)) * 100, 1);
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
