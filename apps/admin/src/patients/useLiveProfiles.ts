import type { RouterOutputs } from "@dentalcare/api";
import { isChangeEvent } from "@dentalcare/client";
import { useQueryClient } from "@tanstack/react-query";
import { getQueryKey } from "@trpc/react-query";
import { useState } from "react";
import { onApiError } from "../app/api.ts";
import { trpc } from "../trpc.ts";

type Page = RouterOutputs["profiles"]["list"];

/**
 * Profile edits, live (a patient changing their phone shows here at once). Returns the ids
 * changed in the last few seconds so the screen can point them out.
 */
export function useLiveProfiles(): ReadonlySet<string> {
  const queryClient = useQueryClient();
  const utils = trpc.useUtils();
  const [recent, setRecent] = useState<ReadonlySet<string>>(new Set());

  trpc.live.onProfiles.useSubscription(
    {},
    {
      onData: ({ data: event }) => {
        if (!isChangeEvent(event)) {
          void utils.profiles.invalidate();
          return;
        }
        if (event.type !== "profile.updated") return;
        const profile = event.payload.profile;
        const current = utils.profiles.byId.getData({ id: profile.id });
        if (!current || profile.version >= current.version) {
          utils.profiles.byId.setData({ id: profile.id }, profile);
        }
        queryClient.setQueriesData<Page>({ queryKey: getQueryKey(trpc.profiles.list) }, (old) =>
          old
            ? {
                ...old,
                data: old.data.map((p) =>
                  p.id === profile.id && p.version <= profile.version ? profile : p,
                ),
              }
            : old,
        );
        setRecent((s) => new Set([...s, profile.id]));
        setTimeout(
          () =>
            setRecent((s) => {
              const next = new Set(s);
              next.delete(profile.id);
              return next;
            }),
          4_000,
        );
      },
      onError: onApiError,
    },
  );
  return recent;
}
