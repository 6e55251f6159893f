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

/** Deep conversion of a decoded struct to JSON-ready data. */
export function toJson(value: unknown, key = ''): unknown {
  if (typeof value === 'bigint') return jsonSafe(value);
  if (Array.isArray(value)) return value.map((v) => toJson(v));
  if (value && typeof value === 'object') {
    const rec = value as Decoded;
    if ('u_addr' in rec && 'type' in rec) return gzAddr(rec);
    // lazily decoded unions (src/protocol/ctypes.ts) materialise through toJSON
    if (typeof rec.toJSON === 'function') return toJson(rec.toJSON(), key);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rec)) out[k] = toJson(v, k);
    return out;
  }
  if (typeof value === 'number' && IPV4_KEYS.has(key)) return ipv4(value);
  return value;
}
