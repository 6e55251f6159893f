/**
 * What a printer of a command's reply implements and the client feeds, struct by struct as the
 * reply arrives: the seam between src/client (I/O) and the pure renderers in src/format.
 */
import type { Daemon } from '../model/daemon.js';
import type { Decoded, StatRequest } from '../protocol/codec.js';
import type { ReplyPart, Step } from '../protocol/conversations.js';

export type StructKind = ReplyPart['struct'];

export interface Printer {
  /** Text for one decoded struct of the reply to `step`, in arrival order. */
  onStruct(step: Step, kind: StructKind, value: Decoded, ctx: StepContext): string;
  /**
   * The same text as bytes handed to `emit` piece by piece, for replies whose text is large (a
   * 22,000-row connection table is ~6 MB per stack): it never exists as one JS string. Returns
   * false when this struct has no byte form (then onStruct is used). `emit` returns true when it is
   * done with the bytes (written out), so the printer may reuse their buffer. Once it returns true the
   * printer keeps nothing of `value`: the client reads the next struct into the same bytes.
   */
  onStructBytes?(
    step: Step,
    kind: StructKind,
    value: Decoded,
    ctx: StepContext,
    emit: (b: Buffer) => boolean | void,
  ): boolean;
  /** Text after a step's reply is complete. */
  onStepEnd?(step: Step, ctx: StepContext): string;
}

export interface StepContext {
  daemon: Daemon;
  request: StatRequest;
  /** Measured wall time (ms) of this round, for rates computed from real elapsed time. */
  at: number;
}
