/**
 * CPU% and core of the stack threads, for `top`: one /proc/<tid>/task/<tid>/stat read per TID per
 * refresh (/proc/<tid>/stat of a thread that is not the leader sums the whole process, so the task
 * file is the one). Parsing is src/dpdk's; this only remembers the previous ticks.
 */
import { cpuPercent, parseTaskStat } from '../dpdk/proc-parse.js';
import { ProcSource } from '../dpdk/proc-source.js';

export interface ThreadCpu {
  /** The CPU it last ran on. */
  readonly core: number;
  /** R, S, D, ... */
  readonly state: string;
  /** 100 = one whole core; null on the first sample of a thread. */
  readonly percent: number | null;
}

export class ThreadCpuReader {
  private prev = new Map<number, { ticks: number; at: number }>();
  /**
   * Threads /proc could not show, not asked for again while the instance keeps the same stack
   * threads: one of another PID namespace never appears, and every failed read throws (an Error
   * with its stack, per stack, per refresh). A new set of threads (a restart) is tried afresh.
   */
  private unreadable = new Set<number>();
  private tidsKey = '';

  constructor(private readonly src: ProcSource = new ProcSource()) {}

  /** Threads that cannot be read (ended, another PID namespace) are left out. */
  async read(tids: readonly number[], nowMs: number): Promise<Map<number, ThreadCpu>> {
    const out = new Map<number, ThreadCpu>();
    const next = new Map<number, { ticks: number; at: number }>();
    const key = tids.join(',');
    if (key !== this.tidsKey) {
      this.tidsKey = key;
      this.unreadable.clear();
    }
    for (const tid of tids) {
      if (!Number.isSafeInteger(tid) || tid <= 0 || next.has(tid) || this.unreadable.has(tid)) continue;
      const text = await this.src.text(this.src.proc(`${tid}/task/${tid}/stat`));
      const st = text === null ? null : parseTaskStat(text);
      if (!st) {
        this.unreadable.add(tid);
        continue;
      }
      const before = this.prev.get(tid);
      next.set(tid, { ticks: st.cpuTicks, at: nowMs });
      out.set(tid, {
        core: st.cpu,
        state: st.state,
        percent: before ? cpuPercent(before.ticks, st.cpuTicks, nowMs - before.at) : null,
      });
    }
    this.prev = next;
    return out;
  }
}
