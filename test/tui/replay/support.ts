/** Recordings written by the real writer for the replay tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sample } from '../../../src/recorder/sample.js';
import { RecordingWriter } from '../../../src/recorder/writer.js';
import { header } from '../../recorder/fixtures.js';

export function writeRecording(
  samples: Iterable<Sample>,
  prefixes: string[],
  opts: { keyEvery?: number; intervalMs?: number } = {},
): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gz-replay-'));
  const w = new RecordingWriter({
    dir: join(dir, 'rec'),
    maxSize: 1 << 30,
    retainMs: Infinity,
    keyEvery: opts.keyEvery ?? 60,
    deflate: false,
    log: (l) => {
      throw new Error(l);
    },
    sync: false,
  });
  const h = header(prefixes, { intervalMs: opts.intervalMs ?? 1000 });
  for (const s of samples) w.append(s, h);
  w.close();
  return { dir: join(dir, 'rec'), done: () => rmSync(dir, { recursive: true, force: true }) };
}
