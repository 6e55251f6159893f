/**
 * Control-socket file names of every Gazelle era (PROTOCOL.md §1, §11.2) and what a name in the run
 * dir says: the unix_prefix (what precedes the name), the daemon, and which profiles can be behind it.
 * Pure.
 */
import type { Daemon } from '../model/daemon.js';
import type { ProfileName } from '../protocol/profiles.js';
import { unixPrefixProblem } from '../transport/paths.js';

export interface SocketName {
  readonly file: string;
  readonly daemon: Daemon;
  /** Era as operators know it. */
  readonly era: '1.0.3/2024.09' | '1.0.2' | '1.0.1';
  /** Profiles that use this name; empty for eras gazellectl does not speak. */
  readonly profiles: readonly ProfileName[];
}

/** ltran first: the C clients try ltran before lstack, and so does discovery. */
export const SOCKET_NAMES: readonly SocketName[] = [
  { file: 'ltran_cmd.sock', daemon: 'ltran', era: '1.0.3/2024.09', profiles: ['v1.0.3', 'v2024.09'] },
  { file: 'lstack_cmd.sock', daemon: 'lstack', era: '1.0.3/2024.09', profiles: ['v1.0.3', 'v2024.09'] },
  { file: 'gazelle_cmd.sock', daemon: 'ltran', era: '1.0.2', profiles: ['v1.0.2'] },
  { file: 'gazelle_client.sock', daemon: 'lstack', era: '1.0.2', profiles: ['v1.0.2'] },
  { file: 'libos_cmd.sock', daemon: 'ltran', era: '1.0.1', profiles: [] },
  { file: 'libos_client.sock', daemon: 'lstack', era: '1.0.1', profiles: [] },
];

export interface FoundSocket {
  /** File name in the run dir. */
  readonly name: string;
  readonly prefix: string;
  readonly kind: SocketName;
  /** False for a file with a socket's name that is not a socket (never connected to). */
  readonly isSocket: boolean;
}

export interface DirEntry {
  readonly name: string;
  readonly isSocket: boolean;
}

/**
 * The control sockets among a run dir's entries, sorted by prefix then ltran before lstack.
 * Before 1.0.3 ltran's lstack-registration socket had the lstack control socket's name
 * (gazelle_client.sock, libos_client.sock), so next to an ltran socket of the same prefix it is
 * ltran's and is left out: sending it a request would speak to ltran's registration code.
 */
export function controlSockets(entries: readonly DirEntry[]): FoundSocket[] {
  const found: FoundSocket[] = [];
  for (const e of entries) {
    const kind = SOCKET_NAMES.find((k) => e.name.endsWith(k.file));
    if (!kind) continue;
    const prefix = e.name.slice(0, e.name.length - kind.file.length);
    if (unixPrefixProblem(prefix) !== null) continue;
    found.push({ name: e.name, prefix, kind, isSocket: e.isSocket });
  }
  const ltranOf = new Set(
    found.filter((f) => f.kind.daemon === 'ltran').map((f) => `${f.kind.era}\0${f.prefix}`),
  );
  const kept = found.filter(
    (f) =>
      f.kind.daemon === 'ltran' ||
      f.kind.era === '1.0.3/2024.09' ||
      !ltranOf.has(`${f.kind.era}\0${f.prefix}`),
  );
  const order = (f: FoundSocket) => SOCKET_NAMES.indexOf(f.kind);
  return kept.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : order(a) - order(b)));
}
