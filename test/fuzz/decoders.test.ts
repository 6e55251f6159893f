/** Quick fuzz pass of every decoder (properties in ./decoders.ts); `npm run fuzz` runs the long one. */
import { test } from 'node:test';
import fc from 'fast-check';
import {
  frameCase,
  requestProperty,
  runDecodeCase,
  dfxTarget,
  ltranTarget,
  LTRAN_KINDS,
  WIRES,
} from './decoders.js';

// dfx has no cache-aligned member: one arch per profile is enough for the quick pass.
const dfxWires = WIRES.filter((w) => w.target.cacheLine === 64);

for (const wire of dfxWires) {
  test(`decodeDfx ${wire.profile.name}: every mode, hostile counts and bytes`, () => {
    const t = dfxTarget(wire);
    fc.assert(
      fc.property(frameCase, (c) => runDecodeCase(t, c)),
      { numRuns: 8 },
    );
  });
}

test('decodeLtran: every kind, profile and arch, hostile counts and bytes', () => {
  for (const wire of WIRES)
    for (const kind of LTRAN_KINDS) {
      const t = ltranTarget(wire, kind);
      fc.assert(
        fc.property(frameCase, (c) => runDecodeCase(t, c)),
        { numRuns: kind === 'forwardTable' ? 10 : 40 },
      );
    }
});

test('decodeRequest: any request-sized bytes decode, strings stay inside their arrays', () => {
  for (const wire of WIRES) fc.assert(requestProperty(wire), { numRuns: 200 });
});
