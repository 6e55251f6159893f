/**
 * A recording as OpenMetrics text with timestamps, for `promtool tsdb create-blocks-from
 * openmetrics`. Every sample goes through the exporter's own familiesFor(), so the metric names,
 * labels and help are exactly what the exporter serves. Families the recording cannot know (the
 * exporter's own scrape timing and build info) are left out.
 */
import {
  INSTANCE_LABEL,
  familiesFor,
  type Family,
  type FamilyType,
  type InstanceReading,
} from '../exporter/families.js';
import { label } from '../monitor/label.js';
import type { Decoded } from '../protocol/codec.js';
import type { ProfileName } from '../protocol/profiles.js';
import type { StackSample } from '../stats/stackSample.js';
import type { Item } from './reader.js';
import { F, type InstanceSnap, type RecordingHeader, type Sample } from './sample.js';

const CONNECTIONS = 'gazelle_lstack_connections';

const SKIP = new Set([
  'gazelle_build_info',
  'gazelle_scrape_duration_seconds',
  'gazelle_poll_timestamp_seconds',
]);

interface Fam {
  type: FamilyType;
  help: string;
  series: Map<string, string[]>;
}

/** A recorded instance as the exporter's InstanceReading. */
export function readingOf(prefix: string, snap: InstanceSnap, header: RecordingHeader): InstanceReading {
  if (!snap.up) return { prefix, up: false, error: snap.error };
  const era = snap.profile ?? (header.eras ? undefined : header.profile);
  const W = header.stackFields.length;
  const stacks: StackSample[] = snap.stacks.map((r, k) => {
    // a value beyond 2^53 exactly, from the wide cells
    const big = (f: number): bigint => snap.wide?.[k * W + f] ?? BigInt(Math.max(0, Math.round(r[f])));
    return {
      tid: r[F.tid],
      stackId: r[F.stackId],
      rx: big(F.rx),
      tx: big(F.tx),
      rxDrop: big(F.rxDrop),
      txDrop: big(F.txDrop),
      ...(r[F.rxBytes] >= 0 ? { rxBytes: big(F.rxBytes) } : {}),
      ...(r[F.txBytes] >= 0 ? { txBytes: big(F.txBytes) } : {}),
      allocFail: big(F.allocFail),
      connNum: r[F.connNum],
      mbufFree: r[F.mbufFree],
      wakeupEvents: big(F.wakeupEvents),
      loglevel: r[F.loglevel],
      lowPower: r[F.lowPower],
    };
  });
  const reading: InstanceReading = {
    prefix,
    up: true,
    daemon: snap.daemon,
    ...(era && era !== 'auto' ? { profile: era as ProfileName } : {}),
    stacks,
  };
  if (snap.snmp) {
    reading.snmp = snap.snmp.map((row, i) => ({
      tid: stacks[i]?.tid ?? 0,
      stack_id: stacks[i]?.stackId ?? i,
      // -1: a member of another era's SNMP struct, which this instance's era does not have
      data: {
        snmp: Object.fromEntries(header.snmpFields.flatMap((f, k) => (row[k] >= 0 ? [[f, row[k]]] : []))),
      },
    })) as Decoded[];
  }
  // The exporter counts states from the raw answers; the recording keeps the counts. An empty
  // answer list gets the exporter's family (name, type, help); connFamilies() fills it.
  if (snap.connStates) reading.conn = [];
  if (snap.ports) {
    reading.ltranTotal = {
      port_list: snap.ports.map((row) => Object.fromEntries(header.portFields.map((f, k) => [f, row[k]]))),
    } as Decoded;
  }
  return reading;
}

/**
 * Connections per TCP state into the exporter's gazelle_lstack_connections family, with its labels
 * (instance, stack, tid, state; states in the exporter's order).
 */
