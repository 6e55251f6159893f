/**
 * The lines of the stacks view: per instance an aggregate line followed by its stack threads
 * (sorted and filtered), then one total line. Pure over the snapshot and the view state.
 */
import { sumRates, sumTotals, type StackRates } from '../../stats/stackRates.js';
import type { InstanceData } from './instanceData.js';
import { historyKey } from './instanceData.js';
import { filterRows, sortRows, type Cell } from './table.js';
import type { Sort } from './viewState.js';

export interface StackLine {
  kind: 'instance' | 'stack' | 'total';
  prefix: string;
  /** Position of the stack in the daemon's reply (history key); null for aggregate lines. */
  stackIndex: number | null;
  stackId: number | null;
  tid: number | null;
  rates: StackRates;
  allocFail: bigint;
  connNum: number;
  mbufFree: number;
  wakeupEvents: bigint;
  reset: boolean;
  /** The core the stack thread last ran on; null when /proc had no such thread, and on aggregates. */
  core: number | null;
  /** 100 = one core; the instance line sums its stacks. */
  cpuPercent: number | null;
  /** Low-power mode of the stack (the instance line: of its first stack), which changes the CPU picture. */
  lowPower: boolean | null;
}

function cell(line: StackLine, column: string): Cell {
  switch (column) {
    case 'stack':
      return line.stackId;
    case 'tid':
      return line.tid;
    case 'rx':
      return line.rates.rxPps;
    case 'tx':
      return line.rates.txPps;
    case 'rxBytes':
      return line.rates.rxBps;
    case 'txBytes':
      return line.rates.txBps;
    case 'drops':
      return line.rates.dropPs;
    case 'allocFail':
      return line.allocFail;
    case 'conns':
      return line.connNum;
    case 'mbufFree':
      return line.mbufFree;
    case 'wakeups':
      return line.wakeupEvents;
    case 'cpu':
      return line.cpuPercent;
    default:
      return null;
  }
}

/** null only when nothing is known: a sum over some unknown threads would still be shown. */
function sumKnown(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, v) => a + v, 0) : null;
}

export function stackLines(instances: readonly InstanceData[], sort: Sort, filter: string): StackLine[] {
  const out: StackLine[] = [];
  for (const inst of instances) {
    const stacks: StackLine[] = inst.rows.map((r, i) => ({
      kind: 'stack',
      prefix: inst.prefix,
      stackIndex: i,
      stackId: r.sample.stackId,
      tid: r.sample.tid,
      rates: r.rates,
      allocFail: r.sample.allocFail,
      connNum: r.sample.connNum,
      mbufFree: r.sample.mbufFree,
      wakeupEvents: r.sample.wakeupEvents,
      reset: r.reset,
      core: inst.threads?.get(r.sample.tid)?.core ?? null,
      cpuPercent: inst.threads?.get(r.sample.tid)?.percent ?? null,
      lowPower: r.sample.lowPower !== 0,
    }));
    const shown = sortRows(
      // `stack 3` is how the row reads; `stack3` stays accepted.
      filterRows(stacks, filter, (l) => [
        inst.prefix,
        String(l.tid),
        `stack ${l.stackId}`,
        `stack${l.stackId}`,
      ]),
      sort,
      cell,
    );
    out.push({
      kind: 'instance',
      prefix: inst.prefix,
      stackIndex: null,
      stackId: null,
      tid: null,
      rates: inst.aggregate,
      ...sumTotals(inst.rows.map((r) => r.sample)),
      reset: inst.rows.some((r) => r.reset),
      core: null,
      cpuPercent: sumKnown(stacks.map((l) => l.cpuPercent)),
      lowPower: stacks[0]?.lowPower ?? null,
    });
    out.push(...shown);
  }
  const aggregates = out.filter((l) => l.kind === 'instance');
  out.push({
    kind: 'total',
    prefix: '',
    stackIndex: null,
    stackId: null,
    tid: null,
    rates: sumRates(aggregates.map((l) => l.rates)),
    allocFail: aggregates.reduce((a, l) => a + l.allocFail, 0n),
    connNum: aggregates.reduce((a, l) => a + l.connNum, 0),
    mbufFree: aggregates.reduce((a, l) => a + l.mbufFree, 0),
    wakeupEvents: aggregates.reduce((a, l) => a + l.wakeupEvents, 0n),
    reset: false,
    core: null,
    cpuPercent: sumKnown(aggregates.map((l) => l.cpuPercent)),
    lowPower: null,
  });
  return out;
}

/** Lines the cursor can rest on: instance and stack lines (the total belongs to nobody). */
export function selectable(lines: readonly StackLine[]): StackLine[] {
  return lines.filter((l) => l.kind !== 'total');
}

/** What identifies a line across polls, sorts and filters (its row index does not). */
export const lineKey = (l: StackLine): string => `${l.kind}:${l.prefix}:${l.stackIndex ?? ''}`;

export interface Selection {
  prefix: string | null;
  historyKey: string;
  line: StackLine | null;
  /** Index among the selectable lines. */
  index: number;
}

function keyedIndex(rows: readonly StackLine[], key: string | null): number {
  if (key === null) return -1;
  const exact = rows.findIndex((l) => lineKey(l) === key);
  if (exact >= 0) return exact;
  // A stack the filter hides: its instance's line, rather than whatever row took its place.
  const owner = key.slice(0, key.lastIndexOf(':'));
  return rows.findIndex((l) => l.kind === 'instance' && owner === `stack:${l.prefix}`);
}

/**
 * The selected line is the one the cursor was put on (`selectedKey`) wherever sorting moved it;
 * the row index only when neither it nor its instance is on screen.
 */
export function selectionOf(
  lines: readonly StackLine[],
  selected: number,
  selectedKey: string | null = null,
): Selection {
  const rows = selectable(lines);
  const byKey = keyedIndex(rows, selectedKey);
  const index = byKey >= 0 ? byKey : Math.max(0, Math.min(selected, rows.length - 1));
  const line = rows[index] ?? null;
  return {
    prefix: line?.prefix ?? null,
    historyKey: historyKey(line?.stackIndex ?? 'all'),
    line,
    index,
  };
}
