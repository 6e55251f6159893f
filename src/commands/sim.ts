import { Command, Flags } from '@oclif/core';
import { reportFailure } from '../cli/fail.js';
import { ARCHES, PROFILE_NAMES } from '../protocol/profiles.js';
import { describeSimulator } from '../sim/describe.js';
import { simOptionsFrom, untilSignalOrAllStopped } from '../sim/options.js';
import { startSimulator } from '../sim/simulator.js';
import { startSimulatorWithDpdk } from '../sim/dpdk/groups.js';
import { DEFAULT_INSTANCE } from '../sim/instance-spec.js';
import { checkScript, readScript, runScript } from '../sim/script.js';

export default class Sim extends Command {
  static override summary = 'Simulate lstack / ltran daemons on real control sockets (demo and tests).';
  static override description = [
    'Listens on <run dir><PREFIX>lstack_cmd.sock or ltran_cmd.sock (the file names of the chosen --profile) and answers like the daemons, with made-up but consistent traffic. Serves until SIGINT/SIGTERM (or until every ltran got `ltran quit`), then removes its socket files. IPs are from 192.0.2.0/24 and PIDs are fake: no real process is involved.',
    '--instance [PREFIX:]MODE[:STACKS[:CLIENTS]] may be repeated; MODE is lstack or ltran (ltran has CLIENTS registered lstack processes, default 1). Default: one lstack instance with 2 stacks.',
  ].join('\n\n');

  static override examples = [
    '<%= config.bin %> sim --run-dir /tmp/gazelle',
    '<%= config.bin %> sim --run-dir /tmp/gazelle --instance lstack:4 --instance gz1_:ltran:2:3',
    '<%= config.bin %> sim --profile v1.0.2 --arch aarch64 --seed 7 --pps 50000',
  ];

  static override flags = {
    'run-dir': Flags.string({
      summary: 'Directory of the control sockets (default /var/run/gazelle/, env GAZELLE_RUN_DIR).',
    }),
    profile: Flags.string({
      summary: 'Gazelle protocol era (env GAZELLECTL_PROFILE).',
      options: [...PROFILE_NAMES],
    }),
    arch: Flags.string({
      summary: 'Architecture to imitate: sets the DPDK cache line (env GAZELLECTL_ARCH).',
      options: Object.keys(ARCHES),
    }),
    'cache-line': Flags.integer({
      summary: 'Override RTE_CACHE_LINE_SIZE (64 or 128).',
      options: ['64', '128'] as never,
    }),
    seed: Flags.integer({ summary: 'Seed of the traffic model (same seed, same counters).', default: 1 }),
    pps: Flags.integer({ summary: 'Mean received packets per second per stack.', min: 0 }),
    'leave-sockets': Flags.boolean({
      summary:
        'Leave the socket files behind on exit, as killed or exited daemons do (they then refuse connections).',
    }),
    lenient: Flags.boolean({
      summary:
        "Answer every request as it arrives instead of imitating lstack's strict control thread (PROTOCOL.md §11.6).",
    }),
    instance: Flags.string({
      summary: 'A daemon to simulate: [PREFIX:]lstack[:STACKS] or [PREFIX:]ltran[:STACKS[:CLIENTS]].',
      multiple: true,
    }),
    'dpdk-dir': Flags.string({
      summary:
        'Also make each instance a DPDK group under this runtime base (needs perl for the config lock): see `gazellectl dpdk --dpdk-dir`.',
    }),
    script: Flags.string({
      summary:
        'Incident timeline, one step a line: SECONDS burst FACTOR DUR | drop SHARE DUR | restart | down DUR [instance=PREFIX] [stack=N].',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Sim);
    const stderr = (t: string) => void process.stderr.write(t);
    let started: { close(): Promise<void> } | null = null;
    let cancel = (): void => undefined;
    try {
      const options = simOptionsFrom(flags, process.env);
      const steps = flags.script !== undefined ? readScript(flags.script) : null;
      if (steps) checkScript(steps, options.instances ?? [DEFAULT_INSTANCE]);
      const withDpdk = flags['dpdk-dir']
        ? await startSimulatorWithDpdk({ ...options, dpdkDir: flags['dpdk-dir'] })
        : null;
      const sim = withDpdk?.sim ?? (await startSimulator(options));
      started = withDpdk ?? sim;
      if (steps) cancel = runScript(sim, steps);
      for (const line of describeSimulator(sim)) this.log(line);
      for (const g of withDpdk?.groups ?? [])
        this.log(
          `dpdk   file-prefix ${g.filePrefix}  ${g.dir}  primary ${g.primaryPid ?? '-'}  try: gazellectl dpdk --dpdk-dir ${flags['dpdk-dir']}`,
        );
      for (const n of withDpdk?.notes ?? []) this.warn(n);
      // what the daemons would write to their logs, on stderr as a daemon's console
      for (const inst of sim.instances) {
        inst.log.onLine(
          (_line, text) => void process.stderr.write(`[${inst.spec.prefix || 'default'}] ${text}\n`),
        );
      }
      await untilSignalOrAllStopped(sim.instances.map((i) => i.stopped));
      process.exitCode = 0;
    } catch (e) {
      process.exitCode = reportFailure(e, { stdout: stderr, stderr }, { compat: false, usageText: '' });
    } finally {
      cancel();
      // whatever failed after the start, the sockets and DPDK groups go with the simulator
      await started?.close();
    }
  }
}
