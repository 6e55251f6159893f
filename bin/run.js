#!/usr/bin/env node
// gazellectl entry: C-style command lines are normalised first (src/cli/argv.ts); ltran/lstack
// lines then run on a fast path without loading oclif, everything else goes to oclif.
import { prepareArgv } from '../dist/cli/argv.js';

const args = prepareArgv(process.argv.slice(2));
if (args[0] === 'lstack' || args[0] === 'ltran' || args[0] === 'compat') {
  const { runFast } = await import('../dist/cli/fast.js');
  const code = await runFast(args);
  if (code !== null) {
    process.exitCode = code;
  } else {
    const { execute } = await import('@oclif/core');
    await execute({ dir: import.meta.url, args });
  }
} else {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url, args });
}
