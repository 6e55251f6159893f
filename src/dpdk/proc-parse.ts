/**
 * PURE parsers of the /proc text a DPDK group leaves behind (DPDK.md §2, §3). Every function takes
 * the text and returns plain data; the reading happens in proc-source.ts.
 */

/** One POSIX/FLOCK lock of /proc/locks. Waiters ("->" lines) are left out: they hold nothing. */
export interface LockLine {
  readonly kind: 'POSIX' | 'FLOCK' | 'OFDLCK' | 'OTHER';
  readonly access: 'READ' | 'WRITE';
  readonly pid: number;
  readonly inode: number;
  /** "maj:min" in hex, as /proc/locks prints the device. */
  readonly dev: string;
}

export function parseLocks(text: string): LockLine[] {
  const out: LockLine[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || f[1] === '->') continue;
    const [, kind, , access, pidText, devIno] = f;
    const m = /^([0-9a-f]+):([0-9a-f]+):(\d+)$/i.exec(devIno ?? '');
    const pid = Number(pidText);
    if (!m || !Number.isSafeInteger(pid) || pid <= 0) continue;
    if (access !== 'READ' && access !== 'WRITE') continue;
    out.push({
      kind: kind === 'POSIX' || kind === 'FLOCK' || kind === 'OFDLCK' ? kind : 'OTHER',
      access,
      pid,
      inode: Number(m[3]),
      dev: `${m[1]}:${m[2]}`.toLowerCase(),
    });
  }
  return out;
}

/** The PID holding the POSIX write lock on `inode`: a DPDK primary on its `config` file. */
export function writeLockHolder(locks: readonly LockLine[], inode: number): number | null {
  const l = locks.find((x) => x.inode === inode && x.access === 'WRITE' && x.kind === 'POSIX');
  return l ? l.pid : null;
}

/** Whether a maps text maps the file with this inode whose path ends with `suffix`. */
export function mapsFile(mapsText: string, inode: number, suffix: string): boolean {
  const ino = ` ${inode} `;
  let at = mapsText.indexOf(suffix);
  while (at >= 0) {
    const start = mapsText.lastIndexOf('\n', at) + 1;
    const end = mapsText.indexOf('\n', at);
    const line = mapsText.slice(start, end < 0 ? undefined : end);
    if (line.endsWith(suffix) && line.includes(ino)) return true;
    at = mapsText.indexOf(suffix, at + suffix.length);
  }
  return false;
}

/** Fields of /proc/PID/task/TID/stat a monitor needs (proc(5) numbering in the comments). */
export interface TaskStat {
  readonly comm: string;
  /** field 3: R, S, D, Z, T, ... */
  readonly state: string;
  /** fields 14 + 15, clock ticks. */
  readonly cpuTicks: number;
  /** field 39: the CPU it last ran on. */
  readonly cpu: number;
}

export function parseTaskStat(text: string): TaskStat | null {
  // comm may hold spaces and parentheses: it ends at the LAST ')'
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = text
    .slice(close + 2)
    .trim()
    .split(' ');
  const field = (n: number): number => Number(rest[n - 3]);
  const utime = field(14);
  const stime = field(15);
  const cpu = field(39);
  if (![utime, stime, cpu].every(Number.isSafeInteger)) return null;
  return { comm: text.slice(open + 1, close), state: rest[0] ?? '?', cpuTicks: utime + stime, cpu };
}

/** The fields of /proc/PID/status that matter here. */
export interface StatusFields {
  readonly name?: string;
  readonly tgid?: number;
  readonly cpusAllowed?: string;
  /** HugetlbPages, bytes. */
  readonly hugetlbBytes?: number;
  readonly rssShmemBytes?: number;
}

export function parseStatus(text: string): StatusFields {
  const get = (key: string): string | undefined => {
    const m = new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(text);
    return m ? m[1]!.trim() : undefined;
  };
  const kb = (key: string): number | undefined => {
    const v = get(key);
    const m = v ? /^(\d+)\s*kB$/.exec(v) : null;
    return m ? Number(m[1]) * 1024 : undefined;
  };
  const tgid = Number(get('Tgid'));
  return {
    name: get('Name'),
    tgid: Number.isSafeInteger(tgid) && tgid > 0 ? tgid : undefined,
    cpusAllowed: get('Cpus_allowed_list'),
    hugetlbBytes: kb('HugetlbPages'),
    rssShmemBytes: kb('RssShmem'),
  };
}

/** NUL-separated argv of /proc/PID/cmdline. */
export function parseCmdline(raw: string): string[] {
  return raw.split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
}

/** A hugetlbfs mount of /proc/mounts and its page size. */
export interface HugeMount {
  readonly dir: string;
  readonly pageBytes: number;
}

const SIZE_UNITS: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

export function parseHugeMounts(mountsText: string, defaultPageBytes: number): HugeMount[] {
  const out: HugeMount[] = [];
  for (const line of mountsText.split('\n')) {
    const f = line.split(' ');
    if (f[2] !== 'hugetlbfs' || !f[1]) continue;
    const m = /(?:^|,)pagesize=(\d+)([KMG])?/i.exec(f[3] ?? '');
    const pageBytes = m ? Number(m[1]) * (SIZE_UNITS[(m[2] ?? '').toUpperCase()] ?? 1) : defaultPageBytes;
    out.push({ dir: unescapeMountPath(f[1]), pageBytes });
  }
  return out;
}

/** /proc/mounts escapes space, tab, newline and backslash as octal. */
function unescapeMountPath(p: string): string {
  return p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Hugepagesize of /proc/meminfo, bytes (2 MiB when absent). */
export function defaultHugePageBytes(meminfo: string): number {
  const m = /^Hugepagesize:\s*(\d+)\s*kB/m.exec(meminfo);
  return m ? Number(m[1]) * 1024 : 2 * 1024 * 1024;
}

/** Linux's USER_HZ: utime/stime are in 1/100 s on every architecture Gazelle runs on. */
export const CLOCK_TICKS_PER_S = 100;

/** CPU% of one thread between two samples (100 = one whole core). */
export function cpuPercent(ticksBefore: number, ticksAfter: number, elapsedMs: number): number | null {
  if (elapsedMs <= 0 || ticksAfter < ticksBefore) return null;
  return (((ticksAfter - ticksBefore) / CLOCK_TICKS_PER_S) * 100_000) / elapsedMs;
}
