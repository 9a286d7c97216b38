import { useEffect, useState } from "react";
import { apiOrigin } from "../app/stores.ts";
import { append, type Snapshot, snapshotOf } from "./history.ts";

export const POLL_MS = 2_000;

export interface MetricsState {
  history: Snapshot[];
  error: string | null;
  lastAt: number | null;
}

/** Scrapes the server's /metrics every two seconds while the panel is open. */
export function useMetrics(): MetricsState {
  const [state, setState] = useState<MetricsState>({ history: [], error: null, lastAt: null });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const response = await fetch(`${apiOrigin}/metrics`, { cache: "no-store" });
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        const snapshot = snapshotOf(await response.text(), Date.now());
        if (!stopped) {
          setState((s) => ({
            history: append(s.history, snapshot),
            error: null,
            lastAt: snapshot.at,
          }));
        }
      } catch (error) {
        if (!stopped) {
          const message = error instanceof Error ? error.message : "unknown error";
          setState((s) => ({ ...s, error: `Metrics are unavailable: ${message}` }));
        }
      } finally {
        if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return state;
}
