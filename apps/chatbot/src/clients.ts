import type { AppRouter } from "@dentalcare/api";
import { createDentalClient } from "@dentalcare/client";
import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import { WebSocket } from "ws";

// The two ways the worker talks to the server. As itself (a service token) over the shared
// link setup, WebSocket included, for its inbox and the live feeds; and, for one turn of one
// conversation, as that conversation's patient over plain HTTP, with the short-lived token
// `chat.actAs` hands out — so every booking passes the patient's own checks.

export type Api = TRPCClient<AppRouter>;

export function serviceClient(url: string, getToken: () => string) {
  return createDentalClient({ url, getToken, transport: "ws", WebSocket });
}

export type ServiceClient = ReturnType<typeof serviceClient>;

export function patientClient(url: string, token: string): Api {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${url}/trpc`,
        headers: () => ({ authorization: `Bearer ${token}` }),
      }),
    ],
  });
}
