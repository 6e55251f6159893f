/**
 * Reused dfx frames. Real lstack answers from one static struct per stack, so a 3 MB answer costs
 * it a copy into the socket; the simulator allocating a fresh zeroed 3 MB buffer per stack and per
 * request cost more than anything the client under test did, and made benchmarks measure it.
 * A frame goes back to the pool once the server has handed it to the kernel (`recycle`), and only
 * the bytes its encoding may have touched are zeroed again.
 */
import { encodeDfx, type Decoded } from '../protocol/codec.js';
import { locate } from '../protocol/ctypes.js';
import type { Wire } from '../protocol/profiles.js';

/**
 * Spare frames kept per size: one 8-stack answer's worth. Each costs ~3 MB of resident memory
 * once a connection table has filled it, so the pool stays small (the soak watches sim RSS).
 */
const MAX_SPARE = 8;

const spare = new Map<number, Buffer[]>();
/** Frames from this pool that are out, with how many leading bytes their encoding may have set. */
const dirty = new WeakMap<Buffer, number>();

/** gazelle_stack_dfx_data with `value` encoded, from the pool when one is free. */
export function pooledDfx(wire: Wire, value: Decoded, member: string | null): Buffer {
  const size = wire.layouts.dfx.size;
  const frame = spare.get(size)?.pop() ?? Buffer.alloc(size);
  encodeDfx(wire, value, frame);
  const data = locate(wire.layouts.dfx, member ? `data.${member}` : 'data');
  dirty.set(frame, member ? data.offset + data.layout.size : data.offset);
  return frame;
}

/** Takes back a frame the server has written; frames from elsewhere are left alone. */
export function recycle(frame: Buffer): void {
  const end = dirty.get(frame);
  if (end === undefined) return;
  dirty.delete(frame);
  let list = spare.get(frame.length);
  if (!list) spare.set(frame.length, (list = []));
  if (list.length >= MAX_SPARE) return;
  frame.fill(0, 0, end);
  list.push(frame);
}
