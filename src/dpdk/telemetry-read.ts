/** Everything `gazellectl dpdk` shows from a primary's telemetry, on ONE connection closed at the end. */
import type { DpdkMempool, DpdkPort, DpdkTelemetry } from './model.js';
import { openTelemetry } from './telemetry-client.js';
import {
  parseCounters,
  parseHeap,
  parseIdList,
  parseLink,
  parseMempool,
  parseNameList,
} from './telemetry-parse.js';

/** Bounds on what a server may make us ask for. */
const MAX_PORTS = 64;
const MAX_MEMPOOLS = 64;
const MAX_HEAPS = 32;

export interface TelemetryReadOptions {
  readonly timeoutMs: number;
  readonly xstats?: boolean;
}

/**
 * Reads in flight, by socket path: a second reader of the same group (two scrapes at once, top and
 * a scrape in one process) shares the first one's answer instead of opening a second connection.
 */
const inFlight = new Map<string, Promise<DpdkTelemetry>>();

export function readTelemetry(path: string, o: TelemetryReadOptions): Promise<DpdkTelemetry> {
  const key = `${path}\0${o.xstats ? 'x' : ''}`;
  let p = inFlight.get(key);
  if (!p) {
    p = readOnce(path, o).finally(() => inFlight.delete(key));
    inFlight.set(key, p);
  }
  return p;
}

async function readOnce(path: string, o: TelemetryReadOptions): Promise<DpdkTelemetry> {
  const c = await openTelemetry(path, o.timeoutMs);
  try {
    const ports: DpdkPort[] = [];
    for (const id of parseIdList(await c.query('/ethdev/list'), MAX_PORTS)) {
      const stats = parseCounters(await c.query(`/ethdev/stats,${id}`));
      const link = parseLink(await c.query(`/ethdev/link_status,${id}`));
      const xstats = o.xstats ? (parseCounters(await c.query(`/ethdev/xstats,${id}`)) ?? {}) : undefined;
      ports.push({ id, link, stats, ...(xstats ? { xstats } : {}) });
    }
    const mempools: DpdkMempool[] = [];
    for (const name of parseNameList(await c.query('/mempool/list'), MAX_MEMPOOLS)) {
      mempools.push(parseMempool(name, await c.query(`/mempool/info,${name}`)));
    }
    const heaps = [];
    for (const id of parseIdList(await c.query('/eal/heap_list'), MAX_HEAPS)) {
      heaps.push(parseHeap(id, await c.query(`/eal/heap_info,${id}`)));
    }
    return { version: c.greeting.version, pid: c.greeting.pid, ports, mempools, heaps };
  } finally {
    c.close();
  }
}
