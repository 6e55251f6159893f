import { CCompatCommand } from '../../cli/c-command.js';

export default class LstackShow extends CCompatCommand {
  static override summary = 'Show lstack statistics of the instance with this IP or PID.';
  static override description = `Same command line as the C gazellectl: gazellectl lstack show {IP | PID} [OPTION [ARG]].
Talks to ltran when ltran_cmd.sock answers, else to lstack_cmd.sock (probe order of the C client).

OPTIONS (one, positional, as in the C tool)
  (none)                     all statistics of every stack thread
  -r, rate                   statistics per second (loops; --count/--interval bound it)
  -s, snmp                   SNMP counters
  -c, connect                connection table
  -l, latency [time]         latency per stage, measured for [time] seconds (1..1800)
  -x, xstats                 NIC extended statistics
  -k, nic-features           NIC offload features
  -a, aggragate [time]       send/recv size aggregation (also: aggregate)
  -p, protocol NAME          UDP | TCP | ICMP | IP | ETHARP counters
  -v, virtio                 virtio_user queue counters
  -I, intr                   interrupt counters`;
  static override examples = [
    '<%= config.bin %> lstack show 192.168.1.10',
    '<%= config.bin %> lstack show 192.168.1.10 -r -u 07',
    '<%= config.bin %> lstack show 4711 -c --json',
    '<%= config.bin %> lstack show 192.168.1.10 latency 5',
    '<%= config.bin %> lstack show 192.168.1.10 -p TCP',
  ];
  protected readonly words = ['lstack', 'show'];
}
