/** Run by detect.test.ts as an unprivileged user: prints [prefix, state] of every instance. */
import { listInstances } from '../../src/discovery/list.js';

const rows = await listInstances(process.argv[2], { timeoutMs: 1000 });
process.stdout.write(JSON.stringify(rows.map((r) => [r.prefix, r.state])));
