/**
 * Rates from two samples of monotonically growing counters. A counter that went backwards means the
 * daemon restarted (or the counter was reset): that interval has no rate (null), never a negative
 * or a wrapped-around one.
 */
export type Counter = bigint | number;

export function rate(prev: Counter, cur: Counter, seconds: number): number | null {
  if (seconds <= 0) return null;
  const a = BigInt(prev);
  const b = BigInt(cur);
  if (b < a) return null;
  return Number(b - a) / seconds;
}

/** Per-second rates of the named (or all numeric) fields present in both samples. */
export function ratesBetween(
  prev: Record<string, Counter>,
  cur: Record<string, Counter>,
  seconds: number,
  fields?: readonly string[],
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const name of fields ?? Object.keys(cur)) {
    if (name in prev && name in cur) out[name] = rate(prev[name], cur[name], seconds);
  }
  return out;
}

/** True when any counter went backwards: the daemon behind the samples restarted. */
export function looksReset(
  prev: Record<string, Counter>,
  cur: Record<string, Counter>,
  fields: readonly string[],
): boolean {
  return fields.some((f) => f in prev && f in cur && BigInt(cur[f]) < BigInt(prev[f]));
}
