/**
 * Everything the user controls, and the pure reducer over it. Keys become actions in keymap.ts;
 * actions with effects on daemons (loglevel, latency, quit) are carried out by the app.
 */
import { nextByteUnit, type ByteUnit } from '../../stats/units.js';

export const VIEWS = ['stacks', 'connections', 'snmp', 'latency', 'nic', 'threads'] as const;
export type ViewName = (typeof VIEWS)[number];

export type SortOrder = 'asc' | 'desc';
export interface Sort {
  column: string;
  order: SortOrder;
}

/** Sortable columns per view, in the order `s` cycles through them. */
export const SORT_COLUMNS: Record<ViewName, readonly string[]> = {
  stacks: [
    'stack',
    'tid',
    'rx',
    'tx',
    'rxBytes',
    'txBytes',
    'drops',
    'allocFail',
    'conns',
    'mbufFree',
    'wakeups',
    'cpu',
  ],
  connections: ['tid', 'local', 'remote', 'state', 'recvQ', 'sendQ', 'rcvWnd', 'sndWnd', 'cwnd', 'keepalive'],
  snmp: ['name', 'value', 'perSec'],
  latency: ['stage'],
  nic: ['name', 'value'],
  threads: ['tid'],
};

export type { LogLevel as Loglevel } from '../../model/loglevel.js';
import type { LogLevel as Loglevel } from '../../model/loglevel.js';

export type Prompt =
  | { kind: 'filter'; text: string }
  | { kind: 'loglevel'; prefix: string }
  | { kind: 'confirm-loglevel'; prefix: string; level: Loglevel }
  /** Replay: the time typed after `g`. */
  | { kind: 'goto'; text: string };

export interface ViewState {
  view: ViewName;
  /** Index into the selectable stack rows (see stackRows.ts); also picks the instance. */
  selected: number;
  /** Key of the selected stack line (stackLines.ts lineKey): the selection follows it when rows re-sort. */
  selectedKey: string | null;
  /** First visible row of scrollable tables (connections, snmp, nic). */
  scroll: number;
  sort: Record<ViewName, Sort>;
  filter: Record<ViewName, string>;
  prompt: Prompt | null;
  help: boolean;
  paused: boolean;
  intervalMs: number;
  unit: ByteUnit;
  nonZeroOnly: boolean;
  latencySeconds: number;
  message: string | null;
  /** Instances whose daemon is gone (stale sockets) listed one by one instead of folded into one line. */
  showGone: boolean;
}

/** Why a --sort for the starting view is not one, or null when it is (COLUMN or COLUMN:asc|desc). */
export function sortProblem(view: ViewName, sort: string): string | null {
  const [column, order, ...more] = sort.split(':');
  const columns = SORT_COLUMNS[view];
  if (!columns.includes(column))
    return `invalid --sort '${sort}' for the ${view} view: sort keys are ${columns.join(', ')}`;
  if (more.length || (order !== undefined && order !== 'asc' && order !== 'desc'))
    return `invalid --sort '${sort}': the order after ':' is asc or desc`;
  return null;
}

export const MIN_INTERVAL_MS = 250;
export const MAX_INTERVAL_MS = 60_000;

export function initialViewState(
  opts: Partial<Pick<ViewState, 'view' | 'intervalMs'>> & { sort?: string; filter?: string } = {},
): ViewState {
  const view = opts.view ?? 'stacks';
  const sort = Object.fromEntries(
    VIEWS.map((v) => [v, { column: SORT_COLUMNS[v][0], order: 'asc' }]),
  ) as Record<ViewName, Sort>;
  if (opts.sort) {
    const [column, order] = opts.sort.split(':');
    if (SORT_COLUMNS[view].includes(column))
      sort[view] = { column, order: order === 'desc' ? 'desc' : 'asc' };
  }
  const filter = Object.fromEntries(VIEWS.map((v) => [v, ''])) as Record<ViewName, string>;
  if (opts.filter) filter[view] = opts.filter;
  return {
    view,
    selected: 0,
    selectedKey: null,
    scroll: 0,
    sort,
    filter,
    prompt: null,
    help: false,
    paused: false,
    intervalMs: opts.intervalMs ?? 1000,
    unit: 'bits',
    nonZeroOnly: true,
    latencySeconds: 5,
    message: null,
    showGone: false,
  };
}

export type Action =
  | { type: 'view'; view: ViewName }
  | { type: 'nextView'; step: 1 | -1 }
  /** `keys`: the selectable lines' keys in screen order, so a move starts from where the selected line is now. */
  | { type: 'move'; by: number; rows: number; keys?: readonly string[] }
  | { type: 'scroll'; by: number }
  | { type: 'sortNext' }
  | { type: 'sortOrder' }
  | { type: 'help' }
  | { type: 'pause' }
  | { type: 'interval'; faster: boolean }
  | { type: 'unit' }
  | { type: 'nonZero' }
  | { type: 'latencySeconds'; by: number }
  | { type: 'prompt'; prompt: Prompt | null }
  | { type: 'filterText'; text: string }
  | { type: 'message'; text: string | null }
  | { type: 'gone' };

/** Interval steps for `+`/`-`: halving/doubling keeps the useful range a few keys apart. */
function stepInterval(ms: number, faster: boolean): number {
  const next = faster ? ms / 2 : ms * 2;
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.round(next)));
}

export function reduce(s: ViewState, a: Action): ViewState {
  switch (a.type) {
    case 'view':
      return { ...s, view: a.view, scroll: 0 };
    case 'nextView': {
      const i = (VIEWS.indexOf(s.view) + a.step + VIEWS.length) % VIEWS.length;
      return { ...s, view: VIEWS[i], scroll: 0 };
    }
    case 'move': {
      const at = a.keys && s.selectedKey !== null ? a.keys.indexOf(s.selectedKey) : -1;
      const selected = Math.max(0, Math.min(a.rows - 1, (at >= 0 ? at : s.selected) + a.by));
      return { ...s, selected, selectedKey: a.keys?.[selected] ?? null, scroll: 0 };
    }
    case 'scroll':
      return { ...s, scroll: Math.max(0, s.scroll + a.by) };
    case 'sortNext': {
      const cols = SORT_COLUMNS[s.view];
      const cur = s.sort[s.view];
      const column = cols[(cols.indexOf(cur.column) + 1) % cols.length];
      return { ...s, sort: { ...s.sort, [s.view]: { ...cur, column } } };
    }
    case 'sortOrder': {
      const cur = s.sort[s.view];
      return { ...s, sort: { ...s.sort, [s.view]: { ...cur, order: cur.order === 'asc' ? 'desc' : 'asc' } } };
    }
    case 'help':
      return { ...s, help: !s.help };
    case 'pause':
      return { ...s, paused: !s.paused };
    case 'interval':
      return { ...s, intervalMs: stepInterval(s.intervalMs, a.faster) };
    case 'unit':
      return { ...s, unit: nextByteUnit(s.unit) };
    case 'nonZero':
      return { ...s, nonZeroOnly: !s.nonZeroOnly };
    case 'latencySeconds':
      return { ...s, latencySeconds: Math.max(1, Math.min(1800, s.latencySeconds + a.by)) };
    case 'prompt':
      return { ...s, prompt: a.prompt };
    case 'filterText':
      return { ...s, filter: { ...s.filter, [s.view]: a.text }, scroll: 0 };
    case 'message':
      return { ...s, message: a.text };
    case 'gone':
      return { ...s, showGone: !s.showGone, selected: 0, selectedKey: null, scroll: 0 };
  }
}
