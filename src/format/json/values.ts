/**
 * JSON shapes. Rule for 64-bit counters: a JSON number when it is a safe integer (<= 2^53-1),
 * else a decimal string, so nothing is silently rounded. IPv4/IPv6 addresses become strings.
 */
import type { Decoded } from '../../protocol/codec.js';

export const jsonSafe = (v: bigint): number | string =>
  v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();

/** u32 read little-endian from network-order bytes -> dotted quad. */
export const ipv4 = (n: number): string => `${n & 0xff}.${(n >>> 8) & 0xff}.${(n >>> 16) & 0xff}.${n >>> 24}`;

/** lwip gz_addr_t (decoded) -> text; type 6 is IPv6. */
export function gzAddr(a: Decoded): string {
  if (a.type === 6) {
    const words: number[] = a.u_addr.ip6.addr;
    const bytes = Buffer.alloc(16);
    words.forEach((w, i) => bytes.writeUInt32LE(w >>> 0, i * 4));
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
    // The WHATWG URL parser prints IPv6 in RFC 5952 form (longest zero run compressed).
    return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
  }
  return ipv4(a.u_addr.ip4.addr);
}

const IPV4_KEYS = new Set(['ip', 'src_ip', 'dst_ip', 'addr']);

/**
 * JSON.stringify replacer for decoded structs: 64-bit counters by jsonSafe, gz_addr_t and the u32
 * address members as text. A replacer, not a converted copy, because a connection table is
 * 22,000 rows per stack: stringified directly, no second tree of objects is built.
 */
export function jsonReplacer(key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return jsonSafe(value);
  if (typeof value === 'number') return IPV4_KEYS.has(key) ? ipv4(value) : value;
  if (value && typeof value === 'object' && 'u_addr' in value && 'type' in value)
    return gzAddr(value as Decoded);
  return value;
}

/** A decoded struct as JSON-ready data (what jsonReplacer makes of it). */
export function toJson(value: unknown): unknown {
  const text = JSON.stringify(value, jsonReplacer);
  return text === undefined ? undefined : JSON.parse(text);
}
