/**
 * Runs one C-style gazellectl command line (ltran/lstack ...): resolve the target, parse the words
 * with the C grammar, run the conversation, print C text or JSON. Commands call this; it knows
 * nothing of oclif.
 */
import type { Daemon } from '../model/daemon.js';
import { checkEra, runConversation, detectMode, type ConnectionTarget } from '../client/run.js';
import { existsSync } from 'node:fs';
import { ProtocolError, UsageError } from '../errors.js';
import { cPrinter, usageText } from '../format/c/index.js';
import { jsonPrinter, type JsonPrinter } from '../format/json/printer.js';
import {
  isProfileName,
  wireFor,
  DEFAULT_PROFILE,
  ARCHES,
  type Arch,
  type ProfileName,
} from '../protocol/profiles.js';
import { resolveRunDir, socketPath, validateUnixPrefix } from '../transport/paths.js';
import { loadGazelleConf } from '../config/load.js';
import type { GazelleConf } from '../config/gazelle-conf.js';
import { eraFamilyOf, eraSocketFiles } from '../discovery/era.js';
import { reportFailure } from './fail.js';
import type { Io } from '../model/io.js';
import { parseWords } from './grammar.js';
import { startCountdown } from './progress.js';

export interface GazelleFlags {
  'run-dir'?: string;
  'unix-prefix'?: string;
  config?: string;
  profile?: string;
  arch?: string;
  'cache-line'?: number;
  timeout: number;
  json: boolean;
  count?: number;
  interval?: number;
  'compat-exit-codes': boolean;
}

export function resolveProfile(flag: string | undefined, env: NodeJS.ProcessEnv): ProfileName {
  const name = resolveProfileOrAuto(flag, env);
  if (name === 'auto') {
    throw new UsageError(
      '--profile auto is not available here',
      'give the profile: v1.0.3, v2024.09 or v1.0.2',
    );
  }
  return name;
}

export function resolveProfileOrAuto(flag: string | undefined, env: NodeJS.ProcessEnv): ProfileName | 'auto' {
  const name = flag ?? env.GAZELLECTL_PROFILE ?? DEFAULT_PROFILE;
  if (name !== 'auto' && !isProfileName(name))
    throw new UsageError(`unknown profile '${name}'`, 'use v1.0.3, v2024.09, v1.0.2 or auto');
  return name;
}

function resolveArch(flags: GazelleFlags, env: NodeJS.ProcessEnv): Arch {
  const arch = (flags.arch ?? env.GAZELLECTL_ARCH ?? 'x86_64') as Arch;
  if (!Object.hasOwn(ARCHES, arch)) throw new UsageError(`unknown arch '${arch}'`, 'use x86_64 or aarch64');
  return arch;
}

/** unix_prefix: an explicit -u wins over --config's unix_prefix; neither means the default ''. */
function resolvePrefix(flags: GazelleFlags, conf: GazelleConf | undefined): string {
  return validateUnixPrefix(flags['unix-prefix'] ?? conf?.unixPrefix ?? '');
}

export function resolveTarget(flags: GazelleFlags, env: NodeJS.ProcessEnv): ConnectionTarget {
  const profile = resolveProfile(flags.profile, env);
  const arch = resolveArch(flags, env);
  const conf = flags.config !== undefined ? loadGazelleConf(flags.config) : undefined;
  return {
    runDir: resolveRunDir(flags['run-dir'], env),
    unixPrefix: resolvePrefix(flags, conf),
    wire: wireFor(profile, arch, flags['cache-line']),
    timeoutMs: flags.timeout,
  };
}

/**
 * Which daemon --config says a command talks to: ltran.conf is ltran; lstack.conf's use_ltran=1
 * means through ltran, use_ltran=0 means lstack's own socket. undefined = probe as the C client does.
 */
export function daemonFromConf(
  target: 'ltran' | 'lstack',
  conf: GazelleConf | undefined,
): Daemon | undefined {
  if (!conf) return undefined;
  if (target === 'ltran') {
    if (conf.kind === 'lstack' && conf.useLtran === false) {
      throw new UsageError(
        `${conf.file} says use_ltran=0: this instance has no ltran`,
        'use an lstack command, or give ltran.conf with --config',
      );
    }
    return 'ltran';
  }
  if (conf.kind === 'ltran') return 'ltran';
  return conf.useLtran === undefined ? undefined : conf.useLtran ? 'ltran' : 'lstack';
}

/**
 * The target of an ltran/lstack command line, with --config read and --profile auto detected
 * (which needs the daemon, hence async). `mode` is set when the config or the detection already
 * says which daemon to talk to, so the command does not probe again.
 */
