import type { BookingInput } from "../fixtures.ts";

// Messages between the orchestrator and its load-generator processes (over the IPC channel).

export interface SubscriptionSpec {
  token: string;
  path: string;
  input: Record<string, string>;
}

export interface ConnectArgs {
  /** `trpc`: our server (connectionParams + a subscription); `raw`: the baseline server. */
  kind: "trpc" | "raw";
  url: string;
  subscriptions: SubscriptionSpec[];
  localAddresses: string[];
  concurrency: number;
  timeoutMs: number;
}

export interface ConnectResult {
  connected: number;
  failed: number;
  firstError: string | null;
  seconds: number;
  open: number;
}

export interface ResubscribeArgs {
  path: string;
  input: Record<string, string>;
  timeoutMs: number;
}

export interface PhaseStartArgs {
  /** slotKey(dentist, startsAt) → when its booking was scheduled to be sent (epoch ms). */
  schedule: [string, number][];
}

export interface PhaseProgress {
  deliveries: number;
}

export interface PhaseReport {
  deliveries: number;
  bytes: number;
  firstReceiptAt: number | null;
  lastReceiptAt: number | null;
  /** commit (event createdAt, or the raw server's send stamp) → receipt, µs. */
  commitToReceipt: string;
  /** scheduled send of the booking → receipt, µs (free of coordinated omission). */
  scheduleToReceipt: string;
  unexpectedCloses: number;
  protocolErrors: number;
}

export interface BookingItem {
  token: string;
  input: BookingInput;
  /** Loopback address the request leaves from (the patient's "network"). */
  from: string;
}

export interface BookArgs {
  url: string;
  mode: "open" | "closed";
  items: BookingItem[];
  /** Open loop: bookings per second, sent on schedule from `startAt` (epoch ms). */
  rate?: number;
  startAt?: number;
  /** In-flight cap (open loop) or number of client loops (closed loop). */
  concurrency: number;
  maxSeconds: number;
}

export interface BookReport {
  attempted: number;
  succeeded: number[];
  errors: Record<string, number>;
  firstError: string | null;
  /** Request sent → response, µs. */
  serviceTime: string;
  /** Scheduled send → response, µs (open loop only; equals serviceTime in closed loop). */
  scheduleToResponse: string;
  firstStartAt: number;
  lastEndAt: number;
}

export interface RaceArgs {
  url: string;
  rounds: BookingItem[][];
  maxSeconds: number;
}

export interface RaceReport {
  rounds: number;
  winnersPerRound: number[];
  losersByCode: Record<string, number>;
  firstError: string | null;
  winnerLatency: string;
  loserLatency: string;
}

export type Request =
  | { cmd: "connect"; args: ConnectArgs }
  | { cmd: "resubscribe"; args: ResubscribeArgs }
  | { cmd: "phaseStart"; args: PhaseStartArgs }
  | { cmd: "phaseProgress" }
  | { cmd: "phaseEnd" }
  | { cmd: "disconnect" }
  | { cmd: "book"; args: BookArgs }
  | { cmd: "race"; args: RaceArgs };

export interface Envelope {
  id: number;
  request: Request;
}

export type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string };
