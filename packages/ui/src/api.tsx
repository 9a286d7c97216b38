import type { AppRouter } from "@dentalcare/api";
import {
  createDentalClient,
  type DentalClient,
  errorCodeOf,
  isUnauthorized,
  type SessionStore,
} from "@dentalcare/client";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { TRPCClient } from "@trpc/client";
import type { createTRPCReact } from "@trpc/react-query";
import { type ReactNode, useEffect, useState } from "react";
import { ConnectionContext } from "./connection.ts";

// Everything that talks to the server, created once per signed-in session: the shared link
// setup (HTTP for calls, one WebSocket for live updates), the tRPC client and the query cache.

export type TrpcReact = ReturnType<typeof createTRPCReact<AppRouter>>;

/** What differs between the apps: their tRPC hooks, session store and server origin. */
export interface ApiOptions {
  trpc: TrpcReact;
  session: SessionStore;
  apiOrigin: string;
  /** Shown on the sign-in screen when the server ends the session. */
  expiredMessage: string;
}

interface Api {
  dental: DentalClient;
  queryClient: QueryClient;
  trpcClient: TRPCClient<AppRouter>;
}

// Errors a retry cannot fix (bad input, not allowed, not found, conflicts).
const FINAL = new Set([
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "VALIDATION_ERROR",
  "CONFLICT",
  "SLOT_UNAVAILABLE",
  "CANCELLATION_WINDOW_EXPIRED",
]);

/** Signs out with the expired-session message when the server rejects the token. */
export function handleApiError({ session, expiredMessage }: ApiOptions, error: unknown): void {
  if (isUnauthorized(error)) session.signOut(expiredMessage);
}

function createApi(options: ApiOptions): Api {
  const { trpc, session, apiOrigin } = options;
  const onError = (error: unknown) => handleApiError(options, error);
  const dental = createDentalClient({ url: apiOrigin, getToken: session.token, transport: "ws" });
  const queryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => failures < 2 && !FINAL.has(errorCodeOf(error) ?? ""),
      },
      mutations: { retry: false },
    },
  });
  const trpcClient = trpc.createClient({ links: dental.links });
  return { dental, queryClient, trpcClient };
}

export function ApiProvider({
  options,
  children,
  fallback,
}: {
  options: ApiOptions;
  children: ReactNode;
  fallback: ReactNode;
}) {
  const [api, setApi] = useState<Api | null>(null);
  useEffect(() => {
    const created = createApi(options);
    setApi(created);
    return () => {
      created.dental.close();
      created.queryClient.clear();
    };
  }, [options]);
  if (!api) return fallback;
  const { trpc } = options;
  return (
    <trpc.Provider client={api.trpcClient} queryClient={api.queryClient}>
      <QueryClientProvider client={api.queryClient}>
        <ConnectionContext.Provider value={api.dental.connection}>
          {children}
        </ConnectionContext.Provider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
