import type { RouterOutputs } from "@dentalcare/api";

// The signed-in user of a browser tab. Kept in sessionStorage so a reload keeps you signed in
// but closing the tab signs you out; readable from React with useSyncExternalStore.

export type AuthResult = RouterOutputs["auth"]["login"];

export interface Session {
  token: string;
  expiresAt: string;
  user: AuthResult["user"];
  /** Changes only when someone signs in, not when the token is refreshed. */
  sessionId: string;
}

export interface SessionSnapshot {
  session: Session | null;
  /** Why the user was signed out, shown on the sign-in screen. */
  notice: string | null;
}

interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function isSession(value: unknown): value is Session {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.token === "string" &&
    typeof v.expiresAt === "string" &&
    typeof v.sessionId === "string" &&
    typeof v.user === "object" &&
    v.user !== null
  );
}

export class SessionStore {
  #snapshot: SessionSnapshot;
  #listeners = new Set<() => void>();

  constructor(
    private readonly key: string,
    private readonly storage: KeyValueStorage,
    private readonly now: () => number = Date.now,
  ) {
    this.#snapshot = { session: this.#read(), notice: null };
  }

  #read(): Session | null {
    try {
      const raw = this.storage.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      if (!isSession(parsed) || Date.parse(parsed.expiresAt) <= this.now()) return null;
      return parsed;
    } catch {
      return null;
    }
  }

  #set(next: SessionSnapshot): void {
    this.#snapshot = next;
    if (next.session) this.storage.setItem(this.key, JSON.stringify(next.session));
    else this.storage.removeItem(this.key);
    for (const listener of this.#listeners) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => this.#snapshot;

  /** The current token; read by the API client at every request and reconnect. */
  token = (): string | null => this.#snapshot.session?.token ?? null;

  /** True while the stored token has more than `marginMs` left. */
  isFresh(marginMs = 0): boolean {
    const s = this.#snapshot.session;
    return s !== null && Date.parse(s.expiresAt) - marginMs > this.now();
  }

  signIn(result: AuthResult): void {
    const sessionId = `${result.user.id}:${this.now()}`;
    this.#set({
      session: { token: result.token, expiresAt: result.expiresAt, user: result.user, sessionId },
      notice: null,
    });
  }

  /** A refreshed token for the same session. */
  refreshed(result: AuthResult): void {
    const current = this.#snapshot.session;
    if (!current || current.user.id !== result.user.id) return;
    this.#set({
      session: { ...current, token: result.token, expiresAt: result.expiresAt, user: result.user },
      notice: null,
    });
  }

  /** The profile changed (e.g. the user edited their name). */
  userChanged(user: AuthResult["user"]): void {
    const current = this.#snapshot.session;
    if (!current || current.user.id !== user.id) return;
    this.#set({ session: { ...current, user }, notice: this.#snapshot.notice });
  }

  signOut(notice: string | null = null): void {
    if (!this.#snapshot.session && this.#snapshot.notice === notice) return;
    this.#set({ session: null, notice });
  }
}
