/** The time typed after `g` in replay: UTC, like `report`. Pure. */
import { parseTime } from '../recorder/units.js';

const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/**
 * HH:MM[:SS[.mmm]] (UTC, on the day of the current position), a full ISO time or Unix seconds (as
 * `report --from`), or +/-N s|m|h from the position. Returns ms, or an error text.
 */
export function parseGoto(text: string, current: number): number | { error: string } {
  const t = text.trim();
  const clock = CLOCK.exec(t);
  if (clock) {
    const [h, m, s] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    const ms = Number((clock[4] ?? '').padEnd(3, '0'));
    if (h > 23 || m > 59 || s > 59) return { error: `no such time of day '${t}'` };
    const day = new Date(current);
    return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h, m, s, ms);
  }
  const rel = /^([+-])(\d+(?:\.\d+)?)([smh])$/.exec(t);
  if (rel) {
    const ms = Number(rel[2]) * { s: 1000, m: 60_000, h: 3_600_000 }[rel[3] as 's' | 'm' | 'h'];
    return current + (rel[1] === '-' ? -ms : ms);
  }
  try {
    return parseTime(t, 'time');
  } catch {
    return { error: `not a time: '${t}' (HH:MM[:SS] UTC, 2026-11-29T03:14:07Z, or +5m)` };
  }
}

/** 2026-11-29 03:14:07 (UTC): how replay shows its position; with milliseconds for sub-second samples. */
export function replayClock(ms: number, millis = false): string {
  const iso = new Date(ms).toISOString().replace('T', ' ');
  return millis ? iso.replace(/Z$/, '') : iso.replace(/\.\d+Z$/, '');
}
