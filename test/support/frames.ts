/** Reply bytes for tests that play a daemon. */
import type { Socket } from 'node:net';

/** Writes `frame` again and again while the client reads (a daemon that never ends its reply). */
export function flood(sock: Socket, frame: Buffer): void {
  const pump = (): void => {
    while (!sock.destroyed && sock.write(frame));
    if (!sock.destroyed) sock.once('drain', pump);
  };
  pump();
}

/** An IPv6 address as the four u32 words inet_ntop reads (little-endian words of network-order bytes), from its eight groups. */
export const ip6Words = (g: readonly number[]): number[] =>
  [0, 2, 4, 6].map(
    (i) => ((g[i] >>> 8) | ((g[i] & 0xff) << 8) | ((g[i + 1] >>> 8) << 16) | ((g[i + 1] & 0xff) << 24)) >>> 0,
  );
