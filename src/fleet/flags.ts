/** oclif flags shared by `loglevel` and `lowpower`. */
import { Flags } from '@oclif/core';
import { connectionFlags } from '../cli/flags.js';

const { 'unix-prefix': _u, ...conn } = connectionFlags;

export const fleetFlags = {
  ...conn,
  'unix-prefix': Flags.string({
    char: 'u',
    summary: 'unix_prefix of an instance to change (repeatable).',
    multiple: true,
    // `-u 07 -u 08 debug`: each -u takes one word, so the level may come last
    multipleNonGreedy: true,
    helpGroup: 'CONNECTION',
  }),
  all: Flags.boolean({
    summary: 'Change every instance in the run dir (dead sockets are listed as skipped).',
  }),
  'dry-run': Flags.boolean({ summary: 'Show what would be sent to whom; change nothing.' }),
  json: Flags.boolean({
    summary: 'Print one JSON document {"command", "value", "dryRun", "failed", "results"}.',
  }),
};
