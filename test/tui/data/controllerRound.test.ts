/**
 * One redraw per poll round: the results of all instances of one interval reach the screen together,
 * and a hung instance holds the others back only for the bounded wait. One instance sits behind a
 * proxy that delays (or swallows) its answers.
 */
import { strict as assert } from 'node:assert';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { TopController, type TopSnapshot } from '../../../src/tui/data/controller.js';
import { startFakeLstack, type FakeLstack } from '../fakeLstack.js';

/** A socket at `path` that forwards to `target`, answers delayed by `delayMs` (null: never answered). */
async function slowProxy(path: string, target: string, delayMs: number | null): Promise<Server> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      if (delayMs !== null) setTimeout(() => client.writable && client.write(d), delayMs);
    });
    client.on('close', () => upstream.destroy());
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  await new Promise<void>((r) => server.listen(path, r));
  return server;
}

async function fourInstances(delayMs: number | null) {
  const runDir = `${mkdtempSync(join(tmpdir(), 'gz-round-'))}/`;
  const hidden = `${mkdtempSync(join(tmpdir(), 'gz-round-slow-'))}/`;
  const fakes: FakeLstack[] = [];
  for (const p of ['a_', 'b_', 'c_']) fakes.push(await startFakeLstack(2, p, runDir));
  fakes.push(await startFakeLstack(2, 'd_', hidden));
  const proxy = await slowProxy(`${runDir}d_lstack_cmd.sock`, `${hidden}d_lstack_cmd.sock`, delayMs);
  const close = async (): Promise<void> => {
    for (const s of [proxy]) {
      await new Promise((r) => s.close(r));
    }
    for (const f of fakes) await f.close();
    rmSync(runDir, { recursive: true, force: true });
    rmSync(hidden, { recursive: true, force: true });
  };
  return { runDir, close };
}

/** Which instances had answered at each redraw. */
function watch(c: TopController): { seen: string[][]; at: number[] } {
  const seen: string[][] = [];
  const at: number[] = [];
  const t0 = performance.now();
  c.subscribe(() => {
    const snap: TopSnapshot = c.getSnapshot();
    seen.push(snap.instances.filter((i) => i.status !== 'connecting').map((i) => i.prefix));
    at.push(performance.now() - t0);
  });
  return { seen, at };
}

test('the four instances of a round are drawn together, the slow one included', async () => {
  const { runDir, close } = await fourInstances(300);
  let now = 0;
  const c = new TopController(
    { runDir, prefixes: ['a_', 'b_', 'c_', 'd_'], only: ['v1.0.3'], timeoutMs: 3000 },
    2000,
    () => now,
  );
  const { seen } = watch(c);
  try {
    await c.start(true);
    now = 1;
    for (let i = 0; i < 100 && !seen.some((s) => s.length > 0); i++) await sleep(50);
    const first = seen.find((s) => s.length > 0);
    assert.deepEqual(first, ['a_', 'b_', 'c_', 'd_'], `redraws so far: ${JSON.stringify(seen)}`);
  } finally {
    c.stop();
    await close();
  }
});

test('a hung instance holds the others back only for the bounded wait, not its timeout', async () => {
  const { runDir, close } = await fourInstances(null);
  const c = new TopController(
    { runDir, prefixes: ['a_', 'b_', 'c_', 'd_'], only: ['v1.0.3'], timeoutMs: 20_000 },
    1000,
  );
  const { seen, at } = watch(c);
  try {
    await c.start(true);
    for (let i = 0; i < 200 && !seen.some((s) => s.length > 0); i++) await sleep(50);
    const i = seen.findIndex((s) => s.length > 0);
    assert.deepEqual(seen[i], ['a_', 'b_', 'c_']);
    // the bound is half an interval; far below the 20 s timeout even on a loaded machine
    assert.ok(at[i] < 10_000, `first data drawn after ${at[i]} ms`);
  } finally {
    c.stop();
    await close();
  }
});
