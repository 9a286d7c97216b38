import type { Target } from "../results.ts";

export const num = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined
    ? "–"
    : v.toLocaleString("en-US", { maximumFractionDigits: digits });
export const mb = (bytes: number) => `${num(bytes / 1_048_576, 1)} MB`;
export const kb = (bytes: number) => `${num(bytes / 1024, 1)} KB`;
export const verdict = (t: Target) => (t.pass === null ? "n/a" : t.pass ? "PASS" : "MISS");
export const targetText = (t: Target) =>
  `${t.op === "==" ? "=" : t.op === "<=" ? "≤" : "≥"} ${num(t.bound, 2)} ${t.unit}`;
export const codes = (counts: Record<string, number | string>) =>
  Object.entries(counts)
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ") || "none";
