/**
 * Monitor rows (issue 10): `top --once` on a run dir of 300 stale sockets + 1 live instance against
 * the same with the live one alone, and against the 1 s target; and what finding an instance's era
 * costs the monitors (era.ts), in ms and requests, against one LSTACK_SHOW poll of the same
 * instance. Simulators run in this process (strict control loop), the CLI in child processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectEra } from '../src/monitor/era.js';
import { InstanceClient } from '../src/monitor/instanceClient.js';
import { PROFILE_NAMES } from '../src/protocol/profiles.js';
import { startSimulator } from '../src/sim/simulator.js';
import { staleSockets } from '../test/sim/helpers.js';
import { bin, median, runs, timeCommand, type Row } from './lib.js';

const STALE = 300;
const TARGET_MS = 1000;

export async function monitorRows(): Promise<Row[]> {
  return [...(await staleRows()), ...(await eraRows())];
}

async function staleRows(): Promise<Row[]> {
  const alone = `${mkdtempSync(join(tmpdir(), 'gz-stale-a-'))}/`;
  const crowded = `${mkdtempSync(join(tmpdir(), 'gz-stale-b-'))}/`;
  const instances = [{ prefix: 'live_', mode: 'lstack' as const, stacks: 2, clients: 1 }];
  const sims = [
    await startSimulator({ runDir: alone, instances }),
    await startSimulator({ runDir: crowded, instances }),
  ];
  await staleSockets(
    crowded,
    Array.from({ length: STALE }, (_, i) => `old${i}_${i % 2 ? 'lstack_cmd.sock' : 'gazelle_client.sock'}`),
  );
  try {
    const once = (dir: string) => ['top', '--once', '--interval', '0.25', '--run-dir', dir];
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < Math.min(runs, 5); i++) {
      a.push(await timeCommand([bin, ...once(alone)]));
      b.push(await timeCommand([bin, ...once(crowded)]));
    }
    const [ma, mb] = [median(a), median(b)];
    return [
      [
        `top --once --interval 0.25: ${STALE} stale + 1 live vs 1 live`,
        mb / ma,
        `${mb.toFixed(0)} ms vs ${ma.toFixed(0)} ms`,
      ],
      [
        `top --once: ${STALE} stale + 1 live vs the ${TARGET_MS} ms target`,
        mb / TARGET_MS,
        `${mb.toFixed(0)} ms`,
      ],
    ];
  } finally {
    await Promise.all(sims.map((s) => s.close()));
    rmSync(alone, { recursive: true, force: true });
    rmSync(crowded, { recursive: true, force: true });
  }
}

/** Per era: detection ms (and requests sent) against one LSTACK_SHOW poll of the same 2-stack instance. */
async function eraRows(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const profile of PROFILE_NAMES) {
    const runDir = `${mkdtempSync(join(tmpdir(), 'gz-era-'))}/`;
    const sim = await startSimulator({
      runDir,
      profile,
      instances: [{ prefix: 'e_', mode: 'lstack', stacks: 2, clients: 1 }],
    });
    try {
      const detect: number[] = [];
      const poll: number[] = [];
      let requests = 0;
      for (let i = 0; i < runs; i++) {
        let t0 = performance.now();
        const era = await detectEra({ runDir, prefix: 'e_', timeoutMs: 5000 });
        detect.push(performance.now() - t0);
        requests = era.requests;
        const client = new InstanceClient({ runDir, prefix: 'e_', timeoutMs: 5000, only: [era.profile] });
        await client.resolve();
        t0 = performance.now();
        await client.show();
        poll.push(performance.now() - t0);
        client.close();
      }
      const [d, p] = [median(detect), median(poll)];
      rows.push([
        `era detection per instance (${profile}) vs one LSTACK_SHOW poll`,
        d / p,
        `${d.toFixed(1)} ms, ${requests} request${requests === 1 ? '' : 's'} vs ${p.toFixed(1)} ms`,
      ]);
    } finally {
      await sim.close();
      rmSync(runDir, { recursive: true, force: true });
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, ratio, abs] of await monitorRows()) console.log(`${name}  ${ratio.toFixed(2)}x  ${abs}`);
}
