/** u64 arithmetic as C does it, and the client's rate_convert_type() (PROTOCOL.md §7). */
import { U64_MAX } from '../../protocol/enums.js';

/** `a - b` on uint64_t: wraps modulo 2^64, so a counter that went backwards shows as a huge number. */
export function u64sub(a: bigint, b: bigint): bigint {
  return (a - b) & U64_MAX;
}

/** `a * b` on uint64_t. */
export function u64mul(a: bigint, b: bigint): bigint {
  return (a * b) & U64_MAX;
}

/** `a / b` on uint64_t (truncating); C would trap on 0, callers never pass it. */
export function u64div(a: bigint, b: bigint): bigint {
  return (a & U64_MAX) / b;
}

export interface ByteRate {
  value: number;
  unit: string;
}

/**
 * rate_convert_type(): bits = bytes * 8 in uint64_t (wraps), converted to double, then divided by
 * 1024 while it is above 1024 and a larger unit exists. 128 bytes -> 1024.00b/s, 129 -> 1.01Kb/s.
 * `units`/`bitsPerByte` differ in the oldest clients (bytes, not bits).
 */
export function rateConvert(bytes: bigint, units: readonly string[] = BIT_UNITS, bitsPerByte = 8n): ByteRate {
  let value = Number(u64mul(bytes, bitsPerByte));
  let index = 0;
  while (value > 1024 && index < units.length - 1) {
    value /= 1024;
    index++;
  }
  return { value, unit: units[index] };
}

export const BIT_UNITS = ['b/s', 'Kb/s', 'Mb/s'] as const;
