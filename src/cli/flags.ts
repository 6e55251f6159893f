/** oclif flag definitions, built from the plain specs in flag-spec.ts. */
import { Flags } from '@oclif/core';
import { CONNECTION_FLAGS, OUTPUT_FLAGS, type FlagSpec } from './flag-spec.js';

function toOclif(spec: FlagSpec, group?: string) {
  const common = {
    summary: spec.summary,
    helpGroup: group,
    ...(spec.char ? { char: spec.char as 'u' } : {}),
  };
  if (spec.type === 'boolean') return Flags.boolean(common);
  if (spec.type === 'integer') return Flags.integer({ ...common, min: spec.min, default: spec.default });
  return Flags.string({ ...common, options: spec.options ? [...spec.options] : undefined });
}

// oclif's flag types are per-flag generics; a table built at run time is typed loosely on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const build = (specs: Record<string, FlagSpec>, group?: string): Record<string, any> =>
  Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, toOclif(s, group)]));

export const connectionFlags = build(CONNECTION_FLAGS, 'CONNECTION');
export const outputFlags = build(OUTPUT_FLAGS);
export const gazelleFlags = { ...connectionFlags, ...outputFlags };
