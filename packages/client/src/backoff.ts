/**
 * Exponential backoff with full jitter: a random wait between 0 and min(cap, base·2^attempt).
 * After a server restart, a thousand clients spread their reconnects over the window instead
 * of arriving in one wave.
 */
export function fullJitterBackoff(
  options: { baseMs?: number; capMs?: number; random?: () => number } = {},
) {
  const base = options.baseMs ?? 250;
  const cap = options.capMs ?? 15_000;
  const random = options.random ?? Math.random;
  return (attempt: number): number => Math.floor(random() * Math.min(cap, base * 2 ** attempt));
}
