/**
 * One pass of `gazellectl dpdk`: groups from /proc and the runtime dirs, telemetry of each live
 * primary (one connection per group, groups in parallel), and the join with Gazelle.
 */
import type { DpdkGroup, DpdkView } from './model.js';
import { joinGroups, resolveTidOwners, type GazelleFacts } from './join.js';
import { ProcSource } from './proc-source.js';
import { TELEMETRY_V2 } from './runtime-dir.js';
import { scanGroups, type CpuMemory } from './scan.js';
import { TelemetryError } from './telemetry-error.js';
import { readTelemetry } from './telemetry-read.js';

export interface ViewOptions {
  readonly bases: readonly string[];
  readonly procRoot?: string;
  readonly filePrefix?: string;
  readonly telemetry: boolean;
  readonly xstats?: boolean;
  readonly timeoutMs: number;
  readonly facts?: readonly GazelleFacts[];
  readonly isRoot: boolean;
}

export async function dpdkView(o: ViewOptions, nowMs: number, memory?: CpuMemory): Promise<DpdkView> {
  const src = new ProcSource(o.procRoot);
  const scan = await scanGroups(src, { bases: o.bases, filePrefix: o.filePrefix }, nowMs, memory);
  let groups: DpdkGroup[] = scan.groups;
  if (o.telemetry) groups = await Promise.all(groups.map((g) => withTelemetry(g, o)));
  const notes = [...scan.notes];
  if (src.denied.size > 0) notes.push(deniedNote(src.denied, o.isRoot, src.procRoot));
  const view = { bases: o.bases, groups, notes };
  return o.facts?.length ? joinView(view, o.facts, o.procRoot) : view;
}

/** The join as a separate step, for callers that learn the Gazelle facts while the view is read. */
export async function joinView(
  view: DpdkView,
  facts: readonly GazelleFacts[],
  procRoot?: string,
): Promise<DpdkView> {
  const tids = facts.flatMap((f) => f.stackTids ?? []);
  const owners = await resolveTidOwners(new ProcSource(procRoot), tids);
  return { ...view, groups: joinGroups(view.groups, facts, owners) };
}

async function withTelemetry(g: DpdkGroup, o: ViewOptions): Promise<DpdkGroup> {
  if (g.state !== 'live') return g;
  try {
    const t = await readTelemetry(`${g.dir}/${TELEMETRY_V2}`, { timeoutMs: o.timeoutMs, xstats: o.xstats });
    const notes = t.pid === g.primaryPid ? g.notes : [...g.notes, `telemetry greeting names pid ${t.pid}`];
    return { ...g, telemetry: t, notes };
  } catch (e) {
    if (!(e instanceof TelemetryError)) throw e;
    return { ...g, notes: [...g.notes, e.message] };
  }
}

function deniedNote(denied: ReadonlySet<string>, isRoot: boolean, procRoot: string): string {
  const maps = new RegExp(`^${procRoot.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\d+/`);
  const paths = [...denied].filter((p) => !maps.test(p));
  const procs = new Set([...denied].filter((p) => maps.test(p)).map((p) => p.split('/').at(-2))).size;
  const what = [
    ...paths.slice(0, 3),
    ...(paths.length > 3 ? [`${paths.length - 3} more paths`] : []),
    ...(procs > 0 ? [`/proc of ${procs} other user's process${procs === 1 ? '' : 'es'}`] : []),
  ].join(', ');
  return isRoot
    ? `permission denied on ${what}; showing the rest`
    : `not root: could not read ${what}; showing the rest (run as root for every group and process)`;
}
