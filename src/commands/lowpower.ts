import { Args, Command } from '@oclif/core';
import { processIo } from '../cli/stdio.js';
import { runFleet } from '../fleet/command.js';
import { fleetFlags } from '../fleet/flags.js';

export default class Lowpower extends Command {
  static override summary =
    'Switch low-power mode of many lstack instances at once (directly or through ltran).';
  static override description = [
    'Sends LSTACK_LOW_POWER_MDF to every selected lstack, and through each selected ltran to every lstack registered with it (by pid); ltran itself has no low-power mode. The answer carries low_power_info, which is checked against the value asked for.',
    'Prints one row per lstack changed; exits non-zero (the code of the first failure) if any failed.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> lowpower 1 --all',
    '<%= config.bin %> lowpower 0 -u 07 --json',
    '<%= config.bin %> lowpower 1 --config /etc/gazelle/lstack.conf --dry-run',
  ];
  static override args = {
    mode: Args.string({ description: '0 (off) or 1 (on)', required: true, options: ['0', '1'] }),
  };
  static override flags = fleetFlags;

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Lowpower);
    process.exitCode = await runFleet('lowpower', args.mode, flags, processIo());
  }
}
