import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

// The real server (apps/server/src/main.ts) as a child process the drills can stop, restart
// and kill.

export const DRILL_SECRET = "reliability-drill-secret-0123456789-abcdef";
const MAIN = path.resolve(import.meta.dirname, "../../../apps/server/src/main.ts");

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** The last lines the server printed (its warnings and errors). */
  output: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function spawnServer(
  databaseUrl: string,
  options: { port?: number; fanout?: "local" | "postgres"; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(options.port ?? 0),
      HOST: "127.0.0.1",
      NODE_ENV: "test",
      JWT_SECRET: DRILL_SECRET,
      SEED_DEMO_DATA: "false",
      SERVE_WEB_APPS: "false",
      LOG_LEVEL: "warn",
      REALTIME_FANOUT: options.fanout ?? "local",
      // The drills are about faults, not abuse: one address books for everyone.
      RATE_LIMIT_BOOKINGS_PER_MINUTE: "0",
      RATE_LIMIT_ADDRESS_PER_MINUTE: "0",
      WS_MAX_CONNECTIONS_PER_USER: "100000",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (line: string) => {
    output.push(line);
    if (output.length > 200) output.shift();
  };
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", keep);
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${output.join("\n")}`)),
      60_000,
    );
    lines.on("line", (line) => {
      keep(line);
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output.join("\n")}`));
    });
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return {
    url,
    port: Number(new URL(url).port),
    child,
    output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
