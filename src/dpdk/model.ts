/** The shapes `gazellectl dpdk` shows and `--json` prints. Plain data, no behaviour. */

export interface DpdkThread {
  readonly tid: number;
  readonly name: string;
  /** R, S, D, ... of /proc/PID/task/TID/stat. */
  readonly state: string;
  /** The CPU it last ran on. */
  readonly cpu: number;
  /** Cpus_allowed_list, as the kernel prints it. */
  readonly allowed: string;
  /** utime + stime, seconds. */
  readonly cpuSeconds: number;
  /** Over the sampling interval; null on the first sample. */
  readonly cpuPercent: number | null;
}

export type DpdkRole = 'primary' | 'secondary';

export interface DpdkProcess {
  readonly pid: number;
  readonly role: DpdkRole;
  readonly cmdline: readonly string[];
  /** HugetlbPages of the process (a secondary shows the shared pages too: never add them up). */
  readonly hugetlbBytes: number | null;
  readonly threads: readonly DpdkThread[];
}

export interface DpdkPort {
  readonly id: number;
  readonly link: {
    readonly status: string;
    readonly speed: number | null;
    readonly duplex: string | null;
  } | null;
  /** /ethdev/stats scalars (ipackets, opackets, ibytes, obytes, imissed, ierrors, oerrors, rx_nombuf). */
  readonly stats: Readonly<Record<string, number>> | null;
  readonly xstats?: Readonly<Record<string, number>>;
}

export interface DpdkMempool {
  readonly name: string;
  readonly size: number | null;
  readonly cacheSize: number | null;
  readonly eltSize: number | null;
  /** populated_size - common_pool_count - total_cache_count, when DPDK reports them. */
  readonly inUse: number | null;
}

export interface DpdkHeap {
  readonly id: number;
  readonly totalBytes: number | null;
  readonly allocBytes: number | null;
}

export interface DpdkTelemetry {
  readonly version: string;
  readonly pid: number;
  readonly ports: readonly DpdkPort[];
  readonly mempools: readonly DpdkMempool[];
  readonly heaps: readonly DpdkHeap[];
}

export interface DpdkHugepages {
  /** Files `<prefix>map_*` on hugetlbfs mounts, and their bytes (count x page size). */
  readonly files: number;
  readonly bytes: number;
}

/** A Gazelle instance tied to the group, and how the tie was found. */
export interface GazelleLink {
  readonly unixPrefix: string;
  readonly daemon: 'lstack' | 'ltran';
  readonly via: 'stack-tid' | 'ltran-client' | 'config';
}

export interface DpdkGroup {
  readonly filePrefix: string;
  readonly base: string;
  readonly dir: string;
  readonly state: 'live' | 'stale' | 'unreadable';
  readonly primaryPid: number | null;
  readonly processes: readonly DpdkProcess[];
  readonly hugepages: DpdkHugepages;
  readonly noHuge: boolean;
  /** Socket files still in a stale group's directory. */
  readonly leftoverSockets: readonly string[];
  readonly telemetry: DpdkTelemetry | null;
  /** One line: why telemetry (or anything else) is missing. */
  readonly notes: readonly string[];
  readonly gazelle: readonly GazelleLink[];
}

export interface DpdkView {
  readonly bases: readonly string[];
  readonly groups: readonly DpdkGroup[];
  /** What could not be read, once each (non-root, missing addon, ...). */
  readonly notes: readonly string[];
}
