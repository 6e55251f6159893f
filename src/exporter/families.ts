/**
 * Pure mapping from what one scrape read off the control sockets to Prometheus metric families.
 * No I/O, no clock, no prom-client: polling (poll.ts) fills InstanceReadings, exposition (expose.ts)
 * hands the families to prom-client's text format.
 *
 * Daemon counters are proxied as they are (like a Go ConstMetric): the value Gazelle reports is the
 * sample value, typed `counter`, and Prometheus' rate()/increase() handle the resets a daemon
 * restart (or a START_LATENCY, which zeroes lstack's aggregate byte counters) causes.
 */
import type { Daemon } from '../model/daemon.js';
import type { Decoded } from '../protocol/codec.js';
import type { ProfileName } from '../protocol/profiles.js';
import { connList } from '../stats/connections.js';
import { latencyTable } from '../stats/latency.js';
import type { StackSample } from '../stats/stackSample.js';
import { label } from '../monitor/label.js';

/**
 * The label naming the Gazelle instance (its unix_prefix). Not `instance`: Prometheus owns that
 * target label and would rename ours to `exported_instance` on ingestion.
 */
export const INSTANCE_LABEL = 'gazelle_instance';

export type FamilyType = 'counter' | 'gauge' | 'summary';

export interface MetricSample {
  labels: Record<string, string>;
  value: number;
  /** Series name when it is not the family name (a summary's `_sum` / `_count`). */
  metricName?: string;
}

export interface Family {
  name: string;
  help: string;
  type: FamilyType;
  samples: MetricSample[];
}

/** Everything one poll of one instance produced; absent parts were not asked for or not available. */
export interface InstanceReading {
  prefix: string;
  up: boolean;
  /** Why the instance is down (for the log and the HTML page), when it is. */
  error?: string;
  daemon?: Daemon;
  /** The era the instance was read in (detected per instance, or --profile). */
  profile?: ProfileName;
  stacks?: StackSample[];
  /** LSTACK_SHOW_SNMP answers, one per stack. */
  snmp?: Decoded[];
  /** LSTACK_SHOW_CONN answers, one per stack (only with --connections). */
  conn?: Decoded[];
  /** LSTACK_SHOW_LATENCY answers, one per stack (only with --latency). */
  latency?: Decoded[];
  /** ltran's gazelle_stat_ltran_total (ltran instances only). */
  ltranTotal?: Decoded;
}

export interface ScrapeMeta {
  version: string;
  /** --profile NAME, or 'auto' when each instance is read in its own era. */
  profile: ProfileName | 'auto';
  /** Wall time of the poll the values come from. */
  scrapeSeconds: number;
  /** When that poll started (seconds since the epoch). */
  pollTime: number;
}

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v ?? 0));

/** Collects families in first-use order; a family is created with its first sample. */
class Families {
  private readonly byName = new Map<string, Family>();

  add(name: string, type: FamilyType, help: string, labels: Record<string, string>, value: number): void {
    this.family(name, type, help).samples.push({ labels, value });
  }

  addSummary(name: string, help: string, labels: Record<string, string>, sum: number, count: number): void {
    const f = this.family(name, 'summary', help);
    f.samples.push({ labels, value: sum, metricName: `${name}_sum` });
    f.samples.push({ labels, value: count, metricName: `${name}_count` });
  }

  /** Declares a family so that it is exposed (with HELP/TYPE) even when it has no sample yet. */
  family(name: string, type: FamilyType, help: string): Family {
    let f = this.byName.get(name);
    if (!f) {
      f = { name, help, type, samples: [] };
      this.byName.set(name, f);
    }
    return f;
  }

  list(): Family[] {
    return [...this.byName.values()];
  }
}

/** Per-stack StackSample counters (LSTACK_SHOW / LTRAN_SHOW_LSTACK). */
const STACK_COUNTERS: readonly [metric: string, field: keyof StackSample, help: string][] = [
  ['rx_packets_total', 'rx', 'Packets received by the stack (stack_stat.rx).'],
  ['tx_packets_total', 'tx', 'Packets sent by the stack (stack_stat.tx).'],
  ['rx_dropped_total', 'rxDrop', 'Received packets dropped by the stack (rx_drop).'],
  ['tx_dropped_total', 'txDrop', 'Packets the stack dropped on send (tx_drop).'],
  [
    'mbuf_alloc_failures_total',
    'allocFail',
    'mbuf allocation failures of the stack (rx_allocmbuf_fail + tx_allocmbuf_fail).',
  ],
  ['wakeup_events_total', 'wakeupEvents', 'Application wakeups by the stack (wakeup_events).'],
];

