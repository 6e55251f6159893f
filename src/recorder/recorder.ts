/**
 * The recording loop: poll every instance each interval (SNMP and connections every Nth poll),
 * append the sample, until stop(). A stop during a poll lets that poll finish and be written, so
 * the last record is complete.
 */
import type { RecordingHeader } from './sample.js';
import { PORT_FIELDS, STACK_FIELDS } from './sample.js';
import type { SampleSource } from './source.js';
import type { RecordingWriter } from './writer.js';

export interface RecorderOptions {
  source: SampleSource;
  writer: RecordingWriter;
  tool: string;
  /** --profile, or 'auto' (each instance in its own era). */
  profile: string;
  arch: string;
  runDir: string;
  intervalMs: number;
  /** SNMP every this many samples (0 = never). */
  snmpEvery: number;
  /** Connections every this many samples (0 = never). */
  connEvery: number;
  connTable: boolean;
  now?: () => number;
}

export class Recorder {
  private stopped = false;
  private wake: (() => void) | null = null;
  private n = 0;
  private readonly now: () => number;
  /** The era each instance was last read in: a down instance keeps its era in the header. */
  private readonly eras = new Map<string, string>();

  constructor(private readonly opts: RecorderOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Polls and writes one sample. */
  async sampleOnce(): Promise<void> {
    const { source, writer, snmpEvery, connEvery } = this.opts;
    const n = this.n++;
    const t = this.now();
    const { prefixes, snaps } = await source.poll({
      snmp: snmpEvery > 0 && n % snmpEvery === 0,
      conn: connEvery > 0 && n % connEvery === 0,
      connTable: this.opts.connTable,
    });
    prefixes.forEach((p, i) => {
      const era = snaps[i].profile;
      if (era) this.eras.set(p, era);
    });
    writer.append({ t, instances: snaps }, this.header(prefixes, t));
  }

  header(instances: string[], t: number): RecordingHeader {
    const o = this.opts;
    return {
      format: 'gazellectl-recording',
      formatVersion: 1,
      tool: o.tool,
      profile: o.profile,
      arch: o.arch,
      runDir: o.runDir,
      instances,
      eras: instances.map((p) => this.eras.get(p) ?? null),
      intervalMs: o.intervalMs,
      snmpEvery: o.snmpEvery,
      connEvery: o.connEvery,
      stackFields: STACK_FIELDS,
      snmpFields: o.source.snmpFields,
      portFields: PORT_FIELDS,
      started: t,
    };
  }

  /** Records until stop(); resolves once the last sample is written and the segment closed. */
  async run(): Promise<void> {
    try {
      while (!this.stopped) {
        const started = performance.now();
        await this.sampleOnce();
        const wait = this.opts.intervalMs - (performance.now() - started);
        if (wait > 0 && !this.stopped) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, wait);
            this.wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.wake = null;
        }
      }
    } finally {
      this.opts.writer.close();
      this.opts.source.close();
    }
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }
}
