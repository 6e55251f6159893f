/** The conversation runner against hostile daemons: endless replies and wrong eof values end cleanly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runConversation, MAX_STRUCTS_PER_REPLY } from '../../src/client/run.js';
import type { Printer } from '../../src/format/printer.js';
import { parseWords } from '../../src/cli/grammar.js';
import { ProtocolError } from '../../src/errors.js';
import { encodeLtran } from '../../src/protocol/codec.js';
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
