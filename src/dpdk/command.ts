/** `gazellectl dpdk` without oclif: flags in, screen or JSON out, exit code back. */
import { setTimeout as sleep } from 'node:timers/promises';
import { reportFailure } from '../cli/fail.js';
import type { Io } from '../model/io.js';
import { loadGazelleConf } from '../config/load.js';
import { NotFoundError, UsageError } from '../errors.js';
import { ARCHES, type Arch } from '../protocol/profiles.js';
import { resolveRunDir } from '../transport/paths.js';
import { gazelleFacts } from './gazelle-facts.js';
import { filePrefixOfDpdkArgs, type GazelleFacts } from './join.js';
import type { DpdkView } from './model.js';
import { renderJson, renderText } from './render.js';
import { ProcSource } from './proc-source.js';
import { isFilePrefix, runtimeBases } from './runtime-dir.js';
import type { CpuMemory } from './scan.js';
import { dpdkView } from './view.js';

export interface DpdkFlags {
  readonly json?: boolean;
  readonly 'unix-prefix'?: string;
  readonly 'file-prefix'?: string;
  readonly 'dpdk-dir'?: readonly string[];
  readonly 'run-dir'?: string;
  readonly config?: string;
  readonly arch?: string;
  readonly interval?: string;
  readonly count?: number;
  readonly timeout?: number;
  readonly xstats?: boolean;
  readonly 'no-telemetry'?: boolean;
  readonly 'no-gazelle'?: boolean;
  /** Hidden: a /proc-like tree (tests, bench). */
  readonly 'proc-root'?: string;
}

export interface DpdkDeps {
  readonly now: () => number;
  readonly isRoot: boolean;
}

const defaultDeps = (): DpdkDeps => ({ now: Date.now, isRoot: process.getuid?.() === 0 });

function intervalMs(text: string | undefined): number {
  if (text === undefined) return 1000;
  const s = Number(text);
  if (!(s === 0 || (s >= 0.1 && s <= 3600)) || text.trim() === '') {
    throw new UsageError(`invalid --interval '${text}'`, 'give seconds: 0 (no CPU%) or 0.1 .. 3600');
  }
  return Math.round(s * 1000);
}

export async function runDpdk(flags: DpdkFlags, io: Io, deps: DpdkDeps = defaultDeps()): Promise<number> {
  try {
    const every = intervalMs(flags.interval);
    const count = flags.count ?? 1;
    const fp = flags['file-prefix'];
    if (fp !== undefined && !isFilePrefix(fp)) throw new UsageError(`invalid --file-prefix '${fp}'`);
    const arch = flags.arch;
    if (arch !== undefined && !Object.hasOwn(ARCHES, arch)) throw new UsageError(`unknown arch '${arch}'`);
    const timeoutMs = flags.timeout ?? 1000;

    let facts: GazelleFacts[] = [];
    const notes: string[] = [];
    let unixPrefix = flags['unix-prefix'];
    let configLink;
    if (flags.config !== undefined) {
      const conf = loadGazelleConf(flags.config);
      unixPrefix ??= conf.unixPrefix;
      const filePrefix = filePrefixOfDpdkArgs(conf.settings.get('dpdk_args'));
      if (filePrefix) configLink = { unixPrefix: conf.unixPrefix, filePrefix, daemon: conf.kind };
    }
    if (!flags['no-gazelle']) {
      const r = await gazelleFacts({
        runDir: resolveRunDir(flags['run-dir'], io.env),
        timeoutMs,
        arch: arch as Arch | undefined,
        unixPrefix,
        configLink,
      });
      facts = r.facts;
      if (unixPrefix !== undefined || flags['run-dir'] !== undefined) notes.push(...r.notes);
    }

    const opts = {
      bases: runtimeBases(flags['dpdk-dir'], io.env),
      procRoot: flags['proc-root'],
      filePrefix: fp,
      telemetry: !flags['no-telemetry'],
      xstats: flags.xstats,
      timeoutMs,
      facts,
      isRoot: deps.isRoot,
    };
    const memory: CpuMemory = { atMs: 0, ticks: new Map() };
    // CPU% needs two samples: the first pass only primes the tick counters
    if (every > 0) {
      await dpdkView({ ...opts, telemetry: false, facts: [] }, deps.now(), memory);
      await sleep(every);
    }
    let noted = false;
    for (let i = 0; i < count; i++) {
      if (i > 0) await sleep(every);
      const at = deps.now();
      let view = await dpdkView(opts, at, every > 0 ? memory : undefined);
      if (fp !== undefined && view.groups.length === 0 && i === 0) {
        const names = await groupNames(opts.bases);
        throw new NotFoundError(
          `no group with file-prefix '${fp}' (found: ${names.length ? names.join(', ') : `none in ${opts.bases.join(', ')}`})`,
        );
      }
      if (unixPrefix !== undefined) {
        const all = view.groups.map((g) => g.filePrefix);
        view = onlyInstance(view, unixPrefix);
        if (view.groups.length === 0 && i === 0)
          throw new NotFoundError(
            `no group joined to unix_prefix '${unixPrefix}' (groups: ${all.length ? all.join(', ') : `none in ${opts.bases.join(', ')}`})`,
          );
      }
      const allNotes = [...notes, ...view.notes];
      if (flags.json) io.stdout(renderJson({ ...view, notes: allNotes }, at));
      else {
        if (i > 0) io.stdout('\n');
        io.stdout(renderText(view));
        if (!noted) for (const n of allNotes) io.stderr(`gazellectl: ${n}\n`);
        if (view.groups.length === 0 && !noted)
          io.stderr(`gazellectl: no DPDK groups in ${opts.bases.join(', ')}\n`);
      }
      noted = true;
    }
    return 0;
  } catch (e) {
    return reportFailure(e, io, { compat: false, usageText: '' });
  }
}

async function groupNames(bases: readonly string[]): Promise<string[]> {
  const src = new ProcSource();
  const names: string[] = [];
  for (const base of bases) {
    const r = await src.list(base);
    if (r.ok) names.push(...r.entries.filter((e) => e.kind === 'dir').map((e) => e.name));
  }
  return names.sort();
}

function onlyInstance(view: DpdkView, unixPrefix: string): DpdkView {
  return { ...view, groups: view.groups.filter((g) => g.gazelle.some((l) => l.unixPrefix === unixPrefix)) };
}
