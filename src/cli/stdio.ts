/** Process I/O for commands. Text is written as latin1 so C strings round-trip byte for byte. */
import type { Io } from '../model/io.js';

export function processIo(): Io {
  const ac = new AbortController();
  process.once('SIGTERM', () => ac.abort());
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0); // reader went away (| head): not our failure
  });
  return {
    stdout: (t) => void process.stdout.write(Buffer.from(t, 'latin1')),
    stdoutBytes: (b) => {
      process.stdout.write(b);
      // a file or /dev/null is written at once; a pipe may keep the buffer queued
      return process.stdout.writableLength === 0;
    },
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    stderrIsTty: Boolean(process.stderr.isTTY),
    signal: ac.signal,
  };
}
