import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { parseInstanceSpec } from '../../src/sim/instance-spec.js';

test('instance specs: [PREFIX:]MODE[:STACKS[:CLIENTS]]', () => {
  assert.deepEqual(parseInstanceSpec('lstack'), { prefix: '', mode: 'lstack', stacks: 2, clients: 1 });
  assert.deepEqual(parseInstanceSpec('lstack:4'), { prefix: '', mode: 'lstack', stacks: 4, clients: 1 });
  assert.deepEqual(parseInstanceSpec('gz7_:lstack:1'), {
    prefix: 'gz7_',
    mode: 'lstack',
    stacks: 1,
    clients: 1,
  });
  assert.deepEqual(parseInstanceSpec('ltran'), { prefix: '', mode: 'ltran', stacks: 2, clients: 1 });
  assert.deepEqual(parseInstanceSpec('p1-:ltran:3:5'), {
    prefix: 'p1-',
    mode: 'ltran',
    stacks: 3,
    clients: 5,
  });
  assert.deepEqual(parseInstanceSpec('ltran:lstack'), {
    prefix: 'ltran',
    mode: 'lstack',
    stacks: 2,
    clients: 1,
  });
  assert.deepEqual(parseInstanceSpec(':ltran:1'), { prefix: '', mode: 'ltran', stacks: 1, clients: 1 });
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
