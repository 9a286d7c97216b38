/**
 * Edit distance counting a swap of neighbouring letters as one edit ("patle" → "patel"), the
 * most common typing slip. Names are short, so the full table is cheap.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const up = rows[i - 1] ?? [];
      let best = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/**
 * A typo budget that grows with length ("lee" tolerates 1 edit, "patel" 2, "rodriguez" 3),
 * plus shortened names: "smith" is close to "smithson".
 */
export function closeEnough(query: string, candidate: string): boolean {
  const shorter = query.length <= candidate.length ? query : candidate;
  const longer = shorter === query ? candidate : query;
  if (shorter.length >= 3 && longer.startsWith(shorter)) return true;
  const budget = Math.max(1, Math.floor(longer.length / 3));
  return editDistance(query, candidate) <= budget;
}

/**
 * Items whose best key is within the typo budget of the query, closest first. Ties keep the
 * input order so results are stable.
 */
export function closest<T>(
  query: string,
  items: readonly T[],
  keys: (item: T) => readonly string[],
  limit = 3,
): T[] {
  const scored: { item: T; distance: number; order: number }[] = [];
  items.forEach((item, order) => {
    let best = Number.POSITIVE_INFINITY;
    for (const key of keys(item)) {
      if (closeEnough(query, key)) best = Math.min(best, editDistance(query, key));
    }
    if (Number.isFinite(best)) scored.push({ item, distance: best, order });
  });
  scored.sort((x, y) => x.distance - y.distance || x.order - y.order);
  return scored.slice(0, limit).map((s) => s.item);
}
