/**
 * --json output. One document per command; for repeating commands (-r, burst) one JSON object
 * per sample (NDJSON) with rates computed from the measured time between samples.
 */
import type { GazelleCommand } from '../../cli/grammar.js';
import type { Printer, StepContext, StructKind } from '../../client/run.js';
import type { Decoded } from '../../protocol/codec.js';
import type { Step } from '../../protocol/conversations.js';
import type { Wire } from '../../protocol/profiles.js';
import { ratesBetween } from '../../stats/counters.js';
import { toJson } from './values.js';

interface Sample {
  at: number;
  values: Map<number, Decoded>;
}

export interface JsonPrinter extends Printer {
  /** The final document of a non-repeating command. */
  finish(): string;
}

const repeating = (cmd: GazelleCommand): boolean => cmd.kind === 'rate' || cmd.kind === 'burst';

export function jsonPrinter(cmd: GazelleCommand, wire: Wire): JsonPrinter {
  const doc: Record<string, unknown> = { profile: wire.profile.name, command: describe(cmd) };
  const collected: Record<string, unknown[]> = {};
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
      const bucket =
        kind === 'dfx'
          ? 'stacks'
          : kind === 'lstackTotal'
            ? 'lstack_totals'
            : kind === 'latencyStream'
              ? 'ltran_latency'
              : kind;
      (collected[bucket] ??= []).push(toJson(value));
      void step;
      return '';
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
      return `${JSON.stringify({ ...doc, ...collected }, null, 2)}\n`;
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
