import type { SessionStore } from "@dentalcare/client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useSyncExternalStore } from "react";
import type { TrpcReact } from "./api.tsx";
import { useConnection } from "./connection.ts";

export interface SessionGuardOptions {
  trpc: TrpcReact;
  session: SessionStore;
  /** Shown on the sign-in screen when the live connection reports the token has expired. */
  expiredMessage: string;
}

/**
 * Keeps a signed-in session healthy: refreshes the token before it runs out, signs out when
 * the server says it has, and refetches everything after the live connection comes back
 * (subscriptions resume from their last event id by themselves; queries catch up here).
 */
export function useSessionGuards({ trpc, session, expiredMessage }: SessionGuardOptions): void {
  const connection = useConnection();
  const queryClient = useQueryClient();
  const utils = trpc.useUtils();
  const expiresAt = useSyncExternalStore(session.subscribe, session.getSnapshot).session?.expiresAt;

  useEffect(() => {
    if (connection.tokenExpired && !session.isFresh(5_000)) session.signOut(expiredMessage);
  }, [connection.tokenExpired, session, expiredMessage]);

  const seenReconnects = useRef(connection.reconnects);
  useEffect(() => {
    if (connection.reconnects > seenReconnects.current) {
      seenReconnects.current = connection.reconnects;
      void queryClient.invalidateQueries();
    }
  }, [connection.reconnects, queryClient]);

  useEffect(() => {
    if (!expiresAt) return;
    const left = Date.parse(expiresAt) - Date.now();
    // Refresh a fifth of the lifetime early (at most five minutes), never more often than 5 s.
    const wait = Math.max(5_000, left - Math.min(5 * 60_000, left / 5));
    const timer = setTimeout(() => {
      utils.client.auth.refresh
        .mutate()
        .then((result) => session.refreshed(result))
        .catch(() => undefined);
    }, wait);
    return () => clearTimeout(timer);
  }, [expiresAt, utils, session]);
}
