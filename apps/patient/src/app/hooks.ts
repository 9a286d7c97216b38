import type { SessionSnapshot, Toast } from "@dentalcare/client";
import { useStore } from "@dentalcare/ui";
import { session, toasts } from "./stores.ts";

export { useDebounced, useNow } from "@dentalcare/ui";

export function useSession(): SessionSnapshot {
  return useStore(session);
}

export function useToasts(): readonly Toast[] {
  return useStore(toasts);
}
