/** Where the shared protocol material (PROTOCOL.md, layouts, fixtures) lives next to the repo. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..');

function findShared(): string {
  const candidates = [
    process.env.GAZELLE_SHARED_DIR,
    join(repoRoot, '..', 'shared'),
    join(repoRoot, 'shared'),
  ];
  for (const c of candidates) if (c && existsSync(join(c, 'protocol'))) return c;
  throw new Error('shared/protocol not found next to the repository (set GAZELLE_SHARED_DIR)');
}

export const sharedDir = findShared();
export const protocolDir = join(sharedDir, 'protocol');
