import { strict as assert } from 'node:assert';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { wireFor } from '../../src/protocol/profiles.js';
import { readRecording, type Item } from '../../src/recorder/reader.js';
import { toOpenMetrics } from '../../src/recorder/openmetrics.js';
import { Recorder } from '../../src/recorder/recorder.js';
import { summarise } from '../../src/recorder/report.js';
import { F, type Sample } from '../../src/recorder/sample.js';
import { pollerSource } from '../../src/recorder/source.js';
import { RecordingWriter } from '../../src/recorder/writer.js';
import { parseScript, runScript } from '../../src/sim/script.js';
import { classicText } from './fixtures.js';
import { startSimulator } from '../../src/sim/simulator.js';
import { withSimToRecord } from './record-sim.js';
import { tempDir } from '../support/run-dir.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'run.js');
const wire = wireFor('v1.0.3');
const INTERVAL = 250;

const samplesIn = (items: Item[]): Sample[] => items.flatMap((i) => (i.kind === 'sample' ? [i.sample] : []));

/** Records the simulator's scripted incident for `ms`; returns the recording dir and the script start. */
async function recordIncident(root: string, ms: number): Promise<{ out: string; start: number }> {
  const runDir = join(root, 'run') + '/';
  const out = join(root, 'rec');
  const sim = await startSimulator({
    runDir,
    instances: [
      { prefix: 'a_', mode: 'lstack', stacks: 2, clients: 1 },
      { prefix: 'b_', mode: 'ltran', stacks: 2, clients: 1 },
    ],
    ltranCloseDelayMs: 5,
  });
  const steps = parseScript(`
    2 burst 20 1.5s instance=a_ stack=1
    4 drop 0.5 1s instance=a_
    6 down 2s instance=a_
    9.5 restart instance=a_
  `);
  const start = Date.now();
  const cancel = runScript(sim, steps);
  const writer = new RecordingWriter({
    dir: out,
    maxSize: 50 << 20,
    retainMs: Infinity,
    keyEvery: 20,
    deflate: false,
    log: (l) => assert.fail(l),
  });
  const rec = new Recorder({
    source: pollerSource({ runDir, prefixes: null, wire, timeoutMs: 1000 }),
    writer,
    tool: '0.0.0-test',
    profile: 'v1.0.3',
    arch: 'x86_64',
    runDir,
    intervalMs: INTERVAL,
    snmpEvery: 4,
    connEvery: 8,
    connTable: false,
  });
  const running = rec.run();
  await sleep(ms);
  rec.stop();
  await running;
  cancel();
  await sim.close();
  return { out, start };
}

const within = (t: number | null, lo: number, hi: number, what: string): void => {
  assert.ok(t !== null && t >= lo && t <= hi, `${what}: ${t === null ? 'none' : t - lo} ms from ${lo}`);
};

