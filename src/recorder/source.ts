/**
 * The recorder's only door to the data layer: "poll every instance once" as InstanceSnaps. It uses
 * the exporter's poller (one kept connection per lstack, one poll in flight per instance, a deadline
 * per instance), so switching the recorder to another data layer changes this file alone.
 */
import { ExporterPoller, type ExporterSource } from '../exporter/poll.js';
import type { InstanceReading } from '../exporter/families.js';
import type { Decoded } from '../protocol/codec.js';
import { locate } from '../protocol/ctypes.js';
import { PROFILE_NAMES, wireFor, type Arch, type Wire } from '../protocol/profiles.js';
import { connList } from '../stats/connections.js';
import type { StackSample } from '../stats/stackSample.js';
import { PORT_FIELDS, STACK_FIELDS, cellOf, type InstanceSnap } from './sample.js';

export interface SourceOptions {
  runDir: string;
  /** null = every instance in the run dir, looked up on each poll. */
  prefixes: string[] | null;
  /** --profile: every instance read in this era. Absent: each instance in its own (monitor/era.ts). */
  wire?: Wire;
  arch?: Arch;
  cacheLine?: number;
  timeoutMs: number;
}

export interface PollWhat {
  snmp: boolean;
  conn: boolean;
  /** Keep the full connection rows too (with conn). */
  connTable: boolean;
}

export interface SampleSource {
  /** SNMP member names of the era, in the order the recording stores them. */
  readonly snmpFields: readonly string[];
  /** Polls every instance once; prefixes and snaps in the same order. */
  poll(what: PollWhat): Promise<{ prefixes: string[]; snaps: InstanceSnap[] }>;
  close(): void;
}

const num = (v: unknown): number => (v === undefined ? -1 : Number(v));

export function snmpFieldsOf(wire: Wire): string[] {
  if (!wire.profile.modes.has('LSTACK_SHOW_SNMP')) return [];
  return [...(locate(wire.layouts.dfx, 'data.snmp').layout.members?.keys() ?? [])];
}

/**
 * The SNMP columns of a recording: the forced era's members, or (each instance in its own era) every
 * era's, first seen first. A member an instance's era lacks is stored as -1 and costs nothing after
 * the key sample (its column never changes).
 */
export function snmpFieldsFor(opts: Pick<SourceOptions, 'wire' | 'arch' | 'cacheLine'>): string[] {
  if (opts.wire) return snmpFieldsOf(opts.wire);
  const all = new Set<string>();
  for (const p of PROFILE_NAMES)
    for (const f of snmpFieldsOf(wireFor(p, opts.arch ?? 'x86_64', opts.cacheLine))) all.add(f);
  return [...all];
}

export function pollerSource(opts: SourceOptions): SampleSource {
  // The poller reads these flags on each poll: the adapter changes them per poll.
  const flags: ExporterSource = {
    runDir: opts.runDir,
    prefixes: opts.prefixes,
    only: opts.wire ? [opts.wire.profile.name] : undefined,
    arch: opts.arch,
    cacheLine: opts.wire?.target.cacheLine ?? opts.cacheLine,
    timeoutMs: opts.timeoutMs,
    snmp: false,
    connections: false,
    latency: false,
  };
  const poller = new ExporterPoller(flags);
  const snmpFields = snmpFieldsFor(opts);
  return {
    snmpFields,
    async poll(what) {
      flags.snmp = what.snmp;
      flags.connections = what.conn;
      const prefixes = await poller.prefixes();
      const readings = await Promise.all(prefixes.map((p) => poller.read(p)));
      return { prefixes, snaps: readings.map((r) => snapOf(r, snmpFields, what.connTable)) };
    },
    close: () => poller.close(),
  };
}

export function snapOf(r: InstanceReading, snmpFields: readonly string[], connTable: boolean): InstanceSnap {
  if (!r.up || !r.daemon) return { up: false, error: r.error ?? 'down', stacks: [] };
  const wide: Record<number, bigint> = {};
  const W = STACK_FIELDS.length;
  const snap: InstanceSnap = {
    up: true,
    daemon: r.daemon,
    ...(r.profile ? { profile: r.profile } : {}),
    stacks: (r.stacks ?? []).map((s: StackSample, k) =>
      STACK_FIELDS.map((f, c) => cellOf(s[f] as bigint | number | undefined, k * W + c, wide)),
    ),
  };
  if (Object.keys(wide).length > 0) snap.wide = wide;
  if (r.snmp) {
    snap.snmp = r.snmp.map((a: Decoded) => {
      const m = (a.data?.snmp ?? {}) as Record<string, unknown>;
      return snmpFields.map((f) => num(m[f]));
    });
  }
  if (r.ltranTotal) {
    snap.ports = ((r.ltranTotal.port_list ?? []) as Decoded[]).map((p) => PORT_FIELDS.map((f) => num(p[f])));
  }
  if (r.conn) {
    const lists = r.conn.map((a) => connList([a]).rows);
    snap.connStates = lists.map((rows) => {
      const counts: Record<string, number> = {};
      for (const row of rows) counts[row.state] = (counts[row.state] ?? 0) + 1;
      return counts;
    });
    if (connTable) snap.connTable = lists;
  }
  return snap;
}
