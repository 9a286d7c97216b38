import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Logger } from "pino";
import type { CommitListener } from "../deps.ts";
import { EventLog } from "./event-log.ts";
import type { ChangeEvent } from "./event-types.ts";
import { orderedRead, type PendingGap } from "./log-order.ts";
import { EVENTS_NOTIFY_CHANNEL } from "./outbox.ts";
import { PublishRecord } from "./publish-record.ts";

export type Listener = (event: ChangeEvent) => void;

export interface HubOptions {
  url: string;
  log: Logger;
  /**
   * `postgres`: also LISTEN for commits made by other server instances on the same database.
   * `local`: only this process writes events.
   */
  fanout: "local" | "postgres";
  /** A safety net: read the log this often even when nobody said anything was committed. */
  pollIntervalMs?: number;
  batchSize?: number;
  /** Delay before retry n (1-based) of a failed read; requirement 7.5's backoff. */
  retryDelayMs?: (attempt: number) => number;
  /**
   * Warn when delivery has waited this long at one missing id: a transaction holding a
   * transaction id somewhere on the PostgreSQL server keeps a rolled-back id from settling.
   */
  gapWarnAfterMs?: number;
  onPublished?: (events: ChangeEvent[]) => void;
}

export interface HubStatus {
  running: boolean;
  fanout: "local" | "postgres";
  listening: boolean;
  cursor: string;
  listeners: number;
  lastError: string | null;
}

/**
 * The in-process event bus, fed from the change log. After a commit (here or, in postgres
 * fan-out, on another instance) it reads every event after its cursor and hands each to the
 * listeners, in id order and never skipping one: an id that is still missing while later ones
 * are visible is waited for until it commits or certainly never will (log-order.ts).
 * Reading the log instead of passing events straight from the request that wrote them keeps
 * one order for every instance.
 */
/** How soon a missing id is looked for again when no commit wakes the hub; doubles up to 1 s. */
const GAP_FIRST_RECHECK_MS = 5;

export class EventHub implements CommitListener {
  readonly log: EventLog;
  readonly #pool: pg.Pool;
  readonly #opts: HubOptions;
  readonly #listeners = new Set<Listener>();
  #cursor = 0n;
  #gap: PendingGap | null = null;
  #gapTimer: NodeJS.Timeout | null = null;
  #gapDelayMs = GAP_FIRST_RECHECK_MS;
  /** When the current gap was first seen, and whether it was already reported. */
  #gapSince: { from: bigint; at: number; warned: boolean } | null = null;
  /** Names this instance in its wake-ups, so it does not wake itself twice. */
  readonly #instanceId = randomUUID();
  readonly #published: PublishRecord;
  #announcing = false;
  #announceAgain = false;
  #draining: Promise<void> | null = null;
  #dirty = false;
  #timer: NodeJS.Timeout | null = null;
  #listenClient: pg.Client | null = null;
  #listenRetry: NodeJS.Timeout | null = null;
  #running = false;
  #lastError: string | null = null;

