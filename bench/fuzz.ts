/**
 * npm run fuzz -- [cases] [--seed N]: the long fuzz pass over the same properties as test/fuzz (the
 * quick pass in `npm test`). `cases` scales every property (default 1000); a failure prints
 * fast-check's shrunk counterexample and seed, and the exit code is 1.
 *
 * Also: every fixture response fed 1 and 7 bytes at a time, a full 3 MB dfx frame written one byte
 * per write() through a real socket, and the decoded-size bound of every struct kind.
 */
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { Connection } from '../src/transport/connection.js';
import { allTargets, frameCase, requestProperty, runDecodeCase, WIRES } from '../test/fuzz/decoders.js';
import {
  pattern,
  runSkimCase,
  runStreamCase,
  skimCase,
  streamCase,
  StreamServer,
} from '../test/fuzz/frames.js';
import { boundaryCuts, recordedResponses, replayPieces, replaySplit } from '../test/fuzz/fixtures.js';

const { values, positionals } = parseArgs({
  options: { seed: { type: 'string' } },
  allowPositionals: true,
});
const cases = Number(positionals[0] ?? 1000);
const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 2 ** 31;
const params = (numRuns: number) => ({ numRuns: Math.max(1, Math.round(numRuns)), seed, endOnFailure: true });
let failed = false;
let total = 0;

async function step(name: string, runs: number, body: () => Promise<void> | void): Promise<void> {
  const t0 = Date.now();
  try {
    await body();
    total += runs;
    console.log(`ok    ${name}: ${runs} cases, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    failed = true;
    console.log(`FAIL  ${name}: ${(e as Error).message}`);
  }
}

console.log(`fuzz: ${cases} cases per property, seed ${seed}`);

console.log('\ndecoded size bounds (values per decoded struct, every count at its maximum):');
const targets = allTargets();
for (const t of targets) {
  const top = [...t.decoders].sort((a, b) => b.maxNodes - a.maxNodes)[0];
  console.log(`  ${t.name.padEnd(28)} ${String(top.maxNodes).padStart(7)}  (${top.label})`);
}
console.log('');

for (const t of targets) {
  // a dfx case decodes ~25 modes of a 3 MB frame: a tenth as many
  const runs = t.name.endsWith('dfx') ? cases / 10 : t.name.endsWith('forwardTable') ? cases / 4 : cases;
  await step(`decode ${t.name}`, Math.round(runs), () =>
    fc.assert(
      fc.property(frameCase, (c) => runDecodeCase(t, c)),
      params(runs),
    ),
  );
}
for (const w of WIRES)
  await step(`decodeRequest ${w.profile.name}/cl${w.target.cacheLine}`, cases, () =>
    fc.assert(requestProperty(w), params(cases)),
  );
await step('FrameSkimmer vs reference', cases * 4, () =>
  fc.assert(fc.property(skimCase, runSkimCase), params(cases * 4)),
);

const server = await StreamServer.start();
try {
  await step('readExact over a socket (chunked, short, stalled, extra)', cases, () =>
    fc.assert(
      fc.asyncProperty(streamCase(), (c) => runStreamCase(server, c)),
      params(cases),
    ),
  );
  await step('readExact over a socket, frames up to 3.2 MB', cases / 20, () =>
    fc.assert(
      fc.asyncProperty(streamCase(3_200_000), (c) => runStreamCase(server, c)),
      params(cases / 20),
    ),
  );
  const responses = recordedResponses();
  let x = seed || 1;
  const random = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  await step(
    `fixture responses (${responses.length}) cut at random offsets`,
    responses.length * 10,
    async () => {
      for (const r of responses)
        for (let i = 0; i < 10; i++) await replaySplit(server, r, { cuts: boundaryCuts(r, random) });
    },
  );
  await step(
    `fixture responses (${responses.length}) fed 1 and 7 bytes at a time`,
    responses.length * 2,
    async () => {
      for (const r of responses) for (const piece of [1, 7]) await replayPieces(server, r, piece);
    },
  );
  await step('a 3 MB dfx frame written 1 byte per write() through a real socket', 1, async () => {
    const frame = pattern(3_168_040, seed);
    server.next((s) => {
      s.on('error', () => undefined);
      let at = 0;
      const next = (): void => {
        // one byte per write(); yield every 4096 so the reader gets the bytes in small reads
        for (let k = 0; k < 4096 && at < frame.length; k++) s.write(frame.subarray(at, ++at));
        if (at < frame.length) setImmediate(next);
      };
      next();
    });
    const conn = await Connection.connect(server.path, { daemon: 'lstack', timeoutMs: 5000 });
    const got = await conn.readExact(frame.length);
    conn.close();
    if (!got.equals(frame)) throw new Error('frame differs');
  });
} finally {
  await server.close();
}

console.log(`\n${failed ? 'FAILED' : 'passed'}: ${total} cases, seed ${seed}`);
process.exitCode = failed ? 1 : 0;
