/**
 * Encode and decode whole frames from the declarations. Pure: bytes in, values out.
 *
 * Decoding never materialises what the request does not use: a gazelle_stack_dfx_data is ~3 MB,
 * almost all of it the 22,000-entry connection array, so only the header and the one union member
 * the stat mode selects are read, and counted arrays only up to their (bounds-checked) count.
 */
import { decodeArray, decodeExcept, locate, viewArray, type CRecord, type Layout } from './ctypes.js';
import type { ModeName } from './modes.js';
import { PROFILES, type ProfileName, type Wire } from './profiles.js';
import * as c from './structs-common.js';
import { ProtocolError } from '../errors.js';

/**
 * A decoded struct. Its shape is the C struct of the era (member names as in gazelle_dfx_msg.h;
 * u64 as bigint, narrower integers as number, char[] as string), which the era-aware formatters know.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Decoded = Record<string, any>;

export interface StatRequest {
  stat_mode: number;
  /** `ip.s_addr` as the u32 read little-endian from the wire (i.e. dotted-quad bytes in order). */
  ip: number;
  pid: number;
  log_level?: string;
  low_power_mod?: number;
  protocol?: string;
}

export function encodeRequest(wire: Wire, req: StatRequest): Buffer {
  const layout = wire.layouts.request;
  const buf = Buffer.alloc(layout.size);
  const data: CRecord = {};
  if (req.log_level !== undefined) data.log_level = req.log_level;
  if (req.low_power_mod !== undefined) data.low_power_mod = req.low_power_mod;
  if (req.protocol !== undefined) data.protocol = req.protocol;
  layout.encode({ stat_mode: req.stat_mode, ip: { s_addr: req.ip }, pid: req.pid, data }, buf, 0);
  return buf;
}

/** The simulator's view of a request; union members are all decoded, the mode says which counts. */
export function decodeRequest(
  wire: Wire,
  buf: Buffer,
): StatRequest & { log_level: string; low_power_mod: number; protocol: string } {
  needBytes(buf, 0, wire.layouts.request.size, 'gazelle_stat_msg_request');
  const r = wire.layouts.request.decode(buf, 0) as Decoded;
  return {
    stat_mode: r.stat_mode,
    ip: r.ip.s_addr,
    pid: r.pid,
    log_level: r.data.log_level,
    low_power_mod: r.data.low_power_mod,
    protocol: r.data.protocol ?? '',
  };
}

/** Which member of `gazelle_stack_dfx_data.data` an answer to `mode` carries (PROTOCOL.md §4.1). */
export function dfxMember(profile: ProfileName, mode: ModeName): string | null {
  switch (mode) {
    case 'LSTACK_SHOW':
    case 'LSTACK_SHOW_RATE':
    case 'LTRAN_SHOW_LSTACK':
      return 'pkts';
    case 'LSTACK_SHOW_AGGREGATE':
      return PROFILES[profile].aggregate.member;
    case 'LSTACK_SHOW_LATENCY':
      return 'latency';
    case 'LSTACK_SHOW_CONN':
      return 'conn';
    case 'LSTACK_SHOW_SNMP':
      return 'snmp';
    case 'LSTACK_SHOW_VIRTIO':
      return 'virtio';
    case 'LSTACK_SHOW_XSTATS':
      return 'nic_xstats';
    case 'LSTACK_SHOW_NIC_FEATURES':
      return 'nic_features';
    case 'LSTACK_SHOW_PROTOCOL':
      return 'proto_data';
    case 'LSTACK_SHOW_INTR':
      return 'intr_stats';
    default:
      return null;
  }
}

/** How a counted array is read: its count member, and whether its rows are read in place. */
interface Counting {
  count: string;
  lazy: boolean;
}

/** The counted arrays of a struct, as its layout declares them (`counted()` in the era files). */
function countedArrays(layout: Layout): Map<string, Counting> {
  const out = new Map<string, Counting>();
  for (const [name, m] of layout.members ?? []) {
    const t = m.layout.type;
    if (t.kind === 'array' && t.count) out.set(name, { count: t.count, lazy: t.lazy ?? false });
  }
  return out;
}

