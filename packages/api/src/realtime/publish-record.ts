import type { Logger } from "pino";
import type { EventLog } from "./event-log.ts";

// When each event reached the bus (requirement 10.1), written in batches. An UPDATE per read of
// the log cost the database a statement per booking under load; the times are taken when the
// events are handed out and written together a little later, so batching delays the record,
// not the figure. Times are on the database's clock (the clock of `created_at`): the clock at
// the read plus the time the hub took since.

export interface PublishRecordOptions {
  log: EventLog;
  logger: Logger;
  /** Longest a publish time waits before it is written. */
  flushEveryMs?: number;
  /** Written at once when this many are waiting. */
  maxPending?: number;
}

export class PublishRecord {
  readonly #opts: PublishRecordOptions;
  #ids: string[] = [];
  #at: number[] = [];
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();

  constructor(opts: PublishRecordOptions) {
    this.#opts = opts;
  }

  /** `readAt` is the database's clock at the read, `readPerf` performance.now() on receipt. */
  add(ids: string[], readAt: number, readPerf: number): void {
    const at = readAt + (performance.now() - readPerf);
    for (const id of ids) {
      this.#ids.push(id);
      this.#at.push(at);
    }
    if (this.#ids.length >= (this.#opts.maxPending ?? 1_000)) {
      void this.flush();
    } else if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.#opts.flushEveryMs ?? 200);
      this.#timer.unref();
    }
  }

  /** Writes whatever is waiting; resolves when it (and any earlier write) is done. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const ids = this.#ids;
    const at = this.#at;
    this.#ids = [];
    this.#at = [];
    // One write at a time, in order: a batch never overtakes the one before.
    this.#writing = this.#writing.then(async () => {
      if (ids.length === 0) return;
      try {
        await this.#opts.log.markPublished(ids, at);
      } catch (error) {
        this.#opts.logger.warn(
          { err: error, events: ids.length },
          "could not record publish times",
        );
      }
    });
    return this.#writing;
  }
}
