#!/usr/bin/env node
// `npm run demo`: a simulator with a few instances in a temporary run dir, each instance also a
// simulated DPDK group, and `gazellectl top` on it in this terminal, starting in the threads view
// (stack threads with core and CPU%, ports, mempools; `1` for the stacks view). Arguments go to
// top (e.g. `npm run demo -- --view stacks`). Quitting top (q) stops the simulator and removes
// the run dir.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const run = join(here, 'run.js');
if (!existsSync(join(here, '..', 'dist', 'commands', 'top.js'))) {
  console.error('gazellectl demo: run `npm run build` first (npm run demo does both)');
  process.exit(1);
}

// Short: sun_path holds 107 bytes, and the prefixes and socket names come on top.
const runDir = `${mkdtempSync(join(tmpdir(), 'gz-demo-'))}/`;
const dpdkDir = join(runDir, 'dpdk');
const instances = ['07:lstack:4', '08:ltran:2', '09:lstack:2'];
const sim = spawn(
  process.execPath,
  [run, 'sim', '--run-dir', runDir, '--dpdk-dir', dpdkDir, ...instances.flatMap((i) => ['--instance', i])],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);

let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  sim.kill();
  rmSync(runDir, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}
sim.on('exit', (code) => {
  if (!cleaned && code) console.error(`gazellectl demo: the simulator exited with status ${code}`);
});

// Wait for the sockets (and the groups' telemetry) so top's first screen already has every instance.
const sockets = ['07lstack_cmd.sock', '08ltran_cmd.sock', '09lstack_cmd.sock'].map((s) => join(runDir, s));
const groupsUp = () => {
  try {
    return readdirSync(dpdkDir).filter((g) => existsSync(join(dpdkDir, g, 'dpdk_telemetry.v2'))).length;
  } catch {
    return 0;
  }
};
for (let i = 0; i < 50 && !(sockets.every((s) => existsSync(s)) && groupsUp() >= instances.length); i++)
  await sleep(100);

const args = process.argv.slice(2);
const view = args.some((a) => a === '--view' || a.startsWith('--view=')) ? [] : ['--view', 'threads'];
const top = spawn(
  process.execPath,
  [run, 'top', '--run-dir', runDir, '--dpdk-dir', dpdkDir, ...view, ...args],
  {
    stdio: 'inherit',
  },
);
// top owns the terminal; Ctrl-C reaches it as a key (raw mode), not as a signal to us.
process.removeAllListeners('SIGINT');
process.on('SIGINT', () => undefined);
top.on('exit', async (code) => {
  // The simulator still touches the run dir while it stops (its DPDK groups): removed after it is gone.
  sim.kill();
  if (sim.exitCode === null && sim.signalCode === null) await Promise.race([once(sim, 'exit'), sleep(3000)]);
  cleanup();
  process.exit(code ?? 0);
});
