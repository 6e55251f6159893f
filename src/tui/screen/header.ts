/** Title line and one line per instance: mode, profile, stacks, loglevel, lowpower, connection state. */
import type { InstanceData } from '../state/instanceData.js';
import { loglevelName } from '../../model/loglevel.js';
import { label } from '../../monitor/label.js';
import type { Pen, Segment } from './paint.js';
import { tableLines, type TableRow } from './table.js';
import type { Column } from './columns.js';
import type { ReplayStatus } from '../data/replayController.js';
import type { PausedAt } from '../data/controller.js';
import { replayClock } from '../../replay/when.js';

export interface HeaderProps {
  runDir: string;
  profile: string;
  instances: readonly InstanceData[];
  /** Instances whose daemon is gone, shown as one line. */
  folded?: number;
  intervalMs: number;
  paused: boolean;
  /** The frame frozen by a pause (until fresh data after the resume): states are as of then. */
  frozen?: PausedAt;
  now: number;
  selectedPrefix: string | null;
  width: number;
  /** `top --replay`: the position in the recording instead of the wall clock. */
  replay?: ReplayStatus;
}

/** The title line of a replay: the recorded time shown (UTC, as `report`), playback, and a gap. */
function replayTitle(r: ReplayStatus, intervalMs: number): Segment[] {
  const hhmmss = (ms: number): string => replayClock(ms).slice(11);
  const state = r.playing ? `PLAYING ${r.speed}x` : `PAUSED (${r.speed}x)`;
  return [
    ['gazellectl top', { bold: true, color: 'cyan' }],
    '  ',
    [`REPLAY ${replayClock(r.t, intervalMs < 1000)} UTC`, { bold: true, inverse: true }],
    [`  ${state}`, { color: r.playing ? 'green' : 'yellow', bold: true }],
    `  ${replayClock(r.first)} .. ${hhmmss(r.last)}${r.atEnd ? '  END' : ''}`,
    ...(r.gap
      ? [
          [
            `  GAP ${hhmmss(r.gap.from)}..${hhmmss(r.gap.to)}: ${r.gap.reason}`,
            { color: 'red', bold: true },
          ] as const,
        ]
      : []),
    ['   ? help', { dim: true }],
  ];
}

/** An instance whose last good answer is older than this many intervals is shown as stale. */
const STALE_INTERVALS = 3;

export function linkState(
  inst: InstanceData,
  now: number,
  intervalMs: number,
): { text: string; color: string } {
  if (inst.status === 'connecting') return { text: 'connecting', color: 'yellow' };
  if (inst.status === 'down') {
    const age = inst.lastOkAt === null ? '' : ` (stale ${Math.round((now - inst.lastOkAt) / 1000)}s)`;
    return { text: `disconnected${age}: ${inst.error ?? ''}`, color: 'red' };
  }
  if (inst.lastOkAt !== null && now - inst.lastOkAt > STALE_INTERVALS * intervalMs + 1000) {
    return { text: `stale ${Math.round((now - inst.lastOkAt) / 1000)}s`, color: 'yellow' };
  }
  if (inst.resetAt !== null && now - inst.resetAt < 10_000)
    return { text: 'connected (restarted: counters reset)', color: 'magenta' };
  return { text: 'connected', color: 'green' };
}

const hhmmss = (ms: number): string => new Date(ms).toTimeString().slice(0, 8);

/** Says the data is frozen, and read when: a paused frame is never taken for a live one. */
function pausedText(p: HeaderProps): string {
  const dataAt = p.frozen?.dataAt ?? null;
  const of = dataAt === null ? '' : ` (data of ${hhmmss(dataAt)})`;
  return p.paused ? `  PAUSED${of}` : `  RESUMING${of}`;
}

function liveTitle(p: HeaderProps): Segment[] {
  return [
    ['gazellectl top', { bold: true, color: 'cyan' }],
    `  ${p.runDir}  every ${(p.intervalMs / 1000).toFixed(2).replace(/\.?0+$/, '')}s  ${hhmmss(p.now)}`,
    ...(p.paused || p.frozen ? [[pausedText(p), { color: 'yellow', bold: true }] as const] : []),
    ['   ? help  q quit', { dim: true }],
  ];
}

export function headerLines(pen: Pen, p: HeaderProps): string[] {
  const columns: Column[] = [
    { title: 'INSTANCE', width: 10 },
    { title: 'MODE', width: 6 },
    { title: 'PROFILE', width: 8 },
    { title: 'STACKS', width: 6, align: 'right' },
    { title: 'LOGLEVEL', width: 8 },
    { title: 'LOWPOWER', width: 8 },
    { title: 'STATE', width: Math.max(10, p.width - 53) },
  ];
  const rows: TableRow[] = p.instances.map((inst) => {
    const first = inst.rows[0]?.sample;
    const state = linkState(inst, p.frozen?.at ?? p.now, p.intervalMs);
    return {
      key: inst.prefix,
      color: state.color === 'green' ? undefined : state.color,
      bold: inst.prefix === p.selectedPrefix,
      cells: [
        label(inst.prefix),
        inst.daemon ?? '-',
        inst.profile ?? (p.profile === 'auto' ? '-' : p.profile),
        inst.status === 'connecting' ? '-' : String(inst.rows.length),
        first ? loglevelName(first.loglevel) : '-',
        first ? (first.lowPower ? 'on' : 'off') : '-',
        state.text,
      ],
    };
  });
  const out = [pen.line(p.replay ? replayTitle(p.replay, p.intervalMs) : liveTitle(p), undefined, p.width)];
  if (rows.length) out.push(...tableLines(pen, columns, rows, { width: p.width - 1 }));
  if (p.folded)
    out.push(
      ...pen.text(
        `${p.folded} stale socket${p.folded === 1 ? '' : 's'} — daemon gone (g: list them)`,
        { dim: true },
        p.width,
      ),
    );
  if (!rows.length && !p.folded)
    out.push(
      ...pen.text(
        `no instances found in ${p.runDir} (waiting for a control socket: *lstack_cmd.sock, *ltran_cmd.sock, *gazelle_client.sock, *gazelle_cmd.sock)`,
        { color: 'yellow' },
        p.width,
      ),
    );
  return out;
}
