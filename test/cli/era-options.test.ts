/**
 * Options a Gazelle era's client did not have (1.0.2: -p, -v, -I, -k): a usage line naming the era,
 * exit 2, decided before anything connects when --profile or the socket name gives the era.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { optionMissingInEra } from '../../src/protocol/conversations.js';
import { assertFails, runCli } from '../hostile/harness.js';
import { tempDir } from '../support/run-dir.js';
import { serveUnix } from '../support/unix-server.js';

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
  const { dir, cleanup } = tempDir('gz-era-');
  let connections = 0;
  const lstack = await serveUnix(join(dir, 'gazelle_client.sock'), (s) => {
    connections++;
    s.destroy();
  });
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
    await lstack.close();
    cleanup();
  }
});
