/**
 * The command model: what a gazellectl command line means (target, mode, options), as data that
 * protocol, client and format all read. cli/grammar.ts turns words into it; nothing here knows
 * about words, sockets or oclif.
 */
import type { LogLevel } from './loglevel.js';

export const PROTOCOLS = ['UDP', 'TCP', 'ICMP', 'IP', 'ETHARP'] as const;
export type ProtocolName = (typeof PROTOCOLS)[number];
export const MAX_LATENCY_TIME = 1800;

export type LtranCommand =
  | { target: 'ltran'; kind: 'quit' | 'show' | 'rate' | 'instance' | 'burst' }
  | { target: 'ltran'; kind: 'table'; table: 'socktable' | 'conntable' }
  | { target: 'ltran'; kind: 'latency'; seconds: number }
  | { target: 'ltran'; kind: 'set-loglevel'; level: LogLevel };

export interface LstackId {
  /** The ID word as typed. */
  text: string;
  /** IPv4 bytes in network order when the ID contains a dot, else null. */
  ip: [number, number, number, number] | null;
  pid: number;
}

export type LstackShowKind =
  | 'show'
  | 'rate'
  | 'snmp'
  | 'connect'
  | 'xstats'
  | 'nic-features'
  | 'intr'
  | 'virtio'
  | 'latency'
  | 'aggregate'
  | 'protocol';

export type LstackCommand =
  | { target: 'lstack'; id: LstackId; kind: Exclude<LstackShowKind, 'latency' | 'aggregate' | 'protocol'> }
  | { target: 'lstack'; id: LstackId; kind: 'latency' | 'aggregate'; seconds: number }
  | { target: 'lstack'; id: LstackId; kind: 'protocol'; protocol: ProtocolName }
  | { target: 'lstack'; id: LstackId; kind: 'set-loglevel'; level: LogLevel }
  | { target: 'lstack'; id: LstackId; kind: 'set-lowpower'; lowPower: number };

export type GazelleCommand = LtranCommand | LstackCommand;

/**
 * `g_wait_reply`: how many seconds a latency/aggregate command measures (its [time]), 1 for every
 * other command.
 */
export function measurementSeconds(cmd: GazelleCommand): number {
  return (cmd.kind === 'latency' || cmd.kind === 'aggregate') && 'seconds' in cmd ? cmd.seconds : 1;
}
