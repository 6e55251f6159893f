/**
 * What one Gazelle era is (PROTOCOL.md §11.3): every eras/*.ts exports one `era` checked against
 * this type, and code that differs by era reads these fields instead of comparing era names, so a
 * new era is one new file and a line in profiles.ts.
 */
import type { StructType } from './ctypes.js';
import type { ModeTable } from './modes.js';

/** GAZELLE_LATENCY_* of the era that has them all (v2024.09), in enum order (PROTOCOL.md §3.2). */
export const LATENCY_STAGES = [
  'INTO_MBOX',
  'READ_LWIP',
  'READ_APP_CALL',
  'READ_LSTACK',
  'READ_MAX',
  'WRITE_INTO_RING',
  'WRITE_LWIP',
  'WRITE_LSTACK',
  'WRITE_MAX',
  'WRITE_RPC_MSG',
  'RECVMBOX_READY',
] as const;
export type LatencyStageName = (typeof LATENCY_STAGES)[number];

export interface EraSpec {
  readonly name: string;
  readonly modes: ModeTable;
  /** Socket file names under <run dir><unix_prefix>. */
  readonly sockets: { readonly ltran: string; readonly lstack: string };
  /**
   * 1.0.3-era clients probe ltran then lstack with an empty connection for `lstack` commands;
   * the 1.0.2 client tries the ltran socket and, failing that, sends straight to lstack.
   */
  readonly probe: 'empty-connection' | 'ltran-connect';
  /** The 1.0.2 client read with no timeout at all; later ones poll 5000 ms per read. */
  readonly cReadTimeoutMs: number | null;
  /** The structs that differ by era; ltran's totals and forward table are common (structs-common.ts). */
  readonly structs: {
    readonly request: StructType;
    readonly dfx: StructType;
    readonly ltranClient: StructType;
  };
  /**
   * data.latency: the stages the era measures, in its order, either as an array of
   * gazelle_stack_latency (`members` null) or as one named member per stage (1.0.2).
   */
  readonly latency: {
    readonly stages: readonly LatencyStageName[];
    readonly members: readonly string[] | null;
  };
  /**
   * LSTACK_SHOW_AGGREGATE: which union member of gazelle_stack_dfx_data holds
   * gazelle_stack_aggregate_stats (its own, or inside pkts), and whether its size arrays carry the
   * app's TX at index 2 (arrays of 3, before 2025-07).
   */
  readonly aggregate: { readonly member: 'aggregate_stats' | 'pkts'; readonly appTx: boolean };
  /** lstack fills the dfx header's loglevel and low_power_info in every answer, or only in LSTACK_SHOW's (§11.5.7). */
  readonly headerFilled: 'every-answer' | 'show-only';
  /** `lstack show -r` without ltran: measured by lstack (START, STOP, RATE), or refused by the client before sending. */
  readonly lstackRate: 'measured' | 'refused';
}
