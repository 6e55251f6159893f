/**
 * I/O edge of `ls`'s DPDK columns: one show() per alive instance, one scan of the runtime bases
 * without telemetry, the join. Whatever cannot be read leaves '-' and at most a note: `ls` never
 * fails for DPDK's sake.
 */
import { factsOfRows } from '../dpdk/gazelle-facts.js';
import { joinGroups, resolveTidOwners } from '../dpdk/join.js';
import { ProcSource } from '../dpdk/proc-source.js';
import { dpdkView } from '../dpdk/view.js';
import type { Arch } from '../protocol/profiles.js';
import { dpdkColumns } from './dpdk-columns.js';
import type { InstanceRow } from './list.js';

export interface DpdkJoinOptions {
  readonly runDir: string;
  readonly bases: readonly string[];
  readonly timeoutMs: number;
  readonly arch?: Arch;
  readonly isRoot: boolean;
  readonly procRoot?: string;
}

export async function withDpdkColumns(
  rows: readonly InstanceRow[],
  o: DpdkJoinOptions,
): Promise<{ rows: InstanceRow[]; notes: string[] }> {
  try {
    const [{ facts }, view] = await Promise.all([
      factsOfRows(rows, o),
      dpdkView(
        { bases: o.bases, procRoot: o.procRoot, telemetry: false, timeoutMs: o.timeoutMs, isRoot: o.isRoot },
        Date.now(),
      ),
    ]);
    const owners = await resolveTidOwners(
      new ProcSource(o.procRoot),
      facts.flatMap((f) => f.stackTids ?? []),
    );
    const groups = joinGroups(view.groups, facts, owners);
    const out = rows.map((r) => {
      // an ltran whose show() failed still named its clients when it was detected
      const fact =
        facts.find((f) => f.unixPrefix === r.prefix && f.daemon === r.daemon) ??
        (r.clients?.length
          ? { unixPrefix: r.prefix, daemon: r.daemon, clientPids: r.clients.map((c) => c.pid) }
          : undefined);
      return fact ? { ...r, ...dpdkColumns(fact, groups, owners) } : r;
    });
    return { rows: out, notes: [...view.notes] };
  } catch (e) {
    return { rows: [...rows], notes: [`DPDK facts not read: ${(e as Error).message}`] };
  }
}
