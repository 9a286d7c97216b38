// Short notices ("New booking: …") that appear for a few seconds. A tiny store so any code,
// including cache updates outside React, can raise one; read with useSyncExternalStore.

export type ToastTone = "info" | "success" | "warning" | "error";

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  body?: string;
}

export class ToastStore {
  #toasts: readonly Toast[] = [];
  #listeners = new Set<() => void>();
  #next = 1;

  constructor(
    private readonly lifetimeMs = 6_000,
    private readonly max = 4,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): readonly Toast[] => this.#toasts;

  #emit(next: readonly Toast[]): void {
    this.#toasts = next;
    for (const listener of this.#listeners) listener();
  }

  push(toast: Omit<Toast, "id">): number {
    const id = this.#next++;
    this.#emit([...this.#toasts, { ...toast, id }].slice(-this.max));
    if (this.lifetimeMs > 0) setTimeout(() => this.dismiss(id), this.lifetimeMs);
    return id;
  }

  dismiss = (id: number): void => {
    if (!this.#toasts.some((t) => t.id === id)) return;
    this.#emit(this.#toasts.filter((t) => t.id !== id));
  };
}
