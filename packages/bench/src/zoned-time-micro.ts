import { earliestInstantAtOrAfter, latestInstantFor, localDateOf } from "@dentalcare/zoned-time";

// Micro-benchmark of the time-zone conversions a booking makes (its local date, then where
// a working range starts and ends that day), in Europe/London over 500 days of 15-minute
// slots. Prints microseconds per round; compare revisions with `git stash` or a checkout.
// Run: cd packages/bench && node --import tsx src/zoned-time-micro.ts

const ZONE = "Europe/London";
const ROUNDS = 40_000;
const SLOT_MS = 15 * 60_000;
const START = Date.UTC(2030, 0, 1);

function round(i: number): number {
  const date = localDateOf(new Date(START + (i % 48_000) * SLOT_MS), ZONE);
  return (
    earliestInstantAtOrAfter(date, 9 * 60, ZONE).getTime() +
    latestInstantFor(date, 17 * 60, ZONE).getTime()
  );
}

let sink = 0;
for (let i = 0; i < 2_000; i++) sink += round(i);
const t0 = performance.now();
for (let i = 0; i < ROUNDS; i++) sink += round(i);
const us = ((performance.now() - t0) * 1000) / ROUNDS;
// Using the results keeps the work from being optimised away.
if (!Number.isFinite(sink)) throw new Error("a conversion gave no instant");
console.log(
  `${us.toFixed(1)} µs per round (localDateOf + earliestInstantAtOrAfter + latestInstantFor)`,
);
