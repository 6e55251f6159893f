/** Every profile and both architectures serve answers that decode with that era's layouts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDfx, decodeLtran } from '../../src/protocol/codec.js';
import { ARCHES, PROFILE_NAMES, type Arch } from '../../src/protocol/profiles.js';
import { latencyStages } from '../../src/sim/dfx-values.js';
import { RawClient, ask, request, withSim, waitFor } from './helpers.js';

for (const profile of PROFILE_NAMES) {
  for (const arch of Object.keys(ARCHES) as Arch[]) {
    test(`${profile} on ${arch}: lstack SHOW, SNMP, CONN, LATENCY and ltran SHOW, LB/INSTANCE decode`, () =>
      withSim(
        {
          profile,
          arch,
          instances: [
            { prefix: 'l_', mode: 'lstack', stacks: 2, clients: 1 },
            { prefix: 't_', mode: 'ltran', stacks: 1, clients: 1 },
          ],
          traffic: { connRate: 10, ipv6Share: 0.5 },
        },
        async (sim, clock) => {
          const { wire } = sim;
          assert.equal(wire.target.cacheLine, ARCHES[arch]);
          assert.ok(sim.socketPaths[0].endsWith(`l_${wire.profile.sockets.lstack}`));
          assert.ok(sim.socketPaths[1].endsWith(`t_${wire.profile.sockets.ltran}`));
          const proc = sim.instances[0].processes[0];
          const dfx = wire.layouts.dfx.size;
          clock.tick(8000);
          await ask(sim.socketPaths[0], request(wire, 'LTRAN_START_LATENCY'), 0);
          await waitFor(() => proc.traffic.measuring);
          clock.tick(1000);
          await ask(sim.socketPaths[0], request(wire, 'LTRAN_STOP_LATENCY'), 0);
          await waitFor(() => !proc.traffic.measuring);

          const show = await ask(sim.socketPaths[0], request(wire, 'LSTACK_SHOW'), 2 * dfx);
          const [a, b] = [0, 1].map((i) => decodeDfx(wire, show, i * dfx, 'LSTACK_SHOW'));
          assert.deepEqual([a.eof, b.eof, a.tid, b.tid, a.loglevel], [0, 1, proc.tids[0], proc.tids[1], 7]);
          const s1 = proc.traffic.stacks[1].counters;
          assert.ok(s1.rx > 0n);
          assert.equal(b.data.pkts.stack_stat.rx, s1.rx);
          assert.equal(b.data.pkts.stack_stat.tx_drop, s1.tx_drop);
          assert.equal(b.data.pkts.wakeup_stat.app_write_cnt, s1.app_write_cnt);
          if (profile === 'v1.0.2') assert.equal(b.stack_id, undefined);
          else assert.equal(b.stack_id, 1);

          const snmp = decodeDfx(
            wire,
            await ask(sim.socketPaths[0], request(wire, 'LSTACK_SHOW_SNMP'), 2 * dfx),
            0,
            'LSTACK_SHOW_SNMP',
          );
          assert.equal(snmp.data.snmp.tcp_out_seg, Number(proc.traffic.stacks[0].snmp.tcp_out_seg));
          // 1.0.2 fills the header's loglevel in SHOW answers only (§11.5.7)
          assert.equal(snmp.loglevel, profile === 'v1.0.2' ? 0 : 7);

          const conn = decodeDfx(
            wire,
            await ask(sim.socketPaths[0], request(wire, 'LSTACK_SHOW_CONN'), 2 * dfx),
            0,
            'LSTACK_SHOW_CONN',
          );
          const model = proc.traffic.stacks[0].conns.list;
          const listed = profile === 'v1.0.2' ? model.filter((c) => c.local.family === 4) : model;
          assert.ok(listed.length >= 2);
          assert.equal(conn.data.conn.conn_num, listed.length);
          assert.equal(conn.data.conn.conn_list[0].l_port, listed[0].localPort);
          if (profile === 'v1.0.2') assert.equal(conn.data.conn.conn_list[0].lip, proc.ipWire);
          else assert.ok(conn.data.conn.conn_list.some((c: { lip: { type: number } }) => c.lip.type === 6));

          const lat = decodeDfx(
            wire,
            await ask(sim.socketPaths[0], request(wire, 'LSTACK_SHOW_LATENCY'), 2 * dfx),
            0,
            'LSTACK_SHOW_LATENCY',
          );
          const stages = latencyStages(profile);
          const readMax = proc.traffic.stacks[0].latency.READ_MAX;
          assert.ok(readMax.pkts > 0n);
          const reported =
            profile === 'v1.0.2'
              ? lat.data.latency.read_latency
              : lat.data.latency.latency[stages.indexOf('READ_MAX')];
          assert.equal(reported.latency_pkts, readMax.pkts);
          assert.equal(reported.latency_max, readMax.max);

          const agg = decodeDfx(
            wire,
            await ask(sim.socketPaths[0], request(wire, 'LSTACK_SHOW_AGGREGATE'), 2 * dfx),
            0,
            'LSTACK_SHOW_AGGREGATE',
          );
          const aggStats = profile === 'v1.0.2' ? agg.data.aggregate_stats : agg.data.pkts.aggregate_stats;
          assert.equal(aggStats.rx_bytes, proc.traffic.stacks[0].aggregate.rx_bytes);

          const total = decodeLtran(
            wire,
            'ltranTotal',
            await ask(sim.socketPaths[1], request(wire, 'LTRAN_SHOW')),
            0,
          );
          assert.equal(total.port_list[0].tx, sim.instances[1].processes[0].traffic.stacks[0].counters.tx);
          const inst = decodeLtran(
            wire,
            'ltranClient',
            await ask(sim.socketPaths[1], request(wire, 'LTRAN_SHOW_INSTANCE')),
            0,
          );
          assert.equal(inst.client_info[0].pid, sim.instances[1].processes[0].pid);
        },
      ));
  }
}

test('v1.0.2: 24-byte requests; modes beyond its 20 get no answer', () =>
  withSim({ profile: 'v1.0.2' }, async (sim) => {
    assert.equal(sim.wire.layouts.request.size, 24);
    const c = await RawClient.connect(sim.socketPaths[0]);
    c.send(request(sim.wire, 'LSTACK_SHOW', { stat_mode: 20 }));
    assert.equal(await c.quietFor(100), 0);
    c.send(request(sim.wire, 'LSTACK_SHOW_XSTATS'));
    const x = decodeDfx(sim.wire, await c.read(sim.wire.layouts.dfx.size), 0, 'LSTACK_SHOW_XSTATS');
    assert.equal(x.data.nic_xstats.xstats_name[0].name, 'rx_good_packets');
    c.close();
  }));
