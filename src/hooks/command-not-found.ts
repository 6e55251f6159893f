import type { Hook } from '@oclif/core';
import { EXIT } from '../errors.js';

/** An unknown command word gets the same one-line error format as every other failure. */
const hook: Hook<'command_not_found'> = async function (opts) {
  process.stderr.write(`gazellectl: unknown command '${opts.id}' (see 'gazellectl --help')\n`);
  process.exit(EXIT.usage);
};

export default hook;
