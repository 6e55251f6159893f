/**
 * The counter views of the selected instance: SNMP (all stacks summed, with per-second deltas) and
 * the NIC (xstats with the non-zero toggle, offload features beside them; lstack mode only).
 */
import type { OffloadRow, XstatRow } from '../../stats/nic.js';
import type { SnmpRow } from '../../stats/snmp.js';
import { formatCount } from '../../stats/units.js';
import { snmpRowsView, xstatRowsView } from '../state/tableViews.js';
import { right } from './columns.js';
import { visibleLength, type Pen } from './paint.js';
import { scrollTableLines, zeroNote, type CounterTableOptions } from './table.js';

const SNMP_COLUMNS = [{ title: 'COUNTER', width: 32 }, right('VALUE', 12), right('PER SEC', 10)];

export function snmpLines(
  pen: Pen,
  rows: readonly SnmpRow[] | null,
  { sort, filter, nonZeroOnly, scroll, height }: CounterTableOptions,
  width: number,
): string[] {
  if (!rows) return [pen.line('waiting for SNMP counters...', { dim: true }, width)];
  const shown = snmpRowsView(rows, sort, filter, nonZeroOnly).map((r) => ({
    key: r.name,
    cells: [r.name, String(r.value), formatCount(r.perSec)],
  }));
  return scrollTableLines(pen, SNMP_COLUMNS, shown, { scroll, height, note: zeroNote(nonZeroOnly) });
}

const XSTAT_COLUMNS = [{ title: 'XSTAT', width: 36 }, right('VALUE', 16)];

/** Columns between the xstats table and the offload features. */
const GAP = 2;

export function nicLines(
  pen: Pen,
  nic: { xstats: XstatRow[]; offloads: OffloadRow[] } | null,
  ltran: boolean,
  { sort, filter, nonZeroOnly, scroll, height }: CounterTableOptions,
  width: number,
): string[] {
  if (ltran)
    return pen.text(
      'ltran does not forward NIC xstats or features; select an lstack instance',
      { dim: true },
      width,
    );
  if (!nic) return [pen.line('waiting for NIC data...', { dim: true }, width)];
  const rows = xstatRowsView(nic.xstats, sort, filter, nonZeroOnly).map((r) => ({
    key: r.name,
    cells: [r.name, String(r.value)],
  }));
  const left = scrollTableLines(pen, XSTAT_COLUMNS, rows, { scroll, height, note: zeroNote(nonZeroOnly) });
  const right = [
    pen.line('OFFLOAD FEATURES', { bold: true, underline: true }),
    ...nic.offloads.map((o) =>
      pen.line([o.feature.padEnd(18), [o.on ? 'on' : 'off', o.on ? { color: 'green' } : { dim: true }]]),
    ),
  ];
  const leftWidth = Math.max(...left.map(visibleLength));
  const out: string[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i] ?? '';
    out.push(`${l}${' '.repeat(leftWidth - visibleLength(l) + GAP)}${right[i] ?? ''}`.trimEnd());
  }
  return out;
}
