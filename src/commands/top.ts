import { Command, Flags } from '@oclif/core';
import { connectionFlags } from '../cli/flags.js';

const VIEWS = ['stacks', 'connections', 'snmp', 'latency', 'nic', 'threads'] as const;

export default class Top extends Command {
  static override summary =
    'Live monitor of every ltran/lstack instance: stacks, history, connections, SNMP, latency, NIC.';
  static override description = `Polls every instance in the run dir (or those given with -u) and shows per-stack rates,
a history chart, connections, SNMP counters, latency and NIC data. Press ? inside for the keys.
--once prints one frame (two samples one interval apart) and exits; it needs no terminal.
--replay FILE|DIR shows a recording of \`gazellectl record\` instead, from --at (default its start):
the same views over the recorded samples, with a time cursor (UTC) and keys to play, step and jump
(press ? inside); --once prints the frame at --at.`;
  static override examples = [
    '<%= config.bin %> top',
    '<%= config.bin %> top -u 07 -u 08 --interval 2',
    '<%= config.bin %> top --view connections --sort recvQ:desc --filter ESTABLISHED',
    '<%= config.bin %> top --once --run-dir /tmp/gazelle-demo/',
    '<%= config.bin %> top --replay /var/log/gazelle/recording --at "2026-11-29 03:14"',
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
    replay: Flags.string({
      summary:
        'Replay a recording of `gazellectl record` (a segment file or its directory) instead of polling.',
    }),
    at: Flags.string({
      summary:
        'With --replay: start at this time (HH:MM[:SS] UTC on the day the recording starts, ISO, or Unix seconds).',
    }),
    speed: Flags.string({ summary: 'With --replay: playback speed, 1 to 300 (e.g. 4, 60x).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Top);
    const { runTop } = await import('../tui/command.js');
    process.exitCode = await runTop(flags, {
      stdout: (t) => void process.stdout.write(t),
      stderr: (t) => void process.stderr.write(t),
      env: process.env,
      isTty: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    });
  }
}
