/** Command-line words of record/report: sizes, durations and points in time. */
import { UsageError } from '../errors.js';

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** 200M, 1.5G, 65536 (bytes; K/M/G/T are powers of 1024). */
export function parseSize(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(text.trim());
  const v = m ? Math.floor(Number(m[1]) * SIZE_UNITS[m[2].toLowerCase()]) : NaN;
  if (!(v > 0)) throw new UsageError(`invalid ${flag} '${text}'`, 'give a size such as 200M, 2G or 65536');
  return v;
}

const DURATION_UNITS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** 30s, 15m, 12h, 7d, 2w (ms). */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(text.trim());
  const v = m ? Number(m[1]) * DURATION_UNITS[m[2]] : NaN;
  if (!(v > 0))
    throw new UsageError(`invalid ${flag} '${text}'`, 'give a duration such as 90s, 30m, 12h or 7d');
  return v;
}

/** ISO 8601 (UTC unless it names a zone; a space may replace the T) or Unix seconds (ms). */
export function parseTime(text: string, flag: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const iso = t.replace(' ', 'T');
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(iso) || !iso.includes('T') ? iso : `${iso}Z`;
  const v = Date.parse(/T/.test(zoned) ? zoned : `${zoned}T00:00:00Z`);
  if (!Number.isFinite(v))
    throw new UsageError(
      `invalid ${flag} '${text}'`,
      'give a time such as 2026-11-29T03:14:07Z, "2026-11-29 03:14" (UTC) or Unix seconds',
    );
  return v;
}
