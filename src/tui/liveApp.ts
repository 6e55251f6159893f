/**
 * The live monitor: keys change the view state, the view state tells the controller what to poll,
 * and every change of data, view or terminal size draws a frame (at most 8 a second: polls of many
 * instances land close together). Only the lines that changed reach the terminal.
 */
import type { TopSnapshot, TopStore } from './data/controller.js';
import { clip, Pen, type PenMode } from './screen/paint.js';
import { layoutOf, screenLines } from './screen/screen.js';
import { ScreenWriter } from './terminal/writer.js';
import { listenKeys } from './terminal/keys.js';
import { keyToResult, type Effect, type Key } from './state/keymap.js';
import { reduce, type Action, type ViewState } from './state/viewState.js';

export interface LiveAppOptions {
  controller: TopStore;
  initial: ViewState;
  runDir: string;
  profile: string;
  pen: PenMode;
}

export interface LiveTerminal {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

/** Frames are at least this far apart. */
const MIN_FRAME_MS = 125;
/** Polls redraw about once per interval; the clock redraws when nothing else did for this long. */
const CLOCK_MS = 1000;

export class LiveApp {
  private view: ViewState;
  private snapshot: TopSnapshot;
  private readonly writer: ScreenWriter;
  private readonly pen: Pen;
  private pending: NodeJS.Timeout | undefined;
  private lastFrameAt = -Infinity;
  /** The controller's time of the last frame (the clock on screen). */
  private drawnAt: number;
  private demandKey = '';
  private readonly stops: Array<() => void> = [];
  private ended = false;
  private settle!: { resolve: () => void; reject: (e: unknown) => void };
  /** Settles when the user quits (or a signal ends it), rejects if a frame cannot be drawn. */
  readonly finished: Promise<void>;

  constructor(
    private readonly opts: LiveAppOptions,
    private readonly term: LiveTerminal,
  ) {
    this.view = opts.initial;
    this.snapshot = opts.controller.getSnapshot();
    this.writer = new ScreenWriter(term.stdout);
    this.pen = new Pen(opts.pen);
    this.drawnAt = opts.controller.now();
    this.finished = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  start(): this {
    const { controller } = this.opts;
    this.stops.push(
      controller.subscribe(() => {
        this.snapshot = controller.getSnapshot();
        this.request();
      }),
    );
    this.stops.push(listenKeys(this.term.stdin, (input, key) => this.onKey(input, key)));
    const onResize = (): void => {
      this.writer.invalidate();
      this.request();
    };
    this.term.stdout.on('resize', onResize);
    this.stops.push(() => this.term.stdout.off('resize', onResize));
    const clock = setInterval(() => {
      if (controller.now() - this.drawnAt >= CLOCK_MS * 1.5) this.request();
    }, CLOCK_MS);
    this.stops.push(() => clearInterval(clock));
    controller.interval = this.view.intervalMs;
    controller.setPaused(this.view.paused);
    this.draw();
    return this;
  }

  /** Ends the app (q, a signal): no more frames, keys or subscriptions. */
  quit(): void {
    this.end();
    this.settle.resolve();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.pending);
    for (const stop of this.stops.splice(0)) stop();
  }

  private size() {
    return { columns: this.term.stdout.columns || 80, rows: this.term.stdout.rows || 24 };
  }

  /** A frame soon: right away if the last one is old enough, else when it is. */
  private request(): void {
    if (this.pending || this.ended) return;
    const wait = Math.max(0, this.lastFrameAt + MIN_FRAME_MS - performance.now());
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.draw();
    }, wait);
  }

  private draw(): void {
    if (this.ended) return;
    try {
      this.lastFrameAt = performance.now();
      this.drawnAt = this.opts.controller.now();
      const { columns, rows } = this.size();
      const layout = layoutOf(this.snapshot, this.view);
      const props = { snapshot: this.snapshot, view: this.view, columns, rows, now: this.drawnAt };
      const lines = screenLines(
        this.pen,
        { ...props, runDir: this.opts.runDir, profile: this.opts.profile },
        layout,
      );
      this.writer.draw(lines.map((l) => clip(l, columns)));
      this.syncDemand(layout.selection.prefix);
    } catch (e) {
      this.end();
      this.settle.reject(e);
    }
  }

  /** Poll only what the visible view needs, and only for the selected instance. */
  private syncDemand(prefix: string | null): void {
    const key = `${prefix}\0${this.view.view}`;
    if (key === this.demandKey) return;
    this.demandKey = key;
    const v = this.view.view;
    this.opts.controller.setDemand(prefix, {
      conn: v === 'connections',
      snmp: v === 'snmp',
      nic: v === 'nic',
      dpdk: v === 'threads',
    });
  }

  private dispatch(actions: readonly Action[]): void {
    if (!actions.length || this.ended) return;
    const before = this.view;
    this.view = actions.reduce(reduce, this.view);
    const { controller } = this.opts;
    if (this.view.intervalMs !== before.intervalMs) controller.interval = this.view.intervalMs;
    if (this.view.paused !== before.paused) controller.setPaused(this.view.paused);
    this.request();
  }

  private onKey(input: string, key: Key): void {
    const layout = layoutOf(this.snapshot, this.view);
    const ctx = {
      rows: layout.rows.length,
      selectedPrefix: layout.selection.prefix,
      instanceRows: layout.instanceRows,
      keys: layout.keys,
      page: Math.max(1, this.size().rows - 10),
      replay: this.snapshot.replay !== undefined,
    };
    const result = keyToResult(this.view, input, key, ctx);
    this.dispatch(result.actions);
    if (result.effect) this.carryOut(result.effect);
  }

  private carryOut(effect: Effect): void {
    const { controller } = this.opts;
    if (effect.type === 'quit') this.quit();
    else if (effect.type === 'replay') {
      const text = controller.apply?.(effect.op) ?? null;
      this.dispatch([{ type: 'message', text }]);
    } else if (effect.type === 'loglevel') {
      void controller
        .setLoglevel(effect.prefix, effect.level)
        .then((text) => this.dispatch([{ type: 'message', text }]));
    } else void controller.measureLatency(effect.prefix, effect.seconds);
  }
}
