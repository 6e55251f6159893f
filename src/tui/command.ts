/**
 * `gazellectl top` from its flags: checks them, then loads the TUI bundle and runs it live or over
 * a recording (--replay). Returns the exit code; failures are one line on stderr.
 */
import { constants } from 'node:os';
import { reportFailure } from '../cli/fail.js';
import { detectOptionsFrom, type ConnFlags } from '../discovery/command.js';
import { UsageError } from '../errors.js';
import { loadGazelleConf } from '../config/load.js';
import { resolveRunDir, validateUnixPrefix } from '../transport/paths.js';
import { VIEWS, sortProblem, type ViewName } from './state/viewState.js';

export type TopFlags = ConnFlags & {
  'unix-prefix'?: string[];
  timeout: number;
  'dpdk-dir'?: string[];
  view: string;
  sort?: string;
  filter?: string;
  interval: string;
  once?: boolean;
  replay?: string;
  at?: string;
  speed?: string;
};

export interface TopCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Both ends are a terminal (the interactive monitor needs one). */
  isTty: boolean;
}

const REPLAY_ONLY = ['at', 'speed'] as const;

export async function runTop(flags: TopFlags, io: TopCommandIo): Promise<number> {
  try {
    if (!(VIEWS as readonly string[]).includes(flags.view))
      throw new UsageError(`invalid --view '${flags.view}'`, `views are ${VIEWS.join(', ')}`);
    const view = flags.view as ViewName;
    if (flags.sort !== undefined) {
      const problem = sortProblem(view, flags.sort);
      if (problem) throw new UsageError(problem);
    }
    const seconds = Number(flags.interval);
    if (!Number.isFinite(seconds) || seconds < 0.25 || seconds > 60) {
      throw new UsageError(`invalid --interval '${flags.interval}'`, 'give seconds between 0.25 and 60');
    }
    for (const f of REPLAY_ONLY)
      if (flags[f] !== undefined && flags.replay === undefined) throw new UsageError(`--${f} needs --replay`);
    const replay = flags.replay !== undefined ? await openReplay(flags) : undefined;
    // no --profile (or auto): each instance in its own era; a name forces one
    const era = detectOptionsFrom(flags, io.env);
    const options = {
      runDir: replay ? flags.replay! : resolveRunDir(flags['run-dir'], io.env),
      // -u wins; else --config's unix_prefix; else every instance in the run dir
      prefixes:
        flags['unix-prefix']?.map(validateUnixPrefix) ??
        (flags.config !== undefined ? [loadGazelleConf(flags.config).unixPrefix] : null),
      only: era.only,
      arch: era.arch,
      cacheLine: era.cacheLine,
      timeoutMs: flags.timeout,
      intervalMs: Math.round(seconds * 1000),
      dpdkDirs: flags['dpdk-dir'],
      view,
      sort: flags.sort,
      filter: flags.filter,
      replay,
    };
    // the monitor loads only here, so the other commands start fast
    const { renderOnce, runMonitor } = await import('./app.js');
    if (flags.once) {
      if (!replay) {
        // one frame of a run dir that is not there would be an empty screen and exit 0
        const { checkRunDir } = await import('../discovery/list.js');
        await checkRunDir(options.runDir);
      }
      io.stdout(`${await renderOnce(options)}\n`);
      return 0;
    }
    if (!io.isTty) throw new UsageError('top needs a terminal', 'use --once to print one frame without one');
    const signal = await runMonitor(options);
    // ended by a signal: the exit status a shell or systemd expects of a process it killed
    return signal === null ? 0 : 128 + constants.signals[signal];
  } catch (e) {
    return reportFailure(e, { stdout: io.stderr, stderr: io.stderr }, { compat: false, usageText: '' });
  }
}

async function openReplay(flags: TopFlags) {
  let speed: number | undefined;
  if (flags.speed !== undefined) {
    speed = Number(flags.speed.replace(/x$/i, ''));
    if (!Number.isFinite(speed) || speed < 1 || speed > 300)
      throw new UsageError(`invalid --speed '${flags.speed}'`, 'give a speed from 1 to 300 (e.g. 4 or 60x)');
  }
  const { Recording } = await import('../replay/recording.js');
  const source = new Recording(flags.replay!);
  if (flags.at === undefined) return { source, speed };
  // the forms of `g`: HH:MM[:SS] on the day the recording starts, ISO, Unix seconds
  const { parseGoto } = await import('../replay/when.js');
  const at = parseGoto(flags.at, source.first);
  if (typeof at !== 'number')
    throw new UsageError(
      `invalid --at '${flags.at}'`,
      'give a time such as 03:14:07 (UTC, the day the recording starts), 2026-11-29T03:14:07Z or Unix seconds',
    );
  if (at < source.first - 3_600_000 || at > source.last + 3_600_000)
    throw new UsageError(
      `--at ${flags.at} is outside the recording`,
      `it covers ${new Date(source.first).toISOString()} .. ${new Date(source.last).toISOString()}`,
    );
  return { source, at, speed };
}
