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
import { U64_MAX } from '../../protocol/enums.js';
import type { ProfileName } from '../../protocol/profiles.js';
import { ntop4 } from './inet.js';
import { sprintf } from './printf.js';
import type { StepPrinter } from './step-printer.js';

const RESULT_LEN = 4096;
const RESULT_LINE_LEN = 80;
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

/** The printed table: fixed text, or the collected rows of one latency type. */
export type LatencySection = { text: string } | { type: number };

interface LatencyEra {
  types: number;
  /** Latency type i of data.latency: {latency_pkts, latency_min, latency_max, latency_total}. */
  entry: (latency: Decoded, i: number) => Decoded;
  sections: LatencySection[];
  /** Formats of the pkts, min and max columns. */
  columns: readonly [string, string, string];
  totalLabel: string;
  /** What ends a type's block after its total line. */
  totalEnd: string;
  /** 1.0.3-era clients refuse rows when a type's 4096-byte buffer is nearly full; 1.0.2 did not check. */
  boundsCheck: boolean;
}

const HEAD = 'Statistics of lstack latency          pkts        min(us)     max(us)     average(us)\n';
const range = (from: number, to: number, type: number): LatencySection[] => [
  { text: `range: t${from}--->t${to}\n` },
  { type },
];

/** Tag 1.0.3 / HEAD: 10 types, READ_LWIP gone (PROTOCOL.md §3.2). */
const V103: LatencyEra = {
  types: 10,
  entry: (latency, i) => (latency.latency as Decoded[])[i],
  sections: [
    { text: HEAD + 'Recv:\n' },
    ...range(0, 1, 0),
    ...range(1, 2, 1),
    ...range(2, 3, 2),
    ...range(0, 3, 3),
    { text: 't0: read from nic  t1: into recvmbox  t2: app read start  t3: app read end\nSend:\n' },
    ...range(0, 1, 4),
    ...range(1, 2, 5),
    ...range(2, 3, 6),
    ...range(0, 3, 7),
    { text: 't0: app send  t1: into send ring  t2: out of send ring  t3: send to nic\nOthers:\n' },
    { text: 'rpc_call_send\n' },
    { type: 8 },
    { text: 'ready to read from recvmbox\n' },
    { type: 9 },
  ],
  columns: ['%-8lu    ', '%-8lu    ', '%-8lu    '],
  totalLabel: '                     total:           ',
  totalEnd: '\n\n',
  boundsCheck: true,
};

/** 2024-09 .. 2025-07: 11 types, with READ_LWIP (t1--->t2 of the receive path). */
const V2024: LatencyEra = {
  ...V103,
  types: 11,
  sections: [
    { text: HEAD + 'Recv:\n' },
    ...range(0, 1, 0),
    ...range(1, 2, 1),
    ...range(2, 3, 2),
    ...range(3, 4, 3),
    ...range(0, 4, 4),
    {
      text: 't0: read from nic  t1: into recvmbox  t2: into recvring t3: app read start  t4: app read end\nSend:\n',
    },
    ...range(0, 1, 5),
    ...range(1, 2, 6),
    ...range(2, 3, 7),
    ...range(0, 3, 8),
    { text: 't0: app send  t1: into send ring  t2: out of send ring  t3: send to nic\nOthers:\n' },
    { text: 'rpc_call_send\n' },
    { type: 9 },
    { text: 'ready to read from recvmbox\n' },
    { type: 10 },
  ],
};

const V102_TABLE_HEAD =
  '                                      pkts        min(us)     max(us)     average(us)\n';
const v102Title = (range: string): string =>
  `Statistics of lstack latency: ${range}         ` +
  '(t0:read form nic  t1:into lstask queue  t2:into app queue t3:app read)\n' +
  V102_TABLE_HEAD;

/** Tag 1.0.2: two separate tables, read_latency (t0--->t3) then lwip_latency (t0--->t2). */
const V102: LatencyEra = {
  types: 2,
  entry: (latency, i) => (i === 0 ? latency.read_latency : latency.lwip_latency),
  sections: [{ text: v102Title('t0--->t3') }, { type: 0 }, { text: v102Title('t0--->t2') }, { type: 1 }],
  columns: ['%-8lu    ', '%-6lu      ', '%-6lu      '],
  totalLabel: '                          total:      ',
  totalEnd: '\n\n\n',
  boundsCheck: false,
};

const ERAS: Record<ProfileName, LatencyEra> = { 'v1.0.3': V103, 'v2024.09': V2024, 'v1.0.2': V102 };

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
        if (era.boundsCheck && RESULT_LEN - res.text.length < RESULT_LINE_LEN) {
          immediate += 'too many threads show latency result, out of memory bounds\n';
          continue;
        }
        const e = era.entry(dfx.data.latency, i);
        res.text += sprintf('ip: %-15s  tid: %-8u    ', ntop4(ctx.request.ip), dfx.tid);
        if (e.latency_pkts > 0n) {
          res.text += sprintf(era.columns[0], e.latency_pkts);
          res.text += sprintf(era.columns[1], e.latency_min);
          res.text += sprintf(era.columns[2], e.latency_max);
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
        if (era.boundsCheck && RESULT_LEN - res.text.length < RESULT_LINE_LEN) {
          immediate += 'total latency result show failed, out of memory bounds\n';
        } else if (res.pkts > 0n) {
          res.text += era.totalLabel;
          res.text += sprintf(era.columns[0], res.pkts);
          res.text += sprintf(era.columns[1], res.min);
          res.text += sprintf(era.columns[2], res.max);
          res.text += sprintf('%-6.2f ', average(res.total, res.pkts)) + era.totalEnd;
        } else {
          res.text += `${era.totalLabel}0${era.totalEnd}`;
        }
      }
      let out = immediate;
      for (const s of era.sections) out += 'text' in s ? s.text : results[s.type].text;
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
