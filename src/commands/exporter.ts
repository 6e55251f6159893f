import { Command, Flags } from '@oclif/core';
import { connectionFlags } from '../cli/flags.js';
import { processIo } from '../cli/stdio.js';
import { runExporter } from '../exporter/command.js';

// --config (unix_prefix from lstack.conf) names one instance; the exporter takes -u or the whole run dir.
const { config: _config, ...exporterConnectionFlags } = connectionFlags;

export default class Exporter extends Command {
  static override summary =
    'Prometheus exporter: serve the counters of every ltran/lstack instance on /metrics.';
  static override description = `Listens on --listen (default 127.0.0.1:9456; nowhere else) and, on each scrape of /metrics,
polls every instance in the run dir (or those given with -u) at once: stack counters, SNMP counters and
ltran's bond ports, plus connection counts per TCP state with --connections and latency with --latency.
An instance that does not answer within --timeout is reported as gazelle_up 0; the others are still served.
A scrape that arrives while an instance's poll is running shares that poll. With --poll-interval the
instances are polled on that timer instead and scrapes are answered at once from the newest poll
(gazelle_poll_timestamp_seconds says when it started): use it when many stacks make a poll slow
(each stack answers ~3.2 MB per request) or several Prometheus servers scrape. Stops on SIGINT/SIGTERM.`;
  static override examples = [
    '<%= config.bin %> exporter',
    '<%= config.bin %> exporter --listen 0.0.0.0:9456 --connections',
    '<%= config.bin %> exporter -u 07 -u 08 --timeout 2000 --no-snmp',
    '<%= config.bin %> exporter --poll-interval 5',
  ];
  static override flags = {
    ...exporterConnectionFlags,
    'unix-prefix': Flags.string({
      char: 'u',
      summary: 'unix_prefix of an instance to export (repeatable); default: every instance in the run dir.',
      multiple: true,
      helpGroup: 'CONNECTION',
    }),
    timeout: Flags.integer({
      summary: 'Milliseconds: for each complete reply, and the deadline for one instance within a poll.',
      default: 5000,
      min: 1,
      helpGroup: 'CONNECTION',
    }),
    listen: Flags.string({
      summary: 'HOST:PORT to serve /metrics on ([::1]:PORT for IPv6).',
      default: '127.0.0.1:9456',
    }),
    snmp: Flags.boolean({
      summary: 'Export SNMP counters (one ~3 MB answer per stack).',
      default: true,
      allowNo: true,
    }),
    connections: Flags.boolean({
      summary: 'Export connection counts per TCP state (LSTACK_SHOW_CONN: one ~3 MB answer per stack).',
    }),
    'poll-interval': Flags.integer({
      summary:
        'Seconds: poll the instances on this timer and answer scrapes from the newest poll (0: poll on each scrape).',
      default: 0,
      min: 0,
    }),
    latency: Flags.boolean({
      summary: 'Export the latency of the last `lstack show -l` measurement (one ~3 MB answer per stack).',
    }),
    dpdk: Flags.boolean({
      summary:
        'Export the DPDK groups: group up, hugepage bytes, per-thread CPU seconds, port counters and link, mempool in-use (see `gazellectl dpdk`).',
    }),
    xstats: Flags.boolean({
      summary:
        "With --dpdk: also every port's /ethdev/xstats as gazelle_dpdk_port_xstats_total{xstat=NAME}. Bounded: the names are the driver's fixed list, per-queue ones (rx_qN_*, tx_qN_*) are left out, at most 128 per port.",
      dependsOn: ['dpdk'],
    }),
    'dpdk-dir': Flags.string({
      summary: 'DPDK runtime base for --dpdk instead of the defaults.',
      multiple: true,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Exporter);
    // Listen for the signals before the exporter says it serves: a supervisor (or a test) that stops
    // us as soon as it reads that line must not meet Node's default action (death, no cleanup).
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    const code = await runExporter(flags, processIo(), {
      version: this.config.version,
      isRoot: process.getuid?.() === 0,
      stopped,
    });
    // the kept connections and timers of a stopped exporter must not hold the process
    if (code === 0) process.exit(0);
    process.exitCode = code;
  }
}
