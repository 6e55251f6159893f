/** An Io for running commands in-process: what they print is collected, nothing reaches the terminal. */
import type { Io } from '../src/model/io.js';

export function captureIo(): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    env: {},
    stderrIsTty: false,
    out: () => out,
    err: () => err,
  };
}
