/**
 * The real CLI against daemons that misbehave on purpose. Each run must end within its --timeout
 * (plus start-up) with the README's exit code and exactly one line on stderr, never a stack trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../src/errors.js';
import { encodeDfx, encodeLtran } from '../../src/protocol/codec.js';
import { locate } from '../../src/protocol/ctypes.js';
import { wireFor } from '../../src/protocol/profiles.js';
import { MAX_STRUCTS_PER_REPLY } from '../../src/client/run.js';
import {
  assertFails,
  assertSucceeds,
  dribble,
  flood,
  runCli,
  startHostile,
  type Hostile,
} from './harness.js';
import { tempDir } from '../support/run-dir.js';

const wire = wireFor('v1.0.3');
// per read: long enough that a loaded CI machine reading a 3 MB struct never meets it by itself
// (300 ms failed there), short enough that every timeout case here stays quick
const TIMEOUT = 1000;
const IP = '192.0.2.10';
/**
 * How long the client may hold the unanswered request: the timeout + slack, measured by the daemon
 * from the request to the close (the CLI's start-up is not in it: on a loaded machine that alone took
 * 8 s). Below the default 5000 ms per read, so a client that ignored --timeout still fails.
 */
const WITHIN = 4500;

const lstackArgs = (h: Hostile, ...words: string[]) => [
  'lstack',
  'show',
  IP,
  ...words,
  '--run-dir',
  h.runDir,
  '--timeout',
  String(TIMEOUT),
];
const ltranArgs = (h: Hostile, ...words: string[]) => [
  'ltran',
  ...words,
  '--run-dir',
  h.runDir,
  '--timeout',
  String(TIMEOUT),
];

