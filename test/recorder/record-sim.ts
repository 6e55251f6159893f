/** Records a running simulator through the poller, as `gazellectl record` does, for tests that read it back. */
import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { readRecording, type Item } from '../../src/recorder/reader.js';
import { Recorder } from '../../src/recorder/recorder.js';
import { pollerSource } from '../../src/recorder/source.js';
import { RecordingWriter } from '../../src/recorder/writer.js';

export interface RecordSimOptions {
  /** The recording's directory. */
  out: string;
  ms: number;
  maxSize: number;
  keyEvery: number;
  connEvery: number;
}

/** Polls every instance in `runDir` each 200 ms for `o.ms`, then returns what the recording holds. */
export async function recordSim(runDir: string, o: RecordSimOptions): Promise<Item[]> {
  const writer = new RecordingWriter({
    dir: o.out,
    maxSize: o.maxSize,
    retainMs: Infinity,
    keyEvery: o.keyEvery,
    deflate: false,
    log: (l) => assert.fail(l),
  });
  const rec = new Recorder({
    source: pollerSource({ runDir, prefixes: null, timeoutMs: 2000 }),
    writer,
    tool: '0.0.0-test',
    profile: 'auto',
    arch: 'x86_64',
    runDir,
    intervalMs: 200,
    snmpEvery: 0,
    connEvery: o.connEvery,
    connTable: false,
  });
  const running = rec.run();
  await sleep(o.ms);
  rec.stop();
  await running;
  return [...readRecording(o.out, assert.fail)];
}
