/**
 * Latency reports: lstack's table (gazelle_print_lstack_stat_latency) and ltran's stream
 * (gazelle_print_ltran_stat_latency).
 *
 * lstack: every stack's rows are collected per latency type into a 4096-byte text buffer
 * (GAZELLE_RESULT_LEN) and the whole table is printed after the last stack; a type whose buffer has
 * less than 80 bytes left (GAZELLE_RESULT_LINE_LEN) gets an immediate "out of memory bounds" line
 * instead of a row. The "ip:" column is the REQUEST's address (0.0.0.0 for a PID), not the reply's.
 */
import type { Decoded } from '../../protocol/codec.js';
import type { ProfileName } from '../../protocol/profiles.js';
import { ntop4 } from './inet.js';
import { sprintf } from './printf.js';
import type { StepPrinter } from './step-printer.js';

const RESULT_LEN = 4096;
const RESULT_LINE_LEN = 80;
const U64_MAX = (1n << 64n) - 1n;
const u64add = (a: bigint, b: bigint): bigint => (a + b) & U64_MAX;

/** (double)total / pkts, as C converts both u64 to double first. */
const average = (total: bigint, pkts: bigint): number => Number(total) / Number(pkts);

interface TypeResult {
  text: string;
  min: bigint;
  max: bigint;
  pkts: bigint;
  total: bigint;
}

/** One section of the printed table: its heading and the latency type index it shows. */
export type LatencySection = { heading: string; type: number } | { text: string };

interface LatencyEra {
  types: number;
  /** Element i of data.latency as {latency_pkts, latency_min, latency_max, latency_total}. */
  entry: (latency: Decoded, i: number) => Decoded;
  sections: LatencySection[];
  /** Rows are width 8 for pkts/min/max in 1.0.3 and 2024.09. */
  row: string;
  totalLabel: string;
}

const V103_SECTIONS: LatencySection[] = [
  { text: 'Statistics of lstack latency          pkts        min(us)     max(us)     average(us)\n' },
  { text: 'Recv:\n' },
  { heading: 'range: t0--->t1\n', type: 0 },
  { heading: 'range: t1--->t2\n', type: 1 },
  { heading: 'range: t2--->t3\n', type: 2 },
  { heading: 'range: t0--->t3\n', type: 3 },
  { text: 't0: read from nic  t1: into recvmbox  t2: app read start  t3: app read end\n' },
  { text: 'Send:\n' },
  { heading: 'range: t0--->t1\n', type: 4 },
  { heading: 'range: t1--->t2\n', type: 5 },
  { heading: 'range: t2--->t3\n', type: 6 },
  { heading: 'range: t0--->t3\n', type: 7 },
  { text: 't0: app send  t1: into send ring  t2: out of send ring  t3: send to nic\n' },
  { text: 'Others:\n' },
  { heading: 'rpc_call_send\n', type: 8 },
  { heading: 'ready to read from recvmbox\n', type: 9 },
];

const V103: LatencyEra = {
  types: 10,
  entry: (latency, i) => (latency.latency as Decoded[])[i],
  sections: V103_SECTIONS,
  row: '%-8lu    ',
  totalLabel: '                     total:           ',
};

const ERAS: Record<ProfileName, LatencyEra> = { 'v1.0.3': V103, 'v2024.09': V103, 'v1.0.2': V103 };

export function lstackLatency(profile: ProfileName): StepPrinter {
  const era = ERAS[profile];
  let results: TypeResult[] = [];
  const reset = (): void => {
    results = Array.from({ length: era.types }, () => ({
      text: '',
      min: U64_MAX,
      max: 0n,
      pkts: 0n,
      total: 0n,
    }));
  };
  reset();
  return {
    struct: (_kind, dfx, ctx) => {
      let immediate = '';
      for (let i = 0; i < era.types; i++) {
        const res = results[i];
        if (RESULT_LEN - res.text.length < RESULT_LINE_LEN) {
          immediate += 'too many threads show latency result, out of memory bounds\n';
          continue;
        }
        const e = era.entry(dfx.data.latency, i);
        res.text += sprintf('ip: %-15s  tid: %-8u    ', ntop4(ctx.request.ip), dfx.tid);
        if (e.latency_pkts > 0n) {
          res.text += sprintf(era.row, e.latency_pkts);
          res.text += sprintf(era.row, e.latency_min);
          res.text += sprintf(era.row, e.latency_max);
          res.text += sprintf('%-6.2f \n', average(e.latency_total, e.latency_pkts));
        } else {
          res.text += '0\n';
        }
        if (e.latency_min < res.min) res.min = e.latency_min;
        if (e.latency_max > res.max) res.max = e.latency_max;
        res.pkts = u64add(res.pkts, e.latency_pkts);
        res.total = u64add(res.total, e.latency_total);
      }
      return immediate;
    },
    end: () => {
      let immediate = '';
      for (const res of results) {
        if (RESULT_LEN - res.text.length < RESULT_LINE_LEN) {
          immediate += 'total latency result show failed, out of memory bounds\n';
        } else if (res.pkts > 0n) {
          res.text += era.totalLabel;
          res.text += sprintf(era.row, res.pkts) + sprintf(era.row, res.min) + sprintf(era.row, res.max);
          res.text += sprintf('%-6.2f \n\n', average(res.total, res.pkts));
        } else {
          res.text += `${era.totalLabel}0\n\n`;
        }
      }
      let out = immediate;
      for (const s of era.sections) out += 'text' in s ? s.text : s.heading + results[s.type].text;
      reset();
      return out;
    },
  };
}

/**
 * LTRAN_SHOW_LATENCY: one row per (address, lstack_total) pair; the title is printed once the
 * first lstack_total has arrived (or at the end if the stream was only its end marker).
 * total_latency is a double sum in C, min/max/pkts u64.
 */
export function ltranLatency(): StepPrinter {
  let titled = false;
  let pkts = 0n;
  let totalLatency = 0;
  let max = 0n;
  let min = U64_MAX;
  const title = (): string => {
    if (titled) return '';
    titled = true;
    return (
      'Statistics of ltran latency:  t0--->t1          (t0:read form nic  t1:into lstask queue  t2:into app queue)\n' +
      '                                      pkts        min(us)     max(us)     average(us)\n'
    );
  };
  return {
    struct: (_kind, { addr, total: stat }) => {
      let out = title() + sprintf('ip: %-15s  tid: %-8u    ', ntop4(addr), stat.tid);
      if (stat.latency_pkts > 0n) {
        out += sprintf('%-8lu    ', stat.latency_pkts);
        out += sprintf('%-6lu      ', stat.latency_min);
        out += sprintf('%-6lu      ', stat.latency_max);
        out += sprintf('%-6.2f \n', average(stat.latency_total, stat.latency_pkts));
      } else {
        out += '0\n';
      }
      if (stat.latency_max > max) max = stat.latency_max;
      if (stat.latency_min < min) min = stat.latency_min;
      totalLatency += Number(stat.latency_total);
      pkts = u64add(pkts, stat.latency_pkts);
      return out;
    },
    end: () => {
      let out = title();
      if (pkts > 0n) {
        out += '                          total:      ';
        out += sprintf('%-8lu    ', pkts) + sprintf('%-6lu      ', min) + sprintf('%-6lu      ', max);
        out += sprintf('%-6.2f \n', totalLatency / Number(pkts));
      } else {
        out += '                          total:      0\n';
      }
      titled = false;
      pkts = 0n;
      totalLatency = 0;
      max = 0n;
      min = U64_MAX;
      return out;
    },
  };
}
