/**
 * Addresses of the simulated world, kept as network-order bytes and converted to the shapes the C
 * structs store: `struct in_addr` / `gz_ip4.addr` (a u32 whose little-endian bytes are the dotted
 * quad) and `gz_ip6.addr` (u32[4], each word the little-endian reading of 4 network-order bytes).
 * Only documentation ranges are used: 192.0.2.0/24 for lstack, 198.51.100.0/24 and 2001:db8::/32 for
 * peers, so nothing the simulator prints can be mistaken for a real host.
 */
export interface Addr {
  readonly family: 4 | 6;
  /** 4 or 16 bytes, network order. */
  readonly bytes: readonly number[];
}

export function parseIpv4(text: string): Addr {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${text}`);
  }
  return { family: 4, bytes: parts };
}

const ANY4: Addr = { family: 4, bytes: [0, 0, 0, 0] };
const ANY6: Addr = { family: 6, bytes: new Array<number>(16).fill(0) };
export const anyAddr = (family: 4 | 6): Addr => (family === 4 ? ANY4 : ANY6);

/** 2001:db8:<net>::<host>, a documentation-range IPv6 address. */
export function docIpv6(net: number, host: number): Addr {
  const bytes = new Array<number>(16).fill(0);
  bytes.splice(0, 6, 0x20, 0x01, 0x0d, 0xb8, (net >>> 8) & 0xff, net & 0xff);
  bytes.splice(12, 4, (host >>> 24) & 0xff, (host >>> 16) & 0xff, (host >>> 8) & 0xff, host & 0xff);
  return { family: 6, bytes };
}

const le32 = (b: readonly number[], at: number): number =>
  (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

/** The u32 a C struct holds for an IPv4 address (network byte order, read as a little-endian u32). */
export function ipv4Wire(addr: Addr): number {
  if (addr.family !== 4) throw new Error('not an IPv4 address');
  return le32(addr.bytes, 0);
}

/** gz_ip6.addr: four u32 words holding the 16 network-order bytes. */
export function ipv6Words(addr: Addr): number[] {
  return [0, 4, 8, 12].map((i) => le32(addr.bytes, i));
}
