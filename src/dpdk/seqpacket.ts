/**
 * The one place that loads `node-unix-socket` (SOCK_SEQPACKET needs a native addon). Loaded lazily
 * and at most once: a host without it, or a platform without a prebuilt binary, gets null and a
 * one-line reason, and everything but telemetry still works.
 */
import type { SeqpacketServer, SeqpacketSocket } from 'node-unix-socket';

export interface SeqpacketAddon {
  readonly SeqpacketSocket: typeof SeqpacketSocket;
  readonly SeqpacketServer: typeof SeqpacketServer;
}

export type AddonResult = { ok: true; addon: SeqpacketAddon } | { ok: false; reason: string };

let loading: Promise<AddonResult> | null = null;

export function loadSeqpacket(): Promise<AddonResult> {
  loading ??= import('node-unix-socket').then(
    (m: Partial<SeqpacketAddon> & { default?: Partial<SeqpacketAddon> }) => {
      const mod = m.SeqpacketSocket ? m : (m.default ?? {});
      if (!mod.SeqpacketSocket || !mod.SeqpacketServer) {
        return { ok: false, reason: 'node-unix-socket has no SeqpacketSocket' } as const;
      }
      return { ok: true, addon: mod as SeqpacketAddon } as const;
    },
    (e: unknown) => ({
      ok: false,
      reason: `node-unix-socket is not usable here (${firstLine(e)})`,
    }),
  );
  return loading;
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]!.slice(0, 160);
}
