/** `gazellectl exporter` without oclif: flags in, serve until stopped, exit code back. */
import { setTimeout as sleep } from 'node:timers/promises';
import { reportFailure } from '../cli/fail.js';
import { detectOptionsFrom, type ConnFlags } from '../discovery/command.js';
import { runtimeBases } from '../dpdk/runtime-dir.js';
import type { Io } from '../model/io.js';
import { resolveRunDir, validateUnixPrefix } from '../transport/paths.js';

/** After SIGTERM/SIGINT: at most this long for closing the listener and the kept connections. */
const EXIT_GRACE_MS = 100;

export type ExporterFlags = Pick<ConnFlags, 'run-dir' | 'profile' | 'arch' | 'cache-line' | 'timeout'> & {
  readonly 'unix-prefix'?: readonly string[];
  readonly listen: string;
  readonly snmp: boolean;
  readonly connections: boolean;
  readonly latency: boolean;
  readonly 'poll-interval': number;
  readonly dpdk: boolean;
  readonly xstats: boolean;
  readonly 'dpdk-dir'?: readonly string[];
};

export interface ExporterRun {
  version: string;
  isRoot: boolean;
  /** Resolves on SIGINT/SIGTERM; listened for before the exporter says it serves. */
  stopped: Promise<void>;
}

export async function runExporter(flags: ExporterFlags, io: Io, run: ExporterRun): Promise<number> {
  try {
    // no --profile (or auto): each instance in its own era; a name forces one
    const era = detectOptionsFrom(flags, io.env);
    const runDir = resolveRunDir(flags['run-dir'], io.env);
    // prom-client and the HTTP side load only here, so the other commands start fast.
    const { parseListen, startExporter } = await import('./server.js');
    const exporter = await startExporter({
      runDir,
      prefixes: flags['unix-prefix']?.map(validateUnixPrefix) ?? null,
      only: era.only,
      arch: era.arch,
      cacheLine: era.cacheLine,
      timeoutMs: flags.timeout,
      snmp: flags.snmp,
      connections: flags.connections,
      latency: flags.latency,
      pollIntervalMs: flags['poll-interval'] * 1000,
      listen: parseListen(flags.listen),
      version: run.version,
      log: (line) => io.stderr(`gazellectl exporter: ${line}\n`),
      dpdk: flags.dpdk
        ? {
            bases: runtimeBases(flags['dpdk-dir'], io.env),
            timeoutMs: Math.min(flags.timeout, 1000),
            isRoot: run.isRoot,
            xstats: flags.xstats,
          }
        : undefined,
    });
    io.stderr(`gazellectl exporter: serving ${exporter.url}/metrics (run dir ${runDir})\n`);
    await run.stopped;
    // A poll in flight (a daemon that answers slowly or not at all) would keep the process up
    // until its timeout: close what can be closed, briefly, then go.
    await Promise.race([exporter.close(), sleep(EXIT_GRACE_MS)]);
    return 0;
  } catch (e) {
    return reportFailure(e, { stdout: io.stderr, stderr: io.stderr }, { compat: false, usageText: '' });
  }
}
