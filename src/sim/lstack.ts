/** lstack's control socket (use_ltran=0): answers per §5.1 and keeps the connection open. */
import { decodeRequest } from '../protocol/codec.js';
import type { Wire } from '../protocol/profiles.js';
import { lstackAnswer } from './lstack-answers.js';
import type { SimLstackProcess } from './lstack-process.js';
import type { Reply } from './server.js';

export function lstackDaemon(
  wire: Wire,
  proc: SimLstackProcess,
  clock: () => number,
): (request: Buffer) => Reply {
  return (request) => {
    if (proc.down) return { write: [], closeNow: true };
    const req = decodeRequest(wire, request);
    const mode = wire.profile.modes.name(req.stat_mode);
    // stat_mode >= GAZELLE_STAT_MODE_MAX: ignored, no answer, connection kept
    if (mode === undefined) return { write: [] };
    const now = clock();
    proc.advance(now);
    return { write: lstackAnswer(wire, proc, mode, req, now, 'client') };
  };
}
