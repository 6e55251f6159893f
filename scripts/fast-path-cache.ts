/**
 * `npm run build`'s last fast-path step: dist/fast-path.cjs.cache, the V8 code cache that
 * src/cli/code-cache.ts loads the bundle from. Made by a plain `node` (the flags V8 checks are the
 * runtime's) after it ran `lstack show IP` and `lstack show IP -c` against a stand-in lstack here,
 * so the functions those commands call are compiled into it too. A node that cannot make one
 * (before 20.15) leaves none; the bundle then compiles as before.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { connRow, fourStackReply } from './conn-reply.js';

const root = join(import.meta.dirname, '..');
const bundle = join(root, 'dist', 'fast-path.cjs');
const cacheFile = `${bundle}.cache`;

rmSync(cacheFile, { force: true });
// code-cache.ts runs the bundle as a vm.Script, which has no module loader for import()
if (/\bimport\(/.test(readFileSync(bundle, 'utf8')))
  throw new Error(`${bundle} calls import(): code-cache.ts cannot load it`);
if (typeof (zlib as { crc32?: unknown }).crc32 !== 'function') {
  process.stderr.write(`fast-path-cache: node ${process.version} has no zlib.crc32: no code cache made\n`);
  process.exit(0);
}

/** 4 stacks with a few connections each (IPv4 and IPv6), as both commands read them. */
const reply = (): Buffer =>
  fourStackReply(
    'v1.0.3',
    Array.from({ length: 8 }, (_, i) => connRow(i, { ip6: i % 2 === 0, state: i % 3 })),
  );

const dir = mkdtempSync(join(tmpdir(), 'gz-code-cache-'));
const answer = reply();
const server = createServer((sock) => {
  sock.once('data', () => sock.write(answer));
  sock.on('error', () => undefined);
});
await new Promise<void>((r) => server.listen(join(dir, 'cc_lstack_cmd.sock'), () => r()));

const child = `
const { loadBundle, cacheBytes } = require(${JSON.stringify(join(root, 'dist', 'code-cache.cjs'))});
const { prepareArgv } = require(${JSON.stringify(join(root, 'dist', 'argv.cjs'))});
const { renameSync, writeFileSync } = require('node:fs');
const b = loadBundle(${JSON.stringify(bundle)}, null);
const show = ['lstack', 'show', '192.0.2.10', '-u', 'cc_', '--run-dir', ${JSON.stringify(dir)}];
(async () => {
  for (const argv of [show, [...show, '-c']]) {
    const code = await b.exports.runFast(prepareArgv(argv));
    if (code !== 0) throw new Error(argv.join(' ') + ' exited ' + code);
  }
  writeFileSync(${JSON.stringify(cacheFile + '.tmp')}, cacheBytes(b));
  renameSync(${JSON.stringify(cacheFile + '.tmp')}, ${JSON.stringify(cacheFile)});
})();
`;
try {
  // async: the stand-in lstack answers from this process
  const code = await new Promise<number | null>((resolve, reject) => {
    // the stand-in answers as v1.0.3 on x86_64: nothing from this shell may choose another era
    const env = { ...process.env };
    for (const k of ['NODE_OPTIONS', 'GAZELLECTL_PROFILE', 'GAZELLECTL_ARCH', 'GAZELLE_RUN_DIR'])
      delete env[k];
    const p = spawn(process.execPath, ['-e', child], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('error', reject);
    p.on('close', resolve);
  });
  if (code !== 0) throw new Error(`fast-path-cache: making the code cache failed (exit ${code})`);
} finally {
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
