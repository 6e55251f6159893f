/**
 * I/O edge: one telemetry v2 connection to a primary (DPDK.md §4). One message per `data` event;
 * one command at a time; every wait has a deadline; destroy() is deferred out of event handlers
 * (calling it inside a `data` handler aborts the process).
 */
import { connect as netConnect } from 'node:net';
import { loadSeqpacket } from './seqpacket.js';
import { TelemetryError } from './telemetry-error.js';
import { parseGreeting, parseReply, type Greeting } from './telemetry-parse.js';

/**
 * DPDK replies fit in max_output_len (16 KiB in 22.11); a message that fills this buffer was cut.
 * node-unix-socket allocates it per socket and per read: its default 256 KiB cost 1 ms a connection.
 */
const READ_BUFFER = 64 * 1024;

export interface TelemetryConnection {
  readonly greeting: Greeting;
  query(command: string): Promise<unknown>;
  close(): void;
}

export async function openTelemetry(path: string, timeoutMs: number): Promise<TelemetryConnection> {
  const loaded = await loadSeqpacket();
  if (!loaded.ok) throw new TelemetryError(loaded.reason);
  const sock = new loaded.addon.SeqpacketSocket();
  sock.setInternalReadBufferSize(READ_BUFFER);
  const inbox: Buffer[] = [];
  let waiter: ((m: Buffer | Error) => void) | null = null;
  let ended: Error | null = null;
  let closed = false;
  const deliver = (m: Buffer | Error): void => {
    if (m instanceof Error) ended ??= m;
    if (waiter) {
      const w = waiter;
      waiter = null;
      w(m);
    } else if (!(m instanceof Error)) inbox.push(m);
  };
  sock.on('data', (b: Buffer) => deliver(b));
  sock.on('end', () => deliver(new TelemetryError('telemetry closed the connection')));
  sock.on('error', (e: Error) => deliver(new TelemetryError(`telemetry socket error: ${e.message}`)));
  sock.on('close', () => deliver(new TelemetryError('telemetry closed the connection')));
  const close = (): void => {
    if (closed) return;
    closed = true;
    setImmediate(() => sock.destroy());
  };

  const next = (what: string): Promise<Buffer> =>
    new Promise<Buffer>((resolve, reject) => {
      const queued = inbox.shift();
      if (queued) return resolve(queued);
      if (ended) return reject(ended);
      const timer = setTimeout(() => {
        waiter = null;
        reject(new TelemetryError(`telemetry did not answer ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiter = (m) => {
        clearTimeout(timer);
        if (m instanceof Error) reject(m);
        else resolve(m);
      };
    });
  const text = (b: Buffer): string => {
    if (b.length >= READ_BUFFER)
      throw new TelemetryError(`telemetry sent a message over ${READ_BUFFER} bytes`);
    return b.toString('utf8');
  };

  try {
    await new Promise<void>((resolve, reject) => {
      try {
        sock.connect(path, resolve);
      } catch {
        reject(new Error('connect'));
      }
    });
  } catch {
    close();
    throw await whyNoConnect(path, timeoutMs);
  }
  try {
    const greeting = parseGreeting(text(await next('with its greeting')).replace(/\0+$/, ''));
    let busy: Promise<unknown> = Promise.resolve();
    return {
      greeting,
      query(command: string): Promise<unknown> {
        const run = async (): Promise<unknown> => {
          if (closed) throw new TelemetryError('telemetry connection closed');
          if (ended) throw ended;
          sock.write(Buffer.from(command, 'utf8'));
          return parseReply(command, text(await next(command)).replace(/\0+$/, ''));
        };
        const r = busy.then(run, run);
        busy = r.catch(() => undefined);
        return r;
      },
      close,
    };
  } catch (e) {
    close();
    throw e;
  }
}

/**
 * node-unix-socket says "No such file or directory" for every failed connect; node:net tells a
 * missing socket (ENOENT) from a dead one (ECONNREFUSED), and a live SEQPACKET one (EPROTOTYPE).
 */
function whyNoConnect(path: string, timeoutMs: number): Promise<TelemetryError> {
  return new Promise((resolve) => {
    const s = netConnect(path);
    const done = (msg: string): void => {
      clearTimeout(t);
      s.destroy();
      resolve(new TelemetryError(msg));
    };
    const t = setTimeout(() => done(`cannot connect to ${path}`), timeoutMs);
    s.on('connect', () => done(`${path} is a stream socket, not telemetry v2`));
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') done(`no telemetry socket ${path}`);
      else if (e.code === 'ECONNREFUSED') done(`telemetry refused the connection: the primary is gone`);
      else if (e.code === 'EACCES') done(`permission denied on ${path} (run as root)`);
      else done(`cannot connect to ${path} (${e.code ?? e.message})`);
    });
  });
}
