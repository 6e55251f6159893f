/**
 * The whole frame as lines, pure over the data snapshot, the view state and the terminal size:
 * header, view tabs, the view's body, footer. The live app fills the terminal but its last line
 * with it; a `--once` frame is only as tall as its content.
 */
import type { TopSnapshot } from '../data/controller.js';
import { lineKey, selectable, selectionOf, stackLines } from '../state/stackLines.js';
import type { ViewState } from '../state/viewState.js';
import { threadLines } from '../state/threadLines.js';
import type { InstanceData } from '../state/instanceData.js';
import { replayClock } from '../../replay/when.js';
import { footerLines, tabsLines } from './bars.js';
import { connectionsLines } from './connections.js';
import { nicLines, snmpLines } from './counters.js';
import { headerLines } from './header.js';
import { helpLines } from './help.js';
import { latencyLines } from './latency.js';
import type { Pen } from './paint.js';
import { stacksLines } from './stacks.js';
import { threadsLines } from './threads.js';

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 16;

/** Views whose data `record` does not keep. */
const LIVE_ONLY = new Set(['latency', 'nic', 'threads']);

/** When the SNMP / connection data shown in replay was recorded (they are kept every Nth sample). */
function recordedAt(view: string, inst: InstanceData | null): number | null {
  if (!inst) return null;
  if (view === 'snmp') return inst.snmp?.at ?? null;
  if (view === 'connections') return inst.conns?.at ?? inst.connStates?.at ?? null;
  return null;
}

export interface ScreenProps {
  snapshot: TopSnapshot;
  view: ViewState;
  columns: number;
  rows: number;
  now: number;
  runDir: string;
  profile: string;
  /** Fill the terminal but its last line (live app); a `--once` frame is only as tall as its content. */
  fill?: boolean;
}

/**
 * The instances on screen: live ones first, those whose daemon is gone (stale socket files, of
 * which a host can have hundreds) after them, or folded into one line unless unfolded.
 */
export function visibleInstances(snapshot: TopSnapshot, view: ViewState) {
  const live = snapshot.instances.filter((i) => !i.gone);
  const gone = snapshot.instances.filter((i) => i.gone);
  return { instances: view.showGone ? [...live, ...gone] : live, folded: view.showGone ? 0 : gone.length };
}

/** The stack lines and what is selected: shared by the screen and the key handling. */
export function layoutOf(snapshot: TopSnapshot, view: ViewState) {
  const { instances } = visibleInstances(snapshot, view);
  const lines = stackLines(instances, view.sort.stacks, view.filter.stacks);
  const rows = selectable(lines);
  const selection = selectionOf(lines, view.selected, view.selectedKey);
  const instanceRows = rows.flatMap((l, i) => (l.kind === 'instance' ? [i] : []));
  return { lines, rows, selection, instanceRows, keys: rows.map(lineKey) };
}

export type Layout = ReturnType<typeof layoutOf>;

/** What the body is drawn from: the frame's props, its layout, the selected instance, the height it may use. */
interface Body {
  pen: Pen;
  p: ScreenProps;
  layout: Layout;
  inst: InstanceData | null;
  height: number;
}

/** The view's own lines. */
function viewLines({ pen, p, layout, inst, height }: Body): string[] {
  const { view, columns: width, snapshot, now } = p;
  const sort = view.sort[view.view];
  const filter = view.filter[view.view];
  const counters = { sort, filter, nonZeroOnly: view.nonZeroOnly, scroll: view.scroll, height };
  switch (view.view) {
    case 'stacks':
      return stacksLines(pen, {
        lines: layout.lines,
        selected: layout.selection.line,
        unit: view.unit,
        history: inst?.history[layout.selection.historyKey] ?? [],
        width,
        height,
        sortKey: view.sort.stacks.column,
      });
    case 'connections':
      return connectionsLines(pen, {
        conns: inst?.conns ?? null,
        sort,
        filter,
        scroll: view.scroll,
        width,
        height,
        states: inst?.connStates?.counts ?? null,
        replay: snapshot.replay !== undefined,
      });
    case 'snmp':
      return snmpLines(pen, inst?.snmp?.rows ?? null, counters, width);
    case 'latency':
      return latencyLines(pen, { latency: inst?.latency ?? null, seconds: view.latencySeconds, now, width });
    case 'threads':
      return threadsLines(pen, threadLines(inst), { scroll: view.scroll, height, width });
    case 'nic':
      return nicLines(pen, inst?.nic ?? null, inst?.daemon === 'ltran', counters, width);
  }
}

