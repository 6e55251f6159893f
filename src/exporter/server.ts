/**
 * The exporter's HTTP side (node:http): GET /metrics polls and answers in the Prometheus text
 * format, GET / is a short pointer page, everything else 404 (405 for other methods).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../errors.js';
import { label } from '../monitor/label.js';
import { expose, loadPromClient } from './expose.js';
import { familiesFor, type InstanceReading } from './families.js';
import type { DpdkExportOptions } from './dpdk.js';
import { ExporterPoller, type ExporterSource } from './poll.js';
import { PollLoop, pollAll } from './poll-loop.js';

export const DEFAULT_LISTEN = '127.0.0.1:9456';

export interface ListenAddress {
  host: string;
  port: number;
}

/** HOST:PORT or [IPv6]:PORT; the host is required, so the exporter listens only where it is told. */
export function parseListen(text: string): ListenAddress {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) {
    throw new UsageError(`invalid --listen '${text}'`, 'give HOST:PORT, e.g. 127.0.0.1:9456 or [::1]:9456');
  }
  return { host: m[1] ?? m[2], port };
}

export interface ExporterOptions extends ExporterSource {
  listen: ListenAddress;
  /** gazellectl's version, for gazelle_build_info. */
  version: string;
  /** Poll on this timer and serve the newest poll (ms); undefined/0: poll on each scrape. */
  pollIntervalMs?: number;
  /** One line per instance state change and per failed request (stderr in the command). */
  log?: (line: string) => void;
  /** --dpdk: also the DPDK groups (src/exporter/dpdk.ts). */
  dpdk?: DpdkExportOptions;
}

export interface RunningExporter {
  readonly url: string;
  readonly address: AddressInfo;
  readonly poller: ExporterPoller;
  close(): Promise<void>;
}

const INDEX = (version: string): string => `<!doctype html>
<html><head><title>gazellectl exporter</title></head>
<body><h1>gazellectl exporter ${version}</h1>
<p>Prometheus metrics of the Gazelle ltran/lstack instances: <a href="/metrics">/metrics</a>.</p>
</body></html>
`;

export async function startExporter(opts: ExporterOptions): Promise<RunningExporter> {
  const prom = await loadPromClient();
  const log = opts.log ?? (() => undefined);
  const poller = new ExporterPoller(opts, (prefix: string, r: InstanceReading) =>
    log(
      r.up
        ? `instance ${label(prefix)} is up (${r.daemon}, ${r.profile})`
        : `instance ${label(prefix)} is down: ${r.error}`,
    ),
  );

  const loop = opts.pollIntervalMs ? new PollLoop(poller, opts.pollIntervalMs, log) : null;

  async function metrics(): Promise<{ contentType: string; body: string }> {
    const dpdk = opts.dpdk ? (await import('./dpdk.js')).startDpdkScrape(opts.dpdk, log) : null;
    const poll = loop ? await loop.current() : await pollAll(poller);
    const families = familiesFor(poll.readings, {
      version: opts.version,
      profile: opts.only?.length === 1 ? opts.only[0] : 'auto',
      scrapeSeconds: poll.seconds,
      pollTime: poll.at / 1000,
    });
    if (dpdk) families.push(...(await dpdk.families(poll.readings)));
    return expose(prom, families);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, req, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD' });
    }
    if (path === '/metrics') {
      const { contentType, body } = await metrics();
      return send(res, req, 200, contentType, body);
    }
    if (path === '/') return send(res, req, 200, 'text/html; charset=utf-8', INDEX(opts.version));
    return send(res, req, 404, 'text/plain; charset=utf-8', 'not found: try /metrics\n');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`internal error serving ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) send(res, req, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new UsageError(
          `cannot listen on ${opts.listen.host}:${opts.listen.port}: ${err.code ?? err.message}`,
          'choose another --listen address or port',
        ),
      ),
    );
    server.listen(opts.listen.port, opts.listen.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    address,
    poller,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        loop?.stop();
        poller.close();
      });
      return closing;
    },
  };
}

function send(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
