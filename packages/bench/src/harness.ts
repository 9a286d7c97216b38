import type { BenchProfile } from "./config.ts";
import type { BenchData, BenchDatabase } from "./database.ts";
import type { PhaseDiagnostics } from "./diagnostics.ts";
import type { BookingInput, SlotAllocator, Subscriber, TokenMint } from "./fixtures.ts";
import { postgresPids } from "./proc.ts";
import type { ServerProcess } from "./server.ts";
import type { LoadProcess } from "./workers/pool.ts";
import type { BookingItem, ConnectResult, SubscriptionSpec } from "./workers/protocol.ts";

/** Everything a scenario needs: the running server, its data, and the load processes. */
export interface Harness {
  profile: BenchProfile;
  log: (line: string) => void;
  db: BenchDatabase;
  data: BenchData;
  server: ServerProcess;
  tokens: TokenMint;
  slots: SlotAllocator;
  /** Processes holding WebSocket subscribers. */
  listeners: LoadProcess[];
  /** The process that sends bookings. */
  booker: LoadProcess;
  /** The planned subscribers; the first `connected` of them are connected. */
  subscribers: Subscriber[];
  connected: number;
  patientIndex: Map<string, number>;
  patientCursor: number;
  /** Server RSS with no client connected, after warm-up. */
  idleRssBytes: number;
  /** Problems that mean the harness (not the server under test) is broken. */
  harnessErrors: string[];
  /** Set with `--diagnose`: where the time of each booking phase went (diagnostics.ts). */
  diagnostics?: PhaseDiagnostics;
}

export function loadPids(h: Harness): number[] {
  return [...h.listeners.map((p) => p.pid), h.booker.pid];
}

/** Loopback addresses bookings leave from: the server limits bookings per address. */
export const BOOKING_ADDRESSES = 64;

/** A booking as `patientId`, from that patient's own loopback address. */
export async function bookingItem(
  h: Harness,
  patientId: string,
  input: BookingInput,
): Promise<BookingItem> {
  const index = h.patientIndex.get(patientId) ?? 0;
  return {
    token: await h.tokens.token(patientId, "patient"),
    input,
    from: `127.0.1.${(index % BOOKING_ADDRESSES) + 1}`,
  };
}

/**
 * The next `count` patients, cycling through all of them across the whole run, so no patient
 * books more often than the per-patient limit allows.
 */
export function nextPatients(h: Harness, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = h.data.patients[h.patientCursor++ % h.data.patients.length];
    if (p) out.push(p);
  }
  return out;
}

export function databasePids(h: Harness): () => number[] {
  return () => postgresPids(h.db.dataDir);
}

export function sourceAddresses(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `127.0.0.${i + 2}`);
}

/** Spreads subscriptions round-robin over the listener processes and opens them. */
export async function connectSpread(
  h: Harness,
  kind: "trpc" | "raw",
  url: string,
  specs: SubscriptionSpec[],
): Promise<ConnectResult> {
  const buckets: SubscriptionSpec[][] = h.listeners.map(() => []);
  for (const [i, spec] of specs.entries()) buckets[i % buckets.length]?.push(spec);
  const results = await Promise.all(
    h.listeners.map((p, i) =>
      p.call<ConnectResult>(
        {
          cmd: "connect",
          args: {
            kind,
            url,
            subscriptions: buckets[i] ?? [],
            localAddresses: sourceAddresses(h.profile.sourceAddresses),
            concurrency: 64,
            timeoutMs: 30_000,
          },
        },
        600_000,
      ),
    ),
  );
  return mergeConnects(results);
}

export function mergeConnects(results: ConnectResult[]): ConnectResult {
  return {
    connected: results.reduce((a, r) => a + r.connected, 0),
    failed: results.reduce((a, r) => a + r.failed, 0),
    firstError: results.find((r) => r.firstError)?.firstError ?? null,
    seconds: Math.max(0, ...results.map((r) => r.seconds)),
    open: results.reduce((a, r) => a + r.open, 0),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
