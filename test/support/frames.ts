/** Exact reply bytes for tests, made with the same declarations the client decodes with. */
import type { Socket } from 'node:net';
import { encodeDfx, encodeLtran, type Decoded } from '../../src/protocol/codec.js';
import type { Wire } from '../../src/protocol/profiles.js';

type LtranReply = Parameters<typeof encodeLtran>[1];

/** One gazelle_stack_dfx_data per stack, eof set on the last, as lstack answers a show. */
export function dfxReply(wire: Wire, stacks: readonly Decoded[]): Buffer {
  return Buffer.concat(
    stacks.map((s, i) => encodeDfx(wire, { stack_id: i, ...s, eof: i === stacks.length - 1 ? 1 : 0 })),
  );
}

/** ltran's structs of one kind back to back, eof (where the struct has one) on the last. */
export function ltranReply(wire: Wire, kind: LtranReply, items: readonly Decoded[]): Buffer {
  return Buffer.concat(
    items.map((v, i) => encodeLtran(wire, kind, { ...v, eof: i === items.length - 1 ? 1 : 0 })),
  );
}

/** Writes `frame` again and again while the client reads (a daemon that never ends its reply). */
export function flood(sock: Socket, frame: Buffer): void {
  const pump = (): void => {
    while (!sock.destroyed && sock.write(frame));
    if (!sock.destroyed) sock.once('drain', pump);
  };
  pump();
}
