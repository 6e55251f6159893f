/** `ls` PIDS and FILE-PREFIX against the simulator's DPDK groups; '-' wherever DPDK cannot be read. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { simGroupsSkip, startSimGroups } from '../dpdk/sim-groups-support.js';
import { runLs } from '../../src/discovery/command.js';
import { captureIo } from '../capture-io.js';

const skip = simGroupsSkip;

interface Row {
  prefix: string;
  daemon: string;
  pids?: number[];
  filePrefixes?: string[];
}

test(
  'ls: PIDS and FILE-PREFIX come from the join with the DPDK groups',
  { skip, timeout: 60_000 },
  async () => {
    const { root, runDir, dpdkDir, s, remove } = await startSimGroups('lsdpdk', [
      '07:lstack:2',
      'g1_:ltran:2:2',
    ]);
    try {
      const primary = (fp: string): number => s.groups.find((g) => g.filePrefix === fp)!.primaryPid!;
      const ltranClients = s.sim.instances[1]!.processes.map((p) => p.pid);
      assert.equal(ltranClients.length, 2);

      const a = captureIo();
      assert.equal(
        await runLs({ 'run-dir': runDir, timeout: 3000, json: false, 'dpdk-dir': [dpdkDir] }, a, true),
        0,
      );
      assert.equal(a.err(), '');
      const lines = a.out().split('\n');
      assert.match(lines[0]!, /^PREFIX +DAEMON +SOCKET +STATE +PROFILE +PIDS +FILE-PREFIX +DETAIL$/);
      const row07 = lines.find((l) => l.startsWith('07 '))!.split(/ {2,}/);
      assert.deepEqual(row07.slice(5, 7), [String(primary('gazellesim0_07')), 'gazellesim0_07']);
      const rowLtran = lines.find((l) => l.startsWith('g1_ '))!.split(/ {2,}/);
      assert.deepEqual(rowLtran.slice(5, 7), [
        [primary('gazellesim1_g1_'), ...ltranClients].join(','),
        'gazellesim1_g1_',
      ]);

      const b = captureIo();
      assert.equal(
        await runLs({ 'run-dir': runDir, timeout: 3000, 'dpdk-dir': [dpdkDir], json: true }, b, true),
        0,
      );
      const rows = JSON.parse(b.out()).instances as Row[];
      assert.deepEqual(
        rows.map((r) => [r.prefix, r.pids, r.filePrefixes]),
        [
          ['07', [primary('gazellesim0_07')], ['gazellesim0_07']],
          ['g1_', [primary('gazellesim1_g1_'), ...ltranClients], ['gazellesim1_g1_']],
        ],
      );

      // no readable group: '-' for lstack (a TID alone proves nothing), ltran's own client list stays
      const empty = `${root}/empty`;
      mkdirSync(empty);
      const notDir = `${root}/file`;
      writeFileSync(notDir, 'x');
      const c = captureIo();
      assert.equal(
        await runLs({ 'run-dir': runDir, timeout: 3000, json: false, 'dpdk-dir': [empty, notDir] }, c, false),
        0,
      );
      const cl = c.out().split('\n');
      assert.deepEqual(
        cl
          .find((l) => l.startsWith('07 '))!
          .split(/ {2,}/)
          .slice(5, 7),
        ['-', '-'],
      );
      assert.deepEqual(
        cl
          .find((l) => l.startsWith('g1_ '))!
          .split(/ {2,}/)
          .slice(5, 7),
        [ltranClients.join(','), '-'],
      );
      assert.equal(c.err(), `gazellectl: ${notDir} is not a directory\n`);
    } finally {
      await s.close();
      remove();
    }
  },
);