/**
 * Running byte counters exist only in ltran's gazelle_stat_lstack_total (ltran mode). lstack's own
 * aggregate_stats.rx_bytes/tx_bytes count only between START_LATENCY and STOP_LATENCY (PROTOCOL.md
 * §7.1), so they are no counter and are not exported.
 */
const STACK_BYTE_COUNTERS: readonly [metric: string, field: 'rxBytes' | 'txBytes', help: string][] = [
  [
    'rx_bytes_total',
    'rxBytes',
    'Bytes ltran forwarded to the stack (ltran mode only: lstack_total.rx_bytes).',
  ],
  ['tx_bytes_total', 'txBytes', 'Bytes ltran took from the stack (ltran mode only: lstack_total.tx_bytes).'],
];

const STACK_GAUGES: readonly [metric: string, field: keyof StackSample, help: string][] = [
  ['conn_num', 'connNum', 'Connections of the stack as lstack counts them (conn_num).'],
  ['mbuf_free', 'mbufFree', 'Free mbufs in the stack pool (mbuf_pool_cnt / mbufpool_avail_cnt).'],
];

const LTRAN_PORT_COUNTERS: readonly [metric: string, field: string, help: string][] = [
  ['rx_packets_total', 'rx', 'Packets ltran received on the bond port.'],
  ['tx_packets_total', 'tx', 'Packets ltran sent on the bond port.'],
  ['tx_dropped_total', 'tx_drop', 'Packets ltran dropped on send on the bond port.'],
  ['rx_bytes_total', 'rx_bytes', 'Bytes ltran received on the bond port.'],
  ['tx_bytes_total', 'tx_bytes', 'Bytes ltran sent on the bond port.'],
];
/** ltran classifies what it receives; ltran never fills rx_drop (PROTOCOL.md §5.2), so it is not exposed. */
const LTRAN_PACKET_TYPES = ['arp', 'kni', 'icmp', 'tcp'] as const;

/** Metric name for an SNMP member of gazelle_stat_lstack_snmp (u32 counters, wrap at 2^32). */
export const snmpMetricName = (member: string): string => `gazelle_snmp_${member}_total`;

export function familiesFor(readings: readonly InstanceReading[], meta: ScrapeMeta): Family[] {
  const out = new Families();
  out.add(
    'gazelle_build_info',
    'gauge',
    'gazellectl exporter version and the Gazelle protocol profile it reads; always 1.',
    { version: meta.version, profile: meta.profile },
    1,
  );
  out.add(
    'gazelle_scrape_duration_seconds',
    'gauge',
    'Wall time of the poll of every instance that these values come from.',
    {},
    meta.scrapeSeconds,
  );
  out.add(
    'gazelle_poll_timestamp_seconds',
    'gauge',
    'When that poll started (Unix time): this scrape with the default, earlier with --poll-interval.',
    {},
    meta.pollTime,
  );
  const up = out.family('gazelle_up', 'gauge', '1 when the instance answered this scrape, else 0.');
  for (const r of readings)
    up.samples.push({ labels: { [INSTANCE_LABEL]: label(r.prefix) }, value: r.up ? 1 : 0 });
  for (const r of readings) {
    const inst = label(r.prefix);
    if (r.daemon) {
      out.add(
        'gazelle_instance_info',
        'gauge',
        'Which daemon answers for the instance (ltran, or lstack with use_ltran=0) and the Gazelle era (profile) it speaks; always 1.',
        { [INSTANCE_LABEL]: inst, daemon: r.daemon, ...(r.profile ? { profile: r.profile } : {}) },
        1,
      );
    }
    if (!r.up) continue;
    stackFamilies(out, inst, r.stacks ?? [], r.daemon === 'ltran');
    snmpFamilies(out, inst, r.snmp ?? []);
    connFamilies(out, inst, r.conn);
    latencyFamilies(out, inst, r.latency ?? []);
    if (r.ltranTotal) ltranFamilies(out, inst, r.ltranTotal);
  }
  return out.list();
}

