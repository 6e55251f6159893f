/** The profile matcher over raw byte streams, split at awkward places like real socket reads. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DfxMatcher, MAX_DFX_STRUCTS, type Candidate } from '../../src/discovery/matcher.js';
import { encodeDfx, encodeLtran } from '../../src/protocol/codec.js';
import { wireFor, type ProfileName } from '../../src/protocol/profiles.js';

const cand = (p: ProfileName): Candidate => {
  const w = wireFor(p);
  const m = w.layouts.dfx.members!;
  return {
    name: p,
    size: w.layouts.dfx.size,
    eofOffset: m.get('eof')!.offset,
    stackIdOffset: m.get('stack_id')?.offset,
  };
};
const both = [cand('v1.0.3'), cand('v2024.09')];

/** What lstack writes for LSTACK_SHOW: one struct per stack, eof on the last. */
const answer = (p: ProfileName, stacks: number): Buffer =>
  Buffer.concat(
    Array.from({ length: stacks }, (_, i) =>
      encodeDfx(wireFor(p), { eof: i === stacks - 1 ? 1 : 0, tid: 100 + i, stack_id: i, loglevel: 7 }),
    ),
  );

function feed(m: DfxMatcher, buf: Buffer, chunk: number): void {
  for (let o = 0; o < buf.length; o += chunk) m.push(buf.subarray(o, o + chunk));
}

test('sizes are the ones PROTOCOL.md gives', () => {
  assert.deepEqual(
    both.map((c) => c.size),
    [3_168_040, 3_080_040],
  );
});

for (const p of ['v1.0.3', 'v2024.09'] as const) {
  for (const stacks of [1, 2, 5]) {
    test(`${p} with ${stacks} stack(s) is recognised, whatever the chunking`, () => {
      const buf = answer(p, stacks);
      for (const chunk of [65536, 212_992, 7, buf.length]) {
        if (chunk === 7 && stacks > 1) continue; // byte-sized chunks: once is enough
        const m = new DfxMatcher(both);
        feed(m, buf, chunk);
        assert.equal(m.settled, true);
        assert.deepEqual(m.verdict(), { kind: 'match', name: p, structs: stacks });
      }
    });
  }
}

test('a v1.0.3 answer is not v2024.09 just because its first header fits: bytes follow eof', () => {
  const m = new DfxMatcher([cand('v2024.09')]);
  m.push(answer('v1.0.3', 1));
  assert.equal(m.hopeless, true);
  const v = m.verdict();
  assert.equal(v.kind, 'none');
  assert.match(String(v.kind === 'none' && v.reasons[0]), /88,000 bytes follow the struct with eof=1/);
});

test('wrong eof and stack_id values rule a candidate out', () => {
  const w = wireFor('v1.0.3');
  const bad = encodeDfx(w, { eof: 7, stack_id: 0 });
  const m = new DfxMatcher(both);
  m.push(bad);
  assert.equal(m.hopeless, true);
  const skipped = Buffer.concat([
    encodeDfx(w, { eof: 0, stack_id: 0 }),
    encodeDfx(w, { eof: 1, stack_id: 2 }),
  ]);
  const m2 = new DfxMatcher([cand('v1.0.3')]);
  m2.push(skipped);
  assert.deepEqual(m2.verdict(), {
    kind: 'none',
    bytes: skipped.length,
    reasons: ['v1.0.3: struct 1 carries stack_id=2'],
  });
});

test('an answer that is too short for every candidate is no match', () => {
  const m = new DfxMatcher(both);
  m.push(answer('v1.0.3', 1).subarray(0, 2_992_040));
  assert.equal(m.settled, false);
  assert.equal(m.verdict().kind, 'none');
});

test('a stream without eof stops at the struct limit and keeps at most about one struct in memory', () => {
  const w = wireFor('v1.0.2');
  const c: Candidate = { name: 'v1.0.2', size: w.layouts.dfx.size, eofOffset: 0 };
  const m = new DfxMatcher([c]);
  const one = encodeDfx(w, { eof: 0 });
  for (let i = 0; i < MAX_DFX_STRUCTS; i++) m.push(one);
  assert.equal(m.hopeless, true);
  assert.match(JSON.stringify(m.verdict()), /no eof=1 within 64 structs/);
});

test('a preamble of lstack_total structs (ltran) is skipped before the dfx structs', () => {
  const w = wireFor('v2024.09');
  const lt = w.layouts.lstackTotal;
  const pre = Buffer.concat([
    encodeLtran(w, 'lstackTotal', { eof: 0 }),
    encodeLtran(w, 'lstackTotal', { eof: 1 }),
  ]);
  const buf = Buffer.concat([pre, answer('v2024.09', 2)]);
  const m = new DfxMatcher(both, { size: lt.size, eofOffset: 0 });
  feed(m, buf, 100_000);
  assert.deepEqual(m.verdict(), { kind: 'match', name: 'v2024.09', structs: 2 });
});

test('as a frame sink it keeps no view of a read area the reader reuses', () => {
  const buf = answer('v1.0.3', 2);
  const m = new DfxMatcher(both);
  // one landing area for every read, as the transport's FrameReader has, overwritten after each
  // feed; the first read ends inside the second struct's header, which must wait for the next
  const area = Buffer.alloc(both[0].size + 2);
  for (const [from, to] of [
    [0, area.length],
    [area.length, buf.length],
  ]) {
    const n = buf.copy(area, 0, from, to);
    assert.equal(m.feed(area, n), 0); // it takes every byte, strays included
    area.fill(0xee);
  }
  assert.deepEqual(m.verdict(), { kind: 'match', name: 'v1.0.3', structs: 2 });
  assert.equal(m.received, buf.length);
});
