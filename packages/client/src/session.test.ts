import { describe, expect, it } from "vitest";
import { type AuthResult, SessionStore } from "./session.ts";

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const user = {
  id: "6f1c2d3e-0000-4000-8000-000000000001",
  email: "a@b.c",
  role: "patient" as const,
  fullName: "Alice",
  phone: null,
  dateOfBirth: null,
  version: 1,
  updatedAt: "2026-07-01T09:00:00.000Z",
};
const result = (token: string, expiresAt: string): AuthResult => ({ token, expiresAt, user });

describe("SessionStore", () => {
  it("keeps the session in storage and survives a reload until it expires", () => {
    let now = Date.parse("2026-07-01T09:00:00Z");
    const storage = new MemoryStorage();
    const store = new SessionStore("k", storage, () => now);
    let changes = 0;
    store.subscribe(() => changes++);
    store.signIn(result("t1", "2026-07-01T10:00:00Z"));
    expect(store.token()).toBe("t1");
    expect(changes).toBe(1);
    expect(new SessionStore("k", storage, () => now).token()).toBe("t1");
    now = Date.parse("2026-07-01T10:00:01Z");
    expect(new SessionStore("k", storage, () => now).token()).toBeNull();
  });

  it("refreshes the token without changing the session id, and signs out with a reason", () => {
    const now = Date.parse("2026-07-01T09:00:00Z");
    const store = new SessionStore("k", new MemoryStorage(), () => now);
    store.signIn(result("t1", "2026-07-01T09:00:03Z"));
    const id = store.getSnapshot().session?.sessionId;
    expect(store.isFresh(5_000)).toBe(false);
    store.refreshed(result("t2", "2026-07-01T10:00:00Z"));
    expect(store.token()).toBe("t2");
    expect(store.getSnapshot().session?.sessionId).toBe(id);
    expect(store.isFresh(5_000)).toBe(true);
    store.signOut("Your session has expired.");
    expect(store.getSnapshot()).toEqual({ session: null, notice: "Your session has expired." });
  });

  it("ignores storage it cannot read", () => {
    const storage = new MemoryStorage();
    storage.setItem("k", "{not json");
    expect(new SessionStore("k", storage).getSnapshot().session).toBeNull();
  });
});
