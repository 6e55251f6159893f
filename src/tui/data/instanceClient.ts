/**
 * Everything `top` asks one instance (one unix_prefix): which daemon answers, stack counters,
 * connections, SNMP, NIC data, latency, set loglevel. In ltran mode the lstack data comes through
 * ltran, one registered client (process) at a time, addressed by pid (PROTOCOL.md §5.2).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  decodeDfx,
  decodeLtran,
  dfxMember,
  encodeRequest,
  type Decoded,
  type DfxData,
  type StatRequest,
} from '../../protocol/codec.js';
import type { ModeName } from '../../protocol/modes.js';
import type { Wire } from '../../protocol/profiles.js';
import { locate } from '../../protocol/ctypes.js';
import { GAZELLE_MAX_STACK_ARRAY_SIZE } from '../../protocol/structs-common.js';
import { socketPath } from '../../transport/paths.js';
import { GazelleError } from '../../errors.js';
import type { DaemonMode } from '../../protocol/conversations.js';
import { stackSampleFromDfx, withLtranBytes, type StackSample } from '../../stats/stackSample.js';
import { Channel } from './channel.js';
import type { Segment } from './frameSkimmer.js';
import { query } from './query.js';

/** More structs than stack threads in one reply means a profile mismatch (or a broken daemon). */
const MAX_STACKS = GAZELLE_MAX_STACK_ARRAY_SIZE;

/**
 * The skimmer kept only the header and the union member the mode fills (~250 of ~3 MB); decodeDfx
 * reads just those bytes, so the prefix decodes as it is (whole frames decode the same way).
 */
export function decodeSkimmed(wire: Wire, frame: Buffer, mode: ModeName): DfxData {
  return decodeDfx(wire, frame, 0, mode);
}

export interface InstanceTarget {
  runDir: string;
  prefix: string;
  wire: Wire;
  timeoutMs: number;
}

export interface ShowResult {
  daemon: DaemonMode;
  samples: StackSample[];
}

export type Loglevel = 'error' | 'info' | 'debug';

export class InstanceClient {
  private daemon: DaemonMode | null = null;
  private readonly paths: { ltran: string; lstack: string };
  /** lstack answers many requests on one connection; ltran closes after each answer. */
  private readonly lstackChannel: Channel;

  constructor(readonly target: InstanceTarget) {
    const s = target.wire.profile.sockets;
    this.paths = {
      ltran: socketPath(target.runDir, target.prefix, s.ltran),
      lstack: socketPath(target.runDir, target.prefix, s.lstack),
    };
    this.lstackChannel = new Channel(this.paths.lstack, { daemon: 'lstack', timeoutMs: target.timeoutMs });
  }

  get mode(): DaemonMode | null {
    return this.daemon;
  }

  /** Forget the daemon mode: after a failure the instance may come back as the other daemon. */
  reset(): void {
    this.daemon = null;
    this.lstackChannel.reset();
  }

  /** Closes the kept connection for good (the poller stopped). */
  close(): void {
    this.lstackChannel.close();
  }

  /** ltran's socket wins when both answer, like the C client's probe (PROTOCOL.md §1.1). */
  async detect(): Promise<DaemonMode> {
    if (this.daemon) return this.daemon;
    const opts = { timeoutMs: this.target.timeoutMs };
    try {
      await query(this.paths.ltran, null, [], { daemon: 'ltran', ...opts });
      this.daemon = 'ltran';
    } catch (ltranErr) {
      try {
        await query(this.paths.lstack, null, [], { daemon: 'lstack', ...opts });
        this.daemon = 'lstack';
      } catch (lstackErr) {
        throw lstackErr instanceof GazelleError ? lstackErr : ltranErr;
      }
    }
    return this.daemon;
  }

  async show(): Promise<ShowResult> {
    const daemon = await this.detect();
    const profile = this.target.wire.profile.name;
    if (daemon === 'lstack') {
      const dfx = await this.dfxAll('LSTACK_SHOW');
      return { daemon, samples: dfx.map((d, i) => stackSampleFromDfx(profile, d, i)) };
    }
    const samples: StackSample[] = [];
    for (const pid of await this.ltranClientPids()) {
      const { wire } = this.target;
      const [totals, frames] = await this.ask('LTRAN_SHOW_LSTACK', { pid }, [
        this.ltranSegment('lstackTotal', 'eof'),
        this.dfxSegment('LTRAN_SHOW_LSTACK', 'eof'),
      ]);
      const byTid = new Map(totals.map((b) => decodeLtran(wire, 'lstackTotal', b, 0)).map((t) => [t.tid, t]));
      frames.forEach((b, i) => {
        const s = stackSampleFromDfx(profile, decodeSkimmed(wire, b, 'LTRAN_SHOW_LSTACK'), i);
        samples.push(withLtranBytes(s, byTid.get(s.tid)));
      });
    }
    return { daemon, samples };
  }

