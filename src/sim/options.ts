/** `gazellectl sim` flags and environment to SimulatorOptions (kept out of the oclif command). */
import { UsageError } from '../errors.js';
import { ARCHES, DEFAULT_PROFILE, isProfileName, type Arch } from '../protocol/profiles.js';
import { resolveRunDir } from '../transport/paths.js';
import { DEFAULT_INSTANCE, parseInstanceSpec } from './instance-spec.js';
import type { SimulatorOptions } from './simulator.js';

export interface SimFlags {
  'run-dir'?: string;
  profile?: string;
  arch?: string;
  'cache-line'?: number;
  seed?: number;
  pps?: number;
  instance?: string[];
  'leave-sockets'?: boolean;
  lenient?: boolean;
}

/** Same environment defaults as the client (GAZELLE_RUN_DIR, GAZELLECTL_PROFILE, GAZELLECTL_ARCH). */
export function simOptionsFrom(flags: SimFlags, env: NodeJS.ProcessEnv): SimulatorOptions {
  const profile = flags.profile ?? env.GAZELLECTL_PROFILE ?? DEFAULT_PROFILE;
  if (!isProfileName(profile)) throw new UsageError(`unknown profile '${profile}'`);
  const arch = flags.arch ?? env.GAZELLECTL_ARCH ?? 'x86_64';
  if (!Object.hasOwn(ARCHES, arch)) throw new UsageError(`unknown arch '${arch}' (x86_64 or aarch64)`);
  return {
    runDir: resolveRunDir(flags['run-dir'], env),
    profile,
    arch: arch as Arch,
    cacheLine: flags['cache-line'],
    seed: flags.seed,
    pps: flags.pps,
    instances: flags.instance?.length ? flags.instance.map(parseInstanceSpec) : [DEFAULT_INSTANCE],
    leaveSockets: flags['leave-sockets'],
    strict: !flags.lenient,
  };
}

/** Resolves on SIGINT/SIGTERM, or when every instance has stopped (each ltran got LTRAN_QUIT). */
export function untilSignalOrAllStopped(
  stopped: readonly Promise<void>[],
  proc: Pick<NodeJS.Process, 'once' | 'off'> = process,
): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => finish(signal);
    const finish = (why: string) => {
      proc.off('SIGINT', onSignal);
      proc.off('SIGTERM', onSignal);
      resolve(why);
    };
    proc.once('SIGINT', onSignal);
    proc.once('SIGTERM', onSignal);
    void Promise.all(stopped).then(() => finish('all instances stopped'));
  });
}
