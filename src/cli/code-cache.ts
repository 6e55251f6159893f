/**
 * The fast path's bundle (dist/fast-path.cjs) compiled from a V8 code cache made at build time
 * (scripts/fast-path-cache.ts, after a `show` and a `show -c` ran, so the functions they call are in
 * it too). Node 20 has no module.enableCompileCache, and compiling the 165 KB bundle and then each
 * function on its first call was ~9 ms of the ~50 ms `lstack show` spends in JavaScript.
 *
 * V8 refuses a cache of another V8 version or other flags, but of the source it checks only the
 * length, and of its own bytes nothing: an accepted cache with one byte flipped aborts the process.
 * So the cache file starts with a line naming the CRC-32 of the bundle it was made from and of its
 * own bytes; anything else is ignored and the bundle compiled as usual.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import * as zlib from 'node:zlib';

const MAGIC = 'gazellectl-code-cache-1';
// node's CommonJS wrapper, so the bundle runs as it would under require()
const WRAP_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAP_TAIL = '\n})';

/**
 * What became of the cache: used; absent (no file); stale (made from another bundle); corrupt (its
 * bytes do not match their CRC); rejected (by V8: another version or flags); off (not asked for, or
 * a node without zlib.crc32, before 20.15).
 */
export type CacheUse = 'used' | 'absent' | 'stale' | 'corrupt' | 'rejected' | 'off';

export interface LoadedBundle {
  exports: Record<string, unknown>;
  cache: CacheUse;
  script: Script;
  source: Buffer;
}

// zlib.crc32 came with node 20.15 / 22.2; engines allow any 20
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

const headerLine = (source: Uint8Array, data: Uint8Array): string =>
  `${MAGIC} ${crc32!(source).toString(16)} ${crc32!(data).toString(16)}\n`;

/** Why `cacheFile`'s bytes cannot serve `source`, or its V8 data. */
function cachedDataFor(source: Buffer, cacheFile: string): Buffer | Exclude<CacheUse, 'used' | 'rejected'> {
  if (crc32 === undefined) return 'off';
  let file: Buffer;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return 'absent';
  }
  const nl = file.indexOf(10);
  const fields = (nl < 0 ? '' : file.toString('latin1', 0, nl)).split(' ');
  if (fields.length !== 3 || fields[0] !== MAGIC) return 'corrupt';
  if (fields[1] !== crc32(source).toString(16)) return 'stale';
  const data = file.subarray(nl + 1);
  return fields[2] === crc32(data).toString(16) ? data : 'corrupt';
}

/**
 * Loads a CommonJS bundle (one that requires only node's own modules and has no import()) as
 * require() would, from `cacheFile` when that holds a valid cache of it.
 */
export function loadBundle(file: string, cacheFile: string | null = `${file}.cache`): LoadedBundle {
  const source = readFileSync(file);
  const data = cacheFile === null ? 'off' : cachedDataFor(source, cacheFile);
  const script = new Script(WRAP_HEAD + source.toString('utf8') + WRAP_TAIL, {
    filename: file,
    cachedData: typeof data === 'string' ? undefined : data,
  });
  const cache = typeof data === 'string' ? data : script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, cache, script, source };
}

/** The cache file's bytes for a bundle loaded (and exercised) in this process. */
export function cacheBytes(bundle: Pick<LoadedBundle, 'script' | 'source'>): Buffer {
  if (crc32 === undefined) throw new Error('this node has no zlib.crc32 (node >= 20.15 makes the cache)');
  const data = bundle.script.createCachedData();
  return Buffer.concat([Buffer.from(headerLine(bundle.source, data), 'latin1'), data]);
}
