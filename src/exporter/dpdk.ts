/**
 * `gazellectl exporter --dpdk`: the DPDK side of every instance as metric families (issue 12 §3).
 * dpdkFamiliesOf() is pure over a DpdkView; dpdkFamilies() is the I/O edge, joining the groups
 * with the instances through the stack TIDs this scrape already read (no extra Gazelle request).
 *
 * Cardinality stays bounded: threads are labelled by name (never TID, PID or core: a thread that
 * moves core would start a new counter series and break rate()); threads sharing a name are summed;
 * the core is a separate gauge. xstats (--xstats) skip the per-queue ones and stop at MAX_XSTATS.
 */
import type { GazelleFacts } from '../dpdk/join.js';
import type { DpdkGroup, DpdkView } from '../dpdk/model.js';
import { dpdkView, joinView } from '../dpdk/view.js';
import { label } from '../monitor/label.js';
import { INSTANCE_LABEL, type Family, type FamilyType, type InstanceReading } from './families.js';

export interface DpdkExportOptions {
  readonly bases: readonly string[];
  readonly timeoutMs: number;
  /** A /proc-like tree instead of /proc (tests, bench). */
  readonly procRoot?: string;
  readonly isRoot: boolean;
  /** --xstats: also /ethdev/xstats of every port (one more telemetry command per port per scrape). */
  readonly xstats?: boolean;
}

/** xstats per port at most: a driver's list is fixed (mlx5 has a few hundred with its queues). */
export const MAX_XSTATS = 128;
/** Per-queue xstats grow with the queue count; /ethdev/stats already has the per-port sums. */
const PER_QUEUE = /^(rx|tx)_q\d+_/;

export function boundedXstats(xstats: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(xstats)
    .filter(([name]) => !PER_QUEUE.test(name))
    .slice(0, MAX_XSTATS);
}

const PORT_COUNTERS: readonly [metric: string, field: string, help: string][] = [
  ['rx_packets_total', 'ipackets', 'Packets received on the port (/ethdev/stats ipackets).'],
  ['tx_packets_total', 'opackets', 'Packets sent on the port (/ethdev/stats opackets).'],
  ['rx_bytes_total', 'ibytes', 'Bytes received on the port (/ethdev/stats ibytes).'],
  ['tx_bytes_total', 'obytes', 'Bytes sent on the port (/ethdev/stats obytes).'],
  ['rx_missed_total', 'imissed', 'Packets the NIC dropped for lack of room in the rx queues (imissed).'],
  ['rx_errors_total', 'ierrors', 'Erroneous received packets (ierrors).'],
  ['tx_errors_total', 'oerrors', 'Failed transmissions (oerrors).'],
  ['rx_nombuf_total', 'rx_nombuf', 'rx mbuf allocation failures (rx_nombuf).'],
];

class Out {
  private readonly byName = new Map<string, Family>();
  family(name: string, type: FamilyType, help: string): Family {
    let f = this.byName.get(name);
    if (!f) this.byName.set(name, (f = { name, help, type, samples: [] }));
    return f;
  }
  add(name: string, type: FamilyType, help: string, labels: Record<string, string>, value: number): void {
    this.family(name, type, help).samples.push({ labels, value });
  }
  list(): Family[] {
    return [...this.byName.values()];
  }
}

const instanceOf = (g: DpdkGroup): string => (g.gazelle[0] ? label(g.gazelle[0].unixPrefix) : '');

