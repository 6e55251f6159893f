/**
 * dfx frames as the simulator writes them: the encoded header and union member, then a shared
 * run of zeros for the rest of the ~3 MB struct. Real lstack answers from one static struct per
 * stack, so an answer costs it a copy into the socket; allocating a fresh zeroed 3 MB buffer per
 * stack and per request instead cost the simulator more than anything the client under test did,
 * and made the benchmarks measure it. Only a connection table fills its whole member.
 */
import { encodeDfx, type Decoded } from '../protocol/codec.js';
import { locate } from '../protocol/ctypes.js';
import type { Wire } from '../protocol/profiles.js';

/** Zeros per struct size, shared by every frame: only ever written to sockets, never into. */
const zeros = new Map<number, Buffer>();

/** gazelle_stack_dfx_data with `value` (its header and at most `member`), as the pieces to write. */
export function dfxFrame(wire: Wire, value: Decoded, member: string | null): Buffer[] {
  const { size } = wire.layouts.dfx;
  const data = locate(wire.layouts.dfx, member ? `data.${member}` : 'data');
  const end = member ? data.offset + data.layout.size : data.offset;
  // The encoder writes only the members `value` has, all of them before `end`.
  const head = encodeDfx(wire, value, Buffer.alloc(end));
  if (end === size) return [head];
  let tail = zeros.get(size);
  if (!tail) zeros.set(size, (tail = Buffer.alloc(size)));
  return [head, tail.subarray(0, size - end)];
}