export async function resolveConnection(
  words: readonly string[],
  flags: GazelleFlags,
  env: NodeJS.ProcessEnv,
): Promise<{ target: ConnectionTarget; mode?: Daemon }> {
  const conf = flags.config !== undefined ? loadGazelleConf(flags.config) : undefined;
  const which = words[0] === 'ltran' ? 'ltran' : 'lstack';
  let mode = daemonFromConf(which, conf);
  const requested = resolveProfileOrAuto(flags.profile, env);
  const arch = resolveArch(flags, env);
  const runDir = resolveRunDir(flags['run-dir'], env);
  const unixPrefix = resolvePrefix(flags, conf);
  let profile: ProfileName;
  let assumedFrom: string | undefined;
  let anyEra = false;
  if (flags.profile === undefined && env.GAZELLECTL_PROFILE === undefined) {
    // Nothing given: the socket names settle the era for free, with no request sent (1.0.2's
    // gazelle_*.sock, else the newer *_cmd.sock names, v1.0.3 until an answer says otherwise).
    const daemon = which === 'ltran' ? 'ltran' : mode;
    const files = eraSocketFiles(unixPrefix, daemon).filter((f) => existsSync(socketPath(runDir, '', f)));
    const family = eraFamilyOf(files, unixPrefix, daemon);
    if (family && family.assumed === null) {
      throw new ProtocolError(
        `${socketPath(runDir, '', family.file)} is Gazelle ${family.era}, which gazellectl does not speak`,
        'upgrade Gazelle to 1.0.2 or later',
      );
    }
    profile = family?.assumed ?? DEFAULT_PROFILE;
    if (family) assumedFrom = family.file;
    anyEra = true;
  } else if (requested === 'auto') {
    // loaded here: it needs node:fs/promises, which the plain commands do not (~1.5 ms of start-up)
    const { detectProfile } = await import('../discovery/detect.js');
    const found = await detectProfile(runDir, unixPrefix, {
      arch,
      cacheLine: flags['cache-line'],
      timeoutMs: flags.timeout,
      daemon: which === 'ltran' ? 'ltran' : mode,
    });
    profile = found.profile;
    mode = which === 'lstack' ? found.daemon : mode;
  } else {
    profile = requested;
  }
  return {
    target: {
      runDir,
      unixPrefix,
      wire: wireFor(profile, arch, flags['cache-line']),
      timeoutMs: flags.timeout,
      assumedFrom,
      anyEra,
    },
    mode: which === 'lstack' ? mode : undefined,
  };
}

/**
 * Clock for the connection table stamp: microseconds since the epoch, as gettimeofday() gives them
 * (Date has only milliseconds; performance.timeOrigin + now() has the microseconds).
 * GZ_FAKE_EPOCH (seconds) pins it for reproducible output.
 */
export function clockFrom(env: NodeJS.ProcessEnv): () => bigint {
  const fake = env.GZ_FAKE_EPOCH;
  if (fake !== undefined && /^\d+$/.test(fake)) return () => BigInt(fake) * 1_000_000n;
  return () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
}

/** Runs `words` (target, verb, options...) and returns the exit code. */
export async function runGazelle(words: string[], flags: GazelleFlags, io: Io): Promise<number> {
  const compat = flags['compat-exit-codes'];
  let profile: ProfileName = DEFAULT_PROFILE;
  let json: JsonPrinter | null = null;
  try {
    const requested = resolveProfileOrAuto(flags.profile, io.env);
    if (requested !== 'auto') profile = requested;
    // a typo in the words is reported before --profile auto or --config touch anything
    if (!compat) parseWords(words);
    const resolved = await resolveConnection(words, flags, io.env);
    const target = resolved.target;
    profile = target.wire.profile.name;
    let mode: Daemon | undefined = resolved.mode;
    // an option the era lacks is refused before the compat probe connects
    if (compat) {
      let parsed;
      try {
        parsed = parseWords(words).command;
      } catch {
        // typos are the C client's to report, after its probe
      }
      if (parsed) checkEra(parsed, target, mode);
    }
    if (compat && words[0] === 'lstack' && mode === undefined) {
      // The C client probes before it looks at the rest of the line (PROTOCOL.md §1.1); by
      // default we validate first, so a typo never touches the daemon.
      mode = await detectMode({ target: 'lstack', kind: 'show', id: { text: '', ip: null, pid: 0 } }, target);
    }
    const { command: cmd, notices } = parseWords(words);
    if (notices.length) io.stdout(notices.map((n) => `${n}\n`).join(''));
    json = flags.json ? jsonPrinter(cmd, target.wire) : null;
    const printer = json ?? cPrinter(cmd, target.wire, { now: clockFrom(io.env) });
    let stopCountdown: (() => void) | undefined;
    try {
      await runConversation(cmd, target, printer, {
        mode,
        // --count counts what is printed: text rate blocks need one baseline round before the
        // first, while every NDJSON line (the first without per_second) is a sample of its own
        rounds: flags.count === undefined ? undefined : flags.count + (json ? 0 : 1),
        interval: flags.interval,
        write: (s) => s && io.stdout(s),
        writeBytes: io.stdoutBytes,
        signal: io.signal,
        onSleep: (seconds) => {
          if (io.stderrIsTty && seconds > 1) stopCountdown = startCountdown(seconds, io.stderr);
        },
      });
    } finally {
      stopCountdown?.();
    }
    if (json && cmd.kind !== 'rate' && cmd.kind !== 'burst') io.stdout(json.finish());
    return 0;
  } catch (e) {
    // a --json document already begun is ended, so what did arrive stays valid JSON
    const tail = json?.abort(e instanceof Error ? e.message : String(e));
    if (tail) io.stdout(tail);
    return reportFailure(e, io, { compat, usageText: usageText(profile) });
  }
}
