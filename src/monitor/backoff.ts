/**
 * Delay before the next attempt after `failures` consecutive failures: doubling from the poll
 * interval, capped so a restarted daemon is picked up again within seconds, not minutes.
 */
export const MAX_BACKOFF_MS = 8000;

export function backoffMs(failures: number, intervalMs: number): number {
  if (failures <= 0) return intervalMs;
  return Math.min(MAX_BACKOFF_MS, Math.max(intervalMs, intervalMs * 2 ** (failures - 1)));
}
