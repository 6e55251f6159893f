/** `gazellectl record` wired up: the poller source, the writer and the loop. */
import { UsageError } from '../errors.js';
import type { Arch, Wire } from '../protocol/profiles.js';
import { Recorder } from './recorder.js';
import { pollerSource } from './source.js';
import { RecordingWriter } from './writer.js';

export interface RecordOptions {
  out: string;
  runDir: string;
  prefixes: string[] | null;
  /** --profile's wire; absent: each instance in its own era. */
  wire?: Wire;
  arch: string;
  cacheLine?: number;
  timeoutMs: number;
  intervalMs: number;
  snmpEvery: number;
  connEvery: number;
  connTable: boolean;
  maxSize: number;
  retainMs: number;
  keyEvery: number;
  tool: string;
  log: (line: string) => void;
  /** Deflate record bodies (--compress; bench/recorder.bench.ts measures both encodings). */
  deflate?: boolean;
}

export function startRecording(o: RecordOptions): { done: Promise<void>; stop: () => void } {
  let writer: RecordingWriter;
  try {
    writer = new RecordingWriter({
      dir: o.out,
      maxSize: o.maxSize,
      retainMs: o.retainMs,
      keyEvery: o.keyEvery,
      deflate: o.deflate ?? false,
      log: o.log,
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UsageError(
      `cannot use ${o.out} as the recording directory: ${code}`,
      'give --out a directory you can write, in a directory that exists',
    );
  }
  const recorder = new Recorder({
    source: pollerSource({
      runDir: o.runDir,
      prefixes: o.prefixes,
      wire: o.wire,
      arch: o.arch as Arch,
      cacheLine: o.cacheLine,
      timeoutMs: o.timeoutMs,
    }),
    writer,
    tool: o.tool,
    profile: o.wire?.profile.name ?? 'auto',
    arch: o.arch,
    runDir: o.runDir,
    intervalMs: o.intervalMs,
    snmpEvery: o.snmpEvery,
    connEvery: o.connEvery,
    connTable: o.connTable,
  });
  return { done: recorder.run(), stop: () => recorder.stop() };
}
