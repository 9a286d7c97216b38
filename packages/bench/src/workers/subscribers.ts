import { type RawData, WebSocket } from "ws";
import { encodeHistogram, type Histogram, newHistogram, recordMs } from "../histogram.ts";
import type {
  ConnectArgs,
  ConnectResult,
  PhaseReport,
  PhaseStartArgs,
  ResubscribeArgs,
  SubscriptionSpec,
} from "./protocol.ts";

// Many WebSocket subscribers in one process. They speak tRPC's WebSocket protocol directly
// (connectionParams message, `subscription` request, `data` results, PING/PONG), the same
// frames @trpc/client sends, without its per-client machinery, so a load process can hold
// thousands of them and still timestamp every delivery promptly.

interface Conn {
  ws: WebSocket;
  kind: "trpc" | "raw";
  subId: number;
  closedByUs: boolean;
  started: ((error?: Error) => void) | null;
}

interface Phase {
  schedule: Map<string, number>;
  commit: Histogram;
  scheduled: Histogram;
  deliveries: number;
  bytes: number;
  first: number | null;
  last: number | null;
  unexpectedCloses: number;
  protocolErrors: number;
}

interface TrpcMessage {
  id?: number | string | null;
  result?: { type?: string; data?: { id?: string; data?: DeliveredEvent } };
  error?: { message?: string };
}

interface DeliveredEvent {
  type?: string;
  createdAt?: string;
  payload?: {
    dentistId?: string;
    startsAt?: string;
    appointment?: { dentistId?: string; startsAt?: string };
  };
}

function eventKey(event: DeliveredEvent): string | null {
  const p = event.payload;
  const source = p?.appointment ?? p;
  return source?.dentistId && source.startsAt ? `${source.dentistId}|${source.startsAt}` : null;
}

async function pooled<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from(
    { length: Math.max(1, Math.min(concurrency, items.length)) },
    async () => {
      while (next < items.length) {
        const item = items[next++];
        if (item !== undefined) await work(item);
      }
    },
  );
  await Promise.all(lanes);
}

export class SubscriberSet {
  readonly #conns: Conn[] = [];
  #phase: Phase | null = null;
  #unexpectedCloses = 0;

  async connect(args: ConnectArgs): Promise<ConnectResult> {
    const t0 = performance.now();
    let connected = 0;
    let failed = 0;
    let firstError: string | null = null;
    let i = 0;
    await pooled(args.subscriptions, args.concurrency, async (spec) => {
      const localAddress = args.localAddresses[i++ % Math.max(1, args.localAddresses.length)];
      try {
        await this.#open(args, spec, localAddress);
        connected++;
      } catch (error) {
        failed++;
        firstError ??= (error as Error).message;
      }
    });
    return {
      connected,
      failed,
      firstError,
      seconds: (performance.now() - t0) / 1000,
      open: this.#conns.filter((c) => c.ws.readyState === WebSocket.OPEN).length,
    };
  }

