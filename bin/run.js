#!/usr/bin/env node
// gazellectl entry: command lines are normalised first (src/cli/argv.ts: options in any position,
// C-style lines); ltran/lstack lines then run on a fast path without loading oclif, everything
// else goes to oclif, whose parse errors become our one-line error and exit 2.
// CommonJS (bin/package.json), loading CommonJS bundles: node's ESM loader alone cost a quarter of
// `node -e 0`, paid by every `lstack show` of an operator's loop.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { prepareArgv } = require('../dist/argv.cjs');

const root = join(__dirname, '..');
const manifest = () => JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'));

/** Options that take a value, from oclif's manifest (every command's flags); null: argv.ts's list. */
function valueFlags() {
  try {
    const names = new Set();
    for (const command of Object.values(manifest().commands)) {
      for (const [name, flag] of Object.entries(command.flags ?? {})) {
        if (flag.type !== 'option') continue;
        names.add(`--${name}`);
        if (flag.char) names.add(`-${flag.char}`);
      }
    }
    return [...names];
  } catch {
    return undefined;
  }
}

const raw = process.argv.slice(2);
// Only a line that starts with options needs the list (to tell an option's value from a command word).
const args = prepareArgv(raw, raw[0]?.startsWith('-') ? valueFlags() : undefined);

async function oclif() {
  const { run, flush, handle } = await import('@oclif/core');
  try {
    // The project root, given: oclif would take bin/package.json for it.
    await run(args, root);
    await flush();
  } catch (e) {
    const { isParseError, parseErrorLine, notFoundCommandId, PARSE_ERROR_EXIT } =
      await import('../dist/cli/oclif-errors.js');
    const unknown = notFoundCommandId(e);
    if (unknown !== null) {
      // `gazellectl nosuch --help`: the hook's one line, not oclif's help error
      const { unknownCommandLine } = await import('../dist/cli/suggest.js');
      const visible = Object.values(manifest().commands)
        .filter((c) => !c.hidden)
        .map((c) => c.id.replaceAll(':', ' '));
      process.stderr.write(unknownCommandLine(unknown.split(':'), visible));
      process.exitCode = PARSE_ERROR_EXIT;
      return;
    }
    if (!isParseError(e)) return handle(e);
    const sep = args.findIndex((a) => a.startsWith('-'));
    const words = (sep < 0 ? args : args.slice(0, sep)).slice(
      0,
      args[0] === 'ltran' || args[0] === 'lstack' ? 2 : 1,
    );
    process.stderr.write(parseErrorLine(e, words[0] === 'compat' ? '' : words.join(' ')));
    process.exitCode = PARSE_ERROR_EXIT;
  }
}

async function main() {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
    // oclif's version line, without loading oclif (scripts call this to check the install)
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    process.stdout.write(
      `gazellectl/${version} ${process.platform}-${process.arch} node-${process.version}\n`,
    );
  } else if (args[0] === 'lstack' || args[0] === 'ltran' || args[0] === 'compat') {
    // One file built by esbuild from dist/cli/fast.js: importing ~40 modules one by one cost ~20 ms.
    // Compiled from its V8 code cache when that is valid (src/cli/code-cache.ts); without the cache,
    // a plain require(), which is also the baseline the cache is measured against.
    const { runFast } = process.env.GAZELLECTL_NO_CODE_CACHE
      ? require('../dist/fast-path.cjs')
      : require('../dist/code-cache.cjs').loadBundle(join(root, 'dist', 'fast-path.cjs')).exports;
    const code = await runFast(args);
    if (code === null) return oclif();
    process.exitCode = code;
    // Everything is done and written: exit now rather than tear the heap down (~5 ms of a show).
    // Output still queued for a slow pipe is left to drain as usual.
    if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
  } else {
    await oclif();
  }
}

main();
