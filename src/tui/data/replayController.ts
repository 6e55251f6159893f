/**
 * The store behind `top --replay`: the same snapshot the live controller gives the screen, built from
 * a recording at a cursor, with playback (a virtual clock at a chosen speed) instead of pollers. The
 * commands that would reach a daemon (loglevel, latency) answer "not in replay".
 */
import type { Loglevel } from '../../monitor/instanceClient.js';
import type { ReplayCursor } from '../../replay/cursor.js';
import type { RecorderGap } from '../../replay/fold.js';
import { parseGoto, replayClock } from '../../replay/when.js';
import type { Demand } from './poller.js';
import { NOT_IN_REPLAY, type ReplayOp } from '../state/keymap.js';
import type { TopSnapshot } from './controller.js';

export const SPEEDS = [1, 2, 4, 8, 15, 30, 60, 120, 300] as const;

export interface ReplayStatus {
  t: number;
  first: number;
  last: number;
  playing: boolean;
  speed: number;
  /** A stretch without samples that ended at this sample. */
  gap: RecorderGap | null;
  atEnd: boolean;
}

const TICK_MS = 100;

export class ReplayController {
  readonly replay = true;
  private snapshot: TopSnapshot;
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private playing = false;
  private speedIndex = 0;
  /** Playback position in recorded time, and the wall time it was last advanced at. */
  private virtual = 0;
  private lastTick = 0;
  interval: number;

  constructor(
    readonly cursor: ReplayCursor,
    opts: { speed?: number } = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.interval = cursor.intervalMs;
    if (opts.speed !== undefined) {
      const i = SPEEDS.findIndex((s) => s >= opts.speed!);
      this.speedIndex = i < 0 ? SPEEDS.length - 1 : i;
    }
    this.snapshot = this.build();
  }

  /** The screen's clock is the recorded time of the sample shown. */
  now = (): number => this.cursor.t;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): TopSnapshot => this.snapshot;

  get speed(): number {
    return SPEEDS[this.speedIndex];
  }

  // The live controller's interface: nothing to poll, nothing to send.
  setDemand(_prefix: string | null, _need: Demand): void {}
  setPaused(_paused: boolean): void {}
  setLoglevel(_prefix: string, _level: Loglevel): Promise<string> {
    return Promise.resolve(NOT_IN_REPLAY);
  }
  measureLatency(_prefix: string, _seconds: number): Promise<void> {
    return Promise.resolve();
  }

  stop(): void {
    this.pause();
  }

  /** To the sample at or before `at` (--at); what the position says about it, or null. */
  seek(at: number): string | null {
    const said = this.cursor.seek(at);
    this.virtual = this.cursor.t;
    this.changed();
    return said;
  }

  /** Carries out one replay key; returns what to say on the footer line, or null. */
  apply(o: ReplayOp): string | null {
    let said: string | null = null;
    switch (o.op) {
      case 'toggle':
        if (this.playing) this.pause();
        else said = this.play();
        break;
      case 'step':
        this.pause();
        if (!(o.by > 0 ? this.cursor.stepForward() : this.cursor.stepBack()))
          said = o.by > 0 ? 'end of the recording' : 'start of the recording';
        break;
      case 'jump':
        said = this.cursor.seek(this.cursor.t + o.ms, o.ms > 0);
        this.virtual = this.cursor.t;
        break;
      case 'goto': {
        const at = parseGoto(o.text, this.cursor.t);
        if (typeof at !== 'number') return at.error;
        said = this.cursor.seek(at);
        if (at < this.cursor.source.first)
          said = `the recording starts at ${replayClock(this.cursor.source.first)}`;
        else if (at > this.cursor.source.last)
          said = `the recording ends at ${replayClock(this.cursor.source.last)}`;
        this.virtual = this.cursor.t;
        break;
      }
      case 'speed':
        this.speedIndex = Math.max(0, Math.min(SPEEDS.length - 1, this.speedIndex + (o.faster ? 1 : -1)));
        break;
      case 'edge':
        this.cursor.seek(o.end ? this.cursor.source.last : this.cursor.source.first, false);
        this.virtual = this.cursor.t;
        break;
    }
    this.changed();
    return said;
  }

  private play(): string | null {
    if (this.cursor.atEnd) return 'end of the recording';
    this.playing = true;
    this.virtual = this.cursor.t;
    this.lastTick = this.clock();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    return null;
  }

  private pause(): void {
    this.playing = false;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Exposed for tests: one playback step at the clock's time. */
  tick(): void {
    if (!this.playing) return;
    const wall = this.clock();
    this.virtual += (wall - this.lastTick) * this.speed;
    this.lastTick = wall;
    const before = this.cursor.t;
    this.cursor.advanceTo(this.virtual);
    // a stretch without samples was skipped: play on from the sample after it
    if (this.cursor.t > this.virtual) this.virtual = this.cursor.t;
    if (this.cursor.atEnd) this.pause();
    if (this.cursor.t !== before || !this.playing) this.changed();
  }

  private build(): TopSnapshot {
    const v = this.cursor.view();
    return {
      instances: v.instances,
      replay: {
        t: v.t,
        first: this.cursor.source.first,
        last: this.cursor.source.last,
        playing: this.playing,
        speed: this.speed,
        gap: v.gap,
        atEnd: this.cursor.atEnd,
      },
    };
  }

  private changed(): void {
    this.snapshot = this.build();
    for (const l of this.listeners) l();
  }
}
