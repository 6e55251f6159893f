/**
 * Finds every DPDK group under the runtime bases and what /proc says about its processes
 * (DPDK.md §2, §3). The primary is the POSIX write-lock holder of `config`; members are processes
 * that map `config`. Candidates for members come from /proc/locks (members flock the hugepage
 * files) and from the mp_socket_<pid>_* names, and each is checked against its maps, so a file
 * name alone never makes a member.
 */
import type { DpdkGroup, DpdkHugepages, DpdkProcess, DpdkThread } from './model.js';
import {
  CLOCK_TICKS_PER_S,
  cpuPercent,
  defaultHugePageBytes,
  mapsFile,
  parseCmdline,
  parseHugeMounts,
  parseLocks,
  parseStatus,
  parseTaskStat,
  writeLockHolder,
  type HugeMount,
  type LockLine,
} from './proc-parse.js';
import type { ProcSource } from './proc-source.js';
import { classifyRuntimeFiles, hugepageFilesOf, leftoverSockets } from './runtime-dir.js';

export interface ScanOptions {
  readonly bases: readonly string[];
  /** Only this --file-prefix. */
  readonly filePrefix?: string;
}

/** CPU ticks of the previous pass, to turn the next one into CPU%. */
export interface CpuMemory {
  atMs: number;
  ticks: Map<string, number>;
}

export interface ScanResult {
  readonly groups: DpdkGroup[];
  readonly notes: string[];
}

interface HostFacts {
  readonly locks: LockLine[];
  readonly huge: { mount: HugeMount; names: string[] }[];
  /** Each candidate's maps is read once per pass, whatever the number of groups. */
  readonly maps: Map<number, Promise<string | null>>;
}

export async function scanGroups(
  src: ProcSource,
  o: ScanOptions,
  nowMs: number,
  memory?: CpuMemory,
): Promise<ScanResult> {
  const notes: string[] = [];
  const host = await hostFacts(src);
  const found: { base: string; prefix: string; isDir: boolean }[] = [];
  for (const base of o.bases) {
    const r = await src.list(base);
    if (!r.ok) {
      // EACCES is remembered by the source and said once, with every other path that was denied
      if (r.code === 'ENOTDIR') notes.push(`${base} is not a directory`);
      continue;
    }
    for (const e of r.entries) {
      if (o.filePrefix !== undefined && e.name !== o.filePrefix) continue;
      found.push({ base, prefix: e.name, isDir: e.kind === 'dir' });
    }
  }
  const ticks = new Map<string, number>();
  const groups = await Promise.all(
    found.map(async (f) => {
      if (!f.isDir) {
        notes.push(`${f.base}/${f.prefix} is not a directory: not a DPDK runtime dir`);
        return null;
      }
      return groupAt(src, host, f.base, f.prefix, nowMs, memory, ticks);
    }),
  );
  if (memory) {
    memory.atMs = nowMs;
    memory.ticks = ticks;
  }
  return { groups: groups.filter((g): g is DpdkGroup => g !== null), notes };
}

async function hostFacts(src: ProcSource): Promise<HostFacts> {
  const [locksText, mountsText, meminfo] = await Promise.all([
    src.text(src.proc('locks')),
    src.text(src.proc('mounts')),
    src.text(src.proc('meminfo')),
  ]);
  const mounts = parseHugeMounts(mountsText ?? '', defaultHugePageBytes(meminfo ?? ''));
  const huge = await Promise.all(mounts.map(async (mount) => ({ mount, names: await src.names(mount.dir) })));
  return { locks: parseLocks(locksText ?? ''), huge, maps: new Map() };
}

