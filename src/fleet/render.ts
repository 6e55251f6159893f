/** Per-instance result table and JSON of `loglevel` / `lowpower`. Pure. */
import { alignTable, showPrefix } from '../discovery/table.js';
import type { FleetRow } from './apply.js';

export function renderFleetTable(rows: readonly FleetRow[]): string {
  return alignTable(
    ['PREFIX', 'DAEMON', 'TARGET', 'PROFILE', 'ACTION', 'RESULT', 'DETAIL'],
    rows.map((r) => [
      showPrefix(r.prefix),
      r.daemon ?? '-',
      r.target === 'client' ? `lstack ${r.ip ?? '?'} pid ${r.pid}` : (r.target ?? '-'),
      r.profile ?? '-',
      r.action,
      r.status,
      r.detail,
    ]),
  );
}

export function renderFleetJson(
  command: string,
  value: string,
  dryRun: boolean,
  rows: readonly FleetRow[],
): string {
  const failed = rows.filter((r) => r.status === 'failed').length;
  return `${JSON.stringify({ command, value, dryRun, failed, results: rows }, null, 2)}\n`;
}
