/**
 * --json output. One document per command; for repeating commands (-r, burst) one JSON object
 * per sample (NDJSON) with rates computed from the measured time between samples.
 *
 * The document is written struct by struct as the reply arrives, in exactly the bytes
 * JSON.stringify(document, null, 2) would give: a 4 x 22,000-connection `show -c` is ~75 MB of
 * JSON, which built as one object and one string took ~460 MB. A failure mid-reply still ends
 * the document, with an "error" member after the structs that did arrive.
 */
import type { GazelleCommand } from '../../model/command.js';
import type { Printer, StepContext, StructKind } from '../printer.js';
import type { Decoded } from '../../protocol/codec.js';
import type { Step } from '../../protocol/conversations.js';
import type { Wire } from '../../protocol/profiles.js';
import { ratesBetween } from '../../stats/counters.js';
import { jsonReplacer, toJson } from './values.js';

interface Sample {
  at: number;
  values: Map<number, Decoded>;
}

export interface JsonPrinter extends Printer {
  /** The end of the document of a non-repeating command (all of it when no struct came). */
  finish(): string;
  /** The end of a document cut short by `message`; '' when none was started. */
  abort(message: string): string;
}

/**
 * `value` as an element of an array member of the document, indented as JSON.stringify(doc, null,
 * 2) indents it: stringified inside the same nesting, so V8 writes the indentation, and cut out.
 */
function element(value: unknown): string {
  const text = JSON.stringify({ k: [value] }, jsonReplacer, 2);
  return text.slice(WRAP_HEAD.length, text.length - WRAP_TAIL.length);
}
const WRAP_HEAD = '{\n  "k": [\n';
const WRAP_TAIL = '\n  ]\n}';

const repeating = (cmd: GazelleCommand): boolean => cmd.kind === 'rate' || cmd.kind === 'burst';

export function jsonPrinter(cmd: GazelleCommand, wire: Wire): JsonPrinter {
  const doc: Record<string, unknown> = { profile: wire.profile.name, command: describe(cmd) };
  /** The array member being written; null until the first struct. */
  let bucket: string | null = null;
  const member = (key: string, json: string): string => `  ${JSON.stringify(key)}: ${json}`;
  let last: Sample | null = null;
  let current: Sample | null = null;
  const rateFields =
    cmd.target === 'ltran' ? ['rx', 'tx', 'rx_drop', 'tx_drop', 'rx_bytes', 'tx_bytes'] : null;

  const keyOf = (kind: StructKind, v: Decoded): number =>
    kind === 'dfx' ? (v.stack_id ?? 0) : kind === 'lstackTotal' ? v.index : 0;

  return {
    onStruct(step: Step, kind: StructKind, value: Decoded, ctx: StepContext): string {
      doc.daemon = ctx.daemon;
      if (repeating(cmd)) {
        if (!current || current.at !== ctx.at) current = { at: ctx.at, values: new Map() };
        if (kind === 'ltranTotal')
          value.port_list.forEach((p: Decoded, i: number) => current!.values.set(i, p));
        else current.values.set(keyOf(kind, value), value);
        return '';
      }
      // each kind of struct is its own array; replies bring them one kind after the other
      const name =
        kind === 'dfx'
          ? 'stacks'
          : kind === 'lstackTotal'
            ? 'lstack_totals'
            : kind === 'latencyStream'
              ? 'ltran_latency'
              : kind;
      const text = element(value);
      void step;
      if (bucket === name) return `,\n${text}`;
      const head =
        bucket === null
          ? `{\n${Object.entries(doc)
              .map(([k, v]) => `${member(k, JSON.stringify(v))},\n`)
              .join('')}`
          : '\n  ],\n';
      bucket = name;
      return `${head}${member(name, '[')}\n${text}`;
    },
    onStepEnd(step: Step): string {
      if (!repeating(cmd) || !current) return '';
      if (step.mode === 'LTRAN_START_LATENCY' || step.mode === 'LTRAN_STOP_LATENCY') return '';
      const sample = current;
      current = null;
      const prev = last;
      last = sample;
      const entries = [...sample.values.entries()].map(([key, v]) => {
        const flat = flatten(v);
        const before = prev?.values.get(key);
        const seconds = prev ? (sample.at - prev.at) / 1000 : 0;
        const rates =
          before && seconds > 0
            ? ratesBetween(flatten(before), flat, seconds, rateFields ?? undefined)
            : null;
        return { key, counters: toJson(flat), per_second: rates };
      });
      return `${JSON.stringify({ time: new Date(sample.at).toISOString(), profile: wire.profile.name, command: describe(cmd), samples: entries })}\n`;
    },
    finish(): string {
      return bucket === null ? `${JSON.stringify(doc, null, 2)}\n` : '\n  ]\n}\n';
    },
    abort(message: string): string {
      return bucket === null ? '' : `\n  ],\n${member('error', JSON.stringify(message))}\n}\n`;
    },
  };
}

/** The counters of a struct as one flat record (nested members joined with '.'). */
function flatten(
  v: Decoded,
  prefix = '',
  out: Record<string, bigint | number> = {},
): Record<string, bigint | number> {
  for (const [k, x] of Object.entries(v)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (typeof x === 'bigint' || typeof x === 'number') out[name] = x;
    else if (x && typeof x === 'object' && !Array.isArray(x)) flatten(x as Decoded, name, out);
  }
  return out;
}

function describe(cmd: GazelleCommand): string {
  return cmd.target === 'lstack' ? `lstack ${cmd.kind}` : `ltran ${cmd.kind}`;
}
