/**
 * Options a Gazelle era's client did not have (1.0.2: -p, -v, -I, -k): a usage line naming the era,
 * exit 2, decided before anything connects when --profile or the socket name gives the era.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { optionMissingInEra } from '../../src/protocol/conversations.js';
import { assertFails, runCli } from '../hostile/harness.js';

const env = { GAZELLECTL_PROFILE: undefined, GAZELLE_RUN_DIR: undefined };
const cli = (args: string[]) => runCli(args, { env, guardMs: 60_000 });
const id = { text: '192.0.2.10', ip: 0, pid: 0 } as never;

test('optionMissingInEra: 1.0.2 lacks -p -v -I -k; later eras have them; -r is not an era matter', () => {
  assert.equal(
    optionMissingInEra({ target: 'lstack', id, kind: 'protocol', protocol: 'UDP' }, 'v1.0.2'),
    '-p',
  );
  for (const [kind, option] of [
    ['virtio', '-v'],
    ['intr', '-I'],
    ['nic-features', '-k'],
  ] as const) {
    assert.equal(optionMissingInEra({ target: 'lstack', id, kind }, 'v1.0.2'), option);
    assert.equal(optionMissingInEra({ target: 'lstack', id, kind }, 'v1.0.3'), null);
  }
  assert.equal(optionMissingInEra({ target: 'lstack', id, kind: 'rate' }, 'v1.0.2'), null);
  assert.equal(optionMissingInEra({ target: 'lstack', id, kind: 'show' }, 'v1.0.2'), null);
});

test('1.0.2: -p, -v, -I, -k are one usage line naming the era, exit 2, and nothing connects', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gz-era-'));
  let connections = 0;
  const server = createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(join(dir, 'gazelle_client.sock'), r));
  try {
    for (const opts of [['-p', 'UDP'], ['-v'], ['-I'], ['-k']]) {
      // the era from the socket name, then from --profile
      for (const profile of [[], ['--profile', 'v1.0.2']]) {
        const r = await cli(['lstack', 'show', '192.0.2.10', ...opts, '--run-dir', `${dir}/`, ...profile]);
        assertFails(
          r,
          2,
          new RegExp(
            `^gazellectl: ${opts[0]} is not available in Gazelle v1\\.0\\.2 \\(profile v1\\.0\\.2\\)`,
          ),
        );
      }
    }
    assert.equal(connections, 0);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
