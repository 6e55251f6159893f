/**
 * The rules of a conversation with a daemon that every client obeys (PROTOCOL.md §1, §11.5, §11.6),
 * stated once: how a reply ends, how long it may be, in which order the daemons are tried, and how
 * long a connection that carries no answer is held. Pure.
 */
import { GAZELLE_MAX_STACK_ARRAY_SIZE } from './structs-common.js';

/**
 * The eof member of a struct: 0 = more structs follow, 1 = the last one. Anything else means the
 * structs are not the size we cut at (another profile or arch).
 */
export type EofState = 'more' | 'last' | 'foreign';

export function eofState(eof: number): EofState {
  return eof === 0 ? 'more' : eof === 1 ? 'last' : 'foreign';
}

/**
 * More structs than this without eof fail a reply: a daemon has at most this many stack threads
 * (each answers one struct), so more means a profile mismatch or a broken daemon.
 */
export const MAX_STRUCTS_PER_REPLY = GAZELLE_MAX_STACK_ARRAY_SIZE;

/** The C clients try ltran's socket before lstack's; the first that accepts is the daemon. */
export const PROBE_ORDER = ['ltran', 'lstack'] as const;

/**
 * A request that gets no answer (START/STOP latency, set loglevel) is held open this long before
 * closing, as the C client does (it sleeps 1 s): lstack closes a hung-up connection without
 * reading it, so a request closed at once is lost whenever the control thread is busy (§11.6.1).
 */
export const NO_ANSWER_HOLD_MS = 1000;
