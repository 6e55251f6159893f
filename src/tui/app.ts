/**
 * Entry of `gazellectl top`, imported lazily by the command. The single exit point: whatever ends
 * the app (q, Ctrl-C, SIGTERM, a crash), the terminal is restored (main screen, cursor, cooked
 * mode) and the pollers stopped.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TopController, type TopSnapshot, type TopSource, type TopStore } from './data/controller.js';
import type { Demand } from './data/poller.js';
import { ReplayController } from './data/replayController.js';
import { ReplayCursor } from '../replay/cursor.js';
import type { ReplaySource } from '../replay/recording.js';
import { LiveApp } from './liveApp.js';
import { Pen, type PenMode } from './screen/paint.js';
import { screenLines } from './screen/screen.js';
import { initialViewState, type ViewName, type ViewState } from './state/viewState.js';

/** What to watch (as the controller's source, from the flags), and how to show it. */
export interface TopOptions extends Omit<TopSource, 'procRoot'> {
  intervalMs: number;
  view: ViewName;
  sort?: string;
  filter?: string;
  /** `--replay`: a recording instead of the run dir, from `at` (ms; default its start). */
  replay?: { source: ReplaySource; at?: number; speed?: number };
}

export interface TopIo {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
}

const processIo = (): TopIo => ({ stdout: process.stdout, stdin: process.stdin, stderr: process.stderr });

const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H\x1b[?25l';
const ALT_SCREEN_OFF = '\x1b[?25h\x1b[?1049l';

/** https://no-color.org: any non-empty NO_COLOR turns colours off (not bold or inverse); a pipe gets no escape. */
const penFor = (out: NodeJS.WriteStream): PenMode =>
  !out.isTTY ? 'plain' : process.env.NO_COLOR ? 'mono' : 'color';

function controllerFor(opts: TopOptions): TopController {
  const { runDir, prefixes, only, arch, cacheLine, timeoutMs, dpdkDirs } = opts;
  return new TopController({ runDir, prefixes, only, arch, cacheLine, timeoutMs, dpdkDirs }, opts.intervalMs);
}

/** The minutes of history the chart shows, live and in replay. */
const HISTORY_MS = 5 * 60_000;

function replayFor(opts: TopOptions): ReplayController | null {
  if (!opts.replay) return null;
  const cursor = new ReplayCursor(opts.replay.source, HISTORY_MS);
  const controller = new ReplayController(cursor, { speed: opts.replay.speed });
  if (opts.replay.at !== undefined) controller.seek(opts.replay.at);
  return controller;
}

/** One frame on stdout (`--once`), live or replayed: what the full screen would show, unfilled. */
function frameText(snapshot: TopSnapshot, view: ViewState, now: number, opts: TopOptions, io: TopIo): string {
  return screenLines(new Pen(penFor(io.stdout)), {
    snapshot,
    view,
    columns: io.stdout.columns || 120,
    rows: io.stdout.rows || 40,
    now,
    runDir: opts.runDir,
    profile: opts.only?.[0] ?? 'auto',
    fill: false,
  })
    .map((l) => l.trimEnd())
    .join('\n');
}

/** What the first frame's view needs polled besides the stacks. */
const demandOf = (view: ViewState): Demand => ({
  conn: view.view === 'connections',
  snmp: view.view === 'snmp',
  nic: view.view === 'nic',
  dpdk: view.view === 'threads',
});

/** A frame of the replay at its starting position (`--replay --once`). */
function renderReplayOnce(controller: ReplayController, opts: TopOptions, io: TopIo): string {
  const view = initialViewState({ ...opts, intervalMs: controller.interval });
  return frameText(controller.getSnapshot(), view, controller.now(), opts, io);
}

/** `--once`: two rounds one interval apart (rates need two samples), then one frame on stdout. */
export async function renderOnce(opts: TopOptions, io: TopIo = processIo()): Promise<string> {
  const replay = replayFor(opts);
  if (replay) return renderReplayOnce(replay, opts, io);
  const controller = controllerFor(opts);
  const view = initialViewState(opts);
  await controller.start(false);
  const first = controller.getSnapshot().instances[0]?.prefix ?? null;
  controller.setDemand(first, demandOf(view));
  await controller.pollAll();
  // the first instance that answered, now that the gone ones are known
  const live = controller.getSnapshot().instances.find((i) => !i.gone)?.prefix ?? first;
  controller.setDemand(live, demandOf(view));
  await sleep(Math.min(opts.intervalMs, 2000));
  await controller.pollAll();
  controller.stop();
  return frameText(controller.getSnapshot(), view, Date.now(), opts, io);
}

/** Signals that end the monitor; it restores the terminal, then exits as a process killed by them would. */
const ENDING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type EndingSignal = (typeof ENDING_SIGNALS)[number];

/** Runs until q (null) or one of ENDING_SIGNALS (returned). */
export async function runMonitor(opts: TopOptions, io: TopIo = processIo()): Promise<EndingSignal | null> {
  const replay = replayFor(opts);
  const live = replay ? null : controllerFor(opts);
  const controller: TopStore & { stop(): void } = replay ?? live!;
  await live?.start(true);
  io.stdout.write(ALT_SCREEN_ON);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    controller.stop();
    io.stdout.write(ALT_SCREEN_OFF);
  };
  const app = new LiveApp(
    {
      controller,
      initial: initialViewState(replay ? { ...opts, intervalMs: replay.interval } : opts),
      runDir: opts.runDir,
      profile: opts.only?.[0] ?? 'auto',
      pen: penFor(io.stdout),
    },
    io,
  );
  let ended: EndingSignal | null = null;
  const onSignal = (signal: EndingSignal): void => {
    ended = signal;
    app.quit();
  };
  for (const s of ENDING_SIGNALS) process.once(s, onSignal);
  process.once('exit', restore);
  try {
    app.start();
    await app.finished;
  } finally {
    app.quit();
    for (const s of ENDING_SIGNALS) process.off(s, onSignal);
    process.off('exit', restore);
    restore();
  }
  return ended;
}
