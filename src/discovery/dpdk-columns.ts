/**
 * The PIDS and FILE-PREFIX columns of `ls`: which processes each instance is and which DPDK group
 * they belong to. PURE: the joined groups and the owners of the stack TIDs come in.
 */
import type { GazelleFacts } from '../dpdk/join.js';
import type { DpdkGroup } from '../dpdk/model.js';

export interface DpdkColumns {
  readonly pids: readonly number[];
  readonly filePrefixes: readonly string[];
}

/**
 * A stack TID's owner counts only when it is a member of a group tied to the instance: a TID from
 * an answer alone may name any process (a simulator's, or one reused since). ltran's own PID is the
 * primary of its group; its clients' PIDs are what ltran itself says.
 */
export function dpdkColumns(
  fact: GazelleFacts,
  groups: readonly DpdkGroup[],
  tidOwner: ReadonlyMap<number, number>,
): DpdkColumns {
  const tied = groups.filter((g) =>
    g.gazelle.some((l) => l.unixPrefix === fact.unixPrefix && l.daemon === fact.daemon),
  );
  const members = new Set(tied.flatMap((g) => g.processes.map((p) => p.pid)));
  const pids: number[] = [];
  const add = (p: number | null | undefined): void => {
    if (p !== null && p !== undefined && p > 0 && !pids.includes(p)) pids.push(p);
  };
  if (fact.daemon === 'ltran') {
    for (const g of tied) add(g.primaryPid);
    for (const p of fact.clientPids ?? []) add(p);
  } else {
    const owners = (fact.stackTids ?? []).map((t) => tidOwner.get(t)).filter((p) => p !== undefined);
    for (const p of owners.filter((o) => members.has(o)).sort((a, b) => a - b)) add(p);
  }
  return { pids, filePrefixes: [...new Set(tied.map((g) => g.filePrefix))].sort() };
}
