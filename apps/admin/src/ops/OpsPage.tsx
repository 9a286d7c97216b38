import { quantile } from "@dentalcare/prometheus-text";
import { Loading } from "@dentalcare/ui";
import { useNow } from "../app/hooks.ts";
import { HistogramChart, LineChart } from "./charts.tsx";
import { formatSeconds } from "./format.ts";
import { eventRate, perBucket, recentLatency } from "./history.ts";
import { POLL_MS, useMetrics } from "./useMetrics.ts";

const WINDOW_MS = 5 * 60_000;
const LATENCY_WINDOW_MS = 60_000;

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="stat" title={hint}>
      <div className="stat__value">{value}</div>
      <div className="stat__label">{label}</div>
    </div>
  );
}

/** Live health of the real-time system, from the server's Prometheus metrics. */
export function OpsPage() {
  const { history, error, lastAt } = useMetrics();
  const now = useNow(POLL_MS);
  const latest = history[history.length - 1];
  const rates = eventRate(history);
  const recent = recentLatency(history, LATENCY_WINDOW_MS);
  const cumulative = latest?.latency ?? [];
  // Quantiles of the last minute when it saw events, else of everything since the start.
  const useRecent = (recent[recent.length - 1]?.count ?? 0) > 0;
  const source = useRecent ? recent : cumulative;
  const p50 = quantile(source, 0.5);
  const p95 = quantile(source, 0.95);
  const lastRate = rates[rates.length - 1]?.value ?? 0;
  const subscriptions = Object.values(latest?.subscriptions ?? {}).reduce((a, b) => a + b, 0);
  const byKind = Object.entries(latest?.subscriptions ?? {})
    .map(([kind, n]) => `${kind}: ${n}`)
    .join(", ");

  return (
    <div className="page">
      <div className="page__header">
        <h1>Operations</h1>
        <span className="muted small" aria-live="polite">
          {lastAt ? `Updated every 2 s · last ${new Date(lastAt).toLocaleTimeString("en-GB")}` : ""}
        </span>
      </div>
      {error ? (
        <p className="state state--error" role="alert">
          {error}
        </p>
      ) : null}
      {!latest ? (
        error ? null : (
          <Loading label="Reading the server's metrics…" />
        )
      ) : (
        <>
          <div className="stats" data-testid="ops-stats">
            <Stat label="Connected clients" value={String(latest.clients)} />
            <Stat label="Active subscriptions" value={String(subscriptions)} hint={byKind} />
            <Stat label="Events per second" value={lastRate.toFixed(2)} />
            <Stat
              label={`Publish latency p50 (${useRecent ? "last minute" : "since start"})`}
              value={p50 === null ? "—" : formatSeconds(p50)}
            />
            <Stat
              label={`Publish latency p95 (${useRecent ? "last minute" : "since start"})`}
              value={p95 === null ? "—" : formatSeconds(p95)}
            />
            <Stat label="Events published" value={String(latest.events)} />
          </div>
          <div className="charts">
            <section className="card chart" aria-labelledby="ops-rate">
              <h2 id="ops-rate">Events per second</h2>
              <p className="muted small">Change events handed to subscribers, last 5 minutes.</p>
              <LineChart
                points={rates}
                now={now}
                windowMs={WINDOW_MS}
                title="Events per second"
                unit="/s"
              />
            </section>
            <section className="card chart" aria-labelledby="ops-latency">
              <h2 id="ops-latency">Publish latency</h2>
              <p className="muted small">
                Time from writing an event to handing it to subscribers,{" "}
                {useRecent ? "events of the last minute" : "all events since the server started"}.
              </p>
              <HistogramChart
                bars={perBucket(source)}
                markers={[
                  { label: "p50", value: p50 },
                  { label: "p95", value: p95 },
                ]}
                title="Publish latency histogram"
              />
            </section>
          </div>
        </>
      )}
    </div>
  );
}
