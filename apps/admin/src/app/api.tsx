import type { AppRouter } from "@dentalcare/api";
import {
  type ConnectionMonitor,
  type ConnectionSnapshot,
  createDentalClient,
  type DentalClient,
  errorCodeOf,
  isUnauthorized,
} from "@dentalcare/client";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { TRPCClient } from "@trpc/client";
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
} from "react";
import { trpc } from "../trpc.ts";
import { apiOrigin, SESSION_EXPIRED, session } from "./stores.ts";

// Everything that talks to the server, created once per signed-in session: the shared link
// setup (HTTP for calls, one WebSocket for live updates), the tRPC client and the query cache.

interface Api {
  dental: DentalClient;
  queryClient: QueryClient;
  trpcClient: TRPCClient<AppRouter>;
}

const ConnectionContext = createContext<ConnectionMonitor | null>(null);

export function onApiError(error: unknown): void {
  if (isUnauthorized(error)) session.signOut(SESSION_EXPIRED);
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

function createApi(): Api {
  const dental = createDentalClient({ url: apiOrigin, getToken: session.token, transport: "ws" });
  const queryClient = new QueryClient({
    queryCache: new QueryCache({ onError: onApiError }),
    mutationCache: new MutationCache({ onError: onApiError }),
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

export function ApiProvider({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const [api, setApi] = useState<Api | null>(null);
  useEffect(() => {
    const created = createApi();
    setApi(created);
    return () => {
      created.dental.close();
      created.queryClient.clear();
    };
  }, []);
  if (!api) return fallback;
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
