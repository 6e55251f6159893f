/**
 * A command line as it is typed: `argv\`lstack show 192.0.2.10 -u 07 --run-dir ${dir}\``. The
 * literal parts split at white space; each interpolated value is one word of its own, spaces and all.
 */
export function argv(parts: TemplateStringsArray, ...values: readonly (string | number)[]): string[] {
  const words: string[] = [];
  parts.forEach((part, i) => {
    words.push(...part.split(/\s+/).filter(Boolean));
    if (i < values.length) words.push(String(values[i]));
  });
  return words;
}
