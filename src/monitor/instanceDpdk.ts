/**
 * The DPDK group of one Gazelle instance, for `top`'s threads view: the groups scan of src/dpdk
 * (narrowed to the group's --file-prefix once it is known), the join through the stack TIDs, and
 * the primary's telemetry on at most one connection per group at a time. Nothing here fails the
 * instance's poll: what cannot be read becomes a note.
 */
import { joinGroups, resolveTidOwners, type GazelleFacts } from '../dpdk/join.js';
import type { DpdkGroup } from '../dpdk/model.js';
import { ProcSource } from '../dpdk/proc-source.js';
import { TELEMETRY_V2 } from '../dpdk/runtime-dir.js';
import { scanGroups, type CpuMemory } from '../dpdk/scan.js';
import { readTelemetry } from '../dpdk/telemetry-read.js';

export interface InstanceDpdk {
  readonly groups: readonly DpdkGroup[];
  readonly notes: readonly string[];
  readonly at: number;
}

export interface InstanceDpdkOptions {
  readonly bases: readonly string[];
  readonly procRoot?: string;
  readonly timeoutMs: number;
}

/** Groups whose telemetry socket is in use by any reader of this process. */
const telemetryBusy = new Set<string>();

export class InstanceDpdkReader {
  private readonly memory: CpuMemory = { atMs: 0, ticks: new Map() };
  private filePrefix: string | undefined;

  constructor(private readonly o: InstanceDpdkOptions) {}

  async read(fact: GazelleFacts, nowMs: number): Promise<InstanceDpdk> {
    try {
      const src = new ProcSource(this.o.procRoot);
      let groups = await this.tied(src, fact, nowMs, this.filePrefix);
      // the group went away or the instance moved: look at every group again
      if (!groups.length && this.filePrefix !== undefined)
        groups = await this.tied(src, fact, nowMs, undefined);
      this.filePrefix = groups.length === 1 ? groups[0]!.filePrefix : undefined;
      const notes: string[] = [];
      if (src.denied.size)
        notes.push(`could not read ${[...src.denied].slice(0, 3).join(', ')} (run as root)`);
      if (!groups.length)
        notes.push(`no DPDK group found for this instance under ${this.o.bases.join(', ')}`);
      return { groups: await Promise.all(groups.map((g) => this.withTelemetry(g))), notes, at: nowMs };
    } catch (e) {
      return { groups: [], notes: [`DPDK facts not read: ${(e as Error).message}`], at: nowMs };
    }
  }

  private async tied(
    src: ProcSource,
    fact: GazelleFacts,
    nowMs: number,
    filePrefix: string | undefined,
  ): Promise<DpdkGroup[]> {
    const scan = await scanGroups(src, { bases: this.o.bases, filePrefix }, nowMs, this.memory);
    const owners = await resolveTidOwners(src, fact.stackTids ?? []);
    return joinGroups(scan.groups, [fact], owners).filter((g) => g.gazelle.length > 0);
  }

  private async withTelemetry(g: DpdkGroup): Promise<DpdkGroup> {
    if (g.state !== 'live' || telemetryBusy.has(g.dir)) return g;
    telemetryBusy.add(g.dir);
    try {
      return {
        ...g,
        telemetry: await readTelemetry(`${g.dir}/${TELEMETRY_V2}`, { timeoutMs: this.o.timeoutMs }),
      };
    } catch (e) {
      return { ...g, notes: [...g.notes, (e as Error).message] };
    } finally {
      telemetryBusy.delete(g.dir);
    }
  }
}