async function withHostile(
  socket: 'lstack_cmd.sock' | 'ltran_cmd.sock',
  onRequest: Parameters<typeof startHostile>[1],
  body: (h: Hostile) => Promise<void>,
  opts?: Parameters<typeof startHostile>[2],
): Promise<void> {
  const h = await startHostile(socket, onRequest, opts);
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

const dfx = (value: Record<string, unknown>, w = wire) => encodeDfx(w, { tid: 4711, loglevel: 7, ...value });
/** A dfx frame with one member patched to a raw value (counts the encoder would not produce). */
function dfxWith(path: string, value: number, base: Record<string, unknown> = { eof: 1 }): Buffer {
  const b = dfx(base);
  const m = locate(wire.layouts.dfx, path);
  b.writeUIntLE(value, m.offset, m.layout.size);
  return b;
}
function ltranWith(kind: 'ltranTotal' | 'ltranClient' | 'forwardTable', path: string, value: number): Buffer {
  const b = encodeLtran(wire, kind, {});
  const m = locate(wire.layouts[kind], path);
  b.writeUIntLE(value, m.offset, m.layout.size);
  return b;
}

test('accepts and never answers: timeout (6) within --timeout', async () => {
  let held: Promise<number> | null = null;
  await withHostile(
    'lstack_cmd.sock',
    (sock) => {
      const t0 = performance.now();
      held = new Promise((resolve) => sock.once('close', () => resolve(performance.now() - t0)));
    },
    async (h) => {
      const r = await runCli(lstackArgs(h));
      assertFails(r, EXIT.timeout, new RegExp(`within ${TIMEOUT} ms`));
      assert.ok(held, 'the request arrived');
      const ms = await held;
      // t0 is when this process noticed the request: its own event loop (a busy CI run) can make
      // that late, which shortens the hold measured here, not the client's
      assert.ok(ms >= TIMEOUT - 200 && ms < WITHIN, `the unanswered request was held ${ms.toFixed(0)} ms`);
    },
  );
  await withHostile(
    'ltran_cmd.sock',
    () => undefined,
    async (h) => assertFails(await runCli(ltranArgs(h, 'show')), EXIT.timeout),
  );
});

test('answers one byte at a time, each within the timeout: completes although it takes longer', async () => {
  const frame = encodeLtran(wire, 'ltranClient', {
    client_num: 1,
    client_info: [{ id: 1, bond_port: 0, ip: 0x0a0200c0, state: 0, stack_cnt: 2, sockfd: 9, pid: 4711 }],
  });
  await withHostile(
    'ltran_cmd.sock',
    (sock) => dribble(sock, frame, 1, 1, () => sock.end()),
    async (h) => {
      const r = await runCli(ltranArgs(h, 'show', '-i'), { guardMs: 30_000 });
      assertSucceeds(r);
      assert.match(r.stdout, /4711/);
      assert.ok(r.ms > 300, `took ${r.ms} ms: the bytes did not trickle`);
    },
  );
  // and a 3 MB dfx answer in 24 pieces, 100 ms apart (2.4 s in all, more than the timeout per read)
  await withHostile(
    'lstack_cmd.sock',
    (sock) => dribble(sock, dfx({ eof: 1 }), 132_002, 100),
    async (h) => {
      const r = await runCli(lstackArgs(h), { guardMs: 30_000 });
      assertSucceeds(r);
      assert.ok(r.ms > 2000, `${r.ms} ms`);
    },
  );
});

/**
 * Half a frame, then nothing for STALL_MS: far beyond --timeout, far within the default 5000 ms. The
 * client must give up by its --timeout, per read (the error says so, and where the frame stalled);
 * one that ignored --timeout would get the rest of the frame and succeed. No wall-clock bound.
 */
const STALL_MS = 2500;

test('stalls mid-frame beyond the timeout: timeout (6), by the per-read --timeout', async () => {
  const frame = dfx({ eof: 1 });
  const resume = new Set<NodeJS.Timeout>();
  try {
    await withHostile(
      'lstack_cmd.sock',
      (sock) => {
        sock.write(frame.subarray(0, 1_500_000));
        resume.add(setTimeout(() => sock.destroyed || sock.write(frame.subarray(1_500_000)), STALL_MS));
      },
      async (h) => {
        const r = await runCli(lstackArgs(h), { guardMs: 30_000 });
        assertFails(
          r,
          EXIT.timeout,
          new RegExp(`within ${TIMEOUT} ms \\(stalled after 1500000 of 3168040 bytes\\)`),
        );
      },
    );
  } finally {
    for (const t of resume) clearTimeout(t);
  }
});

test('closes after half a frame: closed early (7)', async () => {
  await withHostile(
    'lstack_cmd.sock',
    (sock) => sock.end(dfx({ eof: 1 }).subarray(0, 1_584_020)),
    async (h) => assertFails(await runCli(lstackArgs(h)), EXIT.closedEarly, /after 1584020 of 3168040 bytes/),
  );
  // a later struct of a multi-struct reply: still 7 (the C client's 0 only with --compat-exit-codes)
  await withHostile(
    'lstack_cmd.sock',
    (sock) => sock.end(Buffer.concat([dfx({ eof: 0 }), dfx({ eof: 1 }).subarray(0, 100)])),
    async (h) => {
      assertFails(await runCli(lstackArgs(h)), EXIT.closedEarly);
      const compat = await runCli([...lstackArgs(h), '--compat-exit-codes']);
      assert.equal(compat.code, 0);
      assert.match(compat.stdout, /read_specied_len: Connection closed \n/);
    },
  );
});

test('resets the connection (closes with our request unread): closed early (7)', async () => {
  await withHostile(
    'lstack_cmd.sock',
    () => undefined,
    async (h) => assertFails(await runCli(lstackArgs(h)), EXIT.closedEarly),
    {
      pauseOnConnect: (sock) => void setTimeout(() => sock.destroy(), 100),
    },
  );
});

test(`never sends eof: the reply is capped at ${MAX_STRUCTS_PER_REPLY} structs, protocol mismatch (8)`, async () => {
  const total = encodeLtran(wire, 'lstackTotal', { eof: 0, tid: 1, index: 0 });
  await withHostile(
    'ltran_cmd.sock',
    (sock) => flood(sock, total),
    async (h) => assertFails(await runCli(lstackArgs(h, '-r', '--count', '1')), EXIT.protocol, /never ends/),
  );
  // the same with 3 MB dfx structs: 1024 of them (3.2 GB) are read and dropped in bounded memory
  await withHostile(
    'lstack_cmd.sock',
    (sock) => flood(sock, dfx({ eof: 0 })),
    async (h) => {
      const r = await runCli(lstackArgs(h, '-s'), { guardMs: 60_000 });
      assertFails(r, EXIT.protocol, /never ends/);
      assert.ok(r.maxRssMb < 250, `peak RSS ${r.maxRssMb} MB`);
    },
  );
});

test('eof values other than 0/1: protocol mismatch (8)', async () => {
  await withHostile(
    'lstack_cmd.sock',
    (sock) => sock.write(dfx({ eof: 0xdeadbeef })),
    async (h) => assertFails(await runCli(lstackArgs(h)), EXIT.protocol, /eof=3735928559/),
  );
});

test('counts far out of range are clamped to the C arrays: success, bounded output', async () => {
  interface Case {
    name: string;
    socket: 'lstack_cmd.sock' | 'ltran_cmd.sock';
    frame: Buffer;
    args: (h: Hostile) => string[];
    maxLines: number;
  }
  const lstack = (name: string, frame: Buffer, option: string, maxLines: number): Case => ({
    name,
    socket: 'lstack_cmd.sock',
    frame,
    args: (h) => lstackArgs(h, option),
    maxLines,
  });
  const ltran = (name: string, frame: Buffer, words: string[], maxLines: number): Case => ({
    name,
    socket: 'ltran_cmd.sock',
    frame,
    args: (h) => ltranArgs(h, ...words),
    maxLines,
  });
  const cases: Case[] = [
    lstack('conn_num', dfxWith('data.conn.conn_num', 0xffffffff), '-c', 22_100),
    lstack('xstats len', dfxWith('data.nic_xstats.len', 0xffffffff), '-x', 10),
    lstack(
      'slave_count',
      dfxWith('data.nic_xstats.bonding.slave_count', 0xffff, {
        eof: 1,
        data: { nic_xstats: { len: 1, bonding: { mode: 1 } } },
      }),
      '-x',
      40,
    ),
    lstack('rx_queue_num', dfxWith('data.virtio.rx_queue_num', 0xffff), '-v', 65_600),
    ltran('port_num', ltranWith('ltranTotal', 'port_num', 0xffffffff), ['show'], 400),
    ltran('client_num', ltranWith('ltranClient', 'client_num', 0xffffffff), ['show', '-i'], 60),
    ltran(
      'forward conn_num',
      ltranWith('forwardTable', 'conn_num', 0xffffffff),
      ['show', '-t', 'conntable'],
      22_100,
    ),
  ];
  for (const c of cases) {
    await withHostile(
      c.socket,
      (sock) => (c.socket === 'ltran_cmd.sock' ? sock.end(c.frame) : sock.write(c.frame)),
      async (h) => {
        const r = await runCli(c.args(h));
        assertSucceeds(r);
        const lines = r.stdout.split('\n').length;
        assert.ok(lines <= c.maxLines, `${c.name}: ${lines} lines`);
      },
    );
  }
});

test('a frame of another profile or arch: timeout, closed early or protocol mismatch, never garbage with 0', async () => {
  // v2024.09 structs are 88,000 bytes smaller: a v1.0.3 client waits for the rest (lstack keeps the socket open)
  const small = dfx({ eof: 1 }, wireFor('v2024.09'));
  await withHostile(
    'lstack_cmd.sock',
    (sock) => sock.write(small),
    async (h) => assertFails(await runCli(lstackArgs(h)), EXIT.timeout),
  );
  // ... or is told the daemon closed (ltran closes after answering)
  await withHostile(
    'ltran_cmd.sock',
    (sock) => sock.end(Buffer.concat([encodeLtran(wire, 'lstackTotal', { eof: 1 }), small])),
    async (h) => assertFails(await runCli(lstackArgs(h)), EXIT.closedEarly),
  );
  // v1.0.3 structs to a v2024.09 client: the reply ends early in the stream; the bytes left over are the tell
  await withHostile(
    'lstack_cmd.sock',
    (sock) => sock.write(dfx({ eof: 1 })),
    async (h) => {
      const r = await runCli([...lstackArgs(h), '--profile', 'v2024.09']);
      assertFails(r, EXIT.protocol, /unexpected bytes after the reply/);
      // the C client never looked: --compat-exit-codes keeps its 0
      assert.equal(
        (await runCli([...lstackArgs(h), '--profile', 'v2024.09', '--compat-exit-codes'])).code,
        0,
      );
    },
  );
  // an aarch64 ltran (cache line 128: 6272-byte ltran_total) to an x86_64 client (6208)
  await withHostile(
    'ltran_cmd.sock',
    (sock) => sock.end(encodeLtran(wireFor('v1.0.3', 'aarch64'), 'ltranTotal', { port_num: 1 })),
    async (h) => assertFails(await runCli(ltranArgs(h, 'show')), EXIT.protocol, /64 unexpected bytes/),
  );
});

test('floods more than expected: after a complete reply, protocol mismatch (8)', async () => {
  const total = encodeLtran(wire, 'ltranTotal', { port_num: 1 });
  await withHostile(
    'ltran_cmd.sock',
    // two answers per write: the surplus is in the socket with the reply, not a moment after it
    // (one answer per write let the client finish before the second arrived, under load)
    (sock) => flood(sock, Buffer.concat([total, total])),
    async (h) => assertFails(await runCli(ltranArgs(h, 'show')), EXIT.protocol, /unexpected bytes/),
  );
});

test('floods while the client sleeps with the connection open (set loglevel): success in bounded memory', async () => {
  await withHostile(
    'lstack_cmd.sock',
    (sock) => flood(sock, Buffer.alloc(1 << 20, 0x5a)),
    async (h) => {
      const r = await runCli([
        'lstack',
        'set',
        IP,
        'loglevel',
        'info',
        '--run-dir',
        h.runDir,
        '--timeout',
        '300',
      ]);
      assertSucceeds(r);
      // before the read queue was bounded this grew by ~460 MB per second of sleep
      assert.ok(r.maxRssMb < 200, `peak RSS ${r.maxRssMb} MB`);
    },
  );
});

const python = spawnSync('python3', ['--version']).status === 0;
test(
  'a daemon that stopped accepting (listen queue full): refused (4), one clear line',
  { skip: !python && 'needs python3' },
  async () => {
    const { dir: runDir, cleanup: cleanupRunDir } = tempDir('gz-hostile-');
    const path = join(runDir, 'lstack_cmd.sock');
    const py = spawn('python3', [
      '-c',
      'import socket,sys,time\ns=socket.socket(socket.AF_UNIX)\ns.bind(sys.argv[1])\ns.listen(0)\nc=[socket.socket(socket.AF_UNIX) for _ in range(3)]\n[x.setblocking(False) for x in c]\nfor x in c:\n  try: x.connect(sys.argv[1])\n  except OSError: pass\nprint("ready",flush=True)\ntime.sleep(30)',
      path,
    ]);
    try {
      await new Promise<void>((r) => py.stdout.once('data', () => r()));
      assert.ok(existsSync(path));
      const r = await runCli(['lstack', 'show', IP, '--run-dir', runDir, '--timeout', String(TIMEOUT)]);
      assertFails(r, EXIT.refused, /not accepting connections/);
    } finally {
      py.kill();
      cleanupRunDir();
    }
  },
);
