/**
 * The join of Gazelle instances with DPDK groups (issue 12 §2). PURE: the facts about each instance
 * (its stack TIDs, ltran's client PIDs, the --file-prefix of its config) and the owner of each TID
 * come in; links go out. resolveTidOwners() is the I/O half.
 */
import type { ConfigValue } from '../config/libconfig.js';
import type { DpdkGroup, GazelleLink } from './model.js';
import { parseStatus } from './proc-parse.js';
import type { ProcSource } from './proc-source.js';

export interface GazelleFacts {
  readonly unixPrefix: string;
  readonly daemon: 'lstack' | 'ltran';
  /** TIDs of the stack threads, from the tid of every dfx answer. */
  readonly stackTids?: readonly number[];
  /** ltran's registered lstack processes. */
  readonly clientPids?: readonly number[];
  /** --file-prefix found in dpdk_args of the instance's --config. */
  readonly configFilePrefix?: string;
}

/** Each group with the instances tied to it; an instance may tie to several (ltran and its clients). */
export function joinGroups(
  groups: readonly DpdkGroup[],
  facts: readonly GazelleFacts[],
  tidOwner: ReadonlyMap<number, number>,
): DpdkGroup[] {
  return groups.map((g) => {
    if (g.state !== 'live' && !facts.some((f) => f.configFilePrefix === g.filePrefix)) return g;
    const pids = new Set(g.processes.map((p) => p.pid));
    const links: GazelleLink[] = [];
    for (const f of facts) {
      const link = (via: GazelleLink['via']): void =>
        void links.push({ unixPrefix: f.unixPrefix, daemon: f.daemon, via });
      if (f.stackTids?.some((t) => pids.has(tidOwner.get(t) ?? -1))) link('stack-tid');
      else if (f.clientPids?.some((p) => pids.has(p))) link('ltran-client');
      else if (f.configFilePrefix !== undefined && f.configFilePrefix === g.filePrefix) link('config');
    }
    return links.length ? { ...g, gazelle: links } : g;
  });
}

/** The process (Tgid) of each TID; /proc/<tid> exists for every thread even if readdir hides it. */
export async function resolveTidOwners(
  src: ProcSource,
  tids: Iterable<number>,
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  await Promise.all(
    [...new Set(tids)].map(async (tid) => {
      const text = await src.text(src.proc(`${tid}/status`));
      const tgid = text === null ? undefined : parseStatus(text).tgid;
      if (tgid !== undefined) out.set(tid, tgid);
    }),
  );
  return out;
}

/** --file-prefix of dpdk_args (["--file-prefix", "gz1"] or ["--file-prefix=gz1"]); DPDK's default is rte. */
export function filePrefixOfDpdkArgs(value: ConfigValue | undefined): string | undefined {
  if (!value || (value.kind !== 'array' && value.kind !== 'list')) return undefined;
  const words = value.value.map((v) => (v.kind === 'string' ? v.value : ''));
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--file-prefix') return words[i + 1] || undefined;
    if (w.startsWith('--file-prefix=')) return w.slice('--file-prefix='.length) || undefined;
  }
  return 'rte';
}
