import { type TrackedEnvelope, tracked } from "@trpc/server";
import type { ChangeEvent } from "./event-types.ts";
import type { EventHub } from "./hub.ts";
import type { StreamItem } from "./stream.ts";

// The direct path for live events on WebSockets. A tRPC subscription still does the handshake,
// the access check and the replay; once it has caught up it hands its live part over to this
// module, which serialises each event once and writes the same bytes to every subscriber of its
// channels, with only the subscription's wire id in front. Going through tRPC's per-item loop
// (an async step per subscriber per event, then a JSON.stringify per subscriber) cost about
// 100 µs per delivery; this costs a string concatenation and a socket write.
//
// The handoff: the subscription yields a marker envelope; the WebSocket encoder (apps/server)
// recognises its id, tells the marker which wire id and JSON-RPC version the subscription has,
// and sends nothing to the client. The generator then resumes, registers a route here and
// waits for its signal, so stopping the subscription or closing the socket still ends it the
// tRPC way.

const WEBSOCKET_OPEN = 1;
const HANDOFF_PREFIX = "~direct:";
const TEXT = { binary: false } as const;

/** The part of a WebSocket the direct path writes to (text frames, already UTF-8). */
export interface FrameSocket {
  readonly readyState: number;
  send(frame: Buffer, options: { binary: false }): void;
}

/** What a WebSocket connection offers its subscriptions (absent on HTTP and SSE). */
export interface DirectTransport {
  fanout: DirectFanout;
  socket: FrameSocket;
}

/** A marker waiting to be claimed by the encoder, by its envelope id. */
const pending = new Map<string, Handoff>();
let nextHandoff = 0;

export class Handoff {
  readonly key = `${HANDOFF_PREFIX}${++nextHandoff}`;
  /** `{"id":…` (and `"jsonrpc":…`) of the subscription's messages, once claimed. */
  prefix: string | null = null;

  constructor(readonly cursor: bigint) {}

  /**
   * The envelope to yield in its place. Its data is a resync signal so that, were it ever sent
   * as is, the client would refetch rather than act on anything false; the encoder never lets
   * it out.
   */
  envelope(): TrackedEnvelope<StreamItem> {
    pending.set(this.key, this);
    return tracked(this.key, {
      type: "sync.reset",
      reason: "history_pruned",
      id: this.cursor.toString(),
    });
  }

  release(): void {
    pending.delete(this.key);
  }
}

/**
 * For the WebSocket encoder: when `message` is a handoff marker, records its wire id on the
 * marker and returns true (the message must then not be sent).
 */
export function claimHandoff(message: unknown): boolean {
  if (typeof message !== "object" || message === null || !("result" in message)) return false;
  const result = message.result;
  if (typeof result !== "object" || result === null || !("id" in result)) return false;
  const key = result.id;
  if (typeof key !== "string" || !key.startsWith(HANDOFF_PREFIX)) return false;
  const handoff = pending.get(key);
  if (!handoff) return true; // abandoned: still nothing to send
  pending.delete(key);
  const id = "id" in message ? message.id : null;
  const jsonrpc = "jsonrpc" in message ? message.jsonrpc : undefined;
  handoff.prefix =
    `{"id":${JSON.stringify(id)}` +
    (jsonrpc === undefined ? "" : `,"jsonrpc":${JSON.stringify(jsonrpc)}`);
  return true;
}

/** One subscription on the direct path. */
export interface Route {
  /** Sends `event` unless the subscription already has it (used for events queued during the handoff). */
  deliver(event: ChangeEvent): void;
  stop(): void;
}

interface Sink {
  prefix: string;
  socket: FrameSocket;
  hideActor: boolean;
  last: bigint;
}

/**
 * One event's frames. Serialised at most once per way of showing it (with or without the
 * actor), and encoded at most once per distinct wire prefix: subscribers whose subscriptions
 * have the same id (the first one on each connection, typically) share one buffer.
 */
class Frames {
  readonly id: bigint;
  #full: string | null = null;
  #anonymous: string | null = null;
  readonly #buffers = new Map<string, Buffer>();

  constructor(readonly event: ChangeEvent) {
    this.id = BigInt(event.id);
  }

  frame(prefix: string, hideActor: boolean): Buffer {
    const anonymous = hideActor && this.event.actorId !== null;
    const key = anonymous ? `-${prefix}` : prefix;
    let buffer = this.#buffers.get(key);
    if (!buffer) {
      buffer = Buffer.from(prefix + this.#suffix(anonymous));
      this.#buffers.set(key, buffer);
    }
    return buffer;
  }

  /** Everything after the subscription's id: the tracked-data result tRPC's links expect. */
  #suffix(anonymous: boolean): string {
    if (anonymous) {
      this.#anonymous ??= this.#encode({ ...this.event, actorId: null });
      return this.#anonymous;
    }
    this.#full ??= this.#encode(this.event);
    return this.#full;
  }

  #encode(data: ChangeEvent): string {
    const id = JSON.stringify(this.event.id);
    return `,"result":{"type":"data","data":{"id":${id},"data":${JSON.stringify(data)}},"id":${id}}}`;
  }
}

/** Every direct subscriber of this process, by channel; fed by the hub in log order. */
export class DirectFanout {
  readonly #byChannel = new Map<string, Set<Sink>>();
  readonly #onDelivered: ((count: number) => void) | undefined;
  readonly #detach: () => void;

  constructor(hub: Pick<EventHub, "subscribe">, onDelivered?: (count: number) => void) {
    this.#onDelivered = onDelivered;
    this.#detach = hub.subscribe((event) => this.#publish(event));
  }

  /** Routes `channels` to `socket`, starting after event `last`. */
  open(
    socket: FrameSocket,
    prefix: string,
    options: { channels: string[]; hideActor: boolean; last: bigint },
  ): Route {
    const sink: Sink = { prefix, socket, hideActor: options.hideActor, last: options.last };
    const channels = [...new Set(options.channels)];
    for (const channel of channels) {
      let sinks = this.#byChannel.get(channel);
      if (!sinks) {
        sinks = new Set();
        this.#byChannel.set(channel, sinks);
      }
      sinks.add(sink);
    }
    return {
      deliver: (event) => {
        if (this.#send(sink, new Frames(event))) this.#onDelivered?.(1);
      },
      stop: () => {
        for (const channel of channels) {
          const sinks = this.#byChannel.get(channel);
          sinks?.delete(sink);
          if (sinks?.size === 0) this.#byChannel.delete(channel);
        }
      },
    };
  }

  /** Subscriptions currently on the direct path. */
  get size(): number {
    const all = new Set<Sink>();
    for (const sinks of this.#byChannel.values()) for (const sink of sinks) all.add(sink);
    return all.size;
  }

  close(): void {
    this.#detach();
    this.#byChannel.clear();
  }

  #publish(event: ChangeEvent): void {
    let frames: Frames | null = null;
    let delivered = 0;
    for (const channel of event.channels) {
      const sinks = this.#byChannel.get(channel);
      if (!sinks) continue;
      frames ??= new Frames(event);
      for (const sink of sinks) if (this.#send(sink, frames)) delivered++;
    }
    if (delivered > 0) this.#onDelivered?.(delivered);
  }

  /** False when the sink already had the event (several of its channels carry it) or is closing. */
  #send(sink: Sink, frames: Frames): boolean {
    if (frames.id <= sink.last) return false;
    sink.last = frames.id;
    if (sink.socket.readyState !== WEBSOCKET_OPEN) return false;
    sink.socket.send(frames.frame(sink.prefix, sink.hideActor), TEXT);
    return true;
  }
}