function stackLabels(inst: string, stack: number, tid: number): Record<string, string> {
  return { [INSTANCE_LABEL]: inst, stack: String(stack), tid: String(tid) };
}

/** stack label of a dfx answer: stack_id where the era has it, else its position (v1.0.2). */
const stackOf = (a: Decoded, i: number): number => (a.stack_id as number | undefined) ?? i;

function stackFamilies(out: Families, inst: string, stacks: readonly StackSample[], viaLtran: boolean): void {
  for (const s of stacks) {
    const labels = stackLabels(inst, s.stackId, s.tid);
    for (const [metric, field, help] of STACK_COUNTERS) {
      out.add(`gazelle_lstack_${metric}`, 'counter', help, labels, num(s[field]));
    }
    for (const [metric, field, help] of viaLtran ? STACK_BYTE_COUNTERS : []) {
      const v = s[field];
      if (v !== undefined) out.add(`gazelle_lstack_${metric}`, 'counter', help, labels, num(v));
    }
    for (const [metric, field, help] of STACK_GAUGES) {
      out.add(`gazelle_lstack_${metric}`, 'gauge', help, labels, num(s[field]));
    }
  }
}

function snmpFamilies(out: Families, inst: string, answers: readonly Decoded[]): void {
  answers.forEach((a, i) => {
    const labels = stackLabels(inst, stackOf(a, i), a.tid);
    for (const [member, v] of Object.entries((a.data?.snmp ?? {}) as Record<string, unknown>)) {
      out.add(
        snmpMetricName(member),
        'counter',
        `lwip SNMP counter ${member} of the stack (LSTACK_SHOW_SNMP; u32, wraps at 2^32).`,
        labels,
        num(v),
      );
    }
  });
}

/** Counts per TCP state, never a series per connection. */
function connFamilies(out: Families, inst: string, answers: readonly Decoded[] | undefined): void {
  if (!answers) return;
  const help =
    'Connections of the stack per TCP state (counted from LSTACK_SHOW_CONN; listening sockets as LISTEN).';
  const f = out.family('gazelle_lstack_connections', 'gauge', help);
  answers.forEach((a, i) => {
    const counts = new Map<string, number>();
    for (const row of connList([a]).rows) counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
    // tid as well as stack: behind ltran, stack ids repeat once per registered lstack process.
    const labels = stackLabels(inst, stackOf(a, i), a.tid);
    for (const [state, n] of [...counts].sort(([x], [y]) => x.localeCompare(y))) {
      f.samples.push({ labels: { ...labels, state }, value: n });
    }
    const total = num(a.data?.conn?.total_conn_num);
    out.add(
      'gazelle_lstack_total_conn_num',
      'gauge',
      'total_conn_num of the stack: more than the listed connections when lstack truncated its list.',
      labels,
      total,
    );
  });
}

function latencyFamilies(out: Families, inst: string, answers: readonly Decoded[]): void {
  answers.forEach((a, i) => {
    const labels = stackLabels(inst, stackOf(a, i), a.tid);
    for (const stage of latencyTable([a])) {
      const count = Number(stage.pkts);
      // avg is total/pkts in microseconds; total is what the summary's _sum wants.
      const sumSeconds = stage.avg === null ? 0 : (stage.avg * count) / 1e6;
      out.addSummary(
        'gazelle_lstack_latency_seconds',
        'Latency per stage measured by lstack between START_LATENCY and STOP_LATENCY (`lstack show -l`); the exporter never starts a measurement.',
        { ...labels, stage: stage.stage },
        sumSeconds,
        count,
      );
    }
  });
}

function ltranFamilies(out: Families, inst: string, total: Decoded): void {
  ((total.port_list ?? []) as Decoded[]).forEach((p, port) => {
    const labels = { [INSTANCE_LABEL]: inst, port: String(port) };
    for (const [metric, field, help] of LTRAN_PORT_COUNTERS) {
      out.add(`gazelle_ltran_port_${metric}`, 'counter', help, labels, num(p[field]));
    }
    for (const type of LTRAN_PACKET_TYPES) {
      out.add(
        'gazelle_ltran_port_packets_by_type_total',
        'counter',
        'Packets ltran classified on the bond port, by type (arp_pkt, kni_pkt, icmp_pkt, tcp_pkt).',
        { ...labels, type },
        num(p[`${type}_pkt`]),
      );
    }
  });
}
