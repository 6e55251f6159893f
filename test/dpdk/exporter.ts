/** The exporter as the DPDK tests run it: no SNMP, connections or latency, on a free loopback port. */
import { startExporter, type ExporterOptions, type RunningExporter } from '../../src/exporter/server.js';

export function dpdkExporter(
  runDir: string,
  dpdk: NonNullable<ExporterOptions['dpdk']>,
  over: Partial<ExporterOptions> = {},
): Promise<RunningExporter> {
  return startExporter({
    runDir,
    prefixes: null,
    timeoutMs: dpdk.timeoutMs,
    snmp: false,
    connections: false,
    latency: false,
    listen: { host: '127.0.0.1', port: 0 },
    version: 'test',
    dpdk,
    ...over,
  });
}
