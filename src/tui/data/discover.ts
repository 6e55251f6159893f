/** Instances in the run dir: every unix_prefix that has an ltran or lstack control socket. */
import { readdir } from 'node:fs/promises';
import type { Profile } from '../../protocol/profiles.js';
import { unixPrefixProblem } from '../../transport/paths.js';

/** Prefixes in a stable order ('' = the default instance). Unreadable or missing dir: none. */
export async function discoverPrefixes(runDir: string, profile: Profile): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(runDir);
  } catch {
    return [];
  }
  return prefixesIn(names, profile);
}

export function prefixesIn(names: readonly string[], profile: Profile): string[] {
  const suffixes = [profile.sockets.ltran, profile.sockets.lstack];
  const found = new Set<string>();
  for (const name of names) {
    const suffix = suffixes.find((s) => name.endsWith(s));
    if (suffix === undefined) continue;
    const prefix = name.slice(0, name.length - suffix.length);
    if (unixPrefixProblem(prefix) === null) found.add(prefix);
  }
  return [...found].sort();
}
