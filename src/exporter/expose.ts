/**
 * Families to the Prometheus text format through prom-client. prom-client's Counter can only be
 * incremented, which is right for a program counting its own events but wrong for proxying a
 * daemon's counters; the exporter pattern is a throwaway "const metric" per scrape (Go's
 * prometheus.MustNewConstMetric). ConstFamily is that: it satisfies the contract the Registry calls
 * (`name`, `get()`), and prom-client does the escaping and formatting.
 */
import type * as PromClient from 'prom-client';
import type { Family } from './families.js';

export type PromModule = typeof PromClient;

/** prom-client is loaded only by the exporter, so other commands never pay for it. */
export const loadPromClient = (): Promise<PromModule> => import('prom-client');

class ConstFamily {
  readonly aggregator = 'sum';
  constructor(private readonly family: Family) {}
  get name(): string {
    return this.family.name;
  }
  get help(): string {
    return this.family.help;
  }
  get type(): string {
    return this.family.type;
  }
  async get(): Promise<{
    name: string;
    help: string;
    type: string;
    aggregator: string;
    values: { labels: Record<string, string>; value: number; metricName?: string }[];
  }> {
    const { name, help, type, samples } = this.family;
    return { name, help, type, aggregator: this.aggregator, values: samples };
  }
  reset(): void {}
}

export interface Exposition {
  contentType: string;
  body: string;
}

export async function expose(prom: PromModule, families: readonly Family[]): Promise<Exposition> {
  const registry = new prom.Registry();
  for (const f of families) registry.registerMetric(new ConstFamily(f) as unknown as PromClient.Metric);
  return { contentType: registry.contentType, body: await registry.metrics() };
}
