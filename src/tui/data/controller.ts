/**
 * The one store behind the TUI: the instances, their pollers, and the commands the user can send
 * (loglevel, latency). The live app (liveApp.ts) reads it through subscribe/getSnapshot.
 */
import type { Arch, ProfileName } from '../../protocol/profiles.js';
import { discoverPrefixes } from '../../monitor/discover.js';
import { errorText } from '../../monitor/errorText.js';
import { InstanceClient, type Loglevel } from '../../monitor/instanceClient.js';
import { InstancePoller, type Demand } from './poller.js';
import type { ReplayStatus } from './replayController.js';
import type { ReplayOp } from '../state/keymap.js';
import { ProcSource } from '../../dpdk/proc-source.js';
import { ThreadCpuReader } from '../../monitor/threadCpu.js';
import { InstanceDpdkReader } from '../../monitor/instanceDpdk.js';
import { runtimeBases } from '../../dpdk/runtime-dir.js';
import { label } from '../../monitor/label.js';
import {
  applyResume,
  latencyFinished,
  latencyStarted,
  newInstance,
  type InstanceData,
} from '../state/instanceData.js';

export interface TopSource {
  runDir: string;
  /** Prefixes from -u; null = every instance found in the run dir (rescanned while running). */
  prefixes: string[] | null;
  timeoutMs: number;
  /** --profile NAME; absent: each instance in its own era (monitor/era.ts). */
  only?: readonly ProfileName[];
  arch?: Arch;
  cacheLine?: number;
  /** A /proc-like tree for the stack threads' CPU (tests); default /proc. */
  procRoot?: string;
  /** DPDK runtime bases for the threads view (default: DPDK's own, as `gazellectl dpdk`). */
  dpdkDirs?: readonly string[];
}

/** What the screen froze on when the user paused: shown as of `at`, the data read by `dataAt`. */
export interface PausedAt {
  at: number;
  /** The newest successful poll among the instances, null if none answered yet. */
  dataAt: number | null;
}

export interface TopSnapshot {
  instances: InstanceData[];
  /**
   * Live, set from the moment the user pauses until the first round after the resume is in: the
   * frame is frozen as of then, so nothing on it ages or goes stale because of the pause.
   */
  paused?: PausedAt;
  /** Set by `top --replay`: where in the recording the snapshot is. */
  replay?: ReplayStatus;
}

/** What the app needs of its data: the live controller, or the replay of a recording. */
export interface TopStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): TopSnapshot;
  now(): number;
  interval: number;
  setDemand(prefix: string | null, need: Demand): void;
  setPaused(paused: boolean): void;
  setLoglevel(prefix: string, level: Loglevel): Promise<string>;
  measureLatency(prefix: string, seconds: number): Promise<void>;
  /** Replay only: carries out a replay key, returns a message. */
  apply?(op: ReplayOp): string | null;
}

const NO_DEMAND: Demand = { conn: false, snmp: false, nic: false, dpdk: false };
/** How often the run dir is rescanned for instances that appeared or vanished. */
const RESCAN_MS = 5000;
/** Updates outside poll rounds (latency, loglevel) are drawn this soon. */
const NOTIFY_BATCH_MS = 60;

export class TopController {
  private snapshot: TopSnapshot = { instances: [] };
  private readonly listeners = new Set<() => void>();
  private readonly pollers = new Map<string, InstancePoller>();
  private rescanTimer: NodeJS.Timeout | undefined;
  private readonly abort = new AbortController();
  interval: number;
  private readonly epoch: number;
  paused = false;
  historyMinutes = 5;
  /** The selected instance and what its visible view needs. */
  demand: { prefix: string | null } & Demand = { prefix: null, ...NO_DEMAND };

  constructor(
    readonly source: TopSource,
    intervalMs: number,
    readonly now: () => number = Date.now,
  ) {
    this.interval = intervalMs;
    this.epoch = now();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): TopSnapshot => this.snapshot;

  /** Finds the instances; with `live` they are polled until stop(). */
  async start(live = true): Promise<void> {
    await this.rescan(live);
    if (live && this.source.prefixes === null) {
      this.rescanTimer = setInterval(() => void this.rescan(true), RESCAN_MS);
    }
  }

  stop(): void {
    clearInterval(this.rescanTimer);
    clearTimeout(this.notifyTimer);
    this.abort.abort();
    for (const p of this.pollers.values()) p.stop();
  }

  /** One round on every instance at once (for --once). */
  async pollAll(): Promise<void> {
    await Promise.all([...this.pollers.values()].map((p) => p.round()));
  }

  setDemand(prefix: string | null, need: Demand): void {
    const changed =
      prefix !== this.demand.prefix ||
      need.conn !== this.demand.conn ||
      need.snmp !== this.demand.snmp ||
      need.nic !== this.demand.nic ||
      Boolean(need.dpdk) !== Boolean(this.demand.dpdk);
    this.demand = { prefix, ...need };
    if (changed && prefix !== null) this.pollers.get(prefix)?.poke();
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    const at = this.now();
    if (paused) {
      const times = this.snapshot.instances.flatMap((i) => (i.lastOkAt === null ? [] : [i.lastOkAt]));
      const dataAt = times.length ? Math.max(...times) : null;
      this.snapshot = { ...this.snapshot, paused: { at, dataAt } };
      this.notifyNow();
      return;
    }
    // Still drawn frozen until the first round after the resume replaces it (update drops `paused`).
    const instances = this.snapshot.instances.map((i) => applyResume(i, at));
    this.snapshot = this.pollers.size ? { ...this.snapshot, instances } : { instances };
    if (!this.pollers.size) this.notifyNow();
    for (const p of this.pollers.values()) p.poke();
  }

