/** CLI rows: start-up against the simulator, and a big `show -c` reply against a raw read. */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { decodeDfx } from '../src/protocol/codec.js';
import { connRow, fourStackReply } from '../scripts/conn-reply.js';
import { Connection } from '../src/transport/connection.js';
import type { StepContext } from '../src/format/printer.js';
import { ByteOut } from '../src/format/c/byte-out.js';
import { lstackConn } from '../src/format/c/conn.js';
import { wireFor, type ProfileName } from '../src/protocol/profiles.js';
import {
  baseBin,
  benchEnv,
  bin,
  cClient,
  median,
  runs,
  sampleCommands,
  timeCommand,
  timeProgram,
  waitFor,
  type Row,
} from './lib.js';

export async function cliRows(runDir: string): Promise<Row[]> {
  const rows: Row[] = [];
  await startup(runDir, rows);
  await decodeVsTransfer(runDir, rows);
  await bigReply(runDir, rows);
  return rows;
}

/** 4 stacks x 22,000 connections (LSTACK_SHOW_CONN), encoded once. */
function bigConnReply(profile: ProfileName = 'v1.0.3'): Buffer {
  return fourStackReply(
    profile,
    Array.from({ length: 22000 }, (_, i) => connRow(i)),
    () => 22000,
  );
}

/**
 * In-process: receiving the 4 frames over a unix socket (Connection.readExact, no decode) vs
 * decoding them (header + conn member, all 88,000 connections), and vs decoding and formatting
 * them as `lstack show -c` does. Target: decode < transfer.
 */
