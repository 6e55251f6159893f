/**
 * `gazellectl sim --script FILE`: a timeline of incidents, so a recording has something to find.
 * One step per line, times in seconds from the start of the simulator:
 *
 *   10 burst 5 3s            load x5 for 3 s
 *   20 drop 0.3 2s           30% of received packets dropped, mbuf allocations failing, for 2 s
 *   30 restart               the lstack process restarts: every counter from zero
 *   40 down 5s               the daemon closes every connection unanswered for 5 s (lstack only)
 *
 * A step may end with `instance=PREFIX` and/or `stack=N` (default: every instance / stack); `#`
 * starts a comment. Burst and drop act on the traffic model's ticks (so they are exact in the
 * counters whatever the polling); restart and down happen on timers.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { InstanceSpec } from './instance-spec.js';
import type { SimLstackProcess } from './lstack-process.js';
import type { Simulator } from './simulator.js';
import { TrafficModel, type Incident } from './traffic.js';

export type StepAction = 'burst' | 'drop' | 'restart' | 'down';

export interface Step {
  atMs: number;
  action: StepAction;
  /** burst: load factor; drop: share of received packets dropped. */
  value: number;
  forMs: number;
  instance?: string;
  stack?: number;
  line: number;
}

const seconds = (w: string | undefined): number =>
  w !== undefined && /^\d+(\.\d+)?s?$/.test(w) ? Number(w.replace(/s$/, '')) * 1000 : NaN;

export function parseScript(text: string): Step[] {
  const steps: Step[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const words = raw.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    const bad = (why: string): never => {
      throw new UsageError(
        `script line ${line}: ${why}: '${raw.trim()}'`,
        'see `gazellectl sim --help` for the script syntax',
      );
    };
    const opts: Partial<Step> = {};
    while (words.length > 2 && /^(instance|stack)=/.test(words[words.length - 1])) {
      const [k, v] = words.pop()!.split('=');
      if (k === 'instance') opts.instance = v;
      else if (/^\d+$/.test(v)) opts.stack = Number(v);
      else bad('stack=N wants a number');
    }
    const [at, action, ...args] = words;
    const atMs = seconds(at);
    if (!Number.isFinite(atMs)) bad('a step starts with its time in seconds');
    const needs = (n: number): void =>
      void (args.length !== n && bad(`${action} takes ${n} argument${n === 1 ? '' : 's'}`));
    switch (action) {
      case 'burst':
      case 'drop': {
        needs(2);
        const value = Number(args[0]);
        const forMs = seconds(args[1]);
        if (!(value > 0) || (action === 'drop' && value > 1))
          bad(action === 'burst' ? 'the load factor must be > 0' : 'the drop share must be in (0, 1]');
        if (!(forMs > 0)) bad('the duration must be seconds > 0');
        steps.push({ atMs, action, value, forMs, line, ...opts });
        return;
      }
      case 'restart':
        needs(0);
        steps.push({ atMs, action, value: 0, forMs: 0, line, ...opts });
        return;
      case 'down': {
        needs(1);
        const forMs = seconds(args[0]);
        if (!(forMs > 0)) bad('the duration must be seconds > 0');
        steps.push({ atMs, action, value: 0, forMs, line, ...opts });
        return;
      }
      default:
        bad('the action is burst, drop, restart or down');
    }
  });
  return steps;
}

export function readScript(path: string): Step[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read --script ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return parseScript(text);
}

/** What the burst and drop steps do to one tick of one stack at `t` ms after the start. */
export function incidentAt(steps: readonly Step[], t: number, stack: number): Incident | null {
  let inc: Incident | null = null;
  for (const s of steps) {
    if ((s.action !== 'burst' && s.action !== 'drop') || t <= s.atMs || t > s.atMs + s.forMs) continue;
    if (s.stack !== undefined && s.stack !== stack) continue;
    inc ??= { load: 1 };
    if (s.action === 'burst') inc.load *= s.value;
    else {
      inc.dropRate = s.value;
      // The pool runs dry in a drop storm: allocation failures climb with it.
      inc.allocRate = s.value / 100;
    }
  }
  return inc;
}

/** Refuses a step the instances cannot do, so the command can say so before anything listens. */
export function checkScript(
  steps: readonly Step[],
  specs: readonly Pick<InstanceSpec, 'mode' | 'prefix'>[],
): void {
  for (const spec of specs) {
    for (const s of steps) {
      if (s.instance !== undefined && s.instance !== spec.prefix) continue;
      if (s.action === 'down' && spec.mode !== 'lstack')
        throw new UsageError(`script line ${s.line}: down applies to lstack instances only`);
    }
  }
}

/** Starts the timeline on a running simulator; returns a function that cancels what is left. */
export function runScript(
  sim: Simulator,
  steps: readonly Step[],
  clock: () => number = Date.now,
): () => void {
  const start = clock();
  const timers: NodeJS.Timeout[] = [];
  const after = (ms: number, f: () => void): void => void timers.push(setTimeout(f, Math.max(0, ms)));
  checkScript(
    steps,
    sim.instances.map((i) => i.spec),
  );
  for (const inst of sim.instances) {
    const mine = steps.filter((s) => s.instance === undefined || s.instance === inst.spec.prefix);
    const hook = (p: SimLstackProcess) => {
      const ticks = mine.filter((s) => s.action === 'burst' || s.action === 'drop');
      p.traffic.incident = ticks.length
        ? (tickEnd, stack) => incidentAt(ticks, tickEnd - start, stack)
        : null;
    };
    for (const p of inst.processes) {
      hook(p);
      for (const s of mine) {
        if (s.action === 'restart')
          after(s.atMs, () => {
            const now = clock();
            p.traffic = new TrafficModel(p.traffic.cfg, now);
            hook(p);
          });
        if (s.action === 'down') {
          after(s.atMs, () => (p.down = true));
          after(s.atMs + s.forMs, () => (p.down = false));
        }
      }
    }
  }
  return () => timers.forEach(clearTimeout);
}
