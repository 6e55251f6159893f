#!/usr/bin/env node
// gazellectl entry: C-style command lines are normalised first (src/cli/argv.ts); ltran/lstack
// lines then run on a fast path without loading oclif, everything else goes to oclif.
import { readFileSync } from 'node:fs';
import { prepareArgv } from '../dist/cli/argv.js';

const args = prepareArgv(process.argv.slice(2));

async function oclif() {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url, args });
}

if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // oclif's version line, without loading oclif (scripts call this to check the install)
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`gazellectl/${version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else if (args[0] === 'lstack' || args[0] === 'ltran' || args[0] === 'compat') {
  // One file built by esbuild from dist/cli/fast.js: importing ~40 modules one by one cost ~20 ms.
  const { runFast } = await import('../dist/fast-path.js');
  const code = await runFast(args);
  if (code !== null) process.exitCode = code;
  else await oclif();
} else {
  await oclif();
}
