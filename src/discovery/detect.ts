/**
 * Profile detection (`--profile auto`). Nothing on the wire names the version (PROTOCOL.md §11.3),
 * so: the socket file name narrows the era, then the size and shape of the answer to one read-only
 * request decide within it. The request must mean the same read-only thing in every candidate:
 * LSTACK_SHOW (14 in v1.0.3 and v2024.09, 12 in v1.0.2) to lstack; to ltran LTRAN_SHOW_INSTANCE (3 in
 * all) and, to tell the dfx layouts apart, LTRAN_SHOW_LSTACK (12) forwarded to one registered lstack.
 * Never a mode that sets or quits anything in any candidate.
 */
import type { Daemon } from '../model/daemon.js';
import { access } from 'node:fs/promises';
import { GazelleError, NotRunningError, ProtocolError } from '../errors.js';
import { decodeLtran, encodeRequest } from '../protocol/codec.js';
import { statRequest } from '../protocol/requests.js';
import type { ModeName } from '../protocol/modes.js';
import { wireFor, type Arch, type ProfileName, type Wire } from '../protocol/profiles.js';
import { socketPath } from '../transport/paths.js';
import { DfxMatcher, fmt, type Candidate, type Preamble } from './matcher.js';
import { SOCKET_NAMES, type SocketName } from './names.js';
import { exchange } from './exchange.js';
import { ExactFrame } from '../transport/frameReader.js';

export interface DetectOptions {
  arch?: Arch;
  cacheLine?: number;
  /** Per-chunk wait while an answer is incomplete (default 5000, like the C client). */
  timeoutMs?: number;
  /** Quiet time after which a complete-looking answer counts as complete (lstack keeps the line open). */
  idleMs?: number;
  /** Allowed profiles (an explicit --profile): the answer is checked against these only. */
  only?: readonly ProfileName[];
}

export interface LtranClient {
  readonly pid: number;
  readonly ip: string;
  readonly stacks: number;
  /** GAZELLE_CLIENT_STATE: 0 NORMAL, 1 CONNECTING, 2 RECONNECTING. */
  readonly state: number;
}

export interface Detection {
  readonly path: string;
  readonly socket: SocketName;
  readonly daemon: Daemon;
  /** The profile to speak. When `candidates` holds more than one, all of them read this daemon alike. */
  readonly profile: ProfileName;
  readonly candidates: readonly ProfileName[];
  /** lstack: stack threads counted in the answer. */
  readonly stacks?: number;
  /** ltran: its registered lstack processes. */
  readonly clients?: readonly LtranClient[];
}

export const DEFAULT_IDLE_MS = 300;

const wiresOf = (names: readonly ProfileName[], o: DetectOptions): Wire[] =>
  names.map((n) => wireFor(n, o.arch ?? 'x86_64', o.cacheLine));

/** The one request every candidate reads as `mode`, or an internal error if they disagree. */
function sameRequest(wires: readonly Wire[], mode: ModeName, extra: { pid?: number } = {}): Buffer {
  const bufs = wires.map((w) => encodeRequest(w, statRequest(w, mode, { pid: extra.pid ?? 0 })));
  if (bufs.some((b) => !b.equals(bufs[0]))) throw new Error(`profiles disagree on the request for ${mode}`);
  return bufs[0];
}

const dfxCandidate = (w: Wire): Candidate => {
  const m = w.layouts.dfx.members!;
  return {
    name: w.profile.name,
    size: w.layouts.dfx.size,
    eofOffset: m.get('eof')!.offset,
    stackIdOffset: m.get('stack_id')?.offset,
  };
};

function candidatesFor(path: string, socket: SocketName, o: DetectOptions): ProfileName[] {
  if (socket.profiles.length === 0) {
    throw new ProtocolError(
      `${path} is Gazelle ${socket.era}, which gazellectl does not speak`,
      'upgrade Gazelle to 1.0.2 or later',
    );
  }
  if (o.only && !socket.profiles.some((p) => o.only!.includes(p))) {
    throw new ProtocolError(
      `${path} belongs to ${socket.profiles.join(' or ')}, not --profile ${o.only.join(',')}`,
      `use --profile ${socket.profiles[0]} or --profile auto`,
    );
  }
  return [...socket.profiles];
}

/** Detection always measures against the whole era; an explicit profile must then be the winner. */
function allowed(d: Detection, o: DetectOptions): Detection {
  if (!o.only) return d;
  const left = d.candidates.filter((p) => o.only!.includes(p));
  if (left.length === 0) {
    throw new ProtocolError(
      `${d.path} speaks ${d.candidates.join(' or ')}, not --profile ${o.only.join(',')}`,
      `use --profile ${d.candidates[0]} (or --profile auto)`,
    );
  }
  return { ...d, profile: left[0], candidates: left };
}

/** The candidate whose struct size best explains `bytes` as whole structs, for the error line. */
function nearest(wires: readonly Wire[], bytes: number): string {
  let best = wires[0].profile.name;
  let bestErr = Infinity;
  for (const w of wires) {
    const size = w.layouts.dfx.size;
    for (let k = 1; k <= 32; k++) {
      const err = Math.abs(bytes / k - size) / size;
      if (err < bestErr) [best, bestErr] = [w.profile.name, err];
    }
  }
  return best;
}

