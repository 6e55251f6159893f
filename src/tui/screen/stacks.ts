/** One line per stack thread, an aggregate line per instance and a total line; the history chart below. */
import type { RatePoint } from '../../stats/history.js';
import { formatByteRate, formatCount, type ByteUnit } from '../../stats/units.js';
import { lineKey, type StackLine } from '../state/stackLines.js';
import { label } from '../../monitor/label.js';
import { fitColumns, pick, windowOf, type Column } from './columns.js';
import { chartLines } from './chart.js';
import type { Pen } from './paint.js';
import { tableLines, type TableRow } from './table.js';

export interface StacksViewProps {
  lines: readonly StackLine[];
  /** The selected line (one of `lines`), or null. */
  selected: StackLine | null;
  unit: ByteUnit;
  history: readonly RatePoint[];
  width: number;
  height: number;
  /** The stacks' sort key: its column stays on screen however narrow. */
  sortKey?: string;
}

const byteTitle = (unit: ByteUnit, dir: string): string => `${dir} ${unit === 'bits' ? 'bit/s' : 'B/s'}`;

/**
 * At 120 columns the narrow titles keep every column; at 80 the byte rates, TID, ALLOCFAIL and CONN
 * go first (the packet rates, drops, CPU picture and WAKEUPS are what a glance needs).
 */
export const stackColumns = (unit: ByteUnit): Column[] => [
  { title: 'INSTANCE/STACK', width: 15, sortKey: 'stack' },
  { title: 'TID', width: 8, align: 'right', narrow: { title: 'TID', width: 7 }, drop: 3, sortKey: 'tid' },
  { title: 'CORE', width: 4, align: 'right', drop: 8 },
  { title: 'CPU%', width: 5, align: 'right', sortKey: 'cpu' },
  { title: 'LP', width: 3, drop: 7 },
  { title: 'RX pkt/s', width: 9, align: 'right', narrow: { title: 'RX/s', width: 6 }, sortKey: 'rx' },
  { title: 'TX pkt/s', width: 9, align: 'right', narrow: { title: 'TX/s', width: 6 }, sortKey: 'tx' },
  { title: byteTitle(unit, 'RX'), width: 11, align: 'right', drop: 2, sortKey: 'rxBytes' },
  { title: byteTitle(unit, 'TX'), width: 11, align: 'right', drop: 1, sortKey: 'txBytes' },
  { title: 'DROP/s', width: 7, align: 'right', narrow: { title: 'DROP/s', width: 6 }, sortKey: 'drops' },
  {
    title: 'ALLOCFAIL',
    width: 9,
    align: 'right',
    narrow: { title: 'AFAIL', width: 6 },
    drop: 4,
    sortKey: 'allocFail',
  },
  { title: 'CONN', width: 6, align: 'right', drop: 5, sortKey: 'conns' },
  {
    title: 'MBUF FREE',
    width: 9,
    align: 'right',
    narrow: { title: 'MBUF', width: 6 },
    drop: 6,
    sortKey: 'mbufFree',
  },
  { title: 'WAKEUPS', width: 8, align: 'right', narrow: { title: 'WAKEUPS', width: 7 }, sortKey: 'wakeups' },
];

function name(l: StackLine): string {
  if (l.kind === 'total') return 'TOTAL';
  if (l.kind === 'instance') return `${label(l.prefix)} all`;
  return `  stack ${l.stackId}`;
}

export function stackCells(l: StackLine, unit: ByteUnit): string[] {
  return [
    name(l) + (l.reset ? ' *' : ''),
    l.tid === null ? '' : String(l.tid),
    l.core === null ? '' : String(l.core),
    l.cpuPercent === null
      ? l.kind === 'stack'
        ? '-'
        : ''
      : l.cpuPercent.toFixed(l.cpuPercent >= 99.95 ? 0 : 1),
    l.lowPower === null ? '' : l.lowPower ? 'on' : 'off',
    formatCount(l.rates.rxPps),
    formatCount(l.rates.txPps),
    formatByteRate(l.rates.rxBps, unit),
    formatByteRate(l.rates.txBps, unit),
    formatCount(l.rates.dropPs),
    formatCount(l.allocFail),
    formatCount(l.connNum),
    formatCount(l.mbufFree),
    formatCount(l.wakeupEvents),
  ];
}

export function stacksLines(
  pen: Pen,
  { lines, selected, unit, history, width, height, sortKey }: StacksViewProps,
): string[] {
  const chartHeight = height >= 22 ? Math.min(12, height - 14) : height >= 16 ? 6 : 0;
  const tableHeight = Math.max(1, height - chartHeight - 2);
  const focus = selected ? lines.indexOf(selected) : 0;
  const { rows } = windowOf(lines, tableHeight, focus);
  const fitted = fitColumns(stackColumns(unit), width - 1, sortKey);
  const tableRows: TableRow[] = rows.map((l) => ({
    key: lineKey(l),
    cells: pick(stackCells(l, unit), fitted.keep),
    bold: l.kind !== 'stack',
    color: l.reset ? 'magenta' : l.kind === 'total' ? 'cyan' : undefined,
  }));
  const title = selected
    ? `history: ${name(selected).trim()}${selected.tid === null ? '' : ` (tid ${selected.tid})`}`
    : 'history';
  const out = tableLines(pen, fitted.columns, tableRows, {
    highlight: selected ? lineKey(selected) : null,
    width: width - 1,
  });
  if (lines.some((l) => l.reset))
    out.push(
      ...pen.text(
        '* counters went back: daemon restarted, no rate for that interval',
        { color: 'magenta' },
        width,
      ),
    );
  if (chartHeight > 0) out.push(...chartLines(pen, { title, series: history, width, height: chartHeight }));
  return out;
}
