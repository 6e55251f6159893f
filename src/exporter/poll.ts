/**
 * What one scrape reads: every selected instance at once, each bounded by a deadline, and never more
 * than one poll in flight per instance. A scrape that arrives while an instance's poll is running
 * (a second Prometheus, a slow daemon) waits for that poll and reuses its result.
 */
import type { ModeName } from '../protocol/modes.js';
import type { Arch, ProfileName } from '../protocol/profiles.js';
import { discoverPrefixes } from '../monitor/discover.js';
import { errorText } from '../monitor/errorText.js';
import { InstanceClient } from '../monitor/instanceClient.js';
import type { InstanceReading } from './families.js';

export interface ExporterSource {
  runDir: string;
  /** Prefixes from -u; null = every instance found in the run dir (looked up on each scrape). */
  prefixes: string[] | null;
  /** --profile NAME; absent: each instance in its own era (monitor/era.ts). */
  only?: readonly ProfileName[];
  arch?: Arch;
  cacheLine?: number;
  /** Per read, and the deadline for polling one instance in one scrape. */
  timeoutMs: number;
  /** LSTACK_SHOW_SNMP on every scrape (one ~3 MB dfx struct per stack). */
  snmp: boolean;
  /** LSTACK_SHOW_CONN on every scrape (one ~3 MB dfx struct per stack): per-state counts. */
  connections: boolean;
  /** LSTACK_SHOW_LATENCY on every scrape (one ~3 MB dfx struct per stack). */
  latency: boolean;
}

export class ExporterPoller {
  private readonly clients = new Map<string, InstanceClient>();
  private readonly inFlight = new Map<string, Promise<InstanceReading>>();
  /** Instances seen in the run dir: one whose socket vanished is a daemon that died, reported down. */
  private readonly known = new Set<string>();
  /** Polls started, per instance (tests check the single-flight rule with it). */
  readonly pollsStarted = new Map<string, number>();

  constructor(
    readonly source: ExporterSource,
    /** Called when an instance goes down or comes back, with a one-line reason. */
    private readonly onChange: (prefix: string, reading: InstanceReading) => void = () => undefined,
  ) {}

  async prefixes(): Promise<string[]> {
    if (this.source.prefixes) return this.source.prefixes;
    for (const p of await discoverPrefixes(this.source.runDir, this.source.only)) this.known.add(p);
    return [...this.known].sort();
  }

  async scrape(): Promise<InstanceReading[]> {
    const prefixes = await this.prefixes();
    return Promise.all(prefixes.map((p) => this.read(p)));
  }

  /** The reading of the poll in flight (or a new one), or "down" once the deadline has passed. */
  read(prefix: string): Promise<InstanceReading> {
    let poll = this.inFlight.get(prefix);
    if (!poll) {
      this.pollsStarted.set(prefix, (this.pollsStarted.get(prefix) ?? 0) + 1);
      poll = this.pollOnce(prefix).finally(() => this.inFlight.delete(prefix));
      this.inFlight.set(prefix, poll);
    }
    return withDeadline(poll, this.source.timeoutMs, () => ({
      prefix,
      up: false,
      error: `no complete answer within ${this.source.timeoutMs} ms`,
    }));
  }

  private lastUp = new Map<string, boolean>();

  /** Closes the kept connections (InstanceClient keeps one per lstack), so the process can exit. */
  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  private async pollOnce(prefix: string): Promise<InstanceReading> {
    let client = this.clients.get(prefix);
    if (!client) {
      const { runDir, timeoutMs, only, arch, cacheLine } = this.source;
      client = new InstanceClient({ runDir, prefix, timeoutMs, only, arch, cacheLine });
      this.clients.set(prefix, client);
    }
    let reading: InstanceReading;
    try {
      reading = await readInstance(client, this.source);
    } catch (e) {
      // The instance may come back as the other daemon (ltran vs lstack): detect again next time.
      client.reset();
      reading = { prefix, up: false, error: errorText(e) };
    }
    if (this.lastUp.get(prefix) !== reading.up) {
      this.lastUp.set(prefix, reading.up);
      this.onChange(prefix, reading);
    }
    return reading;
  }
}

function withDeadline<T>(p: Promise<T>, ms: number, late: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(late()), ms)));
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** One instance, one request after the other (the daemons serve their control socket serially). */
export async function readInstance(client: InstanceClient, source: ExporterSource): Promise<InstanceReading> {
  const show = await client.show();
  const { wire } = client;
  const reading: InstanceReading = {
    prefix: client.target.prefix,
    up: true,
    daemon: show.daemon,
    profile: show.profile,
    stacks: show.samples,
  };
  const has = (mode: ModeName): boolean => wire.profile.modes.has(mode);
  if (source.snmp && has('LSTACK_SHOW_SNMP')) reading.snmp = await client.dfxAll('LSTACK_SHOW_SNMP');
  if (source.connections && has('LSTACK_SHOW_CONN')) reading.conn = await client.dfxAll('LSTACK_SHOW_CONN');
  if (source.latency && has('LSTACK_SHOW_LATENCY'))
    reading.latency = await client.dfxAll('LSTACK_SHOW_LATENCY');
  if (show.daemon === 'ltran') reading.ltranTotal = await client.ltranTotal();
  return reading;
}
