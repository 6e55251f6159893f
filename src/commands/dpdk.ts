import { Command, Flags } from '@oclif/core';
import { processIo } from '../cli/stdio.js';
import { runDpdk, type DpdkFlags } from '../dpdk/command.js';

export default class Dpdk extends Command {
  static override summary =
    'DPDK process groups: primary and secondaries, threads and cores, hugepages, ports and mempools.';
  static override description = [
    "Every Gazelle instance is a DPDK process group (lstack alone is a primary; with ltran, ltran is the primary and each lstack a secondary). This lists every group under the DPDK runtime bases ($RUNTIME_DIRECTORY/dpdk, /var/run/dpdk, $XDG_RUNTIME_DIR/dpdk, /tmp/dpdk; --dpdk-dir to look elsewhere), live or stale: the primary (the holder of the write lock on config), the secondaries (processes that map config), each thread with its core, pinning, state and CPU%, the hugepage memory, and from the primary's telemetry v2 the ports with link and counters, the mempools and the heap.",
    "Each group is tied to the Gazelle instance whose stack threads (or ltran clients) are its members, or whose --config names its --file-prefix in dpdk_args. Reading /var/run/dpdk and other users' /proc/PID/maps needs root: as another user one line says what could not be read, and the rest is shown.",
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> dpdk',
    '<%= config.bin %> dpdk --file-prefix gz1 --interval 2 --count 5',
    '<%= config.bin %> dpdk -u gz1_ --json',
    '<%= config.bin %> dpdk --config /etc/gazelle/lstack.conf',
  ];
  static override flags = {
    json: Flags.boolean({ summary: 'Print one JSON document per sample.' }),
    'unix-prefix': Flags.string({
      char: 'u',
      summary: 'Only the group of this Gazelle instance (unix_prefix).',
    }),
    'file-prefix': Flags.string({ summary: 'Only the group with this DPDK --file-prefix.' }),
    'dpdk-dir': Flags.string({
      summary: 'A DPDK runtime base to look in instead of the defaults.',
      multiple: true,
    }),
    'run-dir': Flags.string({
      summary: 'Gazelle run dir, for the join (default /var/run/gazelle/, env GAZELLE_RUN_DIR).',
    }),
    config: Flags.string({
      summary: 'lstack.conf / ltran.conf: its unix_prefix and the --file-prefix of its dpdk_args.',
    }),
    arch: Flags.string({
      summary: 'Architecture of the Gazelle daemons (env GAZELLECTL_ARCH).',
      options: ['x86_64', 'aarch64'],
    }),
    interval: Flags.string({
      summary: 'Seconds over which CPU% is measured, and between samples (0: no CPU%).',
      default: '1',
    }),
    count: Flags.integer({ summary: 'Samples to print (default 1).', min: 1 }),
    timeout: Flags.integer({
      summary: 'Milliseconds to wait for each telemetry or Gazelle answer.',
      default: 1000,
      min: 1,
    }),
    xstats: Flags.boolean({ summary: 'Also read /ethdev/xstats of every port.' }),
    'no-telemetry': Flags.boolean({ summary: "Do not connect to the primaries' telemetry sockets." }),
    'no-gazelle': Flags.boolean({ summary: 'Do not ask Gazelle instances for the join.' }),
    'proc-root': Flags.string({ summary: 'A /proc-like tree to read instead of /proc.', hidden: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Dpdk);
    process.exitCode = await runDpdk(flags as DpdkFlags, processIo());
  }
}
