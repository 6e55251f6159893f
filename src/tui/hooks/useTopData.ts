/** The controller's snapshot as React state, and the time to show ages and countdowns against. */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { TopSnapshot, TopStore } from '../data/controller.js';

export function useTopData(controller: TopStore): TopSnapshot {
  return useSyncExternalStore(controller.subscribe, controller.getSnapshot);
}

/**
 * The time at this render. Polls already redraw about once per interval, so the clock forces a
 * redraw only when nothing else did for a while (all instances down, paused): every frame costs CPU.
 */
export function useNow(now: () => number, everyMs = 1000): number {
  const [, setTick] = useState(0);
  const rendered = useRef(now());
  rendered.current = now();
  useEffect(() => {
    const timer = setInterval(() => {
      if (now() - rendered.current >= everyMs * 1.5) setTick((t) => t + 1);
    }, everyMs);
    return () => clearInterval(timer);
  }, [now, everyMs]);
  return rendered.current;
}
