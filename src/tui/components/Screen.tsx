/** The whole frame, pure over the data snapshot, the view state and the terminal size. */
import { Box, Text } from 'ink';
import type { TopSnapshot } from '../data/controller.js';
import { lineKey, selectable, selectionOf, stackLines } from '../state/stackLines.js';
import type { ViewState } from '../state/viewState.js';
import { ConnectionsView } from './ConnectionsView.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { HelpOverlay } from './HelpOverlay.js';
import { LatencyView } from './LatencyView.js';
import { NicView } from './NicView.js';
import { SnmpView } from './SnmpView.js';
import { StacksView } from './StacksView.js';
import { MIN_COLUMNS, MIN_ROWS, TooSmall } from './TooSmall.js';
import { ViewTabs } from './ViewTabs.js';
import { ThreadsView } from './ThreadsView.js';
import { threadLines } from '../state/threadLines.js';
import type { InstanceData } from '../state/instanceData.js';
import { replayClock } from '../../replay/when.js';

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
  /**
   * Fill the terminal but its last line (live app); a `--once` frame is only as tall as its content.
   * ink 6 draws a frame as tall as the terminal by clearing the screen and writing all of it on
   * every render, changed or not; a shorter one it updates line by line, and not when unchanged.
   */
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

export function Screen({ snapshot, view, columns, rows, now, runDir, profile, fill = true }: ScreenProps) {
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return <TooSmall columns={columns} rows={rows} />;
  const { lines, selection } = layoutOf(snapshot, view);
  const { instances, folded } = visibleInstances(snapshot, view);
  const inst = instances.find((i) => i.prefix === selection.prefix) ?? null;
  // Title + header table (title line + one per instance + the fold line) + tabs + footer.
  const headerLines = Math.max(1, instances.length + (folded ? 1 : 0));
  // The body leaves the terminal's last line free.
  const bodyHeight = Math.max(3, rows - (3 + headerLines) - 2);
  const sort = view.sort[view.view];
  const filter = view.filter[view.view];
  const replay = snapshot.replay;
  const counterTable = {
    sort,
    filter,
    nonZeroOnly: view.nonZeroOnly,
    scroll: view.scroll,
    height: bodyHeight,
  };
  let body;
  switch (view.view) {
    case 'stacks':
      body = (
        <StacksView
          lines={lines}
          selected={selection.line}
          unit={view.unit}
          history={inst?.history[selection.historyKey] ?? []}
          width={columns}
          height={bodyHeight}
          sortKey={view.sort.stacks.column}
        />
      );
      break;
    case 'connections':
      body = (
        <ConnectionsView
          conns={inst?.conns ?? null}
          sort={sort}
          filter={filter}
          scroll={view.scroll}
          width={columns}
          height={bodyHeight}
          states={inst?.connStates?.counts ?? null}
          replay={replay !== undefined}
        />
      );
      break;
    case 'snmp':
      body = <SnmpView rows={inst?.snmp?.rows ?? null} {...counterTable} />;
      break;
    case 'latency':
      body = <LatencyView latency={inst?.latency ?? null} seconds={view.latencySeconds} now={now} />;
      break;
    case 'threads':
      body = <ThreadsView lines={threadLines(inst)} scroll={view.scroll} height={bodyHeight} />;
      break;
    case 'nic':
      body = <NicView nic={inst?.nic ?? null} ltran={inst?.daemon === 'ltran'} {...counterTable} />;
      break;
  }
  return (
    <Box flexDirection="column" width={columns} height={fill ? rows - 1 : undefined}>
      <Box flexDirection="column" flexShrink={0}>
        <Header
          runDir={runDir}
          profile={profile}
          instances={instances}
          folded={folded}
          intervalMs={view.intervalMs}
          paused={view.paused}
          frozen={snapshot.paused}
          now={now}
          selectedPrefix={selection.prefix}
          width={columns}
          replay={replay}
        />
        <ViewTabs view={view.view} sort={sort} filter={filter} />
      </Box>
      {/* When the tabs line wraps (a filter at 80 columns), the body gives up the line, not the header. */}
      <Box flexDirection="column" height={fill ? bodyHeight : undefined} overflowY="hidden">
        {view.help ? (
          <HelpOverlay replay={replay !== undefined} />
        ) : replay && LIVE_ONLY.has(view.view) ? (
          <Text dimColor>{`not in the recording: the ${view.view} view is read live only`}</Text>
        ) : replay && view.view === 'snmp' && !inst?.snmp ? (
          <Text dimColor>no SNMP counters in the recording up to here (record --snmp-every N)</Text>
        ) : replay && recordedAt(view.view, inst) !== null && recordedAt(view.view, inst) !== replay.t ? (
          <Box flexDirection="column">
            <Text color="yellow">{`recorded at ${replayClock(recordedAt(view.view, inst)!, view.intervalMs < 1000)} UTC (the last ${view.view} sample before the cursor)`}</Text>
            {body}
          </Box>
        ) : (
          body
        )}
      </Box>
      <Box flexShrink={0}>
        <Footer prompt={view.prompt} message={view.message} />
      </Box>
    </Box>
  );
}
