export { type ApiOptions, ApiProvider, handleApiError, type TrpcReact } from "./api.tsx";
export { ConnectionIndicator } from "./ConnectionIndicator.tsx";
export { useConnection } from "./connection.ts";
export { type ExternalStore, useDebounced, useNow, useStore } from "./hooks.ts";
export { type SessionGuardOptions, useSessionGuards } from "./session-guards.ts";
export { Empty, ErrorNote, Loading } from "./states.tsx";
export { Toasts } from "./Toasts.tsx";
