import { errorLine, NotRunningError, RefusedError } from '../errors.js';

/** One line for the header: the typed error's message (and hint), or the raw message. */
export const errorText = errorLine;

/** A socket that refuses connections (ECONNREFUSED) or has vanished: nobody is behind it any more. */
export function daemonGone(e: unknown): boolean {
  return (e instanceof RefusedError && e.errno === 111) || e instanceof NotRunningError;
}
