/**
 * glibc `inet_ntop` for the addresses gazellectl prints. Addresses arrive as the codec gives them:
 * u32 values read little-endian from network-order bytes, so byte k of the address is bits 8k..8k+7.
 */

/** The four network-order bytes of a u32 read little-endian. */
function bytesOf(word: number): number[] {
  return [word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, (word >>> 24) & 0xff];
}

/** inet_ntop(AF_INET, ...). */
export function ntop4(addr: number): string {
  // string concatenation, not bytesOf().join(): connection tables call this 2 x 22,000 times a stack
  return `${addr & 0xff}.${(addr >>> 8) & 0xff}.${(addr >>> 16) & 0xff}.${addr >>> 24}`;
}

/**
 * inet_ntop(AF_INET6, ...) as glibc writes it: lower-case hex without leading zeros, the first
 * longest run of two or more zero groups as "::", and the IPv4 tail for ::a.b.c.d / ::ffff:a.b.c.d.
 */
export function ntop6(words: readonly number[]): string {
  const bytes = words.flatMap(bytesOf);
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let i = 0; i < 8; i++) {
    if (groups[i] === 0) {
      cur = cur.base === -1 ? { base: i, len: 1 } : { base: cur.base, len: cur.len + 1 };
      if (cur.len > best.len) best = cur;
    } else {
      cur = { base: -1, len: 0 };
    }
  }
  if (best.len < 2) best = { base: -1, len: 0 };
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best.base !== -1 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    // glibc's embedded-IPv4 forms (compatible and mapped addresses).
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && groups[5] === 0xffff))) {
      out += bytes.slice(12).join('.');
      break;
    }
    out += groups[i].toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) out += ':';
  return out;
}
