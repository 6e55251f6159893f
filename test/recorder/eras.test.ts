/**
 * One recording of a run dir holding instances of different eras (a strict v1.0.2 simulator and a
 * v2024.09 one): `record` without --profile reads each in its own era, the header keeps each era,
 * and report / --openmetrics give each instance its own.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { readRecording } from '../../src/recorder/reader.js';
import { startSimulator } from '../../src/sim/simulator.js';
import { tempRunDir } from '../sim/helpers.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'run.js');

test('record without --profile keeps each instance in its own era; report and openmetrics follow it', async () => {
  const { dir, cleanup } = tempRunDir();
  const runDir = join(dir, 'run') + '/';
  const out = join(dir, 'rec');
  const sims = [
    await startSimulator({
      runDir,
      profile: 'v1.0.2',
      instances: [{ prefix: 'old_', mode: 'lstack', stacks: 2, clients: 1 }],
    }),
    await startSimulator({
      runDir,
      profile: 'v2024.09',
      instances: [{ prefix: 'new_', mode: 'lstack', stacks: 3, clients: 1 }],
    }),
  ];
  try {
    const env = { ...process.env };
    delete env.GAZELLECTL_PROFILE;
    const child = spawn(
      process.execPath,
      [BIN, 'record', '--run-dir', runDir, '--out', out, '--interval', '0.2', '--snmp-every', '2'],
      { stdio: ['ignore', 'ignore', 'pipe'], env },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    // until both instances were seen up in a few samples (start-up is slow on a loaded machine)
    const upInBoth = (): number => {
      try {
        return [...readRecording(out, () => undefined)].filter(
          (i) =>
            i.kind === 'sample' && i.sample.instances.length === 2 && i.sample.instances.every((x) => x.up),
        ).length;
      } catch {
        return 0;
      }
    };
    for (let waited = 0; upInBoth() < 6 && waited < 30_000; waited += 200) await sleep(200);
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);

    const items = [...readRecording(out, assert.fail)];
    const headers = items.flatMap((i) => (i.kind === 'header' ? [i.header] : []));
    const last = headers[headers.length - 1];
    assert.equal(last.profile, 'auto');
    const eraOf = Object.fromEntries(last.instances.map((p, i) => [p, last.eras?.[i]]));
    assert.deepEqual(eraOf, { new_: 'v2024.09', old_: 'v1.0.2' });
    const samples = items.flatMap((i) => (i.kind === 'sample' ? [i.sample] : []));
    assert.ok(samples.length >= 5, `${samples.length} samples`);
    const [iNew, iOld] = [last.instances.indexOf('new_'), last.instances.indexOf('old_')];
    // both up in every sample of the last segment, each with its own stacks
    const inLast = samples.slice(-3);
    assert.ok(
      inLast.every((s) => s.instances[iNew].up && s.instances[iOld].up),
      JSON.stringify(inLast),
    );
    assert.equal(inLast[0].instances[iNew].stacks.length, 3);
    assert.equal(inLast[0].instances[iOld].stacks.length, 2);

    const report = spawnSync(process.execPath, [BIN, 'report', out, '--json'], { encoding: 'utf8' });
    assert.equal(report.status, 0, report.stderr);
    const byName = Object.fromEntries(
      (JSON.parse(report.stdout).instances as { instance: string; era: string; daemon: string }[]).map(
        (i) => [i.instance, i],
      ),
    );
    assert.deepEqual(
      [byName.old_.era, byName.old_.daemon, byName.new_.era, byName.new_.daemon],
      ['v1.0.2', 'lstack', 'v2024.09', 'lstack'],
    );
    const text = spawnSync(process.execPath, [BIN, 'report', out], { encoding: 'utf8' }).stdout;
    assert.match(text, /^instance old_ \(lstack, v1\.0\.2\):/m);
    assert.match(text, /^instance new_ \(lstack, v2024\.09\):/m);

    const om = spawnSync(process.execPath, [BIN, 'report', out, '--openmetrics'], { encoding: 'utf8' });
    assert.equal(om.status, 0, om.stderr);
    assert.match(
      om.stdout,
      /^gazelle_instance_info\{gazelle_instance="old_",daemon="lstack",profile="v1\.0\.2"\} 1 /m,
    );
    assert.match(
      om.stdout,
      /^gazelle_instance_info\{gazelle_instance="new_",daemon="lstack",profile="v2024\.09"\} 1 /m,
    );
    for (const p of ['old_', 'new_'])
      assert.match(om.stdout, new RegExp(`^gazelle_lstack_rx_packets_total\\{gazelle_instance="${p}",`, 'm'));
    // no SNMP member is exported as -1 (a member of the other era's struct)
    assert.doesNotMatch(om.stdout, /^gazelle_snmp_\S+ -1 /m);
    assert.match(om.stdout, /^gazelle_snmp_\S+\{gazelle_instance="new_",/m);
  } finally {
    await Promise.all(sims.map((s) => s.close()));
    cleanup();
  }
});
