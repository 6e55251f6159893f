/**
 * A show answer (LSTACK_SHOW, LTRAN_SHOW_LSTACK) to a StackSample without decoding the answer whole:
 * every poll of every stack lands here, and decoding all of `pkts` (dozens of u64s as BigInts, the
 * member paths parsed again for each frame) was most of what the monitors allocate. Only the
 * members stackSampleFromDfx reads are decoded, at the offsets their layouts give, into a sparse
 * record of the same shape; stackSampleFromDfx stays the one place that maps eras to samples
 * (test/monitor/showSample.test.ts holds both paths equal on random frames of every era).
 */
import { ProtocolError } from '../errors.js';
import type { Decoded } from '../protocol/codec.js';
import { locate, type CValue, type Layout } from '../protocol/ctypes.js';
import type { Wire } from '../protocol/profiles.js';
import { stackSampleFromDfx, type StackSample } from '../stats/stackSample.js';

export type ShowSampler = (frame: Buffer, index: number) => StackSample;

const samplers = new WeakMap<Wire, ShowSampler>();

/** The sampler of one wire, built once (locate parses member paths). */
export function showSampler(wire: Wire): ShowSampler {
  let sampler = samplers.get(wire);
  if (!sampler) samplers.set(wire, (sampler = buildSampler(wire)));
  return sampler;
}

type Read = (frame: Buffer, dv: DataView) => CValue | undefined;

/**
 * A member read straight through a DataView, with the same value its layout's decoder gives (u16
 * and u64 unsigned whatever the declaration says, as ctypes/compile.ts reads them): Buffer's
 * readBigUInt64LE is JavaScript that builds the BigInt from two halves, the DataView's is built in.
 */
function reader(m: { offset: number; layout: Layout }): Read {
  const { offset } = m;
  const t = m.layout.type;
  if (t.kind !== 'int') {
    const { decode } = m.layout;
    return (frame) => decode(frame, offset);
  }
  switch (t.size) {
    case 1:
      return t.signed ? (_, dv) => dv.getInt8(offset) : (_, dv) => dv.getUint8(offset);
    case 2:
      return (_, dv) => dv.getUint16(offset, true);
    case 4:
      return t.signed ? (_, dv) => dv.getInt32(offset, true) : (_, dv) => dv.getUint32(offset, true);
    case 8:
      return (_, dv) => dv.getBigUint64(offset, true);
  }
}

/**
 * The record is one object literal of a fixed shape (members an era lacks read as undefined, which
 * the mapping treats as absent): records built member by member under computed names cost V8 a
 * hidden-class transition per member per frame, more than the decoding they replaced.
 */
function buildSampler(wire: Wire): ShowSampler {
  const layout = wire.layouts.dfx;
  let need = 0;
  const at = (path: string): Read => {
    const m = present(layout, path);
    if (!m) return () => undefined;
    need = Math.max(need, m.offset + m.layout.size);
    return reader(m);
  };
  const tid = at('tid');
  const stackId = at('stack_id');
  const loglevel = at('loglevel');
  const lowPowerMod = at('low_power_info.low_power_mod');
  const ss = (name: string): Read => at(`data.pkts.stack_stat.${name}`);
  const [rx, tx, rxDrop, txDrop, rxAllocFail, txAllocFail, wakeups, ssConnNum, ssMbufPoolCnt] = [
    'rx',
    'tx',
    'rx_drop',
    'tx_drop',
    'rx_allocmbuf_fail',
    'tx_allocmbuf_fail',
    'wakeup_events',
    'conn_num',
    'mbuf_pool_cnt',
  ].map(ss);
  const connNum = at('data.pkts.conn_num');
  const mbufpoolAvail = at('data.pkts.mbufpool_avail_cnt');
  const mempoolFree = at('data.pkts.mempool_freecnt');
  const profile = wire.profile.name;
  return (frame, index) => {
    if (frame.length < need) {
      throw new ProtocolError(`show answer: ${frame.length} bytes where the profile needs ${need}`);
    }
    const dv = new DataView(frame.buffer, frame.byteOffset, frame.length);
    const rec: Decoded = {
      tid: tid(frame, dv),
      stack_id: stackId(frame, dv),
      loglevel: loglevel(frame, dv),
      low_power_info: { low_power_mod: lowPowerMod(frame, dv) },
      data: {
        pkts: {
          stack_stat: {
            rx: rx(frame, dv),
            tx: tx(frame, dv),
            rx_drop: rxDrop(frame, dv),
            tx_drop: txDrop(frame, dv),
            rx_allocmbuf_fail: rxAllocFail(frame, dv),
            tx_allocmbuf_fail: txAllocFail(frame, dv),
            wakeup_events: wakeups(frame, dv),
            conn_num: ssConnNum(frame, dv),
            mbuf_pool_cnt: ssMbufPoolCnt(frame, dv),
          },
          conn_num: connNum(frame, dv),
          mbufpool_avail_cnt: mbufpoolAvail(frame, dv),
          mempool_freecnt: mempoolFree(frame, dv),
        },
      },
    };
    return stackSampleFromDfx(profile, rec, index);
  };
}

/** Where `path` is in `layout`, or null when this era has no such member. */
function present(layout: Layout, path: string): { offset: number; layout: Layout } | null {
  let cur: Layout | undefined = layout;
  for (const part of path.split('.')) {
    cur = cur?.members?.get(part)?.layout;
    if (!cur) return null;
  }
  return locate(layout, path);
}
