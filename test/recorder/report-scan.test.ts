import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import { readRecording, scanRecording } from '../../src/recorder/reader.js';
import { formatReport, summarise } from '../../src/recorder/report.js';
import { F, type Sample } from '../../src/recorder/sample.js';
import { header, synthetic, writerIn } from './fixtures.js';
import { tempDir } from '../support/run-dir.js';

/** Samples with everything the report looks for: down stretches, restarts, changes, a new stack. */
function eventful(count: number): Sample[] {
  const out = [...synthetic({ instances: 3, stacks: 4, count, snmpEvery: 5, seed: 7 })];
  for (let n = 20; n < 26; n++)
    out[n].instances[1] = { up: false, error: 'connect ECONNREFUSED', stacks: [] };
  for (let n = 40; n < count; n++)
    out[n].instances[0].stacks = out[n].instances[0].stacks.map((r) =>
      r
        .map((v, k) => (k > 1 && k < 12 ? v - out[39].instances[0].stacks[0][k] + 5 : v))
        .map((v) => Math.max(v, 0)),
    );
  for (let n = 50; n < count; n++) out[n].instances[2].stacks[1][F.loglevel] = 6;
  for (let n = 70; n < count; n++) out[n].instances[2].stacks.push([...out[n].instances[2].stacks[0]]);
  out[80].instances[2] = { up: false, stacks: [] };
  return out;
}

test('report over the in-place scanner is the report over decoded samples, for any range', () => {
  const { dir, cleanup } = tempDir('gzrec-scan-');
  try {
    const samples = eventful(120);
    for (const deflate of [false, true]) {
      const out = join(dir, String(deflate));
      const w = writerIn(out, { maxSize: 1 << 24, keyEvery: 7, deflate, log: assert.fail });
      const h = header(['a_', 'b_', 'c_']);
      for (const s of samples) w.append(s, h);
      w.close();
      const t0 = samples[0].t;
      for (const range of [
        {},
        { from: t0 + 22_500 },
        { from: t0 + 10_000, to: t0 + 75_000 },
        { to: t0 + 3000 },
      ]) {
        const viaSamples = summarise(readRecording(out, () => undefined, range));
        const viaScanner = summarise(scanRecording(out, () => undefined, range));
        assert.deepEqual(viaScanner, viaSamples);
        assert.equal(formatReport(viaScanner), formatReport(viaSamples));
      }
      const full = summarise(scanRecording(out, () => undefined));
      const [a, b, c] = full.instances;
      // the fixture really has what the comparison is about
      assert.equal(b.gaps.length, 1);
      assert.ok(a.restarts.length >= 1 && c.restarts.length >= 1, JSON.stringify([a.restarts, c.restarts]));
      assert.ok(c.changes.some((x) => x.what === 'loglevel'));
      assert.equal(c.stacks.length, 5);
    }
  } finally {
    cleanup();
  }
});
