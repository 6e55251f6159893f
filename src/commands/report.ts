import { Args, Command, Flags } from '@oclif/core';
import { reportFailure } from '../cli/fail.js';
import { NotFoundError, UsageError } from '../errors.js';

export default class Report extends Command {
  static override summary = 'Summarise a recording of `gazellectl record`: peaks, drops, gaps and restarts.';
  static override description = `Reads a recording (one segment file, or the --out directory of \`gazellectl record\`) and prints,
per instance and stack: the time covered, gaps (instance down with its error, or nothing recorded),
restarts, mean and peak rx/tx packets and bytes per second, drops and mbuf allocation failures (total
and the worst second, with its time), the range of the connection count, and loglevel / low-power
changes. Times are UTC. Damaged or torn records are skipped with a note.
--openmetrics writes the samples instead as OpenMetrics text with timestamps, under the exporter's
metric names, for \`promtool tsdb create-blocks-from openmetrics\`.`;
  static override examples = [
    '<%= config.bin %> report /var/log/gazelle/recording',
    '<%= config.bin %> report /var/log/gazelle/recording --from "2026-11-29 03:00" --to "2026-11-29 03:30"',
    '<%= config.bin %> report rec-20261129T031407123Z.gzrec --json',
    '<%= config.bin %> report /var/log/gazelle/recording --openmetrics > rec.om && promtool tsdb create-blocks-from openmetrics rec.om data/',
  ];
  static override args = {
    path: Args.string({ description: 'A recording segment file or directory.', required: true }),
  };
  static override flags = {
    from: Flags.string({ summary: 'Start of the stretch: ISO time (UTC unless zoned) or Unix seconds.' }),
    to: Flags.string({ summary: 'End of the stretch: ISO time (UTC unless zoned) or Unix seconds.' }),
    json: Flags.boolean({ summary: 'Print the summary as JSON.', exclusive: ['openmetrics'] }),
    openmetrics: Flags.boolean({ summary: 'Print the samples as OpenMetrics text with timestamps.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Report);
    const stderr = (t: string) => void process.stderr.write(t);
    try {
      const { parseTime } = await import('../recorder/units.js');
      const range = {
        from: flags.from !== undefined ? parseTime(flags.from, '--from') : undefined,
        to: flags.to !== undefined ? parseTime(flags.to, '--to') : undefined,
      };
      if (range.from !== undefined && range.to !== undefined && range.to < range.from)
        throw new UsageError('--to is before --from');
      const { readRecording, scanRecording } = await import('../recorder/reader.js');
      const notes: string[] = [];
      const note = (n: string): void => void notes.push(n);
      if (flags.openmetrics) {
        const { toOpenMetrics } = await import('../recorder/openmetrics.js');
        process.stdout.write(toOpenMetrics(readRecording(args.path, note, range)));
        for (const n of notes) stderr(`gazellectl report: ${n}\n`);
        return;
      }
      const { formatReport, summarise } = await import('../recorder/report.js');
      const report = summarise(scanRecording(args.path, note, range), notes);
      if (report.samples === 0 && (range.from !== undefined || range.to !== undefined)) {
        const when = (t: number | undefined, open: string) =>
          t === undefined ? open : new Date(t).toISOString();
        throw new NotFoundError(
          `nothing recorded between ${when(range.from, 'the start')} and ${when(range.to, 'the end')} in ${args.path}`,
        );
      }
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    } catch (e) {
      process.exitCode = reportFailure(e, { stdout: stderr, stderr }, { compat: false, usageText: '' });
    }
  }
}
