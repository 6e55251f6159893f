/**
 * Runs a command's conversation against the daemon: mode detection (probe), one connection per
 * request, exact-size reads, decode, print, the C client's pauses. Output goes to the printer as
 * each struct arrives, so a failure mid-reply leaves what was already shown, as the C tool does.
 */
import type { Daemon } from '../model/daemon.js';
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GazelleCommand } from '../model/command.js';
import {
  GazelleError,
  NotRunningError,
  RefusedError,
  TimeoutError,
  ClosedEarlyError,
  ProtocolError,
  SocketError,
  UsageError,
} from '../errors.js';
import {
  decodeDfx,
  decodeLtran,
  dfxHeaderSize,
  dfxMember,
  encodeRequest,
  type Decoded,
} from '../protocol/codec.js';
import { locate } from '../protocol/ctypes.js';
import type { ModeName } from '../protocol/modes.js';
import { requestFor } from '../protocol/requests.js';
import type { Printer, StepContext } from '../format/printer.js';
import { conversationFor, optionMissingInEra, type Step } from '../protocol/conversations.js';
import { wireFor, type Wire } from '../protocol/profiles.js';
import { eraFamilyOf, eraSocketFiles, profilesFittingBytes } from '../discovery/era.js';
import { Connection, connectError, errnoOf } from '../transport/connection.js';
import { ltranClosedHint } from './ltran-closed-hint.js';
import { socketPath } from '../transport/paths.js';

export interface ConnectionTarget {
  runDir: string;
  unixPrefix: string;
  wire: Wire;
  timeoutMs: number;
  /**
   * Set when no profile was given and the socket file name chose it (discovery/era.ts): an answer
   * that does not fit is then explained by the profile it does fit.
   */
  assumedFrom?: string;
  /** No profile was given: every era's socket names were looked for (said when none is there). */
  anyEra?: boolean;
}

export interface RunOptions {
  /** Stop a repeating (rate) command after this many rounds; undefined = forever (like C). */
  rounds?: number;
  /** Override the pause between repeated rounds (seconds). */
  interval?: number;
  write: (text: string) => void;
  /**
   * Bytes of big replies (onStructBytes); default: written as latin1 text through `write`. True:
   * written out, the buffer may be filled again.
   */
  writeBytes?: (bytes: Buffer) => boolean | void;
  /** Called with the daemon mode once it is known. */
  onMode?: (mode: Daemon) => void;
  /** Mode found by an earlier probe (compat mode probes before parsing); skips a second probe. */
  mode?: Daemon;
  /** Countdown hook for long pauses (latency/aggregate [time]). */
  onSleep?: (seconds: number) => void;
  signal?: AbortSignal;
}

/** More structs than any lstack has stack threads (or ltran has stacks) in one reply. */
export const MAX_STRUCTS_PER_REPLY = 1024;

const C_PROBE_HINT =
  'Please ensure the process is started; If use ltran mode, set use_ltran=1 in lstack.conf, otherwise set use_ltran=0';
const C_V102_HINT =
  'You may need to use the -u parameter to specify the UNIX_PREFIX that matches the configuration.';

export function paths(t: ConnectionTarget): { ltran: string; lstack: string } {
  const s = t.wire.profile.sockets;
  return {
    ltran: socketPath(t.runDir, t.unixPrefix, s.ltran),
    lstack: socketPath(t.runDir, t.unixPrefix, s.lstack),
  };
}

async function tryConnect(
  path: string,
  daemon: Daemon,
  timeoutMs: number,
): Promise<Connection | GazelleError> {
  try {
    return await Connection.connect(path, { daemon, timeoutMs });
  } catch (e) {
    if (e instanceof GazelleError) return e;
    throw e;
  }
}

/** True only when nothing is at `path` (not for a directory we may not search). */
function noSuchFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) === undefined;
  } catch {
    return false;
  }
}

const errnoFrom = (e: GazelleError): number => (e instanceof SocketError ? e.errno : 0);

/** Why the run dir cannot hold sockets; a plain file used to be reported as "does not exist". */
function runDirProblem(dir: string): string | null {
  try {
    return statSync(dir.replace(/\/+$/, '') || '/').isDirectory() ? null : 'is not a directory';
  } catch {
    return 'does not exist';
  }
}

