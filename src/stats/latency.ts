/** The per-stage latency table of LSTACK_SHOW_LATENCY answers, summed over stacks (PROTOCOL.md §3.2). */
import type { Decoded } from '../protocol/codec.js';
import { U64_MAX } from '../protocol/enums.js';

export interface LatencyStage {
  stage: string;
  pkts: bigint;
  /** Microseconds; null when no packet was measured. */
  min: bigint | null;
  max: bigint | null;
  avg: number | null;
}

/** GAZELLE_LATENCY_TYPE labels as the C client prints them. */
const STAGES_1_0_3 = [
  'recv t0->t1 (into mbox)',
  'recv t1->t2 (app read call)',
  'recv t2->t3 (lstack read)',
  'recv t0->t3 (total)',
  'send t0->t1 (into ring)',
  'send t1->t2 (lwip)',
  'send t2->t3 (lstack)',
  'send t0->t3 (total)',
  'rpc_call_send',
  'ready to read from recvmbox',
];
const STAGES_1_0_2 = ['read_latency', 'lwip_latency'];

interface RawStage {
  latency_max: bigint;
  latency_min: bigint;
  latency_pkts: bigint;
  latency_total: bigint;
}

function stagesOf(answer: Decoded): RawStage[] {
  const lat = answer.data.latency ?? {};
  return Array.isArray(lat.latency) ? lat.latency : [lat.read_latency, lat.lwip_latency].filter(Boolean);
}

export function latencyTable(answers: readonly Decoded[]): LatencyStage[] {
  const first = answers[0];
  if (!first) return [];
  const labels = Array.isArray(first.data.latency?.latency) ? STAGES_1_0_3 : STAGES_1_0_2;
  return stagesOf(first).map((_, i) => {
    let pkts = 0n;
    let total = 0n;
    let min: bigint | null = null;
    let max: bigint | null = null;
    for (const a of answers) {
      const s = stagesOf(a)[i];
      if (!s || s.latency_pkts === 0n) continue;
      pkts += s.latency_pkts;
      total += s.latency_total;
      if (s.latency_min !== U64_MAX && (min === null || s.latency_min < min)) min = s.latency_min;
      if (max === null || s.latency_max > max) max = s.latency_max;
    }
    return {
      stage: labels[i] ?? `latency[${i}]`,
      pkts,
      min,
      max,
      avg: pkts === 0n ? null : Number(total) / Number(pkts),
    };
  });
}
