/** top against the simulator's DPDK groups: CPU%/core in the stacks view, the threads view. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simGroupsSkip, startSimGroups } from './sim-groups-support.js';
import { renderOnce, type TopIo } from '../../src/tui/app.js';

const skip = simGroupsSkip;

const io = { stdout: { columns: 160, rows: 45, isTTY: false } } as unknown as TopIo;

test(
  'top --once: stack threads with core, CPU% and LP; the threads view of the group',
  { skip, timeout: 60_000 },
  async () => {
    const { runDir, dpdkDir, s, remove } = await startSimGroups('topdpdk', ['07:lstack:3']);
    try {
      const tids = s.sim.instances[0]!.processes[0]!.tids;
      const base = { runDir, prefixes: null, timeoutMs: 3000, intervalMs: 300, dpdkDirs: [dpdkDir] };
      const stacks = await renderOnce({ ...base, view: 'stacks' }, io);
      assert.match(stacks, /INSTANCE\/STACK\s+TID\s+CORE\s+CPU%\s+LP\s+RX pkt\/s/);
      for (const [i, tid] of tids.entries()) {
        // the helper's idle stack threads: a core, a measured CPU% (second refresh), low power off
        assert.match(
          stacks,
          new RegExp(`stack ${i}\\s+${tid}\\s+\\d+\\s+\\d+\\.\\d\\s+off\\s`),
          `stack ${i}`,
        );
      }

      const threads = await renderOnce({ ...base, view: 'threads' }, io);
      const primary = s.groups[0]!.primaryPid!;
      assert.match(threads, new RegExp(`GROUP gazellesim0_07\\s+LIVE .* primary ${primary} `));
      assert.match(threads, new RegExp(`PRIMARY ${primary}`));
      for (const [i, tid] of tids.entries()) {
        assert.match(
          threads,
          new RegExp(
            `\\n\\s+${i}\\s+${tid}\\s+\\d+\\s+\\S+\\s+\\d+\\.\\d\\s+[RSD]\\s+off\\s+gazellelstack0${i}\\n`,
          ),
        );
      }
      assert.match(
        threads,
        /other 4 threads: CPU% \d+\.\d\s+cores [\d,]+\s+\(gazellesim-dpdk, eal-intr-thread, rte_mp_handle, telemetry-v2\)/,
      );
      if (s.notes.length === 0) {
        assert.match(threads, /PORT\s+LINK\s+SPEED/);
        assert.match(threads, /rxtx_mbuf_pool_0_2\s+65536\s+\d+/);
      }
    } finally {
      await s.close();
      remove();
    }
  },
);
