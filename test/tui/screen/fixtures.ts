/** A fixed TopSnapshot built through the same pure transitions the poller uses. */
import type { TopSnapshot } from '../../../src/tui/data/controller.js';
import {
  applyConns,
  applyFailure,
  applyNic,
  applyShow,
  applySnmp,
  applyThreadCpu,
  latencyFinished,
  latencyStarted,
  newInstance,
} from '../../../src/tui/state/instanceData.js';
import type { StackSample } from '../../../src/stats/stackSample.js';

const sample = (tid: number, stackId: number, n: bigint): StackSample => ({
  tid,
  stackId,
  rx: 1000n * n * BigInt(stackId + 1),
  tx: 400n * n,
  rxDrop: n,
  txDrop: 0n,
  rxBytes: 150_000n * n,
  txBytes: 60_000n * n,
  allocFail: 0n,
  connNum: 10 + stackId,
  mbufFree: 4000,
  wakeupEvents: 77n * n,
  loglevel: 7,
  lowPower: 0,
});

const ip4 = (addr: number) => ({ u_addr: { ip4: { addr } }, type: 0 });
const conn = (r: number, state: number, port: number) => ({
  state: 0,
  tcp_sub_state: state,
  lip: ip4(0x0100000a),
  rip: ip4(0x0000000a + (r << 24)),
  l_port: 80,
  r_port: port,
  recvmbox_cnt: r,
  sendmbox_cnt: 0,
  rcv_wnd: 65535,
  snd_wnd: 29200,
  cwn: 10,
  keepalive: 0,
  fd: 10 + r,
});

/** The fixed snapshot one poll later (t = 6 s): new counters and rates for instance 07. */
export function nextSnapshot(): TopSnapshot {
  const [a, b] = fixedSnapshot().instances;
  const t = 6n * 6n;
  return { instances: [applyShow(a, 'lstack', [sample(4711, 0, t), sample(4712, 1, t)], 6000, 300_000), b] };
}

export function fixedSnapshot(): TopSnapshot {
  let a = newInstance('07');
  for (let t = 1; t <= 5; t++) {
    a = applyShow(
      a,
      'lstack',
      [sample(4711, 0, BigInt(t * t)), sample(4712, 1, BigInt(t * t))],
      t * 1000,
      300_000,
    );
  }
  // stack 0's thread is known to /proc (busy-polling its core), stack 1's is not
  a = applyThreadCpu(a, new Map([[4711, { core: 3, state: 'R', percent: 99.5 }]]));
  a = applySnmp(a, [{ data: { snmp: { tcp_in_seg: 100, ip_inhdr_err: 0 } } }], 4000);
  a = applySnmp(a, [{ data: { snmp: { tcp_in_seg: 150, ip_inhdr_err: 0 } } }], 5000);
  a = applyConns(
    a,
    [
      {
        tid: 4711,
        data: {
          conn: { total_conn_num: 40000, conn_list: [conn(2, 4, 5001), conn(9, 10, 5002), conn(5, 4, 5003)] },
        },
      },
    ],
    5000,
  );
  a = applyNic(
    a,
    {
      data: {
        nic_xstats: { xstats_name: [{ name: 'rx_good_packets' }, { name: 'rx_errors' }], values: [123n, 0n] },
      },
    },
    { data: { nic_features: { tx_offload: 0x8n, rx_offload: 0n } } },
    5000,
  );
  a = latencyStarted(a, 5, 0);
  const stage = { latency_pkts: 4n, latency_total: 40n, latency_min: 2n, latency_max: 30n };
  a = latencyFinished(a, [{ data: { latency: { latency: [stage] } } }]);
  let b = newInstance('08');
  b = applyFailure(b, 'lstack is not running: no socket at /run/08lstack_cmd.sock', 5000);
  return { instances: [a, b] };
}
