/**
 * ltran closes unanswered for the lstack options it does not forward and for an IP it has no lstack
 * for; the one-line error says which, where the C client only says "Connection closed".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runGazelle } from '../../src/cli/gazelle.js';
import { EXIT } from '../../src/errors.js';
import { simulate } from '../sim/helpers.js';
import { captureIo } from '../capture-io.js';

test('ltran mode: -x/-I/-k/-v/-a are named as not forwarded, an unknown IP points at ltran show -i', async () => {
  const { sim, done } = await simulate({ instances: [{ prefix: '', mode: 'ltran', stacks: 2, clients: 1 }] });
  const run = async (words: string[], compat = false) => {
    const io = captureIo();
    const flags = { 'run-dir': sim.runDir, timeout: 2000, json: false, 'compat-exit-codes': compat };
    return { code: await runGazelle(words, flags, io), out: io.out(), err: io.err() };
  };
  try {
    for (const [option, named] of [
      ['-x', '-x (xstats)'],
      ['-I', '-I (intr)'],
      ['-k', '-k (nic-features)'],
      ['-v', '-v (virtio)'],
      ['-a', '-a (aggregate)'],
    ]) {
      const r = await run(['lstack', 'show', '192.0.2.10', option]);
      assert.equal(r.code, EXIT.closedEarly, r.err);
      assert.match(
        r.err,
        new RegExp(
          `^gazellectl: connection closed by the daemon after 0 of \\d+ bytes .*\\(ltran does not forward ${named.replace(/[()]/g, '\\$&')} to lstack: not available in ltran mode\\)\\n$`,
        ),
      );
    }
    const unknown = await run(['lstack', 'show', '192.0.2.99', '-s']);
    assert.equal(unknown.code, EXIT.closedEarly);
    assert.match(
      unknown.err,
      /\(ltran answers nothing for an IP or PID it has no lstack for: see 'gazellectl ltran show -i'\)\n$/,
    );
    // the C client's text is untouched
    const compat = await run(['lstack', 'show', '192.0.2.10', '-x'], true);
    assert.equal(compat.out, 'read_specied_len: Connection closed \nread stat response msg failed ret=-1\n');
    assert.equal(compat.err, '');
  } finally {
    await done();
  }
});
