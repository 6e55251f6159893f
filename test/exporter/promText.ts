/** A small parser of the Prometheus text format 0.0.4, strict enough to catch malformed output. */
export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Parsed {
  types: Map<string, string>;
  help: Map<string, string>;
  samples: ParsedSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function parsePromText(text: string): Parsed {
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const samples: ParsedSample[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (!NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
      const map = kind === 'HELP' ? help : types;
      if (map.has(name)) throw new Error(`second ${kind} for ${name}`);
      map.set(name, rest);
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = parseSample(line);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) throw new Error(`duplicate series: ${line}`);
    seen.add(key);
    samples.push(sample);
  }
  return { types, help, samples };
}

function parseSample(line: string): ParsedSample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
  if (!m) throw new Error(`bad sample line: ${line}`);
  const labels: Record<string, string> = {};
  const body = m[2]?.slice(1, -1) ?? '';
  let i = 0;
  while (i < body.length) {
    const eq = body.indexOf('=', i);
    const name = body.slice(i, eq);
    if (!LABEL.test(name) || body[eq + 1] !== '"') throw new Error(`bad label in: ${line}`);
    let value = '';
    let j = eq + 2;
    for (; j < body.length && body[j] !== '"'; j++) {
      if (body[j] === '\\') {
        const next = body[++j];
        value += next === 'n' ? '\n' : next;
      } else value += body[j];
    }
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    labels[name] = value;
    i = j + 1;
    if (body[i] === ',') i++;
  }
  const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
  if (Number.isNaN(value) && m[3] !== 'NaN') throw new Error(`bad value in: ${line}`);
  return { name: m[1], labels, value };
}

/** The family a sample belongs to (a summary's _sum/_count belong to the summary). */
export function familyOf(parsed: Parsed, name: string): string | undefined {
  if (parsed.types.has(name)) return name;
  const base = name.replace(/_(sum|count|bucket)$/, '');
  return parsed.types.has(base) ? base : undefined;
}

export const find = (parsed: Parsed, name: string, labels: Record<string, string> = {}): ParsedSample[] =>
  parsed.samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
