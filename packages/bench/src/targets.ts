import type { BenchResults, Target } from "./results.ts";

// The figures the clinic cares about and where each must land (2 cores, one machine).

function check(value: number | null | undefined, op: Target["op"], bound: number): boolean | null {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  if (op === "<=") return value <= bound;
  if (op === ">=") return value >= bound;
  return value === bound;
}

function target(t: Omit<Target, "pass">): Target {
  return { ...t, pass: check(t.value, t.op, t.bound) };
}

export function evaluateTargets(r: Omit<BenchResults, "targets">): Target[] {
  const s = r.scenarios;
  const out: Target[] = [];
  const levels = s.fanout;
  const first = levels[0];
  const top = levels[levels.length - 1];
  if (top) {
    out.push(
      target({
        id: "fanout.connections",
        scenario: "1. Fan-out",
        what: `concurrent subscribers held (of ${top.subscribers})`,
        value: top.connect.open,
        unit: "connections",
        op: ">=",
        bound: top.subscribers,
      }),
      target({
        id: "fanout.memoryPerConnection",
        scenario: "1. Fan-out",
        what: `server RSS per connection at ${top.subscribers} subscribers`,
        value: Math.round(top.memoryPerConnectionBytes / 102.4) / 10,
        unit: "KB",
        op: "<=",
        bound: 40,
      }),
    );
  }
  if (first) {
    const d = first.phase.delivery;
    const label = `${first.subscribers} subscribers, ${r.config.fanout.bookingsPerSecond} bookings/s`;
    out.push(
      target({
        id: "fanout.p50",
        scenario: "1. Fan-out",
        what: `commit→client p50 (${label})`,
        value: d.commitToReceipt.p50,
        unit: "ms",
        op: "<=",
        bound: 15,
      }),
      target({
        id: "fanout.p99",
        scenario: "1. Fan-out",
        what: `commit→client p99 (${label})`,
        value: d.commitToReceipt.p99,
        unit: "ms",
        op: "<=",
        bound: 60,
      }),
    );
  }
  for (const level of levels) {
    out.push(
      target({
        id: `fanout.complete.${level.subscribers}`,
        scenario: "1. Fan-out",
        what: `events delivered to every matching subscriber (${level.subscribers})`,
        value: level.phase.delivery.deliveredPercent,
        unit: "%",
        op: ">=",
        bound: 100,
      }),
    );
  }
  if (s.broadcast) {
    out.push(
      target({
        id: "broadcast.p99",
        scenario: "2. Broadcast",
        what: `commit→client p99, ${s.broadcast.subscribers} subscribers at ${r.config.broadcast.eventsPerSecond} events/s`,
        value: s.broadcast.rate.delivery.commitToReceipt.p99,
        unit: "ms",
        op: "<=",
        bound: 250,
      }),
      target({
        id: "broadcast.complete",
        scenario: "2. Broadcast",
        what: "events delivered to every subscriber",
        value: s.broadcast.rate.delivery.deliveredPercent,
        unit: "%",
        op: ">=",
        bound: 100,
      }),
    );
  }
  if (s.throughput) {
    const t = s.throughput;
    out.push(
      target({
        id: "throughput.rate",
        scenario: "3. Booking throughput",
        what: `bookings/s on distinct slots, ${t.clients} clients, closed loop`,
        value: t.closedLoop.perSecond,
        unit: "/s",
        op: ">=",
        bound: 300,
      }),
      target({
        id: "throughput.p99",
        scenario: "3. Booking throughput",
        what: `appointments.create p99 at ${t.openLoop.rate}/s offered (open loop, from scheduled send)`,
        value: t.openLoop.scheduleToResponse.p99,
        unit: "ms",
        op: "<=",
        bound: 50,
        note: `closed-loop p99 at saturation: ${t.closedLoop.serviceTime.p99} ms (Little's law: ${t.clients} clients / rate)`,
      }),
    );
  }
  if (s.contention) {
    const c = s.contention;
    out.push(
      target({
        id: "contention.loserP99",
        scenario: "4. Contention",
        what: `loser latency p99, ${c.clients} clients per slot`,
        value: c.loserLatency.p99,
        unit: "ms",
        op: "<=",
        bound: 100,
      }),
      target({
        id: "contention.oneWinner",
        scenario: "4. Contention",
        what: `rounds with exactly one winner (of ${c.rounds})`,
        value: c.roundsWithOneWinner,
        unit: "rounds",
        op: ">=",
        bound: r.config.contention.rounds,
      }),
    );
  }
  if (s.integrity) {
    out.push(
      target({
        id: "integrity.overlaps",
        scenario: "4. Contention",
        what: "overlapping active appointments (SQL check over the whole run)",
        value: s.integrity.overlappingAppointments,
        unit: "rows",
        op: "==",
        bound: 0,
      }),
    );
  }
  if (s.comparison.deliveriesPerSecondRatio !== null || s.baseline) {
    out.push(
      target({
        id: "baseline.deliveriesRatio",
        scenario: "5. Raw ws baseline",
        what: "fan-out deliveries/s, ours ÷ raw ws (burst to every subscriber)",
        value: s.comparison.deliveriesPerSecondRatio,
        unit: "×",
        op: ">=",
        bound: 0.5,
        ...(s.comparison.p99Ratio !== null
          ? { note: `p99 ours ÷ raw at the broadcast rate: ${s.comparison.p99Ratio}×` }
          : {}),
      }),
    );
  }
  return out;
}
