/** 24 h of 8 instances x 8 stacks at 1 s, SNMP every 10th sample, written by the real writer. */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingWriter } from '../src/recorder/writer.js';
import { header, synthetic } from '../test/recorder/fixtures.js';

export const DAY_INSTANCES = 8;
export const DAY_STACKS = 8;
/** The day's first sample time and its number of samples (one a second). */
export const DAY_START = 1_795_000_000_000;
export const DAY_SAMPLES = 86_400;

/** A temp dir holding the day (the caller removes it) and its size on disk. */
export function writeDayRecording(prefix: string): { dir: string; bytes: number } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const h = header(Array.from({ length: DAY_INSTANCES }, (_, i) => `i${i}_`));
  const w = new RecordingWriter({
    dir,
    maxSize: 1 << 30,
    retainMs: Infinity,
    keyEvery: 60,
    deflate: false,
    log: (l) => console.error(l),
    sync: false,
  });
  const count = DAY_SAMPLES;
  const start = DAY_START;
  for (const s of synthetic({ instances: DAY_INSTANCES, stacks: DAY_STACKS, count, start, snmpEvery: 10 }))
    w.append(s, h);
  w.close();
  return { dir, bytes: readdirSync(dir).reduce((a, n) => a + statSync(join(dir, n)).size, 0) };
}
