/**
 * The simulator answers the real conversations: each fixture's recorded requests, sent to a
 * simulator of the same profile and mode with the same number of stacks, get replies of exactly the
 * size and struct sequence the recording's manifest lists (and nothing after them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { startSimulator } from '../../src/sim/simulator.js';
import { loadFixtures } from '../replay/replay.js';
import { protocolDir } from '../shared.js';
import { tempDir } from '../support/run-dir.js';

// The client never reads these answers; a simulator may send one or nothing (PROTOCOL.md §5.1).
const UNREAD = new Set(['GAZELLE_STAT_LSTACK_LOG_LEVEL_SET', 'GAZELLE_STAT_LTRAN_LOG_LEVEL_SET']);

interface Conn {
  stat_mode: number;
  stat_mode_name: string;
  response_bytes: number;
  response_structs: { struct: string; bytes: number; count: number }[];
  server_closes_without_reply?: boolean;
}

/** Sends one request and collects the reply until the peer closes or goes quiet. */
function exchange(path: string, req: Buffer, expected: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(path);
    const chunks: Buffer[] = [];
    let got = 0;
    let idle: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(idle);
      sock.destroy();
      resolve(Buffer.concat(chunks));
    };
    const arm = (ms: number) => {
      clearTimeout(idle);
      idle = setTimeout(finish, ms);
    };
    sock.on('connect', () => {
      sock.write(req);
      arm(expected === 0 ? 300 : 3000);
    });
    sock.on('data', (d) => {
      chunks.push(d);
      got += d.length;
      arm(got >= expected ? 150 : 3000); // after the expected bytes, wait a little for extras
    });
    sock.on('close', finish);
    sock.on('error', reject);
  });
}

const stackCount = (conns: Conn[]): number =>
  Math.max(
    // ltran's latency stream lists one (in_addr, lstack_total) pair per stack
    ...conns.map((c) => c.response_structs.filter((s) => s.struct === 'struct in_addr').length),
    1,
    ...conns.flatMap((c) =>
      c.response_structs
        .filter((s) => s.struct === 'gazelle_stack_dfx_data' || s.struct === 'gazelle_stat_lstack_total')
        .map((s) =>
          c.stat_mode_name.endsWith('SHOW_LATENCY') && s.struct === 'gazelle_stat_lstack_total'
            ? s.count - 1
            : s.count,
        ),
    ),
  );

for (const f of loadFixtures(join(protocolDir, 'fixtures'))) {
  if (f.mode === 'none' || f.requests.length === 0 || f.name.startsWith('error-')) continue;
  test(`simulator answers ${f.name} with the recorded sizes`, async () => {
    const conns = f.manifest.connections as unknown as Conn[];
    const { dir: runDir, cleanup: cleanupRunDir } = tempDir('gz-simfix-');
    const sim = await startSimulator({
      runDir,
      profile: 'v1.0.3',
      instances: [
        {
          prefix: f.manifest.unix_prefix ?? '',
          mode: f.mode as 'lstack' | 'ltran',
          stacks: stackCount(conns),
          clients: 1,
        },
      ],
      ltranCloseDelayMs: 5,
      advanceEveryMs: 0,
    });
    try {
      const inst = sim.instances[0];
      for (let i = 0; i < conns.length; i++) {
        const c = conns[i];
        if (UNREAD.has(c.stat_mode_name) || c.stat_mode_name === 'GAZELLE_STAT_LTRAN_QUIT') continue;
        const req = Buffer.from(f.requests[i]);
        if (f.mode === 'ltran' && (req.readUInt32LE(4) !== 0 || req.readUInt32LE(8) !== 0)) {
          // address the simulated lstack process behind ltran instead of the recording's 192.168.1.10
          req.writeUInt32LE(inst.processes[0].ipWire, 4);
          req.writeUInt32LE(0, 8);
        }
        const reply = await exchange(inst.socketPath, req, c.response_bytes);
        const expectedBytes = c.server_closes_without_reply ? 0 : c.response_bytes;
        assert.equal(reply.length, expectedBytes, `connection ${i + 1} (${c.stat_mode_name}) reply size`);
        // walk the recorded struct sequence: eof only on the last struct of each list
        let off = 0;
        for (const s of c.response_structs) {
          const eofLists = s.struct === 'gazelle_stack_dfx_data' || s.struct === 'gazelle_stat_lstack_total';
          for (let k = 0; k < s.count; k++) {
            if (eofLists && s.count > 1 && !c.stat_mode_name.endsWith('SHOW_LATENCY')) {
              assert.equal(reply.readUInt32LE(off), k === s.count - 1 ? 1 : 0, `${s.struct}[${k}].eof`);
            }
            off += s.bytes;
          }
        }
        assert.equal(off, expectedBytes, 'struct sequence covers the reply');
      }
    } finally {
      await sim.close();
      cleanupRunDir();
    }
  });
}
