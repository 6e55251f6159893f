/** What every C-compatible printer module shares: its per-step interface and the client's enums. */
import type { StepContext, StructKind } from '../printer.js';
import type { Decoded } from '../../protocol/codec.js';
import type { ProfileName } from '../../protocol/profiles.js';
import type { ByteOut } from './byte-out.js';

/**
 * The printer of one stat mode. One instance lives for the whole command, so state the C client
 * keeps in statics (rate baselines, first-sample flags) survives from round to round.
 */
export interface StepPrinter {
  struct(kind: StructKind, value: Decoded, ctx: StepContext): string;
  /** Optional: the same text written as bytes, for big replies (see Printer.onStructBytes). */
  bytes?(kind: StructKind, value: Decoded, ctx: StepContext, out: ByteOut): void;
  end?(ctx: StepContext): string;
}

export interface PrinterEnv {
  profile: ProfileName;
  /** The wall clock for the connection table's stamp, in microseconds since the epoch. */
  now: () => bigint;
  /** `g_wait_reply`: the [time] argument of latency/aggregate, 1 otherwise. */
  waitReply: number;
}

/** A printer for modes whose reply the client never prints (START/STOP, set, quit). */
export const silent: StepPrinter = { struct: () => '' };