  async setLoglevel(prefix: string, level: Loglevel): Promise<string> {
    const poller = this.pollers.get(prefix);
    if (!poller) return `no instance '${prefix}'`;
    try {
      await poller.client.setLoglevel(level);
      poller.poke();
      return `loglevel of ${label(prefix)} set to ${level}`;
    } catch (e) {
      return `setting loglevel of ${label(prefix)} failed: ${errorText(e)}`;
    }
  }

  async measureLatency(prefix: string, seconds: number): Promise<void> {
    const poller = this.pollers.get(prefix);
    if (!poller) return;
    this.update(prefix, (i) => latencyStarted(i, seconds, this.now()));
    try {
      const answers = await poller.client.measureLatency(seconds, this.abort.signal);
      this.update(prefix, (i) => latencyFinished(i, answers));
    } catch (e) {
      this.update(prefix, (i) => latencyFinished(i, new Error(errorText(e))));
    }
  }

  private update(
    prefix: string,
    change: (inst: InstanceData) => InstanceData,
    waitMs: number = NOTIFY_BATCH_MS,
  ): void {
    let changed = false;
    const instances = this.snapshot.instances.map((i) => {
      if (i.prefix !== prefix) return i;
      const next = change(i);
      if (next !== i) changed = true;
      return next;
    });
    // Nothing new to show: no snapshot, no redraw.
    if (!changed) return;
    this.snapshot = this.paused ? { ...this.snapshot, instances } : { instances };
    this.notifySoon(waitMs);
  }

  private notifyTimer: NodeJS.Timeout | undefined;
  private notifyDue = Infinity;

  /**
   * Every redraw costs CPU, so all instances' results of one poll round make one redraw:
   * it happens when no instance is still in its round, or when the wait bound passes (a slow or
   * hung instance never holds the others' fresh data back longer than that).
   */
  private notifySoon(waitMs: number): void {
    const due = performance.now() + waitMs;
    if (this.notifyTimer && due > this.notifyDue) return;
    clearTimeout(this.notifyTimer);
    this.notifyDue = due;
    this.notifyTimer = setTimeout(() => this.notifyNow(), waitMs);
  }

  private notifyNow(): void {
    clearTimeout(this.notifyTimer);
    this.notifyTimer = undefined;
    this.notifyDue = Infinity;
    for (const l of this.listeners) l();
  }

  /**
   * Every poller starts its rounds on one beat (multiples of the interval since the controller was
   * made): timers that fire late, behind another instance's decoding, would otherwise spread the
   * instances' rounds over the interval and each would get its own redraw. A round started off the
   * beat (a poke, a late timer) is followed by the beat at least half an interval on, so that rates
   * are never taken over a sliver of time.
   */
  private nextRoundAt(started: number): number {
    const beat = this.interval;
    return this.epoch + Math.ceil((started + beat / 2 - this.epoch) / beat) * beat;
  }

  /** How long a round's results wait for the instances still polling. */
  private roundWaitMs(): number {
    return Math.max(NOTIFY_BATCH_MS, Math.min(this.source.timeoutMs, this.interval / 2));
  }

  /** A poller finished its round: if it was the last one busy, draw what the round brought now. */
  private roundDone(): void {
    if (!this.notifyTimer) return;
    for (const p of this.pollers.values()) if (p.busy) return;
    // on the next turn of the loop: a round's caller (pollAll) sees its results before the screen
    this.notifySoon(0);
  }

  private async rescan(live: boolean): Promise<void> {
    const found = this.source.prefixes ?? (await discoverPrefixes(this.source.runDir, this.source.only));
    // A vanished socket of a known instance is a daemon that died: keep showing it as down.
    const prefixes = [...new Set([...this.pollers.keys(), ...found])].sort();
    if (prefixes.length === this.pollers.size) return;
    for (const prefix of prefixes) {
      if (this.pollers.has(prefix)) continue;
      const { runDir, timeoutMs, only, arch, cacheLine } = this.source;
      const client = new InstanceClient({ runDir, prefix, timeoutMs, only, arch, cacheLine });
      const poller = new InstancePoller(
        client,
        {
          now: this.now,
          intervalMs: () => this.interval,
          historyMs: () => this.historyMinutes * 60_000,
          paused: () => this.paused,
          demand: (p) => (p === this.demand.prefix ? this.demand : NO_DEMAND),
          // a round that was under way when the user paused: its results would change the frozen frame
          update: (p, change) => {
            if (!this.paused) this.update(p, change, this.roundWaitMs());
          },
          roundDone: () => this.roundDone(),
          nextRoundAt: (started) => this.nextRoundAt(started),
        },
        new ThreadCpuReader(new ProcSource(this.source.procRoot)),
        new InstanceDpdkReader({
          bases: runtimeBases(this.source.dpdkDirs, process.env),
          procRoot: this.source.procRoot,
          timeoutMs: Math.min(timeoutMs, 1000),
        }),
      );
      this.pollers.set(prefix, poller);
      if (live) poller.start();
    }
    const byPrefix = new Map(this.snapshot.instances.map((i) => [i.prefix, i]));
    this.snapshot = { ...this.snapshot, instances: prefixes.map((p) => byPrefix.get(p) ?? newInstance(p)) };
    // Drawn at once: the new pollers' first rounds start on a later tick, so nothing is half done.
    this.notifyNow();
  }
}
