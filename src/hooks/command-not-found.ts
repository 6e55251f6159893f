import type { Hook } from '@oclif/core';
import { EXIT } from '../errors.js';
import { unknownCommandLine } from '../cli/suggest.js';

/**
 * An unknown command gets the same one-line error format as every other failure, written with
 * spaces as typed, and the nearest command. oclif joins every word before the first flag with
 * its internal ':' separator.
 */
const hook: Hook<'command_not_found'> = async function (opts) {
  const words = opts.id.split(':');
  const visible = opts.config.commands.filter((c) => !c.hidden).map((c) => c.id.replaceAll(':', ' '));
  process.stderr.write(unknownCommandLine(words, visible));
  process.exit(EXIT.usage);
};

export default hook;
