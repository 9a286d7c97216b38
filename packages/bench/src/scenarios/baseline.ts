import { startRawServer } from "../baseline/control.ts";
import { connectSpread, type Harness, sleep } from "../harness.ts";
import { type DeliveryFigures, rawPhase } from "../phases.ts";
import type { ResourceReport } from "../proc.ts";
import type { ConnectResult } from "../workers/protocol.ts";

// Scenario 5: the same clients and the same frame size against a bare `ws` broadcast server.

export interface BaselineResult {
  clients: number;
  frameBytes: number;
  connect: ConnectResult;
  rate: { delivery: DeliveryFigures; resources: ResourceReport };
  burst: { delivery: DeliveryFigures; resources: ResourceReport };
}

export async function runBaseline(
  h: Harness,
  clients: number,
  frameBytes: number,
): Promise<BaselineResult> {
  const { broadcast, burst } = h.profile;
  const raw = await startRawServer();
  try {
    h.log(`baseline: connecting ${clients} clients to the raw ws server`);
    const specs = Array.from({ length: clients }, () => ({ token: "", path: "", input: {} }));
    const connect = await connectSpread(h, "raw", raw.url, specs);
    if (connect.connected === 0)
      h.harnessErrors.push(`baseline: no client connected (${connect.firstError})`);
    await sleep(1_000);
    h.log(
      `baseline: ${broadcast.eventsPerSecond} messages/s of ${frameBytes} bytes for ${broadcast.seconds} s`,
    );
    const rate = await rawPhase(h, raw, {
      count: broadcast.eventsPerSecond * broadcast.seconds,
      rate: broadcast.eventsPerSecond,
      bytes: frameBytes,
      clients: connect.connected,
    });
    h.log(`baseline burst: ${burst.events} messages back to back`);
    const burstPhase = await rawPhase(h, raw, {
      count: burst.events,
      rate: 0,
      bytes: frameBytes,
      clients: connect.connected,
    });
    await Promise.all(h.listeners.map((p) => p.call({ cmd: "disconnect" }, 120_000)));
    return { clients: connect.connected, frameBytes, connect, rate, burst: burstPhase };
  } finally {
    await raw.stop();
  }
}
