import { existsSync } from 'node:fs';
import { Command, Flags } from '@oclif/core';
import { connectionFlags } from '../cli/flags.js';
import { detectOptionsFrom, type ConnFlags } from '../discovery/command.js';
import { reportFailure } from '../cli/fail.js';
import { UsageError } from '../errors.js';
import { resolveRunDir, validateUnixPrefix } from '../transport/paths.js';
import { loadGazelleConf } from '../config/load.js';

const VIEWS = ['stacks', 'connections', 'snmp', 'latency', 'nic', 'threads'] as const;

/**
 * The TUI with ink, react and their ~200 modules as one esbuild bundle (npm run build:tui): loading
 * them file by file took ~3x as long. From the sources (tests under tsx) there is no bundle.
 */
async function loadTui(): Promise<typeof import('../tui/app.js')> {
  const bundle = new URL('../tui-bundle/app.js', import.meta.url);
  if (existsSync(bundle)) return (await import(bundle.href)) as typeof import('../tui/app.js');
  return import('../tui/app.js');
}

export default class Top extends Command {
  static override summary =
    'Live monitor of every ltran/lstack instance: stacks, history, connections, SNMP, latency, NIC.';
  static override description = `Polls every instance in the run dir (or those given with -u) and shows per-stack rates,
a history chart, connections, SNMP counters, latency and NIC data. Press ? inside for the keys.
--once prints one frame (two samples one interval apart) and exits; it needs no terminal.`;
  static override examples = [
    '<%= config.bin %> top',
    '<%= config.bin %> top -u 07 -u 08 --interval 2',
    '<%= config.bin %> top --view connections --sort recvQ:desc --filter ESTABLISHED',
    '<%= config.bin %> top --once --run-dir /tmp/gazelle-demo/',
  ];
  static override flags = {
    ...connectionFlags,
    'unix-prefix': Flags.string({
      char: 'u',
      summary: 'unix_prefix of an instance to show (repeatable); default: every instance in the run dir.',
      multiple: true,
      helpGroup: 'CONNECTION',
    }),
    timeout: Flags.integer({
      summary:
        'Milliseconds an instance has to answer a request completely; one that does not is marked down.',
      default: 5000,
      min: 1,
      helpGroup: 'CONNECTION',
    }),
    'dpdk-dir': Flags.string({
      summary: 'A DPDK runtime base for the threads view instead of the defaults (repeatable).',
      multiple: true,
    }),
    view: Flags.string({ summary: 'View to start in.', options: [...VIEWS], default: 'stacks' }),
    sort: Flags.string({ summary: 'Sort column of the starting view, optionally :desc (e.g. rx:desc).' }),
    filter: Flags.string({ summary: 'Filter text of the starting view.' }),
    interval: Flags.string({ summary: 'Seconds between polls (0.25 .. 60).', default: '1' }),
    once: Flags.boolean({ summary: 'Print one frame to stdout and exit (scripts, screenshots).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Top);
    const io = {
      stdout: (t: string) => void process.stdout.write(t),
      stderr: (t: string) => void process.stderr.write(t),
    };
    try {
      const seconds = Number(flags.interval);
      if (!Number.isFinite(seconds) || seconds < 0.25 || seconds > 60) {
        throw new UsageError(`invalid --interval '${flags.interval}'`, 'give seconds between 0.25 and 60');
      }
      // The shared connection flags are declared from a runtime table, so their types are loose.
      const conn = flags as unknown as ConnFlags;
      // no --profile (or auto): each instance in its own era; a name forces one
      const era = detectOptionsFrom({ ...conn, timeout: flags.timeout }, process.env);
      const options = {
        runDir: resolveRunDir(conn['run-dir'], process.env),
        // -u wins; else --config's unix_prefix; else every instance in the run dir
        prefixes:
          flags['unix-prefix']?.map(validateUnixPrefix) ??
          (conn.config !== undefined ? [loadGazelleConf(conn.config).unixPrefix] : null),
        only: era.only,
        arch: era.arch,
        cacheLine: era.cacheLine,
        timeoutMs: flags.timeout,
        intervalMs: Math.round(seconds * 1000),
        dpdkDirs: flags['dpdk-dir'],
        view: flags.view as (typeof VIEWS)[number],
        sort: flags.sort,
        filter: flags.filter,
      };
      // ink and react load only here, so the other commands start fast. React's development
      // build costs several times the CPU per frame; an operator's monitor wants production.
      process.env.NODE_ENV ??= 'production';
      const { renderOnce, runTop } = await loadTui();
      if (flags.once) {
        // one frame of a run dir that is not there would be an empty screen and exit 0
        const { checkRunDir } = await import('../discovery/list.js');
        await checkRunDir(options.runDir);
        process.stdout.write(`${await renderOnce(options)}\n`);
        return;
      }
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        throw new UsageError('top needs a terminal', 'use --once to print one frame without one');
      }
      await runTop(options);
    } catch (e) {
      process.exitCode = reportFailure(e, io, { compat: false, usageText: '' });
    }
  }
}
