/** Reads --config FILE (small, read once at start, so synchronously). */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { gazelleConf, type GazelleConf } from './gazelle-conf.js';

/** Config files are a few KB; anything far larger is not a Gazelle config. */
const MAX_CONFIG_BYTES = 1 << 20;

export function loadGazelleConf(file: string): GazelleConf {
  let text: string;
  try {
    const buf = readFileSync(file);
    if (buf.length > MAX_CONFIG_BYTES) throw new UsageError(`${file}: too large for a Gazelle config file`);
    text = buf.toString('utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT'
        ? 'no such file'
        : err.code === 'EACCES'
          ? 'permission denied'
          : err.code === 'EISDIR'
            ? 'is a directory'
            : (err.code ?? err.message);
    throw new UsageError(
      `cannot read config ${file}: ${why}`,
      'give lstack.conf or ltran.conf with --config',
    );
  }
  return gazelleConf(text, file);
}
