import { CCompatCommand } from '../../cli/c-command.js';

export default class LtranShow extends CCompatCommand {
  static override summary = 'Show ltran statistics.';
  static override description = `Same command line as the C gazellectl: gazellectl ltran show [OPTION [ARG]].

OPTIONS
  (none)                      all statistics of every bond port
  -r, rate                    statistics per second (loops; --count/--interval bound it)
  -i, instance                registered lstack instances
  -b, burst                   NIC receive burst sizes per second (loops)
  -t, table socktable|conntable   ltran's socket or connection table
  -l, latency [time]          ltran latency, measured for [time] seconds (1..1800)`;
  static override examples = [
    '<%= config.bin %> ltran show',
    '<%= config.bin %> ltran show -r --count 5',
    '<%= config.bin %> ltran show -t socktable -u 08',
    '<%= config.bin %> ltran show -i --json',
  ];
  protected readonly words = ['ltran', 'show'];
}
