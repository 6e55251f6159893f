/**
 * Which era (profile) and daemon one instance speaks, found once per instance and again after it
 * restarts. The socket file name settles the family for free (gazelle_*.sock is 1.0.2); within the
 * `*_cmd.sock` family one read-only request tells v1.0.3 from v2024.09 (discovery/detect.ts).
 * `--profile NAME` forces one era; the daemon is then found as the C client finds it.
 */
import type { Daemon } from '../model/daemon.js';
import { access } from 'node:fs/promises';
import { detectAt, type DetectOptions } from '../discovery/detect.js';
import { SOCKET_NAMES, type SocketName } from '../discovery/names.js';
import { GazelleError, NotRunningError, ProtocolError } from '../errors.js';
import { wireFor, type Arch, type ProfileName, type Wire } from '../protocol/profiles.js';
import { PROBE_ORDER } from '../protocol/rules.js';
import { socketPath } from '../transport/paths.js';
import { query } from './query.js';

export interface EraOptions {
  runDir: string;
  prefix: string;
  timeoutMs: number;
  /** An explicit --profile: no detection, this era's socket names only. */
  only?: readonly ProfileName[];
  arch?: Arch;
  cacheLine?: number;
}

export interface InstanceEra {
  readonly profile: ProfileName;
  readonly wire: Wire;
  readonly daemon: Daemon;
  /** The control socket to talk to. */
  readonly path: string;
  /** Requests sent to find this out (0 when the socket name settled it). */
  readonly requests: number;
}

/** Quiet time after a complete-looking detection answer; loopback answers arrive far sooner. */
const DETECT_IDLE_MS = 30;

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

export async function detectEra(o: EraOptions): Promise<InstanceEra> {
  return o.only?.length ? forcedEra(o, o.only[0]) : detectedEra(o);
}

/** The forced profile's sockets, ltran first, each tried with an empty connection (§1.1). */
async function forcedEra(o: EraOptions, profile: ProfileName): Promise<InstanceEra> {
  const wire = wireFor(profile, o.arch ?? 'x86_64', o.cacheLine);
  let first: unknown;
  for (const daemon of PROBE_ORDER) {
    const path = socketPath(o.runDir, o.prefix, wire.profile.sockets[daemon]);
    try {
      await query(path, null, [], { daemon, timeoutMs: o.timeoutMs });
      return { profile, wire, daemon, path, requests: 0 };
    } catch (e) {
      if (!(e instanceof GazelleError)) throw e;
      // lstack's error says more about an lstack-only instance than "no ltran" does
      first = e;
    }
  }
  throw first;
}

/** The control sockets of this prefix in the C clients' order (ltran first, newest era first). */
async function presentSockets(o: EraOptions): Promise<[string, SocketName][]> {
  const found: [string, SocketName][] = [];
  for (const s of SOCKET_NAMES) {
    if (s.profiles.length === 0) continue;
    const path = socketPath(o.runDir, o.prefix, s.file);
    if (await exists(path)) found.push([path, s]);
  }
  // before 1.0.3, ltran's registration socket had lstack's control socket name (names.ts)
  const ltranEras = new Set(found.filter(([, s]) => s.daemon === 'ltran').map(([, s]) => s.era));
  return found.filter(([, s]) => s.daemon === 'ltran' || s.era === '1.0.3/2024.09' || !ltranEras.has(s.era));
}

async function detectedEra(o: EraOptions): Promise<InstanceEra> {
  const present = await presentSockets(o);
  if (present.length === 0) {
    throw new NotRunningError(
      `no control socket for unix_prefix '${o.prefix}' in ${o.runDir}`,
      o.runDir,
      2,
      'the daemon has gone; its instance is shown until its socket file is removed',
    );
  }
  let first: unknown;
  for (const [path, s] of present) {
    if (s.profiles.length === 1) {
      // the name says it all; whether anyone listens the first poll finds out
      const profile = s.profiles[0];
      return {
        profile,
        wire: wireFor(profile, o.arch ?? 'x86_64', o.cacheLine),
        daemon: s.daemon,
        path,
        requests: 0,
      };
    }
    try {
      const d = await detectAt(path, s, detectOptions(o));
      const requests = s.daemon === 'lstack' ? 1 : d.candidates.length === 1 ? 2 : 1;
      return {
        profile: d.profile,
        wire: wireFor(d.profile, o.arch ?? 'x86_64', o.cacheLine),
        daemon: s.daemon,
        path,
        requests,
      };
    } catch (e) {
      if (!(e instanceof GazelleError)) throw e;
      if (e instanceof ProtocolError) throw e;
      // a dead socket lets the next one try
      first ??= e;
    }
  }
  throw first;
}

const detectOptions = (o: EraOptions): DetectOptions => ({
  arch: o.arch,
  cacheLine: o.cacheLine,
  timeoutMs: o.timeoutMs,
  idleMs: DETECT_IDLE_MS,
});
