import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { resolveRunDir, socketPath, validateUnixPrefix } from '../../src/transport/paths.js';

test('run dir: flag, then GAZELLE_RUN_DIR, then /var/run/gazelle/', () => {
  assert.equal(resolveRunDir(undefined, {}), '/var/run/gazelle/');
  assert.equal(resolveRunDir(undefined, { GAZELLE_RUN_DIR: '/tmp/x' }), '/tmp/x/');
  assert.equal(resolveRunDir('/a/', { GAZELLE_RUN_DIR: '/tmp/x' }), '/a/');
});

test('a unix_prefix can never leave the run dir', () => {
  for (const bad of ['../x', 'a/b', '..', 'a\0b', 'a\nb', 'x'.repeat(129)]) {
    assert.throws(() => validateUnixPrefix(bad), UsageError, JSON.stringify(bad));
    assert.throws(() => socketPath('/run/gz/', bad, 'lstack_cmd.sock'), UsageError);
  }
  assert.equal(socketPath('/run/gz/', '07', 'lstack_cmd.sock'), '/run/gz/07lstack_cmd.sock');
  assert.equal(socketPath('/run/gz/', 'a.b-c_', 'x.sock'), '/run/gz/a.b-c_x.sock');
});

test('socket paths must fit sun_path (108 bytes with the NUL)', () => {
  const dir = `/tmp/${'d'.repeat(80)}/`;
  assert.throws(() => socketPath(dir, 'p'.repeat(20), 'lstack_cmd.sock'), /too long/);
});
