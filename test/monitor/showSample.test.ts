/**
 * The monitors' show sampler decodes only what stackSampleFromDfx reads: on random bytes (every
 * counter non-zero, every era, both cache-line sizes) it must give exactly what decoding the whole
 * skimmed answer gives, so a member the mapping starts to read, or an era that moves one, fails here.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { decodeDfx, dfxMember } from '../../src/protocol/codec.js';
import { locate } from '../../src/protocol/ctypes.js';
import { ARCHES, PROFILE_NAMES, wireFor, type Arch } from '../../src/protocol/profiles.js';
import { showSampler } from '../../src/monitor/showSample.js';
import { stackSampleFromDfx } from '../../src/stats/stackSample.js';
import { ProtocolError } from '../../src/errors.js';

for (const profile of PROFILE_NAMES) {
  for (const arch of Object.keys(ARCHES) as Arch[]) {
    test(`show sampler = stackSampleFromDfx(decodeDfx) on random ${profile} ${arch} frames`, () => {
      const wire = wireFor(profile, arch);
      const sample = showSampler(wire);
      for (const mode of ['LSTACK_SHOW', 'LTRAN_SHOW_LSTACK'] as const) {
        const member = locate(wire.layouts.dfx, `data.${dfxMember(profile, mode)!}`);
        // the skimmed prefix the monitors keep of each struct
        const keep = member.offset + member.layout.size;
        for (let i = 0; i < 20; i++) {
          const frame = randomBytes(keep);
          assert.deepEqual(sample(frame, i), stackSampleFromDfx(profile, decodeDfx(wire, frame, 0, mode), i));
        }
      }
    });
  }
}

test('a frame shorter than the members read is a protocol error, not a misread', () => {
  const sample = showSampler(wireFor('v1.0.3'));
  assert.throws(() => sample(Buffer.alloc(40), 0), ProtocolError);
});