  constructor(opts: HubOptions) {
    this.#opts = opts;
    this.#pool = new pg.Pool({
      connectionString: opts.url,
      max: 3,
      connectionTimeoutMillis: 3_000,
      // This pool only reads the log and records when events went out (latency bookkeeping).
      // Losing that record in a crash is harmless, so its commits need not wait for the WAL
      // flush: without this every drain cost a synchronous disk flush.
      options: "-c synchronous_commit=off",
      application_name: "dentalcare-hub",
    });
    this.#pool.on("error", (error) => opts.log.warn({ err: error }, "event hub pool error"));
    this.log = new EventLog(this.#pool);
    this.#published = new PublishRecord({ log: this.log, logger: opts.log });
  }

  async start(): Promise<void> {
    const start = await this.log.settledHead();
    if (!start.settled) {
      this.#opts.log.warn(
        { waitedMs: Math.round(start.waitedMs) },
        "a transaction older than the start is still open; events it commits below the start are not published",
      );
    }
    this.#cursor = start.head;
    this.#running = true;
    if (this.#opts.fanout === "postgres") await this.#listen();
    const every = this.#opts.pollIntervalMs ?? 1_000;
    this.#timer = setInterval(() => this.#wake(), every);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearInterval(this.#timer);
    if (this.#gapTimer) clearTimeout(this.#gapTimer);
    if (this.#listenRetry) clearTimeout(this.#listenRetry);
    await this.#draining?.catch(() => undefined);
    await this.#published.flush();
    await this.#listenClient?.end().catch(() => undefined);
    this.#listenClient = null;
    await this.#pool.end();
  }

  /** Attach a listener; returns the function that detaches it. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The id of the last event handed to listeners. */
  get cursor(): bigint {
    return this.#cursor;
  }

  status(): HubStatus {
    return {
      running: this.#running,
      fanout: this.#opts.fanout,
      listening: this.#opts.fanout === "local" || this.#listenClient !== null,
      cursor: this.#cursor.toString(),
      listeners: this.#listeners.size,
      lastError: this.#lastError,
    };
  }

  /** Told by this process after it committed events: read them, and wake the other instances. */
  committed(): void {
    this.#announce();
    this.#wake();
  }

  #wake(): void {
    if (!this.#running) return;
    if (this.#draining) {
      this.#dirty = true;
      return;
    }
    this.#draining = this.#drainWithRetry().finally(() => {
      this.#draining = null;
      if (this.#dirty) {
        this.#dirty = false;
        this.#wake();
      }
    });
  }

  /**
   * A payload-naming NOTIFY after the commit, on the hub's own connection. Sent from inside the
   * writer's transaction instead, it would take PostgreSQL's notification-queue lock until that
   * commit was on disk and make every writer commit in turn. At most one is in flight: commits
   * that happen meanwhile share the next one.
   */
  #announce(): void {
    if (this.#opts.fanout !== "postgres" || !this.#running) return;
    if (this.#announcing) {
      this.#announceAgain = true;
      return;
    }
    this.#announcing = true;
    this.#pool
      .query("SELECT pg_notify($1, $2)", [EVENTS_NOTIFY_CHANNEL, this.#instanceId])
      .catch((error: unknown) => {
        // The others still find the events with their next poll (pollIntervalMs).
        this.#opts.log.warn({ err: error }, "could not wake the other instances");
      })
      .finally(() => {
        this.#announcing = false;
        if (this.#announceAgain) {
          this.#announceAgain = false;
          this.#announce();
        }
      });
  }

  /**
   * Resolves once every event committed before the call has been handed to listeners and its
   * publish time written.
   */
  async flush(): Promise<void> {
    const target = await this.log.head();
    while (this.#running && this.#cursor < target) {
      this.#wake();
      await (this.#draining ?? new Promise((r) => setTimeout(r, 5)));
    }
    await this.#published.flush();
  }

  async #drainWithRetry(): Promise<void> {
    const delay = this.#opts.retryDelayMs ?? ((n: number) => 100 * 2 ** (n - 1));
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#drain();
        this.#lastError = null;
        return;
      } catch (error) {
        this.#lastError = (error as Error).message;
        if (attempt >= 3) {
          // The request that wrote the events has already succeeded; the next commit or poll
          // reads from the same cursor, so nothing is lost, only late.
          this.#opts.log.error(
            { err: error, cursor: this.#cursor.toString(), attempts: attempt + 1 },
            "publishing change events failed after 3 retries",
          );
          return;
        }
        await new Promise((r) => setTimeout(r, delay(attempt + 1)));
      }
    }
  }

  async #drain(): Promise<void> {
    const batchSize = this.#opts.batchSize ?? 500;
    for (;;) {
      const read = await this.log.read(this.#cursor, batchSize);
      const readPerf = performance.now();
      const next = orderedRead(this.#cursor, read.events, read.snapshot, this.#gap);
      this.#gap = next.gap;
      this.#cursor = next.cursor;
      const events = next.ready;
      this.#watchGap();
      for (const event of events) {
        for (const listener of this.#listeners) {
          try {
            listener(event);
          } catch (error) {
            this.#opts.log.error({ err: error, eventId: event.id }, "event listener failed");
          }
        }
      }
      if (events.length > 0) {
        this.#opts.onPublished?.(events);
        this.#published.add(
          events.map((e) => e.id),
          read.readAt,
          readPerf,
        );
      }
      // A gap seen for the first time waits for every transaction running at that read; a
      // transaction id drawn now is above all of theirs (log-order.ts).
      if (this.#gap && this.#gap.horizon === null) {
        this.#gap.horizon = await this.log.nextTransactionId();
      }
      if (read.events.length < batchSize || next.gap) return;
    }
  }

  /**
   * A missing id that is not committed yet is usually a commit a few milliseconds away, which
   * wakes the hub itself. One that was rolled back wakes nobody: look again soon, less often
   * the longer it takes.
   */
  #watchGap(): void {
    if (!this.#gap) {
      this.#gapDelayMs = GAP_FIRST_RECHECK_MS;
      this.#gapSince = null;
      return;
    }
    const now = performance.now();
    if (this.#gapSince?.from !== this.#gap.from) {
      this.#gapSince = { from: this.#gap.from, at: now, warned: false };
    } else if (
      !this.#gapSince.warned &&
      now - this.#gapSince.at >= (this.#opts.gapWarnAfterMs ?? 10_000)
    ) {
      this.#gapSince.warned = true;
      this.#opts.log.warn(
        {
          missingFrom: this.#gap.from.toString(),
          missingThrough: this.#gap.through.toString(),
          waitedMs: Math.round(now - this.#gapSince.at),
        },
        "live events are held back at a missing change-log id: its writer, or an older transaction on the database server, is still open",
      );
    }
    if (this.#gapTimer) return;
    this.#gapTimer = setTimeout(() => {
      this.#gapTimer = null;
      this.#wake();
    }, this.#gapDelayMs);
    this.#gapTimer.unref();
    this.#gapDelayMs = Math.min(this.#gapDelayMs * 2, 1_000);
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#opts.url,
      application_name: "dentalcare-hub-listen",
    });
    const reconnect = (error?: unknown) => {
      if (this.#listenClient !== client) return;
      this.#listenClient = null;
      client.end().catch(() => undefined);
      if (!this.#running) return;
      this.#opts.log.warn({ err: error }, "LISTEN connection lost; reconnecting");
      this.#listenRetry = setTimeout(() => {
        this.#listen().catch(() => undefined);
      }, 500);
    };
    try {
      await client.connect();
      // Our own wake-ups are skipped: this process read the log when it committed.
      client.on("notification", (message) => {
        if (message.payload !== this.#instanceId) this.#wake();
      });
      client.on("error", reconnect);
      client.on("end", () => reconnect());
      await client.query(`LISTEN ${EVENTS_NOTIFY_CHANNEL}`);
      this.#listenClient = client;
      // Whatever was committed while we were not listening is in the log: read it now.
      this.#wake();
    } catch (error) {
      this.#listenClient = client;
      reconnect(error);
    }
  }
}
