/**
 * ltran's control socket (§5.2): its own statistics, the client list, forwarding to the lstack
 * process named by pid (or ip when pid is 0). ltran does not serve the lstack-only modes; for those
 * and for an unknown instance it closes without writing.
 */
import { decodeRequest, type StatRequest } from '../protocol/codec.js';
import type { ModeName } from '../protocol/modes.js';
import type { Wire } from '../protocol/profiles.js';
import { lstackAnswer } from './lstack-answers.js';
import { logLevelOf, type SimLstackProcess } from './lstack-process.js';
import {
  forwardTable,
  latencyStream,
  lstackTotals,
  ltranClients,
  ltranTotal,
  type LtranState,
} from './ltran-answers.js';
import type { Reply } from './server.js';

/** Modes ltran forwards to the lstack process and whose dfx answer it copies through. */
const FORWARDED = new Set<ModeName>([
  'LSTACK_SHOW_RATE',
  'LSTACK_SHOW_SNMP',
  'LSTACK_SHOW_CONN',
  'LSTACK_SHOW_LATENCY',
  'LSTACK_LOW_POWER_MDF',
  'LSTACK_SHOW_PROTOCOL',
]);

export function selectClient(ltran: LtranState, req: StatRequest): SimLstackProcess | undefined {
  return req.pid !== 0
    ? ltran.clients.find((c) => c.pid === req.pid)
    : ltran.clients.find((c) => c.ipWire === req.ip);
}

export interface LtranDaemonOptions {
  clock: () => number;
  /** LTRAN_QUIT: the instance stops serving and removes its socket. */
  quit: () => void;
}

export function ltranDaemon(
  wire: Wire,
  ltran: LtranState,
  opts: LtranDaemonOptions,
): (request: Buffer) => Reply {
  const closeNow: Reply = { write: [], closeNow: true };
  return (request) => {
    const req = decodeRequest(wire, request);
    const mode = wire.profile.modes.name(req.stat_mode);
    if (mode === undefined) return closeNow;
    const now = opts.clock();
    for (const c of ltran.clients) c.advance(now);
    const client = selectClient(ltran, req);
    const forward = (m: ModeName) => (client ? lstackAnswer(wire, client, m, req, now, 'ltran') : null);

    switch (mode) {
      case 'LTRAN_SHOW':
      case 'LTRAN_SHOW_RATE':
      case 'LTRAN_SHOW_BURST':
        return { write: [ltranTotal(wire, ltran)] };
      case 'LTRAN_SHOW_INSTANCE':
        return { write: [ltranClients(wire, ltran)] };
      case 'LTRAN_SHOW_SOCKTABLE':
        return { write: [forwardTable(wire, ltran, 'socktable')] };
      case 'LTRAN_SHOW_CONNTABLE':
        return { write: [forwardTable(wire, ltran, 'conntable')] };
      case 'LTRAN_SHOW_LATENCY':
        return { write: latencyStream(wire, ltran) };
      case 'LTRAN_SHOW_LB_RATE':
        return client ? { write: lstackTotals(wire, client) } : closeNow;
      case 'LTRAN_SHOW_LSTACK':
        return client ? { write: [...lstackTotals(wire, client), ...forward(mode)!] } : closeNow;
      case 'LTRAN_START_LATENCY':
      case 'LTRAN_STOP_LATENCY':
        // ltran measures its own receive path, and forwards to the named instance if there is one
        for (const c of ltran.clients) {
          if (mode === 'LTRAN_START_LATENCY') c.traffic.startLtranLatency(now);
          else c.traffic.stopLtranLatency(now);
        }
        forward(mode); // lstack's answer is swallowed
        return { write: [] };
      case 'LSTACK_LOG_LEVEL_SET':
        forward(mode);
        return { write: [] };
      case 'LTRAN_LOG_LEVEL_SET': {
        const level = logLevelOf(req.log_level ?? '');
        if (level !== null) ltran.loglevel = level;
        return { write: [] };
      }
      case 'LTRAN_QUIT':
        setImmediate(opts.quit);
        return { write: [] };
      default: {
        if (!FORWARDED.has(mode)) return closeNow; // lstack-only: "unrecognised"
        const answer = forward(mode);
        return answer ? { write: answer } : closeNow;
      }
    }
  };
}
