/** A bounded series of rate points for the history chart (last N minutes). */
export interface RatePoint {
  /** ms since epoch. */
  at: number;
  rxPps: number;
  txPps: number;
  dropPs: number;
}

/** Appends a point and forgets what is older than `windowMs` before it. Returns a new array. */
export function appendPoint(series: readonly RatePoint[], point: RatePoint, windowMs: number): RatePoint[] {
  const cutoff = point.at - windowMs;
  const start = series.findIndex((p) => p.at >= cutoff);
  const kept = start === -1 ? [] : series.slice(start);
  kept.push(point);
  return kept;
}

/** Resamples to at most `width` points (the chart's columns), keeping the latest. */
export function lastPoints(series: readonly RatePoint[], width: number): RatePoint[] {
  return width > 0 && series.length > width ? series.slice(series.length - width) : [...series];
}
