/**
 * `--count N` bounds a -r / burst loop by what the user sees: N rate blocks in text (after one
 * baseline round that prints none), N NDJSON lines with --json. It used to count rounds, so
 * `-r --count 1` printed nothing at all in text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runGazelle, type GazelleFlags } from '../../src/cli/gazelle.js';
import { simulate } from '../sim/helpers.js';
import { captureIo } from '../capture-io.js';

const flags = (runDir: string, more: Partial<GazelleFlags>): GazelleFlags => ({
  'run-dir': runDir,
  timeout: 2000,
  json: false,
  'compat-exit-codes': false,
  interval: 0, // in-process only (the CLI wants >= 1): the rounds need no pause to be counted
  ...more,
});

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

// burst takes the same loop as -r
test('--count N prints N rate blocks in text and N lines in --json, for lstack and ltran', async () => {
  const { sim, clock, done } = await simulate({
    instances: [
      { prefix: '07', mode: 'lstack', stacks: 2, clients: 1 },
      { prefix: '08', mode: 'ltran', stacks: 2, clients: 1 },
    ],
  });
  // the fake clock moves 1 s per request, so every rate is a rate over a second
  const ticking = setInterval(() => clock.tick(1000), 200);
  try {
    const cases: [string[], string, RegExp][] = [
      [['lstack', 'show', '192.0.2.10', '-r'], '07', /Statistics of lstack rate/g],
      [['ltran', 'show', '-r'], '08', /Bond port 0:/g],
    ];
    for (const [words, prefix, block] of cases) {
      const perRound = words[0] === 'lstack' ? 2 : 1; // one block per stack / per bond port
      {
        const n = 2;
        const io = captureIo();
        const rc = await runGazelle(words, flags(sim.runDir, { 'unix-prefix': prefix, count: n }), io);
        assert.equal(rc, 0, io.err());
        assert.equal(count(io.out(), block), n * perRound, `${words.join(' ')} --count ${n}:\n${io.out()}`);
        const jio = captureIo();
        const jrc = await runGazelle(
          words,
          flags(sim.runDir, { 'unix-prefix': prefix, count: n, json: true }),
          jio,
        );
        assert.equal(jrc, 0, jio.err());
        assert.equal(jio.out().trim().split('\n').length, n, `${words.join(' ')} --count ${n} --json`);
      }
    }
  } finally {
    clearInterval(ticking);
    await done();
  }
});
