/** A finished query leaves no timer behind: a lingering one holds a one-shot command (ls) open. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { query } from '../../src/monitor/query.js';
import { tempDir } from '../support/run-dir.js';
import { serveUnix } from '../support/unix-server.js';

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('an empty probe (no request, no reply) clears its timeout once it connected', async () => {
  const { dir, cleanup } = tempDir('gz-qtimer-');
  const path = `${dir}/s.sock`;
  const server = await serveUnix(path, () => undefined);
  try {
    const before = timers();
    await query(path, null, [], { daemon: 'lstack', timeoutMs: 60_000 });
    assert.equal(timers(), before);
  } finally {
    await server.close();
    cleanup();
  }
});
