import { describe, expect, it } from "vitest";
import { upsertById } from "./live-cache.ts";
import { ToastStore } from "./toasts.ts";

describe("upsertById", () => {
  const a1 = { id: "a", version: 1, label: "first" };
  const b1 = { id: "b", version: 1, label: "other" };

  it("adds new rows and replaces older copies", () => {
    expect(upsertById([a1], b1)).toEqual([a1, b1]);
    expect(upsertById([a1, b1], { id: "a", version: 2, label: "moved" })).toEqual([
      { id: "a", version: 2, label: "moved" },
      b1,
    ]);
  });

  it("never rolls a row back to an older version", () => {
    const a3 = { id: "a", version: 3, label: "latest" };
    expect(upsertById([a3], a1)).toEqual([a3]);
  });
});

describe("ToastStore", () => {
  it("keeps the newest few and dismisses by id", () => {
    const store = new ToastStore(0, 2);
    store.push({ tone: "info", title: "one" });
    const two = store.push({ tone: "info", title: "two" });
    store.push({ tone: "success", title: "three" });
    expect(store.getSnapshot().map((t) => t.title)).toEqual(["two", "three"]);
    store.dismiss(two);
    expect(store.getSnapshot().map((t) => t.title)).toEqual(["three"]);
  });
});
