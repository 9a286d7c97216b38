import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import type { Reply, Request } from "./protocol.ts";

const WORKER = path.resolve(import.meta.dirname, "load-worker.ts");
const PACKAGE_DIR = path.resolve(import.meta.dirname, "../..");

/** One load-generator child process, driven over IPC. */
export class LoadProcess {
  readonly name: string;
  readonly #child: ChildProcess;
  readonly #pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  #nextId = 1;
  #exited = false;

  private constructor(name: string, child: ChildProcess) {
    this.name = name;
    this.#child = child;
    child.on("message", (message: Reply | { ready: true }) => {
      if (!("id" in message)) return;
      const waiter = this.#pending.get(message.id);
      if (!waiter) return;
      this.#pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`${name}: ${message.error}`));
    });
    child.on("exit", (code, signal) => {
      this.#exited = true;
      for (const waiter of this.#pending.values()) {
        waiter.reject(new Error(`${name} exited (${code ?? signal}) during a command`));
      }
      this.#pending.clear();
    });
  }

  static async start(name: string): Promise<LoadProcess> {
    const child = fork(WORKER, [], {
      cwd: PACKAGE_DIR,
      // No memory reducer: see bin/bench.sh (an idle load process must not collect mid-phase).
      execArgv: ["--import", "tsx", "--max-old-space-size=2048", "--no-memory-reducer"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start`)), 30_000);
      child.once("message", () => {
        clearTimeout(timer);
        resolve();
      });
      child.once("exit", (code) => reject(new Error(`${name} exited with ${code} while starting`)));
    });
    return new LoadProcess(name, child);
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  call<T>(request: Request, timeoutMs = 300_000): Promise<T> {
    if (this.#exited) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${this.name}: ${request.cmd} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.#child.send({ id, request });
    });
  }

  async stop(): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise<void>((resolve) => this.#child.once("exit", () => resolve()));
    this.#child.disconnect();
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
