/** Connections of the selected instance, like `ss`: sortable, filterable, with the daemon's total. */
import type { ConnList } from '../../stats/connections.js';
import { connRowsView } from '../state/tableViews.js';
import type { Sort } from '../state/viewState.js';
import type { Column } from './columns.js';
import type { Pen } from './paint.js';
import { scrollTableLines } from './table.js';

export interface ConnectionsViewProps {
  conns: ConnList | null;
  sort: Sort;
  filter: string;
  scroll: number;
  width: number;
  height: number;
  /** Replay of a recording that kept connection counts but no table. */
  states?: Record<string, number> | null;
  /** Replay: nothing is waited for, the recording has it or not. */
  replay?: boolean;
}

/** Numeric columns are as wide as their widest value (a number is never cut); addresses share the rest. */
const FIXED = [
  { title: 'TID', width: 7, align: 'right' as const },
  null,
  null,
  { title: 'STATE', width: 11 },
  { title: 'RECV-Q', width: 6, align: 'right' as const },
  { title: 'SEND-Q', width: 6, align: 'right' as const },
  { title: 'RCV-WND', width: 7, align: 'right' as const },
  { title: 'SND-WND', width: 7, align: 'right' as const },
  { title: 'CWND', width: 6, align: 'right' as const },
  { title: 'KEEPALIVE', width: 13 },
];

export function connectionsLines(
  pen: Pen,
  { conns, sort, filter, scroll, width, height, states = null, replay = false }: ConnectionsViewProps,
): string[] {
  if (!conns && states)
    return pen.text(
      `connections per state (recorded without the table; record --conn-table keeps it): ${
        Object.entries(states)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([state, n]) => `${state} ${n}`)
          .join(', ') || 'none'
      }`,
      undefined,
      width,
    );
  if (!conns)
    return pen.text(
      replay
        ? 'no connections in the recording up to here (record --conn-every N [--conn-table])'
        : 'waiting for the connection list...',
      { dim: true },
      width,
    );
  const rows = connRowsView(conns.rows, sort, filter).map((r, i) => ({
    key: String(i),
    cells: [r.tid, r.local, r.remote, r.state, r.recvQ, r.sendQ, r.rcvWnd, r.sndWnd, r.cwnd, r.keepalive].map(
      String,
    ),
  }));
  const widths = FIXED.map((c, i) =>
    c === null ? 0 : Math.max(c.width, ...rows.map((r) => (c.align === 'right' ? r.cells[i].length : 0))),
  );
  // every column but the two addresses, plus one separator per column
  const rest = widths.reduce((a, b) => a + b, 0) + FIXED.length;
  const addr = Math.max(21, Math.floor((width - 1 - rest) / 2));
  const columns: Column[] = FIXED.map((c, i) =>
    c === null ? { title: i === 1 ? 'LOCAL' : 'REMOTE', width: addr } : { ...c, width: widths[i] },
  );
  const listed = conns.rows.length;
  const note =
    conns.total > listed
      ? `(the daemon lists ${listed} of ${conns.total} connections)`
      : `${conns.total} connections`;
  return scrollTableLines(pen, columns, rows, { scroll, height, note, width: width - 1 });
}
