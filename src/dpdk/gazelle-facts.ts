/**
 * I/O edge of the join: asks every alive Gazelle instance of the run dir for its stack TIDs (one
 * LSTACK_SHOW / LTRAN_SHOW_LSTACK pass) and ltran for its clients. An instance that fails is left
 * out with a note: the DPDK view never waits on Gazelle.
 */
import { listInstances, type InstanceRow } from '../discovery/list.js';
import { GazelleError } from '../errors.js';
import type { Arch } from '../protocol/profiles.js';
import { InstanceClient } from '../monitor/instanceClient.js';
import type { GazelleFacts } from './join.js';

export interface GazelleFactsOptions {
  readonly runDir: string;
  readonly timeoutMs: number;
  readonly arch?: Arch;
  /** Only this unix_prefix. */
  readonly unixPrefix?: string;
  /** From --config: its dpdk_args' --file-prefix belongs to this unix_prefix. */
  readonly configLink?: { unixPrefix: string; filePrefix: string; daemon: 'lstack' | 'ltran' };
}

export async function gazelleFacts(
  o: GazelleFactsOptions,
): Promise<{ facts: GazelleFacts[]; notes: string[] }> {
  const notes: string[] = [];
  const facts: GazelleFacts[] = [];
  let rows: InstanceRow[];
  try {
    rows = await listInstances(o.runDir, { timeoutMs: o.timeoutMs, arch: o.arch });
  } catch (e) {
    if (!(e instanceof GazelleError)) throw e;
    rows = [];
    if (!o.configLink) notes.push(`no Gazelle instances joined: ${e.message}`);
  }
  const wanted = rows.filter((r) => o.unixPrefix === undefined || r.prefix === o.unixPrefix);
  const fromRows = await factsOfRows(wanted, o);
  facts.push(...fromRows.facts);
  notes.push(...fromRows.notes);
  if (o.configLink) {
    const c = o.configLink;
    const known = facts.find((f) => f.unixPrefix === c.unixPrefix);
    if (known) facts[facts.indexOf(known)] = { ...known, configFilePrefix: c.filePrefix };
    else facts.push({ unixPrefix: c.unixPrefix, daemon: c.daemon, configFilePrefix: c.filePrefix });
  }
  return { facts, notes };
}

/** The facts of rows `ls` already has: one show() per alive instance, instances in parallel. */
export async function factsOfRows(
  rows: readonly InstanceRow[],
  o: Pick<GazelleFactsOptions, 'runDir' | 'timeoutMs' | 'arch'>,
): Promise<{ facts: GazelleFacts[]; notes: string[] }> {
  const notes: (string | null)[] = rows.map(() => null);
  const each = await Promise.all(
    rows.map(async (row, i): Promise<GazelleFacts | null> => {
      if (row.state !== 'alive' || row.profile === null) return null;
      const client = new InstanceClient({
        runDir: o.runDir,
        prefix: row.prefix,
        only: [row.profile],
        arch: o.arch,
        timeoutMs: o.timeoutMs,
      });
      try {
        const shown = await client.show();
        return {
          unixPrefix: row.prefix,
          daemon: row.daemon,
          stackTids: shown.samples.map((s) => s.tid),
          clientPids: row.clients?.map((c) => c.pid),
        };
      } catch (e) {
        if (!(e instanceof GazelleError)) throw e;
        notes[i] = `Gazelle instance '${row.prefix}' not joined: ${e.message}`;
        return null;
      } finally {
        client.close();
      }
    }),
  );
  return {
    facts: each.filter((f): f is GazelleFacts => f !== null),
    notes: notes.filter((n): n is string => n !== null),
  };
}
