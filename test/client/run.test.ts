/** The conversation runner against hostile daemons: endless replies and wrong eof values end cleanly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConversation, MAX_STRUCTS_PER_REPLY, type Printer } from '../../src/client/run.js';
import { parseWords } from '../../src/cli/grammar.js';
import { ProtocolError } from '../../src/errors.js';
import { encodeLtran } from '../../src/protocol/codec.js';
import { wireFor } from '../../src/protocol/profiles.js';

const wire = wireFor('v1.0.3');
const counting = () => {
  let n = 0;
  const printer: Printer = { onStruct: () => (n++, '') };
  return { printer, count: () => n };
};

async function withLtran(eof: number, body: (runDir: string) => Promise<void>) {
  const runDir = mkdtempSync(join(tmpdir(), 'gz-run-'));
  const frame = encodeLtran(wire, 'lstackTotal', { eof, tid: 1, index: 0 });
  const server = createServer((sock) => {
    sock.on('error', () => undefined);
    sock.once('data', () => {
      const pump = () => {
        while (!sock.destroyed && sock.write(frame));
        if (!sock.destroyed) sock.once('drain', pump);
      };
      pump();
    });
  });
  await new Promise<void>((r) => server.listen(join(runDir, 'ltran_cmd.sock'), () => r()));
  try {
    await body(runDir);
  } finally {
    server.close();
    rmSync(runDir, { recursive: true, force: true });
  }
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
