/**
 * The C-compatible text printer: output byte-identical to the C gazellectl of the selected era for
 * the same replies. One printer per command; it picks a printer per stat mode the first time a mode
 * is seen and keeps it, so rate baselines survive from round to round.
 */
import { measurementSeconds, type GazelleCommand } from '../../model/command.js';
import type { Printer, StructKind } from '../printer.js';
import type { Decoded } from '../../protocol/codec.js';
import type { ModeName } from '../../protocol/modes.js';
import { PROFILES, type ProfileName, type Wire } from '../../protocol/profiles.js';
import { ByteOut } from './byte-out.js';
import { lstackConn } from './conn.js';
import { lstackAggregate, lstackIntr, lstackLowPower, lstackProto } from './counters.js';
import { lstackLatency, ltranLatency } from './latency.js';
import { lstackRate, ltranLbRate } from './lstack-rate.js';
import { lstackShow } from './lstack-show.js';
import { ltranBurst, ltranClient, ltranConnTable, ltranRate, ltranSockTable, ltranTotal } from './ltran.js';
import { lstackNicFeatures, lstackVirtio, lstackXstats } from './nic.js';
import { lstackSnmp } from './snmp.js';
import { silent, type PrinterEnv, type StepPrinter } from './step-printer.js';

export { usageText } from './usage.js';
export { sprintf, formatFixed } from './printf.js';

export interface CPrinterOptions {
  /**
   * Wall clock for the connection table's stamp, microseconds since the epoch (gettimeofday): 1.0.2
   * prints them as they are, the 1.0.3 era as local time.
   */
  now: () => bigint;
}

/**
 * The counters the lstack-mode rate display uses. 1.0.2's pkts has no byte counters, but its
 * client never asked lstack itself for rates (only ltran, which answers with lstack_total).
 */
function ratePkts() {
  return (dfx: Decoded) => {
    const p = dfx.data.pkts as Decoded;
    const agg = (p.aggregate_stats ?? {}) as Decoded;
    const s = p.stack_stat as Decoded;
    return {
      rx: s.rx,
      rx_drop: s.rx_drop,
      tx: s.tx,
      tx_drop: s.tx_drop,
      rx_bytes: agg.rx_bytes ?? 0n,
      tx_bytes: agg.tx_bytes ?? 0n,
    };
  };
}

/** Where `-a` finds gazelle_stack_aggregate_stats: its own union member, or inside pkts. */
function aggregateOf(profile: ProfileName) {
  const inPkts = PROFILES[profile].aggregate.member === 'pkts';
  return (dfx: Decoded): Decoded =>
    inPkts ? (dfx.data.pkts as Decoded).aggregate_stats : dfx.data.aggregate_stats;
}

/** One mode whose reply struct decides the layout (1.0.2's LSTACK_SHOW_RATE via ltran or lstack). */
function byKind(printers: Partial<Record<StructKind, StepPrinter>>): StepPrinter {
  const all = Object.values(printers);
  return {
    struct: (kind, value, ctx) => printers[kind]?.struct(kind, value, ctx) ?? '',
    end: (ctx) => all.map((p) => p.end?.(ctx) ?? '').join(''),
  };
}

function printerFor(mode: ModeName, env: PrinterEnv): StepPrinter {
  const { profile } = env;
  switch (mode) {
    case 'LTRAN_SHOW':
      return ltranTotal;
    case 'LTRAN_SHOW_RATE':
      return ltranRate();
    case 'LTRAN_SHOW_BURST':
      return ltranBurst();
    case 'LTRAN_SHOW_INSTANCE':
      return ltranClient;
    case 'LTRAN_SHOW_SOCKTABLE':
      return ltranSockTable;
    case 'LTRAN_SHOW_CONNTABLE':
      return ltranConnTable;
    case 'LTRAN_SHOW_LATENCY':
      return ltranLatency();
    case 'LTRAN_SHOW_LB_RATE':
      return ltranLbRate();
    case 'LTRAN_SHOW_LSTACK':
    case 'LSTACK_SHOW':
      return lstackShow(profile);
    case 'LSTACK_SHOW_RATE':
      // 1.0.2 asked ltran for this mode and got lstack_total structs (printed like LB_RATE).
      return byKind({ lstackTotal: ltranLbRate(), dfx: lstackRate(ratePkts()) });
    case 'LSTACK_SHOW_SNMP':
      return lstackSnmp(profile);
    case 'LSTACK_SHOW_CONN':
      return lstackConn(profile, env.now);
    case 'LSTACK_SHOW_LATENCY':
      return lstackLatency(profile);
    case 'LSTACK_SHOW_AGGREGATE':
      return lstackAggregate(aggregateOf(profile), env.waitReply, PROFILES[profile].aggregate.appTx);
    case 'LSTACK_SHOW_XSTATS':
      return lstackXstats;
    case 'LSTACK_SHOW_NIC_FEATURES':
      return lstackNicFeatures;
    case 'LSTACK_SHOW_VIRTIO':
      return lstackVirtio;
    case 'LSTACK_SHOW_PROTOCOL':
      return lstackProto();
    case 'LSTACK_SHOW_INTR':
      return lstackIntr();
    case 'LSTACK_LOW_POWER_MDF':
      return lstackLowPower;
    case 'LTRAN_QUIT':
    case 'LTRAN_START_LATENCY':
    case 'LTRAN_STOP_LATENCY':
    case 'LTRAN_LOG_LEVEL_SET':
    case 'LSTACK_LOG_LEVEL_SET':
      return silent;
  }
}

export function cPrinter(cmd: GazelleCommand, wire: Wire, opts: CPrinterOptions): Printer {
  const env: PrinterEnv = { profile: wire.profile.name, now: opts.now, waitReply: measurementSeconds(cmd) };
  const printers = new Map<ModeName, StepPrinter>();
  const get = (mode: ModeName): StepPrinter => {
    let p = printers.get(mode);
    if (!p) printers.set(mode, (p = printerFor(mode, env)));
    return p;
  };
  // One output buffer for the whole reply, refilled once each piece is written out.
  let emitTo: (b: Buffer) => boolean | void = () => false;
  let out: ByteOut | null = null;
  return {
    onStruct: (step, kind, value, ctx) => get(step.mode).struct(kind, value, ctx),
    onStructBytes: (step, kind, value, ctx, emit) => {
      const p = get(step.mode);
      if (!p.bytes) return false;
      emitTo = emit;
      out ??= new ByteOut((b) => emitTo(b));
      p.bytes(kind, value, ctx, out);
      out.flush();
      return true;
    },
    onStepEnd: (step, ctx) => get(step.mode).end?.(ctx) ?? '',
  };
}
