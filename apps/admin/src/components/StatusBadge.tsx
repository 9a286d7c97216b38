const LABELS = {
  pending: "Pending",
  confirmed: "Confirmed",
  completed: "Completed",
  cancelled: "Cancelled",
} as const;

export function StatusBadge({ status }: { status: keyof typeof LABELS }) {
  return <span className={`badge badge--${status}`}>{LABELS[status]}</span>;
}
