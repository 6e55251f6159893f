/** Rows of the table views after filter and sort (pure; the components only lay them out). */
import type { ConnRow } from '../../stats/connections.js';
import type { XstatRow } from '../../stats/nic.js';
import { nonZero, type SnmpRow } from '../../stats/snmp.js';
import { filterRows, sortRows, type Cell } from './table.js';
import type { Sort } from './viewState.js';

export function connRowsView(rows: readonly ConnRow[], sort: Sort, filter: string): ConnRow[] {
  const shown = filterRows(rows, filter, (r) => [r.local, r.remote, r.state, String(r.tid), r.keepalive]);
  return sortRows(shown, sort, (r, c) => (r as unknown as Record<string, Cell>)[c] ?? null);
}

export function snmpRowsView(
  rows: readonly SnmpRow[],
  sort: Sort,
  filter: string,
  nonZeroOnly: boolean,
): SnmpRow[] {
  const shown = filterRows(nonZeroOnly ? nonZero(rows) : rows, filter, (r) => [r.name]);
  return sortRows(shown, sort, (r, c) => (c === 'name' ? r.name : c === 'value' ? r.value : r.perSec));
}

export function xstatRowsView(
  rows: readonly XstatRow[],
  sort: Sort,
  filter: string,
  nonZeroOnly: boolean,
): XstatRow[] {
  const shown = filterRows(nonZeroOnly ? nonZero(rows) : rows, filter, (r) => [r.name]);
  return sortRows(shown, sort, (r, c) => (c === 'name' ? r.name : r.value));
}
