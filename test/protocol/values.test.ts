/**
 * Decoder vs the recorded field values: every response struct of every fixture decodes to exactly
 * the values the recording filled in (fixtures/values.json), and every recorded request is what our
 * encoder produces for the same parameters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { locate } from '../../src/protocol/ctypes.js';
import {
  decodeDfx,
  decodeLtran,
  decodeRequest,
  encodeRequest,
  type Decoded,
  type LtranReply,
} from '../../src/protocol/codec.js';
import type { ModeName } from '../../src/protocol/modes.js';
import { wireFor } from '../../src/protocol/profiles.js';
import { loadFixtures } from '../replay/replay.js';
import { protocolDir } from '../shared.js';

const wire = wireFor('v1.0.3');
const LTRAN_KIND: Record<string, LtranReply> = {
  gazelle_stat_lstack_total: 'lstackTotal',
  gazelle_stat_ltran_total: 'ltranTotal',
  gazelle_stat_ltran_client: 'ltranClient',
  gazelle_stat_forward_table: 'forwardTable',
};

/** values.json notation -> what our decoder yields. */
function expected(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  if (/^\d+$/.test(v)) return BigInt(v);
  if (v.startsWith('ipv4:')) return Buffer.from(v.slice(5).split('.').map(Number)).readUInt32LE(0);
  return v;
}

/** Reads "a.b[3].c" from a decoded object; undefined when the decoder did not materialise it. */
function pick(obj: Decoded, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    const m = /^(\w+)((?:\[\d+\])*)$/.exec(part)!;
    cur = (cur as Decoded | undefined)?.[m[1]];
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) cur = (cur as unknown[] | undefined)?.[Number(idx[1])];
  }
  return cur;
}

/** An ipv6 field (u32[4] in the decoded value) as the recording writes it. */
function ipv6Words(v: string): number[] {
  const full = new URL(`http://[${v.slice(5)}]/`).hostname.slice(1, -1);
  const groups = full.split('::');
  const head = groups[0] ? groups[0].split(':') : [];
  const tail = groups.length > 1 && groups[1] ? groups[1].split(':') : [];
  const all = [...head, ...Array(8 - head.length - tail.length).fill('0'), ...tail];
  const bytes = Buffer.alloc(16);
  all.forEach((g, i) => bytes.writeUInt16BE(parseInt(g, 16), i * 2));
  return [0, 4, 8, 12].map((o) => bytes.readUInt32LE(o));
}

interface ValuesFile {
  connections: {
    request: { stat_mode_name: string; ip: string; pid: number; data_hex: string; stat_mode: number };
    response?: { struct: string; bytes: number; fields?: Record<string, unknown> }[];
  }[];
}

