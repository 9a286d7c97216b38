import type { LatencySummary } from "../histogram.ts";
import type { DeliveryFigures, MutationFigures } from "../phases.ts";
import type { ResourceReport } from "../proc.ts";
import type { BenchResults } from "../results.ts";
import { codes, kb, mb, num, targetText, verdict } from "./format.ts";

const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
const head = (cells: string[]) => `${row(cells)}\n${row(cells.map(() => "---"))}`;
const lat = (l: LatencySummary) => [num(l.p50, 2), num(l.p95, 2), num(l.p99, 2), num(l.max, 2)];

export function renderTargets(r: BenchResults): string {
  const lines = [head(["Scenario", "Figure", "Value", "Target", "Result"])];
  for (const t of r.targets) {
    lines.push(
      row([
        t.scenario,
        t.what + (t.note ? ` (${t.note})` : ""),
        `${num(t.value, 2)} ${t.unit}`,
        targetText(t),
        `**${verdict(t)}**`,
      ]),
    );
  }
  return lines.join("\n");
}

export function renderMarkdown(r: BenchResults): string {
  const s = r.scenarios;
  const out: string[] = [];
  out.push(`# DentalCare Sync benchmark (${r.profile})`, "");
  out.push(
    `${r.startedAt} · ${r.seconds} s · revision ${r.revision} · ${r.machine.nproc} cores (${r.machine.cpuModel}), ${mb(r.machine.memoryTotalBytes)} · Node ${r.machine.node} · PostgreSQL ${r.postgres.server_version ?? "?"}`,
    "",
    "Latencies in milliseconds. Server, PostgreSQL and every load generator share the one machine. CPU % is of one core (the machine has " +
      r.machine.nproc +
      "); machine busy % is of all cores.",
    "",
    `Machine busy before the run (work that is not ours): ${r.backgroundBusyPercent} %.`,
    "",
    "## Targets",
    "",
    renderTargets(r),
    "",
  );
  if (r.serverCrash) {
    out.push(
      `**The server process died during the run** (code ${r.serverCrash.code}, signal ${r.serverCrash.signal}); figures after that point measured a dead server. Last stderr:`,
      "",
      "```",
      r.serverCrash.stderrTail.trim().slice(-2_000),
      "```",
      "",
    );
  }
  if (r.harnessErrors.length > 0)
    out.push("**Harness errors:**", ...r.harnessErrors.map((e) => `- ${e}`), "");

  out.push("## 1. Fan-out (bookings at a fixed rate, realistic channel mix)", "");
  out.push(
    head([
      "Subscribers",
      "Open",
      "Connect s",
      "Server RSS",
      "RSS/conn",
      "Marginal RSS/conn",
      "Bookings/s",
      "Booking errors",
      "Deliveries/s",
      "Delivered %",
      "p50",
      "p95",
      "p99",
      "max",
      "sched→client p99",
      "Server CPU %",
      "DB CPU %",
      "Load CPU %",
      "Machine busy %",
    ]),
  );
  for (const l of s.fanout) {
    const d = l.phase.delivery;
    out.push(
      row([
        l.subscribers,
        l.connect.open,
        num(l.connect.seconds),
        mb(l.rssAfterConnectBytes),
        kb(l.memoryPerConnectionBytes),
        kb(l.marginalBytesPerConnection),
        num(l.phase.bookings.perSecond),
        codes(l.phase.bookings.errors),
        num(d.deliveriesPerSecond, 0),
        num(d.deliveredPercent, 2),
        ...lat(d.commitToReceipt),
        num(d.scheduleToReceipt.p99, 2),
        num(l.phase.resources.serverCpuPercent),
        num(l.phase.resources.databaseCpuPercent),
        num(l.phase.resources.loadCpuPercent),
        num(l.phase.resources.machineBusyPercent),
      ]),
    );
  }
  const mix = s.fanout[s.fanout.length - 1]?.mix;
  if (mix)
    out.push(
      "",
      `Mix at the largest level: ${codes(mix)} (admin = clinic-wide appointment feed, slotsGlobal = all slots, slotsDentist = one dentist's slots, dentist/patient = own appointments).`,
    );
  out.push("", `Idle server RSS after warm-up: ${mb(r.idleServerRssBytes)}.`, "");

  out.push("## 2. Broadcast and 5. raw `ws` baseline", "");
  out.push(
    head([
      "Run",
      "Clients",
      "Frame bytes",
      "Events",
      "Deliveries",
      "Delivered %",
      "Deliveries/s",
      "p50",
      "p95",
      "p99",
      "max",
      "Server CPU %",
      "Load CPU %",
      "Server RSS peak",
    ]),
  );
  const b = s.broadcast;
  const raw = s.baseline;
  type Run = [
    string,
    number,
    { delivery: DeliveryFigures; resources: ResourceReport; bookings?: MutationFigures },
  ];
  const runs: Run[] = [];
  if (b) runs.push([`ours, ${r.config.broadcast.eventsPerSecond} events/s`, b.subscribers, b.rate]);
  if (raw)
    runs.push([`raw ws, ${r.config.broadcast.eventsPerSecond} msgs/s`, raw.clients, raw.rate]);
  if (b) runs.push([`ours, burst of ${r.config.burst.events}`, b.subscribers, b.burst]);
  if (raw) runs.push([`raw ws, burst of ${r.config.burst.events}`, raw.clients, raw.burst]);
  for (const [label, clients, p] of runs) {
    const d = p.delivery;
    const events = p.bookings
      ? `${p.bookings.succeeded} of ${p.bookings.attempted} bookings (${codes(p.bookings.errors)})`
      : "–";
    out.push(
      row([
        label,
        clients,
        d.bytesPerDelivery,
        events,
        d.deliveries,
        num(d.deliveredPercent, 2),
        num(d.deliveriesPerSecond, 0),
        ...lat(d.commitToReceipt),
        num(p.resources.serverCpuPercent),
        num(p.resources.loadCpuPercent),
        mb(p.resources.serverRssPeakBytes),
      ]),
    );
  }
  out.push(
    "",
    `Ours ÷ raw: deliveries/s in the burst ${num(s.comparison.deliveriesPerSecondRatio, 3)}×, p99 at the broadcast rate ${num(s.comparison.p99Ratio, 2)}×.`,
    "",
  );

  const t = s.throughput;
  if (t) {
    out.push("## 3. Booking throughput (distinct slots)", "");
    out.push(
      head([
        "Run",
        "Attempted",
        "Succeeded",
        "Bookings/s",
        "p50",
        "p95",
        "p99",
        "max",
        "sched→response p99",
        "Errors",
        "Server CPU %",
        "DB CPU %",
        "Machine busy %",
      ]),
    );
    out.push(
      row([
        `closed loop, ${t.clients} clients`,
        t.closedLoop.attempted,
        t.closedLoop.succeeded,
        num(t.closedLoop.perSecond),
        ...lat(t.closedLoop.serviceTime),
        "–",
        codes(t.closedLoop.errors),
        num(t.closedLoop.resources.serverCpuPercent),
        num(t.closedLoop.resources.databaseCpuPercent),
        num(t.closedLoop.resources.machineBusyPercent),
      ]),
    );
    out.push(
      row([
        `open loop ${t.openLoop.rate}/s, ≤ ${t.clients} in flight`,
        t.openLoop.attempted,
        t.openLoop.succeeded,
        num(t.openLoop.perSecond),
        ...lat(t.openLoop.serviceTime),
        num(t.openLoop.scheduleToResponse.p99, 2),
        codes(t.openLoop.errors),
        num(t.openLoop.resources.serverCpuPercent),
        num(t.openLoop.resources.databaseCpuPercent),
        num(t.openLoop.resources.machineBusyPercent),
      ]),
    );
    out.push("");
    // Older result files have no maintenance list.
    const work = (list: string[] | undefined) => (list?.length ? list.join("; ") : "none");
    out.push(
      `PostgreSQL's background work during the phases (autovacuum, autoanalyze, checkpoints): closed loop: ${work(t.closedLoop.maintenance)}; open loop: ${work(t.openLoop.maintenance)}.`,
      "",
    );
  }
  const c = s.contention;
  if (c) {
    out.push("## 4. Contention (every client of a round books the same slot)", "");
    out.push(
      head([
        "Rounds",
        "Clients",
        "One winner",
        "No winner",
        "Several winners",
        "Losers by code",
        "Winner p50",
        "Winner p99",
        "Loser p50",
        "Loser p95",
        "Loser p99",
        "Loser max",
      ]),
    );
    out.push(
      row([
        c.rounds,
        c.clients,
        c.roundsWithOneWinner,
        c.roundsWithoutWinner,
        c.roundsWithSeveralWinners,
        codes(c.losersByCode),
        num(c.winnerLatency.p50, 2),
        num(c.winnerLatency.p99, 2),
        num(c.loserLatency.p50, 2),
        num(c.loserLatency.p95, 2),
        num(c.loserLatency.p99, 2),
        num(c.loserLatency.max, 2),
      ]),
    );
    out.push("");
  }
  if (s.integrity) {
    out.push(
      `Integrity (SQL over every appointment of the run): ${s.integrity.overlappingAppointments} overlapping of ${s.integrity.activeAppointments} active appointments.`,
      "",
    );
  }
  out.push(
    `Server log over the run: ${r.serverLog.errors} errors, ${r.serverLog.warnings} warnings.`,
  );
  for (const sample of r.serverLog.samples) out.push(`- \`${sample}\``);
  out.push("");
  out.push("## Machine and settings", "");
  out.push(head(["Fact", "Value"]));
  const m = r.machine;
  const facts: [string, string][] = [
    ["nproc", String(m.nproc)],
    ["CPU", m.cpuModel],
    ["memory", mb(m.memoryTotalBytes)],
    ["node", m.node],
    ["kernel", `${m.platform} ${m.kernel}`],
    ["open-file limit", m.openFileLimit],
    ["load processes", String(r.commands.loadProcesses)],
    ["server command", r.commands.server],
    ["server env", codes(r.serverEnv)],
    ["postgres", codes(r.postgres)],
  ];
  for (const [k, v] of facts) out.push(row([k, v]));
  out.push("");
  return out.join("\n");
}
