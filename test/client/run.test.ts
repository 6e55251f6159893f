/** The conversation runner against hostile daemons: endless replies and wrong eof values end cleanly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { dfxBytesUsed, runConversation, MAX_STRUCTS_PER_REPLY } from '../../src/client/run.js';
import type { Printer } from '../../src/format/printer.js';
import { parseWords } from '../../src/cli/grammar.js';
import { ProtocolError } from '../../src/errors.js';
import { decodeDfx, encodeDfx, encodeLtran } from '../../src/protocol/codec.js';
import { wireFor } from '../../src/protocol/profiles.js';
import { flood } from '../support/frames.js';
import { withTempDir } from '../support/run-dir.js';
import { serveUnix } from '../support/unix-server.js';

const wire = wireFor('v1.0.3');
const counting = () => {
  let n = 0;
  const printer: Printer = { onStruct: () => (n++, '') };
  return { printer, count: () => n };
};

async function withLtran(eof: number, body: (runDir: string) => Promise<void>) {
  const frame = encodeLtran(wire, 'lstackTotal', { eof, tid: 1, index: 0 });
  await withTempDir('gz-run-', async ({ dir }) => {
    const ltran = await serveUnix(join(dir, 'ltran_cmd.sock'), (sock) =>
      sock.once('data', () => flood(sock, frame)),
    );
    try {
      await body(dir);
    } finally {
      await ltran.close();
    }
  });
}

test('an endless reply without eof stops at the struct limit with a protocol error', async () => {
  await withLtran(0, async (runDir) => {
    const { printer, count } = counting();
    const cmd = parseWords(['lstack', 'show', '192.0.2.1', '-r']).command;
    await assert.rejects(
      runConversation(cmd, { runDir: `${runDir}/`, unixPrefix: '', wire, timeoutMs: 2000 }, printer, {
        write: () => undefined,
        rounds: 1,
      }),
      ProtocolError,
    );
    assert.equal(count(), MAX_STRUCTS_PER_REPLY);
  });
});

test('an eof value other than 0/1 is a profile mismatch, not a loop', async () => {
  await withLtran(7, async (runDir) => {
    const { printer } = counting();
    const cmd = parseWords(['lstack', 'show', '192.0.2.1', '-r']).command;
    await assert.rejects(
      runConversation(cmd, { runDir: `${runDir}/`, unixPrefix: '', wire, timeoutMs: 2000 }, printer, {
        write: () => undefined,
        rounds: 1,
      }),
      /eof=7/,
    );
  });
});

test('a stack struct is kept up to what its mode decodes: lstack show decodes the same from its head', () => {
  for (const profile of ['v1.0.3', 'v2024.09', 'v1.0.2'] as const) {
    const w = wireFor(profile);
    const size = w.layouts.dfx.size;
    assert.equal(dfxBytesUsed(w, 'LSTACK_SHOW_CONN'), size, profile);
    const keep = dfxBytesUsed(w, 'LSTACK_SHOW');
    assert.ok(keep < size / 100, `${profile}: ${keep} of ${size}`);
    const full = encodeDfx(w, {
      eof: 1,
      tid: 77,
      data: { pkts: { call_alloc_fail: 5, wakeup_stat: { app_events: 9 } } },
    });
    assert.deepEqual(
      decodeDfx(w, full.subarray(0, keep), 0, 'LSTACK_SHOW'),
      decodeDfx(w, full, 0, 'LSTACK_SHOW'),
    );
    assert.throws(() => decodeDfx(w, full.subarray(0, keep - 1), 0, 'LSTACK_SHOW'), ProtocolError);
  }
});
