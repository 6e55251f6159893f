/**
 * Polls one instance forever: at most one round in flight, the next round one interval after the
 * previous started, exponential backoff while it fails. Each instance has its own poller, so a
 * slow or dead one never holds up the others or the UI.
 */
import { daemonGone, errorText } from '../../monitor/errorText.js';
import type { InstanceClient } from '../../monitor/instanceClient.js';
import { backoffMs } from '../../monitor/backoff.js';
import { ThreadCpuReader } from '../../monitor/threadCpu.js';
import type { InstanceDpdkReader } from '../../monitor/instanceDpdk.js';
import {
  applyConns,
  applyDpdk,
  applyFailure,
  applyNic,
  applyShow,
  applySnmp,
  applyThreadCpu,
  type InstanceData,
} from '../state/instanceData.js';

/** What the visible view needs beyond stack counters; only ever true for the selected instance. */
export interface Demand {
  conn: boolean;
  snmp: boolean;
  nic: boolean;
  /** The threads view: the instance's DPDK group. */
  dpdk?: boolean;
}

export interface PollerHost {
  now(): number;
  intervalMs(): number;
  historyMs(): number;
  paused(): boolean;
  demand(prefix: string): Demand;
  update(prefix: string, change: (inst: InstanceData) => InstanceData): void;
  /**
   * When the round after one that started at `started` is due (absent: one interval after it).
   * Lets a host keep many pollers on one beat, so that their results arrive together.
   */
  nextRoundAt?(started: number): number;
  /** The round's last update is in (success or failure). */
  roundDone?(prefix: string): void;
}

export class InstancePoller {
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private stopped = false;
  private inFlight = false;
  private failures = 0;

  constructor(
    readonly client: InstanceClient,
    private readonly host: PollerHost,
    private readonly cpu: ThreadCpuReader = new ThreadCpuReader(),
    private readonly dpdk: InstanceDpdkReader | null = null,
  ) {}

  /** A round is running: its results are not all in yet. */
  get busy(): boolean {
    return this.inFlight;
  }

  get prefix(): string {
    return this.client.target.prefix;
  }

  start(): void {
    this.started = true;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.client.close();
  }

  /** Poll as soon as possible (view switched, unpaused), unless a round is already running. */
  poke(): void {
    if (!this.started || this.inFlight || this.stopped) return;
    this.schedule(0);
  }

  /** One round; resolves when it is over. Exposed for `--once` and tests. */
  async round(): Promise<void> {
    const { host, client, prefix } = this;
    this.inFlight = true;
    try {
      const show = await client.show();
      const at = host.now();
      const cpu = await this.cpu.read(
        show.samples.map((s) => s.tid),
        at,
      );
      host.update(prefix, (i) =>
        applyThreadCpu(applyShow(i, show.daemon, show.samples, at, host.historyMs(), show.profile), cpu),
      );
      const need = host.demand(prefix);
      if (need.snmp) {
        const answers = await client.dfxAll('LSTACK_SHOW_SNMP');
        host.update(prefix, (i) => applySnmp(i, answers, host.now()));
      }
      if (need.conn) {
        const answers = await client.dfxAll('LSTACK_SHOW_CONN');
        host.update(prefix, (i) => applyConns(i, answers, host.now()));
      }
      if (need.dpdk && this.dpdk) {
        const fact = {
          unixPrefix: prefix,
          daemon: show.daemon,
          stackTids: show.samples.map((s) => s.tid),
        };
        const dpdk = await this.dpdk.read(fact, host.now());
        host.update(prefix, (i) => applyDpdk(i, dpdk));
      }
      if (need.nic) {
        const xstats = await client.dfxOne('LSTACK_SHOW_XSTATS');
        const features = await client.dfxOne('LSTACK_SHOW_NIC_FEATURES');
        host.update(prefix, (i) => applyNic(i, xstats, features, host.now()));
      }
      this.failures = 0;
    } catch (e) {
      this.failures++;
      client.reset();
      host.update(prefix, (i) => applyFailure(i, errorText(e), host.now(), daemonGone(e)));
    } finally {
      this.inFlight = false;
      host.roundDone?.(prefix);
    }
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const interval = this.host.intervalMs();
    if (this.host.paused()) return this.schedule(interval);
    const started = this.host.now();
    await this.round();
    if (this.stopped) return;
    const next = this.host.nextRoundAt?.(started) ?? started + interval;
    const wait = this.failures ? backoffMs(this.failures, interval) : next - this.host.now();
    this.schedule(Math.max(0, wait));
  }
}
