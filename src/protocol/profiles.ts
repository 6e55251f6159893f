/**
 * Protocol eras ("profiles", PROTOCOL.md §11.3) and targets. A Wire is one profile compiled for one
 * target: every layout the client or the simulator needs, with computed offsets and sizes.
 */
import { compile, type Layout, type StructType, type Target } from './ctypes.js';
import type { ModeTable } from './modes.js';
import * as common from './structs-common.js';
import * as v103 from './eras/v1.0.3.js';
import * as v2024 from './eras/v2024.09.js';
import * as v102 from './eras/v1.0.2.js';

export const PROFILE_NAMES = ['v1.0.3', 'v2024.09', 'v1.0.2'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];
export const DEFAULT_PROFILE: ProfileName = 'v1.0.3';

export const ARCHES = { x86_64: 64, aarch64: 128 } as const;
export type Arch = keyof typeof ARCHES;

export interface Profile {
  readonly name: ProfileName;
  readonly modes: ModeTable;
  /** Socket file names under <run dir><unix_prefix>. */
  readonly sockets: { readonly ltran: string; readonly lstack: string };
  /**
   * 1.0.3-era clients probe ltran then lstack with an empty connection for `lstack` commands;
   * the 1.0.2 client tries the ltran socket and, failing that, sends straight to lstack.
   */
  readonly probe: 'empty-connection' | 'ltran-connect';
  /** The 1.0.2 client read with no timeout at all; later ones poll 5000 ms per read. */
  readonly cReadTimeoutMs: number | null;
  readonly latencyMax: number;
  readonly structs: {
    readonly request: StructType;
    readonly dfx: StructType;
    readonly ltranTotal: StructType;
    readonly lstackTotal: StructType;
    readonly ltranClient: StructType;
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

export const PROFILES: Record<ProfileName, Profile> = {
  'v1.0.3': {
    name: 'v1.0.3',
    modes: v103.modes,
    sockets: { ltran: 'ltran_cmd.sock', lstack: 'lstack_cmd.sock' },
    probe: 'empty-connection',
    cReadTimeoutMs: 5000,
    latencyMax: v103.LATENCY_MAX,
    structs: { request: v103.request, dfx: v103.dfx, ltranClient: v103.ltranClient, ...ltranStructs },
  },
  'v2024.09': {
    name: 'v2024.09',
    modes: v2024.modes,
    sockets: { ltran: 'ltran_cmd.sock', lstack: 'lstack_cmd.sock' },
    probe: 'empty-connection',
    cReadTimeoutMs: 5000,
    latencyMax: v2024.LATENCY_MAX,
    structs: { request: v2024.request, dfx: v2024.dfx, ltranClient: v2024.ltranClient, ...ltranStructs },
  },
  'v1.0.2': {
    name: 'v1.0.2',
    modes: v102.modes,
    sockets: { ltran: 'gazelle_cmd.sock', lstack: 'gazelle_client.sock' },
    probe: 'ltran-connect',
    cReadTimeoutMs: null,
    latencyMax: 2,
    structs: { request: v102.request, dfx: v102.dfx, ltranClient: v102.ltranClient, ...ltranStructs },
  },
};

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
