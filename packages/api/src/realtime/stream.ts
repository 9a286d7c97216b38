import { AppError } from "../errors.ts";
import { Handoff, type Route } from "./direct.ts";
import type { ChangeEvent } from "./event-types.ts";
import type { EventHub } from "./hub.ts";

/** Sent instead of a replay when the client's cursor is older than the retained log. */
export interface ResyncSignal {
  type: "sync.reset";
  reason: "history_pruned";
  /** The cursor to continue from after refetching. */
  id: string;
}

export type StreamItem = ChangeEvent | ResyncSignal;

export interface StreamOptions<T> {
  hub: EventHub;
  channels: string[];
  /** The last event id the client saw; replay starts after it. */
  lastEventId: string | null | undefined;
  signal: AbortSignal | undefined;
  /** Events waiting for a slow client before it is cut off (it then reconnects and replays). */
  maxQueue: number;
  onOverflow: () => void;
  replayBatch?: number;
  /** What the subscriber is given for each item (the stream is the only generator in the chain). */
  present: (item: StreamItem) => T;
  /** Called when the stream starts; what it returns is called when the stream ends. */
  track?: () => (() => void) | undefined;
  /**
   * Once caught up, hand the live part to a faster path (WebSocket connections, see direct.ts):
   * `marker(handoff)` is yielded once, and when the transport has claimed it, `open` starts the
   * route and the generator only waits for its signal. Unclaimed, the stream simply goes on.
   */
  direct?: { marker: (handoff: Handoff) => T; open: (prefix: string, last: bigint) => Route };
}

function parseCursor(value: string): bigint {
  if (!/^\d{1,19}$/.test(value)) {
    throw new AppError("VALIDATION_ERROR", "lastEventId must be an event id", {
      fields: { lastEventId: ["must be a decimal event id"] },
    });
  }
  return BigInt(value);
}

/**
 * Every event on `channels` after `lastEventId`, in order and exactly once, then live events.
 * The listener is attached before the log is read, so an event committed during the replay
 * is either in the replay or in the queue (or both: the id check drops the second copy).
 */
function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal || signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

export async function* streamEvents<T>(options: StreamOptions<T>): AsyncGenerator<T> {
  const wanted = new Set(options.channels);
  const queue: ChangeEvent[] = [];
  let overflowed = false;
  let wake: (() => void) | null = null;
  const unsubscribe = options.hub.subscribe((event) => {
    if (!event.channels.some((c) => wanted.has(c))) return;
    if (queue.length >= options.maxQueue) overflowed = true;
    else queue.push(event);
    wake?.();
  });
  const onAbort = () => wake?.();
  options.signal?.addEventListener("abort", onAbort);
  const untrack = options.track?.();
  try {
    let last = options.hub.cursor;
    if (options.lastEventId != null && options.lastEventId !== "") {
      const from = parseCursor(options.lastEventId);
      const horizon = await options.hub.log.horizon();
      if (from < horizon) {
        yield options.present({
          type: "sync.reset",
          reason: "history_pruned",
          id: last.toString(),
        });
      } else {
        last = from;
        const batch = options.replayBatch ?? 500;
        for (;;) {
          // Only up to the hub's cursor: above it an id may still be missing that commits
          // later (log-order.ts), and would then be dropped as older than what was replayed.
          // Anything newer reaches the queue, which was attached first.
          const events = await options.hub.log.afterOnChannels(
            last,
            options.hub.cursor,
            options.channels,
            batch,
          );
          for (const event of events) {
            last = BigInt(event.id);
            yield options.present(event);
          }
          if (events.length < batch) break;
        }
      }
    }
    let offered = false;
    while (!options.signal?.aborted) {
      if (options.direct && !offered && queue.length === 0) {
        offered = true;
        const handoff = new Handoff(last);
        try {
          yield options.direct.marker(handoff);
        } finally {
          handoff.release();
        }
        if (handoff.prefix !== null) {
          const route = options.direct.open(handoff.prefix, last);
          // Whatever arrived while the handoff was on its way, then the direct path alone.
          for (const event of queue.splice(0)) route.deliver(event);
          unsubscribe();
          try {
            await untilAborted(options.signal);
          } finally {
            route.stop();
          }
          return;
        }
      }
      if (overflowed) {
        options.onOverflow();
        return;
      }
      const event = queue.shift();
      if (!event) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
        continue;
      }
      const id = BigInt(event.id);
      if (id <= last) continue;
      last = id;
      yield options.present(event);
    }
  } finally {
    untrack?.();
    unsubscribe();
    options.signal?.removeEventListener("abort", onAbort);
  }
}
