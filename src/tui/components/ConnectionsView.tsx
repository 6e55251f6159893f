/** Connections of the selected instance, like `ss`: sortable, filterable, with the daemon's total. */
import { Text } from 'ink';
import type { ConnList } from '../../stats/connections.js';
import { connRowsView } from '../state/tableViews.js';
import type { Sort } from '../state/viewState.js';
import type { Column } from './columns.js';
import { ScrollTable } from './ScrollTable.js';

export interface ConnectionsViewProps {
  conns: ConnList | null;
  sort: Sort;
  filter: string;
  scroll: number;
  width: number;
  height: number;
}

/** The other columns and separators take 73 characters; addresses share the rest. */
const addrWidth = (width: number): number => Math.max(21, Math.floor((width - 74) / 2));

export function ConnectionsView({ conns, sort, filter, scroll, width, height }: ConnectionsViewProps) {
  if (!conns) return <Text dimColor>waiting for the connection list...</Text>;
  const columns: Column[] = [
    { title: 'TID', width: 7, align: 'right' },
    { title: 'LOCAL', width: addrWidth(width) },
    { title: 'REMOTE', width: addrWidth(width) },
    { title: 'STATE', width: 11 },
    { title: 'RECV-Q', width: 6, align: 'right' },
    { title: 'SEND-Q', width: 6, align: 'right' },
    { title: 'RCV-WND', width: 7, align: 'right' },
    { title: 'SND-WND', width: 7, align: 'right' },
    { title: 'CWND', width: 6, align: 'right' },
    { title: 'KEEPALIVE', width: 13 },
  ];
  const rows = connRowsView(conns.rows, sort, filter).map((r, i) => ({
    key: String(i),
    cells: [r.tid, r.local, r.remote, r.state, r.recvQ, r.sendQ, r.rcvWnd, r.sndWnd, r.cwnd, r.keepalive].map(
      String,
    ),
  }));
  const listed = conns.rows.length;
  const note =
    conns.total > listed
      ? `(the daemon lists ${listed} of ${conns.total} connections)`
      : `${conns.total} connections`;
  return (
    <ScrollTable
      columns={columns}
      rows={rows}
      scroll={scroll}
      height={height}
      note={note}
      width={width - 1}
    />
  );
}
