/**
 * Everything `top` asks one instance (one unix_prefix): which daemon answers, stack counters,
 * connections, SNMP, NIC data, latency, set loglevel. In ltran mode the lstack data comes through
 * ltran, one registered client (process) at a time, addressed by pid (PROTOCOL.md §5.2).
 */
import type { Daemon } from '../model/daemon.js';
import {
  decodeDfx,
  decodeLtran,
  dfxMember,
  encodeRequest,
  type Decoded,
  type DfxData,
  type StatRequest,
} from '../protocol/codec.js';
import type { ModeName } from '../protocol/modes.js';
import type { ProfileName, Wire } from '../protocol/profiles.js';
import { MAX_STRUCTS_PER_REPLY, NO_ANSWER_HOLD_MS } from '../protocol/rules.js';
import { detectEra, type EraOptions, type InstanceEra } from './era.js';
import { tapFrames } from './tap.js';
import { locate } from '../protocol/ctypes.js';
import { socketPath } from '../transport/paths.js';
import { withLtranBytes, type StackSample } from '../stats/stackSample.js';
import { showSampler } from './showSample.js';
import { Channel } from './channel.js';
import type { StructRun } from './frameSkimmer.js';
import { query } from './query.js';

const MAX_STACKS = MAX_STRUCTS_PER_REPLY;
/** What each mode keeps of a dfx struct, per wire: found once, not on every poll (locate parses paths). */
const segmentCache = new WeakMap<Wire, Map<string, StructRun>>();
/** Encoded poll requests, per wire. */
const requestCache = new WeakMap<Wire, Map<string, Buffer>>();

/**
 * The skimmer kept only the header and the union member the mode fills (~250 of ~3 MB); decodeDfx
 * reads just those bytes, so the prefix decodes as it is (whole frames decode the same way).
 */
export function decodeSkimmed(wire: Wire, frame: Buffer, mode: ModeName): DfxData {
  return decodeDfx(wire, frame, 0, mode);
}

/** One instance of a run dir, in the era --profile forces or in its own (era.ts). */
export type InstanceTarget = EraOptions;

export interface ShowResult {
  daemon: Daemon;
  profile: ProfileName;
  samples: StackSample[];
}

export type { LogLevel as Loglevel } from '../model/loglevel.js';
import type { LogLevel as Loglevel } from '../model/loglevel.js';

export class InstanceClient {
  private era: InstanceEra | null = null;
  private resolving: Promise<InstanceEra> | null = null;
  private paths: { ltran: string; lstack: string } | null = null;
  /** lstack answers many requests on one connection; ltran closes after each answer. */
  private lstackChannel: Channel | null = null;
  private closed = false;
  /** Era detections so far (the first, then one after each failure, e.g. a restart). */
  detections = 0;
  /** Requests sent to detect the era, in all. */
  detectionRequests = 0;

  constructor(readonly target: InstanceTarget) {}

  get mode(): Daemon | null {
    return this.era?.daemon ?? null;
  }

  /** The era spoken, once detected. */
  get profile(): ProfileName | null {
    return this.era?.profile ?? null;
  }

  get wire(): Wire {
    if (!this.era) throw new Error('era not detected yet');
    return this.era.wire;
  }

  /** Forget the era and daemon: after a failure the instance may come back as another (restart). */
  reset(): void {
    this.era = null;
    this.lstackChannel?.close();
    this.lstackChannel = null;
  }

  /** Closes the kept connection for good (the poller stopped). */
  close(): void {
    this.closed = true;
    this.lstackChannel?.close();
  }

