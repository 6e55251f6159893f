/**
 * Fuzz properties of the frame readers, shared by the quick pass (frames.test.ts) and `npm run fuzz`:
 *
 *  - Connection.readExact over a real unix socket: a stream of frames cut into chunks at random
 *    offsets (or fixed 1/7-byte pieces), ending exactly, cut short (daemon closes), stalled (daemon
 *    keeps the socket open and goes quiet) or followed by extra bytes. Frames come back identical;
 *    the only failures are ClosedEarlyError (with the bytes received of the frame) and TimeoutError.
 *  - the TUI's FrameSkimmer against a straightforward reference parser, at any chunking.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { tempDir, type TempDir } from '../support/run-dir.js';
import { join } from 'node:path';
import fc from 'fast-check';
import { Connection } from '../../src/transport/connection.js';
import { ClosedEarlyError, GazelleError, TimeoutError } from '../../src/errors.js';
import { FrameSkimmer, type StructRun } from '../../src/monitor/frameSkimmer.js';

/** Deterministic bytes: frame i, byte j. */
export function pattern(size: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/** Splits `total` bytes into chunk lengths: fixed pieces, or cuts at the given offsets. */
export function chunkLengths(total: number, how: { fixed: number } | { cuts: number[] }): number[] {
  if ('fixed' in how) {
    const out: number[] = [];
    for (let at = 0; at < total; at += how.fixed) out.push(Math.min(how.fixed, total - at));
    return out;
  }
  const cuts = [
    ...new Set(how.cuts.map((c) => Math.floor(c * total)).filter((c) => c > 0 && c < total)),
  ].sort((a, b) => a - b);
  const out: number[] = [];
  let prev = 0;
  for (const c of [...cuts, total]) {
    out.push(c - prev);
    prev = c;
  }
  return out.filter((n) => n > 0);
}

export interface StreamCase {
  frames: number[];
  seed: number;
  chunking: { fixed: number } | { cuts: number[] };
  /** How the daemon ends: exactly, short (closes after `at` of the frames' bytes), stall, extra bytes. */
  ending: { kind: 'exact' } | { kind: 'close' | 'stall'; at: number } | { kind: 'extra'; bytes: number };
}

export const streamCase = (maxFrame = 70_000): fc.Arbitrary<StreamCase> =>
  fc.record({
    frames: fc.array(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: maxFrame })), {
      minLength: 1,
      maxLength: 6,
    }),
    seed: fc.integer(),
    chunking: fc.oneof(
      fc.record({ fixed: fc.constantFrom(1, 7, 4096, 65536) }),
      fc.record({ fixed: fc.integer({ min: 1, max: 100_000 }) }),
      fc.record({ cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }) }),
    ),
    ending: fc.oneof(
      { weight: 3, arbitrary: fc.constant({ kind: 'exact' as const }) },
      fc.record({
        kind: fc.constantFrom('close' as const, 'stall' as const),
        at: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      fc.record({ kind: fc.constant('extra' as const), bytes: fc.integer({ min: 1, max: 100_000 }) }),
    ),
  });

/** Writes chunks one per turn of the event loop (respecting backpressure), then ends as told. */
function play(sock: Socket, chunks: Buffer[], end: 'end' | 'stall'): void {
  sock.on('error', () => undefined);
  let i = 0;
  const next = (): void => {
    while (i < chunks.length && !sock.destroyed) {
      const ok = sock.write(chunks[i++]);
      if (!ok) return void sock.once('drain', next);
      // small pieces: yield now and then, so the reader really sees them apart
      if (chunks[i - 1].length < 4096 && i % 64 !== 0) continue;
      return void setImmediate(next);
    }
    if (i >= chunks.length && end === 'end' && !sock.destroyed) sock.end();
  };
  next();
}

