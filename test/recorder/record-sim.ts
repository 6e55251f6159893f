/** Records a running simulator through the poller, as `gazellectl record` does, for tests that read it back. */
import { strict as assert } from 'node:assert';
import { readRecording, type Item } from '../../src/recorder/reader.js';
import { Recorder } from '../../src/recorder/recorder.js';
import { pollerSource, type SampleSource } from '../../src/recorder/source.js';
import { RecordingWriter } from '../../src/recorder/writer.js';
import { startSimulator, type Simulator } from '../../src/sim/simulator.js';
import { join } from 'node:path';
import { lstackAt } from '../sim/helpers.js';

export interface RecordSimOptions {
  /** The recording's directory. */
  out: string;
  /** Samples to record: counted, not timed, so that a loaded machine records as many. */
  samples: number;
  maxSize: number;
  keyEvery: number;
  connEvery: number;
}

/** Polls every instance in `runDir` each 200 ms until `o.samples` are written, then returns what the recording holds. */
export async function recordSim(runDir: string, o: RecordSimOptions): Promise<Item[]> {
  const source = pollerSource({ runDir, prefixes: null, timeoutMs: 2000 });
  let polled = 0;
  let enough: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (enough = resolve));
  const counted: SampleSource = {
    get snmpFields() {
      return source.snmpFields;
    },
    poll: async (what) => {
      const r = await source.poll(what);
      if (++polled >= o.samples) enough();
      return r;
    },
    close: () => source.close(),
  };
  const writer = new RecordingWriter({
    dir: o.out,
    maxSize: o.maxSize,
    retainMs: Infinity,
    keyEvery: o.keyEvery,
    deflate: false,
    log: (l) => assert.fail(l),
  });
  const rec = new Recorder({
    source: counted,
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
  await Promise.race([done, running]);
  rec.stop();
  await running;
  return [...readRecording(o.out, assert.fail)];
}

/**
 * One simulated lstack (`prefix`, `stacks` threads) in `<root>/run/`, to be recorded into
 * `<root>/rec`; the simulator is closed however `body` ends.
 */
export async function withSimToRecord<T>(
  root: string,
  prefix: string,
  stacks: number,
  body: (s: { runDir: string; out: string; sim: Simulator }) => Promise<T>,
): Promise<T> {
  const runDir = join(root, 'run') + '/';
  const sim = await startSimulator({ runDir, instances: [lstackAt(prefix, stacks)] });
  try {
    return await body({ runDir, out: join(root, 'rec'), sim });
  } finally {
    await sim.close();
  }
}
