/** A latency measurement of the selected instance: START, wait N s, STOP, SHOW; per-stage table. */
import { Box } from 'ink';
import { Line } from './Line.js';
import type { LatencyState } from '../state/instanceData.js';
import { Table } from './Table.js';
import { right } from './columns.js';

export interface LatencyViewProps {
  latency: LatencyState | null;
  seconds: number;
  now: number;
}

const columns = [
  { title: 'STAGE', width: 30 },
  right('PKTS', 12),
  right('MIN us', 10),
  right('AVG us', 10),
  right('MAX us', 10),
];

const show = (v: bigint | number | null): string =>
  v === null ? '-' : typeof v === 'number' ? v.toFixed(2) : String(v);

export function LatencyView({ latency, seconds, now }: LatencyViewProps) {
  const status = !latency
    ? `press m to measure for ${seconds} s ([ and ] change it)`
    : latency.status === 'running'
      ? `measuring... ${Math.max(0, Math.ceil(latency.seconds - (now - latency.startedAt) / 1000))} s left`
      : latency.status === 'failed'
        ? `measurement failed: ${latency.error}`
        : latency.status === 'unchanged'
          ? `no new measurement: the daemon answered its previous table unchanged (m: again for ${seconds} s)`
          : `measured over ${latency.seconds} s (m: again for ${seconds} s)`;
  return (
    <Box flexDirection="column">
      <Line
        style={{
          color:
            latency?.status === 'failed' ? 'red' : latency?.status === 'unchanged' ? 'yellow' : undefined,
        }}
      >
        {status}
      </Line>
      {latency && latency.status === 'done' ? (
        <Table
          columns={columns}
          rows={latency.stages.map((s) => ({
            key: s.stage,
            cells: [s.stage, String(s.pkts), show(s.min), show(s.avg), show(s.max)],
          }))}
        />
      ) : null}
    </Box>
  );
}