/** Decodes a struct, reading each counted array only up to min(count, capacity). */
function decodeCounted(layout: Layout, buf: Buffer, offset: number, what: string): Decoded {
  const counted = countedArrays(layout);
  if (counted.size === 0) {
    needBytes(buf, offset, layout.size, what);
    return layout.decode(buf, offset) as Decoded;
  }
  let need = 0;
  for (const [name, m] of layout.members!)
    if (!counted.has(name)) need = Math.max(need, m.offset + m.layout.size);
  needBytes(buf, offset, need, what);
  const rec = decodeExcept(layout, buf, offset, new Set(counted.keys()));
  for (const [arrayName, { count: countName, lazy }] of counted) {
    const m = layout.members!.get(arrayName)!;
    const element = m.layout.element!;
    const count = Math.min(Number(rec[countName]) >>> 0, m.layout.size / element.size);
    // Only the counted rows must be present: a reader may stop after them (the TUI skims).
    needBytes(buf, offset, m.offset + count * element.size, what);
    rec[arrayName] =
      lazy && element.type.kind === 'struct' && count > 0
        ? (viewArray(element, buf, offset + m.offset, count) as Decoded[])
        : decodeArray(element, buf, offset + m.offset, count);
  }
  return rec;
}

export interface DfxData extends Decoded {
  eof: number;
  tid: number;
  loglevel: number;
  stack_id?: number;
  low_power_info: Decoded;
  data: Decoded;
}

const DFX_SKIP = new Set(['data']);

/** Decoders read only what they need, and refuse a buffer that ends before it. */
function needBytes(buf: Buffer, offset: number, size: number, what: string): void {
  if (offset < 0 || buf.length - offset < size) {
    throw new ProtocolError(`${what}: ${buf.length - offset} bytes where the profile needs ${size}`);
  }
}

export function decodeDfx(wire: Wire, buf: Buffer, offset: number, mode: ModeName): DfxData {
  const layout = wire.layouts.dfx;
  // The header and the member the mode uses; a buffer may end after them (a skimmed frame).
  const rec = decodeDfxHeader(wire, buf, offset);
  const member = dfxMember(wire.profile.name, mode);
  if (member) {
    const m = locate(layout, `data.${member}`);
    rec.data[member] = decodeCounted(m.layout, buf, offset + m.offset, `data.${member}`);
  }
  return rec;
}

/** The size of the dfx header (everything before the `data` union). */
export const dfxHeaderSize = (wire: Wire): number => locate(wire.layouts.dfx, 'data').offset;

/**
 * Only the header of a gazelle_stack_dfx_data (eof, tid, loglevel, stack_id, low_power_info):
 * for readers that stop after the first bytes of a 3 MB answer (loglevel read-back, the TUI).
 */
export function decodeDfxHeader(wire: Wire, buf: Buffer, offset: number): DfxData {
  if (offset < 0 || buf.length - offset < dfxHeaderSize(wire)) {
    throw new ProtocolError(
      `dfx header: ${buf.length - offset} bytes where the profile needs ${dfxHeaderSize(wire)}`,
    );
  }
  const rec = decodeExcept(wire.layouts.dfx, buf, offset, DFX_SKIP) as DfxData;
  rec.data = {};
  return rec;
}

/** A zero-filled dfx struct with the given header and union member (the simulator's encoder). */
/** `into`, when given, must be zeroed and reach past every member `value` sets (the simulator's heads). */
export function encodeDfx(wire: Wire, value: Decoded, into?: Buffer): Buffer {
  const buf = into ?? Buffer.alloc(wire.layouts.dfx.size);
  wire.layouts.dfx.encode(value, buf, 0);
  return buf;
}

export type LtranReply = 'ltranTotal' | 'lstackTotal' | 'ltranClient' | 'forwardTable' | 'inAddr';

export function decodeLtran(wire: Wire, kind: LtranReply, buf: Buffer, offset: number): Decoded {
  const layout = wire.layouts[kind];
  needBytes(buf, offset, layout.size, kind); // ltran's answers are small: always whole
  return decodeCounted(layout, buf, offset, kind);
}

export function encodeLtran(wire: Wire, kind: LtranReply, value: Decoded): Buffer {
  const buf = Buffer.alloc(wire.layouts[kind].size);
  wire.layouts[kind].encode(value, buf, 0);
  return buf;
}

export const LIMITS = {
  maxConn: c.GAZELLE_LSTACK_MAX_CONN,
  maxStackIndex: c.GAZELLE_MAX_STACK_ARRAY_SIZE,
  xstatsMax: c.RTE_ETH_XSTATS_MAX_LEN,
  virtioQueues: c.VIRTIO_QUEUE_MAX,
};
