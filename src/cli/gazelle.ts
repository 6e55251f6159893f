/**
 * Runs one C-style gazellectl command line (ltran/lstack ...): resolve the target, parse the words
 * with the C grammar, run the conversation, print C text or JSON. Commands call this; it knows
 * nothing of oclif.
 */
import { runConversation, detectMode, type Target } from '../client/run.js';
import { UsageError } from '../errors.js';
import type { DaemonMode } from '../protocol/conversations.js';
import { cPrinter, usageText } from '../format/c/index.js';
import { jsonPrinter } from '../format/json/printer.js';
import {
  isProfileName,
  wireFor,
  DEFAULT_PROFILE,
  ARCHES,
  type Arch,
  type ProfileName,
} from '../protocol/profiles.js';
import { resolveRunDir, validateUnixPrefix } from '../transport/paths.js';
import { reportFailure } from './fail.js';
import { parseWords } from './grammar.js';
import { startCountdown } from './progress.js';

export interface GazelleFlags {
  'run-dir'?: string;
  'unix-prefix'?: string;
  profile?: string;
  arch?: string;
  'cache-line'?: number;
  timeout: number;
  json: boolean;
  count?: number;
  interval?: number;
  'compat-exit-codes': boolean;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  stderrIsTty: boolean;
  signal?: AbortSignal;
}

export function resolveProfile(flag: string | undefined, env: NodeJS.ProcessEnv): ProfileName {
  const name = flag ?? env.GAZELLECTL_PROFILE ?? DEFAULT_PROFILE;
  if (!isProfileName(name))
    throw new UsageError(`unknown profile '${name}'`, 'use v1.0.3, v2024.09 or v1.0.2');
  return name;
}

export function resolveTarget(flags: GazelleFlags, env: NodeJS.ProcessEnv): Target {
  const profile = resolveProfile(flags.profile, env);
  const arch = (flags.arch ?? env.GAZELLECTL_ARCH ?? 'x86_64') as Arch;
  if (!(arch in ARCHES)) throw new UsageError(`unknown arch '${arch}'`, 'use x86_64 or aarch64');
  return {
    runDir: resolveRunDir(flags['run-dir'], env),
    unixPrefix: validateUnixPrefix(flags['unix-prefix'] ?? ''),
    wire: wireFor(profile, arch, flags['cache-line']),
    timeoutMs: flags.timeout,
  };
}

/** Clock for the connection table stamp; GZ_FAKE_EPOCH (seconds) pins it for reproducible output. */
export function clockFrom(env: NodeJS.ProcessEnv): () => Date {
  const fake = env.GZ_FAKE_EPOCH;
  if (fake !== undefined && /^\d+$/.test(fake)) return () => new Date(Number(fake) * 1000);
  return () => new Date();
}

/** Runs `words` (target, verb, options...) and returns the exit code. */
export async function runGazelle(words: string[], flags: GazelleFlags, io: Io): Promise<number> {
  const compat = flags['compat-exit-codes'];
  let profile: ProfileName = DEFAULT_PROFILE;
  try {
    profile = resolveProfile(flags.profile, io.env);
    const target = resolveTarget(flags, io.env);
    let mode: DaemonMode | undefined;
    if (compat && words[0] === 'lstack') {
      // The C client probes before it looks at the rest of the line (PROTOCOL.md §1.1); by
      // default we validate first, so a typo never touches the daemon.
      mode = await detectMode({ target: 'lstack', kind: 'show', id: { text: '', ip: null, pid: 0 } }, target);
    }
    const { command: cmd, notices } = parseWords(words);
    if (notices.length) io.stdout(notices.map((n) => `${n}\n`).join(''));
    const json = flags.json ? jsonPrinter(cmd, target.wire) : null;
    const printer = json ?? cPrinter(cmd, target.wire, { now: clockFrom(io.env) });
    let stopCountdown: (() => void) | undefined;
    try {
      await runConversation(cmd, target, printer, {
        mode,
        rounds: flags.count,
        interval: flags.interval,
        write: (s) => s && io.stdout(s),
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
    return reportFailure(e, io, { compat, usageText: usageText(profile) });
  }
}
