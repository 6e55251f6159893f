import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { parseInstanceSpec } from '../../src/sim/instance-spec.js';

test('instance specs: [PREFIX:]MODE[:STACKS[:CLIENTS]]', () => {
  const cases: [spec: string, prefix: string, mode: 'lstack' | 'ltran', stacks: number, clients: number][] = [
    ['lstack', '', 'lstack', 2, 1],
    ['lstack:4', '', 'lstack', 4, 1],
    ['gz7_:lstack:1', 'gz7_', 'lstack', 1, 1],
    ['ltran', '', 'ltran', 2, 1],
    ['p1-:ltran:3:5', 'p1-', 'ltran', 3, 5],
    ['ltran:lstack', 'ltran', 'lstack', 2, 1],
    [':ltran:1', '', 'ltran', 1, 1],
  ];
  for (const [spec, prefix, mode, stacks, clients] of cases)
    assert.deepEqual(parseInstanceSpec(spec), { prefix, mode, stacks, clients }, spec);
});

test('bad instance specs are usage errors', () => {
  for (const bad of [
    '',
    'lstak',
    'x:y:lstack',
    'lstack:0',
    'lstack:33',
    'lstack:2:2',
    'ltran:2:34',
    'ltran:1:1:1',
    'a/b:lstack',
    '..:ltran',
    'lstack:2x',
  ]) {
    assert.throws(() => parseInstanceSpec(bad), UsageError, bad);
  }
});
