/**
 * What a simulated daemon writes to its log, in the words the real one uses (lstack logs through
 * DPDK's rte_log as `LSTACK: ...`), so tests can count the lines a client makes a daemon write.
 */
export type LogLevel = 'ERR' | 'WARNING' | 'INFO' | 'DEBUG';

export interface LogLine {
  readonly level: LogLevel;
  readonly text: string;
  /** ms since the epoch */
  readonly at: number;
}

export class DaemonLog {
  readonly lines: LogLine[] = [];
  private readonly listeners = new Set<(line: LogLine, formatted: string) => void>();

  constructor(readonly tag: 'LSTACK' | 'LTRAN') {}

  write(level: LogLevel, text: string): void {
    const line = { level, text, at: Date.now() };
    this.lines.push(line);
    // a long-running simulator must not grow without bound
    if (this.lines.length > 10_000) this.lines.splice(0, this.lines.length - 10_000);
    for (const l of this.listeners) l(line, this.format(line));
  }

  format(line: LogLine): string {
    return `${this.tag}: ${line.text}`;
  }

  /** Lines at ERR level (what an operator's log alert counts). */
  get errors(): LogLine[] {
    return this.lines.filter((l) => l.level === 'ERR');
  }

  count(text: string | RegExp): number {
    return this.lines.filter((l) => (typeof text === 'string' ? l.text.includes(text) : text.test(l.text)))
      .length;
  }

  onLine(listener: (line: LogLine, formatted: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
