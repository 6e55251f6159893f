/**
 * What a fleet-wide change sends to each instance (pure). An lstack instance gets the lstack mode
 * itself; an ltran instance gets ltran's own mode (loglevel) and, for each registered lstack, the
 * lstack mode addressed by pid, which ltran forwards (PROTOCOL.md §5.2). ltran has no low-power mode.
 */
import type { Detection } from '../discovery/detect.js';
import type { LogLevel } from '../model/loglevel.js';
import type { ModeName } from '../protocol/modes.js';

export type FleetAction = { kind: 'loglevel'; level: LogLevel } | { kind: 'lowpower'; mod: 0 | 1 };

export const actionText = (a: FleetAction): string =>
  a.kind === 'loglevel' ? `loglevel ${a.level}` : `lowpower ${a.mod}`;

export interface Send {
  /** Who the change is for: the daemon itself, or an lstack behind ltran. */
  readonly target: 'ltran' | 'lstack' | 'client';
  readonly mode: ModeName;
  readonly pid: number;
  readonly ip?: string;
}

export function planFor(d: Detection, action: FleetAction): Send[] {
  const lstackMode: ModeName = action.kind === 'loglevel' ? 'LSTACK_LOG_LEVEL_SET' : 'LSTACK_LOW_POWER_MDF';
  if (d.daemon === 'lstack') return [{ target: 'lstack', mode: lstackMode, pid: 0 }];
  const own: Send[] =
    action.kind === 'loglevel' ? [{ target: 'ltran', mode: 'LTRAN_LOG_LEVEL_SET', pid: 0 }] : [];
  const clients = (d.clients ?? []).filter((c) => c.pid > 0);
  return [
    ...own,
    ...clients.map((c): Send => ({ target: 'client', mode: lstackMode, pid: c.pid, ip: c.ip })),
  ];
}
