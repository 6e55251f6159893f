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

const big = (n: number): bigint => BigInt(Math.max(0, Math.round(n)));

/** A recorded instance as the exporter's InstanceReading. */
export function readingOf(prefix: string, snap: InstanceSnap, header: RecordingHeader): InstanceReading {
  if (!snap.up) return { prefix, up: false, error: snap.error };
  const era = snap.profile ?? (header.eras ? undefined : header.profile);
  const stacks: StackSample[] = snap.stacks.map((r) => ({
    tid: r[F.tid],
    stackId: r[F.stackId],
    rx: big(r[F.rx]),
    tx: big(r[F.tx]),
    rxDrop: big(r[F.rxDrop]),
    txDrop: big(r[F.txDrop]),
    ...(r[F.rxBytes] >= 0 ? { rxBytes: big(r[F.rxBytes]) } : {}),
    ...(r[F.txBytes] >= 0 ? { txBytes: big(r[F.txBytes]) } : {}),
    allocFail: big(r[F.allocFail]),
    connNum: r[F.connNum],
    mbufFree: r[F.mbufFree],
    wakeupEvents: big(r[F.wakeupEvents]),
    loglevel: r[F.loglevel],
    lowPower: r[F.lowPower],
  }));
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
        lines.push(`${key} ${s.value} ${ts}`);
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
