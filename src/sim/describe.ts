/** The lines `gazellectl sim` prints: what listens where, and the command line that talks to it. */
import { DEFAULT_RUN_DIR } from '../transport/paths.js';
import type { SimInstance, Simulator } from './simulator.js';

export function describeSimulator(sim: Simulator): string[] {
  const { profile, target } = sim.wire;
  return [
    `gazellectl sim: profile ${profile.name}, cache line ${target.cacheLine}, run dir ${sim.runDir}`,
    ...sim.instances.map((i) => describeInstance(i, sim.runDir)),
  ];
}

export function describeInstance(inst: SimInstance, runDir: string): string {
  const { spec } = inst;
  const prefix = spec.prefix === '' ? '' : ` -u ${spec.prefix}`;
  const dir = runDir === DEFAULT_RUN_DIR ? '' : ` --run-dir ${runDir}`;
  const procs = inst.processes.map((p) => `ip ${p.ip} pid ${p.pid}`).join(', ');
  const first = inst.processes[0];
  const head = `${spec.mode.padEnd(6)} prefix '${spec.prefix}'  ${inst.socketPath}  ${spec.stacks} stack${spec.stacks === 1 ? '' : 's'}`;
  const clients = spec.mode === 'ltran' ? ` x ${spec.clients} client${spec.clients === 1 ? '' : 's'}` : '';
  return `${head}${clients}  ${procs}  try: gazellectl lstack show ${first.ip}${prefix}${dir}`;
}
