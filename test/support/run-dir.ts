/** A temporary run dir for one test, removed however the test ends. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  /** The directory, without a trailing slash. */
  readonly dir: string;
  /** The same with a trailing slash, as `--run-dir` and the C client's paths take it. */
  readonly runDir: string;
  cleanup(): void;
}

export function tempDir(prefix = 'gz-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, runDir: `${dir}/`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `body` with a fresh temporary directory and removes it afterwards, pass or fail. */
export async function withTempDir<T>(prefix: string, body: (t: TempDir) => Promise<T>): Promise<T> {
  const t = tempDir(prefix);
  try {
    return await body(t);
  } finally {
    t.cleanup();
  }
}
