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

/**
 * IPv6 addresses (eight groups) where inet_ntop's rules differ: which zero run becomes "::", the
 * unspecified and loopback addresses, IPv4-mapped and -compatible forms, a lone zero group, all ones.
 */
export const IP6_CASES: readonly (readonly number[])[] = [
  [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1],
  [0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201],
  [0, 0, 0, 0, 0, 0, 0x0a00, 0x0001],
  [0xfe80, 0, 0, 0, 0x1234, 0, 0, 0xabcd],
  [0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff],
  [0, 0, 0, 0, 0, 0, 0, 1],
  [0, 0, 0, 0, 0, 0, 0xc000, 0x0201],
  [0x2001, 0xdb8, 0, 0, 1, 0, 0, 1],
  [0x2001, 0, 0, 1, 0, 0, 0, 1],
  [1, 0, 2, 0, 3, 0, 4, 0],
  [0xfe80, 0, 0, 0, 0, 0, 0, 0],
];