/** One listening socket; each accepted connection plays the next queued script. */
export class StreamServer {
  private readonly queue: ((s: Socket) => void)[] = [];
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    private readonly dir: TempDir,
    readonly path: string,
  ) {}

  static async start(): Promise<StreamServer> {
    const dir = tempDir('gz-fuzz-');
    const path = join(dir.dir, 'f.sock');
    const server = createServer();
    const s = new StreamServer(server, dir, path);
    server.on('connection', (sock) => {
      s.sockets.add(sock);
      sock.on('close', () => s.sockets.delete(sock));
      s.queue.shift()?.(sock);
    });
    await new Promise<void>((r) => server.listen(path, () => r()));
    return s;
  }

  next(script: (s: Socket) => void): void {
    this.queue.push(script);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
    this.dir.cleanup();
  }
}

/** Runs one stream case through Connection.readExact and checks what comes back. */
export async function runStreamCase(server: StreamServer, c: StreamCase): Promise<void> {
  const frames = c.frames.map((n, i) => pattern(n, c.seed + i));
  const body = Buffer.concat(frames);
  let sent = body;
  if (c.ending.kind === 'close' || c.ending.kind === 'stall')
    sent = body.subarray(0, Math.min(body.length - 1, Math.floor(c.ending.at * body.length)));
  if (c.ending.kind === 'extra') sent = Buffer.concat([body, pattern(c.ending.bytes, ~c.seed)]);
  const lens = chunkLengths(sent.length, c.chunking);
  const chunks: Buffer[] = [];
  let at = 0;
  for (const n of lens) chunks.push(sent.subarray(at, (at += n)));
  server.next((s) => play(s, chunks, c.ending.kind === 'stall' ? 'stall' : 'end'));

  const stall = c.ending.kind === 'stall';
  const conn = await Connection.connect(server.path, { daemon: 'lstack', timeoutMs: stall ? 60 : 5000 });
  try {
    let start = 0;
    for (const f of frames) {
      const short = sent.length < start + f.length;
      try {
        const got = await conn.readExact(f.length);
        if (short) throw new Error(`frame at ${start} read although only ${sent.length} bytes were sent`);
        if (!got.equals(f)) throw new Error(`frame at ${start} (${f.length} bytes) differs`);
      } catch (e) {
        if (!(e instanceof GazelleError)) throw e;
        if (!short) throw new Error(`unexpected ${e.name} at frame ${start}: ${e.message}`);
        const want = stall ? TimeoutError : ClosedEarlyError;
        if (!(e instanceof want)) throw new Error(`expected ${want.name}, got ${e.name}: ${e.message}`);
        if (e instanceof ClosedEarlyError && e.received !== sent.length - start)
          throw new Error(`received ${e.received}, ${sent.length - start} were sent`);
        return;
      }
      start += f.length;
    }
    if (c.ending.kind === 'extra') {
      // The extra bytes are there for whoever asks (run.ts turns them into a profile mismatch).
      const extra = c.ending.bytes;
      try {
        await conn.readExact(extra + 1);
        throw new Error('read past the end of the stream');
      } catch (e) {
        if (!(e instanceof ClosedEarlyError) || e.received !== extra)
          throw new Error(`extra bytes: ${String(e)}`);
      }
    } else if (conn.pendingBytes !== 0) {
      throw new Error(`${conn.pendingBytes} bytes left after an exact stream`);
    }
  } finally {
    conn.close();
  }
}

/**
 * Feeds `frame` into a connected Connection in pieces of `piece` bytes, straight into its socket's
 * 'data' handler: the reader sees exactly these chunks (a real socket would coalesce them).
 */
export async function injectPieces(conn: Connection, frame: Buffer, piece: number): Promise<Buffer> {
  const sock = (conn as unknown as { socket: Socket }).socket;
  const pending = conn.readExact(frame.length);
  for (let at = 0; at < frame.length; at += piece) sock.emit('data', frame.subarray(at, at + piece));
  return pending;
}

