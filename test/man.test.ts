/** The man page is generated from the command definitions; this fails when it was not regenerated. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMan } from '../scripts/man.js';
import { repoRoot } from './shared.js';

test('man/gazellectl.1 matches the command definitions', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'oclif.manifest.json'), 'utf8'));
  const committed = readFileSync(join(repoRoot, 'man', 'gazellectl.1'), 'utf8');
  assert.equal(committed, renderMan(manifest), 'run: npm run man');
  for (const id of ['lstack:show', 'lstack:set', 'ltran:show']) assert.ok(manifest.commands[id], id);
  assert.match(committed, /\.SH EXIT STATUS/);
});
