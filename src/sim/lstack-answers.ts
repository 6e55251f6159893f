/**
 * What lstack writes for a request (PROTOCOL.md §5.1), as encoded gazelle_stack_dfx_data frames.
 * Shared by the lstack daemon and by ltran, which forwards some modes to the registered lstack and
 * copies its answer through.
 */
import { dfxMember, encodeDfx, type Decoded, type StatRequest } from '../protocol/codec.js';
import type { ModeName } from '../protocol/modes.js';
import type { Wire } from '../protocol/profiles.js';
import {
  NIC_FEATURES,
  connValue,
  intrValue,
  latencyValue,
  aggregateValue,
  pktsValue,
  protoValue,
  snmpValue,
  virtioValue,
  xstatsValue,
} from './dfx-values.js';
import { dfxFrame } from './dfx-frames.js';
import type { SimLstackProcess } from './lstack-process.js';
import type { StackTraffic } from './stack-traffic.js';

/** Who asked: START/STOP are answered only to ltran (which swallows the answer). */
export type Asker = 'client' | 'ltran';

/**
 * The frames lstack writes for `mode` (already a mode of this era, i.e. < MODE_MAX), after applying
 * what the request changes. `nowMs` is the simulator's clock; the traffic model must be advanced to it.
 */
export function lstackAnswer(
  wire: Wire,
  proc: SimLstackProcess,
  mode: ModeName,
  req: StatRequest,
  nowMs: number,
  asker: Asker,
): Buffer[] {
  const { traffic } = proc;
  const profile = wire.profile.name;
  const perStack = (fill: (s: StackTraffic) => Decoded | null): Buffer[] =>
    traffic.stacks.flatMap((s, i) => {
      const data = fill(s);
      // the union member this mode fills, when the answer carries one
      const member = data ? dfxMember(profile, mode) : null;
      return dfxFrame(
        wire,
        {
          ...header(proc, s.index, i === traffic.stacks.length - 1, fullHeader(wire, mode)),
          ...(member ? { data: { [member]: data } } : {}),
        },
        member,
      );
    });

  switch (mode) {
    case 'LSTACK_SHOW':
    case 'LSTACK_SHOW_RATE':
    case 'LTRAN_SHOW_LSTACK':
      return perStack(pktsValue);
    case 'LSTACK_SHOW_AGGREGATE':
      // 1.0.2 has aggregate_stats as its own union member, later eras inside pkts
      return perStack((s) =>
        dfxMember(profile, mode) === 'pkts' ? { aggregate_stats: aggregateValue(s) } : aggregateValue(s),
      );
    case 'LSTACK_SHOW_LATENCY':
      return perStack((s) => latencyValue(profile, s, traffic.measureStartMs));
    case 'LSTACK_SHOW_CONN':
      return perStack((s) => connValue(wire, s));
    case 'LSTACK_SHOW_SNMP':
      return perStack(snmpValue);
    case 'LSTACK_SHOW_PROTOCOL':
      return perStack((s) => protoValue(s, req.protocol ?? ''));
    case 'LSTACK_SHOW_INTR':
      return perStack(intrValue);
    case 'LSTACK_SHOW_VIRTIO': {
      // stack 0 only; eof tells "single stack" (the client does not look at it)
      const last = traffic.stacks.length === 1;
      return [encodeDfx(wire, { ...header(proc, 0, last, true), data: { virtio: virtioValue(proc) } })];
    }
    case 'LSTACK_SHOW_XSTATS':
      return [encodeDfx(wire, { eof: 1, tid: 0, data: { nic_xstats: xstatsValue(proc) } })];
    case 'LSTACK_SHOW_NIC_FEATURES':
      return [encodeDfx(wire, { eof: 1, tid: 0, data: { nic_features: NIC_FEATURES } })];
    case 'LSTACK_LOW_POWER_MDF':
      proc.setLowPower(req.low_power_mod ?? 0);
      return [encodeDfx(wire, { eof: 1, low_power_info: { ...proc.lowPower } })];
    case 'LSTACK_LOG_LEVEL_SET':
      proc.setLogLevel(req.log_level ?? '');
      return [encodeDfx(wire, { eof: 1 })]; // the client never reads it
    case 'LTRAN_START_LATENCY':
    case 'LTRAN_STOP_LATENCY':
      if (mode === 'LTRAN_START_LATENCY') traffic.startLatency(nowMs);
      else traffic.stopLatency(nowMs);
      return asker === 'ltran' ? perStack(() => null) : [];
    default:
      return perStack(() => null);
  }
}

/** Whether the era fills loglevel and low_power_info in this answer (§11.5.7). */
function fullHeader(wire: Wire, mode: ModeName): boolean {
  return wire.profile.headerFilled === 'every-answer' || mode === 'LSTACK_SHOW';
}

function header(proc: SimLstackProcess, stack: number, last: boolean, full: boolean): Decoded {
  return {
    eof: last ? 1 : 0,
    tid: proc.tids[stack],
    stack_id: stack,
    ...(full ? { loglevel: proc.loglevel, low_power_info: { ...proc.lowPower } } : {}),
  };
}
