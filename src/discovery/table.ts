/** Renders `ls` rows: an aligned table for people, one JSON document for scripts. Pure. */
import type { InstanceRow } from './list.js';

export const STATE_TEXT: Record<InstanceRow['state'], string> = {
  alive: 'alive',
  stale: 'stale (ECONNREFUSED: nobody listens)',
  denied: 'permission denied',
  missing: 'gone',
  timeout: 'timeout',
  'not-a-socket': 'not a socket',
  error: 'error',
};

/** The empty unix_prefix (the default instance) is shown as "" so that the column is never blank. */
export const showPrefix = (p: string): string => (p === '' ? '""' : p);

export function alignTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `${l}\n`).join('');
}

function profileText(r: InstanceRow): string {
  if (r.profile === null) return '-';
  return r.candidates.length > 1 ? r.candidates.join('|') : r.profile;
}

function detail(r: InstanceRow): string {
  const parts: string[] = [];
  if (r.stacks !== undefined) parts.push(`${r.stacks} stack${r.stacks === 1 ? '' : 's'}`);
  if (r.clients !== undefined) {
    parts.push(
      r.clients.length === 0
        ? 'no clients'
        : `clients: ${r.clients.map((c) => `${c.ip} pid ${c.pid} (${c.stacks} stacks)`).join(', ')}`,
    );
  }
  if (r.note) parts.push(r.note);
  return parts.join('; ');
}

export function renderTable(rows: readonly InstanceRow[]): string {
  return alignTable(
    ['PREFIX', 'DAEMON', 'SOCKET', 'STATE', 'PROFILE', 'PIDS', 'FILE-PREFIX', 'DETAIL'],
    rows.map((r) => [
      showPrefix(r.prefix),
      r.daemon,
      r.socket,
      STATE_TEXT[r.state],
      profileText(r),
      r.pids?.length ? r.pids.join(',') : '-',
      r.filePrefixes?.length ? r.filePrefixes.join(',') : '-',
      detail(r),
    ]),
  );
}

export function renderJson(runDir: string, rows: readonly InstanceRow[]): string {
  return `${JSON.stringify({ runDir, instances: rows }, null, 2)}\n`;
}
