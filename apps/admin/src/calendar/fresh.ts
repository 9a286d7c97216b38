// Appointments that just changed live, so the calendar can make them stand out for a moment.

const FRESH_MS = 6_000;
const freshUntil = new Map<string, number>();
const listeners = new Set<() => void>();
let version = 0;

function changed() {
  version++;
  for (const l of listeners) l();
}

export const freshAppointments = {
  mark(id: string): void {
    freshUntil.set(id, Date.now() + FRESH_MS);
    changed();
    setTimeout(() => {
      if ((freshUntil.get(id) ?? 0) <= Date.now()) {
        freshUntil.delete(id);
        changed();
      }
    }, FRESH_MS + 50);
  },
  has(id: string): boolean {
    return (freshUntil.get(id) ?? 0) > Date.now();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  getSnapshot(): number {
    return version;
  },
};
