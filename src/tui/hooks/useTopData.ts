/** The controller's snapshot as React state, plus a clock that ticks once a second for ages/countdowns. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { TopController, TopSnapshot } from '../data/controller.js';

export function useTopData(controller: TopController): TopSnapshot {
  return useSyncExternalStore(controller.subscribe, controller.getSnapshot);
}

export function useNow(now: () => number, everyMs = 1000): number {
  const [t, setT] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setT(now()), everyMs);
    return () => clearInterval(timer);
  }, [now, everyMs]);
  return t;
}
