/** oclif flag definitions, built from the plain specs in flag-spec.ts, typed per flag. */
import { Flags, type Interfaces } from '@oclif/core';
import { CONNECTION_FLAGS, OUTPUT_FLAGS, type FlagSpec } from './flag-spec.js';

/** The oclif flag a spec becomes, so that `this.parse` types each parsed value. */
type OclifFlag<S extends FlagSpec> = S extends { type: 'boolean' }
  ? Interfaces.BooleanFlag<boolean>
  : S extends { type: 'integer'; default: number }
    ? Interfaces.OptionFlag<number>
    : S extends { type: 'integer' }
      ? Interfaces.OptionFlag<number | undefined>
      : Interfaces.OptionFlag<string | undefined>;

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

const build = <T extends Record<string, FlagSpec>>(specs: T, group?: string) =>
  Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, toOclif(s, group)])) as {
    [K in keyof T]: OclifFlag<T[K]>;
  };

export const connectionFlags = build(CONNECTION_FLAGS, 'CONNECTION');
export const outputFlags = build(OUTPUT_FLAGS);
export const gazelleFlags = { ...connectionFlags, ...outputFlags };
