/** A latency measurement of the selected instance: START, wait N s, STOP, SHOW; per-stage table. */
import type { LatencyState } from '../state/instanceData.js';
import { right } from './columns.js';
import type { Pen } from './paint.js';
import { tableLines } from './table.js';

export interface LatencyViewProps {
  latency: LatencyState | null;
  seconds: number;
  now: number;
  width: number;
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

export function latencyLines(pen: Pen, { latency, seconds, now, width }: LatencyViewProps): string[] {
  const status = !latency
    ? `press m to measure for ${seconds} s ([ and ] change it)`
    : latency.status === 'running'
      ? `measuring... ${Math.max(0, Math.ceil(latency.seconds - (now - latency.startedAt) / 1000))} s left`
      : latency.status === 'failed'
        ? `measurement failed: ${latency.error}`
        : latency.status === 'unchanged'
          ? `no new measurement: the daemon answered its previous table unchanged (m: again for ${seconds} s)`
          : `measured over ${latency.seconds} s (m: again for ${seconds} s)`;
  const color = latency?.status === 'failed' ? 'red' : latency?.status === 'unchanged' ? 'yellow' : undefined;
  const out = pen.text(status, { color }, width);
  if (latency && latency.status === 'done')
    out.push(
      ...tableLines(
        pen,
        columns,
        latency.stages.map((s) => ({
          key: s.stage,
          cells: [s.stage, String(s.pkts), show(s.min), show(s.avg), show(s.max)],
        })),
        { width },
      ),
    );
  return out;
}
