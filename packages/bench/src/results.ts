import type { BenchProfile } from "./config.ts";
import type { MachineFacts } from "./machine.ts";
import type { BaselineResult } from "./scenarios/baseline.ts";
import type { ContentionResult, ThroughputResult } from "./scenarios/booking.ts";
import type { BroadcastResult, FanoutLevel } from "./scenarios/fanout.ts";

export interface Target {
  id: string;
  scenario: string;
  what: string;
  value: number | null;
  unit: string;
  op: "<=" | ">=" | "==";
  bound: number;
  /** null: the figure could not be measured in this run. */
  pass: boolean | null;
  note?: string;
}

export interface BenchResults {
  profile: BenchProfile["name"];
  startedAt: string;
  finishedAt: string;
  seconds: number;
  machine: MachineFacts;
  revision: string;
  commands: { bench: string; server: string; loadProcesses: number };
  postgres: Record<string, string>;
  serverEnv: Record<string, string>;
  config: BenchProfile;
  idleServerRssBytes: number;
  /** What the server logged at warn and error level over the whole run. */
  serverLog: { errors: number; warnings: number; samples: string[] };
  /** The server process died during the run (the scenarios after it measured a dead server). */
  serverCrash: { code: number | null; signal: string | null; stderrTail: string } | null;
  /** Machine busy share before the run started: other work on the same machine. */
  backgroundBusyPercent: number;
  scenarios: {
    fanout: FanoutLevel[];
    broadcast: BroadcastResult | null;
    baseline: BaselineResult | null;
    comparison: {
      deliveriesPerSecondRatio: number | null;
      p99Ratio: number | null;
    };
    throughput: ThroughputResult | null;
    contention: ContentionResult | null;
    integrity: { overlappingAppointments: number; activeAppointments: number } | null;
  };
  targets: Target[];
  harnessErrors: string[];
}
