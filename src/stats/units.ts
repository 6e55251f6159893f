/** Human-readable rates and counts for the TUI. */

/** How byte rates are shown; `u` cycles through them. */
export const BYTE_UNITS = ['bits', 'bytes'] as const;
export type ByteUnit = (typeof BYTE_UNITS)[number];

export function nextByteUnit(u: ByteUnit): ByteUnit {
  return BYTE_UNITS[(BYTE_UNITS.indexOf(u) + 1) % BYTE_UNITS.length];
}

const BIT_STEPS = ['b/s', 'Kb/s', 'Mb/s', 'Gb/s'];
const BYTE_STEPS = ['B/s', 'KiB/s', 'MiB/s', 'GiB/s'];

/**
 * A byte rate in the chosen unit. Bits step by 1024 like the C client's `-r` (PROTOCOL.md §7.5),
 * so the numbers match what operators are used to; '-' when there is no rate (first or reset interval).
 */
export function formatByteRate(bytesPerSec: number | null, unit: ByteUnit): string {
  if (bytesPerSec === null) return '-';
  let v = unit === 'bits' ? bytesPerSec * 8 : bytesPerSec;
  const steps = unit === 'bits' ? BIT_STEPS : BYTE_STEPS;
  let i = 0;
  while (v >= 1024 && i < steps.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 2)}${steps[i]}`;
}

const COUNT_STEPS: ReadonlyArray<readonly [number, string]> = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** A count or per-second count in at most ~6 characters (k/M/G, decimal). */
export function formatCount(n: number | bigint | null): string {
  if (n === null) return '-';
  const v = Number(n);
  if (Math.abs(v) < 10) return Number.isInteger(v) ? String(v) : v.toFixed(1);
  if (Math.abs(v) < 10_000) return String(Math.round(v));
  for (const [size, suffix] of COUNT_STEPS) {
    if (Math.abs(v) >= size) return `${(v / size).toFixed(v / size >= 100 ? 0 : 1)}${suffix}`;
  }
  return String(v);
}