  /** The era and daemon of the instance, detected once (and again after reset()). */
  async resolve(): Promise<InstanceEra> {
    if (this.era) return this.era;
    this.resolving ??= (async () => {
      try {
        const era = await detectEra({ ...this.target });
        this.detections++;
        this.detectionRequests += era.requests;
        const s = era.wire.profile.sockets;
        const { runDir, prefix, timeoutMs } = this.target;
        this.paths = {
          ltran: socketPath(runDir, prefix, s.ltran),
          lstack: socketPath(runDir, prefix, s.lstack),
        };
        this.lstackChannel?.close();
        this.lstackChannel = new Channel(this.paths.lstack, { daemon: 'lstack', timeoutMs });
        if (this.closed) this.lstackChannel.close();
        this.era = era;
        return era;
      } finally {
        this.resolving = null;
      }
    })();
    return this.resolving;
  }

  async detect(): Promise<Daemon> {
    return (await this.resolve()).daemon;
  }

  async show(): Promise<ShowResult> {
    const { daemon } = this.era ?? (await this.resolve());
    const profile = this.wire.profile.name;
    const sample = showSampler(this.wire);
    if (daemon === 'lstack') {
      const [frames] = await this.ask('LSTACK_SHOW', { pid: 0 }, [this.dfxSegment('LSTACK_SHOW', 'eof')]);
      return { daemon, profile, samples: frames.map(sample) };
    }
    const samples: StackSample[] = [];
    for (const pid of await this.ltranClientPids()) {
      const { wire } = this;
      const [totals, frames] = await this.ask('LTRAN_SHOW_LSTACK', { pid }, [
        this.ltranSegment('lstackTotal', 'eof'),
        this.dfxSegment('LTRAN_SHOW_LSTACK', 'eof'),
      ]);
      const byTid = new Map(totals.map((b) => decodeLtran(wire, 'lstackTotal', b, 0)).map((t) => [t.tid, t]));
      frames.forEach((b, i) => {
        const s = sample(b, i);
        samples.push(withLtranBytes(s, byTid.get(s.tid)));
      });
    }
    return { daemon, profile, samples };
  }

  /** dfx answers of every stack (of every ltran client) for a show-like mode. */
  async dfxAll(mode: ModeName): Promise<Decoded[]> {
    const daemon = await this.detect();
    const pids = daemon === 'ltran' ? await this.ltranClientPids() : [0];
    const out: Decoded[] = [];
    for (const pid of pids) {
      const [frames] = await this.ask(mode, { pid }, [this.dfxSegment(mode, 'eof')]);
      for (const b of frames) out.push(decodeSkimmed(this.wire, b, mode));
    }
    return out;
  }

  /** LTRAN_SHOW: one gazelle_stat_ltran_total (bond port counters); ltran only. */
  async ltranTotal(): Promise<Decoded> {
    const [[frame]] = await this.ask('LTRAN_SHOW', {}, [
      { ...this.ltranSegment('ltranTotal', 'one'), max: 1 },
    ]);
    return decodeLtran(this.wire, 'ltranTotal', frame, 0);
  }

  /** XSTATS / NIC_FEATURES: lstack only, exactly one struct. */
  async dfxOne(mode: ModeName): Promise<Decoded | undefined> {
    if ((await this.detect()) === 'ltran' || !this.wire.profile.modes.has(mode)) return undefined;
    const [[frame]] = await this.ask(mode, {}, [this.dfxSegment(mode, 'one')]);
    return decodeSkimmed(this.wire, frame, mode);
  }

  /**
   * START_LATENCY held open for the measurement, STOP_LATENCY held NO_ANSWER_HOLD_MS, then
   * SHOW_LATENCY: the C client's `lstack show ID -l` (PROTOCOL.md §6, §11.6.1).
   */
  async measureLatency(seconds: number, signal?: AbortSignal): Promise<Decoded[]> {
    const daemon = await this.detect();
    const pids = daemon === 'ltran' ? await this.ltranClientPids() : [0];
    await Promise.all(pids.map((pid) => this.tell('LTRAN_START_LATENCY', { pid }, seconds * 1000, signal)));
    await Promise.all(pids.map((pid) => this.tell('LTRAN_STOP_LATENCY', { pid }, NO_ANSWER_HOLD_MS, signal)));
    return this.dfxAll('LSTACK_SHOW_LATENCY');
  }

