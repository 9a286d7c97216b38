// Bookings of one slot that arrive together in one process. While one is on its way to the
// database the others wait for it: when it books, they are refused at once (the slot is
// taken, which is what the database would answer after making them queue for the dentist's
// lock), and when it fails they go on to the database themselves. The database stays the
// judge of every booking that is attempted; this only spares the losers of a race the trip.

export class SlotFlights {
  readonly #inFlight = new Map<string, Promise<boolean>>();

  async run<T>(key: string, attempt: () => Promise<T>, refuse: () => Error): Promise<T> {
    const ahead = this.#inFlight.get(key);
    if (ahead && (await ahead)) throw refuse();
    const result = attempt();
    if (!this.#inFlight.has(key)) {
      const booked = result.then(
        () => true,
        () => false,
      );
      this.#inFlight.set(key, booked);
      void booked.then(() => {
        if (this.#inFlight.get(key) === booked) this.#inFlight.delete(key);
      });
    }
    return result;
  }

  /** Slots with a booking on its way (for tests). */
  get size(): number {
    return this.#inFlight.size;
  }
}

const byDatabase = new WeakMap<object, SlotFlights>();

/** The flights of one database client (one per server process, one per test API). */
export function slotFlightsOf(db: object): SlotFlights {
  let flights = byDatabase.get(db);
  if (!flights) {
    flights = new SlotFlights();
    byDatabase.set(db, flights);
  }
  return flights;
}
