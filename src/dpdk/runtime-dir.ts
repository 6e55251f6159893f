/**
 * PURE: what the files of one DPDK runtime directory say (DPDK.md §1). File names are hints only;
 * membership is decided from the config lock and /proc maps.
 */

export interface RuntimeDirFiles {
  readonly hasConfig: boolean;
  readonly hasMpSocket: boolean;
  readonly hasTelemetryV2: boolean;
  readonly hasTelemetryV1: boolean;
  /** PIDs named by mp_socket_<pid>_<hex>: secondaries that are, or were, attached. */
  readonly secondarySocketPids: readonly number[];
  /** Primary ran with --no-huge. */
  readonly noHuge: boolean;
  readonly fbarrays: number;
}

export const TELEMETRY_V2 = 'dpdk_telemetry.v2';

export function classifyRuntimeFiles(names: readonly string[]): RuntimeDirFiles {
  const pids: number[] = [];
  for (const n of names) {
    const m = /^mp_socket_(\d+)_[0-9a-f]+$/.exec(n);
    if (m) pids.push(Number(m[1]));
  }
  return {
    hasConfig: names.includes('config'),
    hasMpSocket: names.includes('mp_socket'),
    hasTelemetryV2: names.includes(TELEMETRY_V2),
    hasTelemetryV1: names.includes('telemetry'),
    secondarySocketPids: [...new Set(pids)].sort((a, b) => a - b),
    noHuge: names.includes('fbarray_nohugemem'),
    fbarrays: names.filter((n) => n.startsWith('fbarray_')).length,
  };
}

/** Sockets a dead group leaves behind (DPDK.md §2: after SIGKILL every socket stays). */
export function leftoverSockets(names: readonly string[]): string[] {
  return names.filter(
    (n) => n === 'mp_socket' || n.startsWith('mp_socket_') || n === TELEMETRY_V2 || n === 'telemetry',
  );
}

/** `<prefix>map_<n>` on a hugetlbfs mount belongs to the group with that file-prefix. */
export function hugepageFilesOf(prefix: string, names: readonly string[]): string[] {
  const re = /^map_\d+$/;
  return names.filter((n) => n.startsWith(prefix) && re.test(n.slice(prefix.length)));
}

/**
 * Runtime bases DPDK may have picked (eal_create_runtime_dir: `$RUNTIME_DIRECTORY/dpdk`, else
 * `/var/run/dpdk` for root, `$XDG_RUNTIME_DIR/dpdk` or `/tmp/dpdk` for others). An explicit list
 * wins; otherwise a monitor looks at all of them, since it cannot know who started each group.
 */
export function runtimeBases(explicit: readonly string[] | undefined, env: NodeJS.ProcessEnv): string[] {
  if (explicit && explicit.length > 0) return [...new Set(explicit.map(trimSlash))];
  const under = (dir: string | undefined): string | undefined => (dir ? `${trimSlash(dir)}/dpdk` : undefined);
  const bases = [
    under(env.RUNTIME_DIRECTORY),
    '/var/run/dpdk',
    under(env.XDG_RUNTIME_DIR),
    '/tmp/dpdk',
  ].filter((b): b is string => b !== undefined);
  return [...new Set(bases.map(trimSlash))];
}

const trimSlash = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);

/** A --file-prefix DPDK would accept as one directory name under the base. */
export function isFilePrefix(p: string): boolean {
  return p !== '' && p !== '.' && p !== '..' && !p.includes('/') && !p.includes('\0') && p.length <= 255;
}