/** Which daemon a command talks to (PROTOCOL.md §1.1; 1.0.2: §11.5). */
export async function detectMode(cmd: GazelleCommand, t: ConnectionTarget): Promise<Daemon> {
  if (cmd.target === 'ltran') return 'ltran';
  const p = paths(t);
  // Most hosts have no ltran: its socket's absence is seen without a connect that fails a loop turn
  // later; a socket file that is there is connected to as the C client does.
  const ltran = noSuchFile(p.ltran)
    ? connectError(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }), p.ltran, 'ltran')
    : await tryConnect(p.ltran, 'ltran', t.timeoutMs);
  if (ltran instanceof Connection) {
    ltran.close();
    return 'ltran';
  }
  if (t.wire.profile.probe === 'ltran-connect') return 'lstack';
  const lstack = await tryConnect(p.lstack, 'lstack', t.timeoutMs);
  if (lstack instanceof Connection) {
    lstack.close();
    return 'lstack';
  }
  // Explain the lstack socket's failure; it is the one a use_ltran=0 setup has.
  const err = lstack;
  if (err instanceof NotRunningError && ltran instanceof NotRunningError) {
    const problem = runDirProblem(t.runDir);
    const names = eraSocketFiles(t.unixPrefix).slice(0, 4).join(', ');
    err.message = problem
      ? `gazelle is not running: the run dir ${t.runDir} ${problem}`
      : t.anyEra
        ? `gazelle is not running: no control socket for unix_prefix '${t.unixPrefix}' in ${t.runDir} (looked for ${names})`
        : `gazelle is not running: neither ${p.lstack} nor ${p.ltran} exists`;
  }
  err.hint =
    'check that the application with lstack is running, the unix_prefix (-u), use_ltran in lstack.conf, --run-dir and --profile';
  err.cLines = [
    `Connect lstack(path:${p.lstack}) failed, errno: ${errnoFrom(lstack)}; Connect ltran(path:${p.ltran}) failed, errno: ${errnoFrom(ltran)}`,
    C_PROBE_HINT,
  ];
  err.cExitCode = 255;
  throw err;
}

/**
 * When the socket name chose the profile (no --profile given) and an answer fails to read, the
 * stack structs' bytes may fit another profile of the same names (a v2024.09 lstack answering the
 * v1.0.3 that its lstack_cmd.sock suggested): say which, in the one line's hint.
 */
function explainEra<E extends GazelleError>(err: E, t: ConnectionTarget, dfxBytes: number): E {
  if (t.assumedFrom === undefined || dfxBytes === 0) return err;
  const assumed = t.wire.profile.name;
  const family = eraFamilyOf([t.assumedFrom], t.unixPrefix);
  const others = (family?.profiles ?? []).filter((p) => p !== assumed);
  const sizes = others.map((name) => ({
    name,
    size: wireFor(name, undefined, t.wire.target.cacheLine).layouts.dfx.size,
  }));
  const fits = profilesFittingBytes(dfxBytes, sizes);
  if (fits.length > 0) {
    err.hint = `its answer fits profile ${fits[0]}, not ${assumed} that the socket name ${t.assumedFrom} suggested: pass --profile ${fits[0]}`;
  }
  return err;
}

function withCText(err: GazelleError, lines: string[], exit: number): GazelleError {
  err.cLines = lines;
  err.cExitCode = exit;
  return err;
}

/**
 * The bytes of a stack struct that the mode's decode reads: the header and its union member, or
 * the whole struct when the member has counted arrays (the connection table). The rest is read
 * and dropped: `lstack show` prints from ~3 KB of each 3 MB struct.
 */
export function dfxBytesUsed(wire: Wire, mode: ModeName): number {
  const member = dfxMember(wire.profile.name, mode);
  if (member === null) return dfxHeaderSize(wire);
  const m = locate(wire.layouts.dfx, `data.${member}`);
  const counted = [...(m.layout.members?.values() ?? [])].some(
    (x) => x.layout.type.kind === 'array' && x.layout.type.count !== undefined,
  );
  return counted ? wire.layouts.dfx.size : m.offset + m.layout.size;
}

