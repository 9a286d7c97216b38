import type { AppRouter } from "@dentalcare/api";
import { SessionStore, ToastStore } from "@dentalcare/client";
import { createTRPCClient, httpBatchLink } from "@trpc/client";

// One of each per tab. The API lives on the page's own origin (the server serves this app at
// /admin/; in development Vite proxies /trpc to it).
export const apiOrigin = window.location.origin;
export const session = new SessionStore("dentalcare.admin.session", window.sessionStorage);
export const toasts = new ToastStore();

/** Signing in needs no WebSocket: a plain HTTP client does. */
export const publicClient = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: `${apiOrigin}/trpc` })],
});

export const SESSION_EXPIRED = "Your session has expired. Please sign in again.";
