import { Command } from '@oclif/core';
import { usageText } from '../format/c/index.js';
import { resolveProfile } from '../cli/gazelle.js';

/** `gazellectl` with no arguments prints the C usage text and exits 0, like the C tool. */
export default class Usage extends Command {
  static override hidden = true;
  static override summary = 'Print the classic gazellectl usage text.';

  async run(): Promise<void> {
    let profile;
    try {
      profile = resolveProfile(undefined, process.env);
    } catch {
      profile = 'v1.0.3' as const;
    }
    process.stdout.write(usageText(profile));
  }
}
