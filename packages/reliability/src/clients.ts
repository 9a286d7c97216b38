import { TokenService } from "@dentalcare/api";
import { createDentalClient } from "@dentalcare/client";
import { WebSocket } from "ws";
import { DRILL_SECRET } from "./server.ts";

// Subscribers as the apps run them: the shared client (WebSocket, jittered reconnect,
// resume after the last event id), each on the clinic-wide appointment feed, remembering
// every event id it got and when its connection came back.

const mint = new TokenService({
  secret: DRILL_SECRET,
  issuer: "dentalcare-sync",
  ttlSeconds: 6 * 3600,
});

export function tokenFor(id: string, role: "admin" | "dentist" | "patient"): Promise<string> {
  return mint.issue({ id, role }).then((t) => t.token);
}

export interface Subscriber {
  /** appointment.created event ids received, in order (duplicates kept). */
  received: string[];
  /** When the connection went live again after each loss (ms since the epoch). */
  liveAt: number[];
  lostAt: number[];
  errors: unknown[];
  started: Promise<void>;
  isLive(): boolean;
  close(): void;
}

interface Item {
  id: string;
  data: { kind?: string; type?: string; id?: string };
}

export function subscribe(url: string, token: string): Subscriber {
  const dental = createDentalClient({ url, getToken: () => token, WebSocket });
  const me: Subscriber = {
    received: [],
    liveAt: [],
    lostAt: [],
    errors: [],
    started: Promise.resolve(),
    isLive: () => dental.connection.snapshot.status === "live",
    close: () => {
      sub.unsubscribe();
      stopWatching();
      dental.close();
    },
  };
  let wasLive = false;
  const stopWatching = dental.connection.subscribe((s) => {
    if (s.status === "live" && !wasLive) me.liveAt.push(Date.now());
    if (s.status !== "live" && wasLive) me.lostAt.push(Date.now());
    wasLive = s.status === "live";
  });
  let onStarted: () => void = () => undefined;
  me.started = new Promise<void>((resolve) => {
    onStarted = resolve;
  });
  const sub = dental.client.live.onAppointments.subscribe(
    {},
    {
      onStarted: () => onStarted(),
      onData: (item: unknown) => {
        const { id, data } = item as Item;
        const type = data.type ?? "";
        if (type === "appointment.created") me.received.push(id);
      },
      onError: (error: unknown) => me.errors.push(error),
    },
  );
  return me;
}

/** Opens `count` subscribers a few at a time (a thundering herd is another drill). */
export async function subscribeMany(
  url: string,
  tokens: string[],
  count: number,
): Promise<Subscriber[]> {
  const out: Subscriber[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, (_, k) =>
      subscribe(url, tokens[(i + k) % tokens.length] ?? ""),
    );
    out.push(...batch);
    await Promise.all(batch.map((s) => s.started));
  }
  return out;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? 0;
}
