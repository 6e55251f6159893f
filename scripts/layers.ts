/**
 * The house's floors (README, Layout): a room may import from its own floor and the floors below,
 * never from above. Read from the source text, so a new upward import fails test/layers.test.ts.
 * Run alone to list the arrows: `node --import tsx scripts/layers.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Lowest first. Rooms on one floor may use each other. */
export const FLOORS: readonly (readonly string[])[] = [
  ['model', 'errors'],
  ['protocol', 'transport'],
  ['stats', 'format', 'config'],
  ['client', 'discovery', 'dpdk', 'monitor', 'cli'],
  ['fleet', 'exporter', 'recorder', 'replay', 'sim', 'tui'],
  ['commands', 'hooks'],
];

export interface Arrow {
  file: string;
  from: string;
  to: string;
  spec: string;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

/** The room of a path relative to src/: its first folder, or the file's name for files at the top. */
export const roomOf = (rel: string): string => rel.split('/')[0].replace(/\.(ts|tsx|js)$/, '');

export const floorOf = (room: string): number => FLOORS.findIndex((f) => f.includes(room));

/** Every relative import in `files` (path under src/ -> source text) that names a higher floor or no floor. */
export function upwardImports(files: ReadonlyMap<string, string>): Arrow[] {
  const out: Arrow[] = [];
  for (const [file, text] of files) {
    const from = roomOf(file);
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1];
      if (!spec.startsWith('.')) continue;
      const target = posix.normalize(posix.join(posix.dirname(file), spec));
      const to = roomOf(target);
      if (to === from) continue;
      const a = floorOf(from);
      const b = floorOf(to);
      if (a < 0 || b < 0 || b > a) out.push({ file, from, to, spec });
    }
  }
  return out;
}

export function readSources(srcDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name))
        files.set(relative(srcDir, p).split(sep).join('/'), readFileSync(p, 'utf8'));
    }
  };
  walk(srcDir);
  return files;
}

export const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arrows = upwardImports(readSources(SRC));
  for (const a of arrows) console.log(`${a.file}: ${a.from} -> ${a.to} (${a.spec})`);
  process.exitCode = arrows.length ? 1 : 0;
}
