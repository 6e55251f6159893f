/** The request a command sends at each step of its conversation (pure: no socket). */
import type { GazelleCommand } from '../model/command.js';
import type { StatRequest } from './codec.js';
import type { Step } from './conversations.js';
import type { ModeName } from './modes.js';
import type { Wire } from './profiles.js';

/** A struct gazelle_stat_msg_request for `mode`; fields not given are 0, as the C client's memset. */
export function statRequest(wire: Wire, mode: ModeName, fields: Partial<StatRequest> = {}): StatRequest {
  return { stat_mode: wire.profile.modes.number(mode), ip: 0, pid: 0, ...fields };
}

export function requestFor(cmd: GazelleCommand, step: Step, wire: Wire): StatRequest {
  const req = statRequest(wire, step.mode);
  if (cmd.target === 'lstack') {
    // In PID mode the C client leaves `ip` uninitialised; we send 0 (PROTOCOL.md §2).
    if (cmd.id.ip) req.ip = Buffer.from(cmd.id.ip).readUInt32LE(0);
    req.pid = cmd.id.pid;
    if (cmd.kind === 'set-loglevel') req.log_level = cmd.level;
    if (cmd.kind === 'set-lowpower') req.low_power_mod = cmd.lowPower;
    if (cmd.kind === 'protocol') req.protocol = cmd.protocol;
  } else if (cmd.kind === 'set-loglevel') {
    req.log_level = cmd.level;
  }
  return req;
}
