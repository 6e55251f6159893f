/** `gazellectl ls` without oclif: flags in, table or JSON out, exit code back. */
import { reportFailure } from '../cli/fail.js';
import type { GazelleFlags } from '../cli/gazelle.js';
import type { Io } from '../model/io.js';
import { loadGazelleConf } from '../config/load.js';
import { UsageError } from '../errors.js';
import { ARCHES, isProfileName, type Arch } from '../protocol/profiles.js';
import { resolveRunDir } from '../transport/paths.js';
import { runtimeBases } from '../dpdk/runtime-dir.js';
import type { DetectOptions } from './detect.js';
import { withDpdkColumns } from './dpdk-join.js';
import { listInstances } from './list.js';
import { renderJson, renderTable } from './table.js';

/** The connection flags of ltran/lstack lines that `ls`, `top` and the fleet commands share. */
export type ConnFlags = Pick<
  GazelleFlags,
  'run-dir' | 'config' | 'profile' | 'arch' | 'cache-line' | 'timeout'
>;

/** Detection options from the shared flags; --profile other than auto restricts the candidates. */
export function detectOptionsFrom(
  flags: Pick<ConnFlags, 'profile' | 'arch' | 'cache-line' | 'timeout'>,
  env: NodeJS.ProcessEnv,
): DetectOptions {
  const profile = flags.profile ?? env.GAZELLECTL_PROFILE ?? 'auto';
  if (profile !== 'auto' && !isProfileName(profile)) {
    throw new UsageError(`unknown profile '${profile}'`, 'use v1.0.3, v2024.09, v1.0.2 or auto');
  }
  const arch = flags.arch ?? env.GAZELLECTL_ARCH;
  if (arch !== undefined && !Object.hasOwn(ARCHES, arch)) {
    throw new UsageError(`unknown arch '${arch}'`, 'use x86_64 or aarch64');
  }
  return {
    only: profile === 'auto' ? undefined : [profile],
    arch: arch as Arch | undefined,
    cacheLine: flags['cache-line'],
    timeoutMs: flags.timeout,
  };
}

export type LsFlags = ConnFlags & {
  readonly json?: boolean;
  readonly 'dpdk-dir'?: readonly string[];
  readonly 'no-dpdk'?: boolean;
};

export async function runLs(
  flags: LsFlags,
  io: Io,
  isRoot: boolean = process.getuid?.() === 0,
): Promise<number> {
  try {
    const runDir = resolveRunDir(flags['run-dir'], io.env);
    const o = detectOptionsFrom(flags, io.env);
    let rows = await listInstances(runDir, o);
    if (flags.config !== undefined) {
      const prefix = loadGazelleConf(flags.config).unixPrefix;
      rows = rows.filter((r) => r.prefix === prefix);
    }
    if (!flags['no-dpdk'] && rows.length > 0) {
      const joined = await withDpdkColumns(rows, {
        runDir,
        bases: runtimeBases(flags['dpdk-dir'], io.env),
        timeoutMs: o.timeoutMs ?? 1000,
        arch: o.arch,
        isRoot,
      });
      rows = joined.rows;
      if (!flags.json) for (const n of joined.notes) io.stderr(`gazellectl: ${n}\n`);
    }
    io.stdout(flags.json ? renderJson(runDir, rows) : rows.length ? renderTable(rows) : '');
    if (!flags.json && rows.length === 0) io.stderr(`gazellectl: no Gazelle control sockets in ${runDir}\n`);
    return 0;
  } catch (e) {
    return reportFailure(e, io, { compat: false, usageText: '' });
  }
}
