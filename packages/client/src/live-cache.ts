import type { ChangeEvent, StreamItem } from "@dentalcare/api";

// Applying live events to what a screen already holds. Events carry the same view shapes as
// query results, so an event replaces the cached row it describes.

export type { ChangeEvent, StreamItem };

export function isChangeEvent(item: StreamItem): item is ChangeEvent {
  return item.type !== "sync.reset";
}

/**
 * Inserts `next`, or replaces the row with its id unless the cached row is newer (an event
 * replayed after a fresher query result must not roll the row back).
 */
export function upsertById<T extends { id: string; version: number }>(
  items: readonly T[],
  next: T,
): T[] {
  const index = items.findIndex((item) => item.id === next.id);
  if (index === -1) return [...items, next];
  const current = items[index];
  if (current && current.version > next.version) return [...items];
  const copy = [...items];
  copy[index] = next;
  return copy;
}

/** The appointment an event is about, for the appointment event types. */
export function appointmentOf(event: ChangeEvent) {
  switch (event.type) {
    case "appointment.created":
    case "appointment.updated":
    case "appointment.status_changed":
    case "appointment.cancelled":
      return event.payload.appointment;
    default:
      return null;
  }
}
