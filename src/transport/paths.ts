/**
 * Socket paths: <run dir><unix_prefix><file name>, like the C client builds them, but a prefix can
 * never leave the run dir and the path must fit sun_path.
 */
import { resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';

export const DEFAULT_RUN_DIR = '/var/run/gazelle/';
export const RUN_DIR_ENV = 'GAZELLE_RUN_DIR';
/** sizeof(sockaddr_un.sun_path) on Linux, including the terminating NUL. */
export const SUN_PATH_MAX = 108;
export const UNIX_PREFIX_MAX = 128;

/** The run dir from the flag, else the environment, else the compiled-in default; always ends in '/'. */
export function resolveRunDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = flag ?? env[RUN_DIR_ENV] ?? DEFAULT_RUN_DIR;
  if (dir === '' || dir.includes('\0')) throw new UsageError(`invalid run dir '${dir}'`);
  return dir.endsWith('/') ? dir : `${dir}/`;
}

/** Why a unix_prefix is refused, or null when it is acceptable. */
export function unixPrefixProblem(prefix: string): string | null {
  if (prefix.length > UNIX_PREFIX_MAX) return `is longer than ${UNIX_PREFIX_MAX} characters`;
  if (prefix.includes('/')) return "contains '/'";
  if (prefix.includes('..')) return "contains '..'";
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(prefix)) return 'contains a NUL or control character';
  return null;
}

export function validateUnixPrefix(prefix: string): string {
  const problem = unixPrefixProblem(prefix);
  if (problem) {
    throw new UsageError(
      `invalid unix_prefix '${printable(prefix)}': ${problem}`,
      'the prefix is pasted between the run dir and the socket name; use the unix_prefix from lstack.conf/ltran.conf',
    );
  }
  return prefix;
}

export function socketPath(runDir: string, prefix: string, fileName: string): string {
  validateUnixPrefix(prefix);
  const path = `${runDir}${prefix}${fileName}`;
  // Belt and braces: whatever the prefix, the result stays directly inside the run dir.
  const inside = resolve(path);
  const dir = resolve(runDir);
  if (!(inside.startsWith(dir + sep) || (dir === sep && inside.startsWith(sep)))) {
    throw new UsageError(`socket path ${path} would leave the run dir ${runDir}`);
  }
  if (Buffer.byteLength(path) >= SUN_PATH_MAX) {
    throw new UsageError(
      `socket path too long (${Buffer.byteLength(path)} bytes, the limit is ${SUN_PATH_MAX - 1}): ${path}`,
      'use a shorter --run-dir or unix_prefix',
    );
  }
  return path;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/g;
const printable = (s: string): string =>
  (s.length > 40 ? `${s.slice(0, 40)}...` : s).replace(
    CONTROL,
    (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