async function groupAt(
  src: ProcSource,
  host: HostFacts,
  base: string,
  prefix: string,
  nowMs: number,
  memory: CpuMemory | undefined,
  ticks: Map<string, number>,
): Promise<DpdkGroup> {
  const dir = `${base}/${prefix}`;
  const listing = await src.list(dir);
  const names = listing.ok ? listing.entries.map((e) => e.name) : [];
  const files = classifyRuntimeFiles(names);
  const hugepages = hugepagesOf(host, prefix);
  const common = {
    filePrefix: prefix,
    base,
    dir,
    hugepages,
    noHuge: files.noHuge,
    telemetry: null,
    gazelle: [],
  };
  if (!listing.ok) {
    return {
      ...common,
      state: 'unreadable',
      primaryPid: null,
      processes: [],
      leftoverSockets: [],
      notes: [`cannot read ${dir}${listing.code === 'EACCES' ? ' (run as root)' : ` (${listing.code})`}`],
    };
  }
  const configPath = `${dir}/config`;
  const inode = files.hasConfig ? await src.inode(configPath) : null;
  const holder = inode === null ? null : writeLockHolder(host.locks, inode);
  const primaryPid = holder !== null && (await isAlive(src, holder)) ? holder : null;
  const notes: string[] = [];
  if (!files.hasConfig) notes.push('no config file: not a DPDK runtime dir, or one being created');
  else if (primaryPid === null) notes.push('nobody holds the config lock: the primary is gone');

  const processes: DpdkProcess[] = [];
  if (inode !== null) {
    const candidates = new Set<number>(files.secondarySocketPids);
    for (const l of host.locks) if (l.pid !== primaryPid) candidates.add(l.pid);
    const suffix = `/${prefix}/config`;
    const members: number[] = [];
    if (primaryPid !== null) members.push(primaryPid);
    for (const pid of [...candidates].sort((a, b) => a - b)) {
      let pending = host.maps.get(pid);
      if (!pending) host.maps.set(pid, (pending = src.text(src.proc(`${pid}/maps`), 64 * 1024 * 1024)));
      const maps = await pending;
      if (maps !== null && mapsFile(maps, inode, suffix)) members.push(pid);
    }
    for (const pid of members) {
      const p = await processAt(src, pid, pid === primaryPid ? 'primary' : 'secondary', nowMs, memory, ticks);
      if (p) processes.push(p);
    }
  }
  return {
    ...common,
    state: primaryPid !== null ? 'live' : 'stale',
    primaryPid,
    processes,
    leftoverSockets: primaryPid === null ? leftoverSockets(names) : [],
    notes,
  };
}

function hugepagesOf(host: HostFacts, prefix: string): DpdkHugepages {
  let files = 0;
  let bytes = 0;
  for (const h of host.huge) {
    const n = hugepageFilesOf(prefix, h.names).length;
    files += n;
    bytes += n * h.mount.pageBytes;
  }
  return { files, bytes };
}

async function isAlive(src: ProcSource, pid: number): Promise<boolean> {
  const t = await src.text(src.proc(`${pid}/stat`));
  const s = t === null ? null : parseTaskStat(t);
  return s !== null && s.state !== 'Z' && s.state !== 'X';
}

async function processAt(
  src: ProcSource,
  pid: number,
  role: DpdkProcess['role'],
  nowMs: number,
  memory: CpuMemory | undefined,
  ticks: Map<string, number>,
): Promise<DpdkProcess | null> {
  const [cmdline, status, tids] = await Promise.all([
    src.text(src.proc(`${pid}/cmdline`)),
    src.text(src.proc(`${pid}/status`)),
    src.names(src.proc(`${pid}/task`)),
  ]);
  if (status === null) return null;
  const threads = await Promise.all(
    tids
      .map(Number)
      .filter((t) => Number.isSafeInteger(t) && t > 0)
      .sort((a, b) => a - b)
      .map((tid) => threadAt(src, pid, tid, nowMs, memory, ticks)),
  );
  return {
    pid,
    role,
    cmdline: parseCmdline(cmdline ?? ''),
    hugetlbBytes: parseStatus(status).hugetlbBytes ?? null,
    threads: threads.filter((t): t is DpdkThread => t !== null),
  };
}

async function threadAt(
  src: ProcSource,
  pid: number,
  tid: number,
  nowMs: number,
  memory: CpuMemory | undefined,
  ticks: Map<string, number>,
): Promise<DpdkThread | null> {
  const [statText, statusText] = await Promise.all([
    src.text(src.proc(`${pid}/task/${tid}/stat`)),
    src.text(src.proc(`${pid}/task/${tid}/status`)),
  ]);
  const st = statText === null ? null : parseTaskStat(statText);
  if (!st) return null; // the thread ended between readdir and read
  const key = `${pid}/${tid}`;
  ticks.set(key, st.cpuTicks);
  const before = memory?.ticks.get(key);
  return {
    tid,
    name: st.comm,
    state: st.state,
    cpu: st.cpu,
    allowed: statusText === null ? '' : (parseStatus(statusText).cpusAllowed ?? ''),
    cpuSeconds: st.cpuTicks / CLOCK_TICKS_PER_S,
    cpuPercent: before === undefined || !memory ? null : cpuPercent(before, st.cpuTicks, nowMs - memory.atMs),
  };
}
