import { describe, expect, it } from "vitest";
import { SlotFlights } from "./slot-flights.ts";

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const taken = () => new Error("taken");

describe("SlotFlights", () => {
  it("refuses the bookings that arrived while the first one booked, without attempting them", async () => {
    const flights = new SlotFlights();
    const first = deferred<string>();
    let attempts = 0;
    const winner = flights.run(
      "d1|9",
      () => {
        attempts++;
        return first.promise;
      },
      taken,
    );
    const losers = [1, 2, 3].map(() =>
      flights.run(
        "d1|9",
        async () => {
          attempts++;
          return "also booked";
        },
        taken,
      ),
    );
    first.resolve("booked");
    expect(await winner).toBe("booked");
    for (const loser of losers) await expect(loser).rejects.toThrow("taken");
    expect(attempts).toBe(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(flights.size).toBe(0);
  });

  it("lets the others try when the first one fails, and keeps other slots apart", async () => {
    const flights = new SlotFlights();
    const first = deferred<string>();
    const failing = flights.run("d1|9", () => first.promise, taken);
    const next = flights.run("d1|9", async () => "second booked", taken);
    const elsewhere = flights.run("d1|10", async () => "other slot", taken);
    expect(await elsewhere).toBe("other slot");
    first.reject(new Error("patient not found"));
    await expect(failing).rejects.toThrow("patient not found");
    expect(await next).toBe("second booked");
  });
});
