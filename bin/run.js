#!/usr/bin/env node
// gazellectl entry: C-style command lines are normalised first (src/cli/argv.ts), then oclif runs.
import { execute } from '@oclif/core';
import { prepareArgv } from '../dist/cli/argv.js';

await execute({ dir: import.meta.url, args: prepareArgv(process.argv.slice(2)) });
