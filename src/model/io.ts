/** What a command runner may touch of the process: its output, environment and cancellation. */
export interface Io {
  stdout: (text: string) => void;
  /**
   * Output already in bytes (big replies); without it, bytes go through stdout as latin1. Returns
   * true when they are written out already, so the caller may fill the same buffer again.
   */
  stdoutBytes?: (bytes: Buffer) => boolean | void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  stderrIsTty: boolean;
  signal?: AbortSignal;
}
