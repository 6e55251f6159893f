/** The simulator's DPDK groups read back through `gazellectl dpdk`: lock, threads, join, telemetry. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { simGroupsSkip, startSimGroups } from './sim-groups-support.js';
import { runDpdk } from '../../src/dpdk/command.js';
import { gazelleFacts } from '../../src/dpdk/gazelle-facts.js';
import { dpdkView } from '../../src/dpdk/view.js';
import { captureIo } from '../capture-io.js';

const skip = simGroupsSkip;

test(
  'simulated groups: primary holds the config lock, stack TIDs join the instance, ports sum the traffic',
  { skip, timeout: 60_000 },
  async () => {
    let now = 1_700_000_000_000;
    const { runDir, dpdkDir, s, remove } = await startSimGroups('simdpdk', ['lstack:2', 'g1_:ltran:2:2'], {
      clock: () => now,
      advanceEveryMs: 0,
    });
    try {
      assert.deepEqual(s.notes, []);
      now += 5000; // the traffic model moves only with this clock: telemetry and lstack see the same tick
      const { facts, notes } = await gazelleFacts({ runDir, timeoutMs: 3000 });
      assert.deepEqual(notes, []);
      const view = await dpdkView(
        { bases: [dpdkDir], telemetry: true, timeoutMs: 3000, facts, isRoot: true },
        Date.now(),
      );
      assert.equal(view.groups.length, 2);
      for (const [i, g] of view.groups.entries()) {
        const inst = s.sim.instances.find((x) => g.gazelle.some((l) => l.unixPrefix === x.spec.prefix))!;
        assert.ok(inst, `group ${g.filePrefix} joined`);
        assert.equal(g.state, 'live');
        assert.equal(g.primaryPid, s.groups.find((x) => x.filePrefix === g.filePrefix)!.primaryPid);
        assert.deepEqual(
          g.gazelle.map((l) => l.via),
          ['stack-tid'],
        );
        const stackThreads = g.processes[0]!.threads.filter((t) => t.name.startsWith('gazellelstack'));
        assert.deepEqual(
          stackThreads.map((t) => t.tid),
          inst.processes.flatMap((p) => [...p.tids]),
          `stack TIDs of group ${i} are the ones lstack reports`,
        );
        let rx = 0n;
        for (const p of inst.processes) for (const st of p.traffic.stacks) rx += st.counters.rx;
        assert.ok(rx > 0n);
        assert.equal(g.telemetry?.ports[0]?.stats?.ipackets, Number(rx), 'port rx = the stacks rx');
        assert.equal(g.telemetry?.mempools.length, inst.processes.length * 2);
        const gauge = inst.processes[0]!.traffic.stacks[0]!.gauges.mbuf_pool_cnt;
        assert.equal(g.telemetry?.mempools[0]?.inUse, 65536 - gauge);
      }

      const io = captureIo();
      const code = await runDpdk(
        { 'dpdk-dir': [dpdkDir], 'run-dir': runDir, 'unix-prefix': 'g1_', interval: '0' },
        io,
        { now: Date.now, isRoot: true },
      );
      assert.equal(code, 0, io.err());
      assert.match(io.out(), /gazelle ltran 'g1_' \(stack-tid\)/);
      assert.doesNotMatch(io.out(), /gazelle lstack '' /, '-u keeps only the group of that instance');
    } finally {
      await s.close();
      const left = existsSync(dpdkDir + '/gazellesim0');
      remove();
      assert.equal(left, false, 'close() removes the runtime dirs');
    }
  },
);
