/**
 * The replay position: the per-instance state at one recorded sample, and the moves over it. Pure
 * over a ReplaySource. A seek decodes from the key sample before the history window (never from the
 * start of the recording) and folds that window, so the chart has its minutes; stepping forward
 * folds one more sample; stepping back is a seek to the sample before.
 */
import type { Item } from '../recorder/reader.js';
import type { RecordingHeader } from '../recorder/sample.js';
import type { InstanceData } from '../tui/state/instanceData.js';
import { ReplayFold, gapThresholdMs, type RecorderGap } from './fold.js';
import type { ReplaySource } from './recording.js';

/** Read this many intervals before the history window, so that its first point has a rate. */
const LEAD_INTERVALS = 2;

export interface ReplayView {
  /** Time of the sample shown (ms). */
  t: number;
  instances: InstanceData[];
  header: RecordingHeader | null;
  /** The recorder gap that ended at this sample, if any. */
  gap: RecorderGap | null;
}

export class ReplayCursor {
  private fold: ReplayFold;
  /** The next items after the position, read lazily. */
  private ahead: Iterator<Item> | null = null;
  private peeked: Item | null = null;

  constructor(
    readonly source: ReplaySource,
    readonly historyMs: number,
  ) {
    this.fold = new ReplayFold(historyMs);
    this.seek(source.first);
  }

  get t(): number {
    return this.fold.t ?? this.source.first;
  }

  get intervalMs(): number {
    return this.fold.header?.intervalMs ?? 1000;
  }

  get atEnd(): boolean {
    return this.peek() === null;
  }

  view(): ReplayView {
    const gap = this.fold.lastGap;
    return {
      t: this.t,
      instances: this.fold.snapshot(),
      header: this.fold.header,
      gap: gap && gap.to === this.t ? gap : null,
    };
  }

  /**
   * To the last sample at or before `at` (clamped to the recording). With `skipGap`, a time inside a
   * stretch without samples goes to the first sample after it instead of showing old values as the
   * state at that time. Returns what the position says about the wanted time, or null.
   */
  seek(at: number, skipGap = true): string | null {
    const target = Math.min(this.source.last, Math.max(this.source.first, at));
    let fold = this.foldWindow(target);
    let said: string | null = null;
    if (fold.t === null || (skipGap && target - fold.t > gapThresholdMs(fold.header?.intervalMs ?? 1000))) {
      const next = this.firstAfter(target);
      if (next !== null) {
        fold = this.foldWindow(next);
        said = `nothing recorded at ${new Date(at).toISOString()}: the first sample after it`;
      }
    }
    this.fold = fold;
    this.ahead = null;
    this.peeked = null;
    return said;
  }

  /** One sample forward (false at the end). */
  stepForward(): boolean {
    for (;;) {
      const item = this.next();
      if (item === null) return false;
      if (item.kind === 'event') this.fold.event(item.event);
      else if (item.kind === 'sample') {
        this.fold.apply(item.sample, item.header);
        return true;
      }
    }
  }

  /** One sample back (false at the start). */
  stepBack(): boolean {
    if (this.t <= this.source.first) return false;
    this.seek(this.t - 1, false);
    return true;
  }

  /**
   * Forward to the last sample at or before `at` (playback). A stretch without samples is not played
   * as time passing: the next sample after it is shown at once, with the gap marked.
   */
  advanceTo(at: number): void {
    for (;;) {
      const next = this.nextTime();
      if (next === null) return;
      if (next > at) {
        if (next - this.t > gapThresholdMs(this.intervalMs)) this.stepForward();
        return;
      }
      this.stepForward();
    }
  }

  /** The time of the next sample, or null at the end. */
  nextTime(): number | null {
    for (;;) {
      const item = this.peek();
      if (item === null) return null;
      if (item.kind === 'sample') return item.sample.t;
      // an event between samples belongs to the next sample
      this.peeked = null;
      if (item.kind === 'event') this.fold.event(item.event);
    }
  }

  private peek(): Item | null {
    this.peeked ??= this.next();
    return this.peeked;
  }

  private next(): Item | null {
    if (this.peeked) {
      const p = this.peeked;
      this.peeked = null;
      return p;
    }
    this.ahead ??= this.source.items(this.t + 1, Infinity)[Symbol.iterator]();
    const r = this.ahead.next();
    return r.done ? null : r.value;
  }

  private foldWindow(at: number): ReplayFold {
    const fold = new ReplayFold(this.historyMs);
    fold.startBulk();
    for (const item of this.source.items(at - this.historyMs - LEAD_INTERVALS * this.intervalMs, at)) {
      if (item.kind === 'event') fold.event(item.event);
      else if (item.kind === 'sample') fold.apply(item.sample, item.header);
    }
    fold.endBulk();
    return fold;
  }

  private firstAfter(at: number): number | null {
    for (const item of this.source.items(at, Infinity)) if (item.kind === 'sample') return item.sample.t;
    return null;
  }
}