  #open(
    args: ConnectArgs,
    spec: SubscriptionSpec,
    localAddress: string | undefined,
  ): Promise<void> {
    const url = args.kind === "trpc" ? `${args.url}?connectionParams=1` : args.url;
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      handshakeTimeout: args.timeoutMs,
      ...(localAddress ? { localAddress } : {}),
    });
    const conn: Conn = { ws, kind: args.kind, subId: 1, closedByUs: false, started: null };
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        conn.closedByUs = true;
        ws.terminate();
        reject(new Error("timed out opening the subscription"));
      }, args.timeoutMs);
      const done = (error?: Error) => {
        clearTimeout(timer);
        conn.started = null;
        if (error) {
          conn.closedByUs = true;
          ws.terminate();
          reject(error);
        } else {
          this.#conns.push(conn);
          resolve();
        }
      };
      ws.on("error", (error) => {
        if (conn.started) conn.started(error);
      });
      ws.on("close", () => {
        if (conn.started) conn.started(new Error("closed before the subscription started"));
        if (!conn.closedByUs) {
          this.#unexpectedCloses++;
          if (this.#phase) this.#phase.unexpectedCloses++;
        }
      });
      ws.on("message", (data, isBinary) => this.#onMessage(conn, data, isBinary));
      conn.started = done;
      ws.on("open", () => {
        if (args.kind === "raw") {
          done();
          return;
        }
        ws.send(JSON.stringify({ method: "connectionParams", data: { token: spec.token } }));
        this.#subscribe(conn, spec.path, spec.input);
      });
    });
  }

  #subscribe(conn: Conn, path: string, input: Record<string, string>): void {
    conn.ws.send(
      JSON.stringify({
        id: conn.subId,
        jsonrpc: "2.0",
        method: "subscription",
        params: { path, input },
      }),
    );
  }

  #onMessage(conn: Conn, data: RawData, isBinary: boolean): void {
    const now = Date.now();
    const text = data.toString();
    if (!isBinary && text === "PING") {
      conn.ws.send("PONG");
      return;
    }
    const phase = this.#phase;
    if (conn.kind === "raw") {
      if (!phase) return;
      const msg = JSON.parse(text) as { sentAt?: number };
      this.#record(phase, now, msg.sentAt ?? now, null, text.length);
      return;
    }
    let msg: TrpcMessage;
    try {
      msg = JSON.parse(text) as TrpcMessage;
    } catch {
      if (phase) phase.protocolErrors++;
      return;
    }
    if (msg.id !== conn.subId) return;
    if (msg.error) {
      if (phase) phase.protocolErrors++;
      conn.started?.(new Error(msg.error.message ?? "subscription failed"));
      return;
    }
    const type = msg.result?.type;
    if (type === "started") {
      conn.started?.();
      return;
    }
    if (type !== "data" || !phase) return;
    const event = msg.result?.data?.data;
    if (!event?.createdAt) {
      phase.protocolErrors++;
      return;
    }
    this.#record(phase, now, Date.parse(event.createdAt), eventKey(event), text.length);
  }

  #record(phase: Phase, now: number, sentAt: number, key: string | null, bytes: number): void {
    phase.deliveries++;
    phase.bytes += bytes;
    phase.first ??= now;
    phase.last = now;
    recordMs(phase.commit, now - sentAt);
    const scheduled = key ? phase.schedule.get(key) : undefined;
    if (scheduled !== undefined) recordMs(phase.scheduled, now - scheduled);
  }

  /** Moves every connection to another subscription, on the same sockets. */
  async resubscribe(args: ResubscribeArgs): Promise<ConnectResult> {
    const t0 = performance.now();
    let connected = 0;
    let failed = 0;
    let firstError: string | null = null;
    const live = this.#conns.filter((c) => c.kind === "trpc" && c.ws.readyState === WebSocket.OPEN);
    await pooled(live, 200, async (conn) => {
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error("timed out resubscribing")),
            args.timeoutMs,
          );
          conn.started = (error) => {
            clearTimeout(timer);
            conn.started = null;
            if (error) reject(error);
            else resolve();
          };
          conn.ws.send(
            JSON.stringify({ id: conn.subId, jsonrpc: "2.0", method: "subscription.stop" }),
          );
          conn.subId++;
          this.#subscribe(conn, args.path, args.input);
        });
        connected++;
      } catch (error) {
        failed++;
        firstError ??= (error as Error).message;
      }
    });
    return {
      connected,
      failed,
      firstError,
      seconds: (performance.now() - t0) / 1000,
      open: this.#conns.filter((c) => c.ws.readyState === WebSocket.OPEN).length,
    };
  }

  phaseStart(args: PhaseStartArgs): void {
    this.#phase = {
      schedule: new Map(args.schedule),
      commit: newHistogram(),
      scheduled: newHistogram(),
      deliveries: 0,
      bytes: 0,
      first: null,
      last: null,
      unexpectedCloses: 0,
      protocolErrors: 0,
    };
  }

  progress(): number {
    return this.#phase?.deliveries ?? 0;
  }

  phaseEnd(): PhaseReport {
    const p = this.#phase;
    this.#phase = null;
    if (!p) throw new Error("no phase is running");
    return {
      deliveries: p.deliveries,
      bytes: p.bytes,
      firstReceiptAt: p.first,
      lastReceiptAt: p.last,
      commitToReceipt: encodeHistogram(p.commit),
      scheduleToReceipt: encodeHistogram(p.scheduled),
      unexpectedCloses: p.unexpectedCloses,
      protocolErrors: p.protocolErrors,
    };
  }

  async disconnect(): Promise<number> {
    const conns = this.#conns.splice(0);
    await Promise.all(
      conns.map(
        (c) =>
          new Promise<void>((resolve) => {
            c.closedByUs = true;
            if (c.ws.readyState === WebSocket.CLOSED) {
              resolve();
              return;
            }
            const timer = setTimeout(() => {
              c.ws.terminate();
              resolve();
            }, 5_000);
            c.ws.once("close", () => {
              clearTimeout(timer);
              resolve();
            });
            c.ws.close();
          }),
      ),
    );
    return conns.length;
  }

  get unexpectedCloses(): number {
    return this.#unexpectedCloses;
  }
}
