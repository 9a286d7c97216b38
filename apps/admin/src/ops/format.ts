/** 0.0123 → "12 ms", 0.0025 → "2.5 ms", 1.5 → "1.5 s" */
export function formatSeconds(value: number): string {
  if (!Number.isFinite(value)) return "∞";
  if (value >= 1) return `${Number(value.toFixed(2))} s`;
  const ms = value * 1000;
  return `${ms < 10 ? Number(ms.toFixed(1)) : Math.round(ms)} ms`;
}

/** The smallest of 1, 2, 5 × 10^n that is at least `value` (and at least `floor`). */
export function niceMax(value: number, floor = 1): number {
  const v = Math.max(value, floor);
  const power = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 5, 10]) if (step * power >= v) return step * power;
  return 10 * power;
}
