/** A finished query leaves no timer behind: a lingering one holds a one-shot command (ls) open. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { query } from '../../src/monitor/query.js';

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('an empty probe (no request, no reply) clears its timeout once it connected', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gz-qtimer-'));
  const path = `${dir}/s.sock`;
  const server = createServer((c) => c.on('error', () => {}));
  await new Promise<void>((r) => server.listen(path, r));
  try {
    const before = timers();
    await query(path, null, [], { daemon: 'lstack', timeoutMs: 60_000 });
    assert.equal(timers(), before);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
