import type { RouterOutputs } from "@dentalcare/api";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../trpc.ts";

export type Appointment = RouterOutputs["appointments"]["byId"];
export type Dentist = RouterOutputs["dentists"]["list"][number];

/** Query key prefix of every calendar range; live events are applied to all of them. */
export const CALENDAR_KEY = "calendar";
const PAGE = 100;

/**
 * Every appointment (any status) in a range, all pages of it. Status filters apply on the
 * screen, so a live event can move an appointment between filters without a refetch.
 */
export function useCalendarAppointments(
  range: { dateFrom: string; dateTo: string },
  dentistId: string | null,
) {
  const utils = trpc.useUtils();
  return useQuery({
    queryKey: [CALENDAR_KEY, range.dateFrom, range.dateTo, dentistId],
    queryFn: async () => {
      const all: Appointment[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await utils.client.appointments.list.query({
          ...range,
          ...(dentistId ? { dentistId } : {}),
          limit: PAGE,
          offset,
        });
        all.push(...page.data);
        if (!page.pagination.hasMore || offset > 5_000) break;
      }
      return all;
    },
    placeholderData: (previous) => previous,
  });
}

/** Every dentist, inactive ones too (staff may see them); cached for the session. */
export function useDentists() {
  return trpc.dentists.list.useQuery({ activeOnly: false }, { staleTime: 5 * 60_000 });
}
