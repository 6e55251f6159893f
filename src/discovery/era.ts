/**
 * An instance's era from its socket file names alone, with no request sent (PROTOCOL.md §1, §11.2):
 * `gazelle_cmd.sock` / `gazelle_client.sock` are 1.0.2, `ltran_cmd.sock` / `lstack_cmd.sock` are
 * 1.0.3 or 2024.09 (which only the answer's sizes tell apart; v1.0.3 is assumed until an answer
 * says otherwise). The C-compatible commands use it to pick a profile when none is given, and
 * the monitors to start each instance in its own era. Pure.
 */
import type { Daemon } from '../model/daemon.js';
import type { ProfileName } from '../protocol/profiles.js';
import { SOCKET_NAMES, type SocketName } from './names.js';

export interface EraFamily {
  /** The socket file (with its prefix) that settled it. */
  readonly file: string;
  readonly era: SocketName['era'];
  /** Profiles that use these names; empty for an era gazellectl does not speak (1.0.1). */
  readonly profiles: readonly ProfileName[];
  /** The profile to speak until an answer says otherwise. */
  readonly assumed: ProfileName | null;
}

/** Which profile of a family is spoken when nothing else is known: the newer names' first era. */
const ASSUMED: Record<SocketName['era'], ProfileName | null> = {
  '1.0.3/2024.09': 'v1.0.3',
  '1.0.2': 'v1.0.2',
  '1.0.1': null,
};

/**
 * The era family of the instance with this unix_prefix, from the file names present in its run
 * dir (any other names are ignored). Names are tried in the C clients' order, newest era first, so
 * stale files of an older install never outvote the current ones. `daemon` restricts the names
 * (ltran commands look at ltran's socket only). null: no control socket of this prefix.
 */
export function eraFamilyOf(files: Iterable<string>, prefix = '', daemon?: Daemon): EraFamily | null {
  const present = new Set(files);
  for (const s of SOCKET_NAMES) {
    if (daemon && s.daemon !== daemon) continue;
    const file = prefix + s.file;
    if (present.has(file)) return { file, era: s.era, profiles: s.profiles, assumed: ASSUMED[s.era] };
  }
  return null;
}

/** Every socket file name eraFamilyOf() looks at for this prefix. */
export function eraSocketFiles(prefix = '', daemon?: Daemon): string[] {
  return SOCKET_NAMES.filter((s) => !daemon || s.daemon === daemon).map((s) => prefix + s.file);
}

/**
 * The profiles of `sizes` (name -> sizeof the stack struct) whose structs make up exactly `bytes`
 * bytes of an answer: how an answer that did not fit the assumed profile tells which one it fits.
 */
export function profilesFittingBytes(
  bytes: number,
  sizes: readonly { name: ProfileName; size: number }[],
  maxStructs = 64,
): ProfileName[] {
  if (bytes <= 0) return [];
  return sizes.filter(({ size }) => bytes % size === 0 && bytes / size <= maxStructs).map((s) => s.name);
}
