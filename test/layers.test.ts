import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOORS, readSources, SRC, upwardImports } from '../scripts/layers.js';
import { repoRoot } from './shared.js';

test('no import in src/ points up a floor', () => {
  const files = readSources(SRC);
  assert.ok(files.size > 100, `read ${files.size} source files`);
  assert.deepEqual(
    upwardImports(files).map((a) => `${a.file}: ${a.from} -> ${a.to}`),
    [],
  );
});

test('every room of src/ stands on a floor', () => {
  const rooms = new Set([...readSources(SRC).keys()].map((f) => f.split('/')[0].replace(/\.tsx?$/, '')));
  const placed = new Set(FLOORS.flat());
  assert.deepEqual(
    [...rooms].filter((r) => !placed.has(r)),
    [],
  );
});

test('the check sees an upward arrow in any import form, and lets downward and same-room ones pass', () => {
  const files = new Map([
    ['protocol/a.ts', "import type { GazelleCommand } from '../cli/grammar.js';"],
    ['format/c/b.ts', "import {\n  x,\n} from '../../client/run.js';\nimport '../../sim/x.js';"],
    ['stats/c.ts', "const m = await import('../tui/app.js');\nexport { y } from '../recorder/y.js';"],
    ['model/d.ts', "import { z } from '../nowhere/z.js';"],
    [
      'cli/e.ts',
      "import { a } from '../protocol/a.js';\nimport { b } from './b.js';\nimport x from 'node:fs';",
    ],
  ]);
  assert.deepEqual(
    upwardImports(files).map((a) => `${a.from}->${a.to}`),
    ['protocol->cli', 'format->client', 'format->sim', 'stats->tui', 'stats->recorder', 'model->nowhere'],
  );
});

test("the README's Layout draws the same floors, top floor first", () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const drawing = /## Layout\n[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const drawn: string[][] = [];
  for (const line of drawing.split('\n')) {
    const m = /^(floor \d+| {8}) +src\/(\w+)/.exec(line);
    if (!m) continue;
    if (m[1].startsWith('floor')) drawn.push([]);
    drawn[drawn.length - 1].push(m[2]);
  }
  assert.deepEqual(
    drawn.map((f) => [...f].sort()),
    [...FLOORS].reverse().map((f) => [...f].sort()),
  );
});
