/**
 * The protocol eras ("profiles", PROTOCOL.md §11.3), each declared in its own eras/*.ts, and targets. A Wire is one profile compiled for one
 * target: every layout the client or the simulator needs, with computed offsets and sizes.
 */
import { compile, type Layout, type StructType, type Target } from './ctypes.js';
import type { EraSpec } from './era-spec.js';
import * as common from './structs-common.js';
import * as v103 from './eras/v1.0.3.js';
import * as v2024 from './eras/v2024.09.js';
import * as v102 from './eras/v1.0.2.js';

/** The eras, newest protocol first; the first is the default. */
const ERAS = [v103.era, v2024.era, v102.era] as const;

export type ProfileName = (typeof ERAS)[number]['name'];
export const PROFILE_NAMES: readonly ProfileName[] = ERAS.map((e) => e.name);
export const DEFAULT_PROFILE: ProfileName = 'v1.0.3';

export const ARCHES = { x86_64: 64, aarch64: 128 } as const;
export type Arch = keyof typeof ARCHES;

/** An era with the structs every era shares. */
export interface Profile extends EraSpec {
  readonly name: ProfileName;
  readonly structs: EraSpec['structs'] & {
    readonly ltranTotal: StructType;
    readonly lstackTotal: StructType;
    readonly forwardTable: StructType;
    readonly inAddr: StructType;
  };
}

const ltranStructs = {
  ltranTotal: common.ltranTotal,
  lstackTotal: common.lstackTotal,
  forwardTable: common.forwardTable,
  inAddr: common.inAddr,
};

export const PROFILES = Object.fromEntries(
  ERAS.map((e): [ProfileName, Profile] => [e.name, { ...e, structs: { ...e.structs, ...ltranStructs } }]),
) as Record<ProfileName, Profile>;

export function isProfileName(s: string): s is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(s);
}

export interface Wire {
  readonly profile: Profile;
  readonly target: Target;
  readonly layouts: { readonly [K in keyof Profile['structs']]: Layout };
}

const wires = new Map<string, Wire>();

/** The profile compiled for a target; `cacheLine` overrides the arch default (e.g. arm SoCs with 64). */
export function wireFor(name: ProfileName, arch: Arch = 'x86_64', cacheLine?: number): Wire {
  const target: Target = { cacheLine: cacheLine ?? ARCHES[arch] };
  const key = `${name}/${target.cacheLine}`;
  let wire = wires.get(key);
  if (!wire) {
    const profile = PROFILES[name];
    const s = profile.structs;
    const layouts = {
      request: compile(s.request, target),
      dfx: compile(s.dfx, target),
      ltranTotal: compile(s.ltranTotal, target),
      lstackTotal: compile(s.lstackTotal, target),
      ltranClient: compile(s.ltranClient, target),
      forwardTable: compile(s.forwardTable, target),
      inAddr: compile(s.inAddr, target),
    };
    wire = { profile, target, layouts };
    wires.set(key, wire);
  }
  return wire;
}