function mismatch(
  what: string,
  path: string,
  wires: readonly Wire[],
  bytes: number,
  reasons: readonly string[],
): ProtocolError {
  const names = wires.map((w) => w.profile.name);
  const suspect = nearest(wires, bytes);
  return new ProtocolError(
    `${path} answered ${what} with ${fmt(bytes)} bytes, which fits no profile of its era (${reasons.join('; ')})`,
    `nearest is ${suspect}: pass --profile ${suspect} to try it, or --profile with the daemon's Gazelle version` +
      (names.length > 1 ? '' : ' (an intermediate or patched build?)'),
  );
}

/** Detects the profile of the daemon behind one socket file. */
export async function detectAt(path: string, socket: SocketName, o: DetectOptions = {}): Promise<Detection> {
  return allowed(await measure(path, socket, o), o);
}

async function measure(path: string, socket: SocketName, o: DetectOptions): Promise<Detection> {
  const candidates = candidatesFor(path, socket, o);
  const wires = wiresOf(candidates, o);
  const timeoutMs = o.timeoutMs ?? 5000;
  const idleMs = Math.min(o.idleMs ?? DEFAULT_IDLE_MS, timeoutMs);
  const base = { path, socket, daemon: socket.daemon };
  if (socket.daemon === 'lstack') {
    const m = new DfxMatcher(wires.map(dfxCandidate));
    const request = sameRequest(wires, 'LSTACK_SHOW');
    await exchange(path, request, m, { daemon: 'lstack', timeoutMs, idleMs });
    const v = m.verdict();
    if (v.kind === 'none') throw mismatch('LSTACK_SHOW', path, wires, v.bytes, v.reasons);
    return {
      ...base,
      profile: v.name as ProfileName,
      candidates: [v.name as ProfileName],
      stacks: v.structs,
    };
  }

  // ltran: its own structs are the same in every profile; the client list tells who to ask further.
  const w0 = wires[0];
  const size = w0.layouts.ltranClient.size;
  const frame = new ExactFrame(size);
  const { bytes: got } = await exchange(path, sameRequest(wires, 'LTRAN_SHOW_INSTANCE'), frame, {
    daemon: 'ltran',
    timeoutMs,
    idleMs,
    confirmEnd: true,
  });
  if (got !== size) {
    throw new ProtocolError(
      `${path} answered LTRAN_SHOW_INSTANCE with ${fmt(got)} bytes instead of ${fmt(size)}: not ${candidates.join(' or ')}${o.arch || o.cacheLine ? '' : ' on x86_64'}`,
      got > size ? 'try --arch aarch64 or another --profile' : 'try another --profile',
    );
  }
  const decoded = decodeLtran(w0, 'ltranClient', frame.buffer, 0);
  const clients: LtranClient[] = (
    decoded.client_info as { pid: number; ip: number; stack_cnt: number; state: number }[]
  ).map((c) => ({ pid: c.pid, ip: ipv4(c.ip), stacks: c.stack_cnt, state: c.state }));
  const undecided = { ...base, profile: candidates[0], candidates, clients };
  if (candidates.length === 1) return undecided;
  const client = clients.find((c) => c.state === 0 && c.pid > 0);
  if (!client || !wires.every((w) => w.profile.modes.has('LTRAN_SHOW_LSTACK'))) return undecided;
  const lt = w0.layouts.lstackTotal;
  const preamble: Preamble = { size: lt.size, eofOffset: lt.members!.get('eof')!.offset };
  const m = new DfxMatcher(wires.map(dfxCandidate), preamble);
  await exchange(path, sameRequest(wires, 'LTRAN_SHOW_LSTACK', { pid: client.pid }), m, {
    daemon: 'ltran',
    timeoutMs,
    idleMs,
  });
  // ltran wrote nothing: the client went away meanwhile; ltran's own commands still work alike
  if (m.bytes === 0) return undecided;
  const v = m.verdict();
  if (v.kind === 'none')
    throw mismatch(`LTRAN_SHOW_LSTACK (pid ${client.pid})`, path, wires, v.bytes, v.reasons);
  return { ...base, profile: v.name as ProfileName, candidates: [v.name as ProfileName], clients };
}

const ipv4 = (sAddr: number): string => [0, 8, 16, 24].map((s) => (sAddr >>> s) & 0xff).join('.');

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * The profile of the instance with this unix_prefix: its socket files are tried in the C clients'
 * order (ltran before lstack, newest era first); `daemon` restricts them (ltran commands, use_ltran).
 */
export async function detectProfile(
  runDir: string,
  prefix: string,
  o: DetectOptions & { daemon?: Daemon } = {},
): Promise<Detection> {
  const names = SOCKET_NAMES.filter((s) => !o.daemon || s.daemon === o.daemon);
  const present: [string, SocketName][] = [];
  for (const s of names) {
    const path = socketPath(runDir, prefix, s.file);
    if (await exists(path)) present.push([path, s]);
  }
  if (present.length === 0) {
    const which = o.daemon ? `${o.daemon} ` : '';
    throw new NotRunningError(
      `no ${which}control socket for unix_prefix '${prefix}' in ${runDir} (looked for ${names.map((s) => prefix + s.file).join(', ')})`,
      runDir,
      2,
      'check -u/--config, use_ltran and --run-dir',
    );
  }
  let first: unknown;
  for (const [path, s] of present) {
    try {
      return await detectAt(path, s, o);
    } catch (e) {
      if (!(e instanceof GazelleError)) throw e;
      // a daemon that answered wrongly is the answer; a dead socket lets the next one try
      if (e instanceof ProtocolError) throw e;
      first ??= e;
    }
  }
  throw first;
}
