/**
 * ltran answers some lstack requests by closing the connection without a byte (PROTOCOL.md §3.1,
 * §5.2): the modes it does not forward, and any request for an IP or PID it has no lstack for. The
 * C client then says only "Connection closed"; we say which of the two it is. Pure.
 */
import type { GazelleCommand } from '../model/command.js';

/** The lstack options ltran does not forward ("lstack only"), with the word the user typed them as. */
const NOT_FORWARDED: Partial<Record<GazelleCommand['kind'], string>> = {
  xstats: '-x (xstats)',
  'nic-features': '-k (nic-features)',
  intr: '-I (intr)',
  virtio: '-v (virtio)',
  aggregate: '-a (aggregate)',
};

/** The hint for a connection ltran closed unanswered, or null when the command is not an lstack one. */
export function ltranClosedHint(cmd: GazelleCommand): string | null {
  if (cmd.target !== 'lstack') return null;
  const option = NOT_FORWARDED[cmd.kind];
  if (option) return `ltran does not forward ${option} to lstack: not available in ltran mode`;
  return `ltran answers nothing for an IP or PID it has no lstack for: see 'gazellectl ltran show -i'`;
}