export function dpdkFamiliesOf(view: DpdkView): Family[] {
  const out = new Out();
  const up = out.family(
    'gazelle_dpdk_group_up',
    'gauge',
    '1 when the DPDK group has a live primary, else 0 (stale).',
  );
  const huge = out.family(
    'gazelle_dpdk_hugepage_bytes',
    'gauge',
    'Hugepage memory of the group: its <prefix>map_* files on hugetlbfs (stale groups hold it too).',
  );
  for (const g of view.groups) {
    const base = { file_prefix: g.filePrefix, [INSTANCE_LABEL]: instanceOf(g) };
    up.samples.push({ labels: base, value: g.state === 'live' ? 1 : 0 });
    huge.samples.push({ labels: base, value: g.hugepages.bytes });
    // One series per thread name: the counter sums same-named threads, the gauge says where the
    // lowest TID of them last ran.
    const cpu = new Map<string, { seconds: number; core: number; tid: number }>();
    for (const p of g.processes) {
      for (const t of p.threads) {
        const prev = cpu.get(t.name);
        if (!prev) cpu.set(t.name, { seconds: t.cpuSeconds, core: t.cpu, tid: t.tid });
        else {
          prev.seconds += t.cpuSeconds;
          if (t.tid < prev.tid) Object.assign(prev, { core: t.cpu, tid: t.tid });
        }
      }
    }
    const cpuFamily = out.family(
      'gazelle_dpdk_thread_cpu_seconds_total',
      'counter',
      'CPU time (utime + stime) of the threads of the group by thread name (same-named threads summed).',
    );
    const coreFamily = out.family(
      'gazelle_dpdk_thread_core',
      'gauge',
      'The CPU the thread last ran on (of same-named threads: the lowest TID).',
    );
    for (const [name, c] of cpu) {
      cpuFamily.samples.push({ labels: { ...base, thread: name }, value: c.seconds });
      coreFamily.samples.push({ labels: { ...base, thread: name }, value: c.core });
    }
    const t = g.telemetry;
    if (!t) continue;
    for (const port of t.ports) {
      const labels = { ...base, port: String(port.id) };
      if (port.link) {
        out.add(
          'gazelle_dpdk_port_link_up',
          'gauge',
          '1 when the port link is up (/ethdev/link_status).',
          labels,
          port.link.status === 'UP' ? 1 : 0,
        );
        if (port.link.speed !== null) {
          out.add(
            'gazelle_dpdk_port_link_speed_mbps',
            'gauge',
            'Link speed of the port, Mbit/s.',
            labels,
            port.link.speed,
          );
        }
      }
      for (const [metric, field, help] of PORT_COUNTERS) {
        const v = port.stats?.[field];
        if (v !== undefined) out.add(`gazelle_dpdk_port_${metric}`, 'counter', help, labels, v);
      }
      for (const [name, v] of port.xstats ? boundedXstats(port.xstats) : []) {
        out.add(
          'gazelle_dpdk_port_xstats_total',
          'counter',
          `Extended port statistics (/ethdev/xstats, --xstats): per-queue ones left out, at most ${MAX_XSTATS} per port.`,
          { ...labels, xstat: name },
          v,
        );
      }
    }
    for (const m of t.mempools) {
      const labels = { ...base, mempool: m.name };
      if (m.size !== null)
        out.add(
          'gazelle_dpdk_mempool_size',
          'gauge',
          'Objects in the mempool (/mempool/info size).',
          labels,
          m.size,
        );
      if (m.inUse !== null) {
        out.add(
          'gazelle_dpdk_mempool_in_use',
          'gauge',
          'Objects taken from the mempool: populated_size - common_pool_count - total_cache_count (where DPDK reports them).',
          labels,
          m.inUse,
        );
      }
    }
  }
  return out.list();
}

/** Facts for the join from this scrape's readings: the stack TIDs each instance reported. */
export function factsOf(readings: readonly InstanceReading[]): GazelleFacts[] {
  return readings
    .filter((r) => r.up && r.daemon && r.stacks?.length)
    .map((r) => ({ unixPrefix: r.prefix, daemon: r.daemon!, stackTids: r.stacks!.map((s) => s.tid) }));
}

/** What each exporter (its options object) has said already: every note once, not once per scrape. */
const said = new WeakMap<DpdkExportOptions, Set<string>>();

/**
 * Starts reading the groups (/proc and telemetry) at once, so that it overlaps the Gazelle poll of
 * the same scrape; families() joins with that poll's stack TIDs. Never rejects: a failure becomes
 * no DPDK families and one log line. What could not be read (not root: /var/run/dpdk, other users'
 * /proc; a base that is a file) is logged once per exporter.
 */
export function startDpdkScrape(
  o: DpdkExportOptions,
  log: (line: string) => void,
): { families(readings: readonly InstanceReading[]): Promise<Family[]> } {
  let seen = said.get(o);
  if (!seen) said.set(o, (seen = new Set()));
  const once = seen;
  const reading = dpdkView(
    {
      bases: o.bases,
      procRoot: o.procRoot,
      telemetry: true,
      xstats: o.xstats,
      timeoutMs: o.timeoutMs,
      isRoot: o.isRoot,
    },
    Date.now(),
  ).then(
    (view) => {
      for (const note of view.notes) {
        if (once.has(note)) continue;
        once.add(note);
        log(`DPDK: ${note}`);
      }
      return view;
    },
    (e: unknown) => {
      log(`DPDK groups not read: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    },
  );
  return {
    async families(readings) {
      const view = await reading;
      return view ? dpdkFamiliesOf(await joinView(view, factsOf(readings), o.procRoot)) : [];
    },
  };
}
