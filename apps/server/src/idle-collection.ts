import { performance } from "node:perf_hooks";

// When thousands of WebSockets close at once (a proxy restart, a network blip, the bench's
// fan-out scenarios ending), their state becomes garbage that V8 collects only when the heap
// next reaches the limit it set while they were connected: minutes later, under whatever load
// then runs. On a two-core machine that one collection stalled bookings for 100–250 ms (the
// bench README has the traces). This collects it as soon as the server is quiet instead.
//
// It needs V8's `gc` function, which Node exposes only with `--expose-gc` (the server's
// `serve` script passes it). Without it, this does nothing and V8 collects as it always has.

export interface IdleCollectionOptions {
  /** A full collection; undefined turns this off. */
  collect: (() => void) | undefined;
  /** Connections closed since the last collection that make one worth it. */
  closedThreshold?: number;
  /** The event loop's busy share over one check interval below which the server is quiet. */
  quietUtilization?: number;
  checkIntervalMs?: number;
  /** Busy share of the event loop since the previous call (0–1). */
  utilization?: () => number;
  onCollected?: (info: { closed: number; ms: number }) => void;
}

/** Node's `gc` when the process was started with `--expose-gc`. */
export function exposedGc(): (() => void) | undefined {
  const gc: unknown = (globalThis as { gc?: unknown }).gc;
  return typeof gc === "function" ? () => gc() : undefined;
}

/** Event-loop utilisation since the previous call. */
function loopUtilization(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const delta = performance.eventLoopUtilization(now, last);
    last = now;
    return delta.utilization;
  };
}

export class IdleCollection {
  readonly #collect: (() => void) | undefined;
  readonly #threshold: number;
  readonly #quiet: number;
  readonly #intervalMs: number;
  readonly #utilization: () => number;
  readonly #onCollected: ((info: { closed: number; ms: number }) => void) | undefined;
  #closed = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: IdleCollectionOptions) {
    this.#collect = options.collect;
    this.#threshold = options.closedThreshold ?? 1_000;
    this.#quiet = options.quietUtilization ?? 0.2;
    this.#intervalMs = options.checkIntervalMs ?? 1_000;
    this.#utilization = options.utilization ?? loopUtilization();
    this.#onCollected = options.onCollected;
  }

  /** A connection closed. */
  noteClosed(): void {
    if (!this.#collect) return;
    this.#closed += 1;
    if (this.#closed < this.#threshold || this.#timer) return;
    this.#utilization(); // start the first window now
    this.#timer = setInterval(() => this.#check(), this.#intervalMs);
    this.#timer.unref();
  }

  #check(): void {
    if (!this.#collect || this.#utilization() >= this.#quiet) return;
    this.stop();
    const closed = this.#closed;
    this.#closed = 0;
    const started = performance.now();
    this.#collect();
    this.#onCollected?.({ closed, ms: performance.now() - started });
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
