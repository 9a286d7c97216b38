import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

// The API server as its own process, started exactly as in production (`node --expose-gc
// --import tsx apps/server/src/main.ts`, the server's `serve` script) on the bench database.

const SERVER_DIR = path.resolve(import.meta.dirname, "../../../apps/server");
const MAIN = path.join(SERVER_DIR, "src/main.ts");

export interface ServerLogStats {
  /** Log lines at error level or above (pino level >= 50). */
  errors: number;
  warnings: number;
  /** The first few distinct error messages. */
  samples: string[];
}

export interface ServerProcess {
  url: string;
  pid: number;
  env: Record<string, string>;
  logStats(): ServerLogStats;
  /** Set when the server process ended before `stop()` was called. */
  unexpectedExit(): { code: number | null; signal: string | null; stderrTail: string } | null;
  stop(): Promise<void>;
}

export interface ServerOptions {
  databaseUrl: string;
  jwtSecret: string;
  poolSize: number;
  /** Write a V8 CPU profile of the whole run into this folder (node --cpu-prof). */
  cpuProfileDir?: string;
}

export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const env: Record<string, string> = {
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "warn",
    SERVE_WEB_APPS: "false",
    SEED_DEMO_DATA: "false",
    DATABASE_POOL_SIZE: String(options.poolSize),
  };
  const profile = options.cpuProfileDir
    ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`]
    : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...profile, "--expose-gc", "--import", "tsx", MAIN],
    {
      cwd: SERVER_DIR,
      env: {
        ...process.env,
        ...env,
        DATABASE_URL: options.databaseUrl,
        JWT_SECRET: options.jwtSecret,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stopping = false;
  let crash: { code: number | null; signal: string | null; stderrTail: string } | null = null;
  child.once("exit", (code, signal) => {
    if (!stopping) crash = { code, signal, stderrTail: stderr.slice(-4_000) };
  });
  const stats: ServerLogStats = { errors: 0, warnings: 0, samples: [] };
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on("line", (line) => {
    if (!line.startsWith("{")) return;
    try {
      const entry = JSON.parse(line) as {
        level?: number;
        msg?: string;
        err?: { message?: string };
      };
      if ((entry.level ?? 0) >= 50) {
        stats.errors++;
        const text = `${entry.msg ?? ""}: ${entry.err?.message ?? ""}`
          .replace(/\s+/g, " ")
          .slice(0, 300);
        if (stats.samples.length < 5 && !stats.samples.includes(text)) stats.samples.push(text);
      } else if (entry.level === 40) {
        stats.warnings++;
      }
    } catch {
      // not a log line
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 60_000);
    lines.on("line", (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    pid: child.pid ?? -1,
    env,
    logStats: () => ({ ...stats, samples: [...stats.samples] }),
    unexpectedExit: () => crash,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
