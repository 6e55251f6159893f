/** Socket names of every era: prefix, daemon, and ltran's old registration socket left out. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { controlSockets } from '../../src/discovery/names.js';

const entries = (...names: string[]) => names.map((name) => ({ name, isSocket: true }));
const summary = (names: string[]) =>
  controlSockets(entries(...names)).map((f) => `${f.prefix}|${f.kind.daemon}|${f.kind.era}`);

test('every era: prefix is what precedes the name; ltran sorts before lstack', () => {
  assert.deepEqual(
    summary([
      '07lstack_cmd.sock',
      'lstack_cmd.sock',
      '08ltran_cmd.sock',
      'gz1_gazelle_client.sock',
      'oldlibos_client.sock',
      'ltran_client.sock', // 1.0.3 ltran's registration socket: not a control socket
      'lstack.conf',
      '07ltran_cmd.sock',
    ]),
    [
      '|lstack|1.0.3/2024.09',
      '07|ltran|1.0.3/2024.09',
      '07|lstack|1.0.3/2024.09',
      '08|ltran|1.0.3/2024.09',
      'gz1_|lstack|1.0.2',
      'old|lstack|1.0.1',
    ],
  );
});

test("before 1.0.3, the *_client.sock next to an ltran socket of the same prefix is ltran's", () => {
  assert.deepEqual(summary(['x_gazelle_cmd.sock', 'x_gazelle_client.sock', 'y_gazelle_client.sock']), [
    'x_|ltran|1.0.2',
    'y_|lstack|1.0.2',
  ]);
  assert.deepEqual(summary(['libos_cmd.sock', 'libos_client.sock']), ['|ltran|1.0.1']);
  // in 1.0.3 the names are distinct, so both stay
  assert.deepEqual(summary(['ltran_cmd.sock', 'lstack_cmd.sock']), [
    '|ltran|1.0.3/2024.09',
    '|lstack|1.0.3/2024.09',
  ]);
});

test('a prefix that could leave the run dir is not an instance', () => {
  assert.deepEqual(summary(['..lstack_cmd.sock', 'a\u0001lstack_cmd.sock']), []);
});