  /** dfx answers of every stack (of every ltran client) for a show-like mode. */
  async dfxAll(mode: ModeName): Promise<Decoded[]> {
    const daemon = await this.detect();
    const pids = daemon === 'ltran' ? await this.ltranClientPids() : [0];
    const out: Decoded[] = [];
    for (const pid of pids) {
      const [frames] = await this.ask(mode, { pid }, [this.dfxSegment(mode, 'eof')]);
      for (const b of frames) out.push(decodeSkimmed(this.target.wire, b, mode));
    }
    return out;
  }

  /** XSTATS / NIC_FEATURES: lstack only, exactly one struct. */
  async dfxOne(mode: ModeName): Promise<Decoded | undefined> {
    if ((await this.detect()) === 'ltran' || !this.target.wire.profile.modes.has(mode)) return undefined;
    const [[frame]] = await this.ask(mode, {}, [this.dfxSegment(mode, 'one')]);
    return decodeSkimmed(this.target.wire, frame, mode);
  }

  /** START_LATENCY, wait, STOP_LATENCY, SHOW_LATENCY (PROTOCOL.md §6 `lstack show ID -l`). */
  async measureLatency(seconds: number, signal?: AbortSignal): Promise<Decoded[]> {
    const daemon = await this.detect();
    const pids = daemon === 'ltran' ? await this.ltranClientPids() : [0];
    for (const pid of pids) await this.ask('LTRAN_START_LATENCY', { pid }, []);
    await sleep(seconds * 1000, undefined, { signal });
    for (const pid of pids) await this.ask('LTRAN_STOP_LATENCY', { pid }, []);
    return this.dfxAll('LSTACK_SHOW_LATENCY');
  }

  async setLoglevel(level: Loglevel): Promise<void> {
    const daemon = await this.detect();
    const pids = daemon === 'ltran' ? await this.ltranClientPids() : [0];
    for (const pid of pids) await this.ask('LSTACK_LOG_LEVEL_SET', { pid, log_level: level }, []);
  }

  private async ltranClientPids(): Promise<number[]> {
    const [[frame]] = await this.ask('LTRAN_SHOW_INSTANCE', {}, [this.ltranSegment('ltranClient', 'one')]);
    const clients = decodeLtran(this.target.wire, 'ltranClient', frame, 0);
    return (clients.client_info as Decoded[]).map((c) => c.pid as number);
  }

  private async ask(mode: ModeName, req: Partial<StatRequest>, segments: Segment[]): Promise<Buffer[][]> {
    const daemon = await this.detect();
    const { wire, timeoutMs } = this.target;
    const request = encodeRequest(wire, {
      stat_mode: wire.profile.modes.number(mode),
      ip: 0,
      pid: 0,
      ...req,
    });
    // Requests without an answer (loglevel, latency start/stop) go on a connection of their own.
    if (daemon === 'lstack' && segments.length > 0) return this.lstackChannel.ask(request, segments);
    return query(daemon === 'ltran' ? this.paths.ltran : this.paths.lstack, request, segments, {
      daemon,
      timeoutMs,
    });
  }

  private dfxSegment(mode: ModeName, until: Segment['until']): Segment {
    const layout = this.target.wire.layouts.dfx;
    const member = dfxMember(this.target.wire.profile.name, mode);
    // Only the header and the union member this mode fills; the rest is skimmed past.
    const m = locate(layout, member ? `data.${member}` : 'data');
    const keep = member ? m.offset + m.layout.size : m.offset;
    return { size: layout.size, keep, until, max: MAX_STACKS };
  }

  private ltranSegment(kind: 'lstackTotal' | 'ltranClient', until: Segment['until']): Segment {
    const size = this.target.wire.layouts[kind].size;
    return { size, keep: size, until, max: MAX_STACKS };
  }
}
