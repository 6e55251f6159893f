/**
 * Gazelle's log levels, defined once: the words `set loglevel` takes (the C grammar's, the fleet
 * command's, top's) and the DPDK RTE_LOG_* numbers the daemons store and report (PROTOCOL.md §3.6).
 */
export const LOG_LEVELS = ['error', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** RTE_LOG_ERR 4, RTE_LOG_INFO 7, RTE_LOG_DEBUG 8. */
export const LOG_LEVEL_VALUES: Readonly<Record<LogLevel, number>> = { error: 4, info: 7, debug: 8 };

export const isLogLevel = (word: string | undefined): word is LogLevel =>
  word !== undefined && (LOG_LEVELS as readonly string[]).includes(word);

/** get_loglevel_string(): the word for a reported level, anything else `unknown`. */
export function loglevelName(level: number): string {
  return LOG_LEVELS.find((w) => LOG_LEVEL_VALUES[w] === level) ?? 'unknown';
}
