/**
 * I/O edge: reads /proc and runtime-dir files under a root, so tests and the bench can hand a
 * synthetic tree. Failures are values (null), and permission failures are remembered so the command
 * can say once what it could not read. Reads are synchronous on purpose: /proc files are generated
 * in memory and tiny, and fs/promises' open/read/close round trips through the thread pool cost
 * four times the CPU of the reads themselves (bench/dpdk.bench.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';

export type EntryKind = 'dir' | 'file' | 'socket' | 'other';

export interface DirEntry {
  readonly name: string;
  readonly kind: EntryKind;
}

export type ListResult = { ok: true; entries: DirEntry[] } | { ok: false; code: string };

export class ProcSource {
  /** Paths that could not be read for lack of permission. */
  readonly denied = new Set<string>();

  constructor(readonly procRoot = '/proc') {}

  proc(rel: string): string {
    return `${this.procRoot}/${rel}`;
  }

  async text(path: string, maxBytes = 4 * 1024 * 1024): Promise<string | null> {
    try {
      const buf = readFileSync(path);
      return buf.subarray(0, maxBytes).toString('latin1');
    } catch (e) {
      this.remember(path, e);
      return null;
    }
  }

  async list(path: string): Promise<ListResult> {
    try {
      const ents = readdirSync(path, { withFileTypes: true });
      return {
        ok: true,
        entries: ents.map((e) => ({
          name: e.name,
          kind: e.isDirectory() ? 'dir' : e.isFile() ? 'file' : e.isSocket() ? 'socket' : 'other',
        })),
      };
    } catch (e) {
      this.remember(path, e);
      return { ok: false, code: (e as NodeJS.ErrnoException).code ?? 'EIO' };
    }
  }

  async names(path: string): Promise<string[]> {
    const r = await this.list(path);
    return r.ok ? r.entries.map((e) => e.name) : [];
  }

  async inode(path: string): Promise<number | null> {
    try {
      return Number(statSync(path).ino);
    } catch (e) {
      this.remember(path, e);
      return null;
    }
  }

  private remember(path: string, e: unknown): void {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') this.denied.add(path);
  }
}
