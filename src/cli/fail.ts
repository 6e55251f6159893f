/**
 * The one place where failures become output and exit codes. Default: one line on stderr
 * ("gazellectl: what went wrong (what to check)") and a distinct exit code. With
 * --compat-exit-codes: exactly what the C client printed on stdout and its exit status.
 */
import { errorLine, EXIT, GazelleError, UsageError } from '../errors.js';

export interface FailIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export function reportFailure(
  err: unknown,
  io: FailIo,
  opts: { compat: boolean; usageText: string },
): number {
  if (!(err instanceof GazelleError)) {
    const msg = err instanceof Error ? err.message : String(err);
    io.stderr(`gazellectl: internal error: ${msg}\n`);
    return EXIT.internal;
  }
  if (opts.compat) {
    const lines = err.cLines ?? [];
    let text = lines.map((l) => `${l}\n`).join('');
    if (err instanceof UsageError) text += opts.usageText;
    io.stdout(text);
    // A failure the C tool could not have had (--profile auto, a bad --config, ...) has no C
    // text: it keeps the C exit status but is never silent.
    if (!text) oneLine(err, io);
    return err.cExitCode ?? (err instanceof UsageError ? 0 : 255);
  }
  oneLine(err, io);
  return err.exitCode;
}

function oneLine(err: GazelleError, io: FailIo): void {
  io.stderr(`gazellectl: ${errorLine(err)}\n`);
}
