/**
 * GAZELLE_STAT_MODE names (without the GAZELLE_STAT_ prefix). The numbers differ per era and live
 * with each era's declarations; commands and the simulator speak in names.
 */
/** ltran's modes from SHOW_INSTANCE to SHOW_CONNTABLE stand in this order in every era. */
export const LTRAN_CORE_MODES = [
  'LTRAN_SHOW_INSTANCE',
  'LTRAN_SHOW_BURST',
  'LTRAN_SHOW_LATENCY',
  'LTRAN_QUIT',
  'LTRAN_START_LATENCY',
  'LTRAN_STOP_LATENCY',
  'LTRAN_LOG_LEVEL_SET',
  'LTRAN_SHOW_SOCKTABLE',
  'LTRAN_SHOW_CONNTABLE',
] as const;

export const MODE_NAMES = [
  'LTRAN_SHOW',
  'LTRAN_SHOW_RATE',
  'LTRAN_SHOW_LB_RATE',
  ...LTRAN_CORE_MODES,
  'LTRAN_SHOW_LSTACK',
  'LSTACK_SHOW_PROTOCOL',
  'LSTACK_SHOW',
  'LSTACK_LOG_LEVEL_SET',
  'LSTACK_SHOW_RATE',
  'LSTACK_SHOW_SNMP',
  'LSTACK_SHOW_VIRTIO',
  'LSTACK_SHOW_CONN',
  'LSTACK_SHOW_LATENCY',
  'LSTACK_LOW_POWER_MDF',
  'LSTACK_SHOW_XSTATS',
  'LSTACK_SHOW_AGGREGATE',
  'LSTACK_SHOW_NIC_FEATURES',
  'LSTACK_SHOW_INTR',
] as const;
export type ModeName = (typeof MODE_NAMES)[number];

/** An era's numbering: names in enum order. Modes the era lacks are simply absent. */
export class ModeTable {
  private readonly byName = new Map<ModeName, number>();
  readonly max: number;
  constructor(readonly order: readonly ModeName[]) {
    order.forEach((name, i) => this.byName.set(name, i));
    this.max = order.length; // GAZELLE_STAT_MODE_MAX
  }
  has(name: ModeName): boolean {
    return this.byName.has(name);
  }
  number(name: ModeName): number {
    const n = this.byName.get(name);
    if (n === undefined) throw new Error(`mode ${name} does not exist in this era`);
    return n;
  }
  name(value: number): ModeName | undefined {
    return this.order[value];
  }
}
