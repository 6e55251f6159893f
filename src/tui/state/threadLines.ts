/**
 * The text of the threads view: per DPDK group of the selected instance its head line, one line
 * per stack thread (core, CPU%, state, low power), every other thread of a process folded into
 * one line, then ports and mempools from telemetry. Pure over the instance data.
 */
import { headLine, table, telemetryLines } from '../../dpdk/render.js';
import type { InstanceData } from './instanceData.js';

const pct = (p: number | null): string => (p === null ? '-' : p.toFixed(1));

export function threadLines(inst: InstanceData | null | undefined): string[] {
  if (!inst) return ['no instance selected'];
  const d = inst.dpdk;
  if (!d) return ['reading the DPDK group of this instance ...'];
  const stackOf = new Map(inst.rows.map((r) => [r.sample.tid, r.sample]));
  const out: string[] = [];
  for (const g of d.groups) {
    out.push(headLine(g));
    for (const p of g.processes) {
      const rows = [['STACK', 'TID', 'CORE', 'ALLOWED', 'CPU%', 'ST', 'LP', 'NAME']];
      const others = p.threads.filter((t) => !stackOf.has(t.tid));
      for (const t of p.threads) {
        const s = stackOf.get(t.tid);
        if (!s) continue;
        rows.push([
          String(s.stackId),
          String(t.tid),
          String(t.cpu),
          t.allowed,
          pct(t.cpuPercent),
          t.state,
          s.lowPower ? 'on' : 'off',
          t.name,
        ]);
      }
      out.push(`  ${p.role.toUpperCase()} ${p.pid}`);
      if (rows.length > 1) out.push(...table(rows, '    '));
      if (others.length) {
        const cpu = others.reduce((a, t) => a + (t.cpuPercent ?? 0), 0);
        const cores = [...new Set(others.map((t) => t.cpu))].sort((a, b) => a - b).join(',');
        const names = others.map((t) => t.name).join(', ');
        out.push(
          `    other ${others.length} thread${others.length === 1 ? '' : 's'}: CPU% ${others.some((t) => t.cpuPercent !== null) ? cpu.toFixed(1) : '-'}  cores ${cores}  (${names.length > 80 ? `${names.slice(0, 77)}...` : names})`,
        );
      }
    }
    out.push(...telemetryLines(g));
    for (const n of g.notes) out.push(`  note: ${n}`);
  }
  for (const n of d.notes) out.push(`note: ${n}`);
  return out;
}
