/**
 * Per-second rates of one stack between two samples, from the measured elapsed time. A restarted
 * daemon (new tid, or a counter that went backwards) yields no rates for that interval and says so.
 */
import { looksReset, rate } from './counters.js';
import type { StackSample } from './stackSample.js';

export interface StackRates {
  rxPps: number | null;
  txPps: number | null;
  rxBps: number | null;
  txBps: number | null;
  /** rx_drop + tx_drop per second. */
  dropPs: number | null;
}

export interface StackRow {
  sample: StackSample;
  rates: StackRates;
  /** True on the first interval after a counter reset (daemon restart). */
  reset: boolean;
}

export const NO_RATES: StackRates = { rxPps: null, txPps: null, rxBps: null, txBps: null, dropPs: null };

/** Packet counters only: byte counters also drop to 0 when anyone starts a latency measurement. */
const RESET_FIELDS = ['rx', 'tx', 'rxDrop', 'txDrop'] as const;

const asCounters = (s: StackSample): Record<string, bigint> => ({
  rx: s.rx,
  tx: s.tx,
  rxDrop: s.rxDrop,
  txDrop: s.txDrop,
});

const optionalRate = (a: bigint | undefined, b: bigint | undefined, seconds: number): number | null =>
  a === undefined || b === undefined ? null : rate(a, b, seconds);

export function stackRow(prev: StackSample | undefined, cur: StackSample, seconds: number): StackRow {
  if (!prev) return { sample: cur, rates: NO_RATES, reset: false };
  const reset = prev.tid !== cur.tid || looksReset(asCounters(prev), asCounters(cur), RESET_FIELDS);
  if (reset) return { sample: cur, rates: NO_RATES, reset: true };
  const rxDrop = rate(prev.rxDrop, cur.rxDrop, seconds);
  const txDrop = rate(prev.txDrop, cur.txDrop, seconds);
  return {
    sample: cur,
    reset: false,
    rates: {
      rxPps: rate(prev.rx, cur.rx, seconds),
      txPps: rate(prev.tx, cur.tx, seconds),
      rxBps: optionalRate(prev.rxBytes, cur.rxBytes, seconds),
      txBps: optionalRate(prev.txBytes, cur.txBytes, seconds),
      dropPs: rxDrop === null || txDrop === null ? null : rxDrop + txDrop,
    },
  };
}

/** Sum of the known rates; null only when none of the rows has one. */
export function sumRates(rows: readonly StackRates[]): StackRates {
  const sum = (k: keyof StackRates): number | null => {
    const known = rows.map((r) => r[k]).filter((v): v is number => v !== null);
    return known.length ? known.reduce((a, b) => a + b, 0) : null;
  };
  return {
    rxPps: sum('rxPps'),
    txPps: sum('txPps'),
    rxBps: sum('rxBps'),
    txBps: sum('txBps'),
    dropPs: sum('dropPs'),
  };
}

/** Totals of the gauges and counters shown next to rates in an aggregate row. */
export interface StackTotals {
  allocFail: bigint;
  connNum: number;
  mbufFree: number;
  wakeupEvents: bigint;
}

export function sumTotals(samples: readonly StackSample[]): StackTotals {
  return samples.reduce<StackTotals>(
    (t, s) => ({
      allocFail: t.allocFail + s.allocFail,
      connNum: t.connNum + s.connNum,
      mbufFree: t.mbufFree + s.mbufFree,
      wakeupEvents: t.wakeupEvents + s.wakeupEvents,
    }),
    { allocFail: 0n, connNum: 0, mbufFree: 0, wakeupEvents: 0n },
  );
}
