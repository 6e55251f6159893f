/**
 * Instances in the run dir: every unix_prefix that has a control socket of a supported era
 * (discovery/names.ts), or of the forced profile's names only when --profile is given.
 */
import { readdir } from 'node:fs/promises';
import { controlSockets } from '../discovery/names.js';
import { PROFILES, type ProfileName } from '../protocol/profiles.js';

/** Prefixes in a stable order ('' = the default instance). Unreadable or missing dir: none. */
export async function discoverPrefixes(runDir: string, only?: readonly ProfileName[]): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(runDir);
  } catch {
    return [];
  }
  return prefixesIn(entries, only);
}

export function prefixesIn(names: readonly string[], only?: readonly ProfileName[]): string[] {
  const allowed = only?.length ? new Set(only.flatMap((p) => Object.values(PROFILES[p].sockets))) : null;
  const found = new Set<string>();
  for (const f of controlSockets(names.map((name) => ({ name, isSocket: true })))) {
    if (f.kind.profiles.length === 0) continue;
    if (allowed && !allowed.has(f.kind.file)) continue;
    found.add(f.prefix);
  }
  return [...found].sort();
}
