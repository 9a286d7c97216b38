import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { exposedGc, IdleCollection } from "./idle-collection.ts";

// The collection after mass disconnects: only past the threshold, only once the event loop
// is quiet, once per burst, and never without V8's gc function.

afterEach(() => {
  vi.useRealTimers();
});

function setup(utilization: number[]) {
  vi.useFakeTimers();
  const collect = vi.fn();
  const collected: number[] = [];
  const readings = [...utilization];
  const collection = new IdleCollection({
    collect,
    closedThreshold: 3,
    quietUtilization: 0.2,
    checkIntervalMs: 100,
    utilization: () => readings.shift() ?? 0,
    onCollected: ({ closed }) => collected.push(closed),
  });
  return { collect, collected, collection };
}

describe("IdleCollection", () => {
  it("does nothing below the threshold", () => {
    const { collect, collection } = setup([]);
    collection.noteClosed();
    collection.noteClosed();
    vi.advanceTimersByTime(1_000);
    expect(collect).not.toHaveBeenCalled();
  });

  it("waits for a quiet event loop, then collects once", () => {
    // The first reading opens the window; then two busy intervals, then a quiet one.
    const { collect, collected, collection } = setup([0, 0.9, 0.5, 0.05]);
    for (let i = 0; i < 4; i++) collection.noteClosed();
    vi.advanceTimersByTime(200);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(collect).toHaveBeenCalledTimes(1);
    expect(collected).toEqual([4]);
    vi.advanceTimersByTime(1_000);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it("counts the next burst from zero", () => {
    const { collect, collected, collection } = setup([]);
    for (let i = 0; i < 3; i++) collection.noteClosed();
    vi.advanceTimersByTime(100);
    collection.noteClosed();
    vi.advanceTimersByTime(500);
    expect(collected).toEqual([3]);
    collection.noteClosed();
    collection.noteClosed();
    vi.advanceTimersByTime(500);
    expect(collect).toHaveBeenCalledTimes(2);
    expect(collected).toEqual([3, 3]);
  });

  it("does nothing without V8's gc function, and stops on request", () => {
    vi.useFakeTimers();
    const off = new IdleCollection({
      collect: undefined,
      closedThreshold: 1,
      utilization: () => 0,
    });
    off.noteClosed();
    expect(vi.getTimerCount()).toBe(0);
    const { collect, collection } = setup([]);
    for (let i = 0; i < 3; i++) collection.noteClosed();
    collection.stop();
    vi.advanceTimersByTime(1_000);
    expect(collect).not.toHaveBeenCalled();
  });

  it("finds gc only when node runs with --expose-gc", () => {
    expect(exposedGc()).toBeUndefined();
    const script = "console.log(typeof globalThis.gc)";
    const run = (flags: string[]) =>
      spawnSync(process.execPath, [...flags, "-e", script], { encoding: "utf8" }).stdout.trim();
    expect(run(["--expose-gc"])).toBe("function");
    expect(run([])).toBe("undefined");
  });
});