async function decodeVsTransfer(runDir: string, rows: Row[]): Promise<void> {
  const wire = wireFor('v1.0.3');
  const reply = bigConnReply();
  const frame = wire.layouts.dfx.size;
  const path = join(runDir, 'dec_lstack_cmd.sock');
  const server = createServer((sock) => {
    sock.on('data', () => sock.write(reply));
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(path, () => r()));
  try {
    const transfer: number[] = [];
    const decode: number[] = [];
    const format: number[] = [];
    const ctx: StepContext = { daemon: 'lstack', request: { stat_mode: 0, ip: 0, pid: 0 }, at: 0 };
    for (let i = 0; i < runs; i++) {
      const conn = await Connection.connect(path, { daemon: 'lstack', timeoutMs: 5000 });
      const t0 = performance.now();
      await conn.write(Buffer.alloc(32));
      const frames: Buffer[] = [];
      for (let k = 0; k < 4; k++) frames.push(await conn.readExact(frame));
      const t1 = performance.now();
      conn.close();
      for (const f of frames) decodeDfx(wire, f, 0, 'LSTACK_SHOW_CONN');
      const t2 = performance.now();
      // decode + format (`lstack show -c` text, 26.6 MB) into output buffers that are dropped
      const printer = lstackConn('v1.0.3', () => BigInt(Date.now()) * 1000n);
      const out = new ByteOut(() => undefined);
      for (const f of frames) printer.bytes!('dfx', decodeDfx(wire, f, 0, 'LSTACK_SHOW_CONN'), ctx, out);
      out.flush();
      const t3 = performance.now();
      transfer.push(t1 - t0);
      decode.push(t2 - t1);
      format.push(t3 - t2);
    }
    const t = median(transfer);
    const d = median(decode);
    const f = median(format);
    const mb = reply.length / 1e6;
    const rate = (ms: number): string => `${(mb / (ms / 1000)).toFixed(0)} MB/s`;
    rows.push([
      'decode 4 x 22,000 conns vs their socket transfer',
      d / t,
      `${d.toFixed(1)} ms (${rate(d)}) vs ${t.toFixed(1)} ms (${rate(t)})`,
    ]);
    rows.push([
      'decode+format 4 x 22,000 conns (show -c text) vs their socket transfer',
      f / t,
      `${f.toFixed(1)} ms (${rate(f)} of reply) vs ${t.toFixed(1)} ms`,
    ]);
  } finally {
    server.close();
  }
}
const ratioRow = (name: string, a: number, b: number): Row => [
  name,
  a / b,
  `${a.toFixed(1)} ms vs ${b.toFixed(1)} ms`,
];

/**
 * A fresh node that sends a request and reads `total` bytes of answer without decoding or printing:
 * the floor for any Node client, since every stack's whole struct must be read. Reads land in one
 * reused 64 KiB buffer (net's `onread`), as ours do: 'data' events allocate a buffer per read, which
 * made this "floor" slower than the CLI itself.
 */
function rawReader(path: string, total: number, request = 'q.writeUInt32LE(14,0);'): string {
  return (
    `const q=Buffer.alloc(32);${request}let n=0;const b=Buffer.allocUnsafe(65536);` +
    `const s=require('net').createConnection({path:${JSON.stringify(path)},onread:{buffer:b,callback:(k)=>{n+=k;if(n>=${total})s.destroy()}}});` +
    `s.on('connect',()=>s.write(q));`
  );
}

/** rawReader of `lstack show`'s 4 answers (v1.0.3, 3,168,040 B each). */
const rawShowReader = (path: string): string => rawReader(path, 4 * wireFor('v1.0.3').layouts.dfx.size);

async function startup(runDir: string, rows: Row[]): Promise<void> {
  // 4 stacks, as an operator's `lstack show IP -u 07` on a 4-queue instance
  const sim = spawn(process.execPath, [bin, 'sim', '--run-dir', runDir, '--instance', 'b1_:lstack:4'], {
    stdio: 'ignore',
  });
  // the C client's run dir is compiled in: a second simulator serves it there
  const cSim = cClient
    ? spawn(
        process.execPath,
        [bin, 'sim', '--run-dir', cClient.runDir, '--profile', cClient.profile, '--instance', 'bc_:lstack:4'],
        { stdio: 'ignore' },
      )
    : undefined;
  try {
    await waitFor(join(runDir, 'b1_lstack_cmd.sock'));
    const show = [bin, 'lstack', 'show', '192.0.2.10', '-u', 'b1_', '--run-dir', runDir];
    // no GAZELLECTL_PROFILE: `show` has its era chosen by the socket name (no request added)
    const env = { ...benchEnv };
    delete env.GAZELLECTL_PROFILE;
    const m = await sampleCommands(
      {
        node: ['-e', '0'],
        version: [bin, '--version'],
        show,
        given: [...show, '--profile', 'v1.0.3'],
        auto: [...show, '--profile', 'auto'],
        ...(baseBin ? { base: [baseBin, ...show.slice(1)] } : {}),
        raw: ['-e', rawShowReader(join(runDir, 'b1_lstack_cmd.sock'))],
      },
      env,
    );
    rows.push(
      ratioRow('start-up: a raw read of the same reply (4 x 3 MB, fresh node) vs node -e 0', m.raw, m.node),
      ratioRow('start-up: lstack show IP (4 stacks) vs that raw read', m.show, m.raw),
    );
    if (baseBin) {
      rows.push(
        ratioRow('start-up: lstack show IP, base build (GAZELLECTL_BENCH_BASE) vs node -e 0', m.base, m.node),
      );
      rows.push(ratioRow('start-up: lstack show IP, this build vs the base build', m.show, m.base));
    }
    rows.push(
      ratioRow('start-up: gazellectl --version vs node -e 0', m.version, m.node),
      ratioRow('start-up: lstack show IP (4 stacks, simulator) vs node -e 0', m.show, m.node),
      ratioRow(
        'era per instance, CLI: show with no profile (socket name, 0 requests) vs --profile v1.0.3',
        m.show,
        m.given,
      ),
      ratioRow(
        'era per instance, CLI: show --profile auto (1 request more) vs --profile v1.0.3',
        m.auto,
        m.given,
      ),
    );
    if (cClient && cSim) {
      await waitFor(join(cClient.runDir, 'bc_lstack_cmd.sock'));
      const c: number[] = [];
      const ours: number[] = [];
      for (let i = 0; i < runs; i++) {
        c.push(await timeProgram(cClient.bin, ['lstack', 'show', '192.0.2.10', '-u', 'bc_']));
        ours.push(
          await timeCommand([
            ...[bin, 'lstack', 'show', '192.0.2.10', '-u', 'bc_'],
            ...['--run-dir', cClient.runDir, '--profile', cClient.profile],
          ]),
        );
      }
      rows.push(ratioRow('lstack show IP (4 stacks): ours vs the C client', median(ours), median(c)));
    }
  } finally {
    sim.kill('SIGTERM');
    cSim?.kill('SIGTERM');
  }
}

/** A daemon that answers each connection's request with `reply`. */
async function answerOnce(path: string, reply: Buffer): Promise<Server> {
  const server = createServer((sock) => {
    sock.once('data', () => sock.write(reply));
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(path, () => r()));
  return server;
}

/** A daemon that answers `lstack show -c` with 4 stacks x 22,000 connections. */
async function bigReply(runDir: string, rows: Row[]): Promise<void> {
  const reply = bigConnReply();
  const path = join(runDir, 'big_lstack_cmd.sock');
  const server = await answerOnce(path, reply);
  try {
    const raw: number[] = [];
    const cli: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < Math.max(3, Math.floor(runs / 2)); i++) {
      // raw read of the same bytes, in a fresh process like the CLI
      raw.push(await timeCommand(['-e', rawReader(path, reply.length, '')]));
      cli.push(
        await timeCommand([bin, 'lstack', 'show', '192.0.2.12', '-c', '-u', 'big_', '--run-dir', runDir]),
      );
      if (baseBin)
        base.push(
          await timeCommand([
            baseBin,
            'lstack',
            'show',
            '192.0.2.12',
            '-c',
            '-u',
            'big_',
            '--run-dir',
            runDir,
          ]),
        );
    }
    if (baseBin)
      rows.push(ratioRow('big reply: show -c, this build vs the base build', median(cli), median(base)));
    const r = median(raw);
    const c = median(cli);
    if (cClient) rows.push(await bigReplyVsC());
    rows.push([
      'big reply: lstack show -c, 4 x 22,000 conns vs raw read',
      c / r,
      `${c.toFixed(0)} ms vs ${r.toFixed(0)} ms (${(reply.length / 1e6 / (c / 1000)).toFixed(0)} MB/s end to end)`,
    ]);
  } finally {
    server.close();
  }
}

/** The big reply in the C client's era, read by it from its compiled-in run dir and by us, in turns. */
async function bigReplyVsC(): Promise<Row> {
  const { bin: cBin, runDir: cRunDir, profile } = cClient!;
  const server = await answerOnce(join(cRunDir, 'bigc_lstack_cmd.sock'), bigConnReply(profile));
  try {
    const c: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < Math.max(3, Math.floor(runs / 2)); i++) {
      c.push(await timeProgram(cBin, ['lstack', 'show', '192.0.2.12', '-c', '-u', 'bigc_']));
      ours.push(
        await timeCommand([
          ...[bin, 'lstack', 'show', '192.0.2.12', '-c', '-u', 'bigc_'],
          ...['--run-dir', cRunDir, '--profile', profile],
        ]),
      );
    }
    return [
      `big reply: lstack show -c, 4 x 22,000 conns (${profile}): ours vs the C client`,
      median(ours) / median(c),
      `${median(ours).toFixed(0)} ms vs ${median(c).toFixed(0)} ms`,
    ];
  } finally {
    server.close();
  }
}
