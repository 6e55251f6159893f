/**
 * A minimal lstack for TUI tests: answers SHOW, SNMP, CONN and LOG_LEVEL_SET on a unix socket, any
 * number of requests per connection (`connections` counts the connections accepted).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { decodeRequest, encodeDfx } from '../../src/protocol/codec.js';
import { wireFor } from '../../src/protocol/profiles.js';
import { tempDir } from '../support/run-dir.js';

export interface FakeLstack {
  runDir: string;
  prefix: string;
  requests: string[];
  loglevel: number;
  /** Added to every counter on each SHOW; set tid to simulate a restart. */
  tick: number;
  tid: number;
  connections: number;
  close(): Promise<void>;
}

const LEVELS: Record<string, number> = { error: 4, info: 7, debug: 8 };

export async function startFakeLstack(stacks = 2, prefix = '07', runDir?: string): Promise<FakeLstack> {
  const wire = wireFor('v1.0.3');
  const own = runDir === undefined ? tempDir('gz-top-') : null;
  const dir = runDir ?? own!.runDir;
  const sockets = new Set<Socket>();
  const state: FakeLstack = {
    runDir: dir,
    prefix,
    requests: [],
    loglevel: 7,
    tick: 0,
    tid: 1000,
    connections: 0,
    // Like a daemon that exits: its connections end too (server.close alone waits for them).
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
      own?.cleanup();
    },
  };
  const answer = (socket: Socket, mode: string): void => {
    if (mode === 'LSTACK_LOG_LEVEL_SET') return;
    for (let i = 0; i < stacks; i++) {
      const header = {
        eof: i === stacks - 1 ? 1 : 0,
        tid: state.tid + i,
        loglevel: state.loglevel,
        stack_id: i,
      };
      const n = BigInt(state.tick);
      const data =
        mode === 'LSTACK_SHOW'
          ? {
              pkts: {
                stack_stat: { rx: 1000n * n * BigInt(i + 1), tx: 500n * n, conn_num: 2, mbuf_pool_cnt: 4000 },
              },
            }
          : mode === 'LSTACK_SHOW_SNMP'
            ? { snmp: { tcp_in_seg: state.tick * 10, ip_in_recv: 0 } }
            : mode === 'LSTACK_SHOW_CONN'
              ? {
                  conn: {
                    total_conn_num: 3,
                    conn_num: 1,
                    conn_list: [
                      {
                        state: 0,
                        tcp_sub_state: 4,
                        lip: { u_addr: { ip4: { addr: 0x0100000a } }, type: 0 },
                        rip: { u_addr: { ip4: { addr: 0x0200000a + (i << 24) } }, type: 0 },
                        l_port: 80,
                        r_port: 40000 + i,
                      },
                    ],
                  },
                }
              : {};
      socket.write(encodeDfx(wire, { ...header, data }));
    }
  };
  const server: Server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    // Like lstack: any number of fixed-size requests on one connection, answered in order.
    let pending = Buffer.alloc(0);
    const size = wire.layouts.request.size;
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (; pending.length >= size; pending = pending.subarray(size)) {
        const req = decodeRequest(wire, pending.subarray(0, size));
        const mode = wire.profile.modes.name(req.stat_mode) ?? `?${req.stat_mode}`;
        state.requests.push(mode);
        if (mode === 'LSTACK_SHOW') state.tick++;
        if (mode === 'LSTACK_LOG_LEVEL_SET') state.loglevel = LEVELS[req.log_level] ?? state.loglevel;
        answer(socket, mode);
      }
    });
  });
  await new Promise<void>((r) => server.listen(`${dir}${prefix}lstack_cmd.sock`, r));
  return state;
}
