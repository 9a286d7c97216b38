import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";

const SCRIPT = path.resolve(import.meta.dirname, "raw-server.ts");

export interface RawServer {
  url: string;
  pid: number;
  broadcast(count: number, rate: number, bytes: number): Promise<{ sent: number; seconds: number }>;
  stop(): Promise<void>;
}

export async function startRawServer(): Promise<RawServer> {
  const child: ChildProcess = fork(SCRIPT, [], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("raw server did not start")), 30_000);
    child.once("message", (m: { port: number }) => {
      clearTimeout(timer);
      resolve(m.port);
    });
    child.once("exit", (code) => reject(new Error(`raw server exited with ${code}`)));
  });
  let nextId = 1;
  return {
    url: `ws://127.0.0.1:${port}/`,
    pid: child.pid ?? -1,
    broadcast(count, rate, bytes) {
      const id = nextId++;
      return new Promise((resolve) => {
        const onMessage = (m: { id?: number; sent: number; seconds: number }) => {
          if (m.id !== id) return;
          child.off("message", onMessage);
          resolve({ sent: m.sent, seconds: m.seconds });
        };
        child.on("message", onMessage);
        child.send({ id, count, rate, bytes });
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.disconnect();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
