import { isChangeEvent, touchesLocalDate } from "@dentalcare/client";
import { onApiError } from "../app/api.ts";
import { trpc } from "../trpc.ts";

/**
 * Keeps the shown day's free slots current: a slot someone else holds or books disappears,
 * and comes back when released, expired or cancelled; a schedule change refetches the day.
 */
export function useLiveSlots(
  dentistId: string | null,
  shownDate: string | null,
  timeZone: string,
): void {
  const utils = trpc.useUtils();
  const enabled = dentistId !== null;
  const scope = { dentistId: dentistId ?? "" };

  trpc.live.onSlots.useSubscription(scope, {
    enabled,
    onData: ({ data: event }) => {
      if (!isChangeEvent(event) || event.type !== "slots.changed") {
        void utils.availability.slots.invalidate(scope);
        return;
      }
      const change = event.payload;
      const shown =
        shownDate !== null && touchesLocalDate(change.startsAt, change.endsAt, shownDate, timeZone);
      // Other days are only marked stale: they refetch when the patient opens them.
      void utils.availability.slots.invalidate(scope, { refetchType: shown ? "active" : "none" });
    },
    onError: onApiError,
  });

  trpc.live.onAvailability.useSubscription(scope, {
    enabled,
    onData: () => {
      void utils.availability.slots.invalidate(scope);
      void utils.availability.get.invalidate(scope);
    },
    onError: onApiError,
  });
}
