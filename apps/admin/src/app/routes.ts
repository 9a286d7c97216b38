import { useSyncExternalStore } from "react";

// Hash routes (#/calendar, #/patients/<id>): they survive a reload under any base path.

export type Route =
  | { page: "calendar" }
  | { page: "availability" }
  | { page: "patients"; patientId: string | null }
  | { page: "ops" };

export function parseRoute(hash: string): Route {
  const [page = "", id] = hash.replace(/^#\/?/, "").split("/");
  switch (page) {
    case "availability":
      return { page: "availability" };
    case "patients":
      return { page: "patients", patientId: id ? decodeURIComponent(id) : null };
    case "ops":
      return { page: "ops" };
    default:
      return { page: "calendar" };
  }
}

export function hrefOf(route: Route): string {
  if (route.page === "patients" && route.patientId)
    return `#/patients/${encodeURIComponent(route.patientId)}`;
  return `#/${route.page}`;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener("hashchange", listener);
  return () => window.removeEventListener("hashchange", listener);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
