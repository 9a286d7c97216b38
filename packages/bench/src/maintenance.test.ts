import { describe, expect, it } from "vitest";
import { describeMaintenance, MaintenanceLog } from "./maintenance.ts";

// Lines as PostgreSQL 17 writes them with log_autovacuum_min_duration = 0 and log_checkpoints.
const VACUUM = `2026-11-22 12:21:15.985 UTC [4318] LOG:  automatic vacuum of table "bench.public.appointments": index scans: 0
	pages: 0 removed, 310 remain, 310 scanned (100.00% of total)
	system usage: CPU: user: 0.02 s, system: 0.00 s, elapsed: 0.25 s`;
const ANALYZE = `2026-11-22 12:21:16.022 UTC [4318] LOG:  automatic analyze of table "bench.public.appointments"
	avg read rate: 0.000 MB/s, avg write rate: 0.000 MB/s
	system usage: CPU: user: 0.03 s, system: 0.00 s, elapsed: 0.04 s`;
const CHECKPOINT = `2026-11-22 12:19:26.196 UTC [4204] LOG:  checkpoint complete: wrote 1654 buffers (10.1%); 0 WAL file(s) added, 0 removed, 6 recycled; write=0.021 s, sync=0.039 s, total=0.082 s; sync files=385`;

describe("MaintenanceLog", () => {
  it("dates each autovacuum, autoanalyze and checkpoint from its end and its elapsed time", () => {
    const log = new MaintenanceLog();
    log.add(VACUUM, 10_000);
    log.add(ANALYZE, 10_100);
    log.add(CHECKPOINT, 20_000);
    log.add("2026-11-22 12:19:26 UTC [1] LOG:  database system is ready to accept connections", 1);
    expect(log.between(0, 30_000)).toEqual([
      {
        what: 'automatic vacuum of table "bench.public.appointments"',
        startedAt: 9_750,
        endedAt: 10_000,
      },
      {
        what: 'automatic analyze of table "bench.public.appointments"',
        startedAt: 10_060,
        endedAt: 10_100,
      },
      { what: "checkpoint", startedAt: 19_918, endedAt: 20_000 },
    ]);
  });

  it("keeps an entry whose detail lines come in a later chunk, and one that never gets them", () => {
    const log = new MaintenanceLog();
    const [first, ...rest] = VACUUM.split("\n");
    log.add(first ?? "", 5_000);
    log.add(rest.join("\n"), 5_001);
    log.add(ANALYZE.split("\n")[0] ?? "", 6_000);
    expect(log.between(0, 10_000).map((e) => [e.startedAt, e.endedAt])).toEqual([
      [4_750, 5_000],
      [6_000, 6_000],
    ]);
  });

  it("gives what overlapped a phase, including work that began before it", () => {
    const log = new MaintenanceLog();
    log.add(VACUUM, 10_000); // ran 9,750–10,000
    log.add(CHECKPOINT, 30_000);
    expect(log.between(9_900, 12_000).map((e) => e.what)).toEqual([
      'automatic vacuum of table "bench.public.appointments"',
    ]);
    expect(log.between(10_001, 29_000)).toEqual([]);
    expect(describeMaintenance(log.between(9_000, 12_000), 9_000)).toEqual([
      'automatic vacuum of table "bench.public.appointments" (0.25 s, from 0.8 s into the phase)',
    ]);
  });
});
