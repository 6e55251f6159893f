/**
 * `gazellectl sim --dpdk-dir DIR`: every simulated instance is also a DPDK process group, so that
 * `gazellectl dpdk` (and the join with Gazelle) can be shown and tested without DPDK.
 *
 * Per instance: a runtime dir `DIR/<file-prefix>/` with a `config` file whose POSIX write lock is
 * held by a real helper process (holder.ts) — the group's primary — whose idle threads carry DPDK's
 * control thread names and `gazellelstackNN`; the simulated lstack answers report those TIDs, so
 * the join through /proc/<tid> finds the group. The sim itself serves `dpdk_telemetry.v2` with
 * counters from the same traffic model the control socket answers from. In ltran mode the clients'
 * stack threads live in the same helper (a real ltran group has them in secondaries).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { loadSeqpacket } from '../../dpdk/seqpacket.js';
import { DEFAULT_INSTANCE, type InstanceSpec } from '../instance-spec.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator.js';
import { startHolder, type Holder } from './holder.js';
import { SimTelemetryServer } from './telemetry-server.js';

export interface SimDpdkGroup {
  readonly filePrefix: string;
  readonly dir: string;
  /** PID of the lock holder (the primary); null when no lock could be taken. */
  readonly primaryPid: number | null;
}

export interface SimWithDpdk {
  readonly sim: Simulator;
  readonly groups: readonly SimDpdkGroup[];
  /** One line each: what the simulated groups lack (no perl, no telemetry addon, ...). */
  readonly notes: readonly string[];
  close(): Promise<void>;
}

const CONTROL_THREADS = ['eal-intr-thread', 'rte_mp_handle', 'telemetry-v2'];
/** A few bytes stand in for DPDK's rte_mem_config; readers only need the inode and the lock. */
const CONFIG_BYTES = 4096;

/** The group's --file-prefix: the unix_prefix would do, but '' is common, so it is spelled out. */
export const simFilePrefix = (spec: InstanceSpec, index: number): string =>
  `gazellesim${index}${spec.prefix ? `_${spec.prefix.replace(/[^A-Za-z0-9_-]/g, '')}` : ''}`;

const stackName = (i: number): string => `gazellelstack${String(i).padStart(2, '0')}`;

export async function startSimulatorWithDpdk(
  opts: SimulatorOptions & { dpdkDir: string },
): Promise<SimWithDpdk> {
  const specs = opts.instances?.length ? opts.instances : [DEFAULT_INSTANCE];
  const notes: string[] = [];
  const holders: (Holder | null)[] = [];
  const dirs: string[] = [];
  const tidsByProcess: (readonly number[] | undefined)[] = [];
  const base = opts.dpdkDir.replace(/\/+$/, '');
  try {
    mkdirSync(base, { recursive: true, mode: 0o755 });
  } catch (e) {
    throw new UsageError(`cannot create the DPDK runtime base ${base}: ${(e as NodeJS.ErrnoException).code}`);
  }
  const stopAll = async (): Promise<void> => {
    await Promise.all(holders.map((h) => h?.stop()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  };
  try {
    for (const [i, spec] of specs.entries()) {
      const dir = `${base}/${simFilePrefix(spec, i)}`;
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { mode: 0o700 });
      dirs.push(dir);
      writeFileSync(`${dir}/config`, Buffer.alloc(CONFIG_BYTES));
      writeFileSync(`${dir}/fbarray_nohugemem`, Buffer.alloc(0));
      const processes = spec.mode === 'ltran' ? spec.clients : 1;
      const names = [...CONTROL_THREADS];
      for (let p = 0; p < processes; p++) for (let s = 0; s < spec.stacks; s++) names.push(stackName(s));
      let holder: Holder | null = null;
      try {
        const title = `gazellectl-sim dpdk primary --file-prefix=${simFilePrefix(spec, i)} (${spec.mode} '${spec.prefix}')`;
        holder = await startHolder(`${dir}/config`, title, names);
      } catch (e) {
        notes.push(`DPDK group ${dir}: no primary (${(e as Error).message}); it shows as stale`);
      }
      holders.push(holder);
      const stackTids = holder?.tids.slice(CONTROL_THREADS.length) ?? [];
      for (let p = 0; p < processes; p++) {
        const own = stackTids.slice(p * spec.stacks, (p + 1) * spec.stacks);
        tidsByProcess.push(own.length === spec.stacks ? own : undefined);
      }
    }
    if (holders.some((h) => h && h.tids.length === 0)) {
      notes.push('this perl has no threads: stack TIDs stay fake and the join through them finds nothing');
    }
    const sim = await startSimulator({ ...opts, stackTids: (k) => tidsByProcess[k] });
    const addon = await loadSeqpacket();
    const servers: SimTelemetryServer[] = [];
    if (!addon.ok) notes.push(`no simulated telemetry: ${addon.reason}`);
    else {
      for (const [i, inst] of sim.instances.entries()) {
        const pid = holders[i]?.pid;
        if (pid === undefined) continue;
        const filePrefix = simFilePrefix(inst.spec, i);
        servers.push(
          new SimTelemetryServer(addon.addon, `${dirs[i]}/dpdk_telemetry.v2`, () => {
            sim.advance();
            return { pid, filePrefix, processes: inst.processes };
          }),
        );
      }
    }
    return {
      sim,
      notes,
      groups: specs.map((s, i) => ({
        filePrefix: simFilePrefix(s, i),
        dir: dirs[i]!,
        primaryPid: holders[i]?.pid ?? null,
      })),
      async close() {
        for (const s of servers) s.close();
        await sim.close();
        await stopAll();
      },
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
