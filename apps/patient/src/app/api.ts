import { type ApiOptions, handleApiError, useSessionGuards as useGuards } from "@dentalcare/ui";
import { trpc } from "../trpc.ts";
import { apiOrigin, SESSION_EXPIRED, session } from "./stores.ts";

/** This app's wiring of the shared API layer: its tRPC hooks, session store and server origin. */
export const apiOptions: ApiOptions = { trpc, session, apiOrigin, expiredMessage: SESSION_EXPIRED };

export function onApiError(error: unknown): void {
  handleApiError(apiOptions, error);
}

export function useSessionGuards(): void {
  useGuards(apiOptions);
}
