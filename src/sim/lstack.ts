/** lstack's control socket (use_ltran=0): answers per §5.1 and keeps the connection open. */
import { decodeRequest } from '../protocol/codec.js';
import type { Wire } from '../protocol/profiles.js';
import type { DaemonLog } from './daemon-log.js';
import { lstackAnswer } from './lstack-answers.js';
import { logLevelOf, type SimLstackProcess } from './lstack-process.js';
import type { Reply } from './server.js';

/** send_control_cmd_data's line when the client goes away before a struct is written whole. */
export const CUT_ANSWER_LINE = 'write msg from peer failed, errno 32.';

/** set_lstack_log_level's lines (and their levels) for each word. */
const LEVEL_SET_LINES = {
  error: ['ERR', 'lstack log set to error level!'],
  info: ['INFO', 'lstack log set to info level!'],
  debug: ['DEBUG', 'lstack log set to debug level!'],
} as const;

export function lstackDaemon(
  wire: Wire,
  proc: SimLstackProcess,
  clock: () => number,
  log?: DaemonLog,
): (request: Buffer) => Reply {
  return (request) => {
    if (proc.down) return { write: [], closeNow: true };
    const req = decodeRequest(wire, request);
    const mode = wire.profile.modes.name(req.stat_mode);
    // stat_mode >= GAZELLE_STAT_MODE_MAX: logged, no answer, connection kept
    if (mode === undefined) {
      log?.write('ERR', `recv wrong stat mode ${req.stat_mode}`);
      return { write: [] };
    }
    const now = clock();
    proc.advance(now);
    if (mode === 'LSTACK_LOG_LEVEL_SET' && log) {
      const word = req.log_level ?? '';
      if (logLevelOf(word) === null) log.write('ERR', 'lstack log set log level fail ret=-1');
      else {
        const [level, line] = LEVEL_SET_LINES[word as keyof typeof LEVEL_SET_LINES];
        log.write(level, line);
      }
    }
    // handle_proc_cmd writes its answer with one write(): a partial write is no error to it
    const proc1 = mode === 'LSTACK_LOG_LEVEL_SET' || mode === 'LSTACK_LOW_POWER_MDF';
    return {
      write: lstackAnswer(wire, proc, mode, req, now, 'client'),
      cutLine: proc1 ? null : CUT_ANSWER_LINE,
    };
  };
}
