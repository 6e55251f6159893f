/** `gazellectl ls`: every control socket in the run dir, whether it answers, and its profile. */
import type { Daemon } from '../model/daemon.js';
import { readdir, stat } from 'node:fs/promises';
import { GazelleError, NotRunningError, PermissionDeniedError, ProtocolError } from '../errors.js';
import type { ProfileName } from '../protocol/profiles.js';
import { detectAt, type DetectOptions, type LtranClient } from './detect.js';
import { controlSockets, type FoundSocket } from './names.js';
import { checkSocket, stateOf, type SocketState } from './probe.js';

export interface InstanceRow {
  readonly prefix: string;
  readonly daemon: Daemon;
  /** Socket file name and full path. */
  readonly socket: string;
  readonly path: string;
  readonly era: string;
  readonly state: SocketState;
  /** Detected profile; with several candidates the daemon reads alike in all of them. */
  readonly profile: ProfileName | null;
  readonly candidates: readonly ProfileName[];
  readonly stacks?: number;
  readonly clients?: readonly LtranClient[];
  /** Why there is no profile (unsupported era, mismatch, ...). */
  readonly note?: string;
  /** Processes of the instance and their DPDK --file-prefix (dpdk-join.ts); absent when not read. */
  readonly pids?: readonly number[];
  readonly filePrefixes?: readonly string[];
}

/** For commands that would otherwise wait on a run dir that is not there: the same line as `ls`. */
export async function checkRunDir(runDir: string): Promise<void> {
  await readRunDir(runDir);
}

export async function readRunDir(runDir: string): Promise<FoundSocket[]> {
  let entries;
  try {
    entries = await readdir(runDir, { withFileTypes: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EACCES') {
      throw new PermissionDeniedError(`cannot read the run dir ${runDir}`, runDir, 13, 'run as root');
    }
    throw new NotRunningError(
      `gazelle is not running: the run dir ${runDir} ${err.code === 'ENOTDIR' ? 'is not a directory' : 'does not exist'}`,
      runDir,
      2,
      'check --run-dir (env GAZELLE_RUN_DIR)',
    );
  }
  // A symlink counts as what it points at: connect() follows it, for us, for top and for the C client.
  const isSocket = async (e: (typeof entries)[number]): Promise<boolean> =>
    e.isSocket() ||
    (e.isSymbolicLink() &&
      (await stat(runDir + e.name).then(
        (s) => s.isSocket(),
        () => false,
      )));
  return controlSockets(
    await Promise.all(entries.map(async (e) => ({ name: e.name, isSocket: await isSocket(e) }))),
  );
}

async function rowFor(runDir: string, f: FoundSocket, o: DetectOptions): Promise<InstanceRow> {
  const path = runDir + f.name;
  const base = {
    prefix: f.prefix,
    daemon: f.kind.daemon,
    socket: f.name,
    path,
    era: f.kind.era,
    profile: null,
    candidates: [] as ProfileName[],
  };
  if (!f.isSocket) return { ...base, state: 'not-a-socket', note: 'a file with a socket name, not a socket' };
  if (f.kind.profiles.length === 0) {
    const state = await checkSocket(path, f.kind.daemon, o.timeoutMs ?? 5000);
    return { ...base, state, note: `Gazelle ${f.kind.era} era: not supported` };
  }
  try {
    const d = await detectAt(path, f.kind, o);
    return {
      ...base,
      state: 'alive',
      profile: d.profile,
      candidates: d.candidates,
      stacks: d.stacks,
      clients: d.clients,
      note:
        d.candidates.length > 1
          ? 'no registered lstack to tell the profiles apart; ltran reads alike in all'
          : undefined,
    };
  } catch (e) {
    if (!(e instanceof GazelleError)) throw e;
    // it answered, but not in a way any profile explains
    if (e instanceof ProtocolError) return { ...base, state: 'alive', note: e.message };
    return { ...base, state: stateOf(e) };
  }
}

/** All instances, probed in parallel. */
export async function listInstances(runDir: string, o: DetectOptions = {}): Promise<InstanceRow[]> {
  const found = await readRunDir(runDir);
  return Promise.all(found.map((f) => rowFor(runDir, f, o)));
}
