// PostgreSQL's own background work (autovacuum, autoanalyze, checkpoints) from its log, so a
// phase's report can say whether any of it ran while the phase was measured: on two cores
// such work takes CPU from the server and the booking backends at no predictable time.

export interface MaintenanceEvent {
  /** e.g. `automatic vacuum of table "bench.public.realtime_events"`, `checkpoint`. */
  what: string;
  /** When it began and ended, by the harness's clock (ms since the epoch). */
  startedAt: number;
  endedAt: number;
}

const AUTOMATIC = /LOG:\s+(automatic (?:vacuum|analyze) of table "[^"]+")/;
const ELAPSED = /elapsed: ([\d.]+) s/;
const CHECKPOINT_DONE = /LOG:\s+checkpoint complete:.*total=([\d.]+) s/;

/**
 * Reads PostgreSQL's log as it arrives. An autovacuum's or autoanalyze's message comes when
 * it ends, its elapsed time on a later line; a checkpoint's when it completes, with its total.
 * Each start is worked out from the time the end arrived.
 */
export class MaintenanceLog {
  readonly events: MaintenanceEvent[] = [];
  #open: { what: string; at: number } | null = null;

  /** Takes one chunk of log output (one or more lines) received at `at`. */
  add(chunk: string, at: number = Date.now()): void {
    for (const line of chunk.split("\n")) {
      const automatic = AUTOMATIC.exec(line);
      if (automatic?.[1]) {
        this.#close(0);
        this.#open = { what: automatic[1], at };
        continue;
      }
      const checkpoint = CHECKPOINT_DONE.exec(line);
      if (checkpoint?.[1]) {
        this.#push("checkpoint", at, Number(checkpoint[1]));
        continue;
      }
      const elapsed = ELAPSED.exec(line);
      if (elapsed?.[1] && this.#open) this.#close(Number(elapsed[1]));
    }
  }

  /** What ran at any time between `from` and `to`. */
  between(from: number, to: number): MaintenanceEvent[] {
    this.#close(0);
    return this.events.filter((e) => e.endedAt >= from && e.startedAt <= to);
  }

  #close(seconds: number): void {
    if (!this.#open) return;
    this.#push(this.#open.what, this.#open.at, seconds);
    this.#open = null;
  }

  #push(what: string, endedAt: number, seconds: number): void {
    this.events.push({ what, startedAt: endedAt - Math.round(seconds * 1000), endedAt });
  }
}

/** One line for a report: `automatic vacuum of table "…" (0.21 s, 3.4 s into the phase)`. */
export function describeMaintenance(events: MaintenanceEvent[], phaseStart: number): string[] {
  return events.map(
    (e) =>
      `${e.what} (${((e.endedAt - e.startedAt) / 1000).toFixed(2)} s, from ${((e.startedAt - phaseStart) / 1000).toFixed(1)} s into the phase)`,
  );
}
