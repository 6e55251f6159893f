import { GazelleError } from '../../errors.js';

/** One line for the header: the typed error's message (and hint), or the raw message. */
export function errorText(e: unknown): string {
  if (e instanceof GazelleError) return e.hint ? `${e.message} (${e.hint})` : e.message;
  return e instanceof Error ? e.message : String(e);
}