/** Queued chunk objects inside a Connection (the coalescing bound: bytes / 4 KB + 1). */
export const queuedChunks = (conn: Connection): number =>
  (conn as unknown as { chunks: Buffer[] }).chunks.length;

// ---------------------------------------------------------------------------------------------
// FrameSkimmer

export interface SkimCase {
  segments: StructRun[];
  frames: { size: number; eof: number }[];
  cuts: number[];
}

export const skimCase: fc.Arbitrary<SkimCase> = fc
  .array(
    fc.record({
      size: fc.integer({ min: 1, max: 3000 }),
      keepFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      until: fc.constantFrom('eof' as const, 'one' as const),
      max: fc.integer({ min: 1, max: 6 }),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .chain((segs) =>
    fc.record({
      segments: fc.constant(
        segs.map((s) => ({
          size: s.size,
          keep: Math.floor(s.keepFrac * s.size),
          until: s.until,
          max: s.max,
        })),
      ),
      frames: fc.array(
        fc.record({
          size: fc.constantFrom(...segs.map((s) => s.size), 1, 5),
          eof: fc.oneof(fc.constantFrom(0, 0, 0, 1), fc.nat()),
        }),
        { maxLength: 14 },
      ),
      cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }),
    }),
  );

function skimStream(c: SkimCase): Buffer {
  return Buffer.concat(
    c.frames.map((f, i) => {
      const b = pattern(f.size, i + 1);
      if (f.size >= 4) b.writeUInt32LE(f.eof >>> 0, 0);
      return b;
    }),
  );
}

type SkimOutcome = { error: true } | { error: false; done: boolean; results: Buffer[][]; extra: number };

function referenceSkim(segments: readonly StructRun[], stream: Buffer): SkimOutcome {
  let pos = 0;
  const results: Buffer[][] = segments.map(() => []);
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    for (;;) {
      if (pos + seg.size > stream.length) return { error: false, done: false, results, extra: 0 };
      const head = Buffer.from(stream.subarray(pos, pos + seg.keep));
      pos += seg.size;
      results[s].push(head);
      const eof = seg.keep >= 4 ? head.readUInt32LE(0) : 1;
      if (seg.until === 'eof' && eof !== 0 && eof !== 1) return { error: true };
      // max structs and still no eof: no daemon has more stacks, so the reply is refused
      if (seg.until === 'eof' && eof === 0 && results[s].length >= seg.max) return { error: true };
      if (seg.until === 'one' || eof !== 0) break;
    }
  }
  return { error: false, done: true, results, extra: stream.length - pos };
}

/** The skimmer agrees with the reference at any chunking and never keeps more than `max` structs. */
export function runSkimCase(c: SkimCase): void {
  const stream = skimStream(c);
  const want = referenceSkim(c.segments, stream);
  const sk = new FrameSkimmer(c.segments);
  let extra = 0;
  let threw = false;
  try {
    let at = 0;
    for (const n of chunkLengths(stream.length, { cuts: c.cuts })) {
      extra += sk.feed(stream.subarray(at, at + n));
      at += n;
    }
  } catch (e) {
    // query() wraps exactly this into a ProtocolError
    if (!(e instanceof Error) || !/^eof=\d+ in a reply|structs without eof/.test(e.message)) throw e;
    threw = true;
  }
  if (want.error !== threw) throw new Error(`skimmer threw=${threw}, reference error=${want.error}`);
  if (want.error) return;
  if (sk.done !== want.done) throw new Error(`done ${sk.done} vs ${want.done}`);
  if (!want.done) return;
  if (extra !== want.extra) throw new Error(`extra ${extra} vs ${want.extra}`);
  c.segments.forEach((seg, i) => {
    const got = sk.results[i];
    if (got.length > seg.max) throw new Error(`segment ${i}: ${got.length} > max ${seg.max}`);
    if (got.length !== want.results[i].length || got.some((b, k) => !b.equals(want.results[i][k])))
      throw new Error(`segment ${i} differs`);
  });
}
