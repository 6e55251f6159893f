/**
 * `top --replay` rows, over 24 h of 8 instances x 8 stacks at 1 s (SNMP every 10th sample, a key
 * sample every 60, written by the real writer), from dist/ as the CLI runs it:
 * - seek to a random time: the state at that sample with its 5 minutes of chart history (what `g`
 *   and --at do), median and p95 against the 100 ms target; most seeks open another segment (read
 *   and checked); the CPU time beside the wall time tells a loaded machine from a slow seek;
 * - the same seek against folding every sample from the start of the recording (what replay would
 *   cost without key samples), one hour in;
 * - one step forward (what playback does per sample).
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { median, root, type Row } from './lib.js';
import { DAY_SAMPLES, DAY_START, writeDayRecording } from './day-recording.js';

const HISTORY_MS = 5 * 60_000;
const MB = 1024 * 1024;
/** Seeks measured (spread over the day, most into a segment not read yet): enough for a p95. */
const SEEKS = 41;

/** The value below which 95% of the measurements are (nearest rank). */
function p95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
}

export async function replayRows(): Promise<Row[]> {
  const { Recording } = (await import(
    join(root, 'dist/replay/recording.js')
  )) as typeof import('../src/replay/recording.js');
  const { ReplayCursor } = (await import(
    join(root, 'dist/replay/cursor.js')
  )) as typeof import('../src/replay/cursor.js');
  const { ReplayFold } = (await import(
    join(root, 'dist/replay/fold.js')
  )) as typeof import('../src/replay/fold.js');
  const { dir, bytes } = writeDayRecording('gz-replay-24h-');
  try {
    const count = DAY_SAMPLES;
    const start = DAY_START;
    const source = new Recording(dir);
    const cursor = new ReplayCursor(source, HISTORY_MS);
    const seekMs: number[] = [];
    const seekCpuMs: number[] = [];
    for (let i = 0; i < SEEKS; i++) {
      const at = start + ((i * 7919) % count) * 1000 + 500;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      cursor.seek(at);
      cursor.view();
      seekMs.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      seekCpuMs.push((c.user + c.system) / 1000);
      if (cursor.t !== Math.max(start, Math.floor((at - start) / 1000) * 1000 + start))
        throw new Error(`seek to ${at} landed at ${cursor.t}`);
    }
    // one hour in: seek vs folding everything from the start
    const hourIn = start + 3_600_000;
    const seekHour: number[] = [];
    const foldHour: number[] = [];
    for (let i = 0; i < 3; i++) {
      let t0 = performance.now();
      cursor.seek(hourIn);
      cursor.view();
      seekHour.push(performance.now() - t0);
      t0 = performance.now();
      const fold = new ReplayFold(HISTORY_MS);
      for (const item of source.items(start, hourIn))
        if (item.kind === 'sample') fold.apply(item.sample, item.header);
      fold.snapshot();
      foldHour.push(performance.now() - t0);
    }
    const stepMs: number[] = [];
    cursor.seek(start + 40_000_000);
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      cursor.stepForward();
      cursor.view();
      stepMs.push(performance.now() - t0);
    }
    const seek = median(seekMs);
    const what = `24 h of 8x8 stacks, ${(bytes / MB).toFixed(0)} MB in ${readdirSync(dir).length} segments`;
    return [
      [
        `replay: seek to any time (${what}), median vs 100 ms target`,
        seek / 100,
        `${seek.toFixed(1)} ms (median of ${SEEKS}; CPU ${median(seekCpuMs).toFixed(1)} ms)`,
      ],
      [
        `replay: seek to any time, p95 vs 100 ms target`,
        p95(seekMs) / 100,
        `${p95(seekMs).toFixed(1)} ms (p95 of ${SEEKS}, max ${Math.max(...seekMs).toFixed(1)} ms; CPU p95 ${p95(seekCpuMs).toFixed(1)} ms)`,
      ],
      [
        `replay: seek 1 h in vs folding from the recording's start`,
        median(seekHour) / median(foldHour),
        `${median(seekHour).toFixed(1)} ms vs ${median(foldHour).toFixed(0)} ms`,
      ],
      [
        `replay: one step forward vs 100 ms target`,
        median(stepMs) / 100,
        `${median(stepMs).toFixed(2)} ms (median of 200)`,
      ],
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
