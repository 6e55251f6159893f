/**
 * `exporter --poll-interval`: the instances are polled on a timer and /metrics answers from the
 * newest complete poll. Every lstack answer is a whole ~3.2 MB struct per stack, so a scrape of 8
 * instances x 8 stacks moves ~400 MB over the control sockets and takes longer than Prometheus
 * expects of a scrape; on a timer the scrape costs only the text, the daemons see one poll per
 * interval however many Prometheus servers scrape, and gazelle_poll_timestamp_seconds says how
 * old the values are.
 */
import type { InstanceReading } from './families.js';
import type { ExporterPoller } from './poll.js';

export interface Poll {
  readings: InstanceReading[];
  /** Wall time the poll took. */
  seconds: number;
  /** When it started (ms since the epoch). */
  at: number;
}

/** One poll of every instance, timed. */
export async function pollAll(poller: ExporterPoller): Promise<Poll> {
  const at = Date.now();
  const t0 = performance.now();
  const readings = await poller.scrape();
  return { readings, seconds: (performance.now() - t0) / 1000, at };
}

export class PollLoop {
  private latest: Promise<Poll>;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly poller: ExporterPoller,
    private readonly intervalMs: number,
    private readonly log: (line: string) => void,
  ) {
    // Scrapes that come before the first poll has finished wait for it.
    this.latest = this.next();
  }

  /** The newest complete poll. */
  current(): Promise<Poll> {
    return this.latest;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Polls now and schedules the following poll an interval after this one started. */
  private next(): Promise<Poll> {
    const started = performance.now();
    const poll = pollAll(this.poller);
    const schedule = (): void => {
      if (this.stopped) return;
      const wait = Math.max(0, this.intervalMs - (performance.now() - started));
      this.timer = setTimeout(() => {
        const p = this.next();
        // A poll replaces the served one only once it is complete; a failed one keeps the last.
        p.then(
          () => (this.latest = p),
          (e: unknown) => this.log(`poll failed: ${e instanceof Error ? e.message : String(e)}`),
        );
      }, wait);
      this.timer.unref();
    };
    poll.then(schedule, schedule);
    return poll;
  }
}
