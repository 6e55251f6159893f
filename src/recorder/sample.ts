/**
 * What one poll of every instance leaves in a recording, as plain numbers (no bigint, no I/O), and
 * the header that names every field. The order of the field lists is the order on disk.
 */

/** Per stack, every poll (LSTACK_SHOW / LTRAN_SHOW_LSTACK). -1 = the era does not report it. */
export const STACK_FIELDS = [
  'tid',
  'stackId',
  'rx',
  'tx',
  'rxDrop',
  'txDrop',
  'rxBytes',
  'txBytes',
  'allocFail',
  'connNum',
  'mbufFree',
  'wakeupEvents',
  'loglevel',
  'lowPower',
] as const;
export type StackField = (typeof STACK_FIELDS)[number];
export const F = Object.fromEntries(STACK_FIELDS.map((f, i) => [f, i])) as Record<StackField, number>;

/** Per bond port of an ltran instance (gazelle_stat_ltran_total.port_list). */
export const PORT_FIELDS = [
  'rx',
  'tx',
  'tx_drop',
  'rx_bytes',
  'tx_bytes',
  'arp_pkt',
  'kni_pkt',
  'icmp_pkt',
  'tcp_pkt',
] as const;

export type DaemonKind = 'lstack' | 'ltran';

/**
 * What a stack cell holds when its value is 2^52 or more: the value itself is in InstanceSnap.wide.
 * 2^52, not 2^53: a zigzag varint doubles a delta, and a delta between two cells must stay exact.
 */
export const WIDE = 2 ** 52 - 1;
const WIDE_N = BigInt(WIDE);

/** A u64 (or any integer) as a cell: the number, or WIDE with the exact value put in `wide`. */
export function cellOf(v: bigint | number | undefined, cell: number, wide: Record<number, bigint>): number {
  if (v === undefined) return -1;
  if (typeof v === 'number') return v;
  if (v < WIDE_N && v > -WIDE_N) return Number(v);
  wide[cell] = v;
  return WIDE;
}

/** The exact value of a stack cell. */
export function exactOf(
  snapRows: ArrayLike<number>,
  cell: number,
  wide: Record<number, bigint> | undefined,
): bigint {
  const w = wide?.[cell];
  return w !== undefined ? w : BigInt(snapRows[cell]);
}

export interface InstanceSnap {
  up: boolean;
  /** Why the instance is down, when it is. */
  error?: string;
  daemon?: DaemonKind;
  /** The era (profile) the instance was read in, when up; the header's eras keep it on disk. */
  profile?: string;
  /** One row per stack, STACK_FIELDS order. */
  stacks: number[][];
  /**
   * Stack values of 2^52 or more (a u64 counter near wrap), exactly, by cell (row * width + field).
   * Their cell in `stacks` holds WIDE (2^52 - 1), so the number rows and their deltas stay exact.
   */
  wide?: Record<number, bigint>;
  /** One row per stack, the header's snmpFields order (only on SNMP samples). */
  snmp?: number[][];
  /** ltran only: one row per bond port, PORT_FIELDS order. */
  ports?: number[][];
  /** Connections per TCP state, one map per stack (only on connection samples). */
  connStates?: Record<string, number>[];
  /** The full connection rows, one list per stack (only on connection samples). */
  connTable?: unknown[][];
}

export interface Sample {
  /** When the poll started, ms since the epoch. */
  t: number;
  /** In the header's instance order. */
  instances: InstanceSnap[];
}

export interface RecordingHeader {
  format: 'gazellectl-recording';
  formatVersion: 1;
  /** gazellectl's version that wrote it. */
  tool: string;
  /** Gazelle protocol era (profile) forced with --profile, or 'auto'; and the wire layouts' arch. */
  profile: string;
  arch: string;
  runDir: string;
  /** unix_prefix of every instance, in the order of Sample.instances. */
  instances: string[];
  /**
   * The era each instance is read in, same order (null: never up yet). An instance that comes back
   * in another era starts a new segment. Absent in recordings made before eras were per instance:
   * every instance was then read in `profile`.
   */
  eras?: (string | null)[];
  intervalMs: number;
  snmpEvery: number;
  connEvery: number;
  stackFields: readonly string[];
  snmpFields: readonly string[];
  portFields: readonly string[];
  /** When this segment was started (ms since the epoch). */
  started: number;
}

/** Something the recorder itself noticed, kept beside the samples. */
export interface RecorderEvent {
  t: number;
  kind: 'not-recorded';
  /** The interval that has no samples, and why. */
  from: number;
  to: number;
  reason: string;
}