for (const f of loadFixtures(join(protocolDir, 'fixtures'))) {
  if (f.requests.length === 0) continue;
  test(`${f.name}: decoded values equal values.json, requests re-encode byte for byte`, () => {
    const values = JSON.parse(readFileSync(join(f.dir, 'values.json'), 'utf8')) as ValuesFile;
    let checked = 0;
    let fromDecoder = 0;
    values.connections.forEach((conn, i) => {
      const mode = conn.request.stat_mode_name.replace(/^GAZELLE_STAT_/, '') as ModeName;
      const req = decodeRequest(wire, f.requests[i]);
      assert.equal(req.stat_mode, conn.request.stat_mode);
      const again = encodeRequest(wire, {
        stat_mode: req.stat_mode,
        ip: req.ip,
        pid: req.pid,
        ...(mode.endsWith('LOG_LEVEL_SET') ? { log_level: req.log_level } : {}),
        ...(mode === 'LSTACK_LOW_POWER_MDF' ? { low_power_mod: req.low_power_mod } : {}),
        ...(mode === 'LSTACK_SHOW_PROTOCOL' ? { protocol: req.protocol } : {}),
      });
      assert.deepEqual(again, f.requests[i], `request ${i + 1} re-encodes`);
      let off = 0;
      const resp = f.responses[i];
      for (const s of conn.response ?? []) {
        if (off + s.bytes > resp.length) break; // truncated on purpose (error-truncated-stream)
        let decoded: Decoded;
        let layout = wire.layouts.dfx;
        if (s.struct === 'gazelle_stack_dfx_data') decoded = decodeDfx(wire, resp, off, mode);
        else if (s.struct.startsWith('struct in_addr')) {
          decoded = decodeLtran(wire, 'inAddr', resp, off);
          layout = wire.layouts.inAddr;
        } else {
          decoded = decodeLtran(wire, LTRAN_KIND[s.struct], resp, off);
          layout = wire.layouts[LTRAN_KIND[s.struct]];
        }
        for (const [path, raw] of Object.entries(s.fields ?? {})) {
          let actual = pick(decoded, path.replace(/\.u_addr\.ip6\.addr$/, '.u_addr.ip6.addr'));
          if (actual !== undefined) fromDecoder++;
          if (actual === undefined) {
            // Not materialised by the decoder (another union member, or beyond a count): must be
            // outside what this mode reads, so compare against the raw bytes instead.
            const at = locate(layout, path);
            actual = at.layout.decode(resp, off + at.offset);
          }
          if (typeof raw === 'string' && raw.startsWith('ipv6:'))
            assert.deepEqual(actual, ipv6Words(raw), path);
          else if (typeof raw === 'string' && raw.startsWith('bytes:')) {
            const at = locate(layout, path);
            assert.equal(
              resp.subarray(off + at.offset, off + at.offset + at.layout.size).toString('hex'),
              raw.slice(6),
              path,
            );
          } else assert.deepEqual(actual, expected(raw), `${s.struct}.${path}`);
          checked++;
        }
        off += s.bytes;
      }
    });
    assert.ok(checked > 0 || f.responses.every((r) => r.length === 0), 'some values were checked');
    // Most recorded fields belong to the member the mode reads: the decoder itself must yield them.
    assert.ok(fromDecoder >= checked * 0.8, `decoder yielded ${fromDecoder} of ${checked} fields`);
  });
}

test('a buffer shorter than the struct is a protocol error, not a RangeError', async () => {
  const { ProtocolError } = await import('../../src/errors.js');
  assert.throws(() => decodeDfx(wire, Buffer.alloc(100), 0, 'LSTACK_SHOW'), ProtocolError);
  assert.throws(
    () => decodeLtran(wire, 'ltranTotal', Buffer.alloc(wire.layouts.ltranTotal.size - 1), 0),
    ProtocolError,
  );
  assert.throws(() => decodeRequest(wire, Buffer.alloc(8)), ProtocolError);
});

test('decodeDfx needs only the header and the member it reads (a skimmed frame decodes the same)', () => {
  const full = Buffer.alloc(wire.layouts.dfx.size);
  full.writeUInt32LE(1, 0); // eof
  full.writeUInt32LE(4242, 4); // tid
  full.writeUInt32LE(7, 72); // data.pkts.stack_stat.rx (low word), PROTOCOL.md §4.1
  const skim = full.subarray(0, 32 + 216);
  assert.deepEqual(decodeDfx(wire, skim, 0, 'LSTACK_SHOW'), decodeDfx(wire, full, 0, 'LSTACK_SHOW'));
  assert.equal(decodeDfx(wire, skim, 0, 'LSTACK_SHOW').data.pkts.stack_stat.rx, 7n);
  // a connection list needs its counted rows
  full.writeUInt32LE(3, 36); // data.conn.conn_num
  assert.throws(() => decodeDfx(wire, full.subarray(0, 40 + 2 * 144), 0, 'LSTACK_SHOW_CONN'), /needs/);
  assert.equal(
    decodeDfx(wire, full.subarray(0, 40 + 3 * 144), 0, 'LSTACK_SHOW_CONN').data.conn.conn_list.length,
    3,
  );
});
