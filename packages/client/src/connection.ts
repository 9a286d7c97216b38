/** What a live screen shows in its connection indicator. */
export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "offline";

export interface ConnectionSnapshot {
  status: ConnectionStatus;
  /** Set when the server closed the connection because the token expired. */
  tokenExpired: boolean;
  /** Times the connection came back after being lost; a screen may refetch on change. */
  reconnects: number;
  lastError: string | null;
}

type Listener = (snapshot: ConnectionSnapshot) => void;

/** A tiny observable store, readable from React with useSyncExternalStore. */
export class ConnectionMonitor {
  #snapshot: ConnectionSnapshot = {
    status: "connecting",
    tokenExpired: false,
    reconnects: 0,
    lastError: null,
  };
  #listeners = new Set<Listener>();
  #wasLive = false;

  get snapshot(): ConnectionSnapshot {
    return this.#snapshot;
  }

  subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): ConnectionSnapshot => this.#snapshot;

  update(change: Partial<ConnectionSnapshot>): void {
    const next = { ...this.#snapshot, ...change };
    if (next.status === "live") {
      if (this.#wasLive && this.#snapshot.status !== "live")
        next.reconnects = this.#snapshot.reconnects + 1;
      this.#wasLive = true;
      next.tokenExpired = change.tokenExpired ?? false;
    } else if (next.status === "connecting" && this.#wasLive) {
      next.status = "reconnecting";
    }
    if (
      next.status === this.#snapshot.status &&
      next.tokenExpired === this.#snapshot.tokenExpired &&
      next.reconnects === this.#snapshot.reconnects &&
      next.lastError === this.#snapshot.lastError
    ) {
      return;
    }
    this.#snapshot = next;
    for (const listener of this.#listeners) listener(next);
  }
}
