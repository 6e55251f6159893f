/**
 * Framing of a recording segment: an 8-byte magic, then records. Each record is
 *   0xA7 | type u8 | length u32le | crc32 u32le | payload
 * with the CRC (zlib's crc32) over type, length and payload. A write cut short by kill -9 or a
 * power loss leaves a record whose length runs past the end or whose CRC fails: the reader drops
 * it with a note and keeps every record before it.
 */
import { crc32 } from 'node:zlib';

export const FILE_MAGIC = Buffer.from('GZREC01\n', 'latin1');
const SYNC = 0xa7;
export const FRAME_HEAD = 10;
/** No record is this large; a length beyond it is damage, not data. */
export const MAX_RECORD = 64 * 1024 * 1024;

export const RecordType = {
  /** JSON: the segment's self-description (era, tool version, instances, field names). */
  Header: 0x48,
  /** A sample that stands alone (deltas against zero). */
  Key: 0x4b,
  /** A sample as deltas against the previous one of the segment. */
  Delta: 0x44,
  /** JSON: something the recorder noticed (a disk-full gap). */
  Event: 0x45,
} as const;
/** Set on the type byte when the payload is deflated (raw deflate). */
export const DEFLATED = 0x80;

export function frame(type: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEAD + payload.length);
  out[0] = SYNC;
  out[1] = type;
  out.writeUInt32LE(payload.length, 2);
  out.set(payload, FRAME_HEAD);
  out.writeUInt32LE(crcOf(out, 0, payload.length), 6);
  return out;
}

const CRC_TABLE = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/**
 * zlib's crc32 over type and length (5 bytes, in JS: a native call costs more than the bytes),
 * continued over the payload natively.
 */
function crcOf(buf: Uint8Array, at: number, len: number): number {
  let c = -1;
  for (let i = at + 1; i < at + 6; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return crc32(buf.subarray(at + FRAME_HEAD, at + FRAME_HEAD + len), ~c >>> 0);
}

export interface RawRecord {
  type: number;
  payload: Uint8Array;
  offset: number;
}

/** Whether a whole, intact record starts at `at`; its end offset if so. */
export function recordAt(buf: Uint8Array, at: number): number | null {
  if (at + FRAME_HEAD > buf.length || buf[at] !== SYNC) return null;
  const len = buf[at + 2] | (buf[at + 3] << 8) | (buf[at + 4] << 16) | (buf[at + 5] * 0x1000000);
  if (len > MAX_RECORD || at + FRAME_HEAD + len > buf.length) return null;
  const stored = (buf[at + 6] | (buf[at + 7] << 8) | (buf[at + 8] << 16)) + buf[at + 9] * 0x1000000;
  return crcOf(buf, at, len) === stored ? at + FRAME_HEAD + len : null;
}

/**
 * Every intact record of a segment in order. Damage in the middle is skipped up to the next intact
 * record; a torn tail ends the segment. Each skip is reported through `note`.
 */
export function* records(buf: Uint8Array, note: (text: string) => void, from = 0): Generator<RawRecord> {
  let at = from;
  if (at === 0) {
    if (buf.length < FILE_MAGIC.length || !FILE_MAGIC.equals(buf.subarray(0, FILE_MAGIC.length))) {
      note('not a gazellectl recording (bad magic)');
      return;
    }
    at = FILE_MAGIC.length;
  }
  while (at < buf.length) {
    const end = recordAt(buf, at);
    if (end !== null) {
      yield { type: buf[at + 1], payload: buf.subarray(at + FRAME_HEAD, end), offset: at };
      at = end;
      continue;
    }
    let next = at + 1;
    while (next < buf.length && (buf[next] !== SYNC || recordAt(buf, next) === null)) next++;
    if (next >= buf.length) {
      note(`torn record at byte ${at} (${buf.length - at} bytes) skipped: the write was cut short`);
      return;
    }
    note(`damaged bytes ${at}..${next} skipped`);
    at = next;
  }
}