/** The body: help, what replay cannot show, or the view (with when its data was recorded). */
function bodyLines(body: Body): string[] {
  const { pen, p, inst } = body;
  const { view, columns: width } = p;
  const replay = p.snapshot.replay;
  if (view.help) return helpLines(pen, replay !== undefined, width);
  if (replay && LIVE_ONLY.has(view.view))
    return pen.text(`not in the recording: the ${view.view} view is read live only`, { dim: true }, width);
  if (replay && view.view === 'snmp' && !inst?.snmp)
    return pen.text(
      'no SNMP counters in the recording up to here (record --snmp-every N)',
      { dim: true },
      width,
    );
  const at = replay ? recordedAt(view.view, inst) : null;
  if (replay && at !== null && at !== replay.t)
    return [
      ...pen.text(
        `recorded at ${replayClock(at, view.intervalMs < 1000)} UTC (the last ${view.view} sample before the cursor)`,
        { color: 'yellow' },
        width,
      ),
      ...viewLines(body),
    ];
  return viewLines(body);
}

/** The frame's lines; `layout` is layoutOf(snapshot, view) when the caller has it already. */
export function screenLines(
  pen: Pen,
  p: ScreenProps,
  layout: Layout = layoutOf(p.snapshot, p.view),
): string[] {
  const { snapshot, view, columns, rows, now, fill = true } = p;
  if (columns < MIN_COLUMNS || rows < MIN_ROWS)
    return pen.text(
      `Terminal too small (${columns}x${rows}); gazellectl top needs at least ${MIN_COLUMNS}x${MIN_ROWS}. Enlarge it or press q.`,
      { color: 'yellow' },
      columns,
    );
  const { instances, folded } = visibleInstances(snapshot, view);
  const inst = instances.find((i) => i.prefix === layout.selection.prefix) ?? null;
  // Title + header table (title line + one per instance + the fold line) + tabs + footer.
  const headerCount = Math.max(1, instances.length + (folded ? 1 : 0));
  // The body leaves the terminal's last line free.
  const bodyHeight = Math.max(3, rows - (3 + headerCount) - 2);
  const top = [
    ...headerLines(pen, {
      runDir: p.runDir,
      profile: p.profile,
      instances,
      folded,
      intervalMs: view.intervalMs,
      paused: view.paused,
      frozen: snapshot.paused,
      now,
      selectedPrefix: layout.selection.prefix,
      width: columns,
      replay: snapshot.replay,
    }),
    // When the tabs line wraps (a filter at 80 columns), the body gives up the line, not the header.
    ...tabsLines(pen, view.view, view.sort[view.view], view.filter[view.view], columns),
  ];
  const bottom = footerLines(pen, view.prompt, view.message, columns);
  let body = bodyLines({ pen, p, layout, inst, height: bodyHeight });
  if (fill) {
    const room = Math.max(0, Math.min(bodyHeight, rows - 1 - top.length - bottom.length));
    body = body.slice(0, room);
    while (body.length < room) body.push('');
    // More instances than rows: the frame is cut at the last row but one, as the body is, rather
    // than running into the rows the terminal does not have.
    return [...top, ...body, ...bottom].slice(0, rows - 1);
  }
  return [...top, ...body, ...bottom];
}
