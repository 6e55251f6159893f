/** rx/tx (and drop) packets per second of the selected stack or instance, newest on the right. */
import asciichart from 'asciichart';
import { lastPoints, type RatePoint } from '../../stats/history.js';
import { formatCount } from '../../stats/units.js';
import type { Pen } from './paint.js';

export interface ChartProps {
  title: string;
  series: readonly RatePoint[];
  width: number;
  height: number;
}

/** Width of asciichart's y-axis labels plus the axis itself. */
const AXIS = 10;

// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[(\d+)m/g;

/**
 * asciichart wraps every plotted character in its own colour and reset. One escape per run of the
 * same colour draws the same with a fraction of the bytes written to the terminal.
 */
export function mergeColorRuns(line: string): string {
  let out = '';
  let open = ''; // colour in effect in `out`
  let want = ''; // colour the next character should have
  let at = 0;
  const emit = (text: string): void => {
    if (!text) return;
    if (want !== open) {
      out += want ? `\x1b[${want}m` : '\x1b[0m';
      open = want;
    }
    out += text;
  };
  for (const m of line.matchAll(SGR)) {
    emit(line.slice(at, m.index));
    want = m[1] === '0' ? '' : m[1];
    at = m.index + m[0].length;
  }
  emit(line.slice(at));
  return open ? `${out}\x1b[0m` : out;
}

export function chartLines(pen: Pen, { title, series, width, height }: ChartProps): string[] {
  const points = lastPoints(series, Math.max(2, width - AXIS - 2));
  const header = pen.line(
    [
      [title, { bold: true }],
      ['  rx pkt/s', { color: 'green' }],
      ['  tx pkt/s', { color: 'blue' }],
      ['  drops/s', { color: 'red' }],
    ],
    undefined,
    width,
  );
  if (points.length < 2) return [header, pen.line('collecting history...', { dim: true }, width)];
  const chart = asciichart
    .plot([points.map((p) => p.rxPps), points.map((p) => p.txPps), points.map((p) => p.dropPs)], {
      height: Math.max(1, height - 2),
      colors: pen.color ? [asciichart.green, asciichart.blue, asciichart.red] : undefined,
      format: (x: number) => formatCount(Math.round(x)).padStart(AXIS - 2),
    })
    .split('\n');
  return [header, ...chart.map((row) => pen.line([mergeColorRuns(row)], undefined, width))];
}
