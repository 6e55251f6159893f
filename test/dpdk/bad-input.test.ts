/**
 * What a broken host or a hostile telemetry server can do to `gazellectl dpdk`: every case ends in
 * one line about that group, the others still show, nothing throws.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { SeqpacketServer, SeqpacketSocket } from 'node-unix-socket';
import { runDpdk } from '../../src/dpdk/command.js';
import { loadSeqpacket } from '../../src/dpdk/seqpacket.js';
import { TelemetryError } from '../../src/dpdk/telemetry-error.js';
import { readTelemetry } from '../../src/dpdk/telemetry-read.js';
import { captureIo } from '../capture-io.js';
import { tempDir } from '../support/run-dir.js';

const { dir: root, cleanup } = tempDir('gz-dpdk-bad-');
const servers: SeqpacketServer[] = [];
after(() => {
  for (const s of servers) s.close();
  cleanup();
});

async function fakeTelemetry(name: string, onConnect: (s: SeqpacketSocket) => void): Promise<string> {
  const loaded = await loadSeqpacket();
  assert.ok(loaded.ok, 'node-unix-socket loads (it is a dependency)');
  const path = join(root, name);
  const server = new loaded.addon.SeqpacketServer();
  server.on('connection', (s: SeqpacketSocket) => {
    s.on('error', () => undefined);
    onConnect(s);
  });
  server.listen(path);
  servers.push(server);
  return path;
}

const GREETING = Buffer.from('{"version":"DPDK 22.11.11","pid":1,"max_output_len":16384}');

async function failureOf(path: string): Promise<string> {
  try {
    await readTelemetry(path, { timeoutMs: 300 });
  } catch (e) {
    assert.ok(e instanceof TelemetryError, `a TelemetryError, not ${String(e)}`);
    assert.doesNotMatch(e.message, /\n/);
    return e.message;
  }
  assert.fail('expected a failure');
}

test('telemetry that greets with garbage', async () => {
  const p = await fakeTelemetry('garbage', (s) => s.write(Buffer.from('\x00\xffnot json{')));
  assert.match(await failureOf(p), /not JSON/);
});

test('telemetry that never answers', async () => {
  const p = await fakeTelemetry('silent', () => undefined);
  assert.match(await failureOf(p), /did not answer .* within 300 ms/);
});

test('telemetry that closes at once (the 11th client)', async () => {
  const p = await fakeTelemetry('closer', (s) => setImmediate(() => s.destroy()));
  assert.match(await failureOf(p), /closed the connection/);
});

test('telemetry that sends a 1 MB message', async () => {
  const p = await fakeTelemetry('huge', (s) => {
    s.write(GREETING);
    s.on('data', () => {
      try {
        s.write(Buffer.alloc(1024 * 1024, 0x7b));
      } catch {
        setImmediate(() => s.destroy());
      }
    });
  });
  assert.match(await failureOf(p), /over \d+ bytes|not JSON|did not answer|closed/);
});

test('telemetry that answers about another command, or with nonsense bodies', async () => {
  const p = await fakeTelemetry('liar', (s) => {
    s.write(GREETING);
    s.on('data', () => s.write(Buffer.from('{"/something/else": 1}')));
  });
  assert.match(await failureOf(p), /about something else/);
  const q = await fakeTelemetry('nonsense', (s) => {
    s.write(GREETING);
    s.on('data', (b: Buffer) => {
      const cmd = b.toString().split(',')[0]!;
      const body = cmd === '/ethdev/list' ? [0, -1, 'x', 1e300, 2 ** 60] : { ipackets: 'many', status: 5 };
      s.write(Buffer.from(JSON.stringify({ [cmd]: body })));
    });
  });
  const t = await readTelemetry(q, { timeoutMs: 300 });
  assert.deepEqual(
    t.ports.map((x) => x.id),
    [0],
    'only safe non-negative integers are port ids',
  );
  assert.equal(t.ports[0]!.link, null);
});

test('a missing or refused telemetry socket says which', async () => {
  assert.match(await failureOf(join(root, 'nothing-here')), /no telemetry socket/);
  const stale = join(root, 'stale.sock');
  const loaded = await loadSeqpacket();
  assert.ok(loaded.ok);
  const s = new loaded.addon.SeqpacketServer();
  s.listen(stale);
  s.close(); // the file stays, nobody listens: like a SIGKILLed primary
  writeFileSync(join(root, 'keep'), '');
  assert.match(await failureOf(stale), /refused|no telemetry socket/);
});

test('a runtime dir that is a file and a config nobody locks: one line, the rest shows', async () => {
  const base = join(root, 'base');
  mkdirSync(join(base, 'unlocked'), { recursive: true });
  writeFileSync(join(base, 'unlocked', 'config'), Buffer.alloc(64));
  writeFileSync(join(base, 'unlocked', 'dpdk_telemetry.v2'), '');
  writeFileSync(join(base, 'afile'), 'not a dir');
  const io = captureIo();
  const code = await runDpdk({ 'dpdk-dir': [base], interval: '0', 'no-gazelle': true }, io, {
    now: Date.now,
    isRoot: true,
  });
  assert.equal(code, 0);
  assert.match(io.out(), /GROUP unlocked {2}STALE/);
  assert.match(io.out(), /left behind: .*sockets dpdk_telemetry\.v2/);
  assert.match(io.err(), /afile is not a directory/);
  assert.equal(io.err().trim().split('\n').length, 1, io.err());
});

test('a base that is a file, and bad flags: one line, non-zero exit for flags', async () => {
  const file = join(root, 'base-file');
  writeFileSync(file, '');
  const io = captureIo();
  assert.equal(await runDpdk({ 'dpdk-dir': [file], interval: '0', 'no-gazelle': true }, io), 0);
  assert.match(io.err(), /is not a directory/);
  for (const flags of [{ interval: '-1' }, { 'file-prefix': '../etc' }, { interval: 'x' }]) {
    const e = captureIo();
    assert.equal(await runDpdk({ ...flags, 'no-gazelle': true }, e), 2);
    assert.equal(e.err().trim().split('\n').length, 1);
  }
});

test('two readers of one group at once share one telemetry connection', async () => {
  let connections = 0;
  const p = await fakeTelemetry('counted', (s) => {
    connections++;
    s.write(GREETING);
    s.on('data', (b: Buffer) => {
      const cmd = b.toString().split(',')[0]!;
      setTimeout(() => s.write(Buffer.from(JSON.stringify({ [cmd]: cmd.endsWith('list') ? [] : null }))), 5);
    });
  });
  const [a, b] = await Promise.all([
    readTelemetry(p, { timeoutMs: 1000 }),
    readTelemetry(p, { timeoutMs: 1000 }),
  ]);
  assert.equal(connections, 1);
  assert.deepEqual(a, b);
  await readTelemetry(p, { timeoutMs: 1000 });
  assert.equal(connections, 2, 'a later read connects again: nothing old is served as new');
});

test('--file-prefix / -u that match no group: one line naming what was found, exit 3', async () => {
  const base = join(root, 'filtered');
  mkdirSync(join(base, 'a'), { recursive: true });
  mkdirSync(join(base, 'b'));
  const flags = { 'dpdk-dir': [base], interval: '0', 'no-gazelle': true, 'no-telemetry': true };
  const io = captureIo();
  assert.equal(await runDpdk({ ...flags, 'file-prefix': 'nope' }, io), 3);
  assert.equal(io.err(), "gazellectl: no group with file-prefix 'nope' (found: a, b)\n");
  assert.equal(io.out(), '');
  const byPrefix = captureIo();
  assert.equal(await runDpdk({ ...flags, 'unix-prefix': 'nope' }, byPrefix), 3);
  assert.match(byPrefix.err(), /^gazellectl: no group joined to unix_prefix 'nope' \(groups: a, b\)\n$/);
  const found = captureIo();
  assert.equal(await runDpdk({ ...flags, 'file-prefix': 'a' }, found), 0);
  assert.match(found.out(), /GROUP a /);
});