/** Reads one reply, handing each struct to the printer. Returns false when a later struct failed. */
async function readReply(
  conn: Connection,
  step: Step,
  t: ConnectionTarget,
  printer: Printer,
  ctx: StepContext,
  out: Pick<RunOptions, 'write' | 'writeBytes'>,
): Promise<void> {
  const { wire } = t;
  const write = out.write;
  const writeBytes = out.writeBytes ?? ((b: Buffer) => (write(b.toString('latin1')), true));
  let structs = 0;
  // Bytes of the stack structs received so far: what tells an answer of another era (assumedFrom).
  let dfxBytes = 0;
  let inDfx = false;
  const keepDfx = dfxBytesUsed(wire, step.mode);
  // A struct printed as bytes is done with (the printer keeps nothing of it): the next one is read
  // into the same buffer, which the kernel has already faulted in.
  let spare: Buffer | undefined;
  const read = async (n: number, keep = n): Promise<Buffer> => {
    try {
      const into = spare !== undefined && spare.length >= keep ? spare : undefined;
      spare = undefined;
      const b = await conn.readExact(n, { keep, into });
      if (inDfx) dfxBytes += n;
      return b;
    } catch (e) {
      if (!(e instanceof GazelleError)) throw e;
      const why = e instanceof TimeoutError ? 'time out' : 'Connection closed';
      explainEra(e, t, inDfx ? dfxBytes + conn.pendingBytes : 0);
      // A failure after the first struct ends the C client with status 0 (PROTOCOL.md §10).
      throw withCText(
        e,
        [`read_specied_len: ${why} `, 'read stat response msg failed ret=-1'],
        structs === 0 ? 255 : 0,
      );
    }
  };
  for (const seg of step.reply) {
    inDfx = seg.struct === 'dfx';
    for (let n = 0; ; n++) {
      // A daemon that never sets eof must not keep us reading forever.
      if (n >= MAX_STRUCTS_PER_REPLY) {
        throw new ProtocolError(
          `reply to ${step.mode} never ends: more than ${MAX_STRUCTS_PER_REPLY} structs without eof (profile ${wire.profile.name})`,
          'try another --profile (or --arch)',
        );
      }
      let value: Decoded;
      let frame: Buffer | undefined;
      if (seg.struct === 'dfx') {
        frame = await read(wire.layouts.dfx.size, keepDfx);
        value = decodeDfx(wire, frame, 0, step.mode);
      } else if (seg.struct === 'latencyStream') {
        const addr = (await read(wire.layouts.inAddr.size)).readUInt32LE(0);
        value = {
          addr,
          total: decodeLtran(wire, 'lstackTotal', await read(wire.layouts.lstackTotal.size), 0),
        };
      } else {
        value = decodeLtran(wire, seg.struct, await read(wire.layouts[seg.struct].size), 0);
      }
      structs++;
      const eof = seg.struct === 'latencyStream' ? value.total.eof : value.eof;
      if (seg.until === 'eof' && eof !== 0 && eof !== 1) {
        throw explainEra(
          new ProtocolError(
            `reply to ${step.mode} carries eof=${eof}: the daemon does not speak profile ${wire.profile.name}`,
            'try another --profile (or --arch)',
          ),
          t,
          inDfx ? dfxBytes + conn.pendingBytes : 0,
        );
      }
      // The stream's end marker is consumed but not printed (§5.4).
      if (!(seg.struct === 'latencyStream' && eof !== 0)) {
        if (printer.onStructBytes?.(step, seg.struct, value, ctx, writeBytes)) spare = frame;
        else write(printer.onStruct(step, seg.struct, value, ctx));
      }
      if (seg.until === 'one' || eof !== 0) break;
    }
  }
  // Bytes after the last struct mean the daemon's structs are bigger than ours (a v1.0.3 daemon
  // answering a v2024.09 client): the reply was cut at the wrong places, so what we printed is
  // garbage (PROTOCOL.md §11.3). Only bytes that already arrived are checked, never waited for.
  // The C client never looked, so --compat-exit-codes keeps its status 0.
  if (step.reply.length > 0 && conn.pendingBytes > 0) {
    throw withCText(
      explainEra(
        new ProtocolError(
          `${conn.pendingBytes} unexpected bytes after the reply to ${step.mode}: the daemon does not speak profile ${wire.profile.name}`,
          'try another --profile (or --arch)',
        ),
        t,
        inDfx ? dfxBytes + conn.pendingBytes : 0,
      ),
      [],
      0,
    );
  }
}

