/** `gazellectl loglevel|lowpower VALUE [--all | -u P ...]` without oclif. */
import { reportFailure } from '../cli/fail.js';
import type { Io } from '../model/io.js';
import { loadGazelleConf } from '../config/load.js';
import { detectOptionsFrom, type ConnFlags } from '../discovery/command.js';
import { UsageError } from '../errors.js';
import { resolveRunDir, validateUnixPrefix } from '../transport/paths.js';
import { applyFleet, fleetActed, fleetExitCode } from './apply.js';
import { isLogLevel } from '../model/loglevel.js';
import type { FleetAction } from './plan.js';
import { renderFleetJson, renderFleetTable } from './render.js';

export interface FleetFlags extends ConnFlags {
  all: boolean;
  'unix-prefix'?: string[];
  'dry-run': boolean;
  json: boolean;
}

export function parseAction(command: 'loglevel' | 'lowpower', value: string | undefined): FleetAction {
  if (command === 'loglevel') {
    if (!isLogLevel(value))
      throw new UsageError(`loglevel expects error, info or debug, got '${value ?? ''}'`);
    return { kind: 'loglevel', level: value };
  }
  if (value !== '0' && value !== '1') throw new UsageError(`lowpower expects 0 or 1, got '${value ?? ''}'`);
  return { kind: 'lowpower', mod: value === '1' ? 1 : 0 };
}

export async function runFleet(
  command: 'loglevel' | 'lowpower',
  value: string | undefined,
  flags: FleetFlags,
  io: Io,
): Promise<number> {
  try {
    const action = parseAction(command, value);
    const prefixes = [...(flags['unix-prefix'] ?? [])];
    if (flags.config !== undefined) prefixes.push(loadGazelleConf(flags.config).unixPrefix);
    if (flags.all && prefixes.length > 0) throw new UsageError('give either --all or -u/--config, not both');
    if (!flags.all && prefixes.length === 0) {
      throw new UsageError(
        `${command}: which instances?`,
        'give --all, or -u PREFIX (repeatable), or --config FILE',
      );
    }
    const rows = await applyFleet(action, {
      ...detectOptionsFrom(flags, io.env),
      runDir: resolveRunDir(flags['run-dir'], io.env),
      prefixes: flags.all ? undefined : [...new Set(prefixes.map(validateUnixPrefix))],
      timeoutMs: flags.timeout,
      dryRun: Boolean(flags['dry-run']),
    });
    io.stdout(
      flags.json ? renderFleetJson(command, value!, Boolean(flags['dry-run']), rows) : renderFleetTable(rows),
    );
    // a script running `loglevel debug --all` on every host must see that nothing was changed here
    if (rows.length === 0) io.stderr(`gazellectl: no instances in the run dir\n`);
    else if (!fleetActed(rows)) io.stderr(`gazellectl: nothing changed: every instance was skipped\n`);
    return fleetExitCode(rows);
  } catch (e) {
    return reportFailure(e, io, { compat: false, usageText: '' });
  }
}
