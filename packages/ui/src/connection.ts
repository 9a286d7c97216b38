import type { ConnectionMonitor, ConnectionSnapshot } from "@dentalcare/client";
import { createContext, useContext, useSyncExternalStore } from "react";

export const ConnectionContext = createContext<ConnectionMonitor | null>(null);

const OFFLINE: ConnectionSnapshot = {
  status: "offline",
  tokenExpired: false,
  reconnects: 0,
  lastError: null,
};

function subscribeOnline(listener: () => void): () => void {
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}

/** The live connection's state; "offline" when the browser itself has no network. */
export function useConnection(): ConnectionSnapshot {
  const monitor = useContext(ConnectionContext);
  if (!monitor) throw new Error("useConnection needs an ApiProvider");
  const snapshot = useSyncExternalStore(monitor.subscribe, monitor.getSnapshot);
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine);
  return online ? snapshot : { ...OFFLINE, reconnects: snapshot.reconnects };
}