/** A command the era's client did not have is a usage matter, said before anything connects. */
export function checkEra(cmd: GazelleCommand, t: Pick<ConnectionTarget, 'wire'>, mode?: Daemon): void {
  const name = t.wire.profile.name;
  const option = optionMissingInEra(cmd, name, mode);
  if (option !== null)
    throw new UsageError(
      `${option} is not available in Gazelle ${name} (profile ${name})`,
      'it came with a later Gazelle; see gazellectl --help',
    );
}

export async function runConversation(
  cmd: GazelleCommand,
  t: ConnectionTarget,
  printer: Printer,
  opts: RunOptions,
): Promise<Daemon> {
  checkEra(cmd, t, opts.mode);
  const mode = opts.mode ?? (await detectMode(cmd, t));
  checkEra(cmd, t, mode);
  opts.onMode?.(mode);
  const conv = conversationFor(cmd, mode, t.wire.profile.name);
  const p = paths(t);
  if (!conv) {
    throw withCText(
      new RefusedError(
        `'lstack show -r' needs ltran with profile ${t.wire.profile.name}`,
        p.ltran,
        111,
        'the 1.0.2 client shows lstack rates only through ltran',
      ),
      [`connect ltran failed. errno: 111 ret=-1`, C_V102_HINT],
      255,
    );
  }
  const path = mode === 'ltran' ? p.ltran : p.lstack;
  const seconds =
    cmd.target === 'lstack' && (cmd.kind === 'latency' || cmd.kind === 'aggregate')
      ? cmd.seconds
      : cmd.target === 'ltran' && cmd.kind === 'latency'
        ? cmd.seconds
        : 1;
  let round = 0;
  for (;;) {
    for (const step of conv.steps) {
      if (opts.signal?.aborted) return mode;
      const request = requestFor(cmd, step, t.wire);
      const conn = await Connection.connect(path, { daemon: mode, timeoutMs: t.timeoutMs }).catch(
        (e: unknown) => {
          if (!(e instanceof GazelleError)) throw e;
          const errno = errnoFrom(e);
          const lines =
            t.wire.profile.probe === 'ltran-connect'
              ? [`connect ltran failed. errno: ${errno} ret=-1`, C_V102_HINT]
              : [`Connect ${mode}(path:${path}) failed. errno: ${errno}`];
          throw withCText(e, lines, 255);
        },
      );
      try {
        await conn.write(encodeRequest(t.wire, request));
        const ctx: StepContext = { daemon: mode, request, at: Date.now() };
        await readReply(conn, step, t, printer, ctx, opts).catch((e: unknown) => {
          // ltran closes without a byte what it does not forward, and a request for an IP or PID it
          // has no lstack for (PROTOCOL.md §5.2); the C client's "Connection closed" does not say which
          if (mode === 'ltran' && e instanceof ClosedEarlyError && e.received === 0 && e.cExitCode === 255)
            e.hint ??= ltranClosedHint(cmd) ?? undefined;
          throw e;
        });
        if (printer.onStepEnd) opts.write(printer.onStepEnd(step, ctx));
        const pause = step.sleepAfter === 'time' ? seconds : step.sleepAfter;
        if (pause > 0) {
          if (step.sleepAfter === 'time') opts.onSleep?.(pause);
          await sleep(pause * 1000, undefined, { signal: opts.signal }).catch(() => undefined);
        }
      } finally {
        conn.close();
      }
    }
    if (!conv.repeat) return mode;
    round++;
    if (opts.rounds !== undefined && round >= opts.rounds) return mode;
    const pause = opts.interval ?? conv.repeat.pauseBeforeRepeat;
    if (pause > 0) await sleep(pause * 1000, undefined, { signal: opts.signal }).catch(() => undefined);
  }
}

export { errnoOf, ClosedEarlyError };
