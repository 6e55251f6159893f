/**
 * The one error hierarchy. Everything the CLI can fail with is a GazelleError with a one-line
 * message and an exit code; the CLI maps them in one place (src/cli/fail.ts). Exit codes are
 * documented in the README and the man page: keep the three in step.
 */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  notRunning: 3,
  refused: 4,
  permission: 5,
  timeout: 6,
  closedEarly: 7,
  protocol: 8,
} as const;

export abstract class GazelleError extends Error {
  abstract readonly exitCode: number;
  /** Optional second line: what to check. */
  hint?: string;
  /** What the C client printed on stdout for this failure, and its exit status (--compat-exit-codes). */
  cLines?: string[];
  cExitCode?: number;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** The one-line text of a failure: "message (hint)" for ours, the bare message for anything else. */
export function errorLine(e: unknown): string {
  if (e instanceof GazelleError) return e.hint ? `${e.message} (${e.hint})` : e.message;
  return e instanceof Error ? e.message : String(e);
}

export class UsageError extends GazelleError {
  readonly exitCode = EXIT.usage;
}

/** A connect() that failed: which socket, and the errno the C client would have printed. */
export abstract class SocketError extends GazelleError {
  constructor(
    message: string,
    readonly path: string,
    readonly errno: number,
    hint?: string,
  ) {
    super(message, hint);
  }
}

/** The socket file does not exist (ENOENT) or the run dir is missing. */
export class NotRunningError extends SocketError {
  readonly exitCode = EXIT.notRunning;
}

/** The socket file exists but nobody listens (ECONNREFUSED): a stale socket or a dead daemon. */
export class RefusedError extends SocketError {
  readonly exitCode = EXIT.refused;
}

export class PermissionDeniedError extends SocketError {
  readonly exitCode = EXIT.permission;
}

/** What was asked for (a DPDK group, a run dir) is not there: exit 3, like a daemon that is not running. */
export class NotFoundError extends GazelleError {
  readonly exitCode = EXIT.notRunning;
}

export class TimeoutError extends GazelleError {
  readonly exitCode = EXIT.timeout;
}

/** The daemon closed the connection before the expected bytes arrived. */
export class ClosedEarlyError extends GazelleError {
  readonly exitCode = EXIT.closedEarly;
  constructor(
    message: string,
    readonly received: number,
    readonly expected: number,
  ) {
    super(message);
  }
}

/** The bytes do not fit the selected profile (sizes, eof, stack ids, counts). */
export class ProtocolError extends GazelleError {
  readonly exitCode = EXIT.protocol;
}

export const isGazelleError = (e: unknown): e is GazelleError => e instanceof GazelleError;
