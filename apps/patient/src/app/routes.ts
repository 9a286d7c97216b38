import { useSyncExternalStore } from "react";

// Hash routes (#/book, #/appointments, #/profile): they survive a reload on any server.

export type Page = "book" | "appointments" | "profile";

export function parsePage(hash: string): Page {
  const page = hash.replace(/^#\/?/, "").split("/")[0];
  return page === "appointments" || page === "profile" ? page : "book";
}

function subscribe(listener: () => void): () => void {
  window.addEventListener("hashchange", listener);
  return () => window.removeEventListener("hashchange", listener);
}

export function usePage(): Page {
  return parsePage(useSyncExternalStore(subscribe, () => window.location.hash));
}
