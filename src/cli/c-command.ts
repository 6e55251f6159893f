/** The shared body of the C-compatible commands: parse our flags, hand the C words on. */
import { Command } from '@oclif/core';
import { gazelleFlags } from './flags.js';
import { runGazelle } from './gazelle.js';
import { processIo } from './stdio.js';

export abstract class CCompatCommand extends Command {
  static override strict = false;
  static override flags = gazelleFlags;
  /** Target and verb this command stands for, e.g. ['lstack', 'show']. */
  protected abstract readonly words: string[];

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(this.constructor as typeof CCompatCommand);
    process.exitCode = await runGazelle([...this.words, ...(argv as string[])], flags, processIo());
  }
}
