import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, Flags } from '@oclif/core';
import { reportFailure } from '../cli/fail.js';
import { connectionFlags } from '../cli/flags.js';
import { loadGazelleConf } from '../config/load.js';
import { UsageError } from '../errors.js';
import { wireFor } from '../protocol/profiles.js';
import { resolveRunDir, validateUnixPrefix } from '../transport/paths.js';

export default class Record extends Command {
  static override summary = 'Flight recorder: keep a compact, crash-safe history of every instance on disk.';
  static override description = `Polls every instance in the run dir (or those given with -u / --config) every --interval and
appends the samples to segment files in --out: stack counters every sample, SNMP every --snmp-every
samples, connection counts per TCP state every --conn-every samples (off by default), ltran bond ports,
loglevel and low-power state, and which instances were down and why. Every record is framed and
checksummed: a crash loses at most the record being written. The directory never holds more than
--max-size; segments older than --retain are removed. A full disk is reported on one line and
recording resumes once there is room. Stops on SIGINT/SIGTERM with the last record complete.
Read a recording with \`gazellectl report\`.`;
  static override examples = [
    '<%= config.bin %> record --out /var/log/gazelle/recording',
    '<%= config.bin %> record --out /tmp/rec --interval 0.5 --max-size 50M --retain 2d',
    '<%= config.bin %> record --out /tmp/rec -u 07 --snmp-every 5 --conn-every 60',
  ];
  static override flags = {
    ...connectionFlags,
    'unix-prefix': Flags.string({
      char: 'u',
      summary: 'unix_prefix of an instance to record (repeatable); default: every instance in the run dir.',
      multiple: true,
      helpGroup: 'CONNECTION',
    }),
    timeout: Flags.integer({
      summary: 'Milliseconds an instance has to answer completely; one that does not is recorded as down.',
      default: 2000,
      min: 1,
      helpGroup: 'CONNECTION',
    }),
    out: Flags.string({
      summary: 'Directory of the recording (created if missing; its parent must exist).',
      required: true,
    }),
    interval: Flags.string({ summary: 'Seconds between samples (0.1 .. 3600).', default: '1' }),
    'snmp-every': Flags.integer({
      summary: 'Record SNMP counters every N samples (0: never).',
      default: 10,
      min: 0,
    }),
    'conn-every': Flags.integer({
      summary:
        'Record connection counts per TCP state every N samples (0: never; each costs ~3 MB per stack).',
      default: 0,
      min: 0,
    }),
    'conn-table': Flags.boolean({ summary: 'With --conn-every, keep the full connection rows too.' }),
    'max-size': Flags.string({
      summary: 'Most bytes the recording may take on disk (K/M/G).',
      default: '200M',
    }),
    retain: Flags.string({
      summary: 'Remove segments older than this (e.g. 12h, 7d; default: by size only).',
    }),
    compress: Flags.boolean({
      summary:
        'Deflate each record: ~15% smaller (bench: 8 x 8 stacks), at more CPU when recording and reading.',
    }),
    'key-every': Flags.integer({
      summary:
        'A self-contained (key) sample every N samples: the seek step and the most a damaged record costs.',
      default: 60,
      min: 1,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Record);
    const stderr = (t: string) => void process.stderr.write(t);
    try {
      const seconds = Number(flags.interval);
      if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 3600)
        throw new UsageError(`invalid --interval '${flags.interval}'`, 'give seconds between 0.1 and 3600');
      const { parseDuration, parseSize } = await import('../recorder/units.js');
      const maxSize = parseSize(flags['max-size'], '--max-size');
      const retainMs = flags.retain ? parseDuration(flags.retain, '--retain') : Infinity;
      // no --profile (or auto): each instance in its own era, as top reads them; a name forces one
      const { detectOptionsFrom } = await import('../discovery/command.js');
      const era = detectOptionsFrom(flags, process.env);
      const runDir = resolveRunDir(flags['run-dir'], process.env);
      const arch = era.arch ?? 'x86_64';
      const wire = era.only ? wireFor(era.only[0], arch, era.cacheLine) : undefined;
      const prefixes =
        flags['unix-prefix']?.map(validateUnixPrefix) ??
        (flags.config !== undefined ? [loadGazelleConf(flags.config).unixPrefix] : null);
      // a bad --out is a usage error (exit 2), said before a missing run dir (exit 3)
      if (!existsSync(flags.out) && !isDir(dirname(flags.out)))
        throw new UsageError(`cannot use ${flags.out} as the recording directory: ENOENT`);
      const { checkRunDir } = await import('../discovery/list.js');
      await checkRunDir(runDir);
      const { startRecording } = await import('../recorder/run.js');
      const rec = startRecording({
        out: flags.out,
        runDir,
        prefixes,
        wire,
        arch,
        cacheLine: era.cacheLine,
        timeoutMs: flags.timeout,
        intervalMs: Math.round(seconds * 1000),
        snmpEvery: flags['snmp-every'],
        connEvery: flags['conn-every'],
        connTable: flags['conn-table'],
        maxSize,
        retainMs,
        keyEvery: flags['key-every'],
        deflate: flags.compress,
        tool: this.config.version,
        log: (line) => stderr(`gazellectl record: ${line}\n`),
      });
      stderr(`gazellectl record: recording ${runDir} into ${flags.out}\n`);
      const stop = (): void => rec.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await rec.done;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    } catch (e) {
      process.exitCode = reportFailure(e, { stdout: stderr, stderr }, { compat: false, usageText: '' });
    }
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
