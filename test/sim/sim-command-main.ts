/** Runs the `sim` command class directly (no build needed), for sim-command.test.ts to spawn. */
import { handle } from '@oclif/core';
import Sim from '../../src/commands/sim.js';

// oclif's execute() does the same: errors become "Error: ..." on stderr and their exit code.
await Sim.run(process.argv.slice(2), import.meta.url).catch(handle);
