/**
 * The one place that sees every frame the monitors read (top, the exporter): a recorder hooks in
 * here. Frames are what the monitor kept of each struct (a header-and-member prefix of a ~3 MB
 * dfx struct), with the instance, the era and the mode that asked for them.
 */
import type { ModeName } from '../protocol/modes.js';
import type { ProfileName } from '../protocol/profiles.js';

export interface TappedFrame {
  readonly prefix: string;
  readonly profile: ProfileName;
  readonly mode: ModeName;
  readonly frame: Buffer;
}

let tap: ((f: TappedFrame) => void) | null = null;

/** Installs the hook (null removes it); returns the one it replaced. */
export function setFrameTap(next: ((f: TappedFrame) => void) | null): ((f: TappedFrame) => void) | null {
  const before = tap;
  tap = next;
  return before;
}

export function tapFrames(prefix: string, profile: ProfileName, mode: ModeName, results: Buffer[][]): void {
  if (!tap) return;
  for (const frames of results) for (const frame of frames) tap({ prefix, profile, mode, frame });
}
