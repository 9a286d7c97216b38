import { execFileSync } from "node:child_process";
import os from "node:os";

export interface MachineFacts {
  nproc: number;
  cpuModel: string;
  memoryTotalBytes: number;
  node: string;
  platform: string;
  kernel: string;
  openFileLimit: string;
  hostname: string;
}

function shell(command: string): string {
  try {
    return execFileSync("sh", ["-c", command], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

/** What the figures were measured on; written into every result file. */
export function machineFacts(): MachineFacts {
  return {
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryTotalBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    // The limit this process (and so every process it starts) runs with.
    openFileLimit: shell("ulimit -n"),
    hostname: os.hostname(),
  };
}

export function gitRevision(cwd: string): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}
