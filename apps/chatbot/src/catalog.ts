import type { Api } from "./clients.ts";
import type { DentistFact, Facts, TypeFact } from "./dialogue/types.ts";

// Dentists and treatments change rarely; they are read through the API (as whichever patient
// is being served) and kept for a minute.

const FALLBACK_ZONE = "Europe/London";

export class Catalog {
  #loaded: { dentists: DentistFact[]; types: TypeFact[]; at: number } | undefined;

  constructor(
    private readonly options: { timeZone?: string; maxAgeMs?: number; now?: () => number } = {},
  ) {}

  async facts(api: Api, now: Date): Promise<Facts> {
    const { dentists, types } = await this.#load(api);
    return { now, timeZone: this.options.timeZone ?? commonZone(dentists), dentists, types };
  }

  /** The facts as last read, however old; for noticing changes without a patient's token. */
  cached(now: Date): Facts | undefined {
    if (!this.#loaded) return undefined;
    const { dentists, types } = this.#loaded;
    return { now, timeZone: this.options.timeZone ?? commonZone(dentists), dentists, types };
  }

  #clock(): number {
    return (this.options.now ?? Date.now)();
  }

  async #load(api: Api) {
    const fresh =
      this.#loaded && this.#clock() - this.#loaded.at < (this.options.maxAgeMs ?? 60_000);
    if (this.#loaded && fresh) return this.#loaded;
    const [dentists, types] = await Promise.all([
      api.dentists.list.query({}),
      api.appointmentTypes.list.query(),
    ]);
    this.#loaded = {
      dentists: dentists
        .filter((d) => d.active)
        .map((d) => ({ id: d.id, name: d.fullName, specialty: d.specialty, timeZone: d.timeZone })),
      types: types.map((t) => ({
        id: t.id,
        code: t.code,
        name: t.name,
        durationMinutes: t.durationMinutes,
      })),
      at: this.#clock(),
    };
    return this.#loaded;
  }
}

/** The zone most dentists work in: the clinic's own. */
function commonZone(dentists: DentistFact[]): string {
  const counts = new Map<string, number>();
  for (const d of dentists) counts.set(d.timeZone, (counts.get(d.timeZone) ?? 0) + 1);
  let best = FALLBACK_ZONE;
  let most = 0;
  for (const [zone, n] of counts) {
    if (n > most) [best, most] = [zone, n];
  }
  return best;
}
