/**
 * NIC reports answered with one dfx struct: `-x` xstats (gazelle_print_lstack_xstats),
 * `-k` offload features (gazelle_print_lstack_nic_features), `-v` virtio queues
 * (gazelle_print_lstack_stat_virtio).
 */
import type { Decoded } from '../../protocol/codec.js';
import { LIMITS } from '../../protocol/codec.js';
import { sprintf } from './printf.js';
import type { StepPrinter } from './step-printer.js';
import { NIC_OFFLOADS } from '../../protocol/enums.js';

const BORDER = '########################';

/**
 * bonding.slaves[i] as the C client reads it, including out of range: slaves[-1] is the u16 right
 * before the array (primary_port_id), slaves[32] the one right after (slave_count). Further on the
 * client reads whatever follows in the struct; we print 0 there.
 */
function slaveAt(bonding: Decoded, i: number): number {
  const slaves = bonding.slaves as number[];
  if (i === -1) return bonding.primary_port_id;
  if (i === slaves.length) return bonding.slave_count;
  return slaves[i] ?? 0;
}

function bondingBlock(bonding: Decoded): string {
  let out = '############# NIC bonding mode display #############\n';
  out += `${BORDER}############################\n`;
  out += sprintf('Bonding mode: [%d]\n', bonding.mode);
  out += sprintf('Bonding miimon: [%d]\n', bonding.miimon);
  out += sprintf('Slaves(%d): [', bonding.slave_count);
  for (let i = 0; i < bonding.slave_count - 1; i++) out += sprintf('%d ', slaveAt(bonding, i));
  out += sprintf('%d]\n', slaveAt(bonding, bonding.slave_count - 1));
  out += sprintf('Primary: [%d]\n', bonding.primary_port_id);
  return out;
}

/** xstats; the bonding block exists from 2024-04 on (absent in v1.0.2). */
export const lstackXstats: StepPrinter = {
  struct: (_kind, dfx) => {
    const x = dfx.data.nic_xstats as Decoded;
    let out = sprintf('###### NIC extended statistics for port %-2d #########\n', x.port_id);
    if (x.bonding !== undefined && x.bonding.mode >= 0) out += bondingBlock(x.bonding);
    out += `${BORDER}############################\n`;
    if (x.len === 0 || x.len > LIMITS.xstatsMax) return out + sprintf('xstats item(%d) num error!\n', x.len);
    const names = x.xstats_name as Decoded[];
    const values = x.values as bigint[];
    for (let i = 0; i < names.length; i++) out += sprintf('%s: %lu\n', names[i].name, values[i]);
    return out + `${BORDER}############################\n`;
  },
};

const OFFLOADS = NIC_OFFLOADS;

export const lstackNicFeatures: StepPrinter = {
  struct: (_kind, dfx) => {
    const f = dfx.data.nic_features as Decoded;
    let out = sprintf('###### NIC offload and other features for port %-2d #########\n', f.port_id);
    for (const [label, field, mask] of OFFLOADS)
      out += `${label}: ${(f[field] & mask) !== 0n ? 'on' : 'off'}\n`;
    return out;
  },
};

/**
 * virtio: rx_queue_num rows, unchecked against the 8-entry arrays. The four u64[8] arrays are
 * contiguous, so rx_pkg[8] is rx_drop[0] and so on; past the last array the struct (zeroed by
 * lstack) reads as 0.
 */
export const lstackVirtio: StepPrinter = {
  struct: (_kind, dfx) => {
    const v = dfx.data.virtio as Decoded;
    const flat = [...v.rx_pkg, ...v.rx_drop, ...v.tx_pkg, ...v.tx_drop] as bigint[];
    const at = (i: number): bigint => flat[i] ?? 0n;
    const q = LIMITS.virtioQueues;
    let out = '\nStatistics of lstack virtio:\n';
    out += sprintf(
      '\nlstack_port_id: %u virtio_port_id: %u rx_queue_num: %u tx_queue_num: %u \n',
      v.lstack_port_id,
      v.virtio_port_id,
      v.rx_queue_num,
      v.tx_queue_num,
    );
    out += sprintf('\n%-8s  %-8s  %-8s  %-8s  %-8s\n', 'queue_id', 'rx_pkg', 'rx_drop', 'tx_pkg', 'tx_drop');
    for (let i = 0; i < v.rx_queue_num; i++) {
      out += sprintf('%-8d  %-8lu  %-8lu  %-8lu  %-8lu\n', i, at(i), at(q + i), at(2 * q + i), at(3 * q + i));
    }
    return out + '\n';
  },
};