  async setLoglevel(level: Loglevel): Promise<void> {
    const daemon = await this.detect();
    const pids = daemon === 'ltran' ? await this.ltranClientPids() : [0];
    for (const pid of pids)
      await this.tell('LSTACK_LOG_LEVEL_SET', { pid, log_level: level }, NO_ANSWER_HOLD_MS);
  }

  private async ltranClientPids(): Promise<number[]> {
    const [[frame]] = await this.ask('LTRAN_SHOW_INSTANCE', {}, [this.ltranSegment('ltranClient', 'one')]);
    const clients = decodeLtran(this.wire, 'ltranClient', frame, 0);
    return (clients.client_info as Decoded[]).map((c) => c.pid as number);
  }

  private request(mode: ModeName, req: Partial<StatRequest>): Buffer {
    const { wire } = this;
    const encode = (): Buffer =>
      encodeRequest(wire, { stat_mode: wire.profile.modes.number(mode), ip: 0, pid: 0, ...req });
    // The polls' requests (a mode and a pid) are the same every second: encoded once. Nothing
    // writes into a request after it is encoded, so one buffer serves every write.
    if (Object.keys(req).some((k) => k !== 'pid')) return encode();
    let byKey = requestCache.get(wire);
    if (!byKey) requestCache.set(wire, (byKey = new Map()));
    const key = `${mode} ${req.pid ?? 0}`;
    let buf = byKey.get(key);
    if (!buf) {
      // ltran's client pids come and go: the cache never grows past a few polls' worth
      if (byKey.size >= 64) byKey.clear();
      byKey.set(key, (buf = encode()));
    }
    return buf;
  }

  private async ask(mode: ModeName, req: Partial<StatRequest>, segments: StructRun[]): Promise<Buffer[][]> {
    const { daemon, path, profile } = this.era ?? (await this.resolve());
    const request = this.request(mode, req);
    const { timeoutMs } = this.target;
    const results =
      daemon === 'lstack' && this.lstackChannel
        ? await this.lstackChannel.ask(request, segments)
        : await query(path, request, segments, { daemon, timeoutMs });
    tapFrames(this.target.prefix, profile, mode, results);
    return results;
  }

  /**
   * A request without an answer (latency start/stop, set loglevel), on a connection of its own held
   * open `holdMs` so the daemon reads it before the hang-up (§11.6.1); whatever it writes is drained.
   */
  private async tell(
    mode: ModeName,
    req: Partial<StatRequest>,
    holdMs: number,
    signal?: AbortSignal,
  ): Promise<void> {
    const { daemon, path } = await this.resolve();
    const request = this.request(mode, req);
    await query(path, request, [], { daemon, timeoutMs: this.target.timeoutMs, holdMs, signal });
  }

  private dfxSegment(mode: ModeName, until: StructRun['until']): StructRun {
    const { wire } = this;
    let byMode = segmentCache.get(wire);
    if (!byMode) segmentCache.set(wire, (byMode = new Map()));
    const key = `${mode} ${until}`;
    let seg = byMode.get(key);
    if (!seg) {
      const layout = wire.layouts.dfx;
      const member = dfxMember(wire.profile.name, mode);
      // Only the header and the union member this mode fills; the rest is skimmed past.
      const m = locate(layout, member ? `data.${member}` : 'data');
      const keep = member ? m.offset + m.layout.size : m.offset;
      seg = { size: layout.size, keep, until, max: MAX_STACKS };
      byMode.set(key, seg);
    }
    return seg;
  }

  private ltranSegment(
    kind: 'lstackTotal' | 'ltranClient' | 'ltranTotal',
    until: StructRun['until'],
  ): StructRun {
    const size = this.wire.layouts[kind].size;
    return { size, keep: size, until, max: MAX_STACKS };
  }
}