test('a scripted incident is found by the report at its times, and exports to Prometheus', async (t) => {
  const { dir, cleanup: done } = tempDir('gzrec-');
  try {
    const { out, start } = await recordIncident(dir, 11_500);
    const notes: string[] = [];
    const items = [...readRecording(out, (n) => notes.push(n))];
    assert.deepEqual(notes, []);
    const report = summarise(items);
    const a = report.instances.find((i) => i.instance === 'a_')!;
    const b = report.instances.find((i) => i.instance === 'b_')!;
    assert.equal(a.daemon, 'lstack');
    assert.equal(b.daemon, 'ltran');
    // An event shows in the sample that closes its interval: up to one interval late, or one poll late
    // when a poll takes longer than an interval (a loaded machine). The longest step between two
    // recorded samples bounds that.
    const times = samplesIn(items).map((s) => s.t);
    const longestStep = Math.max(...times.slice(1).map((t, i) => t - times[i]));
    const slack = Math.max(2 * INTERVAL, longestStep + INTERVAL) + 150;
    // burst on stack 1 only, x20: its rx peak falls in the burst and stands far above stack 0's
    const s1 = a.stacks[1];
    within(s1.rxPps.peakAt, start + 2000, start + 3500 + slack, 'rx peak');
    assert.ok(s1.rxPps.peak > 3 * a.stacks[0].rxPps.peak, `${s1.rxPps.peak} vs ${a.stacks[0].rxPps.peak}`);
    // drop storm on every stack of a_
    for (const s of a.stacks) {
      within(s.drops.worstAt, start + 4000, start + 5000 + slack, `stack ${s.stack} worst drops`);
      assert.ok(s.drops.worst > 1000, `worst drops ${s.drops.worst}/s`);
      within(s.allocFailures.worstAt, start + 4000, start + 5000 + slack, 'worst alloc failures');
    }
    // down 6 s .. 8 s: one gap with the error, then the restart at 9.5 s
    // (a loaded machine may add short stretches where a poll timed out: only gaps that meet the
    // scripted stretch count, and exactly one must)
    const scripted = a.gaps.filter((g) => g.from <= start + 8000 && (g.to ?? Infinity) >= start + 6000);
    assert.equal(scripted.length, 1, JSON.stringify(a.gaps));
    within(scripted[0].from, start + 6000, start + 6000 + slack, 'gap start');
    within(scripted[0].to, start + 8000, start + 8000 + slack, 'gap end');
    assert.match(scripted[0].reason, /^down: /);
    assert.equal(a.restarts.length, 1, JSON.stringify(a.restarts));
    within(a.restarts[0].t, start + 9500, start + 9500 + slack, 'restart');
    // the untouched instance: no gap, no restart, no drop storm
    assert.deepEqual([b.gaps, b.restarts], [[], []]);
    assert.ok(b.stacks.every((s) => s.drops.worst < 200));
    assert.ok(b.stacks[0].rxBytesPerSecond && b.stacks[0].rxBytesPerSecond.mean > 0);
    // connection counts every 8th sample
    const withConn = samplesIn(items).filter((s) => s.instances[0].connStates);
    assert.ok(withConn.length >= 4);

    const promtool = spawnSync('promtool', ['--version']).status === 0;
    if (!promtool) {
      t.skip('promtool is not installed (Debian package prometheus; .ci/run installs it)');
      return;
    }
    const om = toOpenMetrics(items);
    assert.ok(om.endsWith('# EOF\n'));
    const omFile = join(dir, 'rec.om');
    writeFileSync(omFile, om);
    // promtool check metrics reads the classic text format: the same samples, with the timestamps
    // in integer ms and each counter typed under its series name.
    const check = spawnSync('promtool', ['check', 'metrics'], { input: classicText(om), encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const blocks = join(dir, 'blocks');
    execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', omFile, blocks], {
      stdio: 'pipe',
    });
    mkdirSync(join(blocks, 'wal'), { recursive: true });
    const dumped = execFileSync(
      'promtool',
      [
        'tsdb',
        'dump',
        '--match={__name__="gazelle_lstack_rx_packets_total",gazelle_instance="a_",stack="1"}',
        blocks,
      ],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .map((l) => l.split(' ').slice(-2).map(Number));
    const recorded = samplesIn(items)
      .filter((s) => s.instances[0].up)
      .map((s) => [s.instances[0].stacks[1][F.rx], s.t]);
    assert.deepEqual(dumped, recorded);
  } finally {
    done();
  }
});

function runRecordCli(root: string, signal: NodeJS.Signals, afterMs: number) {
  return withSimToRecord(root, 'k_', 4, async ({ runDir, out }) => {
    const child = spawn(
      process.execPath,
      [BIN, 'record', '--run-dir', runDir, '--out', out, '--interval', '0.1', '--snmp-every', '3'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    // At least afterMs, and until a few samples are on disk: node's start-up alone can take
    // seconds on a loaded machine.
    await sleep(afterMs);
    const onDisk = (): number => {
      try {
        return samplesIn([...readRecording(out, () => undefined)]).length;
      } catch {
        return 0;
      }
    };
    for (let waited = 0; onDisk() < 6 && waited < 30_000; waited += 100) await sleep(100);
    child.kill(signal);
    const code = await exited;
    return { out, code, stderr };
  });
}

test('kill -9 while recording: the recording reads back, at most the last record lost', async () => {
  const { dir, cleanup: done } = tempDir('gzrec-');
  try {
    const { out, code } = await runRecordCli(dir, 'SIGKILL', 3000);
    assert.equal(code, null);
    const notes: string[] = [];
    const samples = samplesIn([...readRecording(out, (n) => notes.push(n))]);
    assert.ok(samples.length >= 5, `${samples.length} samples`);
    assert.ok(notes.every((n) => /torn record/.test(n)) && notes.length <= 1, notes.join('\n'));
    assert.ok(samples.every((s) => s.instances[0].up && s.instances[0].stacks.length === 4));
    const report = spawnSync(process.execPath, [BIN, 'report', out, '--json'], { encoding: 'utf8' });
    assert.equal(report.status, 0, report.stderr);
    assert.equal(JSON.parse(report.stdout).samples, samples.length);
  } finally {
    done();
  }
});

test('SIGTERM ends the recorder with its last record complete', async () => {
  const { dir, cleanup: done } = tempDir('gzrec-');
  try {
    const { out, code, stderr } = await runRecordCli(dir, 'SIGTERM', 3000);
    assert.equal(code, 0, stderr);
    const notes: string[] = [];
    const samples = samplesIn([...readRecording(out, (n) => notes.push(n))]);
    assert.deepEqual(notes, []);
    assert.ok(samples.length >= 5);
  } finally {
    done();
  }
});

test('report: bad input is one line and a non-zero exit', () => {
  const { dir, cleanup: done } = tempDir('gzrec-');
  try {
    const missing = spawnSync(process.execPath, [BIN, 'report', join(dir, 'nope')], { encoding: 'utf8' });
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /^gazellectl: no recording at .*\n$/);
    const badTime = spawnSync(process.execPath, [BIN, 'report', dir, '--from', 'yesterday'], {
      encoding: 'utf8',
    });
    assert.notEqual(badTime.status, 0);
    assert.match(badTime.stderr, /^gazellectl: invalid --from 'yesterday'/);
    assert.equal(badTime.stderr.split('\n').length, 2);
    const badOut = spawnSync(process.execPath, [BIN, 'record', '--out', '/proc/no/such/dir'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(badOut.status, 2, badOut.stderr);
    assert.match(
      badOut.stderr,
      /^gazellectl: cannot use \/proc\/no\/such\/dir as the recording directory: ENOENT/,
    );
  } finally {
    done();
  }
});