function connFamilies(families: Family[], header: RecordingHeader, sample: Sample): void {
  const fam = families.find((f) => f.name === CONNECTIONS);
  if (!fam) return;
  sample.instances.forEach((snap, i) => {
    if (!snap.up || !snap.connStates) return;
    snap.connStates.forEach((states, k) => {
      const row = snap.stacks[k];
      const labels = {
        [INSTANCE_LABEL]: label(header.instances[i]),
        stack: String(row && row[F.stackId] >= 0 ? row[F.stackId] : k),
        tid: String(row ? row[F.tid] : 0),
      };
      for (const [state, n] of Object.entries(states).sort(([x], [y]) => x.localeCompare(y)))
        fam.samples.push({ labels: { ...labels, state }, value: n });
    });
  });
}

/** The exporter's stack counters (families.ts STACK_COUNTERS and the byte ones) by recorded field. */
const COUNTER_METRICS: [metric: string, field: number][] = [
  ['gazelle_lstack_rx_packets_total', F.rx],
  ['gazelle_lstack_tx_packets_total', F.tx],
  ['gazelle_lstack_rx_dropped_total', F.rxDrop],
  ['gazelle_lstack_tx_dropped_total', F.txDrop],
  ['gazelle_lstack_mbuf_alloc_failures_total', F.allocFail],
  ['gazelle_lstack_wakeup_events_total', F.wakeupEvents],
  ['gazelle_lstack_rx_bytes_total', F.rxBytes],
  ['gazelle_lstack_tx_bytes_total', F.txBytes],
];

const wideKey = (l: Record<string, string>): string => `|${l[INSTANCE_LABEL]}|${l.stack}|${l.tid}`;

/**
 * Counters beyond 2^53 as exact decimals, by family and stack labels: the exporter's samples are
 * numbers (a float64 in Prometheus too), the text can say the u64 exactly.
 */
function wideValues(header: RecordingHeader, sample: Sample): Map<string, string> {
  const out = new Map<string, string>();
  const W = header.stackFields.length;
  sample.instances.forEach((snap, i) => {
    if (!snap.up || !snap.wide) return;
    snap.stacks.forEach((r, k) => {
      const labels = {
        [INSTANCE_LABEL]: label(header.instances[i]),
        stack: String(r[F.stackId]),
        tid: String(r[F.tid]),
      };
      for (const [metric, f] of COUNTER_METRICS) {
        const v = snap.wide![k * W + f];
        if (v !== undefined) out.set(`${metric}${wideKey(labels)}`, String(v));
      }
    });
  });
  return out;
}

const escape = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function toOpenMetrics(items: Iterable<Item>, profile?: ProfileName): string {
  const fams = new Map<string, Fam>();
  for (const item of items) {
    if (item.kind !== 'sample') continue;
    const { sample, header } = item;
    const readings = header.instances.map((p, i) => readingOf(p, sample.instances[i], header));
    const families = familiesFor(readings, {
      version: header.tool,
      profile: (profile ?? header.profile) as ProfileName,
      scrapeSeconds: 0,
      pollTime: sample.t / 1000,
    });
    connFamilies(families, header, sample);
    const exact = wideValues(header, sample);
    const ts = (sample.t / 1000).toFixed(3);
    for (const f of families) {
      if (SKIP.has(f.name)) continue;
      // OpenMetrics names a counter family without its _total; the samples keep it.
      const name = f.type === 'counter' ? f.name.replace(/_total$/, '') : f.name;
      let fam = fams.get(name);
      if (!fam) fams.set(name, (fam = { type: f.type, help: f.help, series: new Map() }));
      for (const s of f.samples) {
        const sampleName = s.metricName ?? (f.type === 'counter' ? `${name}_total` : name);
        const labels = Object.entries(s.labels)
          .map(([k, v]) => `${k}="${escape(v)}"`)
          .join(',');
        const key = labels ? `${sampleName}{${labels}}` : sampleName;
        let lines = fam.series.get(key);
        if (!lines) fam.series.set(key, (lines = []));
        const value = exact.size > 0 ? (exact.get(`${f.name}${wideKey(s.labels)}`) ?? s.value) : s.value;
        lines.push(`${key} ${value} ${ts}`);
      }
    }
  }
  const out: string[] = [];
  for (const [name, fam] of fams) {
    out.push(`# TYPE ${name} ${fam.type}`);
    out.push(`# HELP ${name} ${fam.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
    for (const lines of fam.series.values()) out.push(...lines);
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}
