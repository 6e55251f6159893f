/**
 * --json documents are written struct by struct as replies arrive; the bytes must be exactly the
 * pretty-printed document (JSON.stringify(doc, null, 2)), and a reply cut short must still leave
 * valid JSON with an "error" member.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runGazelle, type GazelleFlags } from '../../src/cli/gazelle.js';
import { EXIT } from '../../src/errors.js';
import { encodeDfx } from '../../src/protocol/codec.js';
import { wireFor } from '../../src/protocol/profiles.js';
import { startHostile } from '../hostile/harness.js';
import { simulate } from '../sim/helpers.js';
import { captureIo } from '../capture-io.js';

const flags = (runDir: string, prefix: string): GazelleFlags => ({
  'run-dir': runDir,
  'unix-prefix': prefix,
  timeout: 2000,
  json: true,
  'compat-exit-codes': false,
});

/** The document, checked to be byte for byte what JSON.stringify(doc, null, 2) prints. */
function documentOf(out: string): Record<string, unknown> {
  const doc = JSON.parse(out) as Record<string, unknown>;
  assert.equal(out, `${JSON.stringify(doc, null, 2)}\n`);
  return doc;
}

const shape = (doc: Record<string, unknown>): [string, number | string][] =>
  Object.entries(doc).map(([k, v]) => [k, Array.isArray(v) ? v.length : String(v)]);

test('documents of one, several and no structs, and of two kinds of struct, print as one JSON value', async () => {
  const { sim, done } = await simulate({
    instances: [
      { prefix: '07', mode: 'lstack', stacks: 3, clients: 1 },
      { prefix: '08', mode: 'ltran', stacks: 2, clients: 1 },
    ],
  });
  const cases: [string[], string, [string, number | string][]][] = [
    [
      ['lstack', 'show', '192.0.2.10'],
      '07',
      [
        ['profile', 'v1.0.3'],
        ['command', 'lstack show'],
        ['daemon', 'lstack'],
        ['stacks', 3],
      ],
    ],
    [
      ['lstack', 'show', '192.0.2.10', '-c'],
      '07',
      [
        ['profile', 'v1.0.3'],
        ['command', 'lstack connect'],
        ['daemon', 'lstack'],
        ['stacks', 3],
      ],
    ],
    [
      ['lstack', 'show', '192.0.2.11'],
      '08',
      [
        ['profile', 'v1.0.3'],
        ['command', 'lstack show'],
        ['daemon', 'ltran'],
        ['lstack_totals', 2],
        ['stacks', 2],
      ],
    ],
    [
      ['ltran', 'show', '-i'],
      '08',
      [
        ['profile', 'v1.0.3'],
        ['command', 'ltran instance'],
        ['daemon', 'ltran'],
        ['ltranClient', 1],
      ],
    ],
    [
      ['lstack', 'set', '192.0.2.10', 'loglevel', 'info'],
      '07',
      [
        ['profile', 'v1.0.3'],
        ['command', 'lstack set-loglevel'],
      ],
    ],
  ];
  try {
    for (const [words, prefix, expected] of cases) {
      const o = captureIo();
      assert.equal(await runGazelle(words, flags(sim.runDir, prefix), o), 0, o.err());
      assert.deepEqual(shape(documentOf(o.out())), expected, words.join(' '));
    }
    // connection rows: addresses as text, no BigInt leaks
    const o = captureIo();
    await runGazelle(['lstack', 'show', '192.0.2.10', '-c'], flags(sim.runDir, '07'), o);
    const stacks = documentOf(o.out()).stacks as { data: { conn: { conn_list: { lip: string }[] } } }[];
    assert.match(stacks[0].data.conn.conn_list[0].lip, /^\d+\.\d+\.\d+\.\d+$/);
  } finally {
    await done();
  }
});

test('a reply cut short still ends the document: the structs that came, then "error"', async () => {
  const wire = wireFor('v1.0.3');
  const first = encodeDfx(wire, { eof: 0, tid: 11, stack_id: 0 });
  const second = encodeDfx(wire, { eof: 1, tid: 12, stack_id: 1 });
  const h = await startHostile('lstack_cmd.sock', (sock) =>
    sock.end(Buffer.concat([first, second.subarray(0, 1000)])),
  );
  try {
    const o = captureIo();
    const code = await runGazelle(['lstack', 'show', '192.0.2.10'], flags(h.runDir, ''), o);
    assert.equal(code, EXIT.closedEarly);
    const doc = documentOf(o.out());
    assert.deepEqual(
      (doc.stacks as { tid: number }[]).map((s) => s.tid),
      [11],
    );
    assert.match(String(doc.error), /closed by the daemon after 1000 of 3168040 bytes/);
    assert.match(o.err(), /^gazellectl: connection closed/);
  } finally {
    await h.close();
  }
});
