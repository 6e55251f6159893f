/**
 * "did you mean ...?" for an unknown command: the command whose words are nearest to the words
 * typed, by edit distance with transpositions (`tpo` is one slip from `top`). Pure.
 */

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

export interface Unknown {
  /** The words of the line that stand for the command, as typed. */
  readonly typed: string;
  /** The nearest command, if one is near enough to be what was meant. */
  readonly suggestion?: string;
  /** The typed words are a command, followed by words it does not take. */
  readonly extra?: string;
}

/**
 * `words`: the line's words up to its first option; `commands`: every visible command id, words
 * separated by spaces (`lstack show`).
 */
export function explainUnknown(words: readonly string[], commands: readonly string[]): Unknown {
  let best: { id: string; n: number; dist: number } | undefined;
  for (const id of commands) {
    const n = id.split(' ').length;
    if (words.length < n) continue;
    const typed = words.slice(0, n).join(' ');
    if (typed === id) return { typed: id, extra: words.slice(n).join(' ') };
    const dist = editDistance(typed, id);
    // near enough: a slip or two, never more than a third of the command's letters
    if (dist > Math.max(1, Math.floor(id.length / 3))) continue;
    if (!best || dist < best.dist || (dist === best.dist && n > best.n)) best = { id, n, dist };
  }
  if (best) return { typed: words.slice(0, best.n).join(' '), suggestion: best.id };
  return { typed: words[0] ?? '' };
}

/** The one-line error for an unknown command. */
export function unknownCommandLine(words: readonly string[], commands: readonly string[]): string {
  const u = explainUnknown(words, commands);
  if (u.extra)
    return `gazellectl: '${u.typed}' takes no argument '${u.extra}' (see 'gazellectl ${u.typed} --help')\n`;
  const hint = u.suggestion
    ? `did you mean '${u.suggestion}'? see 'gazellectl --help'`
    : `see 'gazellectl --help'`;
  return `gazellectl: unknown command '${u.typed}' (${hint})\n`;
}
