/** The exporter stops at once on SIGTERM, even with a poll of a silent daemon in flight (issue 10 item 9). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { type Socket } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '../shared.js';
import { tempRunDir } from '../sim/helpers.js';
import { serveUnix } from '../support/unix-server.js';

test('SIGTERM during a poll that waits on a silent daemon: the exporter exits 0 without waiting for it', async () => {
  const { dir, cleanup } = tempRunDir();
  const held = new Set<Socket>();
  const silent = await serveUnix(join(dir, 'hung_lstack_cmd.sock'), (s) => void held.add(s));
  const env = { ...process.env };
  delete env.GAZELLECTL_PROFILE;
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'bin', 'run.js'),
      'exporter',
      '--run-dir',
      dir,
      '-u',
      'hung_',
      '--timeout',
      '20000',
      '--listen',
      '127.0.0.1:0',
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  try {
    let err = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        err += d;
        const m = /serving (http:\/\/\S+)\/metrics/.exec(err);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    const scrape = fetch(`${url}/metrics`).catch(() => null);
    // the poll is now waiting on the silent daemon (for up to --timeout)
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(held.size > 0, 'the exporter is connected to the silent daemon');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const t0 = performance.now();
    child.kill('SIGTERM');
    const code = await exited;
    const ms = performance.now() - t0;
    await scrape;
    assert.equal(code, 0, err);
    // the defect kept it up for the whole --timeout (20 s); the target (< 200 ms) is a bench row
    assert.ok(ms < 5000, `exited ${Math.round(ms)} ms after SIGTERM`);
  } finally {
    child.kill('SIGKILL');
    await silent.close();
    cleanup();
  }
});
