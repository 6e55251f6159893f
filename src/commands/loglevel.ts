import { Args, Command } from '@oclif/core';
import { processIo } from '../cli/stdio.js';
import { LOG_LEVELS } from '../model/loglevel.js';
import { runFleet } from '../fleet/command.js';
import { fleetFlags } from '../fleet/flags.js';

export default class Loglevel extends Command {
  static override summary =
    'Set the log level of many instances at once (ltran, lstack, and lstack behind ltran).';
  static override description = [
    "For an lstack instance sends LSTACK_LOG_LEVEL_SET; for an ltran instance sends LTRAN_LOG_LEVEL_SET and, for every lstack registered with it (from LTRAN_SHOW_INSTANCE), LSTACK_LOG_LEVEL_SET by pid, which ltran forwards. Then reads the level back where the daemon reports it (lstack: the header of a show answer; ltran: its port statistics). Each instance's profile is detected unless --profile is given.",
    'Prints one row per daemon changed; exits non-zero (the code of the first failure) if any failed. With --all, stale sockets and unsupported eras are listed as skipped.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> loglevel debug --all',
    '<%= config.bin %> loglevel info -u 07 -u 08',
    '<%= config.bin %> loglevel error --all --dry-run --json',
  ];
  static override args = {
    level: Args.string({
      description: 'error, info or debug',
      required: true,
      options: [...LOG_LEVELS],
    }),
  };
  static override flags = fleetFlags;

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Loglevel);
    process.exitCode = await runFleet('loglevel', args.level, flags, processIo());
  }
}
