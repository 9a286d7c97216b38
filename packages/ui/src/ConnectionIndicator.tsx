import type { ConnectionStatus } from "@dentalcare/client";
import { useConnection } from "./connection.ts";

const LABELS: Record<ConnectionStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

const HINTS: Record<ConnectionStatus, string> = {
  connecting: "Opening the live connection",
  live: "Changes appear as they happen",
  reconnecting: "Connection lost; retrying. Changes made meanwhile will appear when it is back.",
  offline: "Your device has no network connection",
};

/** Always visible; screen readers hear when the state changes. */
export function ConnectionIndicator() {
  const { status } = useConnection();
  return (
    <div
      className={`connection connection--${status}`}
      role="status"
      aria-live="polite"
      title={HINTS[status]}
      data-testid="connection-status"
      data-status={status}
    >
      <span className="connection__dot" aria-hidden="true" />
      <span>{LABELS[status]}</span>
    </div>
  );
}
