/** Test plumbing for the simulator: temp run dirs, a raw socket client, request builders. */
import { join } from 'node:path';
import { createConnection, type Socket } from 'node:net';
import { encodeRequest, type StatRequest } from '../../src/protocol/codec.js';
import type { ModeName } from '../../src/protocol/modes.js';
import type { Wire } from '../../src/protocol/profiles.js';
import { tempDir, withTempDir } from '../support/run-dir.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/simulator.js';
import type { InstanceSpec } from '../../src/sim/instance-spec.js';

export function tempRunDir(): { dir: string; cleanup: () => void } {
  const t = tempDir('gzsim-');
  return { dir: t.runDir, cleanup: t.cleanup };
}

/** Runs `body` with a fresh temp run dir (trailing slash) and removes it however `body` ends. */
export function withRunDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  return withTempDir('gzsim-', (t) => body(t.runDir));
}

/** A clock the test moves by hand. */
export function fakeClock(start = 1_700_000_000_000): { now: () => number; tick: (ms: number) => void } {
  let t = start;
  return { now: () => t, tick: (ms) => void (t += ms) };
}

/** Starts a simulator in a fresh temp run dir with a fake clock; `done()` closes it and removes the dir. */
export async function simulate(
  opts: SimulatorOptions = {},
): Promise<{ sim: Simulator; clock: ReturnType<typeof fakeClock>; done: () => Promise<void> }> {
  const { dir, cleanup } = tempRunDir();
  const clock = fakeClock();
  const sim = await startSimulator({
    runDir: dir,
    clock: clock.now,
    advanceEveryMs: 0,
    ltranCloseDelayMs: 10,
    ...opts,
  });
  return {
    sim,
    clock,
    done: async () => {
      await sim.close();
      cleanup();
    },
  };
}

/** Runs `body` against a simulator started as simulate() does, and closes it however `body` ends. */
export async function withSim<T>(
  opts: SimulatorOptions,
  body: (sim: Simulator, clock: ReturnType<typeof fakeClock>) => Promise<T>,
): Promise<T> {
  const { sim, clock, done } = await simulate(opts);
  try {
    return await body(sim, clock);
  } finally {
    await done();
  }
}

/** A simulated lstack: one stack thread unless told. */
export const lstackAt = (prefix: string, stacks = 1): InstanceSpec => ({
  prefix,
  mode: 'lstack',
  stacks,
  clients: 1,
});

/** A simulated ltran with `clients` lstack processes of `stacks` stack threads each. */
export const ltranAt = (prefix: string, stacks = 1, clients = 1): InstanceSpec => ({
  prefix,
  mode: 'ltran',
  stacks,
  clients,
});

export function request(wire: Wire, mode: ModeName, extra: Partial<StatRequest> = {}): Buffer {
  return encodeRequest(wire, { stat_mode: wire.profile.modes.number(mode), ip: 0, pid: 0, ...extra });
}

/** A bare client: connect, write bytes, collect what arrives, notice when the daemon closes. */
export class RawClient {
  private chunks: Buffer[] = [];
  private size = 0;
  closed = false;
  private waiters: (() => void)[] = [];

  private constructor(private readonly sock: Socket) {
    sock.on('data', (c: Buffer) => {
      this.chunks.push(c);
      this.size += c.length;
      this.wake();
    });
    sock.on('close', () => {
      this.closed = true;
      this.wake();
    });
    sock.on('error', () => undefined);
  }

  static connect(path: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const sock = createConnection({ path });
      sock.once('connect', () => resolve(new RawClient(sock)));
      sock.once('error', reject);
    });
  }

  get received(): number {
    return this.size;
  }

  send(buf: Buffer): void {
    this.sock.write(buf);
  }

  /** Resolves when `pred` holds, or after `ms` (returns whether it held). */
  private until(pred: () => boolean, ms: number): Promise<boolean> {
    if (pred()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (pred()) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve(true);
        }
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve(pred());
      }, ms);
      this.waiters.push(check);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Takes exactly n bytes off the front; fails if they do not arrive within ms. */
  async read(n: number, ms = 3000): Promise<Buffer> {
    if (!(await this.until(() => this.size >= n, ms))) {
      throw new Error(`expected ${n} bytes, got ${this.size} (closed: ${this.closed})`);
    }
    const all = Buffer.concat(this.chunks);
    this.chunks = [all.subarray(n)];
    this.size -= n;
    return all.subarray(0, n);
  }

  /** Everything until the daemon closes the connection. */
  async readToEnd(ms = 3000): Promise<Buffer> {
    if (!(await this.until(() => this.closed, ms))) throw new Error(`not closed within ${ms} ms`);
    return this.read(this.size, 0);
  }

  /** Waits ms and returns how many bytes came meanwhile (a "no answer" check). */
  async quietFor(ms: number): Promise<number> {
    const before = this.size;
    await new Promise((r) => setTimeout(r, ms));
    return this.size - before;
  }

  closedWithin(ms: number): Promise<boolean> {
    return this.until(() => this.closed, ms);
  }

  close(): void {
    this.sock.destroy();
  }
}

/** Long enough for the simulator's control loop (a few ms) to read a request. */
const NO_ANSWER_HOLD_MS = 40;

/** One connection, one request, `bytes` read back (ltran: everything until it closes when bytes is omitted). */
export async function ask(path: string, req: Buffer, bytes?: number): Promise<Buffer> {
  const c = await RawClient.connect(path);
  try {
    c.send(req);
    // a request without an answer: held open like the C client does, or lstack drops it unread (§11.6.1)
    if (bytes === 0) await c.quietFor(NO_ANSWER_HOLD_MS);
    return bytes === undefined ? await c.readToEnd() : await c.read(bytes);
  } finally {
    c.close();
  }
}

/** Polls until `pred` holds (for requests that get no answer, e.g. START/STOP latency). */
export async function waitFor(pred: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 2));
  }
}

/**
 * Socket files nobody listens on (ECONNREFUSED), as daemons that exited leave behind (§11.6.5):
 * one listening socket linked under every name, then closed (libuv unlinks only its own name).
 */
export async function staleSockets(dir: string, names: readonly string[]): Promise<void> {
  const { link } = await import('node:fs/promises');
  const { createServer } = await import('node:net');
  const seed = join(dir, `.stale-seed-${process.pid}`);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(seed, resolve));
  for (const n of names) await link(seed, join(dir, n));
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
