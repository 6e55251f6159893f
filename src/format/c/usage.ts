/**
 * show_usage() of each era's client, byte for byte (trailing spaces included). The C text says
 * `aggregatin` and omits `-I`; those are the client's, not ours.
 */
import type { ProfileName } from '../../protocol/profiles.js';

/** Tag 1.0.3 / HEAD (fixtures/usage-*). */
const V103 = [
  'Usage: gazellectl [-h | help] ',
  '  or:  gazellectl ltran  {quit | show | set} [LTRAN_OPTIONS] [-u UNIX_PREFIX]',
  '  or:  gazellectl lstack {show | set} ip [LSTACK_OPTIONS] [-u UNIX_PREFIX]',
  '',
  '  quit            ltran process exit ',
  ' ',
  '  where  LTRAN_OPTIONS := ',
  '  show: ',
  '                  show ltran all statistics ',
  '  -r, rate        show ltran statistics per second ',
  '  -i, instance    show ltran instance register info ',
  '  -b, burst       show ltran NIC packet len per second ',
  '  -t, table       {socktable | conntable}  show ltran sock or conn table ',
  '  -l, latency     [time]  show ltran latency ',
  '  set: ',
  '  loglevel        {error | info | debug}  set ltran loglevel ',
  ' ',
  '  where  LSTACK_OPTIONS := ',
  '  show: ',
  '                  show lstack all statistics ',
  '  -r, rate        show lstack statistics per second ',
  '  -s, snmp        show lstack snmp ',
  '  -v, virtio      show rx_pkg/rx_drop/tx_pkg/tx_drop num of virtio ',
  '  -c, connect     show lstack connect ',
  '  -l, latency     [time]   show lstack latency ',
  '  -x, xstats      show lstack xstats ',
  '  -k, nic-features     show state of protocol offload and other features ',
  '  -a, aggregatin  [time]   show lstack send/recv aggregation ',
  '  -p, protocol    {UDP | TCP | ICMP | IP | ETHARP} show lstack protocol statistics ',
  '  set: ',
  '  loglevel        {error | info | debug}  set lstack loglevel ',
  '  lowpower        {0 | 1}  set lowpower enable ',
  '  [time]          measure latency time default 1S, maximum 30mins ',
  '',
];

/**
 * Tag 1.0.2 era: the same text without -v/-k/-p, a " " line after the "or:" lines and no blank line
 * at the end. From the closest available 1.0.2-era source (no recorded usage output exists for it).
 */
const NOT_IN_1_0_2 = /^ {2}-[vkp], /;
const V102 = V103.slice(0, -1)
  .map((line, i) => (i === 3 ? ' ' : line))
  .filter((line) => !NOT_IN_1_0_2.test(line));

/** 2024-09 .. 2025-07: the same text as 1.0.3 (the options -v, -k, -p existed; -I was never listed). */
const USAGE: Record<ProfileName, readonly string[]> = {
  'v1.0.3': V103,
  'v2024.09': V103,
  'v1.0.2': V102,
};

export function usageText(profile: ProfileName): string {
  return USAGE[profile].map((line) => `${line}\n`).join('');
}
